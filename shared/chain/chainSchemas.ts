/**
 * The shapes the chain helpers produce and take: step cards with their time chips and grounding
 * warnings, chain edits, and step-aligned diffs. Pure zod, browser-safe; the sample view, the edit
 * messages and the diff re-export them.
 */
import { z } from 'zod';

export const Interval = z.object({ start: z.number(), end: z.number() });
export type Interval = z.infer<typeof Interval>;

/** A time reference inside a card's text: a clickable chip. Offsets index the card's `text`. */
export const TimeChip = z.object({
  start: z.number(),
  end: z.number(),
  from: z.number().int().min(0),
  to: z.number().int().min(0),
  text: z.string(),
  kind: z.enum(['point', 'range']),
  /** The text wrote the range backwards ("00:15-00:07"); start/end are already swapped. */
  reversed: z.boolean(),
});
export type TimeChip = z.infer<typeof TimeChip>;

export const GroundingCode = z.enum([
  /** A cited time lies beyond the video's duration. */
  'past-end',
  /** A range written end first. */
  'reversed-interval',
  /** The observation cites no time although its action named one. */
  'observation-without-time',
  /** A cited interval that no caption segment covers. */
  'uncovered-by-captions',
]);
export type GroundingCode = z.infer<typeof GroundingCode>;

export const GroundingWarning = z.object({
  code: GroundingCode,
  message: z.string(),
  /** The offending interval, when there is one. */
  start: z.number().optional(),
  end: z.number().optional(),
});
export type GroundingWarning = z.infer<typeof GroundingWarning>;

export const CardKind = z.enum(['reasoning', 'think', 'action', 'observation', 'answer']);
export type CardKind = z.infer<typeof CardKind>;

/** One card of the chain: a segment of free reasoning, an action, an observation or the answer. */
export const StepCard = z.object({
  /** 0-based among the cards. */
  index: z.number().int().min(0),
  kind: CardKind,
  /** The segment's inner text (tags stripped, not trimmed, so chip offsets stay exact). */
  text: z.string(),
  /** The action/observation pair (ChainStep index) the card belongs to; null for reasoning and answer. */
  step: z.number().int().min(0).nullable(),
  /** For actions: "retrieve segments where …" or "query the segment from T1 to T2"; null when neither. */
  actionKind: z.enum(['retrieve', 'query']).nullable(),
  chips: z.array(TimeChip),
  /** The card's cited intervals, merged and sorted; a point t counts as [t, t]. */
  intervals: z.array(Interval),
  warnings: z.array(GroundingWarning),
  /** False when the segment's closing tag is missing. */
  closed: z.boolean(),
});
export type StepCard = z.infer<typeof StepCard>;

const Card = z.number().int().min(0).max(100_000);
const Seconds = z.number().min(0).max(1e7);
const StepText = z.string().max(200_000);

/**
 * One edit of the shown chain. Cards are the sample view's cards (the chain's segments, in order);
 * chips index a card's time chips.
 */
export const ChainEdit = z.discriminatedUnion('op', [
  /** Replace a card's inner text (tags kept). */
  z.object({ op: z.literal('setText'), card: Card, text: StepText }),
  /** Re-time one citation; written in the chip's own style (clock or seconds, point or range). */
  z.object({ op: z.literal('retime'), card: Card, chip: z.number().int().min(0).max(10_000), start: Seconds, end: Seconds }),
  /** Delete the card's action/observation step (both cards), or the card alone when it is no step. */
  z.object({ op: z.literal('deleteStep'), card: Card }),
  /** Insert a new action/observation step after card `after` (-1: before the first card). */
  z.object({ op: z.literal('insertStep'), after: z.number().int().min(-1).max(100_000), action: StepText, observation: StepText }),
  /** Swap the card's step with the step before (-1) or after (1) it. */
  z.object({ op: z.literal('moveStep'), card: Card, direction: z.union([z.literal(-1), z.literal(1)]) }),
  /** Set the chain's final `<answer>` (added at the end when there is none). */
  z.object({ op: z.literal('setAnswer'), answer: z.string().max(10_000) }),
]);
export type ChainEdit = z.infer<typeof ChainEdit>;

/** The result of a chain edit: the new chain, or why it was refused. */
export type ChainEditResult = { ok: true; chain: string } | { ok: false; reason: string };

/** One side of a diff row: a card of one chain. */
export const DiffSide = z.object({
  card: z.number().int().min(0),
  kind: CardKind,
  text: z.string(),
  intervals: z.array(Interval),
});
export type DiffSide = z.infer<typeof DiffSide>;

/** A run of words in a changed pair: in both, only left (removed) or only right (added). */
export const WordRun = z.object({ value: z.string(), change: z.enum(['same', 'removed', 'added']) });
export type WordRun = z.infer<typeof WordRun>;

export const DiffRowStatus = z.enum(['same', 'changed', 'moved', 'removed', 'added']);
export type DiffRowStatus = z.infer<typeof DiffRowStatus>;

export const DiffRow = z.object({
  status: DiffRowStatus,
  left: DiffSide.nullable(),
  right: DiffSide.nullable(),
  /** 0..1 text-and-time similarity of a paired row; 0 for unpaired ones. */
  similarity: z.number().min(0).max(1),
  /** Word runs of a changed or moved pair; empty otherwise. */
  words: z.array(WordRun),
});
export type DiffRow = z.infer<typeof DiffRow>;

/** A step-aligned diff of two chains: left (e.g. as saved) against right (e.g. edited). */
export const ChainDiff = z.object({
  leftLabel: z.string(),
  rightLabel: z.string(),
  rows: z.array(DiffRow),
  answerLeft: z.string().nullable(),
  answerRight: z.string().nullable(),
});
export type ChainDiff = z.infer<typeof ChainDiff>;

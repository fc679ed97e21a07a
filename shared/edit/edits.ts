/**
 * Inline editing of a record's chain, its review status, the reward delta an unsaved edit makes and
 * the step-aligned diff of two chains. Pure zod, browser-safe: the webview sends `ChainEdit`s, the host
 * applies them through the document's edit log (src/core/edit) and answers with these shapes.
 */
import { z } from 'zod';
import { DELTA_COLUMNS } from '../rewards/rewardColumns';

type DeltaName = (typeof DELTA_COLUMNS)[number]['delta']['name'];
import { CardKind, Interval } from '../sample/sample';

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

/** What the host says about an edit request: applied (the document changed), or refused with the reason. */
export const EditOutcome = z.object({ applied: z.boolean(), reason: z.string().optional() });
export type EditOutcome = z.infer<typeof EditOutcome>;

/** One reward's value before (as saved) and after the unsaved edits; null when unknown. */
export const DeltaRow = z.object({
  /** The catalogue's `delta.name` of the row's column (shared/rewards/rewardColumns.ts). */
  name: z.enum(DELTA_COLUMNS.map((c) => c.delta.name) as [DeltaName, ...DeltaName[]]),
  label: z.string(),
  before: z.number().nullable(),
  after: z.number().nullable(),
});
export type DeltaRow = z.infer<typeof DeltaRow>;

/** The reward delta of a record's unsaved edits (offline checks; judge rows only when asked for). */
export const ScoreDelta = z.object({
  position: z.number().int().min(0),
  completion: z.number().int().min(0),
  /** False when the record has no unsaved edit (rows then compare the record with itself). */
  edited: z.boolean(),
  rows: z.array(DeltaRow),
  /** Format failures after the edit (codes with messages), for the "why" line. */
  formatAfter: z.array(z.string()),
  judged: z.boolean(),
});
export type ScoreDelta = z.infer<typeof ScoreDelta>;

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

/** What a diff request compares the shown chain with. */
export const DiffAgainst = z.discriminatedUnion('kind', [
  /** The record as saved on disk (before this window's unsaved edits). */
  z.object({ kind: z.literal('saved') }),
  /** Another completion of the same record (rollouts). */
  z.object({ kind: z.literal('completion'), completion: z.number().int().min(0).max(10_000) }),
  /** A chain from elsewhere (a model's new run), shown on the right against the shown chain on the left. */
  z.object({ kind: z.literal('chain'), chain: z.string().max(2_000_000), label: z.string().max(200) }),
]);
export type DiffAgainst = z.infer<typeof DiffAgainst>;

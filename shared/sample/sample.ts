/**
 * One record as the sample view shows it: the question with its options and the right answer marked,
 * the chain as step cards with their time chips and grounding warnings, and the caption segments of
 * the video when a caption is known. Built on the host (src/core/sample), validated in the webview.
 */
import { z } from 'zod';
import { ReviewEntry } from '../review/review';
import { AnswerSchema, OptionSchema, StoredRewards } from '../records/datasetRecord';
import { Problem, RecordKind, RecordSummary } from '../records/recordSummary';

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
  'reversed',
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

export const CaptionSegmentSchema = z.object({
  start: z.number(),
  end: z.number(),
  text: z.string(),
  line: z.number().int().min(1),
});
export type CaptionSegmentView = z.infer<typeof CaptionSegmentSchema>;

export const SampleCaptions = z.object({
  segments: z.array(CaptionSegmentSchema),
  /** Where they came from, for the panel's header: "this record" (a caption record) or a caption file's name. */
  origin: z.string(),
});
export type SampleCaptions = z.infer<typeof SampleCaptions>;

export const SampleDetail = z.object({
  summary: RecordSummary,
  kind: RecordKind,
  id: z.string().nullable(),
  /** The question without its inline option lines; null when the record has none. */
  question: z.string().nullable(),
  options: z.array(OptionSchema),
  /** The ground truth as stored. */
  answer: AnswerSchema.nullable(),
  /** The letter of the correct option, when the answer names one of them. */
  correctLetter: z.string().nullable(),
  /** The chain's final `<answer>`, trimmed; null without one. */
  predicted: z.string().nullable(),
  /** Whether `predicted` matches the answer (letter match for multiple choice); null when unknown. */
  correct: z.boolean().nullable(),
  /** Rollouts: which completion the cards show, and how many there are (1 for other kinds). */
  completion: z.number().int().min(0),
  completions: z.number().int().min(0),
  rewards: StoredRewards.nullable(),
  cards: z.array(StepCard),
  captions: SampleCaptions.nullable(),
  /** Seconds: from the record, else from the probed video; null when neither is known yet. */
  duration: z.number().nullable(),
  problems: z.array(Problem),
  unknownFields: z.array(z.string()),
  /** The record has unsaved edits (the cards show the edited chain). */
  edited: z.boolean().default(false),
  /** The record's review status from `<file>.review.jsonl`; null when never marked. */
  review: ReviewEntry.nullable().default(null),
});
export type SampleDetail = z.infer<typeof SampleDetail>;

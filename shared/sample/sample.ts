/**
 * One record as the sample view shows it: the question with its options and the right answer marked,
 * the chain as step cards with their time chips and grounding warnings, and the caption segments of
 * the video when a caption is known. Built on the host (src/core/sample), validated in the webview.
 */
import { z } from 'zod';
import { ReviewEntry } from '../review/review';
import { AnswerSchema, OptionSchema, StoredRewards } from '../records/datasetRecord';
import { Problem, RecordKind, RecordSummary } from '../records/recordSummary';
import { StepCard } from '../chain/chainSchemas';

export { CardKind, GroundingCode, GroundingWarning, Interval, StepCard, TimeChip } from '../chain/chainSchemas';

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

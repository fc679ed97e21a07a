/**
 * A record as the Inspector understands it, whatever the file's key names: the zod schemas of the
 * record kinds after field mapping. The raw JSON stays on disk untouched; unknown keys are listed so
 * the UI can show them.
 */
import { z } from 'zod';
import { FieldMapping } from './fieldMapping';
import { RecordKind } from './recordSummary';
import { StoredRewards } from '../rewards/storedRewards';

export { StoredRewards };

export const OptionSchema = z.object({ letter: z.string(), text: z.string() });

export const AnswerSchema = z.object({ letter: z.string().optional(), text: z.string().optional() });

export const QuestionType = z.enum(['multiple-choice', 'open-ended']);
export type QuestionType = z.infer<typeof QuestionType>;

export const Completion = z.object({ text: z.string(), rewards: StoredRewards });
export type Completion = z.infer<typeof Completion>;

const Common = {
  id: z.string().nullable(),
  video: z.string().nullable(),
  source: z.string().nullable(),
  duration: z.number().nullable(),
  /** The mapping used to read this record. */
  fields: FieldMapping,
  /** Top-level keys no role claimed: kept in the file, shown in the UI. */
  unknownFields: z.array(z.string()),
};

const Question = {
  question: z.string(),
  questionType: QuestionType,
  category: z.string().nullable(),
  options: z.array(OptionSchema),
  answer: AnswerSchema.nullable(),
};

export const CaptionRecord = z.object({ kind: z.literal('caption'), ...Common, caption: z.string() });
export const QaRecord = z.object({ kind: z.literal('qa'), ...Common, ...Question });
export const CotRecord = z.object({ kind: z.literal('cot'), ...Common, ...Question, chain: z.string(), rewards: StoredRewards });
/** One prompt's group of G completions, or one completion of a group (then `completions` has one entry). */
export const RolloutRecord = z.object({
  kind: z.literal('rollout'),
  ...Common,
  ...Question,
  question: z.string().nullable(),
  promptId: z.string().nullable(),
  completions: z.array(Completion),
  rewards: StoredRewards,
});
export const UnknownRecord = z.object({ kind: z.literal('unknown'), ...Common });

export const DatasetRecord = z.discriminatedUnion('kind', [CaptionRecord, QaRecord, CotRecord, RolloutRecord, UnknownRecord]);
export type DatasetRecord = z.infer<typeof DatasetRecord>;
export type CotRecord = z.infer<typeof CotRecord>;
export type RolloutRecord = z.infer<typeof RolloutRecord>;

// Compile-time check that the union covers every kind.
const kinds: Record<RecordKind, true> = { caption: true, qa: true, cot: true, rollout: true, unknown: true };
void kinds;

/** The peers' published layouts, used to recognise their files (keys are known for them). */
export const VideoR1Raw = z.looseObject({
  problem: z.string(),
  problem_type: z.string(),
  solution: z.string(),
  path: z.string().optional(),
  process: z.string().optional(),
  options: z.array(z.string()).optional(),
  data_source: z.string().optional(),
});
export const LongVideoReasonRaw = z.looseObject({
  videos: z.union([z.string(), z.array(z.string())]),
  problem: z.string(),
  reasoning: z.string().optional(),
  answer: z.string(),
});

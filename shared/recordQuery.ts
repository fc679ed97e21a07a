/** How the UI (and the CLI) asks the index for records: filter, sort, page. Validated at the boundary. */
import { z } from 'zod';
import { QuestionType } from './datasetRecord';
import { RecordKind, RecordSummary } from './records';

export const RecordFilter = z.object({
  kinds: z.array(RecordKind).max(10).optional(),
  questionTypes: z.array(QuestionType).max(2).optional(),
  categories: z.array(z.string().max(200)).max(100).optional(),
  minProblems: z.number().int().min(0).optional(),
  maxProblems: z.number().int().min(0).optional(),
  rewardMin: z.number().optional(),
  rewardMax: z.number().optional(),
  hasVideo: z.boolean().optional(),
  /** Exact record ids ("go to id"). */
  ids: z.array(z.string().max(2000)).max(100).optional(),
  /** Exact video paths as stored (a caption file's entries for one video). */
  videos: z.array(z.string().max(4000)).max(100).optional(),
  malformed: z.boolean().optional(),
  /** Whether the chain's answer matches the stored one (records where that is unknown never match). */
  correct: z.boolean().optional(),
  /** Words to find in the question or the chain (all of them; the last may be a prefix). */
  text: z.string().max(500).optional(),
});
export type RecordFilter = z.infer<typeof RecordFilter>;

export const SortKey = z.enum(['position', 'id', 'kind', 'reward', 'advantage', 'problems', 'steps', 'citedEnd', 'category', 'correct', 'questionType']);
export type SortKey = z.infer<typeof SortKey>;

export const RecordQuery = z.object({
  filter: RecordFilter.default({}),
  sort: z.object({ by: SortKey, descending: z.boolean().default(false) }).default({ by: 'position', descending: false }),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type RecordQuery = z.input<typeof RecordQuery>;

export const QueryResult = z.object({
  /** Records matching the filter (all pages). */
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
  records: z.array(RecordSummary),
});
export type QueryResult = z.infer<typeof QueryResult>;

export const CountColumn = z.enum(['kind', 'questionType', 'category', 'source', 'steps', 'problems']);
export type CountColumn = z.infer<typeof CountColumn>;
export const ValueCount = z.object({ value: z.union([z.string(), z.number()]).nullable(), count: z.number().int().min(0) });
export type ValueCount = z.infer<typeof ValueCount>;

export const HistogramColumn = z.enum(['reward', 'advantage', 'steps', 'problems', 'citedEnd']);
export type HistogramColumn = z.infer<typeof HistogramColumn>;
export const Histogram = z.object({
  column: HistogramColumn,
  /** Records with a value in this column (nulls are not binned). */
  count: z.number().int().min(0),
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  bins: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int().min(0) })),
});
export type Histogram = z.infer<typeof Histogram>;

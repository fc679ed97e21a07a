/** How the UI (and the CLI) asks the index for records: filter, sort, page. Validated at the boundary. */
import { z } from 'zod';
import { QuestionType } from '../records/datasetRecord';
import { RecordKind, RecordSummary } from '../records/recordSummary';

import { NumericColumn } from '../rewards/rewardColumns';

export { NumericColumn };

/** `min ≤ column < max` (or `≤ max` when `includeMax`): a histogram bar or a scatter cell clicked. */
export const ColumnRange = z.object({
  column: NumericColumn,
  min: z.number().optional(),
  max: z.number().optional(),
  includeMax: z.boolean().default(true),
});
export type ColumnRange = z.infer<typeof ColumnRange>;

export const RecordFilter = z.object({
  kinds: z.array(RecordKind).max(10).optional(),
  questionTypes: z.array(QuestionType).max(2).optional(),
  categories: z.array(z.string().max(200)).max(100).optional(),
  /** Records holding a problem with one of these codes (shared/problems/problemCodes.ts), whatever its severity. */
  problemCodes: z.array(z.string().max(100)).max(50).optional(),
  /** Counted problems (the ⚠ column: hints and codes turned off do not count). */
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
  /** Numeric ranges, all of which must hold (nulls never match). */
  ranges: z.array(ColumnRange).max(8).optional(),
  /** Rollouts of these prompts (a GRPO group). */
  promptIds: z.array(z.string().max(2000)).max(100).optional(),
  /** Words to find in the question or the chain (all of them; the last may be a prefix). */
  text: z.string().max(500).optional(),
});
export type RecordFilter = z.infer<typeof RecordFilter>;

export const SortKey = z.enum(['position', 'id', 'kind', 'category', 'questionType', ...NumericColumn.options]);
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

/**
 * `problemCode`: records per problem code (a record counts once per code it holds). `listedKind`: the
 * kind as the list's Kind column shows it, "malformed" for a malformed record whatever its kind (the
 * kind filter's menu counts these, so its numbers match the rows).
 */
export const CountColumn = z.enum(['kind', 'listedKind', 'questionType', 'category', 'source', 'steps', 'problems', 'problemCode']);
export type CountColumn = z.infer<typeof CountColumn>;
export const ValueCount = z.object({ value: z.union([z.string(), z.number()]).nullable(), count: z.number().int().min(0) });
export type ValueCount = z.infer<typeof ValueCount>;

export const HistogramColumn = NumericColumn;
export type HistogramColumn = NumericColumn;
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

/** A 2-D histogram (the obs-vs-rea scatter): equal-width cells, empty cells left out. */
export const Scatter = z.object({
  x: NumericColumn,
  y: NumericColumn,
  /** Records with both values. */
  count: z.number().int().min(0),
  xMin: z.number().nullable(),
  xMax: z.number().nullable(),
  yMin: z.number().nullable(),
  yMax: z.number().nullable(),
  cells: z.array(z.object({ xFrom: z.number(), xTo: z.number(), yFrom: z.number(), yTo: z.number(), count: z.number().int().min(1) })),
});
export type Scatter = z.infer<typeof Scatter>;

/** Mean of a numeric column per value of a grouping column (reward by question type). */
export const GroupMean = z.object({ value: z.string().nullable(), count: z.number().int().min(0), mean: z.number().nullable() });
export type GroupMean = z.infer<typeof GroupMean>;

import { z } from 'zod';
import { COLUMN_SHAPE, COLUMNS, type ColumnValues } from '../rewards/rewardColumns';

/** What kind of ReWatch record a line holds, as far as a quick look can tell. */
export const RecordKind = z.enum(['cot', 'qa', 'caption', 'rollout', 'unknown']);
export type RecordKind = z.infer<typeof RecordKind>;

/** A problem's severity as found (the catalogue's default for its code, `shared/problems/problemCodes.ts`). */
export const Severity = z.enum(['error', 'warning', 'information', 'hint']);
export type Severity = z.infer<typeof Severity>;

/**
 * A problem found in the file; positions are 1-based like an editor's (columns in UTF-16 units), byte
 * ranges 0-based. The range is the offending span: [line:column, endLine:endColumn).
 */
export const Problem = z.object({
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  endLine: z.number().int().min(1),
  endColumn: z.number().int().min(1),
  byteOffset: z.number().int().min(0),
  byteLength: z.number().int().min(0),
  severity: Severity,
  code: z.string(),
  message: z.string(),
  /** Position of the record the problem belongs to; absent for problems between records (blank lines). */
  position: z.number().int().min(0).optional(),
});
export type Problem = z.infer<typeof Problem>;

/** One record's place in the file and the fields the list sorts, filters and shows. The record itself stays on disk. */
export const RecordSummary = z.object({
  /** 0-based position of the record among the file's records (malformed ones included). */
  position: z.number().int().min(0),
  line: z.number().int().min(1),
  byteOffset: z.number().int().min(0),
  byteLength: z.number().int().min(0),
  kind: RecordKind,
  id: z.string().nullable(),
  video: z.string().nullable(),
  source: z.string().nullable(),
  question: z.string().nullable(),
  answer: z.string().nullable(),
  questionType: z.enum(['multiple-choice', 'open-ended']).nullable(),
  category: z.string().nullable(),
  /** Earliest second the chain cites; null when it cites none (the latest is the `citedEnd` column). */
  citedStart: z.number().nullable(),
  promptId: z.string().nullable(),
  /** The numbers of the reward-column catalogue: logged rewards, offline and judged ones, counts. */
  ...COLUMN_SHAPE,
  /** True when the record could not be parsed; its problems say why. */
  malformed: z.boolean(),
});
export type RecordSummary = z.infer<typeof RecordSummary>;

export const IndexProgress = z.object({
  records: z.number().int().min(0),
  malformed: z.number().int().min(0),
  bytesRead: z.number().int().min(0),
  totalBytes: z.number().int().min(0),
  /** Every record is indexed: lists, filters, sorts and counts are final. */
  done: z.boolean(),
  /** Full-text search is built too (it follows the records, so it may lag behind `done`). */
  searchReady: z.boolean(),
  /** Why this index has no full-text search at all (the host's SQLite lacks FTS5); search stays off. */
  searchUnavailable: z.string().optional(),
  cancelled: z.boolean(),
  /** Set when indexing stopped on an error (the file vanished, a read failed). */
  error: z.string().optional(),
});
export type IndexProgress = z.infer<typeof IndexProgress>;

/** Every catalogue column empty: nothing logged, nothing scored, no steps or problems counted. */
export const EMPTY_COLUMNS: ColumnValues = Object.fromEntries(COLUMNS.map((c) => [c.key, 'required' in c && c.required ? 0 : null])) as ColumnValues;

import type { ColumnWrites } from '../../../shared/rewards/rewardColumns';
import type { Problem, RecordSummary } from '../../../shared/records/recordSummary';
import type {
  CountColumn,
  GroupMean,
  Histogram,
  NumericColumn,
  QueryResult,
  RecordFilter,
  RecordQuery,
  Scatter,
  ValueCount,
} from '../../../shared/list/recordQuery';

/** One transaction's worth of index rows. */
export interface IndexBatch {
  records: RecordSummary[];
  problems: Problem[];
}

/** A record a save rewrote: its row analyzed at the new offset, and where it sat before. */
export interface SavedRecord {
  summary: RecordSummary;
  problems: Problem[];
  oldByteOffset: number;
  oldByteLength: number;
  /** Lines the record gained (a pretty-printed JSON array element can change height). */
  lineDelta: number;
}

/** Facts about the index itself, kept beside it: what file state it describes and whether it is whole. */
export type IndexMeta = Record<string, string>;

/**
 * The index of one dataset file. The engine talks to this interface only, so the SQLite driver
 * (better-sqlite3 today) can be swapped for `node:sqlite` where the host has it.
 */
export interface RecordStore {
  /** Appends a batch atomically: the readers see all of it or none. */
  append(batch: IndexBatch): void;
  /** Builds the secondary indexes and records `meta` (with `complete`) in one step. */
  finish(meta: IndexMeta): void;
  setMeta(meta: IndexMeta): void;
  /** Moves the records (and their problems) at positions [from, to) by `delta`: parallel parsing's final numbering. */
  shiftPositions(from: number, to: number, delta: number): void;
  /** Makes the full-text shards searchable through `query({ filter: { text } })`. */
  attachSearch(shardPaths: readonly string[]): void;
  meta(): IndexMeta;
  /** Records by position, `start` included, in file order. */
  page(start: number, limit: number): RecordSummary[];
  recordAt(position: number): RecordSummary | undefined;
  query(query: RecordQuery): QueryResult;
  /** Where the record at `position` sits in `query`'s filtered, sorted order (0-based); null when filtered out. */
  rankOf(query: RecordQuery, position: number): number | null;
  count(): number;
  malformedCount(): number;
  /** The file's problems in file order, those with a code in `skipCodes` left out. */
  problems(limit: number, offset?: number, skipCodes?: readonly string[]): Problem[];
  problemCount(): number;
  problemsOf(position: number): Problem[];
  /** How many records hold each value of a column (most frequent first), within an optional filter. */
  countsBy(column: CountColumn, limit?: number, filter?: RecordFilter): ValueCount[];
  /** Equal-width bins between the column's min and max; nulls are not binned. */
  histogram(column: NumericColumn, bins: number, filter?: RecordFilter): Histogram;
  /** A 2-D histogram of two columns (records with both values). */
  scatter(x: NumericColumn, y: NumericColumn, bins: number, filter?: RecordFilter): Scatter;
  /** Mean of `column` per category or question type. */
  meanBy(by: 'category' | 'questionType', column: NumericColumn, filter?: RecordFilter): GroupMean[];
  /** Catalogue columns filled after indexing (the scoring pass, a judge run); keys left out keep their values. */
  updateColumns(updates: readonly ColumnUpdate[]): void;
  /** Sets each record's problem count to its problems whose codes are not `uncounted` (hints, codes turned off). */
  recountProblems(uncounted: readonly string[]): void;
  /** Replaces one record's problems and its count (analyzed again with more context). */
  replaceProblems(position: number, problems: readonly Problem[], counted: number): void;
  /** Recomputes GRPO advantages over prompt-id groups of records, in SQL. */
  computeGroupAdvantages(epsilon: number, tolerance: number): void;
  /** Records sharing a prompt id, in file order. */
  groupMembers(promptId: string, limit: number): RecordSummary[];
  close(): void;
}

/** New values of some catalogue columns of one record. */
export interface ColumnUpdate {
  position: number;
  values: ColumnWrites;
}

export interface StoreOptions {
  /** Open an existing index to read while another connection (the indexing worker) writes. */
  readonly?: boolean;
  /** Told once when SQLite finds the index file damaged (the failing call still throws). */
  onCorrupt?: (error: Error) => void;
}

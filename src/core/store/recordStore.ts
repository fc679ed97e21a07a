import type { Problem, RecordSummary } from '../../../shared/records';

/**
 * The index of one dataset file. The engine talks to this interface only, so the SQLite driver
 * (better-sqlite3 today) can be swapped for `node:sqlite` where the host has it.
 */
export interface RecordStore {
  /** Appends a batch atomically: the readers see all of it or none. */
  append(records: readonly RecordSummary[], problems: readonly Problem[]): void;
  /** Records by position, `start` included, in file order. */
  page(start: number, limit: number): RecordSummary[];
  count(): number;
  malformedCount(): number;
  problems(limit: number): Problem[];
  close(): void;
}

export interface StoreOptions {
  /** Open an existing index to read while another connection (the indexing worker) writes. */
  readonly?: boolean;
}

import type { FileProfile, Sidecar } from '../../../shared/records/fieldMapping';
import type { IndexProgress } from '../../../shared/records/recordSummary';
import type { FileFormat } from '../reader/detectFormat';
import type { IndexBatch, IndexMeta } from '../store/recordStore';

/** What the writer worker (owner of the SQLite index) is given. */
export interface IndexWorkerInput {
  filePath: string;
  dbPath: string;
  format: FileFormat;
  sidecar: Sidecar;
  /** Written into the index's meta table (the cache key). */
  meta: IndexMeta;
  chunkSize?: number;
  /** Parse threads; 1 parses in the writer thread itself. JSON arrays always use one. */
  parseThreads: number;
  /** Files smaller than this get one parse thread (splitting costs more than it saves). */
  minSplitBytes: number;
  /** Records longer than this are problems, not read. */
  maxRecordBytes: number;
  /** One Int32: the host sets it to 1 to stop at the next chunk. */
  stopFlag: SharedArrayBuffer;
}

export type IndexWorkerMessage = { type: 'ready'; profile: FileProfile } | { type: 'progress'; progress: IndexProgress } | { type: 'error'; message: string };

/** What a parse worker is given: its slice of the file and its own full-text shard to build. */
export interface ParseWorkerInput {
  filePath: string;
  format: FileFormat;
  profile: FileProfile;
  /** The slice; its first line number is counted by the worker itself (so the first slice starts at once). */
  range: { start: number; end: number } | undefined;
  /** Where to build the range's full-text shard; undefined when this SQLite has no FTS5. */
  shardPath: string | undefined;
  chunkSize?: number;
  maxRecordBytes: number;
  stopFlag: SharedArrayBuffer;
  /** One Int32: batches posted but not yet written; the parser waits while it is high (bounded memory). */
  pending: SharedArrayBuffer;
}

export type ParseWorkerMessage =
  | { type: 'batch'; batch: IndexBatch; progress: IndexProgress }
  /** The records of the range are all sent. */
  | { type: 'records'; progress: IndexProgress }
  | { type: 'search'; bytesRead: number }
  /** The range's search shard is built (or `completed: false` when stopped). */
  | { type: 'searchDone'; completed: boolean }
  | { type: 'error'; message: string };

/** Batches in flight between a parser and the writer before the parser waits. */
export const MAX_PENDING_BATCHES = 4;

export const searchShardPath = (dbPath: string, shard: number): string => `${dbPath}.search${shard}`;

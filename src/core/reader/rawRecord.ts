/** The bytes of one record as the scanners find them, before decoding or parsing. */
export interface RawRecord {
  /** 1-based line of the record's first byte. */
  line: number;
  /** 1-based column (in bytes) of the record's first byte on that line. */
  column: number;
  byteOffset: number;
  /** The record's bytes, line ending excluded (empty when `oversize`). Valid only during the callback. */
  bytes: Buffer;
  /** Set when the record is longer than the scan's `maxRecordBytes`: its real length; its bytes were not kept. */
  oversize?: number;
}

/** Something wrong with the file's structure rather than with one record (a JSON array never closed…). */
export interface StructureProblem {
  line: number;
  column: number;
  byteOffset: number;
  byteLength: number;
  code: string;
  message: string;
}

/** Called for each record; return `false` to stop scanning. */
export type RecordSink = (record: RawRecord) => void | boolean;

export interface ScanOptions {
  /** Bytes read per `read()`; large enough to amortise syscalls, small enough to stay flat in memory. */
  chunkSize?: number;
  /** Polled between chunks: true stops the scan (cancellation). */
  shouldStop?: () => boolean;
  /** Called after each chunk with the file offset reached. */
  onChunk?: (bytesRead: number) => void;
  /** Scan only this byte range (JSONL only: `start` must be a line start; `end` excluded). */
  range?: ByteRange;
  /**
   * Longest record kept in memory (default 256 MiB): a longer one (a 600 MB line, a file of NULs without
   * a newline) is handed over with its length as `oversize` and no bytes, so memory stays bounded.
   */
  maxRecordBytes?: number;
  /** Told of problems with the file's structure (JSON arrays: never closed, empty elements, text after `]`). */
  onStructureProblem?: (problem: StructureProblem) => void;
}

export const DEFAULT_MAX_RECORD_BYTES = 256 * 1024 * 1024;

export interface ByteRange {
  start: number;
  end: number;
  /** 1-based line number of the byte at `start`. */
  firstLine: number;
}

export const DEFAULT_CHUNK_SIZE = 1 << 20;

export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function bomLength(head: Buffer): number {
  return head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
}

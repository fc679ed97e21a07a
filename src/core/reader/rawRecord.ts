/** The bytes of one record as the scanners find them, before decoding or parsing. */
export interface RawRecord {
  /** 1-based line of the record's first byte. */
  line: number;
  /** 1-based column (in bytes) of the record's first byte on that line. */
  column: number;
  byteOffset: number;
  /** The record's bytes, line ending excluded. Valid only during the callback. */
  bytes: Buffer;
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
}

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

import { forEachChunk } from './chunkedFile';
import { DEFAULT_MAX_RECORD_BYTES, RecordSink, ScanOptions, bomLength } from './rawRecord';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Streams a JSONL file and hands every line (blank ones too; the caller decides) to `sink`, with its
 * byte offset and length. A leading UTF-8 BOM is skipped, a CR before LF is not part of the line, a
 * last line without newline still counts. A line longer than a chunk is assembled from its pieces; one
 * longer than `maxRecordBytes` is not kept at all (only its length, as `oversize`).
 * Returns false if the sink or `shouldStop` ended the scan early.
 */
export function scanJsonlLines(filePath: string, sink: RecordSink, options: ScanOptions = {}): boolean {
  let line = options.range?.firstLine ?? 1;
  let lineStart = -1; // file offset of the current line's first byte; -1 before the BOM check
  let pending: Buffer[] = []; // pieces of a line that spans chunks
  let pendingBytes = 0;
  /** The current line's length once it passed the cap (its bytes are dropped), else -1. */
  let oversize = -1;
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  let stopped = false;

  const emit = (bytes: Buffer): boolean => {
    let result;
    // Stryker disable next-line EqualityOperator: oversize is never 0 (it is set only once a length passes a cap >= 0)
    if (oversize >= 0) {
      // Stryker disable next-line ArithmeticOperator: bytes is always empty here (an oversize line's pieces are only counted)
      const length = oversize + bytes.length;
      result = sink({ line, column: 1, byteOffset: lineStart, bytes: Buffer.alloc(0), oversize: length });
      oversize = -1;
    } else {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: an empty line's bytes[-1] is undefined, never CR
      const end = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
      result = sink({ line, column: 1, byteOffset: lineStart, bytes: bytes.subarray(0, end) });
    }
    line++;
    return result !== false;
  };
  /** Keeps a piece of an unfinished line, or only counts it once the line is past the cap. */
  const keep = (piece: Buffer): void => {
    // Stryker disable next-line EqualityOperator: oversize is never 0 (it is set only once a length passes a cap >= 0)
    if (oversize >= 0) {
      oversize += piece.length;
    } else if (pendingBytes + piece.length > maxRecordBytes) {
      oversize = pendingBytes + piece.length;
      pending = [];
      pendingBytes = 0;
    } else {
      pending.push(Buffer.from(piece));
      pendingBytes += piece.length;
    }
  };

  const completed = forEachChunk(filePath, options, (chunk, fileOffset) => {
    let pos = 0;
    if (lineStart < 0) {
      pos = fileOffset === 0 ? bomLength(chunk) : 0;
      lineStart = fileOffset + pos;
    }
    for (;;) {
      const nl = chunk.indexOf(LF, pos);
      if (nl < 0) break;
      let bytes = chunk.subarray(pos, nl);
      // Past the cap (already, or with this last piece), the piece only adds to the line's length.
      // Stryker disable next-line EqualityOperator: oversize is never 0 (it is set only once a length passes a cap >= 0)
      if (oversize >= 0 || pendingBytes + bytes.length > maxRecordBytes) keep(bytes);
      // Stryker disable next-line EqualityOperator: oversize is never 0 (it is set only once a length passes a cap >= 0)
      if (oversize >= 0) {
        bytes = bytes.subarray(0, 0);
        // Stryker disable next-line ConditionalExpression,EqualityOperator: with nothing pending, concatenating [bytes] gives the same bytes
      } else if (pending.length > 0) {
        pending.push(bytes);
        bytes = Buffer.concat(pending);
        pending = [];
        pendingBytes = 0;
      }
      if (!emit(bytes)) {
        // Stryker disable next-line BooleanLiteral: forEachChunk returns false already when this callback does
        stopped = true;
        return false;
      }
      pos = nl + 1;
      lineStart = fileOffset + pos;
    }
    // The chunk buffer is reused by the reader, so keep a copy of the unfinished line.
    if (pos < chunk.length) keep(chunk.subarray(pos));
    return true;
  });

  if (!completed || stopped) return false;
  // Stryker disable next-line EqualityOperator: oversize is never 0 (it is set only once a length passes a cap >= 0)
  if (pending.length > 0 || oversize >= 0) return emit(Buffer.concat(pending));
  return true;
}

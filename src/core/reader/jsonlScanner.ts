import { forEachChunk } from './chunkedFile';
import { RecordSink, ScanOptions, bomLength } from './rawRecord';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Streams a JSONL file and hands every line (blank ones too; the caller decides) to `sink`, with its
 * byte offset and length. A leading UTF-8 BOM is skipped, a CR before LF is not part of the line, a
 * last line without newline still counts. A line longer than a chunk is assembled from its pieces.
 * Returns false if the sink or `shouldStop` ended the scan early.
 */
export function scanJsonlLines(filePath: string, sink: RecordSink, options: ScanOptions = {}): boolean {
  let line = options.range?.firstLine ?? 1;
  let lineStart = -1; // file offset of the current line's first byte; -1 before the BOM check
  let pending: Buffer[] = []; // pieces of a line that spans chunks
  let stopped = false;

  const emit = (bytes: Buffer): boolean => {
    const end = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
    const result = sink({ line, column: 1, byteOffset: lineStart, bytes: bytes.subarray(0, end) });
    line++;
    return result !== false;
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
      if (pending.length > 0) {
        pending.push(bytes);
        bytes = Buffer.concat(pending);
        pending = [];
      }
      if (!emit(bytes)) {
        stopped = true;
        return false;
      }
      pos = nl + 1;
      lineStart = fileOffset + pos;
    }
    // The chunk buffer is reused by the reader, so keep a copy of the unfinished line.
    if (pos < chunk.length) pending.push(Buffer.from(chunk.subarray(pos)));
    return true;
  });

  if (!completed || stopped) return false;
  if (pending.length > 0) return emit(Buffer.concat(pending));
  return true;
}

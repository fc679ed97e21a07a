import * as fs from 'node:fs';

export interface LineOffsetScan {
  lines: number;
  bytes: number;
}

/** 8 MB: big enough that syscalls vanish next to memchr, small enough to stay flat in memory. */
export const LINE_SCAN_CHUNK_SIZE = 8 << 20;

/**
 * Calls onLine(byteOffset, byteLength) for every line (length excludes the \n and a preceding \r).
 * Final line without newline counts. Streaming chunks, never holding the file.
 *
 * The count is `wc -l` plus one for a final unterminated non-empty line. Only offsets are carried
 * across chunk boundaries, never bytes, so a line of any length costs nothing extra.
 */
export function scanLineOffsets(
  filePath: string,
  onLine?: (byteOffset: number, byteLength: number) => void,
  options: { chunkSize?: number } = {},
): LineOffsetScan {
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? LINE_SCAN_CHUNK_SIZE));
  const buffer = Buffer.allocUnsafe(chunkSize);
  const fd = fs.openSync(filePath, 'r');
  let lines = 0;
  let fileOffset = 0;
  let lineStart = 0;
  // The previous chunk's last byte: a \r there belongs to a \n at the start of the next chunk.
  let previousLastByte = -1;
  try {
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, chunkSize, fileOffset);
      if (n === 0) break;
      // indexOf must not see stale bytes past n from an earlier, fuller read.
      const chunk = n === chunkSize ? buffer : buffer.subarray(0, n);
      let nl = chunk.indexOf(0x0a);
      if (onLine === undefined) {
        // Counting only: the tightest loop, memchr from one newline to the next.
        while (nl !== -1) {
          lines++;
          nl = chunk.indexOf(0x0a, nl + 1);
        }
      } else {
        while (nl !== -1) {
          const end = fileOffset + nl;
          const before = nl > 0 ? chunk[nl - 1] : previousLastByte;
          const length = end - lineStart - (end > lineStart && before === 0x0d ? 1 : 0);
          onLine(lineStart, length);
          lines++;
          lineStart = end + 1;
          nl = chunk.indexOf(0x0a, nl + 1);
        }
      }
      previousLastByte = chunk[n - 1];
      fileOffset += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  // A final line with no newline is non-empty exactly when the file does not end in \n.
  if (fileOffset > 0 && previousLastByte !== 0x0a) {
    if (onLine !== undefined) onLine(lineStart, fileOffset - lineStart);
    lines++;
  }
  return { lines, bytes: fileOffset };
}

/**
 * Where to cut a JSONL file into `parts` ranges of about equal size, each starting at a line start,
 * with the line number each starts at. Costs one memchr pass over the file.
 */
export function splitAtLines(filePath: string, parts: number, options: { chunkSize?: number } = {}): { start: number; end: number; firstLine: number }[] {
  const size = fs.statSync(filePath).size;
  const targets = Array.from({ length: parts - 1 }, (_, i) => Math.floor((size * (i + 1)) / parts));
  const ranges: { start: number; end: number; firstLine: number }[] = [{ start: 0, end: size, firstLine: 1 }];
  if (targets.length === 0 || size === 0) return ranges;
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? LINE_SCAN_CHUNK_SIZE));
  const buffer = Buffer.allocUnsafe(chunkSize);
  const fd = fs.openSync(filePath, 'r');
  try {
    let line = 1;
    let fileOffset = 0;
    let next = 0;
    while (next < targets.length) {
      const n = fs.readSync(fd, buffer, 0, chunkSize, fileOffset);
      if (n === 0) break;
      const chunk = n === chunkSize ? buffer : buffer.subarray(0, n);
      for (let nl = chunk.indexOf(0x0a); nl !== -1 && next < targets.length; nl = chunk.indexOf(0x0a, nl + 1)) {
        line++;
        const lineStart = fileOffset + nl + 1;
        if (lineStart >= targets[next] && lineStart < size) {
          ranges[ranges.length - 1].end = lineStart;
          ranges.push({ start: lineStart, end: size, firstLine: line });
          next++;
        }
      }
      fileOffset += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return ranges;
}

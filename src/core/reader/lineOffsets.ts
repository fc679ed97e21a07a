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
 * Where to cut a JSONL file into `parts` ranges of about equal size, each starting at a line start.
 * Reads only a block near each cut; the line number a range starts at is left to `countLines`.
 */
export function splitAtLines(filePath: string, parts: number): { start: number; end: number }[] {
  const size = fs.statSync(filePath).size;
  const starts = [0];
  const block = Buffer.allocUnsafe(64 * 1024);
  const fd = fs.openSync(filePath, 'r');
  try {
    for (let i = 1; i < parts; i++) {
      let at = Math.max(Math.floor((size * i) / parts), starts[starts.length - 1] + 1);
      let found = -1;
      while (found < 0 && at < size) {
        const n = fs.readSync(fd, block, 0, block.length, at - 1);
        const nl = block.subarray(0, n).indexOf(0x0a);
        if (nl >= 0) found = at - 1 + nl + 1;
        else at += n;
      }
      if (found > starts[starts.length - 1] && found < size) starts.push(found);
    }
  } finally {
    fs.closeSync(fd);
  }
  return starts.map((start, i) => ({ start, end: starts[i + 1] ?? size }));
}

/** Newlines in the first `end` bytes of a file: the line number at `end` is this plus one. */
export function countLines(filePath: string, end: number): number {
  const buffer = Buffer.allocUnsafe(Math.min(LINE_SCAN_CHUNK_SIZE, Math.max(1, end)));
  const fd = fs.openSync(filePath, 'r');
  let lines = 0;
  try {
    for (let offset = 0; offset < end;) {
      const n = fs.readSync(fd, buffer, 0, Math.min(buffer.length, end - offset), offset);
      if (n === 0) break;
      const chunk = buffer.subarray(0, n);
      for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, nl + 1)) lines++;
      offset += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return lines;
}

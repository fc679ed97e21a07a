import * as fs from 'node:fs';
import { DEFAULT_CHUNK_SIZE, ScanOptions } from './rawRecord';

/**
 * Reads a file (or `options.range` of it) front to back in fixed-size chunks with synchronous reads (the callers run in a worker
 * thread or a CLI, where blocking is what we want). `onChunk` gets a view into one reused buffer.
 * Returns false when stopped early.
 */
export function forEachChunk(filePath: string, options: ScanOptions, onChunk: (chunk: Buffer, fileOffset: number) => void | boolean): boolean {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const buffer = Buffer.allocUnsafe(chunkSize);
  const fd = fs.openSync(filePath, 'r');
  try {
    let fileOffset = options.range?.start ?? 0;
    const end = options.range?.end ?? Number.POSITIVE_INFINITY;
    for (;;) {
      if (options.shouldStop?.()) return false;
      const n = fileOffset >= end ? 0 : fs.readSync(fd, buffer, 0, Math.min(chunkSize, end - fileOffset), fileOffset);
      if (n === 0) return true;
      if (onChunk(buffer.subarray(0, n), fileOffset) === false) return false;
      fileOffset += n;
      options.onChunk?.(fileOffset);
    }
  } finally {
    fs.closeSync(fd);
  }
}

import * as fs from 'node:fs';
import { DEFAULT_CHUNK_SIZE, ScanOptions } from './rawRecord';

/**
 * Reads a file front to back in fixed-size chunks with synchronous reads (the callers run in a worker
 * thread or a CLI, where blocking is what we want). `onChunk` gets a view into one reused buffer.
 * Returns false when stopped early.
 */
export function forEachChunk(
  filePath: string,
  options: ScanOptions,
  onChunk: (chunk: Buffer, fileOffset: number) => void | boolean,
): boolean {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const buffer = Buffer.allocUnsafe(chunkSize);
  const fd = fs.openSync(filePath, 'r');
  try {
    let fileOffset = 0;
    for (;;) {
      if (options.shouldStop?.()) return false;
      const n = fs.readSync(fd, buffer, 0, chunkSize, fileOffset);
      if (n === 0) return true;
      if (onChunk(buffer.subarray(0, n), fileOffset) === false) return false;
      fileOffset += n;
      options.onChunk?.(fileOffset);
    }
  } finally {
    fs.closeSync(fd);
  }
}

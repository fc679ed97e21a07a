import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

/** Bytes hashed at each end of the file: cheap, and catches in-place edits that keep size and mtime. */
const EDGE_BYTES = 64 * 1024;

/**
 * Identifies a file's state for the index cache: path, size, mtime and a hash of its first and last
 * blocks. Any change to these means the index may be stale and is rebuilt.
 */
export function fingerprintFile(filePath: string): string {
  const stat = fs.statSync(filePath);
  const hash = createHash('sha256').update(`${fs.realpathSync(filePath)}\0${stat.size}\0${stat.mtimeMs}\0`);
  const fd = fs.openSync(filePath, 'r');
  try {
    const block = Buffer.alloc(Math.min(EDGE_BYTES, stat.size));
    hash.update(block.subarray(0, fs.readSync(fd, block, 0, block.length, 0)));
    hash.update(block.subarray(0, fs.readSync(fd, block, 0, block.length, Math.max(0, stat.size - block.length))));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

import * as fs from 'node:fs';
import { bomLength } from './rawRecord';

export type FileFormat = 'jsonl' | 'json-array';

/**
 * `.jsonl` is always JSON Lines. A `.json` file is read as one JSON array (ReWatch's caption.json)
 * when its first non-blank byte is `[`, else as JSON Lines (many "JSON" dumps are really JSONL).
 */
export function detectFormat(filePath: string): FileFormat {
  if (filePath.toLowerCase().endsWith('.jsonl')) return 'jsonl';
  const head = Buffer.alloc(4096);
  const fd = fs.openSync(filePath, 'r');
  let n: number;
  try {
    n = fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  for (let i = bomLength(head.subarray(0, n)); i < n; i++) {
    const b = head[i];
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
    return b === 0x5b ? 'json-array' : 'jsonl';
  }
  return 'jsonl';
}

import * as fs from 'node:fs';
import { mulberry32 } from '../../bench/syntheticDataset';

/** Random bytes over pages [first, last) of a SQLite file (4 KiB pages), as a disk error or a bad copy would. */
export function scribble(file: string, first: number, last: number, seed: number): void {
  const random = mulberry32(seed);
  const fd = fs.openSync(file, 'r+');
  try {
    const page = Buffer.alloc(4096);
    for (let p = first; p < last; p++) {
      for (let i = 0; i < page.length; i++) page[i] = Math.floor(random() * 256);
      fs.writeSync(fd, page, 0, page.length, p * 4096);
    }
  } finally {
    fs.closeSync(fd);
  }
}

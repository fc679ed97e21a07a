import * as fs from 'node:fs';

/** Stop walking after this many top-level boxes: real files have a handful. */
const MAX_BOXES = 10_000;

/**
 * Whether an MP4/MOV file is "fast start": its `moov` index precedes the `mdat` media data, so a
 * player can start before the whole file has loaded. Walks the top-level ISO-BMFF boxes reading
 * only their 8–16 byte headers. Returns null when the file does not look like MP4/MOV (the first
 * box header is not a box, or no `ftyp`/`moov`/`mdat` at top level), has no `moov`, or cannot be read.
 */
export function mp4Faststart(file: string): boolean | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const header = Buffer.alloc(16);
    let offset = 0;
    let moovAt = -1;
    let mdatAt = -1;
    for (let i = 0; i < MAX_BOXES && offset + 8 <= size; i++) {
      if (fs.readSync(fd, header, 0, 16, offset) < 8) break;
      const type = header.toString('latin1', 4, 8);
      // Box types are four printable characters; anything else means this is not (or no longer) BMFF.
      if (!/^[\x20-\x7e]{4}$/.test(type)) break;
      let boxSize = header.readUInt32BE(0);
      if (boxSize === 1)
        boxSize = Number(header.readBigUInt64BE(8)); // 64-bit "largesize"
      else if (boxSize === 0) boxSize = size - offset; // extends to the end of the file
      if (boxSize < 8) break;
      if (type === 'moov' && moovAt < 0) moovAt = offset;
      if (type === 'mdat' && mdatAt < 0) mdatAt = offset;
      if (moovAt >= 0 && mdatAt >= 0) break;
      offset += boxSize;
    }
    if (moovAt < 0) return null;
    return mdatAt < 0 || moovAt < mdatAt;
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

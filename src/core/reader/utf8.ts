import { isUtf8 } from 'node:buffer';

const lossyDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export interface DecodedText {
  text: string;
  /** Byte index of the first invalid UTF-8 sequence, when there is one (the text is then lossy). */
  invalidAt?: number;
}

/** Decodes UTF-8; invalid bytes become U+FFFD and the first one's position is reported. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  // isUtf8 is a SIMD check and Buffer#toString the fastest decoder; TextDecoder only for bad bytes.
  if (isUtf8(bytes)) return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') };
  return { text: lossyDecoder.decode(bytes), invalidAt: firstInvalidUtf8(bytes) };
}

/** Index of the first byte that does not start or continue a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

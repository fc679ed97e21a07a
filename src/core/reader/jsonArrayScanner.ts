import { forEachChunk } from './chunkedFile';
import { RecordSink, ScanOptions, bomLength } from './rawRecord';

const enum State {
  BeforeArray,
  BetweenElements,
  InElement,
  InString,
  InStringEscape,
  AfterArray,
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const LF = 0x0a;

function isWhitespace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * Streams a file holding one top-level JSON array (ReWatch's caption.json) and hands each element's
 * bytes to `sink` without parsing the whole file: only strings and bracket depth are tracked. A file
 * whose first value is not an array is handed over as a single record. Returns false when stopped.
 */
export function scanJsonArrayElements(filePath: string, sink: RecordSink, options: ScanOptions = {}): boolean {
  let state = State.BeforeArray;
  let depth = 0;
  let line = 1;
  let lineStartOffset = 0; // file offset just after the last LF, for columns
  let topLevelArray = true;

  let elementStart = -1;
  let elementLine = 1;
  let elementColumn = 1;
  let elementEnd = -1; // file offset after the element's last non-whitespace byte
  let pieces: Buffer[] = [];
  let piecesFrom = -1; // file offset the first piece starts at
  let stopped = false;
  // A raw newline inside a string means the string was never closed (JSON strings cannot hold one):
  // the element is broken, and the scanner resynchronises at the next line that opens an element
  // at the broken element's own column, so one bad element does not swallow the rest of the file.
  let broken = false;
  let atLineStart = false;

  const startElement = (fileOffset: number): void => {
    elementStart = fileOffset;
    elementEnd = fileOffset + 1;
    elementLine = line;
    elementColumn = fileOffset - lineStartOffset + 1;
    pieces = [];
    piecesFrom = fileOffset;
    broken = false;
  };

  /** Hands over the element collected so far; `chunk`/`chunkOffset` hold its tail. */
  const finishElement = (chunk: Buffer, chunkOffset: number): boolean => {
    const from = Math.max(elementStart, chunkOffset) - chunkOffset;
    const to = elementEnd - chunkOffset;
    let bytes: Buffer;
    if (pieces.length === 0) {
      bytes = chunk.subarray(from, to);
    } else {
      const total = elementEnd - piecesFrom;
      bytes = Buffer.concat([...pieces, chunk.subarray(0, Math.max(0, to))], total);
    }
    elementStart = -1;
    pieces = [];
    return sink({ line: elementLine, column: elementColumn, byteOffset: piecesFrom, bytes }) !== false;
  };

  const completed = forEachChunk(filePath, options, (chunk, chunkOffset) => {
    let i = chunkOffset === 0 ? bomLength(chunk) : 0;
    for (; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === LF) {
        line++;
        lineStartOffset = chunkOffset + i + 1;
        atLineStart = true;
      } else if (atLineStart && b !== 0x20 && b !== 0x09 && b !== 0x0d) {
        atLineStart = false;
        if (broken && state === State.InElement && b === OPEN_BRACE && chunkOffset + i - lineStartOffset + 1 === elementColumn) {
          if (!finishElement(chunk, chunkOffset)) {
            stopped = true;
            return false;
          }
          startElement(chunkOffset + i);
          depth = 1;
          continue;
        }
      }
      switch (state) {
        case State.BeforeArray:
          if (isWhitespace(b)) break;
          if (b === OPEN_BRACKET) {
            state = State.BetweenElements;
          } else {
            // Not an array: the whole document is one record.
            topLevelArray = false;
            startElement(chunkOffset + i);
            state = b === QUOTE ? State.InString : State.InElement;
            depth = b === OPEN_BRACE ? 1 : 0;
          }
          break;
        case State.BetweenElements:
          if (isWhitespace(b) || b === COMMA) break;
          if (b === CLOSE_BRACKET) {
            state = State.AfterArray;
            break;
          }
          startElement(chunkOffset + i);
          if (b === QUOTE) state = State.InString;
          else {
            state = State.InElement;
            depth = b === OPEN_BRACE || b === OPEN_BRACKET ? 1 : 0;
          }
          break;
        case State.InElement:
          if (b === QUOTE) {
            state = State.InString;
            elementEnd = chunkOffset + i + 1;
          } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
            depth++;
            elementEnd = chunkOffset + i + 1;
          } else if ((b === CLOSE_BRACE || b === CLOSE_BRACKET) && depth > 0) {
            depth--;
            elementEnd = chunkOffset + i + 1;
          } else if (depth === 0 && topLevelArray && (b === COMMA || b === CLOSE_BRACKET)) {
            if (!finishElement(chunk, chunkOffset)) {
              stopped = true;
              return false;
            }
            state = b === COMMA ? State.BetweenElements : State.AfterArray;
          } else if (!isWhitespace(b)) {
            elementEnd = chunkOffset + i + 1;
          }
          break;
        case State.InString:
          if (b === BACKSLASH) state = State.InStringEscape;
          else if (b === QUOTE) state = State.InElement;
          else if (b === LF) {
            broken = true;
            state = State.InElement;
            break;
          }
          elementEnd = chunkOffset + i + 1;
          break;
        case State.InStringEscape:
          state = b === LF ? State.InElement : State.InString;
          broken ||= b === LF;
          elementEnd = chunkOffset + i + 1;
          break;
        case State.AfterArray:
          break;
      }
    }
    // Keep a copy of an unfinished element: the chunk buffer is reused.
    if (elementStart >= 0) {
      const from = Math.max(elementStart, chunkOffset) - chunkOffset;
      pieces.push(Buffer.from(chunk.subarray(from)));
    }
    return true;
  });

  if (!completed || stopped) return false;
  if (elementStart >= 0) {
    // The file ended inside an element (unclosed array, or a single non-array document).
    const bytes = Buffer.concat(pieces).subarray(0, elementEnd - piecesFrom);
    return sink({ line: elementLine, column: elementColumn, byteOffset: piecesFrom, bytes }) !== false;
  }
  return true;
}

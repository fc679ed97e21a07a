import * as fs from 'node:fs';
import { forEachChunk } from './chunkedFile';
import { DEFAULT_MAX_RECORD_BYTES, RecordSink, ScanOptions, bomLength } from './rawRecord';

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
 * whose first value is not an array is handed over as a single record. What is wrong with the array
 * itself goes to `onStructureProblem`: it is never closed, an element is empty (`[,` `,,` `,]`), or
 * text follows its `]`. An element longer than `maxRecordBytes` is handed over with its length only.
 * Returns false when stopped.
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
  // Stryker disable next-line UnaryOperator: startElement sets it before anything reads it
  let elementEnd = -1; // file offset after the element's last non-whitespace byte
  let pieces: Buffer[] = [];
  // Stryker disable next-line UnaryOperator: startElement sets it before anything reads it
  let piecesFrom = -1; // file offset the first piece starts at
  let stopped = false;
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  /** The element's bytes grew past maxRecordBytes: its pieces are dropped, only its extent is kept. */
  // Stryker disable next-line BooleanLiteral: startElement sets it before anything reads it
  let oversize = false;
  let opened = false; // saw the array's '['
  /** Between elements: what came last, '[' or ','; null once an element started. */
  let lastToken: '[' | ',' | null = null;
  let textAfterArray = false;
  const problem = (fileOffset: number, length: number, code: string, message: string): void =>
    options.onStructureProblem?.({ line, column: fileOffset - lineStartOffset + 1, byteOffset: fileOffset, byteLength: length, code, message });
  // A raw newline inside a string means the string was never closed (JSON strings cannot hold one):
  // the element is broken, and the scanner resynchronises at the next line that opens an element
  // at the broken element's own column, so one bad element does not swallow the rest of the file.
  // Stryker disable next-line BooleanLiteral: read only in State.InElement, which startElement (setting it) always precedes
  let broken = false;
  // Stryker disable next-line BooleanLiteral: only matters once broken is set, which happens at an LF, which sets it
  let atLineStart = false;

  const startElement = (fileOffset: number): void => {
    elementStart = fileOffset;
    elementEnd = fileOffset + 1;
    elementLine = line;
    elementColumn = fileOffset - lineStartOffset + 1;
    pieces = [];
    piecesFrom = fileOffset;
    broken = false;
    oversize = false;
    lastToken = null;
  };

  /** Hands over the element collected so far; `chunk`/`chunkOffset` hold its tail. */
  const finishElement = (chunk: Buffer, chunkOffset: number): boolean => {
    const from = Math.max(elementStart, chunkOffset) - chunkOffset;
    const to = elementEnd - chunkOffset;
    let bytes: Buffer;
    const total = elementEnd - piecesFrom;
    // (oversize implies this: it is set once elementEnd - piecesFrom passes the cap, and elementEnd only grows.)
    if (total > maxRecordBytes) {
      elementStart = -1;
      pieces = [];
      return sink({ line: elementLine, column: elementColumn, byteOffset: piecesFrom, bytes: Buffer.alloc(0), oversize: total }) !== false;
    }
    if (pieces.length === 0) {
      bytes = chunk.subarray(from, to);
    } else {
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
            // Stryker disable next-line BooleanLiteral: forEachChunk returns false already when this callback does
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
            opened = true;
            lastToken = '[';
          } else {
            // Not an array: the whole document is one record.
            topLevelArray = false;
            startElement(chunkOffset + i);
            state = b === QUOTE ? State.InString : State.InElement;
            // Stryker disable next-line ConditionalExpression,EqualityOperator: depth only decides when a top-level array's element ends; this document is no array
            depth = b === OPEN_BRACE ? 1 : 0;
          }
          break;
        case State.BetweenElements:
          if (isWhitespace(b)) break;
          if (b === COMMA) {
            // Stryker disable next-line ConditionalExpression: here lastToken is always '[' or ',' (only startElement clears it, and it leaves this state)
            if (lastToken !== null)
              problem(
                chunkOffset + i,
                1,
                'empty-array-element',
                lastToken === '['
                  ? "The array has an empty element: a ',' right after its '['."
                  : "The array has an empty element: two ',' with nothing between them.",
              );
            lastToken = ',';
            break;
          }
          if (b === CLOSE_BRACKET) {
            if (lastToken === ',') problem(chunkOffset + i, 1, 'empty-array-element', "The array has an empty element: a ',' right before its ']'.");
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
              // Stryker disable next-line BooleanLiteral: forEachChunk returns false already when this callback does
              stopped = true;
              return false;
            }
            state = b === COMMA ? State.BetweenElements : State.AfterArray;
            // Stryker disable next-line ConditionalExpression: lastToken is read only in State.BetweenElements, which a ']' never leads to
            lastToken = b === COMMA ? ',' : null;
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
          if (b === LF) {
            // A backslash right before a raw newline escapes nothing: the string breaks there, as above.
            broken = true;
            state = State.InElement;
            break;
          }
          state = State.InString;
          elementEnd = chunkOffset + i + 1;
          break;
        case State.AfterArray:
          if (!isWhitespace(b) && !textAfterArray) {
            textAfterArray = true;
            problem(
              chunkOffset + i,
              1,
              'text-after-array',
              "There is more after the array's closing ']': a JSON file holds one value (this text is not read).",
            );
          }
          break;
      }
    }
    // Keep a copy of an unfinished element: the chunk buffer is reused. Once its bytes pass the cap only its
    // extent is kept. Bytes read past the cap while the element's bytes are still within it can only be
    // whitespace after its last byte (were the element to go on, it would be over the cap): they are not kept,
    // and the element still fits when it ends there.
    // Stryker disable next-line ConditionalExpression,LogicalOperator: only saves work: with no element open the pieces are reset by startElement, and an oversize element stays oversize
    if (elementStart >= 0 && !oversize) {
      if (elementEnd - piecesFrom > maxRecordBytes) {
        oversize = true;
        pieces = [];
      } else {
        const from = Math.max(elementStart, chunkOffset) - chunkOffset;
        const capEnd = piecesFrom + maxRecordBytes; // file offset where the cap ends
        // Stryker disable next-line ArithmeticOperator: keeping more than the cap only costs memory: the element's bytes all lie before capEnd, and the pieces are cut to its length
        pieces.push(Buffer.from(chunk.subarray(from, Math.max(from, capEnd - chunkOffset))));
      }
    }
    return true;
  });

  if (!completed || stopped) return false;
  const end = (): number => fs.statSync(filePath).size;
  // (state is set in the callback above; TypeScript cannot see that.)
  if (opened && (state as State) !== State.AfterArray) {
    const at = options.range?.end ?? end();
    problem(at, 0, 'array-not-closed', "The JSON array is never closed: the file ends without its ']' (the file may be cut short).");
  }
  if (elementStart >= 0) {
    // The file ended inside an element (unclosed array, or a single non-array document). The check at the
    // end of the last chunk has settled whether it is over the cap.
    if (oversize) {
      return sink({ line: elementLine, column: elementColumn, byteOffset: piecesFrom, bytes: Buffer.alloc(0), oversize: elementEnd - piecesFrom }) !== false;
    }
    const bytes = Buffer.concat(pieces).subarray(0, elementEnd - piecesFrom);
    return sink({ line: elementLine, column: elementColumn, byteOffset: piecesFrom, bytes }) !== false;
  }
  return true;
}

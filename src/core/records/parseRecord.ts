import { ParseError, parse as parseTolerant, printParseErrorCode } from 'jsonc-parser';
import type { Problem } from '../../../shared/records/recordSummary';
import type { RawRecord } from '../reader/rawRecord';
import { decodeUtf8 } from '../reader/utf8';

export interface ParsedRecord {
  /** The parsed value; undefined when the record is not valid JSON. */
  value: unknown;
  /** The record is blank (whitespace only): not a record at all. */
  blank: boolean;
  /** The decoded text (U+FFFD where bytes were not UTF-8). */
  text: string;
  problems: Problem[];
}

/** Decodes and parses one record, turning every failure into a problem with line, column and bytes. */
export function parseRecord(raw: RawRecord): ParsedRecord {
  const problems: Problem[] = [];
  const { text, invalidAt } = decodeUtf8(raw.bytes);
  /** A problem from `charIndex` to `endIndex` (UTF-16 units into the text). */
  const at = (code: string, message: string, charIndex: number, byteIndex: number, endIndex: number): Problem => {
    const { line, column } = lineAndColumn(text, raw, charIndex);
    const end = lineAndColumn(text, raw, Math.max(charIndex, endIndex));
    return {
      line,
      column,
      endLine: end.line,
      endColumn: end.column,
      byteOffset: raw.byteOffset + byteIndex,
      byteLength: raw.bytes.length - byteIndex,
      severity: 'error',
      code,
      message,
    };
  };

  if (invalidAt !== undefined) {
    const charIndex = decodeUtf8(raw.bytes.subarray(0, invalidAt)).text.length;
    problems.push(
      at(
        'invalid-utf8',
        `Invalid UTF-8 byte 0x${raw.bytes[invalidAt].toString(16).padStart(2, '0')}; the record is shown with U+FFFD in its place.`,
        charIndex,
        invalidAt,
        charIndex + 1,
      ),
    );
  }
  if (text.trim() === '') return { value: undefined, blank: true, text, problems };

  try {
    return { value: JSON.parse(text), blank: false, text, problems };
  } catch {
    // JSON.parse is the fast path; only a failure pays for a second, error-locating parse.
    const { charIndex, reason } = locateSyntaxError(text);
    const byteIndex = Buffer.byteLength(text.slice(0, charIndex), 'utf8');
    // The span runs from the error to the record's end (its trailing space left out), at least one character.
    const end = Math.min(text.length, Math.max(charIndex + 1, text.trimEnd().length));
    problems.push(at('malformed-json', `Malformed JSON: ${reason}`, charIndex, Math.min(byteIndex, raw.bytes.length), end));
    return { value: undefined, blank: false, text, problems };
  }
}

/**
 * A record of whitespace only is no record at all (the indexer skips it). Bytes are checked first;
 * only a line with non-ASCII bytes pays for decoding (Unicode spaces count as blank, as in `parseRecord`).
 */
export function isBlankRecord(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a) continue;
    return b >= 0x80 && decodeUtf8(bytes).text.trim() === '';
  }
  return true;
}

/** Line and column (1-based, UTF-16 units like an editor) of a character of the record's text. */
export function lineAndColumn(text: string, raw: Pick<RawRecord, 'line' | 'column'>, charIndex: number): { line: number; column: number } {
  let line = raw.line;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < charIndex; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const column = line === raw.line ? raw.column + charIndex : charIndex - lineStart + 1;
  return { line, column };
}

const ERROR_TEXT: Partial<Record<string, string>> = {
  ValueExpected: 'a value was expected',
  CommaExpected: "a ',' was expected",
  ColonExpected: "a ':' was expected",
  PropertyNameExpected: 'a property name was expected',
  CloseBraceExpected: "a closing '}' was expected",
  CloseBracketExpected: "a closing ']' was expected",
  EndOfFileExpected: 'extra text after the record',
  InvalidSymbol: 'unexpected character',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfComment: 'unterminated comment',
  InvalidCommentToken: 'comments are not allowed in JSON',
  InvalidEscapeCharacter: 'invalid escape sequence',
  InvalidUnicode: 'invalid \\u escape',
  InvalidCharacter: 'control character in a string',
};

/** Nesting the error locator walks (it recurses); deeper records are reported as too deep. */
export const MAX_LOCATE_DEPTH = 1000;

/** Where nesting first goes past `limit` levels (outside strings), without recursion; -1 when it never does. */
export function tooDeepAt(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/** Where strict JSON parsing fails and why, from jsonc-parser's error list (comments and trailing commas are errors). */
function locateSyntaxError(text: string): { charIndex: number; reason: string } {
  // jsonc-parser recurses on nesting: a line of 100,000 '[' would exhaust the stack.
  const deep = tooDeepAt(text, MAX_LOCATE_DEPTH);
  if (deep >= 0) return { charIndex: deep, reason: `nested more than ${MAX_LOCATE_DEPTH} levels deep` };
  const errors: ParseError[] = [];
  parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return { charIndex: text.length, reason: 'not valid JSON' };
  const code = printParseErrorCode(first.error);
  const near = text.slice(first.offset, first.offset + 12).replace(/\s+/g, ' ');
  const reason = ERROR_TEXT[code] ?? code;
  return { charIndex: first.offset, reason: near ? `${reason} at "${near}"` : `${reason} at the end of the record` };
}

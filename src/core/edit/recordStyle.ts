/**
 * How a record's JSON was written, read off its text, and a serializer that writes new values the same
 * way: the separators after ':' and ',', whether non-ASCII is escaped (Python's `ensure_ascii=True`
 * default) or raw, whether '/' is escaped, and for multi-line records the indent unit and the record's
 * own base indent. Python's `json.dumps`, JavaScript's `JSON.stringify` and the usual compact writers
 * all fall out of these few settings.
 */

export interface RecordStyle {
  /** After ':' between a key and its value: `":"` (compact) or `": "` (Python, pretty printers). */
  colon: string;
  /** Between the items of a one-line container: `","` (compact) or `", "` (Python's default). */
  comma: string;
  /** Every character ≥ U+007F written as `\uXXXX` (lowercase hex, surrogates one by one), like Python's ensure_ascii. */
  asciiOnly: boolean;
  /** '/' written as `\/`. */
  escapeSlash: boolean;
  /** One level of indentation; null for a one-line record. */
  indentUnit: string | null;
  /** The indentation of the record's own first and last lines (a pretty-printed element inside a JSON array). */
  baseIndent: string;
  /** The record's newline inside a multi-line record ("\n", or "\r\n" when the record already has CRLF). */
  newline: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

/**
 * Reads the style off a record's text (valid JSON or not; only the characters outside strings and the
 * escapes inside them are looked at). What the text does not show is guessed from what it does: a record
 * with `": "` and `", "` and only ASCII is taken for Python's defaults (ensure_ascii on).
 */
export function detectRecordStyle(text: string): RecordStyle {
  let colon: string | undefined;
  let comma: string | undefined;
  let rawNonAscii = false;
  let escapedNonAscii = false;
  let escapeSlash = false;
  let multiLine = false;
  let secondLineIndent: string | undefined;

  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === QUOTE) inString = false;
      else if (c === BACKSLASH) {
        const next = text.charCodeAt(i + 1);
        if (next === 0x2f) escapeSlash = true;
        else if (next === 0x75 /* u */ && !escapedNonAscii) {
          // A lone surrogate escape is what JSON.stringify writes too; a pair or any other code ≥ 0x7f is ensure_ascii's.
          const code = parseInt(text.slice(i + 2, i + 6), 16);
          if (code >= 0x7f && (code < 0xd800 || code > 0xdfff)) escapedNonAscii = true;
          else if (code >= 0xd800 && code <= 0xdbff && /^\\u[dD][c-fC-F][0-9a-fA-F]{2}$/.test(text.slice(i + 6, i + 12))) escapedNonAscii = true;
        }
        i++;
      } else if (c >= 0x7f) rawNonAscii = true;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === 0x3a /* : */) {
      colon ??= text.charCodeAt(i + 1) === 0x20 ? ': ' : ':';
    } else if (c === 0x2c /* , */ && comma === undefined) {
      // A comma that ends a line separates the items of a multi-line container: it says nothing about inline ones.
      let j = i + 1;
      while (j < text.length && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09)) j++;
      if (j < text.length && text.charCodeAt(j) !== 0x0a && text.charCodeAt(j) !== 0x0d) comma = j > i + 1 ? ', ' : ',';
    } else if (c === 0x0a) {
      if (!multiLine) {
        multiLine = true;
        secondLineIndent = leadingIndent(text, i + 1);
      }
    }
  }

  colon ??= comma === ', ' || multiLine ? ': ' : ':';
  comma ??= colon === ': ' && !multiLine ? ', ' : ',';
  const pythonish = colon === ': ' && comma === ', ';
  const asciiOnly = rawNonAscii ? false : escapedNonAscii ? true : pythonish;

  let indentUnit: string | null = null;
  let baseIndent = '';
  let newline = '\n';
  if (multiLine) {
    const lastNewline = text.lastIndexOf('\n');
    baseIndent = leadingIndent(text, lastNewline + 1);
    const second = secondLineIndent ?? '';
    indentUnit = second.startsWith(baseIndent) && second.length > baseIndent.length ? second.slice(baseIndent.length) : second || '  ';
    newline = text.includes('\r\n') ? '\r\n' : '\n';
  }
  return { colon, comma, asciiOnly, escapeSlash, indentUnit, baseIndent, newline };
}

/** The spaces and tabs starting at `from`. */
export function leadingIndent(text: string, from: number): string {
  let end = from;
  while (end < text.length && (text.charCodeAt(end) === 0x20 || text.charCodeAt(end) === 0x09)) end++;
  return text.slice(from, end);
}

// Characters some style must escape: quotes, backslash, controls, '/', DEL and above, surrogates.
/* eslint-disable no-control-regex */
const NEEDS_ESCAPE_ASCII = /["\\\u0000-\u001f\u007f-\uffff/]/;
const NEEDS_ESCAPE_RAW = /["\\\u0000-\u001f/\ud800-\udfff]/;
/* eslint-enable no-control-regex */
const SHORT_ESCAPES: Record<number, string> = { 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r', 0x22: '\\"', 0x5c: '\\\\' };

function hex4(code: number): string {
  return '\\u' + code.toString(16).padStart(4, '0');
}

/** A JSON string literal for `s` in the style: `\"` `\\` `\b` `\f` `\n` `\r` `\t`, other controls `\u00xx`, the rest as the style says. */
export function quoteJsonString(s: string, style: Pick<RecordStyle, 'asciiOnly' | 'escapeSlash'>): string {
  if (!(style.asciiOnly ? NEEDS_ESCAPE_ASCII : NEEDS_ESCAPE_RAW).test(s)) return '"' + s + '"';
  let out = '"';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let escaped: string | undefined;
    if (c < 0x20 || c === 0x22 || c === 0x5c) escaped = SHORT_ESCAPES[c] ?? hex4(c);
    else if (c === 0x2f) escaped = style.escapeSlash ? '\\/' : undefined;
    else if (c >= 0x7f) {
      if (style.asciiOnly) escaped = hex4(c);
      else if (c >= 0xd800 && c <= 0xdfff) {
        // A well-formed pair stays raw; a lone surrogate is escaped (as JSON.stringify does).
        const next = s.charCodeAt(i + 1);
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
        else escaped = hex4(c);
      }
    }
    if (escaped !== undefined) {
      out += s.slice(from, i) + escaped;
      from = i + 1;
    }
  }
  return out + s.slice(from) + '"';
}

/**
 * Serializes a JSON value (as `JSON.parse` returns) in the style. `indent` is the indentation of the line
 * the value starts on; `multiLine` false writes containers on one line whatever the style says.
 */
export function serializeValue(value: unknown, style: RecordStyle, indent: string, multiLine = style.indentUnit !== null): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quoteJsonString(value, style);
    case 'number':
      // JSON.stringify's spelling, except -0 (it writes "0", which would not parse back to -0).
      if (Object.is(value, -0)) return '-0';
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return 'null';
  }
  const inner = indent + (style.indentUnit ?? '');
  const open = multiLine ? style.newline + inner : '';
  const between = multiLine ? ',' + style.newline + inner : style.comma;
  const close = multiLine ? style.newline + indent : '';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return '[' + open + value.map((item) => serializeValue(item, style, inner, multiLine)).join(between) + close + ']';
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (entries.length === 0) return '{}';
  const members = entries.map(([k, v]) => quoteJsonString(k, style) + style.colon + serializeValue(v, style, inner, multiLine));
  return '{' + open + members.join(between) + close + '}';
}

/** Skips JSON whitespace from `i`. */
export function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

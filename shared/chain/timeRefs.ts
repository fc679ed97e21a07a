/**
 * Time references in free text (chains, questions, captions): clocks such as `01:09`, `1:02:03`,
 * `75:10` or `00:07.5`, seconds such as `12.5s` or `3 seconds`, and ranges built from two of them.
 * Pure and browser-safe: the webview highlights the same references the host analyses.
 *
 * Span convention: a reference runs from its first time token to its last one, so lead-in words
 * ("at", "from", "between") stay outside it ("from 01:09 to 01:13" → "01:09 to 01:13"), while brackets
 * or parentheses that wrap the reference and nothing else are part of it ("[00:07-00:15]", "(01:09)").
 *
 * A number with a seconds unit is a point even without "at" ("the clip is 5 seconds long" → 5 s):
 * prose rarely tells positions from durations, and a highlighted duration is harmless. A number with
 * no unit is never a time on its own ("version 2.5"), only as the start of a range whose end has a
 * unit ("3-5s", "between 3 and 5 seconds").
 */

export interface TimeRef {
  /** Seconds from the video's start. */
  start: number;
  /** Seconds; equal to `start` for a point. Always >= start: a reversed range is swapped. */
  end: number;
  /** Span of the whole reference in the text (UTF-16 indices, end exclusive). */
  from: number;
  to: number;
  /** `text.slice(from, to)`. */
  text: string;
  kind: 'point' | 'range';
  /** A range written end first ("00:15-00:07"); start/end are swapped already. */
  reversed: boolean;
}

export interface Interval {
  start: number;
  end: number;
}

type TokenKind = 'clock' | 'seconds' | 'bare';
interface Token {
  kind: TokenKind;
  value: number;
  from: number;
  to: number;
}

/*
 * One token: H:MM:SS, M:SS (minutes may pass 59, seconds are two digits below 60, so "16:9", "3:1"
 * and "10:75" are no clocks), or a number with an optional seconds unit. The look-arounds keep tokens
 * out of longer numbers, dotted versions, "1,000" and colon chains ("http://x:8080", "12:34:56:78").
 */
const TOKEN = new RegExp(
  String.raw`(?<![\w.:]|\d,)(?:` +
    String.raw`(\d{1,2}):([0-5]\d):([0-5]\d(?:\.\d+)?)` + // 1-3: H:MM:SS(.f)
    String.raw`|(\d{1,3}):([0-5]\d(?:\.\d+)?)` + // 4-5: M:SS(.f)
    String.raw`|(\d+(?:\.\d+)?)(\s*(?:seconds?|secs?)|s)?` + // 6-7: a number, with or without a unit
    String.raw`)(?![\w:]|\.\d)`,
  'gi',
);

const CLOCK_ONLY = /^\s*(?:(\d{1,2}):([0-5]\d):([0-5]\d(?:\.\d+)?)|(\d{1,3}):([0-5]\d(?:\.\d+)?))\s*$/;

/** Separators that always join two tokens into a range. */
const RANGE_SEPARATOR = /^(?:\s*(?:--?|–|—|~|->|→)\s*|\s+(?:to|until|till|through)\s+)$/i;
const AND_SEPARATOR = /^\s+and\s+$/i;
const COMMA_SEPARATOR = /^\s*,\s*$/;
const BETWEEN_BEFORE = /\bbetween\s+$/i;
/** Longest text between the two tokens of a range worth testing ("  until  "). */
const MAX_SEPARATOR = 12;

function clockSeconds(h: string | undefined, m: string, s: string): number {
  return (h === undefined ? 0 : Number(h) * 3600) + Number(m) * 60 + Number(s);
}

function tokenize(text: string, start: number, stop: number): Token[] {
  // Scanning a slice (cheap in JS engines) keeps a search from running past `stop`.
  const part = start === 0 && stop === text.length ? text : text.slice(start, stop);
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(part); match !== null; match = TOKEN.exec(part)) {
    const from = start + match.index;
    const to = from + match[0].length;
    if (match[1] !== undefined) {
      tokens.push({ kind: 'clock', value: clockSeconds(match[1], match[2], match[3]), from, to });
    } else if (match[4] !== undefined) {
      tokens.push({ kind: 'clock', value: clockSeconds(undefined, match[4], match[5]), from, to });
    } else {
      tokens.push({ kind: match[7] === undefined ? 'bare' : 'seconds', value: Number(match[6]), from, to });
    }
  }
  return tokens;
}

/** Clocks pair with clocks, seconds with seconds; a bare number only opens a range ended in seconds. */
function canPair(a: Token, b: Token): boolean {
  if (a.kind === 'bare') return b.kind === 'seconds';
  return a.kind === b.kind;
}

/** Bounds of the scanned part of the text: references never reach outside it. */
interface Bounds {
  start: number;
  stop: number;
}

/** The span widened to brackets or parentheses that enclose it with at most a little space inside. */
function wrapped(text: string, bounds: Bounds, from: number, to: number): [number, number] {
  let left = from - 1;
  while (left >= bounds.start && left > from - 4 && (text[left] === ' ' || text[left] === '\t')) left--;
  let right = to;
  while (right < bounds.stop && right < to + 3 && (text[right] === ' ' || text[right] === '\t')) right++;
  if (left < bounds.start || right >= bounds.stop) return [from, to];
  const open = text[left];
  const close = text[right];
  if ((open === '[' && close === ']') || (open === '(' && close === ')')) return [left, right + 1];
  return [from, to];
}

function isRange(text: string, bounds: Bounds, a: Token, b: Token): boolean {
  if (!canPair(a, b) || b.from - a.to > MAX_SEPARATOR) return false;
  const separator = text.slice(a.to, b.from);
  if (RANGE_SEPARATOR.test(separator)) return true;
  // "and" only after "between": "00:07 and 00:15" alone names two moments.
  if (AND_SEPARATOR.test(separator)) return BETWEEN_BEFORE.test(text.slice(Math.max(bounds.start, a.from - 12), a.from));
  // A comma only inside brackets: "[00:07, 00:15]".
  if (COMMA_SEPARATOR.test(separator)) return wrapped(text, bounds, a.from, b.to)[0] !== a.from;
  return false;
}

function makeRef(text: string, bounds: Bounds, first: Token, last: Token): TimeRef {
  const [from, to] = wrapped(text, bounds, first.from, last.to);
  return {
    start: Math.min(first.value, last.value),
    end: Math.max(first.value, last.value),
    from,
    to,
    text: text.slice(from, to),
    kind: first === last ? 'point' : 'range',
    reversed: last.value < first.value,
  };
}

/**
 * All time references in `text`, ordered by `from` and non-overlapping. With `start`/`stop`, only those
 * inside `text.slice(start, stop)`, still indexed in the whole text (no copy, so segments of a large
 * chain cost nothing extra).
 */
export function findTimeRefs(text: string, start = 0, stop?: number): TimeRef[] {
  if (typeof text !== 'string') return [];
  const bounds: Bounds = { start: Math.max(0, start), stop: Math.min(text.length, stop ?? text.length) };
  if (bounds.start >= bounds.stop) return [];
  const tokens = tokenize(text, bounds.start, bounds.stop);
  const refs: TimeRef[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const next = tokens[i + 1];
    if (next !== undefined && isRange(text, bounds, token, next)) {
      refs.push(makeRef(text, bounds, token, next));
      i++;
    } else if (token.kind !== 'bare') {
      refs.push(makeRef(text, bounds, token, token));
    }
  }
  return refs;
}

/** Seconds for a clock ("01:09" → 69, "1:02:03" → 3723, "75:10" → 4510, "00:07.5" → 7.5), else undefined. */
export function parseClock(clock: string): number | undefined {
  if (typeof clock !== 'string') return undefined;
  const match = CLOCK_ONLY.exec(clock);
  if (match === null) return undefined;
  return match[1] !== undefined ? clockSeconds(match[1], match[2], match[3]) : clockSeconds(undefined, match[4], match[5]);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

export interface ClockStyle {
  /** Zero-pad minutes to two digits when they lead ("00:42" rather than "0:42"). Default true. */
  padMinutes?: boolean;
  /** Zero-pad hours to two digits ("01:02:03" rather than "1:02:03"). Default false. */
  padHours?: boolean;
  /**
   * 'auto': hours from one hour on ("1:00:00"); 'always': even below ("0:00:42");
   * 'never': minutes past 59 instead ("75:10"), up to 999 minutes. Default 'auto'.
   */
  hours?: 'auto' | 'always' | 'never';
  /** Least number of fraction digits when the value has a fraction at all (it gets what it needs). Default 0. */
  fractionDigits?: number;
}

/** Most minutes the reader accepts in `M:SS`. */
const MAX_MINUTES = 999;

/** Whole seconds and the fraction text ("" or ".25") of a value rounded to milliseconds. */
export function splitSeconds(seconds: number, fractionDigits: number): { whole: number; fraction: string } {
  const millis = Math.round(Math.abs(seconds) * 1000);
  const whole = Math.floor(millis / 1000);
  const rest = millis % 1000;
  if (rest === 0) return { whole, fraction: '' };
  let digits = String(rest).padStart(3, '0').replace(/0+$/, '');
  const least = Math.min(Math.max(0, Math.floor(fractionDigits)), 9);
  if (digits.length < least) digits = digits.padEnd(least, '0');
  return { whole, fraction: `.${digits}` };
}

/**
 * A clock for `seconds`: canonical `MM:SS` below an hour and `H:MM:SS` from one (7.5 → "00:07.5",
 * 3723 → "1:02:03"), or in the given style. Milliseconds at most; '--:--' for a non-finite value.
 */
export function formatClock(seconds: number, style: ClockStyle = {}): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const sign = seconds < 0 ? '-' : '';
  const { whole, fraction } = splitSeconds(seconds, style.fractionDigits ?? 0);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = pad2(whole % 60) + fraction;
  const mode = style.hours ?? 'auto';
  const totalMinutes = Math.floor(whole / 60);
  const withHours = mode === 'always' || (mode === 'auto' && h > 0) || (mode === 'never' && totalMinutes > MAX_MINUTES);
  if (withHours) {
    const hh = style.padHours === true ? pad2(h) : String(h);
    return `${sign}${hh}:${pad2(m)}:${s}`;
  }
  const minutes = mode === 'never' ? totalMinutes : m;
  const mm = style.padMinutes === false ? String(minutes) : pad2(minutes);
  return `${sign}${mm}:${s}`;
}

/** Sorted intervals with overlapping or touching ones merged; reversed ones are swapped, NaN ones dropped. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals
    .filter((iv) => !Number.isNaN(iv.start) && !Number.isNaN(iv.end))
    .map((iv) => (iv.start <= iv.end ? { start: iv.start, end: iv.end } : { start: iv.end, end: iv.start }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Interval[] = [];
  for (const iv of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && iv.start <= last.end) last.end = Math.max(last.end, iv.end);
    else merged.push(iv);
  }
  return merged;
}

/**
 * Writing time references back into text in the style of an existing one, so that re-timing a chip
 * keeps the chain's look: `00:42` stays zero-padded, `0:42` does not, `1:02:03` keeps its hours,
 * `12.5s` and `12 seconds` stay seconds, `[00:07-00:15]` keeps its brackets and separator.
 * Pure and browser-safe.
 *
 * Round trip: `findTimeRefs(formatTimeLike(original, start, end))` yields one reference with that
 * start and end (to the millisecond), except for a range written with the original's " and "
 * separator, which reads as a range only after "between" (as it did where the original stood).
 * Values that no clock can hold (100 hours and more, which the reader's `H:MM:SS` does not accept) are
 * written in seconds (`360000s`).
 */
import { formatClock, splitSeconds, type ClockStyle } from './timeRefs';

/** Most hours the reader accepts in `H:MM:SS`. */
const MAX_HOURS = 99;

/** Seconds as a plain number, milliseconds at most ("12.5", "3"). */
function formatNumber(seconds: number, fractionDigits: number): string {
  const { whole, fraction } = splitSeconds(seconds, fractionDigits);
  return `${seconds < 0 ? '-' : ''}${whole}${fraction}`;
}

interface ClockToken {
  kind: 'clock';
  from: number;
  to: number;
  style: ClockStyle;
}
interface SecondsToken {
  kind: 'seconds';
  from: number;
  to: number;
  /** The unit as written, with its leading space ("s", " seconds"); '' for a bare number. */
  unit: string;
  fractionDigits: number;
}
type StyleToken = ClockToken | SecondsToken;

/** Same token shapes as the reader in timeRefs.ts (H:MM:SS, M:SS, a number with an optional seconds unit). */
const TOKEN =
  /(?<![\w.:])(?:(\d{1,2}):([0-5]\d):([0-5]\d)(?:\.(\d+))?|(\d{1,3}):([0-5]\d)(?:\.(\d+))?|(\d+)(?:\.(\d+))?(\s*(?:seconds?|secs?)|s)?)(?![\w:]|\.\d)/gi;

/** Whether a leading field pads to two digits: "0:42" no, "00:42" yes, "12:42" unknown (default). */
function padded(field: string, fallback: boolean): boolean {
  if (field.length === 1) return false;
  if (field.length === 2 && field.startsWith('0')) return true;
  return fallback;
}

function styleTokens(original: string): StyleToken[] {
  const tokens: StyleToken[] = [];
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(original); match !== null; match = TOKEN.exec(original)) {
    const from = match.index;
    const to = from + match[0].length;
    if (match[1] !== undefined) {
      const style: ClockStyle = { hours: 'always', padHours: padded(match[1], false), padMinutes: true, fractionDigits: match[4]?.length ?? 0 };
      tokens.push({ kind: 'clock', from, to, style });
    } else if (match[5] !== undefined) {
      const hours = Number(match[5]) >= 60 ? 'never' : 'auto';
      const style: ClockStyle = { hours, padHours: false, padMinutes: padded(match[5], true), fractionDigits: match[7]?.length ?? 0 };
      tokens.push({ kind: 'clock', from, to, style });
    } else {
      tokens.push({ kind: 'seconds', from, to, unit: match[10] ?? '', fractionDigits: match[9]?.length ?? 0 });
    }
  }
  return tokens;
}

/** "second" for exactly one, "seconds" otherwise, when the unit is that word in lower case. */
function unitFor(unit: string, seconds: number): string {
  const match = /^(\s*)(seconds?)$/.exec(unit);
  if (match === null) return unit;
  return match[1] + (Math.round(seconds * 1000) === 1000 ? 'second' : 'seconds');
}

/** Whether a clock in this style can hold the value (the reader takes at most 99 hours). */
const clockFits = (seconds: number): boolean => Math.round(seconds * 1000) < (MAX_HOURS + 1) * 3600 * 1000;

function writeToken(token: StyleToken, seconds: number, withUnit: boolean): string {
  if (token.kind === 'clock') {
    return clockFits(seconds) ? formatClock(seconds, token.style) : `${formatNumber(seconds, token.style.fractionDigits ?? 0)}s`;
  }
  const unit = withUnit ? unitFor(token.unit === '' ? 's' : token.unit, seconds) : '';
  return formatNumber(seconds, token.fractionDigits) + unit;
}

/**
 * A time reference for `start`–`end` written like `original` (a reference's text such as "00:42",
 * "[00:07-00:15]", "(01:09)", "01:09 to 01:13", "12.5s", "3-5 seconds"): a point when start === end,
 * a range otherwise. The original's wrapping text (brackets), range separator, clock padding, hours
 * and seconds unit are kept; a point turned range gets "-" (`MM:SS-MM:SS`, `12s-15s`, `12-15 seconds`).
 * An original with no time in it gives canonical clocks.
 */
export function formatTimeLike(original: string, start: number, end: number): string {
  const text = typeof original === 'string' ? original : '';
  const found = styleTokens(text);
  // No time in the original: canonical clocks, and nothing of its text.
  const tokens: StyleToken[] = found.length > 0 ? found : [{ kind: 'clock', from: 0, to: text.length, style: {} }];
  const point = start === end;
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  const prefix = text.slice(0, first.from);
  const suffix = text.slice(last.to);
  // The token that carries the unit: the last one in "3-5s".
  const unitToken = last.kind === 'seconds' && last.unit !== '' ? last : first;

  if (point) return prefix + writeToken(first.kind === 'seconds' ? unitToken : first, start, true) + suffix;

  // A clock that cannot hold the end writes both ends in seconds, so they still pair into a range.
  if (first.kind === 'clock' && !clockFits(end)) {
    const seconds: SecondsToken = { kind: 'seconds', from: 0, to: 0, unit: 's', fractionDigits: 0 };
    return `${prefix}${writeToken(seconds, start, true)}-${writeToken(seconds, end, true)}${suffix}`;
  }

  if (tokens.length >= 2) {
    const separator = text.slice(first.to, last.from);
    // A bare first number ("3-5s") stays bare; each token keeps its own unit.
    const head = first.kind === 'seconds' ? writeToken(first, start, first.unit !== '') : writeToken(first, start, true);
    const tail = last.kind === 'seconds' ? writeToken(unitToken, end, true) : writeToken(last, end, true);
    return prefix + head + separator + tail + suffix;
  }

  // A point turned into a range.
  if (first.kind === 'clock') return `${prefix}${writeToken(first, start, true)}-${writeToken(first, end, true)}${suffix}`;
  const wordUnit = /^\s/.test(first.unit);
  const head = writeToken(first, start, !wordUnit);
  return `${prefix}${head}-${writeToken(first, end, true)}${suffix}`;
}

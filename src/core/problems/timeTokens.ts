/** The time tokens of a chain's time references, as the line checks read and rewrite them (in their own style). */
import { formatTimeLike } from '../../../shared/chain/formatTimeRef';
import type { TimeRef } from '../../../shared/chain/timeRefs';

export interface TimeToken {
  kind: 'clock' | 'seconds' | 'bare';
  value: number;
  /** Span in the chain. */
  from: number;
  to: number;
  text: string;
  /** For seconds: the unit as written ("s", " seconds"). */
  unit: string;
}

const TOKEN_IN_REF = /(\d{1,2}):([0-5]\d):([0-5]\d(?:\.\d+)?)|(\d{1,3}):([0-5]\d(?:\.\d+)?)|(\d+(?:\.\d+)?)(\s*(?:seconds?|secs?)|s)?/gi;
/** Clocks findTimeRefs does not take, with one-digit minutes or seconds: `1:02:3`, `1:2:03`. */
export const LOOSE_CLOCK = /(?<![\w.:]|\d,)(\d{1,2}):(\d{1,2}):(\d{1,2}(?:\.\d+)?)(?![\w:]|\.\d)/g;
const CANONICAL_CLOCK = /^(?:(\d{2}):[0-5]\d|[1-9]\d*:[0-5]\d:[0-5]\d)(?:\.\d+)?$/;
export const COMPACT_SECONDS = /^s$/i;

/** The first and last time tokens of a reference (the same token for a point). */
export function tokensOf(chain: string, ref: TimeRef): TimeToken[] {
  const tokens: TimeToken[] = [];
  TOKEN_IN_REF.lastIndex = 0;
  for (let m = TOKEN_IN_REF.exec(ref.text); m !== null; m = TOKEN_IN_REF.exec(ref.text)) {
    if (m[0].length === 0) {
      TOKEN_IN_REF.lastIndex++;
      continue;
    }
    const from = ref.from + m.index;
    const base = { from, to: from + m[0].length, text: m[0] };
    if (m[1] !== undefined) tokens.push({ ...base, kind: 'clock', value: Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]), unit: '' });
    else if (m[4] !== undefined) tokens.push({ ...base, kind: 'clock', value: Number(m[4]) * 60 + Number(m[5]), unit: '' });
    else tokens.push({ ...base, kind: m[7] === undefined ? 'bare' : 'seconds', value: Number(m[6]), unit: m[7] ?? '' });
  }
  if (tokens.length === 0) return [];
  const picked = ref.kind === 'point' ? [tokens[0]] : [tokens[0], tokens[tokens.length - 1]];
  // The tokens must give the reference's own times; anything odd leaves the reference alone.
  const values = picked.map((t) => t.value);
  const same = (a: number, b: number): boolean => Math.abs(a - b) < 1e-6;
  const ok = same(Math.min(...values), ref.start) && same(Math.max(...values), ref.end) && chain.slice(picked[0].from, picked[0].to) === picked[0].text;
  return ok ? picked : [];
}

export function isCanonicalClock(token: TimeToken): boolean {
  const match = CANONICAL_CLOCK.exec(token.text);
  if (match === null) return false;
  return match[1] !== undefined ? token.value < 3600 : token.value >= 3600;
}

/** A number as seconds are written: at most 3 decimals, none when whole. */
export const secondsText = (seconds: number): string => String(Math.round(seconds * 1000) / 1000);

/** A token's text for a new value, in the token's own style ("0:42", "00:42", "12s", "12 seconds", a bare number). */
export function retime(token: TimeToken, seconds: number): string {
  if (token.kind === 'bare') return secondsText(seconds);
  return formatTimeLike(token.text, seconds, seconds);
}

export interface TextEdit {
  from: number;
  to: number;
  text: string;
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.from - a.from)) out = out.slice(0, edit.from) + edit.text + out.slice(edit.to);
  return out;
}

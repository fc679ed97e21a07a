/**
 * Times typed into a re-time field, pure (no DOM). People type what they read in the chain ("01:09",
 * "1:02:03") or plain seconds ("69", "12.5s"), so all of them are accepted; the fields show clocks.
 */
import { formatClock } from '../../shared/chain/timeRefs';

/** The protocol's ceiling on a cited time (shared/edit/edits.ts). */
export const MAX_SECONDS = 1e7;

const SECONDS = /^(\d+(?:\.\d*)?|\.\d+)\s*(?:s|secs?|seconds?)?$/i;
const MINUTES_SECONDS = /^(\d+):(\d{1,2}(?:\.\d+)?)$/;
const HOURS_MINUTES_SECONDS = /^(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/;

/** Milliseconds are the finest a chip is written with; rounding also hides float noise (0.1 + 0.2). */
const roundMs = (seconds: number): number => Math.round(seconds * 1000) / 1000;

/**
 * Seconds for "MM:SS", "M:SS", "H:MM:SS" (fractions allowed: "00:07.5"; minutes may pass 59 without
 * hours: "75:10"), or seconds ("69", "12.5", "12.5s", "3 seconds"); undefined for anything else,
 * negative or past MAX_SECONDS. Seconds (and minutes under hours) must be below 60.
 */
export function parseTimeInput(input: string): number | undefined {
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  if (text === '') return undefined;
  let seconds: number | undefined;
  const plain = SECONDS.exec(text);
  const ms = MINUTES_SECONDS.exec(text);
  const hms = HOURS_MINUTES_SECONDS.exec(text);
  if (plain) seconds = Number(plain[1]);
  else if (ms) {
    const s = Number(ms[2]);
    if (s < 60) seconds = Number(ms[1]) * 60 + s;
  } else if (hms) {
    const m = Number(hms[2]);
    const s = Number(hms[3]);
    if (m < 60 && s < 60) seconds = Number(hms[1]) * 3600 + m * 60 + s;
  }
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_SECONDS) return undefined;
  return roundMs(seconds);
}

/** How a time is shown in a re-time field: a clock the parser reads back ("00:07.5", "1:02:03"). */
export function formatTimeInput(seconds: number): string {
  return formatClock(roundMs(seconds));
}

/**
 * Which frames stand for a cited interval, pure and browser-safe: the host extracts them, the webview
 * lays out their placeholders and marks the ones that stand in for a time past the video's end.
 */
import { PAST_END_TOLERANCE } from '../chain/grounding';

/** Keep this far from the end: the last frame starts up to one frame before `duration`. */
const END_MARGIN = 0.05;
/** Intervals shorter than this are treated as a point. */
const POINT_WIDTH = 0.1;

/** Rounds to 0.1 s without binary noise (0.30000000000000004). */
export function roundTenth(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}

/** The smallest multiple of 0.1 s at or after `seconds` (4.3 stays 4.3, 4.31 gives 4.4). */
function ceilTenth(seconds: number): number {
  return Math.ceil(Math.round(seconds * 1e6) / 1e5) / 10;
}

/** The largest multiple of 0.1 s at or before `seconds`. */
function floorTenth(seconds: number): number {
  return Math.floor(Math.round(seconds * 1e6) / 1e5) / 10;
}

/** The last time a frame is taken at: 0.05 s short of the end, rounded down to 0.1 s; Infinity when unknown. */
export function lastFrameTime(duration: number | null): number {
  return duration !== null && Number.isFinite(duration) ? Math.max(0, floorTenth(duration - END_MARGIN)) : Infinity;
}

/** Whether `seconds` lies past the video's end by more than the tolerance the grounding check allows. */
export function isPastEnd(seconds: number, duration: number | null): boolean {
  return duration !== null && Number.isFinite(duration) && seconds > duration + PAST_END_TOLERANCE;
}

export interface PlannedFrame {
  /** Seconds from the first frame, on a 0.1 s grid, inside the cited interval unless clamped. */
  time: number;
  /** The cited time it stands for is past the video's end: this is the video's last frame instead. */
  pastEnd: boolean;
}

/**
 * The frames for the interval [start, end] (seconds from the first frame), ascending and distinct.
 *
 * - An interval gives `count` frames at the middles of `count` equal parts (for [10, 20] and 3: 11.7,
 *   15, 18.3), rounded to 0.1 s and kept inside the interval, so no picture comes from before its
 *   start or after its end (where a shot cut often sits).
 * - A point (or an interval shorter than 0.1 s) gives one frame: at the point, or the first 0.1 s
 *   step after it; never before it, never a second later.
 * - With a known duration, times past the last frame are clamped to it (0.05 s short of the end,
 *   rounded down); such a frame is marked `pastEnd` when the time it stands for is past the end by
 *   more than the grounding check's tolerance. A reversed interval is read in order; negative times
 *   count as 0.
 */
export function thumbnailPlan(start: number, end: number, duration: number | null, count = 3): PlannedFrame[] {
  if (!Number.isFinite(start) || !Number.isFinite(end) || count < 1) return [];
  const [from, to] = start <= end ? [Math.max(0, start), Math.max(0, end)] : [Math.max(0, end), Math.max(0, start)];
  const wanted: number[] = [];
  if (to - from < POINT_WIDTH) {
    wanted.push(ceilTenth(from));
  } else {
    const n = Math.floor(count);
    // An interval at least 0.1 s long holds a multiple of 0.1 s, so [low, high] is never empty.
    const low = ceilTenth(from);
    const high = floorTenth(to);
    for (let i = 0; i < n; i++) wanted.push(Math.min(high, Math.max(low, roundTenth(from + ((to - from) * (i + 0.5)) / n))));
  }
  const last = lastFrameTime(duration);
  const frames = new Map<number, boolean>();
  for (const time of wanted) {
    const shown = Math.min(last, time);
    const pastEnd = shown < time && isPastEnd(time, duration);
    frames.set(shown, (frames.get(shown) ?? false) || pastEnd);
  }
  return [...frames].map(([time, pastEnd]) => ({ time, pastEnd })).sort((a, b) => a.time - b.time);
}

/** The times of `thumbnailPlan`. */
export function thumbnailTimes(start: number, end: number, duration: number | null, count = 3): number[] {
  return thumbnailPlan(start, end, duration, count).map((frame) => frame.time);
}

/** How many frames the interval gets before the duration is known (the strip's placeholders). */
export function plannedFrameCount(start: number, end: number, count = 3): number {
  return thumbnailPlan(start, end, null, count).length;
}

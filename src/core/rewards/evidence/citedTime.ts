/**
 * Time arithmetic of the evidence check, pure: the windows an observation's citations stand for, and
 * how much of them the caption segments cover. A segment weighs by the seconds it shares with the
 * cited windows, so a segment that only touches a cited range (or lies in the padding of a range)
 * counts for nothing, and one that fills the cited time counts fully.
 */
import type { Interval } from '../../../../shared/chain/timeRefs';

/**
 * Seconds added on both sides of a point citation ("at 00:29") or a span shorter than 2 × this: times
 * are cited to the second, so a point stands for the seconds around it. Longer spans are taken as cited.
 */
export const POINT_PADDING = 1;

/** Disjoint, sorted windows of the cited intervals (reversed ones swapped, NaN ones dropped, points widened). */
export function citedWindows(intervals: readonly Interval[], padding = POINT_PADDING): Interval[] {
  const widened: Interval[] = [];
  for (const iv of intervals) {
    const lo = Math.min(iv.start, iv.end);
    const hi = Math.max(iv.start, iv.end);
    if (Number.isNaN(lo) || Number.isNaN(hi)) continue;
    widened.push(hi - lo < 2 * padding ? { start: lo - padding, end: hi + padding } : { start: lo, end: hi });
  }
  return mergeSpans(widened);
}

/** Sorted, disjoint union of the spans (touching spans join). */
export function mergeSpans(spans: readonly Interval[]): Interval[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Interval[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ start: s.start, end: s.end });
  }
  return merged;
}

/** Total length of a union of spans. */
export function measure(spans: readonly Interval[]): number {
  let total = 0;
  for (const s of mergeSpans(spans)) total += s.end - s.start;
  return total;
}

/** The parts of `span` inside the disjoint `windows`. */
export function clip(span: Interval, windows: readonly Interval[]): Interval[] {
  const lo = Math.min(span.start, span.end);
  const hi = Math.max(span.start, span.end);
  const parts: Interval[] = [];
  for (const w of windows) {
    const start = Math.max(lo, w.start);
    const end = Math.min(hi, w.end);
    if (end > start) parts.push({ start, end });
  }
  return parts;
}

/** Seconds of the windows covered by at least one of the spans. */
export function coveredSeconds(spans: readonly Interval[], windows: readonly Interval[]): number {
  return measure(spans.flatMap((s) => clip(s, windows)));
}

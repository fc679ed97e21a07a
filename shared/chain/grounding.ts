/**
 * Offline grounding checks of one chain card: what can be said about its cited times without a judge
 * model (see docs "The O&R reward", point d). Pure and browser-safe, so the host and the webview agree.
 */
import type { CardKind, GroundingWarning } from './chainSchemas';
import { captionSegmentsOverlapping } from './captions';
import { findTimeRefs, formatClock, type Interval, type TimeRef } from './timeRefs';

/** Seconds a citation may pass the video's end before it is flagged: durations and clocks round. */
export const PAST_END_TOLERANCE = 0.5;

export type ActionKind = 'retrieve' | 'query';

/** The two ReWatch verbs, anywhere (after "I'll", "Action:"…); whichever is written first wins. */
const NAMED_VERB = /\b(?:(retriev\w*)|(quer(?:y|ies|ied|ying)))\b/i;
/** Words of looking at a known place ("watch", "look at", "the segment"): with a cited point they ask for a query. */
const QUERY_VERB =
  /\b(?:re-?watch\w*|watch\w*|check\w*|look(?:s|ing)?\s+at|examin\w*|inspect\w*|review\w*|view\w*|zoom\w*|focus\w*|analy[sz]\w*|segment|clip|window|interval)\b/i;
/** Verbs of searching for an unknown place: a retrieval. */
const SEARCH_VERB = /\b(?:search\w*|find\w*|locat\w*|look(?:s|ing)?\s+for|seek\w*|identif\w*)\b/i;

/**
 * What an action asks for: "retrieve segments where …" (a search by description) or "query the segment
 * from T1 to T2 …" (a look at a known time). Tolerant of case and lead-ins ("I'll", "Retrieve:");
 * without either verb, a cited range (or a point with a looking verb: "look at 00:15") is a query, and a
 * searching verb without one a retrieval.
 */
export function actionKind(actionText: string): ActionKind | null {
  if (typeof actionText !== 'string') return null;
  const named = NAMED_VERB.exec(actionText);
  if (named !== null) return named[1] !== undefined ? 'retrieve' : 'query';
  const refs = findTimeRefs(actionText);
  // Only the two kinds exist, and a bounded search is a look at a known window.
  if (refs.some((r) => r.kind === 'range')) return 'query';
  if (refs.length > 0) {
    // A bare "[00:15]" asks for nothing else either.
    const words = refs.reduceRight((rest, r) => rest.slice(0, r.from) + rest.slice(r.to), actionText);
    if (QUERY_VERB.test(actionText) || !/\p{L}/u.test(words)) return 'query';
  }
  if (SEARCH_VERB.test(actionText)) return 'retrieve';
  return null;
}

/** What the checks need of a card: chips or time refs both fit. */
export interface GroundingCard {
  kind: CardKind;
  timeRefs: readonly Pick<TimeRef, 'start' | 'end' | 'reversed'>[];
  /** The card's cited intervals, merged; a point t as [t, t]. */
  intervals: readonly Interval[];
}

export interface GroundingContext {
  /** Seconds; null when unknown (no past-end check). */
  duration: number | null;
  /** The video's caption segments (only their times are read); null or empty when unknown (no coverage check). */
  captions: readonly Interval[] | null;
  /** For an observation: whether its step's action cited a time. */
  actionHadTime?: boolean;
}

/** How a citation is named in messages: `00:12` for a point, `00:12-00:15` for a range. */
export const spanText = (iv: Interval): string => (iv.start === iv.end ? formatClock(iv.start) : `${formatClock(iv.start)}-${formatClock(iv.end)}`);

/**
 * The grounding checks' message builders, shared by the step cards (below) and the problem engine
 * (`src/core/problems/`), so a problem reads the same wherever it is shown. Each returns null when the
 * citation is fine.
 */
export const GROUNDING_MESSAGES = {
  /** A citation past the video's end (`duration` + PAST_END_TOLERANCE): names only the part that is past it. */
  pastEnd(ref: Interval, duration: number | null): string | null {
    if (duration === null || !Number.isFinite(duration)) return null;
    const limit = duration + PAST_END_TOLERANCE;
    if (ref.end <= limit) return null;
    // "01:12" for 00:25-01:12, the whole range when all of it is past the end.
    const shown = ref.start > limit ? spanText(ref) : formatClock(ref.end);
    return `Cites ${shown}, past the video's end (${formatClock(duration)})`;
  },
  /** A range written end first; `ref` has start ≤ end already (as found). */
  reversed(ref: Pick<TimeRef, 'start' | 'end' | 'reversed'>): string | null {
    return ref.reversed ? `Written end first: ${formatClock(ref.end)}-${formatClock(ref.start)}` : null;
  },
  observationWithoutTime: 'The observation cites no time, although its action named one: where was this seen?',
  uncovered: (iv: Interval): string => `No caption segment covers ${spanText(iv)}`,
} as const;

/** Whether a cited interval lies wholly past the video's end: no caption could cover it, and it has its past-end warning. */
export function whollyPastEnd(iv: Interval, duration: number | null): boolean {
  return duration !== null && Number.isFinite(duration) && iv.start > duration + PAST_END_TOLERANCE;
}

/** The refs with their identical intervals dropped: one warning per offending interval. */
function distinct<T extends Interval>(refs: readonly T[]): readonly T[] {
  if (refs.length < 2) return refs; // the common case, without a set per card
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = `${r.start}:${r.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The card's grounding warnings, grouped by code in `GroundingCode` order (past-end, reversed-interval,
 * observation-without-time, uncovered-by-captions), each group in text (or interval) order.
 */
export function groundingWarnings(card: GroundingCard, context: GroundingContext): GroundingWarning[] {
  const warnings: GroundingWarning[] = [];
  if (card.timeRefs.length === 0 && card.intervals.length === 0 && card.kind !== 'observation') return warnings;
  const refs = distinct(card.timeRefs);
  const { duration } = context;

  for (const ref of refs) {
    const message = GROUNDING_MESSAGES.pastEnd(ref, duration);
    if (message !== null) warnings.push({ code: 'past-end', message, start: ref.start, end: ref.end });
  }

  for (const ref of refs) {
    const message = GROUNDING_MESSAGES.reversed(ref);
    if (message !== null) warnings.push({ code: 'reversed-interval', message, start: ref.start, end: ref.end });
  }

  if (observationWithoutTime(card, context)) {
    warnings.push({ code: 'observation-without-time', message: GROUNDING_MESSAGES.observationWithoutTime });
  }

  const uncovered = captionCoverage(context.captions);
  if (uncovered !== null) {
    for (const iv of card.intervals) {
      // An interval wholly past the end already has its warning; no caption could cover it.
      if (whollyPastEnd(iv, duration)) continue;
      if (!uncovered(iv)) warnings.push({ code: 'uncovered-by-captions', message: GROUNDING_MESSAGES.uncovered(iv), start: iv.start, end: iv.end });
    }
  }
  return warnings;
}

/** An observation citing no time although its step's action named one. */
export function observationWithoutTime(card: Pick<GroundingCard, 'kind' | 'timeRefs'>, context: Pick<GroundingContext, 'actionHadTime'>): boolean {
  return card.kind === 'observation' && card.timeRefs.length === 0 && context.actionHadTime === true;
}

/** Whether a caption segment covers an interval, for these captions; null when there are none (no coverage check). */
export function captionCoverage(captions: readonly Interval[] | null): Coverage | null {
  return captions === null || captions.length === 0 ? null : coverage(captions);
}

export type Coverage = (interval: Interval) => boolean;
const coverageCache = new WeakMap<readonly Interval[], Coverage>();

/**
 * Whether any segment overlaps an interval, by `captionSegmentsOverlapping`'s rule (a point on a
 * boundary counts), in O(log n) for ordinary captions: a long chain asks once per cited interval.
 * Built once per caption list.
 */
function coverage(segments: readonly Interval[]): Coverage {
  const cached = coverageCache.get(segments);
  if (cached !== undefined) return cached;
  const sorted = [...segments].sort((a, b) => a.start - b.start);
  const reach: number[] = []; // reach[i]: the latest end among sorted[0..i]
  sorted.forEach((seg, i) => reach.push(Math.max(seg.end, i > 0 ? reach[i - 1] : -Infinity)));
  const covered: Coverage = (interval) => {
    const lo = Math.min(interval.start, interval.end);
    const hi = Math.max(interval.start, interval.end);
    // Only segments starting at or before `hi` and reaching `lo` can overlap.
    let count = 0;
    for (let step = 1 << 30; step > 0; step >>= 1) {
      if (count + step <= sorted.length && sorted[count + step - 1].start <= hi) count += step;
    }
    for (let i = count - 1; i >= 0 && reach[i] >= lo; i--) {
      if (captionSegmentsOverlapping([sorted[i]], { start: lo, end: hi }).length > 0) return true;
    }
    return false;
  };
  coverageCache.set(segments, covered);
  return covered;
}

/**
 * The offline evidence check of each action/observation step (docs "The O&R reward", point d): do the
 * cited times lie inside the video, which caption segments cover the time the observation cites (its own
 * citations; only when it cites none, its action's), and how much of the observation (weighted content
 * words) those segments say too. A word counts by the share of the cited time whose caption says it, so a
 * segment that fills the cited time weighs fully, one that covers a tenth of it a tenth, and a broad
 * action interval no longer lends every segment's words to an observation about one moment. A
 * word-overlap heuristic that stands in for the judge when none is configured; it cannot read meaning,
 * so it is shown as an estimate, never as r_obs.
 */
import { PAST_END_TOLERANCE } from '../../../../shared/chain/grounding';
import type { ChainSegment, ParsedChain } from '../../../../shared/chain/parseChain';
import { formatClock, mergeIntervals, type Interval } from '../../../../shared/chain/timeRefs';
import type { Evidence, EvidenceStep, WordMatch } from '../../../../shared/rewards/scores';
import type { CaptionIndex } from './captionIndex';
import { citedWindows, coveredSeconds } from './citedTime';
import { contentTokens } from './tokenize';

export interface EvidenceInput {
  /** ChainStep index. */
  step: number;
  /** The observation's inner text; null when the step has none. */
  observation: string | null;
  /** The intervals the observation itself cites. */
  observationIntervals: Interval[];
  /** The intervals its action cites (judged against only when the observation cites none). */
  actionIntervals: Interval[];
}

const citedBy = (segment: ChainSegment | undefined): Interval[] =>
  segment === undefined ? [] : mergeIntervals(segment.timeRefs.map((r) => ({ start: r.start, end: r.end })));

/** The evidence inputs of a parsed chain's steps. */
export function evidenceInputs(parsed: ParsedChain): EvidenceInput[] {
  return parsed.steps.map((s) => ({
    step: s.index,
    observation: s.observation?.text ?? null,
    observationIntervals: citedBy(s.observation),
    actionIntervals: citedBy(s.action),
  }));
}

/** Unmatched words named in a note, at most. */
const NOTE_WORDS = 6;
/** A word found in less than this share of the cited time is named in the note as found only in part of it. */
const PARTLY_BELOW = 0.5;

const span = (iv: Interval): string => (iv.start === iv.end ? formatClock(iv.start) : `${formatClock(iv.start)}–${formatClock(iv.end)}`);
const spans = (intervals: readonly Interval[]): string => intervals.map(span).join(', ');
const listed = (words: readonly string[]): string => words.slice(0, NOTE_WORDS).join(', ') + (words.length > NOTE_WORDS ? ', …' : '');
const percent = (share: number): string => `${Math.round(share * 100)}%`;

function insideVideo(intervals: readonly Interval[], duration: number | null): { inside: boolean | null; outside: Interval[] } {
  if (duration === null || !Number.isFinite(duration) || intervals.length === 0) return { inside: null, outside: [] };
  const outside = intervals.filter((iv) => Math.min(iv.start, iv.end) < 0 || Math.max(iv.start, iv.end) > duration + PAST_END_TOLERANCE);
  return { inside: outside.length === 0, outside };
}

function allSegments(captions: CaptionIndex): number[] {
  const all: number[] = [];
  for (let i = 0; i < captions.size; i++) all.push(i);
  return all;
}

/** How a token is supported: the share of the judged time whose caption has its stem, and the segment that has the most of it. */
interface Support {
  share: number;
  segment: number | null;
}

/** How much each caption segment weighs in each cited window, and a word's support from them. */
interface Weighing {
  /** Segments sharing time with some window (one that only touches a window's edge shares none), ascending. */
  segments: number[];
  /** Per segment: its largest share of a window's captioned time. */
  coverage: number[];
  support(stem: string): Support;
}

/**
 * A window's captioned time is the part of it some segment covers (gaps in the caption do not count
 * against the observation). A word's share is, in the window where it fares best, the part of that
 * captioned time whose segments hold it: an observation citing three moments is judged at each of them.
 */
function weighing(captions: CaptionIndex, windows: readonly Interval[]): Weighing {
  const perWindow = windows
    .map((window) => {
      const segments = captions.overlapping([window], 0).filter((i) => coveredSeconds([captions.segment(i)], [window]) > 0);
      const seconds = new Map(segments.map((i) => [i, coveredSeconds([captions.segment(i)], [window])]));
      return {
        window,
        segments,
        seconds,
        covered: coveredSeconds(
          segments.map((i) => captions.segment(i)),
          [window],
        ),
      };
    })
    // A window no segment covers (past the caption's end, in a gap) weighs nothing.
    .filter((w) => w.covered > 0);
  const segments = [...new Set(perWindow.flatMap((w) => w.segments))].sort((a, b) => a - b);
  const coverage = segments.map((i) => Math.max(0, ...perWindow.map((w) => Math.min(1, (w.seconds.get(i) ?? 0) / w.covered))));
  const support = (stem: string): Support => {
    let found: Support = { share: 0, segment: null };
    for (const w of perWindow) {
      const having = w.segments.filter((i) => captions.stems(i).has(stem));
      if (having.length === 0) continue;
      const share = Math.min(
        1,
        coveredSeconds(
          having.map((i) => captions.segment(i)),
          [w.window],
        ) / w.covered,
      );
      if (share <= found.share) continue;
      // The segment holding the word for the most of this window (the first of equals).
      let best = having[0];
      for (const i of having) if ((w.seconds.get(i) ?? 0) > (w.seconds.get(best) ?? 0)) best = i;
      found = { share, segment: best };
    }
    return found;
  };
  return { segments, coverage, support };
}

function stepEvidence(input: EvidenceInput, captions: CaptionIndex | null, duration: number | null): EvidenceStep {
  const own = input.observationIntervals.length > 0;
  const intervals = (own ? input.observationIntervals : input.actionIntervals).map((iv) => ({ start: iv.start, end: iv.end }));
  // Every interval the step cites, each once, as cited (a reversed one is named as written).
  const cited = [...input.observationIntervals, ...input.actionIntervals].filter(
    (iv, i, all) => all.findIndex((other) => other.start === iv.start && other.end === iv.end) === i,
  );
  const { inside, outside } = insideVideo(cited, duration);
  const hasCaptions = captions !== null && captions.size > 0;
  const windows = citedWindows(intervals);
  const weigh = hasCaptions ? weighing(captions, windows) : null;
  const segments = weigh?.segments ?? [];
  const notes: string[] = [];
  if (inside === false) notes.push(`${spans(outside)} lies outside the video (00:00–${formatClock(duration ?? 0)})`);

  const result = (support: number | null, matches: WordMatch[]): EvidenceStep => ({
    step: input.step,
    intervals,
    judgedAgainst: own ? 'observation' : intervals.length > 0 ? 'action' : 'none',
    inside,
    segments,
    coverage: weigh?.coverage ?? [],
    support,
    matches,
    note: notes.length === 0 ? null : `${notes.join('; ')}.`,
  });

  if (!hasCaptions) {
    notes.push('no caption for this video');
    return result(null, []);
  }
  if (input.observation === null || input.observation.trim() === '') {
    notes.push('the step has no observation');
    return result(null, []);
  }
  const tokens = contentTokens(input.observation);
  if (tokens.length === 0) {
    notes.push('the observation has no content words to check');
    return result(null, []);
  }

  let supportOf: (stem: string) => Support;
  let where: string;
  if (intervals.length === 0) {
    // Nothing cited anywhere: a word counts wherever the caption says it (there is no time to weigh by).
    notes.push('the step cites no time: checked against the whole caption');
    where = 'the caption';
    const all = allSegments(captions);
    supportOf = (stem) => {
      const segment = all.find((i) => captions.stems(i).has(stem));
      return segment === undefined ? { share: 0, segment: null } : { share: 1, segment };
    };
  } else {
    if (segments.length === 0) notes.push(`no caption segment overlaps ${spans(intervals)}`);
    where = own ? 'the caption segments the observation cites' : 'the caption segments its action cites';
    supportOf = (stem) => weigh?.support(stem) ?? { share: 0, segment: null };
  }

  const byStem = new Map<string, Support>();
  let total = 0;
  let matched = 0;
  const missing: string[] = [];
  const partly: string[] = [];
  const matches: WordMatch[] = tokens.map((token) => {
    let support = byStem.get(token.stem);
    if (support === undefined) {
      support = supportOf(token.stem);
      byStem.set(token.stem, support);
    }
    total += token.weight;
    matched += token.weight * support.share;
    const base = { from: token.from, to: token.to, word: token.word, weight: token.weight, share: support.share };
    if (support.segment === null) {
      if (!missing.includes(token.word)) missing.push(token.word);
      return { ...base, caption: null };
    }
    const shown = `${token.word} (${percent(support.share)})`;
    if (support.share < PARTLY_BELOW && !partly.includes(shown)) partly.push(shown);
    const hit = captions.stems(support.segment).get(token.stem);
    return { ...base, caption: hit === undefined ? null : { segment: support.segment, from: hit.from, to: hit.to, word: hit.word } };
  });
  if (missing.length > 0 && (segments.length > 0 || intervals.length === 0)) notes.push(`not in ${where}: ${listed(missing)}`);
  if (partly.length > 0) notes.push(`in only part of the cited time: ${listed(partly)}`);
  return result(matched / total, matches);
}

/**
 * The evidence check of every step, and r_obs* = the mean of the steps' support (null when no step can
 * be judged). `duration` in seconds, null when unknown.
 */
export function evidenceFor(steps: readonly EvidenceInput[], captions: CaptionIndex | null, duration: number | null): Evidence {
  const results = steps.map((s) => stepEvidence(s, captions, duration));
  let sum = 0;
  let judged = 0;
  for (const r of results) {
    if (r.support !== null) {
      sum += r.support;
      judged++;
    }
  }
  return { steps: results, obsEstimate: judged === 0 ? null : sum / judged, captions: captions !== null && captions.size > 0 };
}

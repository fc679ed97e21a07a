/**
 * The offline evidence check of each action/observation step (docs "The O&R reward", point d): do the
 * cited times lie inside the video, which caption segments overlap them, and how much of the observation
 * (weighted content words) those segments say too. A word-overlap heuristic that stands in for the judge
 * when none is configured; it cannot read meaning, so it is shown as an estimate, never as r_obs.
 */
import { PAST_END_TOLERANCE } from '../../../../shared/chain/grounding';
import type { ParsedChain } from '../../../../shared/chain/parseChain';
import { formatClock, type Interval } from '../../../../shared/chain/timeRefs';
import type { Evidence, EvidenceStep, WordMatch } from '../../../../shared/rewards/scores';
import type { CaptionIndex } from './captionIndex';
import { contentTokens } from './tokenize';

export interface EvidenceInput {
  /** ChainStep index. */
  step: number;
  /** The observation's inner text; null when the step has none. */
  observation: string | null;
  /** The step's cited intervals (action and observation merged). */
  intervals: Interval[];
}

/** The evidence inputs of a parsed chain's steps. */
export function evidenceInputs(parsed: ParsedChain): EvidenceInput[] {
  return parsed.steps.map((s) => ({ step: s.index, observation: s.observation?.text ?? null, intervals: s.intervals }));
}

/** Unmatched words named in a note, at most. */
const NOTE_WORDS = 6;

const span = (iv: Interval): string => (iv.start === iv.end ? formatClock(iv.start) : `${formatClock(iv.start)}–${formatClock(iv.end)}`);
const spans = (intervals: readonly Interval[]): string => intervals.map(span).join(', ');

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

function stepEvidence(input: EvidenceInput, captions: CaptionIndex | null, duration: number | null): EvidenceStep {
  const intervals = input.intervals.map((iv) => ({ start: iv.start, end: iv.end }));
  const { inside, outside } = insideVideo(intervals, duration);
  const hasCaptions = captions !== null && captions.size > 0;
  const segments = hasCaptions && intervals.length > 0 ? captions.overlapping(intervals) : [];
  const notes: string[] = [];
  if (inside === false) notes.push(`${spans(outside)} lies outside the video (00:00–${formatClock(duration ?? 0)})`);

  const result = (support: number | null, matches: WordMatch[]): EvidenceStep => ({
    step: input.step,
    intervals,
    inside,
    segments,
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

  let candidates = segments;
  if (intervals.length === 0) {
    notes.push('the step cites no time: checked against the whole caption');
    candidates = allSegments(captions);
  } else if (segments.length === 0) {
    notes.push(`no caption segment overlaps ${spans(intervals)}`);
  }

  let total = 0;
  let matched = 0;
  const missing: string[] = [];
  const matches: WordMatch[] = tokens.map((token) => {
    total += token.weight;
    for (const segment of candidates) {
      const hit = captions.stems(segment).get(token.stem);
      if (hit !== undefined) {
        matched += token.weight;
        return { from: token.from, to: token.to, word: token.word, weight: token.weight, caption: { segment, from: hit.from, to: hit.to, word: hit.word } };
      }
    }
    if (!missing.includes(token.word)) missing.push(token.word);
    return { from: token.from, to: token.to, word: token.word, weight: token.weight, caption: null };
  });
  if (missing.length > 0 && candidates.length > 0) {
    const shown = missing.slice(0, NOTE_WORDS).join(', ') + (missing.length > NOTE_WORDS ? ', …' : '');
    notes.push(`not in the ${intervals.length === 0 ? 'caption' : 'overlapping caption segments'}: ${shown}`);
  }
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

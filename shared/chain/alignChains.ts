/**
 * A step-aligned diff of two chains (e.g. as saved against as edited, or two rollouts of one prompt).
 * Pure, deterministic and browser-safe.
 *
 * Decisions:
 * - Units are the chains' cards (parseChain segments, numbered like the sample view's cards);
 *   whitespace-only reasoning segments (the prose left around a transparent `<think>`) are skipped.
 *   A side's `text` is the card's text trimmed.
 * - Only units of the same kind pair. A text found once in each chain pairs first (as in patience
 *   diff); the rest pair greedily by score, best first, each unit once, scores under
 *   SIMILARITY_THRESHOLD left unpaired, except answers: "A" against "C" is the change to show, so
 *   answers pair whatever their score. Ties (repeated texts) go to the pair nearer to where the
 *   pairs around it put it, then to the lower left and right indices: the result depends on nothing
 *   but the two texts.
 * - Score: word Dice (lowercased letters and digits, as sets) mixed half and half with the IoU of the
 *   seconds both cite (points count as ±0.5 s) when both cite a time; the word score alone otherwise.
 *   So a rewritten observation of the same moment still pairs, and reordered steps still find each other.
 * - A pair is in order when it belongs to a longest increasing subsequence of right indices taken in
 *   left order; pairs outside it are 'moved'. In-order pairs are 'same' (identical text) or 'changed'.
 * - Rows follow the right chain; each removed left unit comes right after the row of the nearest left
 *   unit before it (a run of removed units keeps its order), or first when none comes before it.
 */
import { diffWordsWithSpace } from 'diff';
import type { ChainDiff, DiffRow, DiffSide, WordRun } from './chainSchemas';
import { parseChain } from './parseChain';
import type { ChainSegment } from './parseChain';
import { mergeIntervals } from './timeRefs';
import type { Interval } from './timeRefs';

/** Least score for two different texts to pair. */
export const SIMILARITY_THRESHOLD = 0.35;
/** Weight of the cited-time overlap when both units cite a time. */
const TIME_WEIGHT = 0.5;
/** Half width given to a point in time when measuring overlap. */
const POINT_HALF_WIDTH = 0.5;

interface Unit {
  /** Index into the chain's segments (the card). */
  card: number;
  /** Index among the side's units. */
  index: number;
  kind: ChainSegment['kind'];
  text: string;
  /** Cited intervals, merged. */
  intervals: Interval[];
  /** Cited seconds for overlap: points widened, merged. */
  covered: Interval[];
  coveredLength: number;
  /** Sorted distinct word ids. */
  words: Int32Array;
}

const WORD = /[\p{L}\p{N}]+/gu;

function wordIds(text: string, vocabulary: Map<string, number>): Int32Array {
  const ids = new Set<number>();
  for (const match of text.toLowerCase().matchAll(WORD)) {
    let id = vocabulary.get(match[0]);
    if (id === undefined) {
      id = vocabulary.size;
      vocabulary.set(match[0], id);
    }
    ids.add(id);
  }
  return Int32Array.from(ids).sort();
}

function unitsOf(chain: string, vocabulary: Map<string, number>): { units: Unit[]; answer: string | null } {
  const parsed = parseChain(chain);
  const units: Unit[] = [];
  parsed.segments.forEach((segment, card) => {
    const text = segment.text.trim();
    if (segment.kind === 'reasoning' && text === '') return;
    const refs = segment.timeRefs;
    const intervals = mergeIntervals(refs.map((r) => ({ start: r.start, end: r.end })));
    const covered = mergeIntervals(
      refs.map((r) => (r.end > r.start ? { start: r.start, end: r.end } : { start: r.start - POINT_HALF_WIDTH, end: r.end + POINT_HALF_WIDTH })),
    );
    const coveredLength = covered.reduce((sum, iv) => sum + (iv.end - iv.start), 0);
    units.push({ card, index: units.length, kind: segment.kind, text, intervals, covered, coveredLength, words: wordIds(text, vocabulary) });
  });
  return { units, answer: parsed.answer ?? null };
}

/** Dice coefficient of two sorted distinct id arrays. */
function dice(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return (2 * common) / (a.length + b.length);
}

type Measured = Pick<Unit, 'words' | 'covered' | 'coveredLength'>;

/** Intersection over union of two merged interval lists. */
function iou(a: Measured, b: Measured): number {
  let i = 0;
  let j = 0;
  let overlap = 0;
  while (i < a.covered.length && j < b.covered.length) {
    const x = a.covered[i];
    const y = b.covered[j];
    overlap += Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start));
    if (x.end < y.end) i++;
    else j++;
  }
  const union = a.coveredLength + b.coveredLength - overlap;
  return union > 0 ? overlap / union : 0;
}

/** 0..1 similarity of two units of one kind. */
function unitSimilarity(a: Measured, b: Measured): number {
  const text = dice(a.words, b.words);
  if (a.covered.length === 0 || b.covered.length === 0) return text;
  return (1 - TIME_WEIGHT) * text + TIME_WEIGHT * iou(a, b);
}

/**
 * For each right unit, the left index it would have if it sat where the pairs found so far put it:
 * one past the nearest paired unit before it (or one before the nearest paired unit after it), else
 * its relative position.
 */
function expectedLeft(leftOf: Int32Array, leftCount: number): Float64Array {
  const n = leftOf.length;
  const expected = new Float64Array(n).fill(Number.NaN);
  let anchor = -1;
  for (let j = 0; j < n; j++) {
    if (leftOf[j] >= 0) anchor = j;
    else if (anchor >= 0) expected[j] = leftOf[anchor] + (j - anchor);
  }
  anchor = -1;
  for (let j = n - 1; j >= 0; j--) {
    if (leftOf[j] >= 0) anchor = j;
    else if (Number.isNaN(expected[j])) expected[j] = anchor >= 0 ? leftOf[anchor] - (anchor - j) : (j * leftCount) / Math.max(1, n);
  }
  return expected;
}

/** Pairs: left unit index → right unit index (-1 when unpaired), with each pair's score. */
function pairUnits(left: readonly Unit[], right: readonly Unit[]): { rightOf: Int32Array; score: Float64Array } {
  const rightOf = new Int32Array(left.length).fill(-1);
  const leftOf = new Int32Array(right.length).fill(-1);
  const score = new Float64Array(left.length);

  // A text found once on each side pairs at once; repeated texts go through the scoring below, where
  // they score 1 and the copy nearest to where the other pairs put it wins.
  const keyOf = (u: Unit): string => `${u.kind}\u0000${u.text}`;
  const leftAt = new Map<string, number>(); // key → left index, or -1 when repeated
  for (const u of left) leftAt.set(keyOf(u), leftAt.has(keyOf(u)) ? -1 : u.index);
  const rightAt = new Map<string, number>();
  for (const u of right) rightAt.set(keyOf(u), rightAt.has(keyOf(u)) ? -1 : u.index);
  for (const [key, i] of leftAt) {
    const j = rightAt.get(key);
    if (i < 0 || j === undefined || j < 0) continue;
    rightOf[i] = j;
    leftOf[j] = i;
    score[i] = 1;
  }

  // The rest: every same-kind pair above the threshold, best first.
  const candLeft: number[] = [];
  const candRight: number[] = [];
  const candScore: number[] = [];
  const freeRight = new Map<string, Unit[]>();
  for (const r of right) {
    if (leftOf[r.index] >= 0) continue;
    const list = freeRight.get(r.kind);
    if (list === undefined) freeRight.set(r.kind, [r]);
    else list.push(r);
  }
  for (const l of left) {
    if (rightOf[l.index] >= 0) continue;
    for (const r of freeRight.get(l.kind) ?? []) {
      const s = unitSimilarity(l, r);
      if (s >= SIMILARITY_THRESHOLD || l.kind === 'answer') {
        candLeft.push(l.index);
        candRight.push(r.index);
        candScore.push(s);
      }
    }
  }
  if (candScore.length > 0) {
    const count = candScore.length;
    const scores = Float64Array.from(candScore);
    const expected = expectedLeft(leftOf, left.length);
    const distance = new Float64Array(count);
    for (let k = 0; k < count; k++) distance[k] = Math.abs(candLeft[k] - expected[candRight[k]]);
    const order = new Uint32Array(count);
    for (let k = 0; k < count; k++) order[k] = k;
    // Candidates were made left-major, right-minor: the index breaks the last ties the same way.
    order.sort((a, b) => scores[b] - scores[a] || distance[a] - distance[b] || a - b);
    for (const k of order) {
      const l = candLeft[k];
      const r = candRight[k];
      if (rightOf[l] >= 0 || leftOf[r] >= 0) continue;
      rightOf[l] = r;
      leftOf[r] = l;
      score[l] = candScore[k];
    }
  }
  return { rightOf, score };
}

/** The left indices of the pairs that keep their relative order (one longest increasing subsequence). */
function inOrder(rightOf: Int32Array): Set<number> {
  const lefts: number[] = [];
  for (let i = 0; i < rightOf.length; i++) if (rightOf[i] >= 0) lefts.push(i);
  // tails[k]: position in `lefts` of the smallest tail of an increasing run of length k + 1.
  const tails: number[] = [];
  const previous = new Int32Array(lefts.length).fill(-1);
  for (let p = 0; p < lefts.length; p++) {
    const value = rightOf[lefts[p]];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rightOf[lefts[tails[mid]]] < value) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[p] = tails[lo - 1];
    tails[lo] = p;
  }
  const kept = new Set<number>();
  for (let p = tails.length > 0 ? tails[tails.length - 1] : -1; p >= 0; p = previous[p]) kept.add(lefts[p]);
  return kept;
}

function side(unit: Unit): DiffSide {
  return { card: unit.card, kind: unit.kind, text: unit.text, intervals: unit.intervals.map((iv) => ({ start: iv.start, end: iv.end })) };
}

function wordRuns(left: string, right: string): WordRun[] {
  return diffWordsWithSpace(left, right).map((c): WordRun => ({ value: c.value, change: c.added ? 'added' : c.removed ? 'removed' : 'same' }));
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** The step-aligned diff of `left` against `right`. */
export function alignChains(left: string, right: string, labels: { left: string; right: string }): ChainDiff {
  const vocabulary = new Map<string, number>();
  const l = unitsOf(typeof left === 'string' ? left : '', vocabulary);
  const r = unitsOf(typeof right === 'string' ? right : '', vocabulary);
  const { rightOf, score } = pairUnits(l.units, r.units);
  const kept = inOrder(rightOf);
  const leftOf = new Int32Array(r.units.length).fill(-1);
  rightOf.forEach((j, i) => {
    if (j >= 0) leftOf[j] = i;
  });

  const rows: DiffRow[] = [];
  const removedFrom = (i: number): void => {
    // The removed left units after left unit i - 1, up to the next paired one.
    for (let k = i; k < l.units.length && rightOf[k] < 0; k++) {
      rows.push({ status: 'removed', left: side(l.units[k]), right: null, similarity: 0, words: [] });
    }
  };
  removedFrom(0);
  for (const unit of r.units) {
    const i = leftOf[unit.index];
    if (i < 0) {
      rows.push({ status: 'added', left: null, right: side(unit), similarity: 0, words: [] });
      continue;
    }
    const a = l.units[i];
    const identical = a.text === unit.text;
    const status = !kept.has(i) ? 'moved' : identical ? 'same' : 'changed';
    rows.push({
      status,
      left: side(a),
      right: side(unit),
      similarity: identical ? 1 : clamp01(score[i]),
      words: status === 'same' ? [] : wordRuns(a.text, unit.text),
    });
    removedFrom(i + 1);
  }

  return { leftLabel: labels.left, rightLabel: labels.right, rows, answerLeft: l.answer, answerRight: r.answer };
}

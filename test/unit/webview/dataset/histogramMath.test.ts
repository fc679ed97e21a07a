import * as assert from 'node:assert/strict';
import type { ColumnRange, Histogram } from '../../../../shared/list/recordQuery';
import type { ScoringProgress } from '../../../../shared/rewards/scores';
import {
  HISTOGRAMS,
  barHeights,
  barRange,
  barSelected,
  barText,
  emptyHistogramText,
  histogramFilter,
  histogramSummary,
} from '../../../../webview/dataset/histogramMath';

type Bin = Histogram['bins'][number];
const bins = (edges: number[], counts: number[]): Bin[] => counts.map((count, i) => ({ from: edges[i], to: edges[i + 1], count }));
const quarters = bins([0, 1, 2, 3, 4], [5, 0, 2, 10]);

describe('HISTOGRAMS', () => {
  it('lists the eight columns the dataset view draws', () =>
    assert.deepEqual(
      HISTOGRAMS.map((h) => h.column),
      ['reward', 'storedAcc', 'storedObs', 'storedRea', 'storedFmt', 'obsEstimate', 'totalRecomputed', 'advantage'],
    ));
  it('asks for 1..200 bins each', () => {
    for (const spec of HISTOGRAMS) assert.ok(spec.bins >= 1 && spec.bins <= 200);
  });
});

describe('barRange', () => {
  const cases: { name: string; bins: Bin[]; index: number; expected: ColumnRange }[] = [
    { name: 'the first bar: [from, to)', bins: quarters, index: 0, expected: { column: 'reward', min: 0, max: 1, includeMax: false } },
    { name: 'a middle bar', bins: quarters, index: 2, expected: { column: 'reward', min: 2, max: 3, includeMax: false } },
    { name: 'the last bar includes its max', bins: quarters, index: 3, expected: { column: 'reward', min: 3, max: 4, includeMax: true } },
    { name: 'a single bar is the last', bins: bins([1, 1], [7]), index: 0, expected: { column: 'reward', min: 1, max: 1, includeMax: true } },
    { name: 'negative values (advantages)', bins: bins([-2, -1, 0], [1, 1]), index: 0, expected: { column: 'reward', min: -2, max: -1, includeMax: false } },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(barRange('reward', c.bins, c.index), c.expected));
});

describe('histogramFilter', () => {
  it('leaves out the column’s own range, keeps the rest', () => {
    const filter = {
      correct: true,
      ranges: [
        { column: 'reward' as const, min: 0, max: 1, includeMax: false },
        { column: 'storedObs' as const, min: 0, max: 0.5, includeMax: true },
      ],
    };
    assert.deepEqual(histogramFilter(filter, 'reward'), { correct: true, ranges: [{ column: 'storedObs', min: 0, max: 0.5, includeMax: true }] });
    assert.deepEqual(histogramFilter(filter, 'fmt'), filter);
  });
});

describe('barHeights', () => {
  const cases: [Bin[], number[]][] = [
    [quarters, [50, 0, 20, 100]],
    [bins([0, 1, 2], [0, 0]), [0, 0]],
    [[], []],
    [bins([0, 1], [3]), [100]],
  ];
  for (const [b, heights] of cases) it(JSON.stringify(b.map((x) => x.count)), () => assert.deepEqual(barHeights(b), heights));
});

describe('barSelected', () => {
  const range = (min?: number, max?: number, includeMax = false): ColumnRange => ({ column: 'reward', min, max, includeMax });
  const cases: { name: string; bin: Bin; range: ColumnRange | undefined; expected: boolean }[] = [
    { name: 'no range', bin: quarters[0], range: undefined, expected: false },
    { name: 'the clicked bar itself', bin: quarters[1], range: range(1, 2), expected: true },
    { name: 'the bar before', bin: quarters[0], range: range(1, 2), expected: false },
    { name: 'the bar after', bin: quarters[2], range: range(1, 2), expected: false },
    { name: 'inside a wider range', bin: quarters[2], range: range(1, 4, true), expected: true },
    { name: 'a min-only range', bin: quarters[3], range: range(2), expected: true },
    { name: 'a max-only range', bin: quarters[0], range: range(undefined, 1, true), expected: true },
    { name: 'a zero-width bar at an open max', bin: { from: 1, to: 1, count: 2 }, range: range(0, 1, false), expected: false },
    { name: 'a zero-width bar at a closed max', bin: { from: 1, to: 1, count: 2 }, range: range(0, 1, true), expected: true },
    { name: '“known” (no bounds) selects every bar', bin: quarters[3], range: range(), expected: true },
  ];
  for (const c of cases) it(c.name, () => assert.equal(barSelected(c.bin, c.range), c.expected));
});

describe('barText', () => {
  it('a bar: half-open', () => assert.equal(barText(quarters, 0), '[0, 1): 5 samples'));
  it('the last bar: closed', () => assert.equal(barText(quarters, 3), '[3, 4]: 10 samples'));
  it('one sample', () => assert.equal(barText(bins([0, 0.5, 1], [1, 1]), 1), '[0.5, 1]: 1 sample'));
  it('a zero-width bar', () => assert.equal(barText(bins([2, 2], [1234]), 0), '2: 1,234 samples'));
});

describe('emptyHistogramText', () => {
  const progress = (p: Partial<ScoringProgress>): ScoringProgress => ({ done: 0, total: 10, running: false, complete: false, ...p });
  const cases: [boolean, ScoringProgress | null, string][] = [
    [false, null, 'not logged'],
    [false, progress({ complete: true }), 'not logged'],
    [true, null, 'not scored yet'],
    [true, progress({ running: true, done: 3 }), 'not scored yet'],
    [true, progress({ complete: true, done: 10 }), 'no score for these samples'],
    [true, progress({ error: 'no captions' }), 'not scored: no captions'],
  ];
  for (const [scored, p, text] of cases)
    it(`${scored ? 'scored' : 'logged'} column, ${JSON.stringify(p)} → ${text}`, () => assert.equal(emptyHistogramText({ scored }, p), text));
});

describe('histogramSummary', () => {
  it('count, mean and span', () => assert.equal(histogramSummary({ count: 1234, mean: 2.12345, min: 0, max: 4 }), 'n 1,234 · mean 2.123 · 0 – 4'));
  it('without a mean or span', () => assert.equal(histogramSummary({ count: 0, mean: null, min: null, max: null }), 'n 0'));
});

describe('HISTOGRAMS from the reward-column catalogue', () => {
  it('keeps the titles, bins and scored flags the dataset view always had', () =>
    assert.deepEqual(HISTOGRAMS, [
      { column: 'reward', title: 'Reward (logged total)', bins: 16, scored: false },
      { column: 'storedAcc', title: 'r_acc (logged)', bins: 10, scored: false },
      { column: 'storedObs', title: 'r_obs (logged)', bins: 10, scored: false },
      { column: 'storedRea', title: 'r_rea (logged)', bins: 10, scored: false },
      { column: 'storedFmt', title: 'r_fmt (logged)', bins: 10, scored: false },
      { column: 'obsEstimate', title: 'r_obs* evidence estimate (heuristic)', bins: 10, scored: true },
      { column: 'totalRecomputed', title: 'Total (recomputed)', bins: 16, scored: true },
      { column: 'advantage', title: 'Advantage (logged)', bins: 20, scored: false },
    ]));
});

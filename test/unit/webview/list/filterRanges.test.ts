import * as assert from 'node:assert/strict';
import { NumericColumn, type ColumnRange, type RecordFilter } from '../../../../shared/list/recordQuery';
import { MAX_RANGES, rangeLabel, rangeOn, withRange, withRanges, withoutRange } from '../../../../webview/list/filterRanges';

const r = (column: ColumnRange['column'], min?: number, max?: number, includeMax = true): ColumnRange => ({ column, min, max, includeMax });

describe('withRange', () => {
  const cases: { name: string; filter: RecordFilter; range: ColumnRange; expected: RecordFilter }[] = [
    { name: 'into an empty filter', filter: {}, range: r('reward', 0, 1, false), expected: { ranges: [r('reward', 0, 1, false)] } },
    {
      name: 'keeps the other filters',
      filter: { kinds: ['rollout'], text: 'cat' },
      range: r('storedObs', 0, 0.5),
      expected: { kinds: ['rollout'], text: 'cat', ranges: [r('storedObs', 0, 0.5)] },
    },
    {
      name: 'beside a range on another column',
      filter: { ranges: [r('reward', 0, 1)] },
      range: r('storedObs', 0, 0.5),
      expected: { ranges: [r('reward', 0, 1), r('storedObs', 0, 0.5)] },
    },
    {
      name: 'replaces the range on the same column (moved last)',
      filter: { ranges: [r('reward', 0, 1, false), r('storedObs', 0, 0.5)] },
      range: r('reward', 3, 4),
      expected: { ranges: [r('storedObs', 0, 0.5), r('reward', 3, 4)] },
    },
    {
      name: 'replaces an open-ended range',
      filter: { ranges: [r('mismatches', 1)] },
      range: r('mismatches', 2, 3, false),
      expected: { ranges: [r('mismatches', 2, 3, false)] },
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(withRange(c.filter, c.range), c.expected));

  it('does not change its input', () => {
    const filter: RecordFilter = { ranges: [r('reward', 0, 1)] };
    const copy = structuredClone(filter);
    withRange(filter, r('reward', 2, 3));
    assert.deepEqual(filter, copy);
  });

  it(`keeps at most ${MAX_RANGES}, dropping the oldest`, () => {
    let filter: RecordFilter = {};
    const columns = NumericColumn.options.slice(0, MAX_RANGES + 2);
    for (const column of columns) filter = withRange(filter, r(column, 0, 1));
    assert.equal(filter.ranges?.length, MAX_RANGES);
    assert.deepEqual(
      filter.ranges?.map((x) => x.column),
      columns.slice(2),
    );
  });
});

describe('withRanges', () => {
  it('adds both scatter ranges, replacing those on the same columns', () => {
    assert.deepEqual(withRanges({ ranges: [r('storedObs', 0, 0.1), r('reward', 1, 2)] }, [r('storedObs', 0.5, 0.6, false), r('storedRea', 0.9, 1)]), {
      ranges: [r('reward', 1, 2), r('storedObs', 0.5, 0.6, false), r('storedRea', 0.9, 1)],
    });
  });
  it('no ranges: the same filter', () => assert.deepEqual(withRanges({ correct: true }, []), { correct: true }));
});

describe('withoutRange', () => {
  const cases: { name: string; filter: RecordFilter; column: ColumnRange['column']; expected: RecordFilter }[] = [
    { name: 'the only range: no ranges key left', filter: { correct: true, ranges: [r('reward', 0, 1)] }, column: 'reward', expected: { correct: true } },
    { name: 'one of two', filter: { ranges: [r('reward', 0, 1), r('fmt', undefined, 0)] }, column: 'reward', expected: { ranges: [r('fmt', undefined, 0)] } },
    { name: 'a column without a range', filter: { ranges: [r('reward', 0, 1)] }, column: 'fmt', expected: { ranges: [r('reward', 0, 1)] } },
    { name: 'no ranges at all', filter: { kinds: ['cot'] }, column: 'fmt', expected: { kinds: ['cot'] } },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(withoutRange(c.filter, c.column), c.expected));
});

describe('rangeOn', () => {
  it('finds the column’s range', () => assert.deepEqual(rangeOn({ ranges: [r('reward', 0, 1), r('fmt', 0, 0)] }, 'fmt'), r('fmt', 0, 0)));
  it('undefined without one', () => assert.equal(rangeOn({}, 'fmt'), undefined));
});

describe('rangeLabel', () => {
  const cases: [ColumnRange, string][] = [
    [r('obsEstimate', 0.2, 0.4, false), 'r_obs* (evidence) ∈ [0.2, 0.4)'],
    [r('reward', 3.75, 4, true), 'reward (logged) ∈ [3.75, 4]'],
    [r('fmt', 0, 0, true), 'r_fmt (offline) = 0'],
    [r('advantageRecomputed', 0, 0, false), 'advantage (recomputed) ∈ [0, 0)'],
    [r('mismatches', 1), 'mismatches ≥ 1'],
    [r('fmt', undefined, 0, true), 'r_fmt (offline) ≤ 0'],
    [r('obsEstimate', undefined, 0.5, false), 'r_obs* (evidence) < 0.5'],
    [r('storedObs'), 'r_obs (logged) known'],
    [r('storedObs', 1 / 3, 2 / 3, false), 'r_obs (logged) ∈ [0.333, 0.667)'],
  ];
  for (const [range, label] of cases) it(label, () => assert.equal(rangeLabel(range), label));
});

describe('rangeLabel names every column as it always did', () => {
  const labels: Record<NumericColumn, string> = {
    reward: 'reward (logged)',
    advantage: 'advantage (logged)',
    storedAcc: 'r_acc (logged)',
    storedObs: 'r_obs (logged)',
    storedRea: 'r_rea (logged)',
    storedFmt: 'r_fmt (logged)',
    correct: 'answer ✓ (offline)',
    fmt: 'r_fmt (offline)',
    obsEstimate: 'r_obs* (evidence)',
    judgeObs: 'r_obs (judge)',
    judgeRea: 'r_rea (judge)',
    totalRecomputed: 'total (recomputed)',
    advantageRecomputed: 'advantage (recomputed)',
    zeroVariance: 'zero-variance group',
    mismatches: 'mismatches',
    mismatchTotal: 'chains whose logged total ≠ formula',
    mismatchAdvantage: 'rollouts whose logged advantage ≠ recomputed',
    mismatchFmt: 'chains whose logged r_fmt ≠ offline check',
    mismatchAcc: 'chains whose logged r_acc ≠ offline check',
    mismatchRange: 'logged rewards out of range',
    steps: 'steps',
    problems: 'problems',
    citedEnd: 'last cited second',
  };
  it('covers every column', () => assert.deepEqual(Object.keys(labels).sort(), [...NumericColumn.options].sort()));
  for (const [column, label] of Object.entries(labels)) it(`${column}: ${label}`, () => assert.equal(rangeLabel(r(column as NumericColumn)), `${label} known`));
});

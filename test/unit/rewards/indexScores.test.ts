/** Index-time mismatch counts by kind, on hand-built logged rewards with hand-computed expectations. */
import { strict as assert } from 'node:assert';
import { NO_MISMATCHES, type MismatchCounts } from '../../../shared/rewards/mismatchKinds';
import type { StoredRewards } from '../../../shared/records/datasetRecord';
import { addMismatchCounts, countByKind, mismatchCounts } from '../../../src/core/rewards/indexScores';

const stored = (
  acc: number | null,
  obs: number | null,
  rea: number | null,
  fmt: number | null,
  total: number | null,
  advantage: number | null = null,
): StoredRewards => ({
  acc,
  obs,
  rea,
  fmt,
  total,
  advantage,
  logged: {},
});

const counts = (over: Partial<MismatchCounts> = {}): MismatchCounts => ({ mismatchTotal: 0, mismatchFmt: 0, mismatchAcc: 0, mismatchRange: 0, ...over });

describe('mismatchCounts: one completion, by kind', () => {
  const rows: { name: string; stored: StoredRewards; fmt: 0 | 1; correct: boolean | null; expected: MismatchCounts }[] = [
    { name: 'all consistent: 1 × (1 + 1 + 1) + 1 = 4', stored: stored(1, 1, 1, 1, 4), fmt: 1, correct: true, expected: counts() },
    {
      name: 'total only: logged 1.4, formula 0 × … + 1 = 1',
      stored: stored(0, 0.4, 0, 1, 1.4),
      fmt: 1,
      correct: false,
      expected: counts({ mismatchTotal: 1 }),
    },
    { name: 'r_fmt only: logged 1, offline 0', stored: stored(1, 1, 1, 1, 4), fmt: 0, correct: true, expected: counts({ mismatchFmt: 1 }) },
    { name: 'r_acc only: logged 1, the answer is wrong', stored: stored(1, 1, 1, 1, 4), fmt: 1, correct: false, expected: counts({ mismatchAcc: 1 }) },
    {
      name: 'range only: r_obs 1.5 (gated away: 0 × … + 1 = 1 as logged)',
      stored: stored(0, 1.5, 0, 1, 1),
      fmt: 1,
      correct: false,
      expected: counts({ mismatchRange: 1 }),
    },
    {
      name: 'a wrong advantage is not counted at index time',
      stored: stored(1, 1, 1, 1, 4, 99),
      fmt: 1,
      correct: true,
      expected: counts(),
    },
    {
      name: 'total, r_fmt and r_acc together: logged 3.5 vs 1 × (1 + 0 + 0) + 1 = 2, offline r_fmt 0, wrong answer',
      stored: stored(1, 0, 0, 1, 3.5),
      fmt: 0,
      correct: false,
      expected: counts({ mismatchTotal: 1, mismatchFmt: 1, mismatchAcc: 1 }),
    },
    {
      name: 'range and total: r_acc 2 is neither 0 nor 1, and 2 × (1 + 0.5 + 1) + 1 = 6 ≠ 4',
      stored: stored(2, 0.5, 1, 1, 4),
      fmt: 1,
      correct: true,
      expected: counts({ mismatchTotal: 1, mismatchRange: 1 }),
    },
    {
      name: 'two components out of range: r_rea −1 and total 5 (formula needs r_acc, not logged)',
      stored: stored(null, 0, -1, 1, 5),
      fmt: 1,
      correct: null,
      expected: counts({ mismatchRange: 2 }),
    },
    { name: 'nothing logged', stored: stored(null, null, null, null, null), fmt: 0, correct: false, expected: counts() },
  ];
  for (const row of rows) it(row.name, () => assert.deepEqual(mismatchCounts(row.stored, row.fmt, row.correct), row.expected));
});

describe('countByKind and addMismatchCounts', () => {
  it('counts each code in its column and leaves advantage mismatches to the scoring pass', () => {
    assert.deepEqual(
      countByKind([{ code: 'out-of-range' }, { code: 'advantage' }, { code: 'out-of-range' }, { code: 'fmt-disagrees' }, { code: 'total-formula' }]),
      counts({ mismatchRange: 2, mismatchFmt: 1, mismatchTotal: 1 }),
    );
    assert.deepEqual(countByKind([]), NO_MISMATCHES);
  });

  it('adds completions to a record: each kind summed, and mismatches = their sum', () => {
    const summary = { mismatches: 0, ...counts() };
    addMismatchCounts(summary, counts({ mismatchTotal: 1, mismatchRange: 2 }));
    addMismatchCounts(summary, counts({ mismatchTotal: 1, mismatchAcc: 1 }));
    assert.deepEqual(summary, { mismatches: 5, mismatchTotal: 2, mismatchFmt: 0, mismatchAcc: 1, mismatchRange: 2 });
  });
});

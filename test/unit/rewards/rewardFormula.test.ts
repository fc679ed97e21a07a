import { strict as assert } from 'node:assert';
import type { StoredRewards } from '../../../shared/records/datasetRecord';
import { Mismatch, type AccuracyCheck, type MismatchCode } from '../../../shared/rewards/scores';
import { checkAccuracy } from '../../../src/core/rewards/accuracyCheck';
import { checkFormat } from '../../../src/core/rewards/formatCheck';
import { REWARD_TOLERANCE, checkStoredRewards, compareWithRecomputed, orTotal, type RewardParts } from '../../../src/core/rewards/rewardFormula';
import { CHAIN } from '../helpers/chains';

const parts = (acc: number | null, obs: number | null, rea: number | null, fmt: number | null): RewardParts => ({ acc, obs, rea, fmt });

function stored(values: Partial<Omit<StoredRewards, 'logged'>>): StoredRewards {
  return { total: null, acc: null, obs: null, rea: null, fmt: null, advantage: null, logged: {}, ...values };
}

describe('orTotal', () => {
  const rows: { name: string; parts: RewardParts; expected: number | null }[] = [
    { name: 'all ones', parts: parts(1, 1, 1, 1), expected: 4 },
    { name: 'all zeros', parts: parts(0, 0, 0, 0), expected: 0 },
    { name: 'fractional obs', parts: parts(1, 0.25, 1, 0), expected: 2.25 },
    { name: 'right answer, no process credit', parts: parts(1, 0, 0, 1), expected: 2 },
    { name: 'wrong answer gates obs and rea away', parts: parts(0, 1, 1, 1), expected: 1 },
    { name: 'wrong answer with obs and rea unknown', parts: parts(0, null, null, 1), expected: 1 },
    { name: 'wrong answer, bad format, unknown process', parts: parts(0, null, null, 0), expected: 0 },
    { name: 'right answer with obs unknown', parts: parts(1, null, 1, 1), expected: null },
    { name: 'right answer with rea unknown', parts: parts(1, 1, null, 1), expected: null },
    { name: 'acc unknown', parts: parts(null, 1, 1, 1), expected: null },
    { name: 'fmt unknown', parts: parts(1, 1, 1, null), expected: null },
    { name: 'fmt unknown with a wrong answer', parts: parts(0, null, null, null), expected: null },
  ];
  for (const row of rows) {
    it(`${row.name} → ${String(row.expected)}`, () => {
      const total = orTotal(row.parts);
      if (row.expected === null) assert.equal(total, null);
      else {
        assert.ok(total !== null);
        assert.ok(Math.abs(total - row.expected) < 1e-12, `${total} ≈ ${row.expected}`);
      }
    });
  }
});

describe('checkStoredRewards', () => {
  it('the tolerance is 1e-3', () => assert.equal(REWARD_TOLERANCE, 1e-3));

  const rows: {
    name: string;
    stored: StoredRewards;
    expected: { code: MismatchCode; component: string; expected: number; message?: RegExp[] }[];
  }[] = [
    { name: 'consistent', stored: stored({ acc: 1, obs: 0.5, rea: 1, fmt: 1, total: 3.5 }), expected: [] },
    { name: 'all ones = 4', stored: stored({ acc: 1, obs: 1, rea: 1, fmt: 1, total: 4 }), expected: [] },
    { name: 'rounded within the tolerance', stored: stored({ acc: 1, obs: 0.3333, rea: 0, fmt: 1, total: 2.334 }), expected: [] },
    { name: 'wrong answer with obs/rea not logged', stored: stored({ acc: 0, fmt: 1, total: 1 }), expected: [] },
    { name: 'obs not logged: no formula check', stored: stored({ acc: 1, rea: 1, fmt: 1, total: 3 }), expected: [] },
    { name: 'no total: no formula check', stored: stored({ acc: 1, obs: 1, rea: 1, fmt: 1 }), expected: [] },
    { name: 'fmt not logged: no formula check', stored: stored({ acc: 1, obs: 1, rea: 1, total: 1 }), expected: [] },
    { name: 'nothing logged', stored: stored({}), expected: [] },
    {
      name: 'just past the tolerance',
      stored: stored({ acc: 1, obs: 0.5, rea: 1, fmt: 1, total: 3.5025 }),
      expected: [{ code: 'total-formula', component: 'total', expected: 3.5, message: [/none of the usual mistakes/] }],
    },
    {
      name: 'summed without gating',
      stored: stored({ acc: 0, obs: 0.5, rea: 1, fmt: 1, total: 2.5 }),
      expected: [
        {
          code: 'total-formula',
          component: 'total',
          expected: 1,
          message: [
            /^Logged total 2\.5 ≠ r_acc × \(1 \+ r_obs \+ r_rea\) \+ r_fmt = 0 × \(1 \+ 0\.5 \+ 1\) \+ 1 = 1: /,
            /summed without gating by r_acc \(r_acc \+ r_obs \+ r_rea \+ r_fmt = 2\.5\)\.$/,
          ],
        },
      ],
    },
    {
      name: 'the "1 +" is missing',
      stored: stored({ acc: 1, obs: 0.5, rea: 1, fmt: 0, total: 1.5 }),
      expected: [
        {
          code: 'total-formula',
          component: 'total',
          expected: 2.5,
          message: [/looks like the "1 \+" is missing \(r_acc × \(r_obs \+ r_rea\) \+ r_fmt = 1\.5\)\.$/],
        },
      ],
    },
    {
      // With r_acc = 1 and r_fmt = 1 the two mistakes give the same number: both are named.
      name: 'r_fmt left out (or the "1 +" missing)',
      stored: stored({ acc: 1, obs: 0.5, rea: 0, fmt: 1, total: 1.5 }),
      expected: [{ code: 'total-formula', component: 'total', expected: 2.5, message: [/the "1 \+" is missing/, /, or r_fmt was left out/] }],
    },
    {
      name: 'r_fmt gated by r_acc (or left out)',
      stored: stored({ acc: 0, obs: 1, rea: 1, fmt: 1, total: 0 }),
      expected: [{ code: 'total-formula', component: 'total', expected: 1, message: [/r_fmt was left out/, /r_fmt was gated by r_acc too/] }],
    },
    {
      name: 'r_fmt gated with obs/rea not logged',
      stored: stored({ acc: 0, fmt: 1, total: 0 }),
      expected: [{ code: 'total-formula', component: 'total', expected: 1, message: [/0 × \(1 \+ \? \+ \?\) \+ 1 = 1/, /r_fmt was gated by r_acc too/] }],
    },
    {
      // Only an r_acc outside {0, 1} tells "r_fmt gated" apart from "r_fmt left out" and the right formula.
      name: 'r_fmt gated by r_acc, r_acc out of range',
      stored: stored({ acc: 0.8, obs: 0.5, rea: 0, fmt: 1, total: 2 }),
      expected: [
        { code: 'out-of-range', component: 'acc', expected: 1 },
        {
          code: 'total-formula',
          component: 'total',
          expected: 2.2,
          message: [/: looks like r_fmt was gated by r_acc too \(r_acc × \(1 \+ r_obs \+ r_rea \+ r_fmt\) = 2\)\.$/],
        },
      ],
    },
    {
      name: 'averaged',
      stored: stored({ acc: 1, obs: 0.5, rea: 1, fmt: 1, total: 0.875 }),
      expected: [
        {
          code: 'total-formula',
          component: 'total',
          expected: 3.5,
          message: [/looks like the parts were averaged \(\(r_acc \+ r_obs \+ r_rea \+ r_fmt\) \/ 4 = 0\.875\)\.$/],
        },
      ],
    },
    // An average needs every part: with r_obs or r_rea not logged, (0 + ? + 0 + 1) / 4 is no candidate.
    {
      name: 'averaged cannot be told without r_obs',
      stored: stored({ acc: 0, rea: 0, fmt: 1, total: 0.25 }),
      expected: [{ code: 'total-formula', component: 'total', expected: 1, message: [/0 × \(1 \+ \? \+ 0\) \+ 1 = 1: none of the usual mistakes/] }],
    },
    {
      name: 'averaged cannot be told without r_rea',
      stored: stored({ acc: 0, obs: 0, fmt: 1, total: 0.25 }),
      expected: [{ code: 'total-formula', component: 'total', expected: 1, message: [/: none of the usual mistakes/] }],
    },
    {
      name: 'no known mistake fits',
      stored: stored({ acc: 1, obs: 1, rea: 1, fmt: 1, total: 2 }),
      expected: [{ code: 'total-formula', component: 'total', expected: 4, message: [/Logged total 2 ≠ .* = 4: none of the usual mistakes/] }],
    },
    {
      name: 'acc neither 0 nor 1',
      stored: stored({ acc: 0.3, obs: 0, rea: 0, fmt: 1, total: 1.3 }),
      expected: [{ code: 'out-of-range', component: 'acc', expected: 0, message: [/^Logged r_acc 0\.3 is neither 0 nor 1\.$/] }],
    },
    { name: 'acc 0.7', stored: stored({ acc: 0.7 }), expected: [{ code: 'out-of-range', component: 'acc', expected: 1 }] },
    { name: 'rea 2', stored: stored({ rea: 2 }), expected: [{ code: 'out-of-range', component: 'rea', expected: 1 }] },
    { name: 'fmt -1', stored: stored({ fmt: -1 }), expected: [{ code: 'out-of-range', component: 'fmt', expected: 0 }] },
    { name: 'fmt 0.9995 within the tolerance', stored: stored({ fmt: 0.9995 }), expected: [] },
    { name: 'obs fractional is in range', stored: stored({ obs: 0.37 }), expected: [] },
    {
      name: 'obs above 1',
      stored: stored({ obs: 1.2 }),
      expected: [{ code: 'out-of-range', component: 'obs', expected: 1, message: [/^Logged r_obs 1\.2 is outside \[0, 1\]\.$/] }],
    },
    { name: 'obs below 0', stored: stored({ obs: -0.1 }), expected: [{ code: 'out-of-range', component: 'obs', expected: 0 }] },
    {
      name: 'total above 4',
      stored: stored({ total: 4.5 }),
      expected: [{ code: 'out-of-range', component: 'total', expected: 4, message: [/outside \[0, 4\]/] }],
    },
    { name: 'total below 0', stored: stored({ total: -0.5 }), expected: [{ code: 'out-of-range', component: 'total', expected: 0 }] },
    { name: 'total 4 + rounding is in range', stored: stored({ total: 4.0005 }), expected: [] },
    // The tolerance is inclusive: 0.001 is exactly 1e-3 from 0 (and 1.001, 4.001 are 1 + 1e-3, 4 + 1e-3 as doubles).
    { name: 'a total exactly the tolerance off the formula agrees', stored: stored({ acc: 0, fmt: 0, total: 0.001 }), expected: [] },
    { name: 'acc and fmt exactly the tolerance from 0 are in range', stored: stored({ acc: 0.001, fmt: 0.001 }), expected: [] },
    { name: 'obs and total the tolerance below 0 are in range', stored: stored({ obs: -0.001, total: -0.001 }), expected: [] },
    { name: 'obs and total the tolerance above their maximum are in range', stored: stored({ obs: 1.001, total: 4.001 }), expected: [] },
    { name: 'acc 0.5 is taken for 1', stored: stored({ acc: 0.5 }), expected: [{ code: 'out-of-range', component: 'acc', expected: 1 }] },
    {
      name: 'out of range and off the formula',
      stored: stored({ acc: 1, obs: 1, rea: 1, fmt: 1, total: 5 }),
      expected: [
        { code: 'out-of-range', component: 'total', expected: 4 },
        { code: 'total-formula', component: 'total', expected: 4 },
      ],
    },
  ];
  for (const row of rows) {
    it(`${row.name} → ${row.expected.map((e) => `${e.code}(${e.component})`).join(', ') || 'none'}`, () => {
      const mismatches = checkStoredRewards(row.stored);
      assert.deepEqual(
        mismatches.map((m) => ({ code: m.code, component: m.component, expected: m.expected })),
        row.expected.map((e) => ({ code: e.code, component: e.component, expected: e.expected })),
      );
      row.expected.forEach((e, i) => {
        for (const pattern of e.message ?? []) assert.match(mismatches[i].message, pattern);
        assert.equal(mismatches[i].stored, row.stored[e.component as 'total']);
        Mismatch.parse(mismatches[i]);
      });
    });
  }
});

describe('compareWithRecomputed', () => {
  const OPTIONS = [
    { letter: 'A', text: 'A red cup' },
    { letter: 'B', text: 'A green bottle' },
  ];
  const good = checkFormat(CHAIN);
  const unclosed = checkFormat('<action>look</action>\n<observation>a cup\n<answer>B</answer>');
  const right = checkAccuracy('B', { letter: 'B' }, OPTIONS);
  const wrong = checkAccuracy('A', { letter: 'B' }, OPTIONS);
  const wrongText = checkAccuracy('a bottle', { text: 'green bottle' }, []);
  const unknown: AccuracyCheck = checkAccuracy(undefined, { letter: 'B' }, OPTIONS);

  it('the fixtures are what the rows assume', () => {
    assert.deepEqual([good.score, unclosed.score, right.score, wrong.score, wrongText.score, unknown.score], [1, 0, 1, 0, 0, null]);
  });

  const rows: {
    name: string;
    stored: StoredRewards;
    format: () => typeof good;
    accuracy: () => AccuracyCheck;
    expected: { code: MismatchCode; expected: number; message: RegExp }[];
  }[] = [
    { name: 'both agree', stored: stored({ acc: 1, fmt: 1 }), format: () => good, accuracy: () => right, expected: [] },
    { name: 'logged floats round to the same bits', stored: stored({ acc: 0.9999, fmt: 0.0001 }), format: () => unclosed, accuracy: () => right, expected: [] },
    { name: 'nothing logged', stored: stored({}), format: () => unclosed, accuracy: () => wrong, expected: [] },
    { name: 'offline accuracy unknown', stored: stored({ acc: 1 }), format: () => good, accuracy: () => unknown, expected: [] },
    {
      name: 'logged acc 1, offline letters differ',
      stored: stored({ acc: 1 }),
      format: () => good,
      accuracy: () => wrong,
      expected: [{ code: 'acc-disagrees', expected: 0, message: /^Logged r_acc 1 but the offline check gives 0: predicted A .*letters differ\.$/ }],
    },
    {
      name: 'logged acc 0, offline letters match',
      stored: stored({ acc: 0 }),
      format: () => good,
      accuracy: () => right,
      expected: [{ code: 'acc-disagrees', expected: 1, message: /gives 1: predicted B .*letters match/ }],
    },
    {
      name: 'a text compare warns that a judge may differ',
      stored: stored({ acc: 1 }),
      format: () => good,
      accuracy: () => wrongText,
      expected: [{ code: 'acc-disagrees', expected: 0, message: /texts differ.* A judge may accept answers that differ in wording\.$/ }],
    },
    {
      name: 'logged fmt 1, the chain has an unclosed tag',
      stored: stored({ fmt: 1 }),
      format: () => unclosed,
      accuracy: () => right,
      expected: [
        {
          code: 'fmt-disagrees',
          expected: 0,
          message: /^Logged r_fmt 1 but the chain fails the offline tag check: <observation> at line 2, column 1 is never closed\.$/,
        },
      ],
    },
    {
      name: 'logged fmt 1, several problems',
      stored: stored({ fmt: 1 }),
      format: () => checkFormat('<observation>x</observation><answer>B</answer> tail'),
      accuracy: () => right,
      expected: [{ code: 'fmt-disagrees', expected: 0, message: /follows no <action>\. \(and 1 more problem\)$/ }],
    },
    {
      name: 'logged fmt 1, three problems',
      stored: stored({ fmt: 1 }),
      format: () => checkFormat('<observation>x</observation><foo><answer>B</answer> tail'),
      accuracy: () => right,
      expected: [{ code: 'fmt-disagrees', expected: 0, message: /follows no <action>\. \(and 2 more problems\)$/ }],
    },
    {
      name: 'a failing format check without a recorded reason',
      stored: stored({ fmt: 1 }),
      format: () => ({ score: 0, failures: [] }),
      accuracy: () => right,
      expected: [{ code: 'fmt-disagrees', expected: 0, message: /^Logged r_fmt 1 but the chain fails the offline tag check: no reason recorded\.$/ }],
    },
    { name: 'logged 0.5 is read as 1', stored: stored({ acc: 0.5, fmt: 0.5 }), format: () => good, accuracy: () => right, expected: [] },
    {
      name: 'logged fmt 0, the chain passes',
      stored: stored({ fmt: 0 }),
      format: () => good,
      accuracy: () => right,
      expected: [{ code: 'fmt-disagrees', expected: 1, message: /^Logged r_fmt 0 but the chain passes the offline tag check/ }],
    },
    {
      name: 'both disagree',
      stored: stored({ acc: 1, fmt: 1 }),
      format: () => unclosed,
      accuracy: () => wrong,
      expected: [
        { code: 'acc-disagrees', expected: 0, message: /r_acc/ },
        { code: 'fmt-disagrees', expected: 0, message: /r_fmt/ },
      ],
    },
  ];
  for (const row of rows) {
    it(`${row.name} → ${row.expected.map((e) => e.code).join(', ') || 'none'}`, () => {
      const mismatches = compareWithRecomputed(row.stored, row.format(), row.accuracy());
      assert.deepEqual(
        mismatches.map((m) => [m.code, m.expected]),
        row.expected.map((e) => [e.code, e.expected]),
      );
      row.expected.forEach((e, i) => {
        assert.match(mismatches[i].message, e.message);
        Mismatch.parse(mismatches[i]);
      });
    });
  }
});

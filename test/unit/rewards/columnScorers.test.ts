/** The scorers of the catalogue's score columns and the reward delta built from them, on hand-made scores. */
import { strict as assert } from 'node:assert';
import type { Breakdown, JudgeScores, MismatchCode, SampleScore } from '../../../shared/rewards/scores';
import { judgedValues, SCORE_VALUE, scoringValues } from '../../../src/core/rewards/columnScorers';
import { scoreDelta } from '../../../src/core/rewards/scoreDelta';

const breakdown = (total: number | null): Breakdown => ({ acc: null, obs: null, rea: null, fmt: null, total, obsSource: 'none', reaSource: 'none' });
const verdict = (score: number | null) => ({ score, verdict: '', rationale: '', error: null, cached: false, model: 'j' });

function score(over: {
  fmt?: number;
  acc?: number | null;
  obs?: number | null;
  total?: number | null;
  judge?: JudgeScores | null;
  zeroVariance?: boolean;
  completion?: number;
  failures?: string[];
  mismatches?: MismatchCode[];
}): SampleScore {
  return {
    completion: over.completion ?? 0,
    stored: { total: null, acc: null, obs: null, rea: null, fmt: null, advantage: null, logged: {} },
    storedBreakdown: breakdown(null),
    recomputed: breakdown(over.total ?? null),
    format: {
      score: (over.fmt ?? 1) as 0 | 1,
      failures: (over.failures ?? []).map((message) => ({ code: 'missing-answer' as const, message, from: 0, to: 0 })),
    },
    accuracy: { score: over.acc === undefined ? 1 : over.acc, predicted: null, truth: null, how: 'letter', message: '' },
    evidence: { steps: [], obsEstimate: over.obs ?? null, captions: true },
    mismatches: (over.mismatches ?? []).map((code) => ({ code, component: 'total', stored: 0, expected: 1, message: '' })),
    group: over.zeroVariance === undefined ? null : { promptId: 'p', size: 2, mean: 1, std: 0, advantage: 0, zeroVariance: over.zeroVariance },
    judge: over.judge ?? null,
  } as SampleScore;
}

const judged = (obs: number | null, rea: number | null): JudgeScores => ({
  steps: [],
  obs,
  rea: { answer: 'A', verdict: verdict(rea) },
  endpoint: 'http://j',
  model: 'j',
});

describe('Score-column scorers', () => {
  it('read each column from one completion’s score', () => {
    const s = score({ fmt: 0, acc: 1, obs: 0.25, total: 1.5, judge: judged(0.5, 1) });
    assert.deepEqual(Object.fromEntries(Object.entries(SCORE_VALUE).map(([k, f]) => [k, f(s)])), {
      correct: 1,
      fmt: 0,
      obsEstimate: 0.25,
      judgeObs: 0.5,
      judgeRea: 1,
      totalRecomputed: 1.5,
    });
    assert.equal(SCORE_VALUE.judgeObs(score({})), null, 'no judge run: unknown, not 0');
  });

  it('the scoring pass writes means over completions, and zero variance only for a record holding its group', () => {
    assert.deepEqual(scoringValues([score({ obs: 0.2, total: 1 }), score({ obs: 0.6, total: 3, zeroVariance: false }), score({ obs: null, total: 2 })]), {
      obsEstimate: 0.4, // (0.2 + 0.6) / 2: the unknown one left out
      totalRecomputed: 2,
    });
    assert.deepEqual(scoringValues([score({ obs: 0.2, total: 1, zeroVariance: true }), score({ obs: 0.2, total: 1 })]), {
      obsEstimate: 0.2,
      totalRecomputed: 1,
      zeroVariance: true,
      mismatchAdvantage: 0,
    });
    // Three completions, two logging a wrong advantage (one of them also a wrong total): 2, not 3.
    const wrong = (mismatches: MismatchCode[]) => score({ obs: 1, total: 4, zeroVariance: false, mismatches });
    assert.deepEqual(scoringValues([wrong(['advantage']), wrong([]), wrong(['total-formula', 'advantage'])]), {
      obsEstimate: 1,
      totalRecomputed: 4,
      zeroVariance: false,
      mismatchAdvantage: 2,
    });
    assert.deepEqual(
      scoringValues([score({ obs: 0.9, total: 3, zeroVariance: true })]),
      { obsEstimate: 0.9, totalRecomputed: 3 },
      'one completion: the group pass owns zero variance and the advantage check',
    );
  });

  it('a judge run writes the judged columns and the total they change', () => {
    assert.deepEqual(judgedValues(score({ total: 2.5, judge: judged(0.75, 0) })), { totalRecomputed: 2.5, judgeObs: 0.75, judgeRea: 0 });
  });

  it('the reward delta: one row per delta column, judged rows only when judged', () => {
    const before = score({ fmt: 0, acc: 0, obs: 0.1, total: 0, judge: judged(0.2, 0) });
    const after = score({ fmt: 1, acc: 1, obs: 0.5, total: 2.5, judge: judged(0.8, 1), completion: 3, failures: ['no <answer>'] });
    const plain = scoreDelta({ position: 7, edited: true, before, after, judged: false });
    assert.deepEqual(plain, {
      position: 7,
      completion: 3,
      edited: true,
      judged: false,
      formatAfter: ['no <answer>'],
      rows: [
        { name: 'fmt', label: 'r_fmt', before: 0, after: 1 },
        { name: 'acc', label: 'r_acc', before: 0, after: 1 },
        { name: 'evidence', label: 'evidence', before: 0.1, after: 0.5 },
        { name: 'total', label: 'total', before: 0, after: 2.5 },
      ],
    });
    const withJudge = scoreDelta({ position: 7, edited: true, before, after, judged: true });
    assert.deepEqual(
      withJudge.rows.map((r) => [r.name, r.before, r.after]),
      [
        ['fmt', 0, 1],
        ['acc', 0, 1],
        ['evidence', 0.1, 0.5],
        ['obs', 0.2, 0.8],
        ['rea', 0, 1],
        ['total', 0, 2.5],
      ],
    );
  });
});

import * as assert from 'node:assert/strict';
import type { EvidenceStep, JudgeVerdict, SampleScore } from '../../../../shared/rewards/scores';
import { stepScores } from '../../../../webview/rewards/stepScores';

const evidence = (step: number, support: number | null): EvidenceStep => ({
  step,
  intervals: [],
  inside: true,
  segments: [],
  support,
  matches: [],
  note: null,
});
const verdict = (score: number | null, error: string | null = null): JudgeVerdict => ({
  score,
  verdict: score === null ? 'error' : 'ok',
  rationale: 'because',
  error,
  cached: false,
  model: 'm',
});
const score = (steps: EvidenceStep[], judged: [number, JudgeVerdict][] | null): Pick<SampleScore, 'evidence' | 'judge'> => ({
  evidence: { steps, obsEstimate: null, captions: true },
  judge: judged === null ? null : { steps: judged.map(([step, v]) => ({ step, verdict: v })), obs: null, rea: null, endpoint: 'e', model: 'm' },
});

/** step → [score, source] */
const summary = (s: Pick<SampleScore, 'evidence' | 'judge'> | null): [number, number | null, string][] =>
  [...stepScores(s).values()].sort((a, b) => a.step - b.step).map((x) => [x.step, x.score, x.source]);

describe('stepScores', () => {
  const cases: { name: string; score: Pick<SampleScore, 'evidence' | 'judge'> | null; expected: [number, number | null, string][] }[] = [
    { name: 'no score', score: null, expected: [] },
    { name: 'no steps', score: score([], null), expected: [] },
    {
      name: 'evidence only',
      score: score([evidence(0, 0.8), evidence(1, 0.2)], null),
      expected: [
        [0, 0.8, 'evidence'],
        [1, 0.2, 'evidence'],
      ],
    },
    { name: 'evidence that cannot judge', score: score([evidence(0, null)], null), expected: [[0, null, 'none']] },
    { name: 'the judge wins over evidence', score: score([evidence(0, 0.9)], [[0, verdict(0)]]), expected: [[0, 0, 'judge']] },
    { name: 'a failed judge call falls back to evidence', score: score([evidence(0, 0.4)], [[0, verdict(null, 'timeout')]]), expected: [[0, 0.4, 'evidence']] },
    { name: 'a failed judge call without evidence', score: score([], [[3, verdict(null, 'timeout')]]), expected: [[3, null, 'none']] },
    {
      name: 'judged steps without evidence',
      score: score([evidence(0, 0.5)], [[1, verdict(1)]]),
      expected: [
        [0, 0.5, 'evidence'],
        [1, 1, 'judge'],
      ],
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(summary(c.score), c.expected));

  it('keeps the judge verdict (with its error) and the evidence of each step', () => {
    const failed = verdict(null, 'timeout');
    const s = stepScores(score([evidence(2, 0.4)], [[2, failed]])).get(2);
    assert.equal(s?.judge, failed);
    assert.equal(s?.evidence?.support, 0.4);
  });
});

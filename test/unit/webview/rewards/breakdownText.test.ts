import * as assert from 'node:assert/strict';
import { formatReward } from '../../../../webview/app/format';
import {
  advantagesDiffer,
  breakdownSummary,
  groupStatsText,
  judgeDisabledReason,
  judgeProgressText,
  obsSourceText,
  reaSourceText,
  valueText,
} from '../../../../webview/rewards/breakdownText';

describe('valueText', () => {
  const cases: [number | null | undefined, string][] = [
    [null, '—'],
    [undefined, '—'],
    [0, '0'],
    [1, '1'],
    [2.5, '2.5'],
    [1 / 3, '0.333'],
    [-0.12345, '-0.123'],
  ];
  for (const [value, text] of cases) it(`${value} → ${text}`, () => assert.equal(valueText(value), text));
  it('is formatReward for numbers', () => {
    for (const v of [0.1 + 0.2, 3.99999, 1e-7, -2]) assert.equal(valueText(v), formatReward(v));
  });
});

describe('source labels', () => {
  it('obs', () => {
    assert.deepEqual((['stored', 'judge', 'evidence', 'none'] as const).map(obsSourceText), ['logged', 'judge', 'evidence estimate (heuristic)', 'unknown']);
  });
  it('rea', () => assert.deepEqual((['stored', 'judge', 'none'] as const).map(reaSourceText), ['logged', 'judge', 'unknown']));
});

describe('advantagesDiffer', () => {
  const cases: [number | null, number | null, boolean][] = [
    [null, 0.5, false],
    [0.5, null, false],
    [0.5, 0.5, false],
    [0.5, 0.5004, false],
    [0.5, 0.502, true],
    [-1.2, 1.2, true],
    [100, 100.05, false],
    [100, 100.5, true],
    [NaN, 1, false],
  ];
  for (const [logged, recomputed, differs] of cases)
    it(`${logged} vs ${recomputed} → ${differs}`, () => assert.equal(advantagesDiffer(logged, recomputed), differs));
});

describe('groupStatsText', () => {
  it('a group', () => assert.equal(groupStatsText({ size: 8, mean: 1.25, std: 0.5 }), '8 rollouts · mean 1.25 · std 0.5'));
  it('one rollout, unknown stats', () => assert.equal(groupStatsText({ size: 1, mean: null, std: null }), '1 rollout · mean — · std —'));
});

describe('judge texts', () => {
  it('no reason when configured', () => assert.equal(judgeDisabledReason(true), null));
  it('a reason when not', () => assert.match(judgeDisabledReason(false) ?? '', /judge/i));
  const cases: [number, number, string][] = [
    [0, 0, 'Judging…'],
    [3, 8, 'Judging… 3 / 8'],
    [9, 8, 'Judging… 8 / 8'],
  ];
  for (const [done, total, text] of cases) it(`${done}/${total} → ${text}`, () => assert.equal(judgeProgressText(done, total), text));
});

describe('breakdownSummary (the breakdown folded to one line)', () => {
  const cases: [logged: number | null, recomputed: number | null, disagreeing: number, expected: string][] = [
    [4, 3.5, 0, 'logged total 4 · recomputed 3.5'],
    [null, null, 0, 'logged total — · recomputed —'],
    [2, 1, 1, 'logged total 2 · recomputed 1 · 1 logged value disagrees'],
    [2, 1, 3, 'logged total 2 · recomputed 1 · 3 logged values disagree'],
  ];
  for (const [logged, recomputed, disagreeing, expected] of cases) {
    it(`→ ${expected}`, () => assert.equal(breakdownSummary(logged, recomputed, disagreeing), expected));
  }
});

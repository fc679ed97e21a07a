import * as assert from 'node:assert/strict';
import type { GroupMean, RecordFilter } from '../../../../shared/list/recordQuery';
import type { ScoringProgress } from '../../../../shared/rewards/scores';
import { MEAN_COLUMNS, filterByValue, meanFilter, meanValueLabel, meanWidths, scoringText, type MeanBy } from '../../../../webview/dataset/datasetText';

describe('scoringText', () => {
  const p = (x: Partial<ScoringProgress>): ScoringProgress => ({ done: 0, total: 200, running: false, complete: false, ...x });
  const cases: [ScoringProgress | null, string][] = [
    [null, 'Scores: waiting for the index…'],
    [p({ running: true, done: 90 }), 'Scoring 45%…'],
    [p({ running: true, done: 0 }), 'Scoring 0%…'],
    [p({ running: true, done: 199 }), 'Scoring 99%…'],
    [p({ running: true, done: 0, total: 0 }), 'Scoring 100%…'],
    [p({ complete: true, done: 200 }), 'Scored 200 samples'],
    [p({ complete: true, done: 1, total: 1 }), 'Scored 1 sample'],
    [p({ complete: true, done: 12345, total: 12345 }), 'Scored 12,345 samples'],
    [p({ done: 50 }), 'Scoring stopped at 25%'],
    [p({ running: true, done: 50, error: 'disk full' }), 'Scoring failed: disk full'],
  ];
  for (const [progress, text] of cases) it(text, () => assert.equal(scoringText(progress), text));
});

describe('meanValueLabel', () => {
  const cases: [MeanBy, string | null, string][] = [
    ['category', 'counting', 'counting'],
    ['category', null, '(no category)'],
    ['questionType', 'multiple-choice', 'Multiple choice'],
    ['questionType', 'open-ended', 'Open-ended'],
    ['questionType', null, '(no type)'],
    ['questionType', 'other', 'other'],
  ];
  for (const [by, value, label] of cases) it(`${by} ${value} → ${label}`, () => assert.equal(meanValueLabel(by, value), label));
});

describe('meanWidths', () => {
  const row = (mean: number | null): GroupMean => ({ value: 'x', count: 1, mean });
  const cases: [(number | null)[], number[]][] = [
    [
      [2, 4, 1],
      [50, 100, 25],
    ],
    [
      [null, 2],
      [0, 100],
    ],
    [
      [0, 0],
      [0, 0],
    ],
    [
      [-2, 1],
      [100, 50],
    ],
    [[], []],
    [
      [NaN, 1],
      [0, 100],
    ],
  ];
  for (const [means, widths] of cases) it(JSON.stringify(means), () => assert.deepEqual(meanWidths(means.map(row)), widths));
});

describe('meanFilter', () => {
  const filter: RecordFilter = { kinds: ['cot'], categories: ['counting'], questionTypes: ['open-ended'] };
  it('by category: without the category', () => assert.deepEqual(meanFilter(filter, 'category'), { kinds: ['cot'], questionTypes: ['open-ended'] }));
  it('by question type: without the type', () => assert.deepEqual(meanFilter(filter, 'questionType'), { kinds: ['cot'], categories: ['counting'] }));
  it('nothing to drop', () => assert.deepEqual(meanFilter({ correct: true }, 'category'), { correct: true }));
});

describe('filterByValue', () => {
  const filter: RecordFilter = { kinds: ['rollout'], categories: ['old'] };
  const cases: { name: string; by: MeanBy; value: string | null; expected: RecordFilter | null }[] = [
    { name: 'a category replaces the category', by: 'category', value: 'counting', expected: { kinds: ['rollout'], categories: ['counting'] } },
    {
      name: 'a question type',
      by: 'questionType',
      value: 'multiple-choice',
      expected: { kinds: ['rollout'], categories: ['old'], questionTypes: ['multiple-choice'] },
    },
    { name: 'no category', by: 'category', value: null, expected: null },
    { name: 'an unknown question type', by: 'questionType', value: 'essay', expected: null },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(filterByValue(filter, c.by, c.value), c.expected));
});

describe('MEAN_COLUMNS from the reward-column catalogue', () => {
  it('keeps the columns and labels the reward-by table always had, in order', () =>
    assert.deepEqual(MEAN_COLUMNS, [
      { column: 'reward', label: 'reward (logged)' },
      { column: 'totalRecomputed', label: 'total (recomputed)' },
      { column: 'correct', label: 'accuracy (offline)' },
      { column: 'obsEstimate', label: 'r_obs* (evidence)' },
      { column: 'storedObs', label: 'r_obs (logged)' },
    ]));
});

/**
 * The reward-column catalogue: the lists every view used to spell out by hand come out of it
 * unchanged (expected values written out here, as they were before the catalogue), and the
 * schemas derived from it accept and refuse what the hand-written ones did.
 */
import { strict as assert } from 'node:assert';
import { NumericColumn } from '../../../shared/list/recordQuery';
import { RecordSummary } from '../../../shared/records/recordSummary';
import { EMPTY_COLUMNS } from '../../../shared/records/recordSummary';
import {
  COLUMN,
  COLUMNS,
  columnsFilledBy,
  DELTA_COLUMNS,
  HISTOGRAM_COLUMNS,
  isScored,
  MEAN_COLUMNS,
  REWARD_COMPONENTS,
  SCATTER_AXES,
  SCORE_COLUMNS,
} from '../../../shared/rewards/rewardColumns';
import { recordSummary } from '../helpers/recordSummary';

describe('The reward-column catalogue', () => {
  it('has the numeric columns the list sorts and filters by, in their old order', () => {
    assert.deepEqual(NumericColumn.options, [
      'reward',
      'advantage',
      'storedAcc',
      'storedObs',
      'storedRea',
      'storedFmt',
      'correct',
      'fmt',
      'obsEstimate',
      'judgeObs',
      'judgeRea',
      'totalRecomputed',
      'advantageRecomputed',
      'zeroVariance',
      'mismatches',
      'mismatchTotal',
      'mismatchAdvantage',
      'mismatchFmt',
      'mismatchAcc',
      'mismatchRange',
      'steps',
      'problems',
      'citedEnd',
    ]);
  });

  it('gives the labels the filter chips and axes showed', () => {
    assert.equal(COLUMN.reward.label, 'reward (logged)');
    assert.equal(COLUMN.correct.label, 'answer ✓ (offline)');
    assert.equal(COLUMN.obsEstimate.label, 'r_obs* (evidence)');
    assert.equal(COLUMN.citedEnd.label, 'last cited second');
    // The mismatch kinds: each chip names its kind and what it counts.
    assert.equal(COLUMN.mismatchTotal.label, 'chains whose logged total ≠ formula');
    assert.equal(COLUMN.mismatchAdvantage.label, 'rollouts whose logged advantage ≠ recomputed');
    assert.equal(COLUMN.mismatchFmt.label, 'chains whose logged r_fmt ≠ offline check');
    assert.equal(COLUMN.mismatchAcc.label, 'chains whose logged r_acc ≠ offline check');
    assert.equal(COLUMN.mismatchRange.label, 'logged rewards out of range');
    assert.equal(new Set(COLUMNS.map((c) => c.label)).size, COLUMNS.length, 'labels are unique');
  });

  it('gives the dataset view its eight histograms, titles, bins and scored flags, in order', () => {
    assert.deepEqual(
      HISTOGRAM_COLUMNS.map((c) => [c.key, c.histogram.title, c.histogram.bins, isScored(c.key)]),
      [
        ['reward', 'Reward (logged total)', 16, false],
        ['storedAcc', 'r_acc (logged)', 10, false],
        ['storedObs', 'r_obs (logged)', 10, false],
        ['storedRea', 'r_rea (logged)', 10, false],
        ['storedFmt', 'r_fmt (logged)', 10, false],
        ['obsEstimate', 'r_obs* evidence estimate (heuristic)', 10, true],
        ['totalRecomputed', 'Total (recomputed)', 16, true],
        ['advantage', 'Advantage (logged)', 20, false],
      ],
    );
  });

  it('gives the means table, the scatter axes and the delta rows', () => {
    assert.deepEqual(
      MEAN_COLUMNS.map((c) => [c.key, c.mean.label]),
      [
        ['reward', 'reward (logged)'],
        ['totalRecomputed', 'total (recomputed)'],
        ['correct', 'accuracy (offline)'],
        ['obsEstimate', 'r_obs* (evidence)'],
        ['storedObs', 'r_obs (logged)'],
      ],
    );
    assert.deepEqual(SCATTER_AXES, { x: ['storedObs', 'obsEstimate', 'judgeObs'], y: ['storedRea', 'judgeRea'] });
    assert.deepEqual(
      DELTA_COLUMNS.map((c) => [c.delta.name, c.delta.label, c.source === 'judged']),
      [
        ['fmt', 'r_fmt', false],
        ['acc', 'r_acc', false],
        ['evidence', 'evidence', false],
        ['obs', 'r_obs (judge)', true],
        ['rea', 'r_rea (judge)', true],
        ['total', 'total', false],
      ],
    );
  });

  it('names the O&R components with the breakdown titles', () => {
    assert.equal(REWARD_COMPONENTS.total.title, 'r = r_acc × (1 + r_obs + r_rea) + r_fmt');
    assert.deepEqual(Object.keys(REWARD_COMPONENTS), ['acc', 'obs', 'rea', 'fmt', 'total', 'advantage']);
  });

  it('says which step fills each column; every delta row has a scorer', () => {
    assert.deepEqual(columnsFilledBy('judge'), ['judgeObs', 'judgeRea']);
    assert.deepEqual(columnsFilledBy('scoring'), ['obsEstimate', 'totalRecomputed', 'advantageRecomputed', 'zeroVariance', 'mismatchAdvantage']);
    for (const c of DELTA_COLUMNS) assert.ok((SCORE_COLUMNS as string[]).includes(c.key), c.key);
    assert.equal(new Set(COLUMNS.map((c) => c.sql)).size, COLUMNS.length, 'one index column each');
  });

  it('types the record summary: booleans, required counts, nullable rewards', () => {
    assert.equal(RecordSummary.safeParse(recordSummary(0)).success, true);
    assert.equal(RecordSummary.safeParse(recordSummary(0, { correct: true, zeroVariance: false, reward: 2.5 })).success, true);
    for (const bad of [{ correct: 1 }, { steps: null }, { mismatches: -1 }, { problems: 1.5 }, { storedObs: 'high' }]) {
      assert.equal(RecordSummary.safeParse({ ...recordSummary(0), ...bad }).success, false, JSON.stringify(bad));
    }
    assert.equal(RecordSummary.safeParse({ ...recordSummary(0), steps: undefined }).success, false, 'a catalogue field is required');
    assert.deepEqual(
      Object.entries(EMPTY_COLUMNS).filter(([, v]) => v !== null),
      [
        ['mismatches', 0],
        ['mismatchTotal', 0],
        ['mismatchFmt', 0],
        ['mismatchAcc', 0],
        ['mismatchRange', 0],
        ['steps', 0],
        ['problems', 0],
      ],
    );
  });
});

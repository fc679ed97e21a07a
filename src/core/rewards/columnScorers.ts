/**
 * The scorers of the catalogue's columns that a sample's score determines (`fromScore` in
 * shared/rewards/rewardColumns.ts): how each is read from one completion's SampleScore, and the
 * values the scoring pass and a judge run write back to the index.
 */
import { COLUMN, SCORE_COLUMNS, type ColumnWrites, type ScoreColumn } from '../../../shared/rewards/rewardColumns';
import type { SampleScore } from '../../../shared/rewards/scores';
import { meanOf } from './meanOf';

/** One completion's value of each score column. */
export const SCORE_VALUE: { readonly [K in ScoreColumn]: (score: SampleScore) => number | null } = {
  correct: (s) => s.accuracy.score,
  fmt: (s) => s.format.score,
  obsEstimate: (s) => s.evidence.obsEstimate,
  judgeObs: (s) => s.judge?.obs ?? null,
  judgeRea: (s) => s.judge?.rea?.verdict.score ?? null,
  totalRecomputed: (s) => s.recomputed.total,
};

/**
 * What the scoring pass writes for one record: each column it fills, the mean over the record's
 * completions; and, for a record holding its whole GRPO group, whether the group has zero variance and
 * how many completions log an advantage that disagrees (left out otherwise: the SQL group pass owns both
 * for prompt-id groups).
 */
export function scoringValues(scores: readonly SampleScore[]): ColumnWrites {
  const values: ColumnWrites = {};
  for (const column of SCORE_COLUMNS) {
    if (COLUMN[column].filledBy === 'scoring') values[column] = meanOf(scores.map(SCORE_VALUE[column]));
  }
  const zeroVariance = scores.length > 1 ? (scores[0].group?.zeroVariance ?? null) : null;
  if (zeroVariance === null) return values;
  // The completions whose logged advantage disagrees with the one recomputed over the record's group.
  const mismatchAdvantage = scores.filter((s) => s.mismatches.some((m) => m.code === 'advantage')).length;
  return { ...values, zeroVariance, mismatchAdvantage };
}

/** What a judge run writes for the judged completion: the judged columns and the total they change. */
export function judgedValues(score: SampleScore): ColumnWrites {
  const values: ColumnWrites = { totalRecomputed: SCORE_VALUE.totalRecomputed(score) };
  for (const column of SCORE_COLUMNS) {
    if (COLUMN[column].filledBy === 'judge') values[column] = SCORE_VALUE[column](score);
  }
  return values;
}

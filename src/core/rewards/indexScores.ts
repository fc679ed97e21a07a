/**
 * The reward columns the index keeps per record, computed while indexing (no captions, no judge):
 * the logged components, the offline r_fmt from the chain summary's problems, and how many logged
 * values contradict the formula, their ranges or the offline checks, by kind.
 */
import type { StoredRewards } from '../../../shared/records/datasetRecord';
import { MISMATCH_COLUMN, NO_MISMATCHES, type MismatchCounts } from '../../../shared/rewards/mismatchKinds';
import type { AccuracyCheck, FormatCheck, Mismatch } from '../../../shared/rewards/scores';
import type { ChainSummary } from '../records/chainSummary';
import { checkStoredRewards, compareWithRecomputed } from './rewardFormula';
import { hasTextAfterAnswer } from './formatCheck';
import { meanOf } from './meanOf';

export interface IndexRewardColumns {
  storedAcc: number | null;
  storedObs: number | null;
  storedRea: number | null;
  storedFmt: number | null;
  fmt: number | null;
  /** All the index-time mismatches: the sum of the kinds' counts. */
  mismatches: number;
}

/** r_fmt from what the index already parsed: same verdict as `checkFormat`, without a second parse. */
export function formatScoreOf(summary: ChainSummary, chain: string, requireSteps: boolean): 0 | 1 {
  return summary.problems.length === 0 && (summary.steps > 0 || !requireSteps) && !hasTextAfterAnswer(chain) ? 1 : 0;
}

/** One completion's stored-vs-offline mismatches by kind (the index only counts them; `score` explains them). */
export function mismatchCounts(stored: StoredRewards, fmt: 0 | 1, correct: boolean | null): MismatchCounts {
  const format: FormatCheck = { score: fmt, failures: [] };
  const accuracy: AccuracyCheck = {
    score: correct === null ? null : correct ? 1 : 0,
    predicted: null,
    truth: null,
    how: correct === null ? 'unknown' : 'letter',
    message: '',
  };
  return countByKind([...checkStoredRewards(stored), ...compareWithRecomputed(stored, format, accuracy)]);
}

/** Mismatches counted by kind; advantage mismatches left out (the index cannot see a prompt's group: the scoring pass counts them). */
export function countByKind(mismatches: readonly Pick<Mismatch, 'code'>[]): MismatchCounts {
  const counts: MismatchCounts = { ...NO_MISMATCHES };
  for (const m of mismatches) {
    const column = MISMATCH_COLUMN[m.code];
    if (column !== 'mismatchAdvantage') counts[column]++;
  }
  return counts;
}

/** Adds one completion's counts to a record's columns, and to `mismatches`, their sum. */
export function addMismatchCounts(summary: Pick<IndexRewardColumns, 'mismatches'> & MismatchCounts, counts: MismatchCounts): void {
  for (const column of Object.keys(NO_MISMATCHES) as (keyof MismatchCounts)[]) {
    summary[column] += counts[column];
    summary.mismatches += counts[column];
  }
}

/** Means of the completions' logged components (null where none logged it). */
export function meanStored(rewards: readonly StoredRewards[]): Pick<IndexRewardColumns, 'storedAcc' | 'storedObs' | 'storedRea' | 'storedFmt'> {
  const mean = (key: 'acc' | 'obs' | 'rea' | 'fmt') => meanOf(rewards.map((r) => r[key]));
  return { storedAcc: mean('acc'), storedObs: mean('obs'), storedRea: mean('rea'), storedFmt: mean('fmt') };
}

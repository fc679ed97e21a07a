/**
 * The reward columns the index keeps per record, computed while indexing (no captions, no judge):
 * the logged components, the offline r_fmt from the chain summary's problems, and how many logged
 * values contradict the formula, their ranges or the offline checks.
 */
import type { StoredRewards } from '../../../shared/records/datasetRecord';
import type { FormatCheck, AccuracyCheck } from '../../../shared/rewards/scores';
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
  mismatches: number;
}

/** r_fmt from what the index already parsed: same verdict as `checkFormat`, without a second parse. */
export function formatScoreOf(summary: ChainSummary, chain: string, requireSteps: boolean): 0 | 1 {
  return summary.problems.length === 0 && (summary.steps > 0 || !requireSteps) && !hasTextAfterAnswer(chain) ? 1 : 0;
}

/** One completion's stored-vs-offline mismatches (the index only counts them; `score` explains them). */
export function mismatchCount(stored: StoredRewards, fmt: 0 | 1, correct: boolean | null): number {
  const format: FormatCheck = { score: fmt, failures: [] };
  const accuracy: AccuracyCheck = {
    score: correct === null ? null : correct ? 1 : 0,
    predicted: null,
    truth: null,
    how: correct === null ? 'unknown' : 'letter',
    message: '',
  };
  return checkStoredRewards(stored).length + compareWithRecomputed(stored, format, accuracy).length;
}

/** Means of the completions' logged components (null where none logged it). */
export function meanStored(rewards: readonly StoredRewards[]): Pick<IndexRewardColumns, 'storedAcc' | 'storedObs' | 'storedRea' | 'storedFmt'> {
  const mean = (key: 'acc' | 'obs' | 'rea' | 'fmt') => meanOf(rewards.map((r) => r[key]));
  return { storedAcc: mean('acc'), storedObs: mean('obs'), storedRea: mean('rea'), storedFmt: mean('fmt') };
}

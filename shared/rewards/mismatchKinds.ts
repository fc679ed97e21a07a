/**
 * The kinds of logged-reward mismatch (shared/rewards/scores.ts `MismatchCode`) and the index column
 * that counts each: the review queues and their filter chips name one kind each, never the sum.
 */
import type { MismatchCode } from './scores';

/** The catalogue column (shared/rewards/rewardColumns.ts) counting each mismatch code. */
export const MISMATCH_COLUMN = {
  /** Logged total ≠ r_acc × (1 + r_obs + r_rea) + r_fmt of the logged parts. */
  'total-formula': 'mismatchTotal',
  /** Logged advantage ≠ (r − group mean) / group std over the prompt's group (filled by the scoring pass). */
  advantage: 'mismatchAdvantage',
  /** Logged r_fmt ≠ the offline tag check. */
  'fmt-disagrees': 'mismatchFmt',
  /** Logged r_acc ≠ the offline answer check. */
  'acc-disagrees': 'mismatchAcc',
  /** A logged component outside its range. */
  'out-of-range': 'mismatchRange',
} as const satisfies Record<MismatchCode, string>;

export type MismatchColumn = (typeof MISMATCH_COLUMN)[MismatchCode];

/** The columns the index fills while indexing (the advantage needs the whole group: the scoring pass fills it). */
export type IndexMismatchColumn = Exclude<MismatchColumn, 'mismatchAdvantage'>;

export type MismatchCounts = Record<IndexMismatchColumn, number>;

export const NO_MISMATCHES: Readonly<MismatchCounts> = { mismatchTotal: 0, mismatchFmt: 0, mismatchAcc: 0, mismatchRange: 0 };

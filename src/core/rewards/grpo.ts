/**
 * GRPO's group-relative advantage, recomputed from the stored totals of a group (rollouts sharing a
 * prompt id): A_i = (r_i − mean) / (std + ε) with the sample std (N − 1), as verl, EasyR1 and TRL compute
 * it (torch.std is unbiased by default), and the check of a logged advantage with a diagnosis of the
 * usual variants.
 */
import type { Mismatch } from '../../../shared/rewards/scores';
import { formatReward } from './rewardFormula';

/** ε in the denominator (verl and EasyR1 use 1e-6). */
export const GRPO_EPSILON = 1e-6;
/** TRL's GRPOTrainer adds 1e-4 instead. */
const TRL_EPSILON = 1e-4;

export interface GroupStatistics {
  mean: number | null;
  std: number | null;
  /** No learning signal: every known total is equal (or only one is known). */
  zeroVariance: boolean;
  /** Per total, in order; null where the total is. */
  advantages: (number | null)[];
}

/**
 * Mean, sample std and advantages over the group's known totals (nulls left out of the statistics).
 * A group of one has no std: its advantage is 0, like a group whose totals are all equal. A group with no
 * known total has no statistics and is not called zero-variance (nothing is known about it).
 */
export function groupStatistics(totals: readonly (number | null)[]): GroupStatistics {
  // Stryker disable next-line ConditionalExpression: Number.isFinite(null) is false; the null test only narrows the type
  const known = totals.filter((t): t is number => t !== null && Number.isFinite(t));
  const n = known.length;
  if (n === 0) return { mean: null, std: null, zeroVariance: false, advantages: totals.map(() => null) };

  let sum = 0;
  let min = known[0];
  let max = known[0];
  for (const t of known) {
    sum += t;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const mean = sum / n;
  // Equal totals give exactly 0: a summed mean can miss them by an ulp (0.1 × 3 / 3), which would leave
  // a std of ~1e-17 and advantages of noise.
  let std: number | null = null;
  if (n >= 2) {
    if (min === max) std = 0;
    else {
      let squares = 0;
      for (const t of known) squares += (t - mean) * (t - mean);
      std = Math.sqrt(squares / (n - 1));
    }
  }
  const zeroVariance = std === null || std === 0;
  const advantages = totals.map((t) => {
    if (t === null || !Number.isFinite(t)) return null;
    return zeroVariance || std === null ? 0 : (t - mean) / (std + GRPO_EPSILON);
  });
  return { mean: min === max ? min : mean, std, zeroVariance, advantages };
}

interface Variant {
  diagnosis: string;
  value(total: number, mean: number, std: number | null, n: number): number | null;
}

/** Advantage recipes that differ from ours, each as what would explain a logged value. */
const VARIANTS: readonly Variant[] = [
  {
    diagnosis: 'the population std (÷ N instead of N − 1) was used',
    value: (total, mean, std, n) => {
      // Stryker disable next-line ConditionalExpression: a non-null std means at least 2 known totals, so n >= 2 already
      if (std === null || n < 2) return null;
      const population = std * Math.sqrt((n - 1) / n);
      // Stryker disable next-line ConditionalExpression: population 0 means std 0, all totals equal the mean, so (total − mean) / ε is 0 too
      return population === 0 ? 0 : (total - mean) / (population + GRPO_EPSILON);
    },
  },
  {
    diagnosis: 'r − mean was not divided by the std (Dr. GRPO style)',
    value: (total, mean) => total - mean,
  },
  {
    diagnosis: "TRL's ε = 1e-4 was used instead of 1e-6",
    // Stryker disable next-line ConditionalExpression: std 0 gives 0, which fits only a stored value that already agrees with the recomputed 0
    value: (total, mean, std) => (std === null || std === 0 ? null : (total - mean) / (std + TRL_EPSILON)),
  },
  {
    diagnosis: "a group of one was normalized with mean 0 and std 1, as verl's GRPO does",
    value: (total, _mean, _std, n) => (n === 1 ? total / (1 + GRPO_EPSILON) : null),
  },
];

const tolerance = (value: number): number => 1e-3 * Math.max(1, Math.abs(value));

/**
 * The logged advantage against the recomputed one (tolerance 1e-3 × max(1, |recomputed|)); null when they
 * agree or either is unknown. `total` is the sample's stored total, `stats` its group's (n = known totals).
 */
export function checkAdvantage(
  stored: number | null,
  recomputed: number | null,
  total: number | null,
  stats: { mean: number | null; std: number | null; n: number },
): Mismatch | null {
  if (stored === null || recomputed === null || Math.abs(stored - recomputed) <= tolerance(recomputed)) return null;

  const { mean, std, n } = stats;
  let formula = '';
  let diagnosis = 'none of the usual variants (population std, no division by the std, ε = 1e-4) reproduces it';
  if (total !== null && mean !== null) {
    formula =
      std === null || std === 0
        ? ` (the group of ${n} has ${std === null ? 'no std' : 'std 0'}, so no learning signal)`
        : ` = (${formatReward(total)} − ${formatReward(mean)}) / (${formatReward(std)} + 1e-6)`;
    const fits = VARIANTS.filter((v) => {
      const value = v.value(total, mean, std, n);
      return value !== null && Math.abs(stored - value) <= tolerance(value);
    });
    if (fits.length > 0) diagnosis = `looks like ${fits.map((v) => v.diagnosis).join(', or ')}`;
  } else {
    diagnosis = 'the total or the group mean is unknown, so no variant can be tested';
  }
  return {
    code: 'advantage',
    component: 'advantage',
    stored,
    expected: recomputed,
    message: `Logged advantage ${formatReward(stored)} ≠ recomputed ${formatReward(recomputed)}${formula}: ${diagnosis}.`,
  };
}

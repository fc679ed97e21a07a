/**
 * The O&R total r = r_acc × (1 + r_obs + r_rea) + r_fmt (docs "The O&R reward", point 6) and the checks of
 * logged rewards against it: ranges, the formula with a diagnosis of the usual mistakes, and the offline
 * r_acc / r_fmt.
 */
import type { StoredRewards } from '../../../shared/records/datasetRecord';
import type { AccuracyCheck, FormatCheck, Mismatch } from '../../../shared/rewards/scores';

/** Absolute tolerance when comparing logged rewards: logs round floats. */
export const REWARD_TOLERANCE = 1e-3;

export interface RewardParts {
  acc: number | null;
  obs: number | null;
  rea: number | null;
  fmt: number | null;
}

/**
 * r_acc × (1 + r_obs + r_rea) + r_fmt. A wrong answer gates the process terms away, so with r_acc = 0 the
 * total is r_fmt even when r_obs / r_rea were never computed (trainers often skip the judge then).
 */
export function orTotal(parts: RewardParts): number | null {
  const { acc, obs, rea, fmt } = parts;
  if (acc === null || fmt === null) return null;
  if (acc === 0) return fmt;
  if (obs === null || rea === null) return null;
  return acc * (1 + obs + rea) + fmt;
}

const near = (a: number, b: number, tolerance = REWARD_TOLERANCE): boolean => Math.abs(a - b) <= tolerance;

/** A number as a message shows it: at most 4 decimals, no trailing zeros. */
export function formatReward(value: number): string {
  return String(Math.round(value * 1e4) / 1e4);
}

/** Wrong formulas seen in reward code, each with what it means; null when the parts it needs are missing. */
interface Alternative {
  formula: string;
  diagnosis: string;
  total(p: RewardParts): number | null;
}

/** acc × f(...), known as 0 when acc = 0 even if the other parts are missing (as the right formula is). */
function gatedBy(acc: number, inner: () => number | null): number | null {
  return acc === 0 ? 0 : inner();
}

const ALTERNATIVES: readonly Alternative[] = [
  {
    formula: 'r_acc + r_obs + r_rea + r_fmt',
    diagnosis: 'the parts were summed without gating by r_acc',
    total: ({ acc, obs, rea, fmt }) => (acc === null || obs === null || rea === null || fmt === null ? null : acc + obs + rea + fmt),
  },
  {
    formula: 'r_acc × (r_obs + r_rea) + r_fmt',
    diagnosis: 'the "1 +" is missing',
    total: ({ acc, obs, rea, fmt }) => {
      if (acc === null || fmt === null) return null;
      const gated = gatedBy(acc, () => (obs === null || rea === null ? null : acc * (obs + rea)));
      return gated === null ? null : gated + fmt;
    },
  },
  {
    formula: 'r_acc × (1 + r_obs + r_rea)',
    diagnosis: 'r_fmt was left out',
    total: ({ acc, obs, rea }) => (acc === null ? null : gatedBy(acc, () => (obs === null || rea === null ? null : acc * (1 + obs + rea)))),
  },
  {
    formula: 'r_acc × (1 + r_obs + r_rea + r_fmt)',
    diagnosis: 'r_fmt was gated by r_acc too',
    total: ({ acc, obs, rea, fmt }) =>
      acc === null ? null : gatedBy(acc, () => (obs === null || rea === null || fmt === null ? null : acc * (1 + obs + rea + fmt))),
  },
  {
    formula: '(r_acc + r_obs + r_rea + r_fmt) / 4',
    diagnosis: 'the parts were averaged',
    total: ({ acc, obs, rea, fmt }) => (acc === null || obs === null || rea === null || fmt === null ? null : (acc + obs + rea + fmt) / 4),
  },
  // Swapping r_obs and r_rea changes nothing (the formula is symmetric in them), so it is not listed.
];

const NAMES = { acc: 'r_acc', obs: 'r_obs', rea: 'r_rea', fmt: 'r_fmt', total: 'total' } as const;

function outOfRange(component: keyof typeof NAMES, value: number): Mismatch | null {
  const name = NAMES[component];
  if (component === 'obs' || component === 'total') {
    const max = component === 'obs' ? 1 : 4;
    if (value >= -REWARD_TOLERANCE && value <= max + REWARD_TOLERANCE) return null;
    const expected = value < 0 ? 0 : max;
    return { code: 'out-of-range', component, stored: value, expected, message: `Logged ${name} ${formatReward(value)} is outside [0, ${max}].` };
  }
  if (near(value, 0) || near(value, 1)) return null;
  const expected = value < 0.5 ? 0 : 1;
  return { code: 'out-of-range', component, stored: value, expected, message: `Logged ${name} ${formatReward(value)} is neither 0 nor 1.` };
}

/** "0 × (1 + 0.5 + 1) + 1" with the parts' values (or "?" where missing). */
function substituted(p: RewardParts): string {
  const v = (x: number | null): string => (x === null ? '?' : formatReward(x));
  return `${v(p.acc)} × (1 + ${v(p.obs)} + ${v(p.rea)}) + ${v(p.fmt)}`;
}

/**
 * Checks the logged rewards on their own: each component in its range, and the logged total against
 * the formula of the logged parts (only when the parts the formula needs are logged).
 */
export function checkStoredRewards(stored: StoredRewards): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const component of ['acc', 'obs', 'rea', 'fmt', 'total'] as const) {
    const value = stored[component];
    if (value === null) continue;
    const m = outOfRange(component, value);
    if (m !== null) mismatches.push(m);
  }

  const parts: RewardParts = { acc: stored.acc, obs: stored.obs, rea: stored.rea, fmt: stored.fmt };
  const expected = orTotal(parts);
  const total = stored.total;
  if (expected === null || total === null || near(total, expected)) return mismatches;

  const fits = ALTERNATIVES.filter((alt) => {
    const value = alt.total(parts);
    return value !== null && Number.isFinite(value) && near(total, value);
  });
  const diagnosis =
    fits.length > 0
      ? `looks like ${fits.map((alt) => `${alt.diagnosis} (${alt.formula} = ${formatReward(total)})`).join(', or ')}`
      : 'none of the usual mistakes (sum without gating, missing "1 +", r_fmt left out or gated, average) reproduces it';
  mismatches.push({
    code: 'total-formula',
    component: 'total',
    stored: total,
    expected,
    message: `Logged total ${formatReward(total)} ≠ r_acc × (1 + r_obs + r_rea) + r_fmt = ${substituted(parts)} = ${formatReward(expected)}: ${diagnosis}.`,
  });
  return mismatches;
}

/** A logged 0/1 reward as the bit it stands for (logs may hold 0.9999 or an out-of-range value). */
const bit = (value: number): 0 | 1 => (value >= 0.5 ? 1 : 0);

/** The logged r_acc and r_fmt against the offline checks; skipped where either side is unknown. */
export function compareWithRecomputed(stored: StoredRewards, format: FormatCheck, accuracy: AccuracyCheck): Mismatch[] {
  const mismatches: Mismatch[] = [];
  if (stored.acc !== null && accuracy.score !== null && bit(stored.acc) !== accuracy.score) {
    // The paper's r_acc is a judge: a text answer may match the truth in meaning but not in letters.
    const caveat = accuracy.how === 'text' ? ' A judge may accept answers that differ in wording.' : '';
    mismatches.push({
      code: 'acc-disagrees',
      component: 'acc',
      stored: stored.acc,
      expected: accuracy.score,
      message: `Logged r_acc ${formatReward(stored.acc)} but the offline check gives ${accuracy.score}: ${accuracy.message}${caveat}`,
    });
  }
  if (stored.fmt !== null && bit(stored.fmt) !== format.score) {
    let why: string;
    if (format.score === 0) {
      const [first, ...rest] = format.failures;
      const more = rest.length === 0 ? '' : ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})`;
      why = `the chain fails the offline tag check: ${first?.message ?? 'no reason recorded.'}${more}`;
    } else {
      why = "the chain passes the offline tag check (tags closed and paired, one <answer>, nothing after it): the trainer's format rule may differ.";
    }
    mismatches.push({
      code: 'fmt-disagrees',
      component: 'fmt',
      stored: stored.fmt,
      expected: format.score,
      message: `Logged r_fmt ${formatReward(stored.fmt)} but ${why}`,
    });
  }
  return mismatches;
}

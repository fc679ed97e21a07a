/** How a per-step score (judge verdict or evidence support, 0..1) is coloured, pure (no DOM). */

/** red below this, */
export const BAD_BELOW = 0.34;
/** amber below this, green from it on. */
export const WARN_BELOW = 0.67;

export type ScoreLevel = 'bad' | 'warn' | 'good' | 'none';

/** 'bad' (red) below 0.34, 'warn' (amber) below 0.67, 'good' (green) otherwise, 'none' (neutral) without a number. */
export function scoreLevel(score: number | null | undefined): ScoreLevel {
  if (score === null || score === undefined || !Number.isFinite(score)) return 'none';
  if (score < BAD_BELOW) return 'bad';
  if (score < WARN_BELOW) return 'warn';
  return 'good';
}

/** The CSS class of a level: `score-bad`, `score-warn`, `score-good`, `score-none`. */
export function scoreClass(score: number | null | undefined): string {
  return `score-${scoreLevel(score)}`;
}

/** A score as the `data-score` attribute and the badge show it: 2 decimals, trailing zeros dropped ("0.67", "1"); undefined without a number. */
export function scoreText(score: number | null | undefined): string | undefined {
  if (score === null || score === undefined || !Number.isFinite(score)) return undefined;
  const rounded = Math.round(score * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

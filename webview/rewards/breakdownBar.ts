/**
 * The geometry of one breakdown row, pure (no DOM): total = acc × (1 + obs + rea) + fmt drawn as a
 * stacked bar on a 0–4 scale. acc is the 1× base, obs and rea count only as far as acc lets them
 * (×acc), fmt is added on top.
 */
import type { Breakdown } from '../../shared/rewards/scores';

/** The bar's full width: the largest total the formula allows. */
export const BREAKDOWN_SCALE = 4;

export type BarComponent = 'acc' | 'obs' | 'rea' | 'fmt';
export const BAR_COMPONENTS: readonly BarComponent[] = ['acc', 'obs', 'rea', 'fmt'];

export interface BarSegment {
  component: BarComponent;
  /** What the component adds to the total (acc, acc×obs, acc×rea, fmt); 0 when unknown. */
  contribution: number;
  /** Percent of the bar's width. */
  left: number;
  width: number;
  /** obs/rea with a value that does not count because r_acc is 0 or unknown. */
  gated: boolean;
}

/** A usable non-negative number, else 0. */
const part = (value: number | null): number => (value !== null && Number.isFinite(value) && value > 0 ? value : 0);

const percent = (value: number): number => (100 * Math.min(BREAKDOWN_SCALE, Math.max(0, value))) / BREAKDOWN_SCALE;

/** The four segments, in order, laid end to end and clipped to the scale (never past 100%). */
export function breakdownSegments(row: Pick<Breakdown, 'acc' | 'obs' | 'rea' | 'fmt'>): BarSegment[] {
  const acc = part(row.acc);
  const contributions: Record<BarComponent, number> = { acc, obs: acc * part(row.obs), rea: acc * part(row.rea), fmt: part(row.fmt) };
  let end = 0;
  return BAR_COMPONENTS.map((component) => {
    const start = end;
    end += contributions[component];
    const left = percent(start);
    const gated = (component === 'obs' || component === 'rea') && acc === 0 && part(row[component]) > 0;
    return { component, contribution: contributions[component], left, width: percent(end) - left, gated };
  });
}

/** Where the row's total sits on the bar (percent, clipped), or null without a usable total. */
export function totalMarker(total: number | null): number | null {
  if (total === null || !Number.isFinite(total)) return null;
  return percent(total);
}

/** The formula's total from the parts, or null when acc or fmt is unknown (obs/rea unknown count as 0 only when acc is 0). */
export function formulaTotal(row: Pick<Breakdown, 'acc' | 'obs' | 'rea' | 'fmt'>): number | null {
  if (row.acc === null || row.fmt === null) return null;
  if (row.acc === 0) return row.fmt;
  if (row.obs === null || row.rea === null) return null;
  return row.acc * (1 + row.obs + row.rea) + row.fmt;
}

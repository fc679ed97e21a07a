/** The words and directions of the reward-delta panel, pure (no DOM). Every reward is better higher. */
import type { DeltaRow, ScoreDelta } from '../../shared/edit/edits';
import { valueText } from '../rewards/breakdownText';

export type Direction = 'up' | 'down' | 'same' | 'unknown';

/** Changes smaller than this are rounding, not a change (values are shown to 3 decimals). */
const EPSILON = 5e-4;

/** Which way a reward moved: unknown when either side is. */
export function deltaDirection(before: number | null, after: number | null): Direction {
  if (before === null || after === null || !Number.isFinite(before) || !Number.isFinite(after)) return 'unknown';
  const change = after - before;
  if (Math.abs(change) < EPSILON) return 'same';
  return change > 0 ? 'up' : 'down';
}

export const DIRECTION_ARROW: Record<Direction, string> = { up: '↑', down: '↓', same: '', unknown: '' };

/** "r_fmt 0 → 1" (unknown values as —). */
export function deltaRowText(row: DeltaRow): string {
  return `${row.label} ${valueText(row.before)} → ${valueText(row.after)}`;
}

/** The whole delta on one line: "r_fmt 0 → 1, r_acc 1 → 1, total 1 → 2.4". */
export function deltaSummary(delta: Pick<ScoreDelta, 'rows'>): string {
  return delta.rows.map(deltaRowText).join(', ');
}

/** "2 rewards up, 1 down", "no reward changed" — the panel's headline. */
export function deltaHeadline(delta: Pick<ScoreDelta, 'rows'>): string {
  const directions = delta.rows.map((row) => deltaDirection(row.before, row.after));
  const up = directions.filter((d) => d === 'up').length;
  const down = directions.filter((d) => d === 'down').length;
  if (up === 0 && down === 0) return 'no reward changed';
  const parts: string[] = [];
  if (up > 0) parts.push(`${up} up`);
  if (down > 0) parts.push(`${down} down`);
  return `${up + down === 1 ? '1 reward' : `${up + down} rewards`} moved: ${parts.join(', ')}`;
}

/** The words of the breakdown panel, pure (no DOM). */
import type { Breakdown, GroupStats } from '../../shared/rewards/scores';
import { formatReward } from '../app/format';

/** A value as the breakdown prints it: `formatReward`, or "—" when unknown. */
export function valueText(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : formatReward(value);
}

export function obsSourceText(source: Breakdown['obsSource']): string {
  switch (source) {
    case 'stored':
      return 'logged';
    case 'judge':
      return 'judge';
    case 'evidence':
      return 'evidence estimate (heuristic)';
    case 'none':
      return 'unknown';
  }
}

export function reaSourceText(source: Breakdown['reaSource']): string {
  switch (source) {
    case 'stored':
      return 'logged';
    case 'judge':
      return 'judge';
    case 'none':
      return 'unknown';
  }
}

/** Two advantages differ beyond rounding noise (both known). */
export function advantagesDiffer(logged: number | null, recomputed: number | null, tolerance = 1e-3): boolean {
  if (logged === null || recomputed === null || !Number.isFinite(logged) || !Number.isFinite(recomputed)) return false;
  return Math.abs(logged - recomputed) > tolerance * Math.max(1, Math.abs(recomputed));
}

/** "8 rollouts · mean 1.25 · std 0.5" for a group. */
export function groupStatsText(group: Pick<GroupStats, 'size' | 'mean' | 'std'>): string {
  return `${group.size} rollout${group.size === 1 ? '' : 's'} · mean ${valueText(group.mean)} · std ${valueText(group.std)}`;
}

export const ZERO_VARIANCE_NOTE = 'Every rollout of this group has the same total (std = 0): the advantages are 0 and the group gives no learning signal.';

/** Why the judge button is off, or null when it may run. */
export function judgeDisabledReason(configured: boolean): string | null {
  return configured ? null : 'No judge is set up: configure a judge endpoint (an OpenAI-compatible server) in the ReWatch settings, in a trusted workspace.';
}

/** "Judging… 3 / 8" while the judge runs. */
export function judgeProgressText(done: number, total: number): string {
  return total > 0 ? `Judging… ${Math.min(done, total)} / ${total}` : 'Judging…';
}

/** The breakdown folded to one line: both totals and how many logged values disagree. */
export function breakdownSummary(logged: number | null, recomputed: number | null, disagreeing: number): string {
  const parts = [`logged total ${valueText(logged)}`, `recomputed ${valueText(recomputed)}`];
  if (disagreeing > 0) parts.push(`${disagreeing} logged ${disagreeing === 1 ? 'value disagrees' : 'values disagree'}`);
  return parts.join(' · ');
}

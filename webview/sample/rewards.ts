/** The stored-rewards line of the sample view, pure (no DOM). */
import type { StoredRewards } from '../../shared/records/datasetRecord';
import { formatReward } from '../app/format';

export interface RewardEntry {
  label: string;
  value: string;
  /** The full-precision number, for the tooltip. */
  exact: number;
}

/** The O&R parts in their usual order (total, acc, obs, rea, fmt, advantage), those that were logged. */
export function rewardEntries(rewards: StoredRewards | null): RewardEntry[] {
  if (rewards === null) return [];
  const named: [string, number | null][] = [
    ['reward', rewards.total],
    ['acc', rewards.acc],
    ['obs', rewards.obs],
    ['rea', rewards.rea],
    ['fmt', rewards.fmt],
    ['advantage', rewards.advantage],
  ];
  return named.filter((entry): entry is [string, number] => entry[1] !== null).map(([label, value]) => ({ label, value: formatReward(value), exact: value }));
}

/** Every numeric reward-like field exactly as logged, by its own name (sorted by name). */
export function loggedEntries(rewards: StoredRewards | null): RewardEntry[] {
  if (rewards === null) return [];
  return Object.entries(rewards.logged)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, value]) => ({ label, value: formatReward(value), exact: value }));
}

import type { RecordSummary } from '../../../shared/records/recordSummary';
import type { GroupStats } from '../../../shared/rewards/scores';
import type { RecordStore } from '../store/recordStore';
import { groupStatistics } from '../rewards/grpo';

/** Most rollouts a group view or a score reads of one prompt (GRPO used G = 8). */
export const MAX_GROUP = 256;

/**
 * GRPO statistics of single-rollout records that share a prompt id, from their logged totals. The
 * rollouts of one prompt usually sit together in a file, so the last few groups are kept.
 */
export class GroupStatsCache {
  private readonly groups = new Map<string, { positions: number[]; stats: ReturnType<typeof groupStatistics> }>();

  constructor(private readonly store: Pick<RecordStore, 'groupMembers'>) {}

  statsFor(summary: Pick<RecordSummary, 'position' | 'promptId'>): GroupStats | null {
    const promptId = summary.promptId;
    if (promptId === null) return null;
    let group = this.groups.get(promptId);
    if (group === undefined) {
      const members = this.store.groupMembers(promptId, MAX_GROUP);
      group = { positions: members.map((m) => m.position), stats: groupStatistics(members.map((m) => m.reward)) };
      if (this.groups.size >= 16) this.groups.delete(this.groups.keys().next().value as string);
      this.groups.set(promptId, group);
    }
    const i = group.positions.indexOf(summary.position);
    if (group.positions.length < 2 || i < 0) return null;
    return {
      promptId,
      size: group.positions.length,
      known: group.stats.advantages.filter((a) => a !== null).length,
      mean: group.stats.mean,
      std: group.stats.std,
      advantage: group.stats.advantages[i],
      zeroVariance: group.stats.zeroVariance,
    };
  }
}

/** The group a multi-completion record holds itself: its completions' totals. */
export function inRecordGroup(promptId: string, totals: readonly (number | null)[], completion: number): GroupStats | null {
  if (totals.length < 2) return null;
  const stats = groupStatistics(totals);
  const known = stats.advantages.filter((a) => a !== null).length;
  return {
    promptId,
    size: totals.length,
    known,
    mean: stats.mean,
    std: stats.std,
    advantage: stats.advantages[completion] ?? null,
    zeroVariance: stats.zeroVariance,
  };
}

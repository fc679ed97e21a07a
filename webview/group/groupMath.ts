/** The group view's comparisons, pure (no DOM): which steps differ between rollouts, which advantages disagree. */
import type { GroupDetail, GroupMember, GroupStep } from '../../shared/rewards/scores';
import { advantagesDiffer } from '../rewards/breakdownText';

/** A step the other rollouts do not all share (same action, same cited times). */
export function stepDiffers(step: Pick<GroupStep, 'sharedBy'>, members: number): boolean {
  return step.sharedBy < members;
}

/** The logged advantage disagrees with (total − mean) / std over the group. */
export function advantageMismatch(member: Pick<GroupMember, 'stored' | 'advantage' | 'mismatches'>): boolean {
  return member.mismatches.some((m) => m.code === 'advantage') || advantagesDiffer(member.stored.advantage, member.advantage);
}

/** "✓", "✗" or "?" for a rollout's answer. */
export function correctMark(correct: boolean | null): string {
  return correct === null ? '?' : correct ? '✓' : '✗';
}

/** How many steps of each member differ from the rest, by member index. */
export function differingCounts(group: Pick<GroupDetail, 'members'>): number[] {
  return group.members.map((member) => member.steps.filter((step) => stepDiffers(step, group.members.length)).length);
}

/** The member the sample view shows, by index (−1 when it is not in the group). */
export function currentMember(group: Pick<GroupDetail, 'members'>, position: number | null, completion: number): number {
  return group.members.findIndex((m) => m.position === position && m.completion === completion);
}

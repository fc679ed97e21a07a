/**
 * A GRPO group side by side (shared/rewards/scores.ts GroupDetail): each rollout's logged rewards, offline
 * checks and recomputed advantage, and which of its steps the other rollouts share. Two steps are the
 * same when their actions say the same words and cite the same seconds.
 */
import { parseChain } from '../../../shared/chain/parseChain';
import type { DatasetRecord } from '../../../shared/records/datasetRecord';
import type { Dialect } from '../../../shared/records/fieldMapping';
import type { GroupDetail, GroupMember, GroupStep } from '../../../shared/rewards/scores';
import { shownChain } from '../sample/buildSample';
import { groupStatistics } from './grpo';
import { scoreRecord } from './scoreRecord';

export interface GroupInput {
  position: number;
  completion: number;
  record: DatasetRecord;
}

/** An action's identity across rollouts: its words (lower case) and its cited seconds. */
export function stepKey(action: string, intervals: readonly { start: number; end: number }[]): string {
  const words = action.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return `${words.join(' ')}|${intervals.map((i) => `${Math.round(i.start)}-${Math.round(i.end)}`).join(',')}`;
}

export function buildGroupDetail(inputs: readonly GroupInput[], promptId: string | null, dialect: Dialect, truncated: boolean): GroupDetail {
  const totals: (number | null)[] = [];
  const members: (GroupMember & { keys: string[] })[] = inputs.map(({ position, completion, record }) => {
    const shown = shownChain(record, completion);
    const score = scoreRecord({ record, completion, captions: null, duration: record.duration, dialect, group: null, judge: null });
    totals.push(score.stored.total);
    const parsed = parseChain(shown.chain ?? '');
    const steps: GroupStep[] = parsed.steps.map((step) => ({
      step: step.index,
      action: step.action?.text.trim() ?? '',
      observation: step.observation?.text.trim() ?? '',
      intervals: step.intervals,
      sharedBy: 1,
    }));
    return {
      position,
      completion: shown.completion,
      id: record.id,
      stored: score.stored,
      correct: score.accuracy.score === null ? null : score.accuracy.score === 1,
      fmt: score.format.score,
      predicted: parsed.answer ?? null,
      advantage: null,
      mismatches: score.mismatches,
      steps,
      keys: steps.map((s) => stepKey(s.action, s.intervals)),
    };
  });
  // How many members have each step (a member counts once however often it repeats the step).
  const holders = new Map<string, number>();
  for (const member of members) for (const key of new Set(member.keys)) holders.set(key, (holders.get(key) ?? 0) + 1);
  const stats = groupStatistics(totals);
  const first = inputs[0]?.record;
  const question = first && 'question' in first ? first.question : null;
  const answer = first && 'answer' in first && first.answer !== null ? (first.answer.letter ?? first.answer.text ?? null) : null;
  return {
    promptId,
    question,
    answer,
    members: members.map(({ keys, ...member }, i) => ({
      ...member,
      advantage: stats.advantages[i],
      steps: member.steps.map((s, j) => ({ ...s, sharedBy: holders.get(keys[j]) ?? 1 })),
    })),
    mean: stats.mean,
    std: stats.std,
    zeroVariance: stats.zeroVariance,
    truncated,
  };
}

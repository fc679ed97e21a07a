/**
 * One record's reward breakdown (shared/rewards/scores.ts): the logged components as logged, the offline
 * recomputation (format, accuracy, evidence estimate, total by the formula), every stored value that
 * contradicts them, the GRPO group statistics, and cached judge verdicts when there are any.
 * The same function serves the sample view, the dataset scoring pass and `rewatch-inspector score`.
 */
import { parseChain } from '../../../shared/chain/parseChain';
import type { DatasetRecord, StoredRewards } from '../../../shared/records/datasetRecord';
import type { Dialect } from '../../../shared/records/fieldMapping';
import type { Breakdown, GroupStats, JudgeScores, Mismatch, SampleScore } from '../../../shared/rewards/scores';
import { NO_REWARDS } from '../records/storedRewards';
import { shownChain } from '../sample/buildSample';
import { checkAccuracy } from './accuracyCheck';
import type { CaptionIndex } from './evidence/captionIndex';
import { evidenceFor, evidenceInputs } from './evidence/stepEvidence';
import { checkParsedFormat } from './formatCheck';
import { checkAdvantage } from './grpo';
import { mergeRewards } from './mergeRewards';
import { checkStoredRewards, compareWithRecomputed, orTotal } from './rewardFormula';

export interface ScoreInput {
  record: DatasetRecord;
  /** Rollouts: which completion (clamped like the sample view). */
  completion?: number;
  captions: CaptionIndex | null;
  /** Seconds; null when unknown. */
  duration: number | null;
  dialect: Dialect;
  /** The group the completion belongs to, with its advantage already computed; null when it has none. */
  group: GroupStats | null;
  judge: JudgeScores | null;
}

/** The stored components as one breakdown row. */
export function storedBreakdown(stored: StoredRewards): Breakdown {
  return {
    acc: stored.acc,
    obs: stored.obs,
    rea: stored.rea,
    fmt: stored.fmt,
    total: stored.total,
    obsSource: stored.obs === null ? 'none' : 'stored',
    reaSource: stored.rea === null ? 'none' : 'stored',
  };
}

export function scoreRecord(input: ScoreInput): SampleScore {
  const { record } = input;
  const shown = shownChain(record, input.completion);
  const completions = record.kind === 'rollout' ? record.completions.length : 1;
  const stored =
    record.kind === 'rollout' && record.completions[shown.completion] !== undefined
      ? mergeRewards(record.completions[shown.completion].rewards, record.rewards, completions)
      : (shown.rewards ?? NO_REWARDS);
  const chain = shown.chain ?? '';
  const parsed = parseChain(chain);
  const format = checkParsedFormat(chain, parsed, { requireSteps: input.dialect === 'rewatch' });
  const hasQuestion = record.kind === 'cot' || record.kind === 'rollout' || record.kind === 'qa';
  const accuracy = checkAccuracy(parsed.answer, hasQuestion ? record.answer : null, hasQuestion ? record.options : []);
  const evidence = evidenceFor(evidenceInputs(parsed), input.captions, input.duration);
  const base = { acc: accuracy.score, fmt: format.score };
  const mismatches: Mismatch[] = [...checkStoredRewards(stored), ...compareWithRecomputed(stored, format, accuracy)];
  const group = input.group;
  if (group !== null) {
    const advantage = checkAdvantage(stored.advantage, group.advantage, stored.total, { mean: group.mean, std: group.std, n: group.known ?? group.size });
    if (advantage !== null) mismatches.push(advantage);
  }
  const score: SampleScore = {
    completion: shown.completion,
    stored,
    storedBreakdown: storedBreakdown(stored),
    recomputed: recomputedBreakdown(base, evidence.obsEstimate, stored.rea, null),
    format,
    accuracy,
    evidence,
    mismatches,
    group,
    judge: null,
  };
  return input.judge === null ? score : withJudge(score, input.judge);
}

/** The score with a judge's verdicts: r_obs and r_rea from the judge where it gave them, the total again. */
export function withJudge(score: SampleScore, judge: JudgeScores): SampleScore {
  const base = { acc: score.accuracy.score, fmt: score.format.score };
  return { ...score, judge, recomputed: recomputedBreakdown(base, score.evidence.obsEstimate, score.stored.rea, judge) };
}

/** Offline acc and fmt; obs from the judge, else the evidence estimate; rea from the judge, else as logged. */
function recomputedBreakdown(
  base: { acc: number | null; fmt: number | null },
  obsEstimate: number | null,
  storedRea: number | null,
  judge: JudgeScores | null,
): Breakdown {
  const judgeObs = judge?.obs ?? null;
  const judgeRea = judge?.rea?.verdict.score ?? null;
  const parts = { acc: base.acc, fmt: base.fmt, obs: judgeObs ?? obsEstimate, rea: judgeRea ?? storedRea };
  return {
    ...parts,
    total: orTotal(parts),
    obsSource: judgeObs !== null ? 'judge' : obsEstimate !== null ? 'evidence' : 'none',
    reaSource: judgeRea !== null ? 'judge' : storedRea !== null ? 'stored' : 'none',
  };
}

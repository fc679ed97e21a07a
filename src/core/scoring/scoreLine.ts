/**
 * One JSONL line of `rewatch-inspector score`: a record's id, each component (logged and recomputed),
 * per-step scores and the mismatches with the logged values. Compact: the word-level evidence and the
 * judge rationales stay in the Inspector (only their verdicts are written).
 */
import type { SampleScore } from '../../../shared/rewards/scores';
import type { ScoredRecord } from './scoreFile';

export function scoreLine(scored: ScoredRecord): Record<string, unknown> {
  const { summary } = scored;
  const head = { record: summary.position, line: summary.line, id: summary.id, kind: summary.kind, promptId: summary.promptId };
  if (scored.scores.length === 0) return { ...head, skipped: scored.skipped ?? 'nothing to score' };
  const completions = scored.scores.map(completionLine);
  return scored.scores.length === 1 ? { ...head, ...completions[0] } : { ...head, completions };
}

function completionLine(score: SampleScore): Record<string, unknown> {
  const { storedBreakdown: stored, recomputed } = score;
  return {
    completion: score.completion,
    logged: { total: stored.total, acc: stored.acc, obs: stored.obs, rea: stored.rea, fmt: stored.fmt, advantage: score.stored.advantage },
    recomputed: {
      total: recomputed.total,
      acc: recomputed.acc,
      obs: recomputed.obs,
      rea: recomputed.rea,
      fmt: recomputed.fmt,
      obsSource: recomputed.obsSource,
      reaSource: recomputed.reaSource,
      obsEstimate: score.evidence.obsEstimate,
      advantage: score.group?.advantage ?? null,
    },
    format: score.format.failures.map((f) => f.code),
    accuracy: { how: score.accuracy.how, predicted: score.accuracy.predicted, truth: score.accuracy.truth },
    group: score.group && { size: score.group.size, mean: score.group.mean, std: score.group.std, zeroVariance: score.group.zeroVariance },
    steps: score.evidence.steps.map((step) => {
      const judged = score.judge?.steps.find((j) => j.step === step.step)?.verdict;
      return {
        step: step.step,
        intervals: step.intervals,
        inside: step.inside,
        segments: step.segments.length,
        support: step.support,
        unsupported: step.matches.filter((m) => m.caption === null).map((m) => m.word),
        ...(step.note === null ? {} : { note: step.note }),
        ...(judged === undefined ? {} : { judge: { score: judged.score, verdict: judged.verdict, error: judged.error } }),
      };
    }),
    ...(score.judge?.rea ? { rea: { answer: score.judge.rea.answer, score: score.judge.rea.verdict.score, error: score.judge.rea.verdict.error } } : {}),
    mismatches: score.mismatches.map((m) => ({ code: m.code, component: m.component, logged: m.stored, expected: m.expected, message: m.message })),
  };
}

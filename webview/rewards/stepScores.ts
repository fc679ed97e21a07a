/** Which score each action/observation step shows, pure (no DOM): the judge's when it gave one, else the evidence support. */
import type { EvidenceStep, JudgeVerdict, SampleScore } from '../../shared/rewards/scores';

export interface StepScore {
  /** ChainStep index. */
  step: number;
  score: number | null;
  source: 'judge' | 'evidence' | 'none';
  evidence: EvidenceStep | null;
  /** The judge's verdict on this step (also when it failed: `error` set, score null). */
  judge: JudgeVerdict | null;
}

export function stepScores(score: Pick<SampleScore, 'evidence' | 'judge'> | null | undefined): Map<number, StepScore> {
  const scores = new Map<number, StepScore>();
  if (!score) return scores;
  const entry = (step: number): StepScore => {
    let found = scores.get(step);
    if (!found) {
      found = { step, score: null, source: 'none', evidence: null, judge: null };
      scores.set(step, found);
    }
    return found;
  };
  for (const evidence of score.evidence.steps) entry(evidence.step).evidence = evidence;
  for (const { step, verdict } of score.judge?.steps ?? []) entry(step).judge = verdict;
  for (const found of scores.values()) {
    const judged = found.judge?.score;
    const support = found.evidence?.support;
    if (judged !== null && judged !== undefined && Number.isFinite(judged)) {
      found.score = judged;
      found.source = 'judge';
    } else if (support !== null && support !== undefined && Number.isFinite(support)) {
      found.score = support;
      found.source = 'evidence';
    }
  }
  return scores;
}

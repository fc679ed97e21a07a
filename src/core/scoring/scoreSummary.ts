import type { MismatchCode } from '../../../shared/rewards/scores';
import type { ScoredRecord } from './scoreFile';

/** Running totals of a scoring run, for `score`'s summary. */
export class ScoreSummary {
  records = 0;
  scored = 0;
  completions = 0;
  skipped = 0;
  formatFailures = 0;
  correct = 0;
  accuracyKnown = 0;
  zeroVarianceGroups = new Set<string>();
  readonly mismatches: Partial<Record<MismatchCode, number>> = {};
  readonly recordsWithMismatch = new Set<number>();
  private readonly sums = { logged: new Mean(), recomputed: new Mean(), obsEstimate: new Mean(), judgeObs: new Mean() };

  add(scored: ScoredRecord): void {
    this.records++;
    if (scored.scores.length === 0) {
      this.skipped++;
      return;
    }
    this.scored++;
    for (const score of scored.scores) {
      this.completions++;
      if (score.format.score === 0) this.formatFailures++;
      if (score.accuracy.score !== null) {
        this.accuracyKnown++;
        this.correct += score.accuracy.score;
      }
      if (score.group?.zeroVariance) this.zeroVarianceGroups.add(score.group.promptId);
      for (const m of score.mismatches) {
        this.mismatches[m.code] = (this.mismatches[m.code] ?? 0) + 1;
        this.recordsWithMismatch.add(scored.summary.position);
      }
      this.sums.logged.add(score.storedBreakdown.total);
      this.sums.recomputed.add(score.recomputed.total);
      this.sums.obsEstimate.add(score.evidence.obsEstimate);
      this.sums.judgeObs.add(score.judge?.obs ?? null);
    }
  }

  toJSON(): Record<string, unknown> {
    return {
      records: this.records,
      scored: this.scored,
      completions: this.completions,
      skipped: this.skipped,
      formatFailures: this.formatFailures,
      accuracy: this.accuracyKnown === 0 ? null : this.correct / this.accuracyKnown,
      meanLoggedTotal: this.sums.logged.value,
      meanRecomputedTotal: this.sums.recomputed.value,
      meanObsEstimate: this.sums.obsEstimate.value,
      meanJudgeObs: this.sums.judgeObs.value,
      zeroVarianceGroups: this.zeroVarianceGroups.size,
      recordsWithMismatch: this.recordsWithMismatch.size,
      mismatches: this.mismatches,
    };
  }
}

class Mean {
  private sum = 0;
  private n = 0;
  add(value: number | null): void {
    if (value === null) return;
    this.sum += value;
    this.n++;
  }
  get value(): number | null {
    return this.n === 0 ? null : this.sum / this.n;
  }
}

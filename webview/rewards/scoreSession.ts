/**
 * The reward side of the sample on show: asks for its score whenever a sample or completion is
 * shown (again on `sampleStale`), fills the breakdown panel and the per-step colours, and runs the
 * judge (progress, cancel).
 */
import type { SampleScore } from '../../shared/rewards/scores';
import type { SampleDetail } from '../../shared/sample/sample';
import type { HostChannel } from '../app/hostChannel';
import { hasOwnChain } from '../app/ownChain';
import type { BreakdownPanel, JudgeRun } from './breakdownPanel';
import { stepScores, type StepScore } from './stepScores';

export interface ScoreViews {
  panel: BreakdownPanel;
  /** The step cards and the timeline's bands take these colours (null: none). */
  applyStepScores(scores: Map<number, StepScore> | null): void;
}

interface Judging extends JudgeRun {
  position: number;
  completion: number;
}

export class ScoreSession {
  private position: number | null = null;
  private completion = 0;
  private seq = 0;
  private score: SampleScore | null = null;
  private judging: Judging | null = null;

  constructor(
    private readonly channel: Pick<HostChannel, 'request' | 'send'>,
    private readonly views: ScoreViews,
  ) {}

  get current(): SampleScore | null {
    return this.score;
  }

  /** A new record is being opened: drop what belonged to the previous one. */
  clear(): void {
    this.seq++;
    this.position = null;
    this.score = null;
    this.views.panel.hide();
    this.views.applyStepScores(null);
  }

  /** The sample view shows `detail` (first time, another completion, or again after `sampleStale`). */
  show(detail: SampleDetail): void {
    const position = detail.summary.position;
    const same = position === this.position && detail.completion === this.completion && this.score !== null;
    this.position = position;
    this.completion = detail.completion;
    if (!hasOwnChain(detail)) {
      this.seq++;
      this.score = null;
      this.views.panel.hide();
      this.views.applyStepScores(null);
      return;
    }
    if (!same) {
      this.score = null;
      this.views.panel.showLoading();
      this.views.applyStepScores(null);
    }
    void this.load();
  }

  setJudgeConfigured(configured: boolean): void {
    this.views.panel.setJudgeConfigured(configured);
  }

  onJudgeProgress(position: number, done: number, total: number): void {
    if (!this.judging || this.judging.position !== position) return;
    this.judging = { ...this.judging, done, total };
    if (this.judgingHere()) this.views.panel.setJudging(this.judging);
  }

  async runJudge(): Promise<void> {
    if (this.position === null || this.judging !== null) return;
    const position = this.position;
    const completion = this.completion;
    this.judging = { position, completion, done: 0, total: 0 };
    this.views.panel.setJudging(this.judging);
    try {
      const score = await this.channel.request({ type: 'judge', position, completion });
      this.judging = null;
      if (position === this.position && completion === this.completion) this.apply(score);
    } catch (error) {
      this.judging = null;
      if (position === this.position && completion === this.completion) this.views.panel.showJudgeError(error instanceof Error ? error.message : String(error));
    }
  }

  cancelJudge(): void {
    if (this.judging) this.channel.send({ type: 'cancelJudge', position: this.judging.position });
  }

  private judgingHere(): boolean {
    return this.judging !== null && this.judging.position === this.position && this.judging.completion === this.completion;
  }

  private async load(): Promise<void> {
    const position = this.position;
    if (position === null) return;
    const completion = this.completion;
    const seq = ++this.seq;
    try {
      const score = await this.channel.request({ type: 'score', position, completion });
      if (seq !== this.seq) return;
      this.apply(score);
    } catch (error) {
      if (seq !== this.seq) return;
      this.score = null;
      this.views.panel.showError(error instanceof Error ? error.message : String(error));
      this.views.applyStepScores(null);
    }
  }

  private apply(score: SampleScore): void {
    this.score = score;
    this.views.panel.show(score);
    this.views.panel.setJudging(this.judgingHere() ? this.judging : null);
    this.views.applyStepScores(stepScores(score));
  }
}

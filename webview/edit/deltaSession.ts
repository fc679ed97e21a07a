/**
 * Asks for the reward delta whenever an edited sample is shown (after every edit, undo or redo the
 * sample is shown again), and for the judged delta on "Judge the edit". Unedited samples hide it.
 */
import type { SampleDetail } from '../../shared/sample/sample';
import type { HostChannel } from '../app/hostChannel';
import { hasOwnChain } from '../app/ownChain';
import type { DeltaPanel } from './deltaPanel';

export class DeltaSession {
  private position: number | null = null;
  private completion = 0;
  private seq = 0;
  private judgingFor: { position: number; completion: number } | null = null;

  constructor(
    private readonly channel: Pick<HostChannel, 'request'>,
    private readonly panel: DeltaPanel,
  ) {}

  /** A new record is being opened. */
  clear(): void {
    this.seq++;
    this.position = null;
    this.panel.hide();
  }

  show(detail: SampleDetail): void {
    const other = detail.summary.position !== this.position || detail.completion !== this.completion;
    this.position = detail.summary.position;
    this.completion = detail.completion;
    if (!detail.edited || !hasOwnChain(detail)) {
      this.seq++;
      this.panel.hide();
      return;
    }
    if (other) this.panel.hide();
    void this.load(false);
  }

  setJudgeConfigured(configured: boolean): void {
    this.panel.setJudgeConfigured(configured);
  }

  onJudgeProgress(position: number, done: number, total: number): void {
    if (this.judgingFor?.position === position && position === this.position) this.panel.setJudging({ done, total });
  }

  judge(): void {
    if (this.position === null || this.judgingFor !== null) return;
    void this.load(true);
  }

  private async load(judge: boolean): Promise<void> {
    const position = this.position;
    if (position === null) return;
    const completion = this.completion;
    const seq = ++this.seq;
    if (judge) {
      this.judgingFor = { position, completion };
      this.panel.setJudging({ done: 0, total: 0 });
    } else this.panel.showLoading();
    try {
      const delta = await this.channel.request({ type: 'scoreDelta', position, completion, judge });
      if (judge) this.judgingFor = null;
      if (seq !== this.seq) return;
      this.panel.setJudging(null);
      if (delta.edited) this.panel.show(delta);
      else this.panel.hide();
    } catch (error) {
      if (judge) this.judgingFor = null;
      if (seq !== this.seq) return;
      const message = error instanceof Error ? error.message : String(error);
      if (judge) this.panel.showJudgeError(`The judge failed: ${message}`);
      else this.panel.showError(message);
    }
  }
}

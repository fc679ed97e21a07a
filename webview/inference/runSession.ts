/**
 * "Run model on this sample", the webview side: starts and cancels runs (button, key r), feeds the
 * host's `inferenceProgress` / `inferenceEnd` notifications to the run book, and shows the shown
 * sample's run: the panel (redrawn at most ten times a second while tokens stream), the header
 * button, and once done the new chain's cited times on the timeline, its score (`scoreChain`), the
 * Diff tab's "Model run" choice and "Use this chain" (`useChain`, an undoable edit).
 *
 * Runs belong to samples, not to the view: switching samples leaves a run going in the background,
 * and coming back shows it again (while the book still keeps it).
 */
import type { RunEnd, RunSnapshot } from '../../shared/inference/inference';
import type { ResponseData, WebviewNotification, WebviewRequest } from '../../shared/protocol';
import type { SampleDetail, StepCard } from '../../shared/sample/sample';
import type { SampleScore } from '../../shared/rewards/scores';
import { throttle } from '../app/timing';
import { RunBook, runKey } from './runBook';
import { requestFailure } from './runErrors';
import { isRunning, type ProgressEvent, type RunState } from './runState';
import type { RunButtonView, RunExtras, RunPanelView, ScoreView, UseView } from './runViews';
import { runCards, streamingText } from './streamCards';

type RequestWithoutId = WebviewRequest extends infer R ? (R extends WebviewRequest ? Omit<R, 'id'> : never) : never;

/** The host channel as the session uses it (HostChannel fits; tests pass a fake). */
export interface RunChannel {
  request<T extends RequestWithoutId>(request: T): Promise<ResponseData<T['type']>>;
  send(message: WebviewNotification): void;
}

/** The panel is redrawn at most this often while tokens arrive (about ten times a second). */
export const RENDER_INTERVAL_MS = 100;
/** After Cancel, stop waiting for the host's `inferenceEnd` after this long. */
export const CANCEL_GRACE_MS = 15_000;
/** If the host's `edits` notification has not reloaded the sample this long after `useChain` applied, reload anyway. */
const FALLBACK_RELOAD_MS = 800;

export interface RunParts {
  panel: RunPanelView;
  button: RunButtonView;
  /** The new chain's cited times on the video timeline (null clears them). */
  setTimelineCards(cards: readonly StepCard[] | null, duration: number | null): void;
  /** The stored chain's score (the breakdown's), for comparison; null when not known. */
  storedScore(): SampleScore | null;
  /** Whether the shown sample has a finished chain to diff changed: the Diff tab's choices follow. */
  chainChanged(): void;
  /** "Diff with stored": show the Diff tab on the "Model run" choice. */
  showDiff(): void;
  /** Fetch the shown sample again. */
  reload(): void;
}

interface Shown {
  position: number;
  completion: number;
  detail: SampleDetail;
}

interface Outcomes {
  score: ScoreView;
  use: UseView;
}

/** Why the model cannot run on a sample, or null when it can. */
export function runDisabledReason(detail: Pick<SampleDetail, 'question'> & { summary: { malformed: boolean } }): string | null {
  if (detail.summary.malformed) return 'This record could not be read, so there is nothing to ask the model.';
  if (detail.question === null) return 'This record has no question to ask the model.';
  return null;
}

export class RunSession {
  private readonly book = new RunBook();
  private shown: Shown | null = null;
  /** Score and use outcomes of finished runs, by run id. */
  private readonly outcomes = new Map<number, Outcomes>();
  /** The last parse of the shown run's text (parsing is the costly part of a redraw). */
  private parsed: { key: string; text: string; final: boolean; cards: StepCard[] } | null = null;
  /** The run whose cards the timeline shows, so they are set once per run, not per redraw. */
  private timelineRun: string | null = null;
  /** The "stop waiting for the end" timers of cancelled runs, by sample. */
  private readonly cancelTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly draw = throttle(() => this.render(), RENDER_INTERVAL_MS);

  constructor(
    private readonly channel: RunChannel,
    private readonly parts: RunParts,
  ) {}

  /** Another record is being opened: its run (if any) shows once its detail arrives. */
  onOpen(): void {
    this.shown = null;
    this.book.protect(null);
    this.draw.cancel();
    this.render();
  }

  /** The sample view shows `detail` (first time, another completion, or again after an edit). */
  onShown(detail: SampleDetail): void {
    const position = detail.summary.position;
    this.shown = { position, completion: detail.completion, detail };
    this.book.protect(position, detail.completion);
    this.draw.cancel();
    this.render();
    this.parts.panel.reattached();
  }

  /** An `inferenceProgress` notification (its own `type` field is left behind: the book has its own event names). */
  onProgress(message: Omit<ProgressEvent, 'type'>): void {
    const { runId, position, phase, delta, stats } = message;
    const run = this.book.receive({ type: 'progress', runId, position, phase, delta, stats });
    if (run && this.isShown(run)) this.draw();
  }

  onEnd(end: RunEnd): void {
    const run = this.book.receive({ type: 'end', end });
    if (run) this.ended(run);
  }

  /** `inferenceRuns`: this webview was loaded again; the host's remembered runs come back, running ones keep streaming. */
  restore(snapshots: readonly RunSnapshot[]): void {
    for (const snapshot of snapshots) {
      const run = this.book.restore(snapshot);
      if (run && !isRunning(run)) this.ended(run);
    }
    this.render();
  }

  /** The stored chain's score changed (the breakdown loaded): the summary's "stored" column follows. */
  storedScoreChanged(): void {
    if (this.current()?.status === 'done') this.render();
  }

  /** The Run button and key r: runs the model on the shown sample; false when it cannot (the key goes through). */
  run(): boolean {
    const shown = this.shown;
    if (shown === null || runDisabledReason(shown.detail) !== null) return false;
    const { position, completion } = shown;
    const run = this.book.begin(position, completion);
    if (!run) return false;
    this.draw.cancel();
    this.render();
    this.parts.panel.reveal();
    void this.start(position, completion);
    return true;
  }

  /** Key r: runs the model on the shown sample, or cancels its run while one is going (as the button does). */
  toggle(): boolean {
    if (!isRunning(this.current())) return this.run();
    this.cancel();
    return true;
  }

  /** Cancel: sends `cancelModel` at once (or as soon as the run's id is known). */
  cancel(): void {
    const shown = this.shown;
    if (shown === null) return;
    const { position, completion } = shown;
    const run = this.book.update(position, completion, { type: 'cancel' });
    if (!run) return;
    if (run.runId !== null) this.channel.send({ type: 'cancelModel', runId: run.runId });
    const key = runKey(position, completion);
    this.cancelTimers.set(
      key,
      setTimeout(() => {
        this.cancelTimers.delete(key);
        const abandoned = this.book.update(position, completion, { type: 'abandon' });
        if (abandoned) this.ended(abandoned);
      }, CANCEL_GRACE_MS),
    );
    this.render();
  }

  /** The shown sample's finished chain, for the Diff tab; null when there is none. */
  chainForShown(): string | null {
    const run = this.current();
    return run?.status === 'done' && run.text.trim() !== '' ? run.text : null;
  }

  /** A run band on the timeline was clicked: mark its card in the panel. */
  selectCard(index: number): void {
    this.parts.panel.selectCard(index);
  }

  private async start(position: number, completion: number): Promise<void> {
    try {
      const started = await this.channel.request({ type: 'runModel', position, completion });
      const run = this.book.update(position, completion, { type: 'started', started });
      if (!run) return;
      // Cancel was pressed before the id was known: the host hears of it now.
      if (run.cancelRequested && isRunning(run)) this.channel.send({ type: 'cancelModel', runId: started.runId });
      if (!isRunning(run)) this.ended(run);
      else if (this.isShown(run)) this.render();
    } catch (error) {
      const run = this.book.update(position, completion, { type: 'failed', error: requestFailure(error instanceof Error ? error.message : String(error)) });
      if (run) this.ended(run);
    }
  }

  /** A run ended (done, cancelled, failed): score a finished chain, redraw at once if it is on show. */
  private ended(run: RunState): void {
    const key = runKey(run.position, run.completion);
    clearTimeout(this.cancelTimers.get(key));
    this.cancelTimers.delete(key);
    if (run.status === 'done' && run.runId !== null && run.text.trim() !== '' && !this.outcomes.has(run.runId)) void this.score(run);
    this.pruneOutcomes();
    if (!this.isShown(run)) return;
    this.draw.cancel();
    this.render();
    this.parts.chainChanged();
  }

  private async score(run: RunState): Promise<void> {
    const runId = run.runId;
    if (runId === null) return;
    this.outcomes.set(runId, { score: { state: 'loading' }, use: { state: 'idle' } });
    let score: ScoreView;
    try {
      score = {
        state: 'ready',
        score: await this.channel.request({ type: 'scoreChain', position: run.position, completion: run.completion, chain: run.text }),
      };
    } catch (error) {
      score = { state: 'error', message: error instanceof Error ? error.message : String(error) };
    }
    this.setOutcome(runId, { score });
  }

  /** "Diff with stored" in the panel. */
  diffWithStored(): void {
    if (this.chainForShown() !== null) this.parts.showDiff();
  }

  /** The panel's Close: forgets the shown sample's finished run. */
  closeRun(): void {
    const shown = this.shown;
    const runId = this.current()?.runId ?? null;
    if (!shown || !this.book.forget(shown.position, shown.completion)) return;
    if (runId !== null) this.channel.send({ type: 'forgetRun', runId });
    this.pruneOutcomes();
    this.render();
    this.parts.chainChanged();
  }

  /** "Use this chain": `useChain`; refused shows the reason, applied waits for the host's `edits`. */
  async useChain(): Promise<void> {
    const run = this.current();
    if (!run || run.status !== 'done' || run.runId === null) return;
    const runId = run.runId;
    const { position, completion } = run;
    this.setOutcome(runId, { use: { state: 'sending' } });
    let use: UseView;
    try {
      const outcome = await this.channel.request({ type: 'useChain', position, completion, chain: run.text });
      use = outcome.applied ? { state: 'applied' } : { state: 'refused', reason: outcome.reason ?? 'The host refused the chain.' };
    } catch (error) {
      use = { state: 'refused', reason: error instanceof Error ? error.message : String(error) };
    }
    this.setOutcome(runId, { use });
    if (use.state === 'applied') {
      // The host's `edits` notification reloads the sample; should it not come, fetch it anyway.
      const shownBefore = this.shown?.detail;
      setTimeout(() => {
        if (this.shown !== null && this.shown.detail === shownBefore && this.shown.position === position && this.shown.completion === completion)
          this.parts.reload();
      }, FALLBACK_RELOAD_MS);
    }
  }

  private setOutcome(runId: number, patch: Partial<Outcomes>): void {
    const before = this.outcomes.get(runId) ?? { score: { state: 'none' }, use: { state: 'idle' } };
    this.outcomes.set(runId, { ...before, ...patch });
    if (this.current()?.runId === runId) this.render();
  }

  /** Outcomes of runs the book no longer keeps go too. */
  private pruneOutcomes(): void {
    const kept = this.book.ids();
    for (const id of [...this.outcomes.keys()]) if (!kept.has(id)) this.outcomes.delete(id);
  }

  private current(): RunState | undefined {
    return this.shown ? this.book.get(this.shown.position, this.shown.completion) : undefined;
  }

  private isShown(run: RunState): boolean {
    return this.shown !== null && this.shown.position === run.position && this.shown.completion === run.completion;
  }

  /** The run's cards, parsed again only when its text (or its being final) changed. */
  private cardsOf(run: RunState, detail: SampleDetail): StepCard[] {
    const key = `${runKey(run.position, run.completion)}:${run.runId ?? 'new'}`;
    const final = !isRunning(run);
    const parsed = this.parsed;
    if (parsed && parsed.key === key && parsed.text === run.text && parsed.final === final) return parsed.cards;
    const cards = runCards(streamingText(run.text, final), { duration: detail.duration, captions: detail.captions?.segments ?? null });
    this.parsed = { key, text: run.text, final, cards };
    return cards;
  }

  private render(): void {
    const shown = this.shown;
    const run = this.current();
    if (shown === null || run === undefined) {
      this.parts.panel.render(null, [], { score: { state: 'none' }, use: { state: 'idle' }, stored: null });
      this.parts.button.set('run', shown === null ? 'No sample is shown.' : runDisabledReason(shown.detail));
      this.setTimeline(null, null);
      return;
    }
    const cards = this.cardsOf(run, shown.detail);
    const outcomes = (run.runId !== null ? this.outcomes.get(run.runId) : undefined) ?? { score: { state: 'none' }, use: { state: 'idle' } };
    const extras: RunExtras = { ...outcomes, stored: this.parts.storedScore() };
    this.parts.panel.render(run, cards, extras);
    this.parts.button.set(isRunning(run) ? (run.cancelRequested ? 'cancelling' : 'cancel') : 'run', runDisabledReason(shown.detail));
    this.setTimeline(run.status === 'done' ? run : null, run.status === 'done' ? cards : null);
  }

  private setTimeline(run: RunState | null, cards: readonly StepCard[] | null): void {
    const key = run === null ? null : `${runKey(run.position, run.completion)}:${run.runId}`;
    if (key === this.timelineRun) return;
    this.timelineRun = key;
    this.parts.setTimelineCards(cards, this.shown?.detail.duration ?? null);
  }
}

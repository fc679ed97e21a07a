/**
 * What the run session needs of the views it drives, as plain types (no DOM): the session is
 * unit tested against fakes of these, the panel and the button implement them.
 */
import type { StepCard } from '../../shared/sample/sample';
import type { SampleScore } from '../../shared/rewards/scores';
import type { RunState } from './runState';

/** The new chain's score (`scoreChain`). */
export type ScoreView = { state: 'none' } | { state: 'loading' } | { state: 'ready'; score: SampleScore } | { state: 'error'; message: string };

/** "Use this chain" (`useChain`): not pressed, waiting, applied, or refused with the host's reason. */
export type UseView = { state: 'idle' } | { state: 'sending' } | { state: 'applied' } | { state: 'refused'; reason: string };

export interface RunExtras {
  score: ScoreView;
  use: UseView;
  /** The stored chain's score, for the "stored" column of the summary; null when unknown. */
  stored: SampleScore | null;
}

export interface RunPanelView {
  /** Shows `run` with its parsed `cards` (null: no run for the shown sample, the panel hides). */
  render(run: RunState | null, cards: readonly StepCard[], extras: RunExtras): void;
  /** The sample view drew itself again and put the panel back: restore its scroll. */
  reattached(): void;
  /** Marks a card of the run (its band was clicked on the timeline). */
  selectCard(index: number): void;
  /** Scrolls the panel into view (a run was just started: the user wants to watch it). */
  reveal(): void;
}

export type RunButtonMode = 'run' | 'cancel' | 'cancelling';

export interface RunButtonView {
  /** `disabledReason` (run mode only): why the model cannot run on the shown sample, or null. */
  set(mode: RunButtonMode, disabledReason: string | null): void;
}

/**
 * One model run as the webview knows it, and the pure reducer that moves it along. The host's
 * messages arrive out of the UI's control (late, for another run, after a cancel), so every event
 * is checked against the run it claims to belong to and ignored when it does not fit: the reducer
 * returns the very same object then, which tells the caller nothing needs drawing.
 *
 *   runModel sent ──started──▶ running (runId known) ──progress*──▶ ──end──▶ done | cancelled | error
 *        └──────────failed (the request was refused)──────────────────────────▶ error
 *
 * No DOM here: unit tested, and shared by the panel, the button and the timeline.
 */
import {
  EMPTY_STATS,
  type InferenceBackend,
  type InferenceError,
  type InferencePhase,
  type InferenceStats,
  type RunEnd,
  type RunStarted,
} from '../../shared/inference/inference';

/** What the panel's `data-status` says; a run waiting for its id is already 'running'. */
export type RunStatus = 'running' | 'done' | 'cancelled' | 'error';

export interface RunState {
  position: number;
  completion: number;
  /** The host's id, null until the `runModel` response arrives. */
  runId: number | null;
  status: RunStatus;
  phase: InferencePhase;
  /** Everything generated so far (the final text once ended). */
  text: string;
  stats: InferenceStats;
  error: InferenceError | null;
  backend: InferenceBackend | null;
  model: string | null;
  /** Cancel was pressed; the run is still 'running' until the host's `inferenceEnd` says otherwise. */
  cancelRequested: boolean;
  /** Bumped on every change, so views can tell "same as drawn" without comparing texts. */
  version: number;
}

export interface ProgressEvent {
  type: 'progress';
  runId: number;
  position: number;
  phase: InferencePhase;
  delta: string;
  stats: InferenceStats;
}

export type RunEvent =
  | { type: 'started'; started: RunStarted }
  | ProgressEvent
  | { type: 'end'; end: RunEnd }
  /** The `runModel` request itself failed (refused, or the host threw). */
  | { type: 'failed'; error: InferenceError }
  /** The user pressed Cancel. */
  | { type: 'cancel' }
  /** Cancel was sent but no `inferenceEnd` came in time: stop waiting for it. */
  | { type: 'abandon' };

/** A run just asked for: running, phase 'starting', nothing generated. */
export function newRun(position: number, completion: number): RunState {
  return {
    position,
    completion,
    runId: null,
    status: 'running',
    phase: 'starting',
    text: '',
    stats: EMPTY_STATS,
    error: null,
    backend: null,
    model: null,
    cancelRequested: false,
    version: 0,
  };
}

export function isRunning(state: RunState | undefined | null): boolean {
  return state?.status === 'running';
}

/** Whether an event that names a run id and a record belongs to this run. */
function ours(state: RunState, runId: number, position: number): boolean {
  return state.status === 'running' && state.runId !== null && state.runId === runId && state.position === position;
}

/**
 * The state after `event`; `state` itself (same object) when the event does not apply: another
 * run's id, another record, a run that already ended, a second `started`.
 */
export function reduceRun(state: RunState, event: RunEvent): RunState {
  switch (event.type) {
    case 'started':
      if (state.status !== 'running' || state.runId !== null) return state;
      return { ...state, runId: event.started.runId, backend: event.started.backend, model: event.started.model, version: state.version + 1 };
    case 'progress':
      if (!ours(state, event.runId, event.position)) return state;
      return { ...state, phase: event.phase, text: event.delta === '' ? state.text : state.text + event.delta, stats: event.stats, version: state.version + 1 };
    case 'end': {
      const end = event.end;
      if (!ours(state, end.runId, end.position)) return state;
      // The end's text is the whole output; an error may carry none, then what streamed stays on show.
      const text = end.text !== '' || end.status === 'done' ? end.text : state.text;
      const error =
        end.status === 'error' ? (end.error ?? { code: 'internal', message: 'The run failed without saying why.', fix: 'Look in the log for details.' }) : null;
      return { ...state, status: end.status, text, stats: end.stats, error, version: state.version + 1 };
    }
    case 'failed':
      if (state.status !== 'running') return state;
      return { ...state, status: 'error', error: event.error, version: state.version + 1 };
    case 'cancel':
      if (state.status !== 'running' || state.cancelRequested) return state;
      return { ...state, cancelRequested: true, version: state.version + 1 };
    case 'abandon':
      if (state.status !== 'running' || !state.cancelRequested) return state;
      return { ...state, status: 'cancelled', version: state.version + 1 };
    default:
      // An event of another shape (a message passed on as is) changes nothing.
      return state;
  }
}

/**
 * The model runs of one Inspector panel, as the host remembers them: the webview's content is
 * dropped whenever its tab is hidden (VS Code does not retain it), so a run streaming for minutes
 * must survive that. The journal keeps each run's text and stats as they stream, and a reloaded
 * webview is sent the snapshots. Running runs are always kept; finished ones a few at a time.
 * Pure (no vscode): unit tested.
 */
import {
  KEPT_FINISHED_RUNS,
  type InferencePhase,
  type InferenceStats,
  type RunEnd,
  type RunSnapshot,
  type RunStarted,
} from '../../../shared/inference/inference';

export class RunJournal {
  /** By run id, in the order runs were started. */
  private readonly runs = new Map<number, RunSnapshot>();

  constructor(private readonly keepFinished = KEPT_FINISHED_RUNS) {}

  start(started: RunStarted, position: number, completion: number, stats: InferenceStats): void {
    // A new run of a sample replaces its finished one (the webview shows one run per sample).
    for (const [id, other] of this.runs) {
      if (other.end && other.position === position && other.completion === completion) this.runs.delete(id);
    }
    this.runs.set(started.runId, { started, position, completion, phase: 'starting', text: '', stats, end: null });
  }

  progress(runId: number, phase: InferencePhase, delta: string, stats: InferenceStats): void {
    const run = this.runs.get(runId);
    if (!run || run.end) return;
    run.phase = phase;
    run.text += delta;
    run.stats = stats;
  }

  end(end: RunEnd): void {
    const run = this.runs.get(end.runId);
    if (!run || run.end) return;
    run.end = end;
    run.stats = end.stats;
    const finished = [...this.runs.values()].filter((r) => r.end !== null);
    for (const old of finished.slice(0, Math.max(0, finished.length - this.keepFinished))) this.runs.delete(old.started.runId);
  }

  /** The panel's Close: a finished run is forgotten; a running one stays. */
  forget(runId: number): void {
    if (this.runs.get(runId)?.end) this.runs.delete(runId);
  }

  /** Copies, oldest first. */
  snapshots(): RunSnapshot[] {
    return [...this.runs.values()].map((run) => ({ ...run }));
  }
}

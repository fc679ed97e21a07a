/**
 * Every model run this webview knows, one per sample (record position and completion): runs keep
 * going while the user looks at other samples, and each sample's panel shows its own run when it is
 * shown again. Finished runs are kept a few at a time (their text can be long); running ones always.
 *
 * The host's notifications name a run id, which the webview only learns from the `runModel`
 * response; a notification may overtake that response, so while a run waits for its id, events for
 * unknown ids are held back and replayed once the id is known. Pure (no DOM): unit tested.
 */
import { KEPT_FINISHED_RUNS, type RunEnd, type RunSnapshot } from '../../shared/inference/inference';
import { isRunning, newRun, reduceRun, type ProgressEvent, type RunEvent, type RunState } from './runState';

/** Finished runs kept besides the protected (shown) one. */
export const MAX_FINISHED_RUNS = KEPT_FINISHED_RUNS;
/** Events held back for not-yet-known run ids, at most (a flood must not grow without bound). */
export const MAX_HELD_EVENTS = 5000;

export type HostEvent = ProgressEvent | { type: 'end'; end: RunEnd };

export function runKey(position: number, completion: number): string {
  return `${position}:${completion}`;
}

export class RunBook {
  /** Insertion order is the order runs were started: the oldest finished one goes first. */
  private readonly runs = new Map<string, RunState>();
  private readonly held: HostEvent[] = [];
  private protectedKey: string | null = null;

  constructor(private readonly keepFinished = MAX_FINISHED_RUNS) {}

  get(position: number, completion: number): RunState | undefined {
    return this.runs.get(runKey(position, completion));
  }

  /** The runs still going. */
  running(): RunState[] {
    return [...this.runs.values()].filter((run) => isRunning(run));
  }

  /** The ids of the runs kept (those that have one). */
  ids(): Set<number> {
    const ids = new Set<number>();
    for (const run of this.runs.values()) if (run.runId !== null) ids.add(run.runId);
    return ids;
  }

  get size(): number {
    return this.runs.size;
  }

  /** The sample on show: its finished run is never evicted. */
  protect(position: number | null, completion = 0): void {
    this.protectedKey = position === null ? null : runKey(position, completion);
    this.evict();
  }

  /** A new run of the sample; undefined while one is still running there (one at a time per sample). */
  begin(position: number, completion: number): RunState | undefined {
    const key = runKey(position, completion);
    if (isRunning(this.runs.get(key))) return undefined;
    const run = newRun(position, completion);
    this.runs.delete(key); // re-inserted: it is now the newest
    this.runs.set(key, run);
    this.evict();
    return run;
  }

  /**
   * Applies a webview-side event (started, failed, cancel, abandon) to the sample's run; returns the
   * new state, or undefined when nothing changed. `started` replays what was held back for its id.
   */
  update(position: number, completion: number, event: Exclude<RunEvent, HostEvent>): RunState | undefined {
    const key = runKey(position, completion);
    const run = this.runs.get(key);
    if (!run) return undefined;
    let next = reduceRun(run, event);
    if (next === run) return undefined;
    if (event.type === 'started') {
      const id = event.started.runId;
      for (const held of this.held.filter((e) => idOf(e) === id)) next = reduceRun(next, held);
    }
    this.runs.set(key, next);
    this.dropHeld();
    if (!isRunning(next)) this.evict();
    return next;
  }

  /**
   * A host notification (`inferenceProgress`, `inferenceEnd`): applied to the run with that id;
   * held back while some run waits for its id; else ignored (a stale or foreign run). Returns the
   * run's new state, or undefined when nothing on show changed.
   */
  receive(event: HostEvent): RunState | undefined {
    const id = idOf(event);
    for (const [key, run] of this.runs) {
      if (run.runId !== id) continue;
      const next = reduceRun(run, event);
      if (next === run) return undefined;
      this.runs.set(key, next);
      if (!isRunning(next)) this.evict();
      return next;
    }
    if (this.awaitingId() && this.held.length < MAX_HELD_EVENTS) this.held.push(event);
    return undefined;
  }

  /**
   * A run the host remembered across a reload of this webview, rebuilt through the same reducer as
   * a live one (started, everything streamed as one delta, then its end); undefined when the sample
   * already has a run here (the live one wins).
   */
  restore(snapshot: RunSnapshot): RunState | undefined {
    const { position, completion, started } = snapshot;
    const key = runKey(position, completion);
    if (this.runs.has(key)) return undefined;
    let run = reduceRun(newRun(position, completion), { type: 'started', started });
    run = reduceRun(run, { type: 'progress', runId: started.runId, position, phase: snapshot.phase, delta: snapshot.text, stats: snapshot.stats });
    if (snapshot.end) run = reduceRun(run, { type: 'end', end: snapshot.end });
    this.runs.set(key, run);
    this.evict();
    return this.runs.get(key);
  }

  /** Drops a finished run (the panel's Close); a running one stays. */
  forget(position: number, completion: number): boolean {
    const key = runKey(position, completion);
    if (isRunning(this.runs.get(key))) return false;
    return this.runs.delete(key);
  }

  private awaitingId(): boolean {
    for (const run of this.runs.values()) if (isRunning(run) && run.runId === null) return true;
    return false;
  }

  /** Held events are only worth keeping while a run may still claim them. */
  private dropHeld(): void {
    if (!this.awaitingId()) this.held.length = 0;
  }

  private evict(): void {
    const finished = [...this.runs].filter(([key, run]) => !isRunning(run) && key !== this.protectedKey);
    for (const [key] of finished.slice(0, Math.max(0, finished.length - this.keepFinished))) this.runs.delete(key);
  }
}

function idOf(event: HostEvent): number {
  return event.type === 'end' ? event.end.runId : event.runId;
}

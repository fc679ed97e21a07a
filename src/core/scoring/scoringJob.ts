import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ScoringProgress } from '../../../shared/rewards/scores';
import type { ScoreWorkerInput, ScoreWorkerMessage } from './scoreWorkerProtocol';

/** The worker script sits beside this module both in the esbuild bundle (dist/) and in tsc output. */
const WORKER_SCRIPT = path.join(__dirname, 'scoreWorker.js');

/** What scores depend on besides the dataset: the caption files, by path, size and mtime. */
export function scoringFingerprint(captionFiles: readonly string[]): string {
  const parts = captionFiles.map((file) => {
    try {
      const stat = fs.statSync(file);
      return `${file}:${stat.size}:${Math.round(stat.mtimeMs)}`;
    } catch {
      return `${file}:missing`;
    }
  });
  return `v1|${parts.join('|')}`;
}

/**
 * Runs the dataset scoring pass in a worker thread. Emits 'progress'; `done` settles with the final
 * progress (complete, or cancelled with `complete: false`) and never rejects: errors land in `error`.
 */
export class ScoringJob extends EventEmitter<{ progress: [ScoringProgress] }> {
  readonly done: Promise<ScoringProgress>;
  private readonly worker: Worker;
  private last: ScoringProgress = { done: 0, total: 0, running: true, complete: false };

  constructor(input: ScoreWorkerInput, workerScript = WORKER_SCRIPT) {
    super();
    this.worker = new Worker(workerScript, { workerData: input });
    this.done = new Promise((resolve) => {
      let finished = false;
      let failure: string | undefined;
      this.worker.on('message', (message: ScoreWorkerMessage) => {
        if (message.type === 'progress') this.update({ done: message.done, total: message.total, running: true, complete: false });
        else if (message.type === 'done') finished = true;
        else failure ??= message.message;
      });
      this.worker.on('error', (error) => (failure ??= error.message));
      this.worker.on('exit', () => {
        const final: ScoringProgress = {
          ...this.last,
          running: false,
          complete: finished && failure === undefined,
          ...(failure === undefined ? {} : { error: failure }),
        };
        this.update(final);
        resolve(final);
      });
    });
  }

  get progress(): ScoringProgress {
    return this.last;
  }

  /** Stops the pass; the batches written so far stay (the index's meta says it is not complete). */
  cancel(): void {
    void this.worker.terminate();
  }

  private update(progress: ScoringProgress): void {
    this.last = progress;
    this.emit('progress', progress);
  }
}

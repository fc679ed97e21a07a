import { EventEmitter } from 'node:events';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { IndexProgress } from '../../../shared/records';
import type { FileFormat } from '../reader/detectFormat';
import type { IndexWorkerInput, IndexWorkerMessage } from './indexWorkerProtocol';

/** The worker script sits beside this module both in the esbuild bundle (dist/) and in tsc output. */
const WORKER_SCRIPT = path.join(__dirname, 'indexWorker.js');

export interface IndexJobOptions {
  filePath: string;
  dbPath: string;
  format: FileFormat;
  chunkSize?: number;
  workerScript?: string;
}

/**
 * Indexes a file in a worker thread. Emits 'ready' once the store exists (readers may open it),
 * 'progress' after each batch, and settles `done` with the final progress (cancelled or not).
 */
export class IndexJob extends EventEmitter<{ ready: []; progress: [IndexProgress] }> {
  readonly done: Promise<IndexProgress>;
  private readonly stopFlag = new SharedArrayBuffer(4);
  private readonly worker: Worker;
  private last: IndexProgress | undefined;

  constructor(options: IndexJobOptions) {
    super();
    const input: IndexWorkerInput = {
      filePath: options.filePath,
      dbPath: options.dbPath,
      format: options.format,
      chunkSize: options.chunkSize,
      stopFlag: this.stopFlag,
    };
    this.worker = new Worker(options.workerScript ?? WORKER_SCRIPT, { workerData: input });
    this.done = new Promise<IndexProgress>((resolve, reject) => {
      let failure: string | undefined;
      this.worker.on('message', (message: IndexWorkerMessage) => {
        if (message.type === 'ready') this.emit('ready');
        else if (message.type === 'progress') {
          this.last = message.progress;
          this.emit('progress', message.progress);
        } else failure = message.message;
      });
      this.worker.on('error', (error) => (failure = error.message));
      this.worker.on('exit', () => {
        if (failure !== undefined) reject(new Error(failure));
        else if (this.last?.done) resolve(this.last);
        else reject(new Error('The indexing worker stopped before it finished.'));
      });
    });
  }

  get progress(): IndexProgress | undefined {
    return this.last;
  }

  /** Asks the worker to stop at its next chunk; `done` then resolves with `cancelled: true`. */
  cancel(): void {
    Atomics.store(new Int32Array(this.stopFlag), 0, 1);
  }
}

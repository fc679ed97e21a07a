import { EventEmitter } from 'node:events';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileProfile, Sidecar } from '../../../shared/records/fieldMapping';
import type { IndexProgress } from '../../../shared/records/recordSummary';
import type { FileFormat } from '../reader/detectFormat';
import { DEFAULT_MAX_RECORD_BYTES } from '../reader/rawRecord';
import type { IndexMeta } from '../store/recordStore';
import type { IndexWorkerInput, IndexWorkerMessage } from './indexWorkerProtocol';

/** The worker scripts sit beside this module both in the esbuild bundle (dist/) and in tsc output. */
const WORKER_SCRIPT = path.join(__dirname, 'indexWorker.js');

export interface IndexJobOptions {
  filePath: string;
  dbPath: string;
  format: FileFormat;
  sidecar?: Sidecar;
  meta?: IndexMeta;
  chunkSize?: number;
  /** Parse threads for a large JSONL file; defaults to one per core, at most 4. */
  parseThreads?: number;
  /** Files smaller than this are parsed by one thread (default 32 MB). */
  minSplitBytes?: number;
  /** Records longer than this are problems, not read (default 256 MiB). */
  maxRecordBytes?: number;
  workerScript?: string;
}

/**
 * Indexes a file in worker threads: a writer that owns the SQLite index, and parse threads that each
 * analyse a slice of the file and then build that slice's full-text shard. Emits 'ready' once the store exists and the file's profile is
 * known (readers may open it), 'progress' after each batch, and settles `done` with the final
 * progress (cancelled or not).
 */
export class IndexJob extends EventEmitter<{ ready: [FileProfile]; progress: [IndexProgress] }> {
  readonly done: Promise<IndexProgress>;
  private readonly stopFlag = new SharedArrayBuffer(4);
  private readonly worker: Worker;
  private last: IndexProgress | undefined;
  private detected: FileProfile | undefined;

  constructor(options: IndexJobOptions) {
    super();
    const input: IndexWorkerInput = {
      filePath: options.filePath,
      dbPath: options.dbPath,
      format: options.format,
      sidecar: options.sidecar ?? {},
      meta: options.meta ?? {},
      chunkSize: options.chunkSize,
      parseThreads: options.parseThreads ?? Math.min(4, os.availableParallelism()),
      minSplitBytes: options.minSplitBytes ?? 32 * 1024 * 1024,
      maxRecordBytes: options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
      stopFlag: this.stopFlag,
    };
    this.worker = new Worker(options.workerScript ?? WORKER_SCRIPT, { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    this.done = new Promise<IndexProgress>((resolve, reject) => {
      let failure: string | undefined;
      this.worker.on('message', (message: IndexWorkerMessage) => {
        if (message.type === 'ready') {
          this.detected = message.profile;
          this.emit('ready', message.profile);
        } else if (message.type === 'progress') {
          this.last = message.progress;
          this.emit('progress', message.progress);
        } else failure ??= message.message;
      });
      this.worker.on('error', (error) => (failure ??= error.message));
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

  get profile(): FileProfile | undefined {
    return this.detected;
  }

  /** Asks the workers to stop at their next chunk; `done` then resolves with `cancelled: true`. */
  cancel(): void {
    Atomics.store(new Int32Array(this.stopFlag), 0, 1);
  }
}

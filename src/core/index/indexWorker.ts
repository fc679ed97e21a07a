/**
 * Worker-thread entry: indexes one file into a fresh SQLite store while the host stays responsive.
 * The host reads the same store through its own read-only connection (WAL) as batches land.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteRecordStore } from '../store/sqliteRecordStore';
import { indexFile } from './indexFile';
import type { IndexWorkerInput, IndexWorkerMessage } from './indexWorkerProtocol';

const input = workerData as IndexWorkerInput;
const stopFlag = new Int32Array(input.stopFlag);
const post = (message: IndexWorkerMessage): void => parentPort?.postMessage(message);

let store: SqliteRecordStore | undefined;
try {
  store = new SqliteRecordStore(input.dbPath);
  post({ type: 'ready' });
  const final = indexFile(input.filePath, store, {
    format: input.format,
    chunkSize: input.chunkSize,
    shouldStop: () => Atomics.load(stopFlag, 0) !== 0,
    onProgress: (progress) => post({ type: 'progress', progress }),
  });
  post({ type: 'progress', progress: final });
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
} finally {
  store?.close();
}

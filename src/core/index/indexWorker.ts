/**
 * Worker-thread entry: owns the SQLite index of one file. It profiles the file, cuts a large JSONL
 * file into one slice per parse thread, writes the records those threads send, gives every record its
 * final position as slices complete, and marks the index complete once every search shard is built.
 * The host reads the same index through its own read-only connection (WAL) as batches land.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import type { IndexProgress } from '../../../shared/records/recordSummary';
import { splitAtLines } from '../reader/lineOffsets';
import { NO_FTS5, sqliteHasFts5 } from '../store/sqlite/openDatabase';
import { PENDING_BASE, SqliteRecordStore, STORE_VERSION } from '../store/sqliteRecordStore';
import type { IndexBatch, IndexMeta } from '../store/recordStore';
import { type IndexWorkerInput, type IndexWorkerMessage, type ParseWorkerInput, type ParseWorkerMessage, searchShardPath } from './indexWorkerProtocol';
import { profileFile } from './profileFile';

const PARSE_WORKER = path.join(__dirname, 'parseWorker.js');

/**
 * A small young generation: the parse threads make short-lived garbage at a furious rate, and V8's
 * default semi-spaces (sized for the whole heap) would keep ~100 MB per thread resident for nothing.
 * The old generation is not capped, so a record of many MB still parses.
 */
export const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4 };

const input = workerData as IndexWorkerInput;
const stopFlag = new Int32Array(input.stopFlag);
const post = (message: IndexWorkerMessage): void => parentPort?.postMessage(message);

interface Slice {
  range: { start: number; end: number };
  pending: Int32Array;
  /** Records written so far, and how many of them were malformed. */
  written: number;
  malformed: number;
  bytesRead: number;
  /** Set when the slice's records are all written: its final count. */
  count?: number;
  searchDone?: boolean;
  searchCompleted?: boolean;
}

let store: SqliteRecordStore | undefined;
let failed = false;
const started = performance.now();

function fail(error: unknown): void {
  if (failed) return;
  failed = true;
  Atomics.store(stopFlag, 0, 1);
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  store?.close();
  store = undefined;
}

function run(): void {
  const totalBytes = fs.statSync(input.filePath).size;
  store = new SqliteRecordStore(input.dbPath);
  const profile = profileFile(input.filePath, input.format, input.sidecar, input.maxRecordBytes);
  store.setMeta({ ...input.meta, version: STORE_VERSION, format: input.format, profile: JSON.stringify(profile), complete: '0' });
  post({ type: 'ready', profile });

  const threads = input.format === 'jsonl' && totalBytes >= input.minSplitBytes ? Math.max(1, input.parseThreads) : 1;
  const ranges = threads > 1 ? splitAtLines(input.filePath, threads) : [{ start: 0, end: totalBytes }];
  const slices: Slice[] = ranges.map((range) => ({
    range,
    pending: new Int32Array(new SharedArrayBuffer(4)),
    written: 0,
    malformed: 0,
    bytesRead: range.start,
  }));
  /** Slices before this one are complete and numbered; this one writes at its final positions. */
  let numbered = 0;
  let offset = 0; // first position of slice `numbered`
  let cancelled = false;
  const searchUnavailable = sqliteHasFts5() ? undefined : NO_FTS5;

  const progress = (): IndexProgress => {
    const recordsDone = slices.every((s) => s.count !== undefined);
    let records = 0;
    let malformed = 0;
    for (let i = 0; i <= numbered && i < slices.length; i++) {
      records += slices[i].written;
      malformed += slices[i].malformed;
    }
    const bytesRead = slices.reduce((sum, s) => sum + s.bytesRead - s.range.start, 0);
    return { records, malformed, bytesRead, totalBytes, done: recordsDone, searchReady: false, cancelled };
  };

  const onBatch = (slice: Slice, index: number, batch: IndexBatch, bytesRead: number) => {
    const delta = index < numbered ? 0 : index === numbered ? offset : PENDING_BASE * index;
    if (delta !== 0) {
      for (const r of batch.records) r.position += delta;
      for (const p of batch.problems) if (p.position !== undefined) p.position += delta;
    }
    store?.append(batch);
    slice.written += batch.records.length;
    for (const r of batch.records) if (r.malformed) slice.malformed++;
    slice.bytesRead = bytesRead;
    Atomics.sub(slice.pending, 0, 1);
    Atomics.notify(slice.pending, 0);
    post({ type: 'progress', progress: progress() });
  };

  const onRecordsDone = (slice: Slice, final: IndexProgress) => {
    slice.count = final.records;
    slice.bytesRead = final.bytesRead;
    cancelled ||= final.cancelled;
    // Number every slice whose predecessors are all complete, moving its rows into place.
    while (numbered < slices.length && slices[numbered].count !== undefined) {
      offset += slices[numbered].count ?? 0;
      numbered++;
      if (numbered < slices.length) store?.shiftPositions(PENDING_BASE * numbered, PENDING_BASE * (numbered + 1), offset - PENDING_BASE * numbered);
    }
    const now = progress();
    post({ type: 'progress', progress: now });
    if (now.done && !cancelled) {
      // After telling the host: sorting works without the secondary indexes, only slower.
      store?.finish({
        records: String(now.records),
        malformed: String(now.malformed),
        bytes: String(totalBytes),
        indexMs: String(Math.round(performance.now() - started)),
      });
    }
  };

  const onSearchDone = (slice: Slice, completed: boolean) => {
    slice.searchDone = true;
    slice.searchCompleted = completed;
    if (!slices.every((s) => s.searchDone)) return;
    const ready = !cancelled && slices.every((s) => s.searchCompleted);
    if (ready) {
      const search: IndexMeta = searchUnavailable === undefined ? { searchShards: String(slices.length) } : { searchShards: '0', searchUnavailable };
      store?.setMeta({ ...search, searchMs: String(Math.round(performance.now() - started)), complete: '1' });
    }
    store?.close();
    store = undefined;
    const search = searchUnavailable === undefined ? { searchReady: ready } : { searchReady: false, searchUnavailable };
    post({ type: 'progress', progress: { ...progress(), ...search, cancelled } });
  };

  slices.forEach((slice, index) => {
    const parseInput: ParseWorkerInput = {
      filePath: input.filePath,
      format: input.format,
      profile,
      range: slices.length > 1 ? slice.range : undefined,
      shardPath: searchUnavailable === undefined ? searchShardPath(input.dbPath, index) : undefined,
      chunkSize: input.chunkSize,
      maxRecordBytes: input.maxRecordBytes,
      stopFlag: input.stopFlag,
      pending: slice.pending.buffer as SharedArrayBuffer,
    };
    const worker = new Worker(PARSE_WORKER, { workerData: parseInput, resourceLimits: WORKER_LIMITS });
    worker.on('message', (message: ParseWorkerMessage) => {
      if (failed) return;
      try {
        if (message.type === 'batch') onBatch(slice, index, message.batch, message.progress.bytesRead);
        else if (message.type === 'records') onRecordsDone(slice, message.progress);
        else if (message.type === 'searchDone') onSearchDone(slice, message.completed);
        else if (message.type === 'error') fail(message.message);
      } catch (error) {
        fail(error);
      }
    });
    worker.on('error', fail);
    worker.on('exit', () => {
      if (!slice.searchDone) fail(new Error('A parse worker stopped before it finished.'));
    });
  });
}

try {
  run();
} catch (error) {
  fail(error);
}

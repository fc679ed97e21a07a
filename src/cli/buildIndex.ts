import type { FileProfile, Sidecar } from '../../shared/records/fieldMapping';
import type { IndexProgress } from '../../shared/records/recordSummary';
import { type DatasetIndex, openIndex } from '../core/index/openIndex';
import { SqliteRecordStore } from '../core/store/sqliteRecordStore';
import { CliError, EXIT, type Io } from './cliContext';

export interface BuiltIndex {
  store: SqliteRecordStore;
  profile: FileProfile;
  progress: IndexProgress;
  reused: boolean;
  /** Milliseconds from the start until the first 100 records (or all, if fewer) were readable. */
  firstRecordsMs: number | undefined;
  /** Until every record was indexed (lists, filters and counts final). */
  recordsMs: number | undefined;
  /** Until everything, full-text search included, was built. */
  ms: number;
  release: () => void;
}

/**
 * Opens the cached index of a file or builds it in the worker threads, drawing progress on a
 * terminal and stopping cleanly on Ctrl-C (exit 130, the partial index is deleted).
 */
export async function buildIndex(
  file: string,
  options: { storageDir: string; sidecar: Sidecar; force?: boolean; maxRecordBytes?: number },
  io: Io,
): Promise<BuiltIndex> {
  const started = performance.now();
  let index: DatasetIndex;
  try {
    // verify: a damaged cached index (disk errors, a crash mid-write) is found and rebuilt, never misread.
    index = openIndex({
      filePath: file,
      storageDir: options.storageDir,
      sidecar: options.sidecar,
      force: options.force,
      maxRecordBytes: options.maxRecordBytes,
      verify: true,
    });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  if (index.notice) io.err(`warning: ${index.notice}\n`);
  if (index.healed) io.err(`warning: the cached index was damaged (${index.healed}); rebuilding it.\n`);
  let firstRecordsMs: number | undefined;
  let recordsMs: number | undefined;
  const draw = (p: IndexProgress) => {
    if (firstRecordsMs === undefined && (p.records >= 100 || p.done)) firstRecordsMs = performance.now() - started;
    if (recordsMs === undefined && p.done) recordsMs = performance.now() - started;
    if (!io.tty) return;
    const percent = p.totalBytes === 0 ? 100 : Math.floor((100 * p.bytesRead) / p.totalBytes);
    if (p.done) return io.err(`\r\x1b[Kbuilding full-text search · ${p.records.toLocaleString('en-US')} records indexed`);
    io.err(`\r\x1b[Kindexing ${percent}% · ${p.records.toLocaleString('en-US')} records · ${p.malformed.toLocaleString('en-US')} malformed`);
  };
  index.job?.on('progress', draw);
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    index.job?.cancel();
  };
  process.on('SIGINT', onSigint);
  let progress: IndexProgress;
  try {
    progress = await index.done;
  } catch (error) {
    index.release();
    throw new CliError(`Indexing failed: ${(error as Error).message}`);
  } finally {
    process.off('SIGINT', onSigint);
    if (io.tty && !index.reused) io.err('\r\x1b[K');
  }
  if (interrupted || progress.cancelled) {
    index.release();
    throw new CliError('Cancelled.', EXIT.cancelled);
  }
  const profile = index.profile ?? index.job?.profile;
  if (profile === undefined) throw new CliError('The index has no profile; run again with --force.');
  const store = new SqliteRecordStore(index.dbPath, { readonly: true });
  return {
    store,
    profile,
    progress,
    reused: index.reused,
    firstRecordsMs,
    recordsMs,
    ms: performance.now() - started,
    release: () => {
      store.close();
      index.release();
    },
  };
}

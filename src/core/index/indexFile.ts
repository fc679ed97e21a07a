import * as fs from 'node:fs';
import type { FileProfile } from '../../../shared/records/fieldMapping';
import type { IndexProgress } from '../../../shared/records/recordSummary';
import type { FileFormat } from '../reader/detectFormat';
import type { RawRecord, ScanOptions } from '../reader/rawRecord';
import type { IndexBatch } from '../store/recordStore';
import { analyzeRecord } from './analyzeRecord';
import { scannerFor } from './profileFile';

/** Where batches go: a store in the same thread, or a port to the thread that owns the store. */
export interface BatchSink {
  /** `progress` counts the records up to and including this batch. */
  append(batch: IndexBatch, progress: IndexProgress): void;
}

export interface IndexFileOptions extends ScanOptions {
  format: FileFormat;
  profile: FileProfile;
  /** Records in the first batch: small, so the first page shows at once. */
  firstBatchSize?: number;
  /** Records per later batch (one transaction each). */
  batchSize?: number;
  onProgress?: (progress: IndexProgress) => void;
}

export function emptyProgress(totalBytes: number): IndexProgress {
  return { records: 0, malformed: 0, bytesRead: 0, totalBytes, done: false, searchReady: false, cancelled: false };
}

/**
 * Scans a dataset file (or a range of it) and hands every record's summary and problems to `sink`,
 * in batches; positions count from 0 within the range. Synchronous by design: it runs in a worker thread (or the CLI) and holds one batch at most.
 * Blank lines are skipped, not counted. Returns the final progress.
 */
export function indexFile(filePath: string, sink: BatchSink, options: IndexFileOptions): IndexProgress {
  const firstBatchSize = options.firstBatchSize ?? 100;
  const batchSize = options.batchSize ?? 1000;
  const progress = emptyProgress(fs.statSync(filePath).size);
  if (options.range) progress.bytesRead = options.range.start;
  let batch: IndexBatch = { records: [], problems: [] };

  const flush = (): void => {
    if (batch.records.length === 0 && batch.problems.length === 0) return;
    sink.append(batch, { ...progress });
    batch = { records: [], problems: [] };
    options.onProgress?.({ ...progress });
  };

  const onRecord = (raw: RawRecord): void => {
    const analyzed = analyzeRecord(raw, progress.records, options.profile, options.maxRecordBytes);
    batch.problems.push(...analyzed.problems);
    if (analyzed.blank) return;
    batch.records.push(analyzed.summary);
    progress.records++;
    if (analyzed.summary.malformed) progress.malformed++;
    if (batch.records.length >= (progress.records <= firstBatchSize ? firstBatchSize : batchSize)) flush();
  };

  const completed = scannerFor(options.format)(filePath, onRecord, {
    chunkSize: options.chunkSize,
    range: options.range,
    maxRecordBytes: options.maxRecordBytes,
    // The file's own structure (a JSON array never closed…): problems of no record.
    onStructureProblem: (p) => batch.problems.push({ ...p, endLine: p.line, endColumn: p.column + Math.max(1, p.byteLength), severity: 'error' }),
    shouldStop: options.shouldStop,
    onChunk: (bytesRead) => {
      progress.bytesRead = bytesRead;
      options.onChunk?.(bytesRead);
    },
  });
  progress.bytesRead = completed ? (options.range?.end ?? progress.totalBytes) : progress.bytesRead;
  progress.cancelled = !completed;
  progress.done = true;
  flush();
  return { ...progress };
}

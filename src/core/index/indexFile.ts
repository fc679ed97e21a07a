import * as fs from 'node:fs';
import type { IndexProgress, Problem, RecordSummary } from '../../../shared/records';
import { FileFormat } from '../reader/detectFormat';
import { scanJsonArrayElements } from '../reader/jsonArrayScanner';
import { scanJsonlLines } from '../reader/jsonlScanner';
import { RawRecord, ScanOptions } from '../reader/rawRecord';
import { parseRecord } from '../records/parseRecord';
import { summarizeRecord } from '../records/summarize';
import type { RecordStore } from '../store/recordStore';

export interface IndexFileOptions extends ScanOptions {
  format: FileFormat;
  /** Records in the first batch: small, so the first page shows at once. */
  firstBatchSize?: number;
  /** Records per later batch (one transaction each). */
  batchSize?: number;
  onProgress?: (progress: IndexProgress) => void;
}

/**
 * Scans a dataset file and appends every record's summary and problems to `store`, in batches.
 * Synchronous by design: it runs in a worker thread (or a CLI) and never holds more than a batch.
 * Blank lines are skipped, not counted. Returns the final progress.
 */
export function indexFile(filePath: string, store: RecordStore, options: IndexFileOptions): IndexProgress {
  const totalBytes = fs.statSync(filePath).size;
  const firstBatchSize = options.firstBatchSize ?? 100;
  const batchSize = options.batchSize ?? 2000;
  let records: RecordSummary[] = [];
  let problems: Problem[] = [];
  const progress: IndexProgress = { records: 0, malformed: 0, bytesRead: 0, totalBytes, done: false, cancelled: false };

  const flush = (): void => {
    if (records.length === 0 && problems.length === 0) return;
    store.append(records, problems);
    records = [];
    problems = [];
    options.onProgress?.({ ...progress });
  };

  const onRecord = (raw: RawRecord): void => {
    const parsed = parseRecord(raw);
    if (parsed.blank) {
      problems.push(...parsed.problems);
      return;
    }
    const malformed = parsed.value === undefined || parsed.problems.length > 0;
    records.push({
      position: progress.records,
      line: raw.line,
      byteOffset: raw.byteOffset,
      byteLength: raw.bytes.length,
      ...summarizeRecord(parsed.value),
      malformed,
    });
    problems.push(...parsed.problems);
    progress.records++;
    if (malformed) progress.malformed++;
    if (records.length >= (progress.records <= firstBatchSize ? firstBatchSize : batchSize)) flush();
  };

  const scan = options.format === 'json-array' ? scanJsonArrayElements : scanJsonlLines;
  const completed = scan(filePath, onRecord, {
    chunkSize: options.chunkSize,
    shouldStop: options.shouldStop,
    onChunk: (bytesRead) => {
      progress.bytesRead = bytesRead;
      options.onChunk?.(bytesRead);
    },
  });
  progress.bytesRead = completed ? totalBytes : progress.bytesRead;
  progress.cancelled = !completed;
  progress.done = true;
  flush();
  return { ...progress };
}

import * as fs from 'node:fs';
import type { DatasetRecord } from '../../../shared/records/datasetRecord';
import type { FileProfile } from '../../../shared/records/fieldMapping';
import type { RecordSummary } from '../../../shared/records/recordSummary';
import { DEFAULT_MAX_RECORD_BYTES } from '../reader/rawRecord';
import { extractRecord } from './extractRecord';
import { parseRecord } from './parseRecord';

/** Reads exactly one record's bytes from the dataset file: the index says where they are. */
export function readRecordBytes(filePath: string, byteOffset: number, byteLength: number): Buffer {
  const buffer = Buffer.alloc(byteLength);
  const fd = fs.openSync(filePath, 'r');
  try {
    let read = 0;
    while (read < byteLength) {
      const n = fs.readSync(fd, buffer, read, byteLength - read, byteOffset + read);
      if (n === 0) throw new Error(`The file ended before the record at byte ${byteOffset}; it changed since it was indexed.`);
      read += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return buffer;
}

export interface LoadedRecord {
  summary: RecordSummary;
  /** The record's text exactly as in the file (decoded). */
  text: string;
  /** The parsed JSON; undefined when malformed. */
  value: unknown;
  record: DatasetRecord | undefined;
}

/**
 * One record, read on demand and mapped through the file's profile. A record longer than
 * `maxRecordBytes` (which the index lists as too large) is not read: its text is empty.
 */
export function loadRecord(filePath: string, summary: RecordSummary, profile: FileProfile, maxRecordBytes = DEFAULT_MAX_RECORD_BYTES): LoadedRecord {
  if (summary.byteLength > maxRecordBytes) return { summary, text: '', value: undefined, record: undefined };
  return recordFromBytes(readRecordBytes(filePath, summary.byteOffset, summary.byteLength), summary, profile);
}

/** A record from its bytes (an unsaved edit's text, or bytes read from the file) and its index row. */
export function recordFromBytes(bytes: Buffer, summary: RecordSummary, profile: FileProfile): LoadedRecord {
  const parsed = parseRecord({ line: summary.line, column: 1, byteOffset: summary.byteOffset, bytes });
  const record = parsed.value === undefined ? undefined : extractRecord(parsed.value, profile);
  return { summary, text: parsed.text, value: parsed.value, record };
}

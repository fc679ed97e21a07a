/**
 * Past-the-end checks need the video's duration, which most records do not carry: once a file is
 * indexed, its videos are probed (by the caller: ffprobe, cached) and the records that cite past a
 * probed duration are analyzed again with it, their problems replaced in the index. Only those records:
 * a record whose last cited second is inside the video gains no problem from knowing its length.
 */
import * as fs from 'node:fs';
import type { FileProfile } from '../../../shared/records/fieldMapping';
import type { Problem, RecordSummary } from '../../../shared/records/recordSummary';
import { counts, levelOf, type SeverityOverrides } from '../../../shared/problems/problemCodes';
import { PAST_END_TOLERANCE } from '../../../shared/chain/grounding';
import type { RecordStore } from '../store/recordStore';
import { recordProblems } from './recordProblems';

export interface ProbedRecord {
  position: number;
  problems: Problem[];
  /** Problems that count under the overrides. */
  counted: number;
}

export interface DurationPassOptions {
  filePath: string;
  store: Pick<RecordStore, 'page' | 'count'>;
  profile: FileProfile;
  /** A video's duration in seconds (the record's video value and source); null when it cannot be found or probed. */
  probe: (video: string, source: string | null) => Promise<number | null>;
  overrides?: SeverityOverrides;
  signal?: AbortSignal;
  /** Records per page read from the index. */
  batch?: number;
}

export interface DurationPassResult {
  /** Each probed video's duration (the record's video value → seconds); videos that could not be probed are left out. */
  durations: Map<string, number>;
  /** The records analyzed again, with their new problems: for the caller to write to the index. */
  records: ProbedRecord[];
}

/** Probes the videos of records that cite a time and re-analyzes those citing past their video's end. */
export async function durationPass(options: DurationPassOptions): Promise<DurationPassResult> {
  const batch = options.batch ?? 2000;
  const total = options.store.count();
  const probed = new Map<string, Promise<number | null>>();
  const durations = new Map<string, number>();
  const candidates: { summary: RecordSummary; duration: number }[] = [];
  for (let start = 0; start < total; start += batch) {
    if (options.signal?.aborted) break;
    const page = options.store.page(start, batch);
    if (page.length === 0) break;
    for (const summary of page) {
      if (summary.malformed || summary.video === null || summary.citedEnd === null) continue;
      const key = summary.video;
      let pending = probed.get(key);
      if (pending === undefined) {
        pending = options.probe(key, summary.source).catch(() => null);
        probed.set(key, pending);
      }
      const duration = await pending;
      if (duration === null || !Number.isFinite(duration) || duration <= 0) continue;
      durations.set(key, duration);
      if (summary.citedEnd > duration + PAST_END_TOLERANCE) candidates.push({ summary, duration });
    }
  }
  const records: ProbedRecord[] = [];
  if (candidates.length === 0) return { durations, records };
  const fd = fs.openSync(options.filePath, 'r');
  try {
    for (const { summary } of candidates) {
      if (options.signal?.aborted) break;
      const bytes = Buffer.alloc(summary.byteLength);
      fs.readSync(fd, bytes, 0, bytes.length, summary.byteOffset);
      const raw = { line: summary.line, column: columnAt(fd, summary.byteOffset), byteOffset: summary.byteOffset, bytes };
      const found = recordProblems(raw, summary.position, options.profile, { durationOf: (video) => durations.get(video) }).problems;
      const problems = found.map(({ fixes: _fixes, ...p }) => p);
      const counted = problems.filter((p) => counts(levelOf(p.code, options.overrides, p.severity))).length;
      records.push({ position: summary.position, problems, counted });
    }
  } finally {
    fs.closeSync(fd);
  }
  return { durations, records };
}

/** 1-based byte column of the byte at `offset` (1 in JSONL; an indented JSON array element's indent + 1). */
function columnAt(fd: number, offset: number): number {
  const length = Math.min(offset, 64 * 1024);
  if (length === 0) return 1;
  const before = Buffer.alloc(length);
  fs.readSync(fd, before, 0, length, offset - length);
  return length - before.lastIndexOf(0x0a);
}

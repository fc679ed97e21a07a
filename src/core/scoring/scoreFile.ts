/**
 * Scores every record of an indexed file in file order (the CLI's `score` and the Inspector's dataset
 * scoring pass): reads records in contiguous spans, scores each chain (every completion of a
 * multi-completion rollout), and hands the results on. Yields between batches so it can be cancelled.
 */
import * as fs from 'node:fs';
import type { DatasetRecord } from '../../../shared/records/datasetRecord';
import type { FileProfile } from '../../../shared/records/fieldMapping';
import type { RecordSummary } from '../../../shared/records/recordSummary';
import type { JudgeScores, SampleScore } from '../../../shared/rewards/scores';
import { extractRecord } from '../records/extractRecord';
import { parseRecord } from '../records/parseRecord';
import type { ColumnUpdate, RecordStore } from '../store/recordStore';
import { scoringValues } from '../rewards/columnScorers';
import { parseCaption } from '../../../shared/chain/captions';
import { getField, isPlainObject } from '../records/fieldPaths';
import { CaptionIndex } from '../rewards/evidence/captionIndex';
import { GroupStatsCache, inRecordGroup } from './groupStatsCache';
import { mergeRewards } from '../rewards/mergeRewards';
import { scoreRecord } from '../rewards/scoreRecord';

export interface ScoredRecord {
  summary: RecordSummary;
  /** One per completion scored; empty for records without a chain (or unreadable ones). */
  scores: SampleScore[];
  /** Why nothing was scored. */
  skipped?: string;
  /** The record and its video's captions, for a judge to look at after. */
  record?: DatasetRecord;
  captions?: CaptionIndex | null;
}

export interface ScoreFileOptions {
  filePath: string;
  store: Pick<RecordStore, 'page' | 'count' | 'groupMembers'>;
  profile: FileProfile;
  /** The video's captions, or null (the evidence check then says so per step). */
  captionsFor: (video: string | null) => CaptionIndex | null;
  judgeFor?: (summary: RecordSummary, completion: number) => JudgeScores | null;
  signal?: AbortSignal;
  /** Records per read and per yield (default 512). */
  batch?: number;
  /** May return a promise (a judge looking at the record): the next batch waits for it. */
  onRecord?: (scored: ScoredRecord) => void | Promise<void>;
  onProgress?: (done: number, total: number) => void;
}

export class ScoringCancelled extends Error {
  constructor() {
    super('Scoring was cancelled.');
  }
}

/** The index's view of one scored record: what the scoring pass writes back. */
export function scoreUpdate(scored: ScoredRecord): ColumnUpdate {
  return { position: scored.summary.position, values: scoringValues(scored.scores) };
}

export async function scoreFile(options: ScoreFileOptions): Promise<{ records: number; scored: number }> {
  const total = options.store.count();
  const batch = options.batch ?? 512;
  const groups = new GroupStatsCache(options.store);
  const fd = fs.openSync(options.filePath, 'r');
  let records = 0;
  let scored = 0;
  try {
    for (let start = 0; start < total; start += batch) {
      if (options.signal?.aborted) throw new ScoringCancelled();
      const summaries = options.store.page(start, batch);
      if (summaries.length === 0) break;
      const span = readSpan(
        fd,
        summaries.filter((s) => !s.malformed),
      );
      for (const summary of summaries) {
        let result: ScoredRecord;
        try {
          result = scoreOne(summary, span, options, groups);
        } catch (error) {
          // One record that cannot be scored (nested too deeply to walk…) does not stop the pass.
          result = { summary, scores: [], skipped: `could not be scored: ${error instanceof Error ? error.message : String(error)}` };
        }
        records++;
        if (result.scores.length > 0) scored++;
        const handled = options.onRecord?.(result);
        if (handled instanceof Promise) await handled;
      }
      options.onProgress?.(records, total);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    fs.closeSync(fd);
  }
  return { records, scored };
}

interface Span {
  start: number;
  bytes: Buffer;
}

/**
 * The bytes from the first record of a page to the end of its last (records are in file order). Only
 * the records that will be scored: a malformed one may be one too large to read at all.
 */
function readSpan(fd: number, summaries: readonly RecordSummary[]): Span {
  if (summaries.length === 0) return { start: 0, bytes: Buffer.alloc(0) };
  const start = Math.min(...summaries.map((s) => s.byteOffset));
  const end = Math.max(...summaries.map((s) => s.byteOffset + s.byteLength));
  const bytes = Buffer.allocUnsafe(end - start);
  let read = 0;
  while (read < bytes.length) {
    const n = fs.readSync(fd, bytes, read, bytes.length - read, start + read);
    if (n === 0) throw new Error(`The file ended before byte ${end}; it changed since it was indexed.`);
    read += n;
  }
  return { start, bytes };
}

function scoreOne(summary: RecordSummary, span: Span, options: ScoreFileOptions, groups: GroupStatsCache): ScoredRecord {
  if (summary.malformed) return { summary, scores: [], skipped: 'malformed record' };
  if (summary.kind !== 'cot' && summary.kind !== 'rollout') return { summary, scores: [], skipped: `no chain (${summary.kind} record)` };
  const bytes = span.bytes.subarray(summary.byteOffset - span.start, summary.byteOffset - span.start + summary.byteLength);
  const parsed = parseRecord({ line: summary.line, column: 1, byteOffset: summary.byteOffset, bytes });
  if (parsed.value === undefined) return { summary, scores: [], skipped: 'malformed record' };
  const record = extractRecord(parsed.value, options.profile);
  const captions = options.captionsFor(record.video) ?? inlineCaptions(parsed.value, options.profile);
  const completions = record.kind === 'rollout' ? record.completions.length : 1;
  const scores: SampleScore[] = [];
  for (let completion = 0; completion < completions; completion++) {
    scores.push(
      scoreRecord({
        record,
        completion,
        captions,
        duration: record.duration,
        dialect: options.profile.dialect,
        group: groupOf(record, summary, completion, groups),
        judge: options.judgeFor?.(summary, completion) ?? null,
      }),
    );
  }
  return { summary, scores, record, captions };
}

/** A record that carries its video's caption itself (the mapped `caption` field beside the chain). */
export function inlineCaptions(value: unknown, profile: FileProfile): CaptionIndex | null {
  if (!isPlainObject(value)) return null;
  const caption = getField(value, profile.fields.caption);
  if (typeof caption !== 'string' || caption === '') return null;
  const { segments } = parseCaption(caption);
  return segments.length === 0 ? null : new CaptionIndex(segments);
}

/** A rollout per line is grouped with its prompt's other lines; a multi-completion record is its own group. */
export function groupOf(record: DatasetRecord, summary: RecordSummary, completion: number, groups: GroupStatsCache) {
  if (record.kind !== 'rollout') return summary.promptId === null ? null : groups.statsFor(summary);
  if (record.completions.length <= 1) return groups.statsFor(summary);
  const totals = record.completions.map((c) => mergeRewards(c.rewards, record.rewards, record.completions.length).total);
  return inRecordGroup(record.promptId ?? record.id ?? `record ${summary.position + 1}`, totals, completion);
}

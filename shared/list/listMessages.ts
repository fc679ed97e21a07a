/** The sample list's messages: pages of records, problems, queries, "go to", counts, saved queues. */
import { z } from 'zod';
import { SavedQueue } from './savedQueue';
import { Problem, RecordSummary } from '../records/recordSummary';
import { CountColumn, QueryResult, RecordFilter, RecordQuery, ValueCount } from './recordQuery';
import { Position, RequestId } from '../messageParts';

export const PageRequest = z.object({
  type: z.literal('requestPage'),
  id: RequestId,
  start: z.number().int().min(0),
  limit: z.number().int().min(1).max(1000),
});

export const ProblemsRequest = z.object({
  type: z.literal('requestProblems'),
  id: RequestId,
  limit: z.number().int().min(1).max(1000),
});

/** A filtered, sorted page of the sample list (the engine's RecordQuery). */
export const QueryRequest = z.object({ type: z.literal('query'), id: RequestId, query: RecordQuery });

/** "Go to record": a 1-based record number ("#42" or "42") or a record id. */
export const FindRecordRequest = z.object({ type: z.literal('findRecord'), id: RequestId, target: z.string().min(1).max(500) });

/** Where `position` sits in the list as `query` filters and sorts it (null when it is filtered out). */
export const RankRequest = z.object({ type: z.literal('rankOf'), id: RequestId, query: RecordQuery, position: Position });

/** Value counts of one column under a filter (the list's filter menus). */
export const CountsRequest = z.object({ type: z.literal('countsBy'), id: RequestId, column: CountColumn, filter: RecordFilter.default({}) });

export const Page = z.object({
  start: z.number().int().min(0),
  total: z.number().int().min(0),
  records: z.array(RecordSummary),
});
export type Page = z.infer<typeof Page>;

export const listMessages = {
  requests: [PageRequest, ProblemsRequest, QueryRequest, FindRecordRequest, RankRequest, CountsRequest],
  responses: {
    requestPage: Page,
    requestProblems: z.array(Problem),
    query: QueryResult,
    findRecord: z.object({ position: Position }).nullable(),
    rankOf: z.number().int().min(0).nullable(),
    countsBy: z.array(ValueCount),
  },
  toHost: [
    /** The user's saved review queues (kept in workspace state). */
    z.object({ type: z.literal('saveQueues'), queues: z.array(SavedQueue).max(50) }),
  ],
  toWebview: [
    /** The index's problems or their counts changed after indexing (the severity setting, probed video durations): ⚠, filters and the problem list follow. */
    z.object({ type: z.literal('problemsChanged') }),
  ],
} as const;

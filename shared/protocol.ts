/**
 * Every message between the extension host and the webview, one zod-validated union per direction.
 * Requests carry an `id` and get exactly one `response` with that id.
 */
import { z } from 'zod';
import { IndexProgress, Problem, RecordSummary } from './records';

const RequestId = z.number().int().min(0);

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

export const WebviewToHost = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  PageRequest,
  ProblemsRequest,
  z.object({ type: z.literal('openInTextEditor'), line: z.number().int().min(1) }),
]);
export type WebviewToHost = z.infer<typeof WebviewToHost>;
export type WebviewRequest = Extract<WebviewToHost, { id: number }>;

export const Page = z.object({
  start: z.number().int().min(0),
  total: z.number().int().min(0),
  records: z.array(RecordSummary),
});
export type Page = z.infer<typeof Page>;

export const ResponseData = {
  requestPage: Page,
  requestProblems: z.array(Problem),
} satisfies Record<WebviewRequest['type'], z.ZodType>;
export type ResponseData<T extends WebviewRequest['type']> = z.infer<(typeof ResponseData)[T]>;

export const HostToWebview = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    fileName: z.string(),
    fileSize: z.number().int().min(0),
    format: z.enum(['jsonl', 'json-array']),
    pageSize: z.number().int().min(1),
  }),
  z.object({ type: z.literal('progress'), progress: IndexProgress }),
  /** The one reply to a request: `data` when ok, else `error`. */
  z.object({
    type: z.literal('response'),
    id: RequestId,
    ok: z.boolean(),
    data: z.unknown().optional(),
    error: z.string().optional(),
  }),
]);
export type HostToWebview = z.infer<typeof HostToWebview>;

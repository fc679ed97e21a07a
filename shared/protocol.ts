/**
 * Every message between the extension host and the webview, one zod-validated union per direction,
 * put together from each feature's messages (`shared/<feature>/<feature>Messages.ts`). Requests carry
 * an `id` and get exactly one `response` with that id. A new request goes in its feature's file; this
 * one changes only for a new feature.
 */
import { z } from 'zod';
import { datasetMessages } from './dataset/datasetMessages';
import { editMessages } from './edit/editMessages';
import { inferenceMessages } from './inference/inferenceMessages';
import { listMessages } from './list/listMessages';
import { RequestId } from './messageParts';
import { IndexProgress } from './records/recordSummary';
import { reviewMessages } from './review/reviewMessages';
import { rewardMessages } from './rewards/rewardMessages';
import { SavedQueue } from './list/savedQueue';
import { sampleMessages } from './sample/sampleMessages';
import { videoMessages } from './video/videoMessages';

export { Page } from './list/listMessages';

const FEATURES = [listMessages, datasetMessages, sampleMessages, videoMessages, rewardMessages, editMessages, reviewMessages, inferenceMessages] as const;

export const WebviewToHost = z.discriminatedUnion('type', [
  /** The page loaded (or loaded again after its tab was hidden): the host sends `init` and the state. */
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('openInTextEditor'), line: z.number().int().min(1) }),
  ...listMessages.requests,
  ...listMessages.toHost,
  ...datasetMessages.requests,
  ...datasetMessages.toHost,
  ...sampleMessages.requests,
  ...sampleMessages.toHost,
  ...videoMessages.requests,
  ...videoMessages.toHost,
  ...rewardMessages.requests,
  ...rewardMessages.toHost,
  ...editMessages.requests,
  ...editMessages.toHost,
  ...reviewMessages.requests,
  ...reviewMessages.toHost,
  ...inferenceMessages.requests,
  ...inferenceMessages.toHost,
]);
export type WebviewToHost = z.infer<typeof WebviewToHost>;
export type WebviewRequest = Extract<WebviewToHost, { id: number }>;
export type WebviewNotification = Exclude<WebviewToHost, { id: number }>;

type Responses = (typeof FEATURES)[number]['responses'];
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Each request's reply payload, by request type. */
export const ResponseData = Object.assign({}, ...FEATURES.map((f) => f.responses)) as UnionToIntersection<Responses>;
// Every request has a response schema, and every response schema a request.
ResponseData satisfies Record<WebviewRequest['type'], z.ZodType>;
type NoStrayResponses = Exclude<keyof typeof ResponseData, WebviewRequest['type']> extends never ? true : never;
const noStrayResponses: NoStrayResponses = true;
void noStrayResponses;
export type ResponseData<T extends WebviewRequest['type']> = z.infer<(typeof ResponseData)[T]>;

export const HostToWebview = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    fileName: z.string(),
    fileSize: z.number().int().min(0),
    format: z.enum(['jsonl', 'json-array']),
    pageSize: z.number().int().min(1),
    queues: z.array(SavedQueue),
  }),
  z.object({ type: z.literal('progress'), progress: IndexProgress }),
  ...listMessages.toWebview,
  ...datasetMessages.toWebview,
  ...sampleMessages.toWebview,
  ...videoMessages.toWebview,
  ...rewardMessages.toWebview,
  ...editMessages.toWebview,
  ...reviewMessages.toWebview,
  ...inferenceMessages.toWebview,
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

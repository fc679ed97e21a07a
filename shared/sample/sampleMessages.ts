/** The sample view's messages: one record to show, and word that it changed. */
import { z } from 'zod';
import { CompletionIndex, Position, RequestId } from '../messageParts';
import { SampleDetail } from './sample';

/**
 * One record for the sample view. Also makes it the editor's current sample: the host resolves its
 * video and pushes `video` notifications for it.
 */
export const SampleRequest = z.object({ type: z.literal('sample'), id: RequestId, position: Position, completion: CompletionIndex });

export const sampleMessages = {
  requests: [SampleRequest],
  responses: { sample: SampleDetail },
  toHost: [],
  toWebview: [
    /** Something the current sample shows changed (captions indexed, a video probed): request it again. */
    z.object({ type: z.literal('sampleStale') }),
  ],
} as const;

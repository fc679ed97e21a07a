/** Review marks: reviewed / fixed / rejected with a note, kept in `<file>.review.jsonl`. */
import { z } from 'zod';
import { Position, RequestId } from '../messageParts';
import { ReviewEntry, ReviewStatus } from './review';

/** Marks the record reviewed / fixed / rejected (null clears it) with a note. */
export const ReviewRequest = z.object({
  type: z.literal('setReview'),
  id: RequestId,
  position: Position,
  status: ReviewStatus.nullable(),
  note: z.string().max(10_000).default(''),
});

export const reviewMessages = {
  requests: [ReviewRequest],
  responses: { setReview: ReviewEntry },
  toHost: [],
  toWebview: [],
} as const;

/**
 * A record's review status, kept in a sidecar beside the dataset (`<file>.review.jsonl`) so it survives
 * regenerating the dataset. Pure zod, browser-safe.
 */
import { z } from 'zod';

export const ReviewStatus = z.enum(['reviewed', 'fixed', 'rejected']);
export type ReviewStatus = z.infer<typeof ReviewStatus>;

/** One line of `<file>.review.jsonl`: the last line for a record wins; status null clears it. */
export const ReviewEntry = z.object({
  id: z.string().nullable(),
  /** sha256 (16 hex) of the record's question, video and answer: survives regenerating chains and ids. */
  hash: z.string(),
  status: ReviewStatus.nullable(),
  note: z.string().max(10_000),
  /** ISO 8601. */
  time: z.string(),
  /** 0-based record position when it was written (a hint; id and hash identify the record). */
  position: z.number().int().min(0).optional(),
});
export type ReviewEntry = z.infer<typeof ReviewEntry>;

import { z } from 'zod';

/** A saved review queue: a filter and sort the user walks with "next in queue". */
export const SavedQueue = z.object({
  name: z.string().min(1).max(200),
  filter: z.record(z.string(), z.unknown()),
  sort: z.object({ by: z.string(), descending: z.boolean() }),
});
export type SavedQueue = z.infer<typeof SavedQueue>;

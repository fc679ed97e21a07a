import { z } from 'zod';

/** Reward fields exactly as logged, plus the O&R components when their names say which is which. */
export const StoredRewards = z.object({
  total: z.number().nullable(),
  acc: z.number().nullable(),
  obs: z.number().nullable(),
  rea: z.number().nullable(),
  fmt: z.number().nullable(),
  advantage: z.number().nullable(),
  /** Every numeric reward-like field, by its own name. */
  logged: z.record(z.string(), z.number()),
});
export type StoredRewards = z.infer<typeof StoredRewards>;

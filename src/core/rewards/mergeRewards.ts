import type { StoredRewards } from '../../../shared/records/datasetRecord';

/**
 * A completion's logged rewards, with the record's own filling the gaps when the record holds just
 * that one completion (a rollout per line logs its rewards beside the text, not inside it).
 */
export function mergeRewards(completion: StoredRewards, record: StoredRewards, completions: number): StoredRewards {
  if (completions !== 1) return completion;
  return {
    total: completion.total ?? record.total,
    acc: completion.acc ?? record.acc,
    obs: completion.obs ?? record.obs,
    rea: completion.rea ?? record.rea,
    fmt: completion.fmt ?? record.fmt,
    advantage: completion.advantage ?? record.advantage,
    logged: { ...record.logged, ...completion.logged },
  };
}

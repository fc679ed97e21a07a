import type { StoredRewards } from '../../../shared/records/datasetRecord';
import { isPlainObject } from './fieldPaths';

/** Reward-like keys at the top level of a record or a completion (checked when no rewards object says more). */
const REWARD_KEY = /reward|score|^acc(uracy)?$|^obs$|^rea$|^fmt$|^format$|advantage|^adv$/i;

type Component = Exclude<keyof StoredRewards, 'logged'>;

/** Which O&R component a logged name is; the order matters ("acc_reward" is accuracy, not the total). */
const COMPONENT_NAMES: ReadonlyArray<[Component, RegExp]> = [
  ['advantage', /^adv(antage)?s?$|advantage/i],
  ['fmt', /fmt|format/i],
  ['obs', /obs(ervation)?/i],
  ['rea', /^rea(son(ing)?)?($|_)|_rea(son(ing)?)?($|_)|reasoning/i],
  ['acc', /acc(uracy)?|correct/i],
  ['total', /^(rewards?|total|total_reward|score|overall|final|final_reward|reward_total|sum)$/i],
];

export function classifyRewardName(name: string): Component | undefined {
  return COMPONENT_NAMES.find(([, pattern]) => pattern.test(name))?.[0];
}

/**
 * Collects reward fields exactly as logged: the mapped rewards value (a number is the total, an object
 * holds components), the mapped advantage, and reward-like numeric keys beside them.
 */
export function collectRewards(holder: Record<string, unknown>, rewardsKey?: string, advantageKey?: string): StoredRewards {
  const logged: Record<string, number> = {};
  const add = (name: string, value: unknown) => {
    if (typeof value === 'number' && Number.isFinite(value)) logged[name] = value;
  };
  const rewards = rewardsKey === undefined ? undefined : holder[rewardsKey];
  if (typeof rewards === 'number') add(rewardsKey ?? 'reward', rewards);
  else if (isPlainObject(rewards)) for (const [k, v] of Object.entries(rewards)) add(k, v);
  if (advantageKey !== undefined) add(advantageKey, holder[advantageKey]);
  for (const [k, v] of Object.entries(holder)) if (!(k in logged) && REWARD_KEY.test(k)) add(k, v);

  const result: StoredRewards = { total: null, acc: null, obs: null, rea: null, fmt: null, advantage: null, logged };
  for (const [name, value] of Object.entries(logged)) {
    const component = classifyRewardName(name);
    if (component !== undefined && result[component] === null) result[component] = value;
  }
  return result;
}

export const NO_REWARDS: StoredRewards = { total: null, acc: null, obs: null, rea: null, fmt: null, advantage: null, logged: {} };

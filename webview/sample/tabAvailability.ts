/** Which tabs of the sample column a record has besides the sample itself, pure (no DOM). */
import type { SampleDetail } from '../../shared/sample/sample';
import { diffAvailable } from '../diff/diffLayout';

export interface TabAvailability {
  /** The record is a rollout (it has a GRPO group). */
  group: boolean;
  /** The record is edited or has several completions, or a model run finished on it. */
  diff: boolean;
}

export function tabAvailability(detail: Pick<SampleDetail, 'kind' | 'edited' | 'completions'>, hasRunChain: boolean): TabAvailability {
  return { group: detail.kind === 'rollout', diff: diffAvailable(detail) || hasRunChain };
}

/** Which records have a chain of their own, as the features that score, edit and diff it ask; pure (no DOM). */

/** A well-formed record with a chain of its own (cot, rollout): what is scored and edited here. */
export function hasOwnChain(detail: { kind: string; summary: { malformed: boolean } }): boolean {
  return !detail.summary.malformed && (detail.kind === 'cot' || detail.kind === 'rollout');
}

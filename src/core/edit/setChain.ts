import type { FileProfile } from '../../../shared/records/fieldMapping';
import { completionTextKey } from '../records/extractRecord';
import { getField, isPlainObject } from '../records/fieldPaths';

export type SetChainResult = { ok: true; value: Record<string, unknown> } | { ok: false; reason: string };

/**
 * A copy of the parsed record with the shown chain replaced: the `chain` field of a CoT record (a dot
 * path reaches into nested objects), or completion `completion` of a grouped rollout. Everything else
 * is shared with the original (objects on the path are copied), and key order is kept.
 */
export function setChain(value: unknown, profile: FileProfile, completion: number, chain: string): SetChainResult {
  if (!isPlainObject(value)) return { ok: false, reason: 'The record is not a JSON object.' };
  const list = getField(value, profile.fields.completions);
  if (Array.isArray(list) && profile.fields.completions !== undefined) {
    if (completion < 0 || completion >= list.length) return { ok: false, reason: `The record has no completion ${completion + 1}.` };
    const item: unknown = list[completion];
    let replaced: unknown;
    if (typeof item === 'string') replaced = chain;
    else if (isPlainObject(item)) {
      const key = completionTextKey(item);
      if (key === undefined) return { ok: false, reason: `Completion ${completion + 1} has no text field to edit.` };
      replaced = { ...item, [key]: chain };
    } else return { ok: false, reason: `Completion ${completion + 1} is neither text nor an object.` };
    const copy = list.slice();
    copy[completion] = replaced;
    return { ok: true, value: setPath(value, profile.fields.completions, copy) };
  }
  const key = profile.fields.chain;
  if (key === undefined) return { ok: false, reason: 'The file has no chain field (set one in the .rewatch.json sidecar).' };
  const current = getField(value, key);
  if (typeof current !== 'string' && !(Array.isArray(current) && typeof current[0] === 'string')) {
    return { ok: false, reason: `The record's "${key}" is not text.` };
  }
  // A chain stored as ["text", …] (some exports) keeps its list shape.
  const next = Array.isArray(current) ? [chain, ...current.slice(1)] : chain;
  return { ok: true, value: setPath(value, key, next) };
}

/** Sets a key or dot path (as getField reads it) on copies of the objects along the way. */
export function setPath(record: Record<string, unknown>, key: string, next: unknown): Record<string, unknown> {
  if (key in record || !key.includes('.')) return { ...record, [key]: next };
  const [head, ...rest] = key.split('.');
  const inner = record[head];
  return { ...record, [head]: setPath(isPlainObject(inner) ? inner : {}, rest.join('.'), next) };
}

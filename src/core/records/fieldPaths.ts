/** Reads a role's value by key or dot path (`meta.video`); plain keys win over paths so `a.b` keys still work. */
export function getField(record: Record<string, unknown>, key: string | undefined): unknown {
  if (key === undefined) return undefined;
  if (key in record) return record[key];
  if (!key.includes('.')) return undefined;
  let value: unknown = record;
  for (const part of key.split('.')) {
    if (!isPlainObject(value)) return undefined;
    value = value[part];
  }
  return value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

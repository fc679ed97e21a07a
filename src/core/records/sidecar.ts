import * as fs from 'node:fs';
import { FieldRole, Sidecar } from '../../../shared/records/fieldMapping';

/** The field-mapping sidecar of a dataset: `data.jsonl` → `data.jsonl.rewatch.json`. */
export function sidecarPath(datasetPath: string): string {
  return `${datasetPath}.rewatch.json`;
}

export interface SidecarResult {
  sidecar: Sidecar;
  /** Set when a sidecar exists but cannot be used; detection then runs as if it were absent. */
  error?: string;
}

export function readSidecar(datasetPath: string): SidecarResult {
  const file = sidecarPath(datasetPath);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { sidecar: {} };
    return { sidecar: {}, error: `Cannot read ${file}: ${(error as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { sidecar: {}, error: `${file} is not valid JSON: ${(error as Error).message}` };
  }
  const parsed = Sidecar.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { sidecar: {}, error: `${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}` };
  }
  return { sidecar: parsed.data };
}

/** Sidecar overrides merged with `role=key` pairs (the CLI's `--field`); the pairs win. */
export function withFieldOverrides(sidecar: Sidecar, pairs: readonly string[]): Sidecar {
  const fields = { ...sidecar.fields };
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0 || at === pair.length - 1) throw new Error(`Expected ROLE=KEY, got "${pair}".`);
    const role = FieldRole.safeParse(pair.slice(0, at));
    if (!role.success) throw new Error(`Unknown field role in "${pair}"; roles: ${FieldRole.options.join(', ')}.`);
    fields[role.data] = pair.slice(at + 1);
  }
  return { ...sidecar, fields };
}

/**
 * Which key of a record plays which role. ReWatch's key names are not published, so the engine
 * detects them (by name and content) and the user can override any of them in a sidecar file
 * `<dataset>.rewatch.json` or on the CLI (`--field chain=cot`).
 */
import { z } from 'zod';
import { RecordKind } from './recordSummary';

export const FieldRole = z.enum([
  'id',
  'video',
  'source',
  'duration',
  'question',
  'questionType',
  'category',
  'options',
  'answer',
  'chain',
  'caption',
  'completions',
  'promptId',
  'rewards',
  'advantage',
]);
export type FieldRole = z.infer<typeof FieldRole>;

/** Role → key. A key may be a dot path into nested objects (`meta.video`). */
export const FieldMapping = z.partialRecord(FieldRole, z.string().min(1));
export type FieldMapping = z.infer<typeof FieldMapping>;

/** The sidecar file `<dataset>.rewatch.json`: overrides win over detection, role by role. */
export const Sidecar = z.object({
  /** Force every record's kind instead of detecting it. */
  kind: RecordKind.optional(),
  fields: FieldMapping.optional(),
});
export type Sidecar = z.infer<typeof Sidecar>;

export const Dialect = z.enum(['rewatch', 'video-r1', 'longvideo-reason']);
export type Dialect = z.infer<typeof Dialect>;

/** What the engine concluded about a file from its first records (plus the user's overrides). */
export const FileProfile = z.object({
  kind: RecordKind,
  /** The sidecar forced the kind: every record is read as `kind`. */
  kindOverridden: z.boolean(),
  dialect: Dialect,
  fields: FieldMapping,
  /** Roles the user set (sidecar or CLI) rather than the detector. */
  overridden: z.array(FieldRole),
  /** Records the detector looked at. */
  sampled: z.number().int().min(0),
});
export type FileProfile = z.infer<typeof FileProfile>;

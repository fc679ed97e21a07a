/**
 * Inline editing of a record's chain, its review status, the reward delta an unsaved edit makes and
 * the step-aligned diff of two chains. Pure zod, browser-safe: the webview sends `ChainEdit`s, the host
 * applies them through the document's edit log (src/core/edit) and answers with these shapes.
 */
import { z } from 'zod';
import { DELTA_COLUMNS } from '../rewards/rewardColumns';

type DeltaName = (typeof DELTA_COLUMNS)[number]['delta']['name'];

export { ChainDiff, ChainEdit, DiffRow, DiffRowStatus, DiffSide, WordRun, type ChainEditResult } from '../chain/chainSchemas';

/** What the host says about an edit request: applied (the document changed), or refused with the reason. */
export const EditOutcome = z.object({ applied: z.boolean(), reason: z.string().optional() });
export type EditOutcome = z.infer<typeof EditOutcome>;

/** One reward's value before (as saved) and after the unsaved edits; null when unknown. */
export const DeltaRow = z.object({
  /** The catalogue's `delta.name` of the row's column (shared/rewards/rewardColumns.ts). */
  name: z.enum(DELTA_COLUMNS.map((c) => c.delta.name) as [DeltaName, ...DeltaName[]]),
  label: z.string(),
  before: z.number().nullable(),
  after: z.number().nullable(),
});
export type DeltaRow = z.infer<typeof DeltaRow>;

/** The reward delta of a record's unsaved edits (offline checks; judge rows only when asked for). */
export const ScoreDelta = z.object({
  position: z.number().int().min(0),
  completion: z.number().int().min(0),
  /** False when the record has no unsaved edit (rows then compare the record with itself). */
  edited: z.boolean(),
  rows: z.array(DeltaRow),
  /** Format failures after the edit (codes with messages), for the "why" line. */
  formatAfter: z.array(z.string()),
  judged: z.boolean(),
});
export type ScoreDelta = z.infer<typeof ScoreDelta>;

/** What a diff request compares the shown chain with. */
export const DiffAgainst = z.discriminatedUnion('kind', [
  /** The record as saved on disk (before this window's unsaved edits). */
  z.object({ kind: z.literal('saved') }),
  /** Another completion of the same record (rollouts). */
  z.object({ kind: z.literal('completion'), completion: z.number().int().min(0).max(10_000) }),
  /** A chain from elsewhere (a model's new run), shown on the right against the shown chain on the left. */
  z.object({ kind: z.literal('chain'), chain: z.string().max(2_000_000), label: z.string().max(200) }),
]);
export type DiffAgainst = z.infer<typeof DiffAgainst>;

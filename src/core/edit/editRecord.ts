import { isDeepStrictEqual } from 'node:util';
import { applyChainEdit } from '../../../shared/chain/chainEdits';
import { DatasetRecord } from '../../../shared/records/datasetRecord';
import type { ChainEdit } from '../../../shared/edit/edits';
import type { FileProfile } from '../../../shared/records/fieldMapping';
import { extractRecord } from '../records/extractRecord';
import { recordFromBytes, type LoadedRecord } from '../records/readRecord';
import { shownChain } from '../sample/buildSample';
import { reserializeRecord } from './reserializeRecord';
import { setChain } from './setChain';

export type RecordEditResult = { ok: true; text: string; label: string } | { ok: false; reason: string };

/**
 * One chain edit on a loaded record (its unsaved edit, or as on disk): the chain edited, put back into
 * the parsed record, validated with the record schema, and written back in the record's own style.
 */
export function editRecordChain(loaded: LoadedRecord, profile: FileProfile, completion: number, edit: ChainEdit): RecordEditResult {
  const record = loaded.record;
  if (!record || loaded.value === undefined) return { ok: false, reason: 'The record is malformed JSON: fix it in the text editor first.' };
  const shown = shownChain(record, completion);
  if (shown.chain === null) return { ok: false, reason: 'The record has no chain to edit.' };
  const edited = applyChainEdit(shown.chain, edit);
  if (!edited.ok) return edited;
  return replaceChain(loaded, profile, shown.completion, edited.chain, labelOf(edit));
}

/** Replaces the shown chain outright (a quick fix, or a model's new chain), validated like any edit. */
export function replaceChain(loaded: LoadedRecord, profile: FileProfile, completion: number, chain: string, label: string): RecordEditResult {
  const record = loaded.record;
  if (!record) return { ok: false, reason: 'The record is malformed JSON: fix it in the text editor first.' };
  const set = setChain(loaded.value, profile, completion, chain);
  if (!set.ok) return set;
  const checked = DatasetRecord.safeParse(extractRecord(set.value, profile));
  if (!checked.success) return { ok: false, reason: `The edited record does not fit the record schema: ${checked.error.issues[0]?.message ?? 'invalid'}.` };
  if (checked.data.kind !== record.kind) return { ok: false, reason: `The edit would turn the ${record.kind} record into a ${checked.data.kind} record.` };
  if (shownChain(checked.data, completion).chain !== chain) return { ok: false, reason: 'The edited chain could not be read back from the record.' };
  const text = reserializeRecord(loaded.text, set.value);
  if (!isDeepStrictEqual(JSON.parse(text), set.value)) return { ok: false, reason: 'The record could not be written back faithfully (nothing was changed).' };
  return { ok: true, text, label };
}

/** The record as it would be with `chain` in place of the shown one (a model's chain, to score or to use), or why not. */
export function withChain(
  loaded: LoadedRecord,
  profile: FileProfile,
  completion: number,
  chain: string,
  label: string,
): { ok: true; loaded: LoadedRecord } | { ok: false; reason: string } {
  const result = replaceChain(loaded, profile, completion, chain, label);
  if (!result.ok) return result;
  return { ok: true, loaded: recordFromBytes(Buffer.from(result.text, 'utf8'), loaded.summary, profile) };
}

function labelOf(edit: ChainEdit): string {
  switch (edit.op) {
    case 'setText':
      return `Edit card ${edit.card + 1}`;
    case 'retime':
      return `Re-time a citation in card ${edit.card + 1}`;
    case 'deleteStep':
      return `Delete the step of card ${edit.card + 1}`;
    case 'insertStep':
      return 'Insert a step';
    case 'moveStep':
      return `Move the step of card ${edit.card + 1} ${edit.direction < 0 ? 'up' : 'down'}`;
    case 'setAnswer':
      return 'Change the answer';
  }
}

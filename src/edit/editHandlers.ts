/** Editing messages: chain edits through the document's edit log, their reward delta, the diff, a model's chain taken. */
import * as vscode from 'vscode';
import { alignChains } from '../../shared/chain/alignChains';
import type { ChainDiff, DiffAgainst, EditOutcome, ScoreDelta } from '../../shared/edit/edits';
import { editRecordChain, withChain } from '../core/edit/editRecord';
import { scoreDelta } from '../core/rewards/scoreDelta';
import { shownChain } from '../core/sample/buildSample';
import { slice } from '../editor/inspectorFeature';
import type { SessionContext } from '../editor/sessionContext';
import type { SessionScoring } from '../rewards/sessionScoring';

const READ_ONLY = 'Datasets are read-only in Restricted Mode: trust the workspace to edit.';

export function editHandlers(session: SessionContext, scoring: SessionScoring) {
  const { document } = session;

  /** The reward delta of the record's unsaved edits: as saved → as edited; judge rows when asked (the judge cache makes the saved side free when it was judged before). */
  async function delta(position: number, completion: number, judge: boolean): Promise<ScoreDelta> {
    const after = session.recordFor(position);
    const saved = document.savedRecord(position);
    const before = saved?.record ? { loaded: saved, record: saved.record } : after;
    const captions = await scoring.captions.of(after.loaded);
    const judgeBefore = judge ? await scoring.runJudge(position, before.record, completion, captions) : null;
    const judgeAfter = judge ? await scoring.runJudge(position, after.record, completion, captions) : null;
    return scoreDelta({
      position,
      edited: document.isEdited(position),
      before: scoring.withVerdicts(scoring.scoreOf(before.loaded, before.record, captions, completion), judgeBefore),
      after: scoring.withVerdicts(scoring.scoreOf(after.loaded, after.record, captions, completion), judgeAfter),
      judged: judge,
    });
  }

  /** The shown chain (right) against the record as saved or another completion (left), step-aligned. */
  function diff(position: number, completion: number, against: DiffAgainst): ChainDiff {
    const { record } = session.recordFor(position);
    const right = shownChain(record, completion);
    if (right.chain === null) throw new Error('This record has no chain to compare.');
    if (against.kind === 'saved') {
      const saved = document.savedRecord(position)?.record;
      const left = saved ? shownChain(saved, completion).chain : null;
      return alignChains(left ?? '', right.chain, { left: 'As saved', right: document.isEdited(position) ? 'Edited' : 'As saved' });
    }
    if (against.kind === 'chain')
      return alignChains(right.chain, against.chain, { left: document.isEdited(position) ? 'Stored (edited)' : 'Stored', right: against.label });
    const left = shownChain(record, against.completion);
    return alignChains(left.chain ?? '', right.chain, { left: `Completion ${left.completion + 1}`, right: `Completion ${right.completion + 1}` });
  }

  return slice({
    requests: {
      /** One chain edit through the document's edit log; refused (with the reason) when it would break the record. */
      edit: (r): EditOutcome => {
        if (!vscode.workspace.isTrusted) return { applied: false, reason: READ_ONLY };
        const { loaded, profile } = session.editable(r.position);
        const result = editRecordChain(loaded, profile, r.completion, r.edit);
        if (!result.ok) return { applied: false, reason: result.reason };
        document.applyEdit(r.position, loaded.text, result.text, result.label);
        return { applied: true };
      },
      scoreDelta: (r) => delta(r.position, r.completion, r.judge),
      diff: (r) => diff(r.position, r.completion, r.against),
      /** Replaces the shown chain with a model's chain as one undoable edit. */
      useChain: (r): EditOutcome => {
        if (!vscode.workspace.isTrusted) return { applied: false, reason: READ_ONLY };
        const label = "Use the model's chain";
        const { loaded, profile } = session.editable(r.position);
        const candidate = withChain(loaded, profile, r.completion, r.chain, label);
        if (!candidate.ok) return { applied: false, reason: candidate.reason };
        document.applyEdit(r.position, loaded.text, candidate.loaded.text, label);
        return { applied: true };
      },
    },
  });
}

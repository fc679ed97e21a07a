/** Editing messages: chain edits through the edit log, their reward delta, the step-aligned diff, a model's chain taken. */
import { z } from 'zod';
import { CompletionIndex, Position, RequestId } from '../messageParts';
import { ChainDiff, ChainEdit, DiffAgainst, EditOutcome, ScoreDelta } from './edits';

/** One edit of the shown chain, through the document's edit log (undoable); refused edits say why. */
export const EditRequest = z.object({ type: z.literal('edit'), id: RequestId, position: Position, completion: CompletionIndex, edit: ChainEdit });

/** The reward delta of the record's unsaved edits: offline checks, judge rows when `judge` is set. */
export const ScoreDeltaRequest = z.object({
  type: z.literal('scoreDelta'),
  id: RequestId,
  position: Position,
  completion: CompletionIndex,
  judge: z.boolean().default(false),
});

/** The step-aligned diff of the shown chain (right) against the saved record or another completion (left). */
export const DiffRequest = z.object({ type: z.literal('diff'), id: RequestId, position: Position, completion: CompletionIndex, against: DiffAgainst });

/** Replaces the shown chain with this one through the edit log (undoable). */
export const UseChainRequest = z.object({
  type: z.literal('useChain'),
  id: RequestId,
  position: Position,
  completion: CompletionIndex,
  chain: z.string().max(2_000_000),
});

export const editMessages = {
  requests: [EditRequest, ScoreDeltaRequest, DiffRequest, UseChainRequest],
  responses: { edit: EditOutcome, scoreDelta: ScoreDelta, diff: ChainDiff, useChain: EditOutcome },
  toHost: [],
  toWebview: [
    /**
     * The document's edit log changed (an edit, undo, redo, save, revert): `edited` lists every record
     * with unsaved edits, `changed` the records whose content just changed (request them again).
     */
    z.object({ type: z.literal('edits'), edited: z.array(Position), changed: z.array(Position), dirty: z.boolean() }),
  ],
} as const;

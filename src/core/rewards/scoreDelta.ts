/** The reward delta of a record's unsaved edits: one row per catalogue column with a `delta` spec. */
import type { DeltaRow, ScoreDelta } from '../../../shared/edit/edits';
import { DELTA_COLUMNS } from '../../../shared/rewards/rewardColumns';
import type { SampleScore } from '../../../shared/rewards/scores';
import { SCORE_VALUE } from './columnScorers';

/** As saved → as edited; judged rows only when the judge ran on both sides. */
export function scoreDelta(input: { position: number; edited: boolean; before: SampleScore; after: SampleScore; judged: boolean }): ScoreDelta {
  const { before, after, judged } = input;
  const rows: DeltaRow[] = DELTA_COLUMNS.filter((c) => judged || c.source !== 'judged').map((c) => ({
    name: c.delta.name,
    label: c.delta.label,
    before: SCORE_VALUE[c.key](before),
    after: SCORE_VALUE[c.key](after),
  }));
  return {
    position: input.position,
    completion: after.completion,
    edited: input.edited,
    rows,
    formatAfter: after.format.failures.map((f) => f.message),
    judged,
  };
}

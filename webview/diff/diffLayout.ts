/**
 * How a step-aligned ChainDiff is laid out, pure (no DOM): the word runs each column shows, the
 * chunks rows are rendered in (a 1000-row diff must not build 1000 rows at once), the summary line,
 * and what the shown chain can be compared with.
 */
import type { ChainDiff, DiffAgainst, DiffRow, DiffRowStatus, WordRun } from '../../shared/edit/edits';

export type Side = 'left' | 'right';

/** A piece of one column's text: `marked` is a removed (left) or added (right) word run. */
export interface SideRun {
  text: string;
  marked: boolean;
}

/** Rows built per chunk; further chunks follow as the end of the diff scrolls near. */
export const DIFF_CHUNK = 150;

/**
 * The runs of one column of a row: in a changed or moved pair the words the other side lacks are
 * marked (removed on the left, added on the right); otherwise the card's text, unmarked (the row's
 * status colours a wholly removed or added card). Neighbouring runs of the same marking are joined,
 * so a long sentence is a few nodes, not one per word.
 */
export function sideRuns(row: Pick<DiffRow, 'left' | 'right' | 'words'>, side: Side): SideRun[] {
  const card = side === 'left' ? row.left : row.right;
  if (card === null) return [];
  if (row.words.length === 0) return card.text === '' ? [] : [{ text: card.text, marked: false }];
  const hidden: WordRun['change'] = side === 'left' ? 'added' : 'removed';
  const runs: SideRun[] = [];
  for (const word of row.words) {
    if (word.change === hidden || word.value === '') continue;
    const marked = word.change !== 'same';
    const last = runs[runs.length - 1];
    if (last !== undefined && last.marked === marked) last.text += word.value;
    else runs.push({ text: word.value, marked });
  }
  return runs;
}

/** The rows to build next: from `rendered` up to `size` more (empty once all are built). */
export function nextChunk(rendered: number, total: number, size = DIFF_CHUNK): { start: number; end: number } {
  const start = Math.max(0, Math.min(rendered, total));
  return { start, end: Math.min(total, start + Math.max(1, size)) };
}

const STATUS_WORDS: [DiffRowStatus, string][] = [
  ['changed', 'changed'],
  ['moved', 'moved'],
  ['added', 'added'],
  ['removed', 'removed'],
  ['same', 'unchanged'],
];

/** How many rows have each status. */
export function statusCounts(rows: readonly Pick<DiffRow, 'status'>[]): Record<DiffRowStatus, number> {
  const counts: Record<DiffRowStatus, number> = { same: 0, changed: 0, moved: 0, removed: 0, added: 0 };
  for (const row of rows) counts[row.status]++;
  return counts;
}

/** "2 changed · 1 moved · 1 added · 12 unchanged"; "no cards" for an empty diff. */
export function diffSummary(diff: Pick<ChainDiff, 'rows' | 'answerLeft' | 'answerRight'>): string {
  const counts = statusCounts(diff.rows);
  const parts = STATUS_WORDS.filter(([status]) => counts[status] > 0).map(([status, word]) => `${counts[status]} ${word}`);
  if (answerChanged(diff)) parts.unshift('answer changed');
  return parts.length > 0 ? parts.join(' · ') : 'no cards';
}

/** Whether the two chains' final answers differ (whitespace aside). */
export function answerChanged(diff: Pick<ChainDiff, 'answerLeft' | 'answerRight'>): boolean {
  return (diff.answerLeft?.trim() ?? null) !== (diff.answerRight?.trim() ?? null);
}

/** Whether the Diff tab has anything to compare: unsaved edits, or other completions. */
export function diffAvailable(detail: { edited: boolean; completions: number }): boolean {
  return detail.edited || detail.completions > 1;
}

export interface AgainstChoice {
  /** The picker's option value ("saved", "completion:2"). */
  value: string;
  label: string;
  against: DiffAgainst;
}

/** What the shown chain (completion `completion` of `completions`) can be compared with. */
export function againstChoices(detail: { edited: boolean; completion: number; completions: number }): AgainstChoice[] {
  const choices: AgainstChoice[] = [];
  if (detail.edited) choices.push({ value: 'saved', label: 'As saved (before the unsaved edits)', against: { kind: 'saved' } });
  for (let i = 0; i < detail.completions; i++) {
    if (i === detail.completion) continue;
    choices.push({ value: `completion:${i}`, label: `Completion ${i + 1} of ${detail.completions}`, against: { kind: 'completion', completion: i } });
  }
  return choices;
}

/** The picker's value of a model run's chain. */
export const RUN_CHOICE = 'run';

/**
 * A model run's new chain as a choice: the host puts it on the right and the shown (stored) chain
 * on the left, the other way round from the saved / completion choices.
 */
export function runChoice(chain: string, label = 'Model run'): AgainstChoice {
  return { value: RUN_CHOICE, label: `${label} (the new chain)`, against: { kind: 'chain', chain, label } };
}

/** Which column holds the shown chain's cards (clicking one opens it in the Sample tab). */
export function shownSide(against: DiffAgainst): Side {
  return against.kind === 'chain' ? 'left' : 'right';
}

/** The choice to keep (`previous`, when still offered), else the first: the saved record when edited. */
export function pickAgainst(choices: readonly AgainstChoice[], previous: string | null): AgainstChoice | undefined {
  return choices.find((c) => c.value === previous) ?? choices[0];
}

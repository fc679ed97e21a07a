/**
 * The sample list's columns and their widths, pure (no DOM): which columns there are, how wide each
 * starts and how far it can be resized, and the grid template the header and the rows share.
 */
import type { SortKey } from '../../shared/list/recordQuery';

export type ListColumnId = 'position' | 'id' | 'kind' | 'type' | 'category' | 'steps' | 'correct' | 'reward' | 'problems';

export interface ListColumnSpec {
  id: ListColumnId;
  label: string;
  title: string;
  sort?: SortKey;
  /** Sorting by this column starts descending (bigger is more interesting). */
  descendingFirst?: boolean;
  /** Width at first, px. */
  initial: number;
  min: number;
  max: number;
}

/**
 * In this order: what tells records apart and what is wrong with them first (they show in a list of
 * about 300 px), the rest to the right (the list scrolls sideways to them, or is made wider).
 */
export const LIST_COLUMNS: readonly ListColumnSpec[] = [
  { id: 'position', label: '#', title: 'Record number in the file', sort: 'position', initial: 40, min: 30, max: 120 },
  { id: 'id', label: 'ID', title: 'Record id', sort: 'id', initial: 120, min: 60, max: 640 },
  { id: 'problems', label: '⚠', title: 'Problems found in the record', sort: 'problems', descendingFirst: true, initial: 30, min: 24, max: 120 },
  { id: 'correct', label: '✓', title: "Whether the chain's answer matches the stored answer", sort: 'correct', initial: 26, min: 24, max: 80 },
  { id: 'reward', label: 'Reward', title: 'Stored reward', sort: 'reward', descendingFirst: true, initial: 62, min: 36, max: 160 },
  {
    id: 'steps',
    label: 'Steps',
    title: 'Step cards of the chain, as the sample shows them: reasoning, action and observation cards (not the answer)',
    sort: 'steps',
    descendingFirst: true,
    initial: 54,
    min: 32,
    max: 120,
  },
  { id: 'category', label: 'Category', title: 'Question category', sort: 'category', initial: 130, min: 40, max: 400 },
  { id: 'kind', label: 'Kind', title: 'Record kind', sort: 'kind', initial: 70, min: 36, max: 200 },
  { id: 'type', label: 'Type', title: 'Question type: multiple choice or open-ended', initial: 44, min: 30, max: 120 },
];

/** Gap between two columns, px (the CSS's column-gap). */
export const COLUMN_GAP = 5;

/** Saved widths, by column id (anything else in there is ignored). */
export type ColumnWidths = Readonly<Record<string, number>>;

function spec(id: ListColumnId): ListColumnSpec {
  const found = LIST_COLUMNS.find((c) => c.id === id);
  if (!found) throw new Error(`No list column ${id}`);
  return found;
}

/** `width` rounded to whole pixels and kept within the column's bounds; the initial width when it is not a number. */
export function clampColumnWidth(id: ListColumnId, width: number): number {
  const { min, max, initial } = spec(id);
  if (!Number.isFinite(width)) return initial;
  return Math.max(min, Math.min(max, Math.round(width)));
}

/** The width a column is shown at: the saved one (clamped), else its initial width. */
export function columnWidth(widths: ColumnWidths, id: ListColumnId): number {
  const saved = widths[id];
  return saved === undefined ? spec(id).initial : clampColumnWidth(id, saved);
}

/** The widths after resizing column `id` by `dx` px (right is wider). */
export function resizeColumn(widths: ColumnWidths, id: ListColumnId, dx: number): Record<string, number> {
  return { ...widths, [id]: clampColumnWidth(id, columnWidth(widths, id) + dx) };
}

/** The columns on show: the reward column only once some row has a reward. */
export function shownColumns(hasReward: boolean): ListColumnSpec[] {
  return LIST_COLUMNS.filter((c) => hasReward || c.id !== 'reward');
}

/** The grid template of the header and the rows: each shown column at its width, then a filler that takes what is left. */
export function columnTemplate(widths: ColumnWidths, hasReward: boolean): string {
  return [...shownColumns(hasReward).map((c) => `${columnWidth(widths, c.id)}px`), 'minmax(0, 1fr)'].join(' ');
}

/** The least width that shows every column whole: their widths and the gaps between them (the filler may be 0). */
export function columnsWidth(widths: ColumnWidths, hasReward: boolean): number {
  const shown = shownColumns(hasReward);
  return shown.reduce((sum, c) => sum + columnWidth(widths, c.id), 0) + COLUMN_GAP * shown.length;
}

/** The Steps cell's tooltip: what its number counts (for a rollout record, its longest completion's cards). */
export function stepsTitle(steps: number, rollout: boolean): string {
  const cards = `${steps} step ${steps === 1 ? 'card' : 'cards'}: reasoning, action and observation cards as the sample shows them (the answer is not counted)`;
  return rollout ? `${cards}, in its longest completion` : cards;
}

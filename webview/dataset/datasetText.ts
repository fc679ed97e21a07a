/** Words and numbers of the dataset view's scoring line and reward-by-type table, pure (no DOM). */
import type { GroupMean, NumericColumn, RecordFilter } from '../../shared/list/recordQuery';
import { MEAN_COLUMNS as CATALOGUE_MEANS } from '../../shared/rewards/rewardColumns';
import type { ScoringProgress } from '../../shared/rewards/scores';

/** "Scoring 45%…", "Scored 1,234 samples", "Scoring stopped at 45%", "Scoring failed: …". */
export function scoringText(progress: ScoringProgress | null): string {
  if (progress === null) return 'Scores: waiting for the index…';
  const percent = progress.total === 0 ? 100 : Math.floor((100 * Math.min(progress.done, progress.total)) / progress.total);
  if (progress.error) return `Scoring failed: ${progress.error}`;
  if (progress.running) return `Scoring ${percent}%…`;
  if (progress.complete) return `Scored ${progress.total.toLocaleString('en-US')} sample${progress.total === 1 ? '' : 's'}`;
  return `Scoring stopped at ${percent}%`;
}

export type MeanBy = 'category' | 'questionType';

/** The reward-by table's columns: the catalogue's mean columns, in its order. */
export const MEAN_COLUMNS: readonly { column: NumericColumn; label: string }[] = CATALOGUE_MEANS.map((spec) => ({ column: spec.key, label: spec.mean.label }));

const TYPE_LABELS: Record<string, string> = { 'multiple-choice': 'Multiple choice', 'open-ended': 'Open-ended' };

export function meanValueLabel(by: MeanBy, value: string | null): string {
  if (value === null) return by === 'category' ? '(no category)' : '(no type)';
  return by === 'questionType' ? (TYPE_LABELS[value] ?? value) : value;
}

/** Each row's bar width, percent of the largest |mean| (0 for an unknown mean). */
export function meanWidths(rows: readonly GroupMean[]): number[] {
  const max = rows.reduce((m, row) => (row.mean !== null && Number.isFinite(row.mean) ? Math.max(m, Math.abs(row.mean)) : m), 0);
  return rows.map((row) => (row.mean !== null && Number.isFinite(row.mean) && max > 0 ? (100 * Math.abs(row.mean)) / max : 0));
}

/** The filter a reward-by table is computed under: the list's, without its own grouping column. */
export function meanFilter(filter: RecordFilter, by: MeanBy): RecordFilter {
  const { categories, questionTypes, ...rest } = filter;
  return by === 'category' ? (questionTypes ? { ...rest, questionTypes } : rest) : categories ? { ...rest, categories } : rest;
}

/** Clicking a row: the list's filter narrowed to that category or question type (null when the value cannot be filtered on). */
export function filterByValue(filter: RecordFilter, by: MeanBy, value: string | null): RecordFilter | null {
  if (value === null) return null;
  if (by === 'category') return { ...filter, categories: [value] };
  if (value !== 'multiple-choice' && value !== 'open-ended') return null;
  return { ...filter, questionTypes: [value] };
}

/** The dataset view's histograms, pure (no DOM): which columns, how many bins, bar heights, and a bar as a filter range. */
import type { ColumnRange, Histogram, NumericColumn, RecordFilter } from '../../shared/list/recordQuery';
import { HISTOGRAM_COLUMNS, isScored } from '../../shared/rewards/rewardColumns';
import type { ScoringProgress } from '../../shared/rewards/scores';
import { formatReward } from '../app/format';
import { withoutRange } from '../list/filterRanges';

export interface HistogramSpec {
  column: NumericColumn;
  title: string;
  bins: number;
  /** Filled by the scoring pass (an empty one is "not scored yet"), not read from the file ("not logged"). */
  scored: boolean;
}

/** The catalogue's histogram columns, in its order. */
export const HISTOGRAMS: readonly HistogramSpec[] = HISTOGRAM_COLUMNS.map((spec) => ({
  column: spec.key,
  title: spec.histogram.title,
  bins: spec.histogram.bins,
  scored: isScored(spec.key),
}));

type Bin = Histogram['bins'][number];

/** The filter a column's histogram is drawn under: the list's, without its own range on that column. */
export function histogramFilter(filter: RecordFilter, column: NumericColumn): RecordFilter {
  return withoutRange(filter, column);
}

/** Clicking bar `index`: `from ≤ column < to`, the last bar including its `to`. */
export function barRange(column: NumericColumn, bins: readonly Bin[], index: number): ColumnRange {
  const bin = bins[index];
  return { column, min: bin.from, max: bin.to, includeMax: index === bins.length - 1 };
}

/** Each bar's height, percent of the tallest (0 when every bar is empty). */
export function barHeights(bins: readonly Bin[]): number[] {
  const max = bins.reduce((m, bin) => Math.max(m, bin.count), 0);
  return bins.map((bin) => (max > 0 ? (100 * bin.count) / max : 0));
}

/** Whether a bar lies inside the range in force on its column (the bars the list shows now). */
export function barSelected(bin: Bin, range: ColumnRange | undefined): boolean {
  if (!range) return false;
  if (range.min !== undefined && bin.from < range.min) return false;
  if (range.max !== undefined) {
    if (bin.to > range.max) return false;
    // An open end leaves out a bar that starts there (a zero-width last bar included).
    if (!range.includeMax && bin.from >= range.max) return false;
  }
  return true;
}

/** "[0.25, 0.5): 12 samples", the last bar closed. */
export function barText(bins: readonly Bin[], index: number): string {
  const bin = bins[index];
  const close = index === bins.length - 1 ? ']' : ')';
  const range = bin.from === bin.to ? formatReward(bin.from) : `[${formatReward(bin.from)}, ${formatReward(bin.to)}${close}`;
  return `${range}: ${bin.count.toLocaleString('en-US')} sample${bin.count === 1 ? '' : 's'}`;
}

/** What an empty histogram says: the file has no such field, or the scoring pass has not filled it (yet). */
export function emptyHistogramText(spec: Pick<HistogramSpec, 'scored'>, scoring: ScoringProgress | null): string {
  if (!spec.scored) return 'not logged';
  if (scoring?.error) return `not scored: ${scoring.error}`;
  return scoring?.complete ? 'no score for these samples' : 'not scored yet';
}

/** "n 1,234 · mean 2.1 · 0–4" under a histogram. */
export function histogramSummary(histogram: Pick<Histogram, 'count' | 'mean' | 'min' | 'max'>): string {
  const parts = [`n ${histogram.count.toLocaleString('en-US')}`];
  if (histogram.mean !== null) parts.push(`mean ${formatReward(histogram.mean)}`);
  if (histogram.min !== null && histogram.max !== null) parts.push(`${formatReward(histogram.min)} – ${formatReward(histogram.max)}`);
  return parts.join(' · ');
}

/**
 * The numeric ranges of the list's filter (a histogram bar or a scatter cell clicked), pure (no DOM):
 * add one (replacing the range on the same column), drop one, and say what a range means.
 */
import type { ColumnRange, NumericColumn, RecordFilter } from '../../shared/list/recordQuery';
import { COLUMN } from '../../shared/rewards/rewardColumns';
import { formatReward } from '../app/format';

/** RecordFilter.ranges holds at most this many. */
export const MAX_RANGES = 8;

/** `filter` with `range` in force: a range on the same column is replaced; the oldest go past MAX_RANGES. */
export function withRange(filter: RecordFilter, range: ColumnRange): RecordFilter {
  const others = (filter.ranges ?? []).filter((r) => r.column !== range.column);
  return { ...filter, ranges: [...others, range].slice(-MAX_RANGES) };
}

/** `filter` with every range of `ranges` in force, in order. */
export function withRanges(filter: RecordFilter, ranges: readonly ColumnRange[]): RecordFilter {
  return ranges.reduce(withRange, filter);
}

/** `filter` without its range on `column` (no `ranges` key left when it empties). */
export function withoutRange(filter: RecordFilter, column: NumericColumn): RecordFilter {
  const { ranges, ...rest } = filter;
  const kept = (ranges ?? []).filter((r) => r.column !== column);
  return kept.length > 0 ? { ...rest, ranges: kept } : rest;
}

/** The range on `column`, if the filter has one. */
export function rangeOn(filter: RecordFilter, column: NumericColumn): ColumnRange | undefined {
  return filter.ranges?.find((r) => r.column === column);
}

/** "r_obs* (evidence) ∈ [0.2, 0.4)", "r_fmt (offline) = 0", "mismatches ≥ 1", "r_obs* (evidence) known". */
export function rangeLabel(range: ColumnRange): string {
  const label = COLUMN[range.column].label;
  const { min, max } = range;
  const includeMax = range.includeMax ?? true;
  if (min !== undefined && max !== undefined) {
    if (min === max && includeMax) return `${label} = ${formatReward(min)}`;
    return `${label} ∈ [${formatReward(min)}, ${formatReward(max)}${includeMax ? ']' : ')'}`;
  }
  if (min !== undefined) return `${label} ≥ ${formatReward(min)}`;
  if (max !== undefined) return `${label} ${includeMax ? '≤' : '<'} ${formatReward(max)}`;
  return `${label} known`;
}

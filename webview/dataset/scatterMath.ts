/** The obs-vs-rea scatter as a grid of binned cells, pure (no DOM): cell places, shades and filter ranges. */
import type { ColumnRange, NumericColumn, RecordFilter, Scatter } from '../../shared/list/recordQuery';
import { SCATTER_AXES } from '../../shared/rewards/rewardColumns';
import { rangeOn, withoutRange } from '../list/filterRanges';
import { barSelected } from './histogramMath';

/** Cells per axis. */
export const SCATTER_BINS = 10;
/** Shade levels 1..SHADE_LEVELS (an empty cell is not drawn). */
export const SHADE_LEVELS = 5;

/** The axes the scatter offers (the first of each on show at first), from the catalogue. */
export const SCATTER_X: readonly NumericColumn[] = SCATTER_AXES.x;
export const SCATTER_Y: readonly NumericColumn[] = SCATTER_AXES.y;

type Cell = Scatter['cells'][number];

export interface PlacedCell extends Cell {
  /** 0-based grid column (x) and row from the bottom (y). */
  col: number;
  row: number;
  shade: number;
}

/**
 * How dark a cell is: 1..levels by the square root of its share of the fullest cell, so a few
 * samples still show beside a crowded cell; 0 for an empty cell.
 */
export function shadeLevel(count: number, maxCount: number, levels = SHADE_LEVELS): number {
  if (!(count > 0) || !(maxCount > 0)) return 0;
  return Math.max(1, Math.min(levels, Math.ceil(levels * Math.sqrt(Math.min(1, count / maxCount)))));
}

/** Which of `bins` equal cells between lo and hi a cell starting at `from` is (0 when the axis has no width). */
function binIndex(from: number, lo: number | null, hi: number | null, bins: number): number {
  if (lo === null || hi === null || !(hi > lo)) return 0;
  return Math.max(0, Math.min(bins - 1, Math.round(((from - lo) / (hi - lo)) * bins)));
}

/** The scatter's cells with their grid places and shades. */
export function placeCells(scatter: Scatter, bins = SCATTER_BINS): PlacedCell[] {
  const max = scatter.cells.reduce((m, cell) => Math.max(m, cell.count), 0);
  return scatter.cells.map((cell) => ({
    ...cell,
    col: binIndex(cell.xFrom, scatter.xMin, scatter.xMax, bins),
    row: binIndex(cell.yFrom, scatter.yMin, scatter.yMax, bins),
    shade: shadeLevel(cell.count, max),
  }));
}

/** Clicking a cell: ranges on both columns, each closed at the axis's maximum. */
export function cellRanges(scatter: Pick<Scatter, 'x' | 'y' | 'xMax' | 'yMax'>, cell: Cell): [ColumnRange, ColumnRange] {
  return [
    { column: scatter.x, min: cell.xFrom, max: cell.xTo, includeMax: scatter.xMax !== null && cell.xTo >= scatter.xMax },
    { column: scatter.y, min: cell.yFrom, max: cell.yTo, includeMax: scatter.yMax !== null && cell.yTo >= scatter.yMax },
  ];
}

/** The filter the scatter is drawn under: the list's, without its ranges on either axis. */
export function scatterFilter(filter: RecordFilter, x: NumericColumn, y: NumericColumn): RecordFilter {
  return withoutRange(withoutRange(filter, x), y);
}

/** Whether a cell lies inside the ranges in force on both axes (the cell clicked, or a wider choice). */
export function cellSelected(cell: Cell, filter: RecordFilter, x: NumericColumn, y: NumericColumn): boolean {
  const xRange = rangeOn(filter, x);
  const yRange = rangeOn(filter, y);
  if (!xRange && !yRange) return false;
  const xInside = !xRange || barSelected({ from: cell.xFrom, to: cell.xTo, count: cell.count }, xRange);
  const yInside = !yRange || barSelected({ from: cell.yFrom, to: cell.yTo, count: cell.count }, yRange);
  return xInside && yInside;
}

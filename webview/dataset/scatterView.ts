/** The obs-vs-rea scatter: a grid of binned cells shaded by count; clicking a cell filters the list on both columns. */
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { ColumnRange, NumericColumn, RecordFilter, Scatter } from '../../shared/list/recordQuery';
import { COLUMN } from '../../shared/rewards/rewardColumns';
import { h } from '../app/dom';
import { formatReward } from '../app/format';
import { cellRanges, cellSelected, placeCells, scatterFilter, SCATTER_BINS, SCATTER_X, SCATTER_Y } from './scatterMath';

export type FetchScatter = (x: NumericColumn, y: NumericColumn, bins: number, filter: RecordFilter) => Promise<Scatter>;

export class ScatterView {
  readonly element: HTMLElement;
  private readonly grid = h('div', { class: 'scatter-grid', role: 'group', 'aria-label': 'Samples by obs and rea: click a cell to filter the list' });
  private readonly xAxis = h('div', { class: 'scatter-x-axis', 'aria-hidden': 'true' });
  private readonly yAxis = h('div', { class: 'scatter-y-axis', 'aria-hidden': 'true' });
  private readonly info = h('div', { class: 'hist-info muted', 'aria-live': 'polite' });
  private x: NumericColumn = SCATTER_X[0];
  private y: NumericColumn = SCATTER_Y[0];
  private seq = 0;
  private filter: RecordFilter = {};

  constructor(
    private readonly fetch: FetchScatter,
    private readonly choose: (ranges: ColumnRange[]) => void,
  ) {
    this.grid.style.setProperty('--bins', String(SCATTER_BINS));
    this.element = h(
      'div',
      { class: 'scatter', 'data-testid': 'scatter', 'data-x': this.x, 'data-y': this.y, 'data-state': 'loading' },
      h('div', { class: 'hist-title' }, 'r_obs vs r_rea ', this.select('x', SCATTER_X), ' × ', this.select('y', SCATTER_Y)),
      h('div', { class: 'scatter-plot' }, this.yAxis, this.grid),
      this.xAxis,
      this.info,
    );
  }

  async load(filter: RecordFilter): Promise<void> {
    this.filter = filter;
    const seq = ++this.seq;
    const { x, y } = this;
    this.element.dataset.x = x;
    this.element.dataset.y = y;
    this.element.dataset.state = 'loading';
    try {
      const scatter = await this.fetch(x, y, SCATTER_BINS, scatterFilter(filter, x, y));
      if (seq !== this.seq) return;
      this.render(scatter);
    } catch (error) {
      if (seq !== this.seq) return;
      this.element.dataset.state = 'error';
      this.grid.replaceChildren();
      this.info.textContent = `Could not load: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private select(axis: 'x' | 'y', columns: readonly NumericColumn[]): HTMLElement {
    const select = h('vscode-single-select', {
      class: 'scatter-select',
      'data-testid': `scatter-${axis}`,
      'aria-label': axis === 'x' ? 'Horizontal axis' : 'Vertical axis',
    });
    for (const column of columns) select.append(h('vscode-option', { value: column, selected: column === this[axis] }, COLUMN[column].label));
    select.addEventListener('change', () => {
      const value = select.value as NumericColumn;
      if (!columns.includes(value) || value === this[axis]) return;
      this[axis] = value;
      void this.load(this.filter);
    });
    return select;
  }

  private render(scatter: Scatter): void {
    this.element.dataset.count = String(scatter.count);
    const label = `${COLUMN[scatter.x].label} × ${COLUMN[scatter.y].label}`;
    if (scatter.count === 0 || scatter.cells.length === 0) {
      this.element.dataset.state = 'empty';
      this.grid.replaceChildren(h('p', { class: 'hist-empty', 'data-testid': 'scatter-empty' }, `No sample has both ${label}.`));
      this.xAxis.replaceChildren();
      this.yAxis.replaceChildren();
      this.info.textContent = '';
      return;
    }
    this.element.dataset.state = 'ready';
    this.grid.replaceChildren(
      ...placeCells(scatter).map((cell) => {
        const text = `${COLUMN[scatter.x].label} ${formatReward(cell.xFrom)}–${formatReward(cell.xTo)}, ${COLUMN[scatter.y].label} ${formatReward(cell.yFrom)}–${formatReward(cell.yTo)}: ${cell.count.toLocaleString('en-US')} sample${cell.count === 1 ? '' : 's'}`;
        const selected = cellSelected(cell, this.filter, scatter.x, scatter.y);
        const element = h('button', {
          type: 'button',
          class: `scatter-cell shade-${cell.shade}${selected ? ' selected' : ''}`,
          'data-selected': String(selected),
          'data-testid': 'scatter-cell',
          'data-x-from': String(cell.xFrom),
          'data-x-to': String(cell.xTo),
          'data-y-from': String(cell.yFrom),
          'data-y-to': String(cell.yTo),
          'data-count': String(cell.count),
          'data-shade': String(cell.shade),
          title: `${text} — click to list only these`,
          'aria-label': text,
        });
        element.style.gridColumn = String(cell.col + 1);
        element.style.gridRow = String(SCATTER_BINS - cell.row);
        element.addEventListener('mouseenter', () => {
          this.info.textContent = text;
        });
        element.addEventListener('click', () => this.choose(cellRanges(scatter, cell)));
        return element;
      }),
    );
    this.xAxis.replaceChildren(
      h('span', {}, formatReward(scatter.xMin ?? 0)),
      h('span', {}, COLUMN[scatter.x].label),
      h('span', {}, formatReward(scatter.xMax ?? 0)),
    );
    this.yAxis.replaceChildren(
      h('span', {}, formatReward(scatter.yMax ?? 0)),
      h('span', { class: 'scatter-y-label' }, COLUMN[scatter.y].label),
      h('span', {}, formatReward(scatter.yMin ?? 0)),
    );
    this.info.textContent = `${scatter.count.toLocaleString('en-US')} samples with both values`;
  }
}

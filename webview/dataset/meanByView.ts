/** Reward by question category and by question type: a bar per value; clicking one filters the list to it. */
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { GroupMean, NumericColumn, RecordFilter } from '../../shared/list/recordQuery';
import { h } from '../app/dom';
import { formatReward } from '../app/format';
import { filterByValue, MEAN_COLUMNS, meanFilter, meanValueLabel, meanWidths, type MeanBy } from './datasetText';

export type FetchMeans = (by: MeanBy, column: NumericColumn, filter: RecordFilter) => Promise<GroupMean[]>;

const TITLES: Record<MeanBy, string> = { category: 'By category', questionType: 'By question type' };

export class MeanByView {
  readonly element: HTMLElement;
  private readonly tables: Record<MeanBy, HTMLElement> = {
    category: h('div', { class: 'mean-by-table', 'data-by': 'category' }),
    questionType: h('div', { class: 'mean-by-table', 'data-by': 'questionType' }),
  };
  private column: NumericColumn = MEAN_COLUMNS[0].column;
  private filter: RecordFilter = {};
  private seq = 0;

  constructor(
    private readonly fetch: FetchMeans,
    private readonly apply: (filter: RecordFilter) => void,
  ) {
    const select = h('vscode-single-select', { class: 'mean-by-select', 'data-testid': 'mean-by-column', 'aria-label': 'Column to average' });
    for (const { column, label } of MEAN_COLUMNS) select.append(h('vscode-option', { value: column, selected: column === this.column }, label));
    select.addEventListener('change', () => {
      const value = select.value as NumericColumn;
      if (value === this.column || !MEAN_COLUMNS.some((c) => c.column === value)) return;
      this.column = value;
      void this.load(this.filter);
    });
    this.element = h(
      'div',
      { class: 'mean-by', 'data-testid': 'mean-by' },
      h('div', { class: 'hist-title' }, 'Mean ', select, ' by question type and category'),
      h('div', { class: 'mean-by-tables' }, this.tables.questionType, this.tables.category),
    );
  }

  async load(filter: RecordFilter): Promise<void> {
    this.filter = filter;
    const seq = ++this.seq;
    const column = this.column;
    await Promise.all(
      (['questionType', 'category'] as MeanBy[]).map(async (by) => {
        try {
          const rows = await this.fetch(by, column, meanFilter(filter, by));
          if (seq === this.seq) this.render(by, rows);
        } catch (error) {
          if (seq === this.seq)
            this.tables[by].replaceChildren(h('p', { class: 'error-text' }, `Could not load: ${error instanceof Error ? error.message : String(error)}`));
        }
      }),
    );
  }

  private render(by: MeanBy, rows: GroupMean[]): void {
    const table = this.tables[by];
    const shown = rows.filter((row) => row.count > 0);
    if (shown.length === 0) {
      table.replaceChildren(
        h('div', { class: 'mean-by-title' }, TITLES[by]),
        h('p', { class: 'muted' }, by === 'category' ? 'No categories.' : 'No question types.'),
      );
      return;
    }
    const widths = meanWidths(shown);
    const selected = by === 'category' ? this.filter.categories : this.filter.questionTypes;
    table.replaceChildren(
      h('div', { class: 'mean-by-title' }, TITLES[by]),
      ...shown.map((row, i) => {
        const target = filterByValue(this.filter, by, row.value);
        const label = meanValueLabel(by, row.value);
        const fill = h('span', { class: 'mean-by-fill' });
        fill.style.width = `${widths[i]}%`;
        const isSelected = row.value !== null && selected?.length === 1 && selected[0] === row.value;
        const element = h(
          'button',
          {
            type: 'button',
            class: `mean-by-row${isSelected ? ' selected' : ''}`,
            'data-testid': 'mean-by-row',
            'data-by': by,
            'data-value': row.value ?? '',
            'data-count': String(row.count),
            'data-mean': row.mean === null ? undefined : String(row.mean),
            disabled: target === null,
            title: target === null ? `${label}: cannot be filtered on` : `List only ${label} (${row.count.toLocaleString('en-US')} samples)`,
          },
          h('span', { class: 'mean-by-label' }, label),
          h('span', { class: 'mean-by-bar' }, fill),
          h('span', { class: 'mean-by-mean' }, row.mean === null ? '—' : formatReward(row.mean)),
          h('span', { class: 'mean-by-count muted' }, `n ${row.count.toLocaleString('en-US')}`),
        );
        element.addEventListener('click', () => {
          if (target) this.apply(target);
        });
        return element;
      }),
    );
  }
}

/**
 * The sample list: a virtualized, sortable table of the records the current filter matches, pages
 * fetched with `query` as the user scrolls (cached, far pages dropped). Selection is by position
 * (the record), so it survives re-sorting and filtering.
 */
import type { RecordFilter, SortKey } from '../../shared/list/recordQuery';
import type { RecordSummary } from '../../shared/records/recordSummary';
import { h } from '../app/dom';
import type { ListSort } from '../app/state';
import { debounce } from '../app/timing';
import { markedText } from '../cards/chipText';
import {
  columnsWidth,
  columnTemplate,
  columnWidth,
  LIST_COLUMNS,
  resizeColumn,
  shownColumns,
  type ColumnWidths,
  type ListColumnId,
  type ListColumnSpec,
  stepsTitle,
} from './listColumns';
import { idParts } from './middleEllipsis';
import { PageCache, pagesFor } from './pageCache';
import { VirtualList } from './virtualList';

/** A RecordQuery with every field given (as the protocol's validated request holds it). */
export interface ListQuery {
  filter: RecordFilter;
  sort: ListSort;
  offset: number;
  limit: number;
}

export type RunQuery = (query: ListQuery) => Promise<{ total: number; offset: number; records: RecordSummary[] }>;

export const ROW_HEIGHT = 44;

const numberFormat = new Intl.NumberFormat();

export interface RecordListHandlers {
  /** A row was chosen (click, arrows, j/k). */
  select(record: RecordSummary, rank: number): void;
  sortChanged(sort: ListSort): void;
  scrolled(): void;
  /** The filtered list's size changed. */
  totalChanged(total: number): void;
  error(message: string): void;
  /** A column was resized (pointer or keys): remember its widths. */
  columnsChanged?(widths: Record<string, number>): void;
}

/** Keyboard step of a focused column separator, px (Shift: 4×). */
const COLUMN_KEY_STEP = 8;

export class RecordList {
  readonly element: HTMLElement;
  private readonly header = h('div', { class: 'list-header', role: 'presentation' });
  private readonly empty = h('div', { class: 'list-empty', hidden: true, role: 'status' });
  private readonly list: VirtualList<RecordSummary>;
  private cache: PageCache<RecordSummary>;
  private filter: RecordFilter = {};
  private sort: ListSort = { by: 'position', descending: false };
  private total = 0;
  private known = false;
  private selectedPosition: number | null = null;
  private terms: readonly string[] = [];
  private visible = { first: 0, last: -1 };
  private readonly fetchSoon = debounce(() => void this.fetchVisible(), 60);
  /** Waiters for a rank's page (j/k to a row not loaded yet). */
  private readonly waiters = new Map<number, (() => void)[]>();
  private hasReward = false;
  /** Records with unsaved edits (the host's `edits` notification): their rows get a dot. */
  private edited: ReadonlySet<number> = new Set();

  constructor(
    private readonly runQuery: RunQuery,
    private readonly handlers: RecordListHandlers,
    pageSize = 200,
    private widths: ColumnWidths = {},
  ) {
    this.cache = new PageCache(Math.max(50, Math.min(1000, pageSize)));
    this.list = new VirtualList<RecordSummary>({
      rowHeight: ROW_HEIGHT,
      label: 'Samples',
      rowAt: (rank) => this.cache.row(rank),
      renderRow: (row, rank) => this.renderRow(row, rank),
      isSelected: (row) => row.position === this.selectedPosition,
      onRangeChange: (first, last) => {
        this.visible = { first, last };
        if (this.cache.needed(pagesFor(first, last, this.cache.pageSize)).length > 0) this.fetchSoon();
      },
      onActivate: (rank) => {
        const row = this.cache.row(rank);
        if (row) this.handlers.select(row, rank);
        else void this.rowAt(rank).then((loaded) => loaded && this.handlers.select(loaded, rank));
      },
      onScroll: () => this.handlers.scrolled(),
    });
    this.list.element.dataset.testid = 'record-list';
    this.renderHeader();
    this.element = h('div', { class: 'record-list' }, this.header, this.list.element, this.empty);
    this.applyWidths();
  }

  /** The columns' widths as the header's and the rows' grid template. */
  private applyWidths(): void {
    this.element.style.setProperty('--list-columns', columnTemplate(this.widths, this.hasReward));
    // The list scrolls sideways rather than cut a column when they do not fit (8 px: the rows' padding and border).
    this.element.style.setProperty('--list-min-width', `${columnsWidth(this.widths, this.hasReward) + 16}px`);
    for (const separator of this.header.querySelectorAll<HTMLElement>('[role=separator]')) {
      const id = separator.dataset.column as ListColumnSpec['id'];
      separator.setAttribute('aria-valuenow', String(columnWidth(this.widths, id)));
    }
  }

  get query(): { filter: RecordFilter; sort: ListSort } {
    return { filter: this.filter, sort: this.sort };
  }

  get count(): number {
    return this.total;
  }

  get topRow(): number {
    return this.list.topRow;
  }

  focus(): void {
    this.list.element.focus({ preventScroll: true });
  }

  /** A new filter or sort: drop every page and start over at `topRow`. */
  setQuery(filter: RecordFilter, sort: ListSort, topRow = 0): void {
    this.filter = filter;
    this.sort = sort;
    this.cache.reset();
    this.known = false;
    this.renderHeader();
    this.list.refresh(true);
    void this.fetchPages(pagesFor(Math.floor(topRow), Math.floor(topRow) + 60, this.cache.pageSize)).then(() => {
      this.list.topRow = topRow;
    });
  }

  /** The index grew (still indexing): refetch the pages in view, keeping the rows shown meanwhile. */
  refreshLive(): void {
    this.cache.markStale();
    void this.fetchVisible();
  }

  /** The records with unsaved edits; rows in view are drawn again only when the set changed. */
  setEdited(positions: readonly number[]): void {
    const next = new Set(positions);
    if (next.size === this.edited.size && [...next].every((p) => this.edited.has(p))) return;
    this.edited = next;
    this.list.refresh(true);
  }

  setTerms(terms: readonly string[]): void {
    this.terms = terms;
    this.list.refresh(true);
  }

  setSelected(position: number | null, rank?: number): void {
    this.selectedPosition = position;
    if (rank !== undefined) this.list.setFocusedRank(rank);
    this.list.element.setAttribute('aria-activedescendant', position === null ? '' : `record-row-${position}`);
    this.list.refresh();
  }

  reveal(rank: number): void {
    this.list.reveal(rank);
  }

  /** The selected record's rank, if its page is cached. */
  rankOfSelected(): number | undefined {
    if (this.selectedPosition === null) return undefined;
    for (const [rank, row] of this.cache.entries()) if (row.position === this.selectedPosition) return rank;
    return undefined;
  }

  /** The row at `rank`, fetching its page when needed (undefined past the end or on failure). */
  async rowAt(rank: number): Promise<RecordSummary | undefined> {
    if (rank < 0 || (this.known && rank >= this.total)) return undefined;
    const cached = this.cache.row(rank);
    if (cached) return cached;
    const page = Math.floor(rank / this.cache.pageSize);
    await this.fetchPages([page]);
    return this.cache.row(rank);
  }

  private async fetchVisible(): Promise<void> {
    const { first, last } = this.visible;
    await this.fetchPages(pagesFor(first, Math.max(first, last), this.cache.pageSize));
  }

  private async fetchPages(pages: number[]): Promise<void> {
    const needed = this.cache.needed(pages);
    const inFlight = pages.filter((page) => !needed.includes(page) && this.cache.row(page * this.cache.pageSize) === undefined);
    await Promise.all([
      ...needed.map((page) => this.fetchPage(page)),
      ...inFlight.map((page) => new Promise<void>((resolve) => this.waiters.set(page, [...(this.waiters.get(page) ?? []), resolve]))),
    ]);
  }

  private async fetchPage(page: number): Promise<void> {
    const generation = this.cache.startFetch(page);
    try {
      const result = await this.runQuery({ filter: this.filter, sort: this.sort, offset: page * this.cache.pageSize, limit: this.cache.pageSize });
      if (!this.cache.fill(page, generation, result.records)) return;
      if (result.total !== this.total || !this.known) this.handlers.totalChanged(result.total);
      this.total = result.total;
      this.known = true;
      this.list.setTotal(result.total);
      this.updateRewardColumn(result.records);
      this.cache.trim(Math.floor((this.visible.first + this.visible.last) / 2 / this.cache.pageSize));
      this.empty.hidden = result.total > 0;
      this.empty.textContent = 'No records match the filter.';
      this.list.refresh();
    } catch (error) {
      this.cache.failed(page, generation);
      this.handlers.error(error instanceof Error ? error.message : String(error));
    } finally {
      const waiting = this.waiters.get(page);
      this.waiters.delete(page);
      for (const resolve of waiting ?? []) resolve();
    }
  }

  /** The reward column shows once any row has a reward. */
  private updateRewardColumn(records: RecordSummary[]): void {
    if (this.hasReward || !records.some((r) => r.reward !== null)) return;
    this.hasReward = true;
    this.element.classList.add('has-reward');
    this.renderHeader();
    this.applyWidths();
  }

  private renderHeader(): void {
    this.header.replaceChildren(...shownColumns(this.hasReward).map((column) => this.headerCell(column)));
  }

  /** A column's header: its label (a sort button when it sorts) and the separator that resizes it. */
  private headerCell(column: ListColumnSpec): HTMLElement {
    const cell = h('div', { class: `hcell col-${column.id}`, 'data-column': column.id });
    if (!column.sort) {
      cell.append(h('span', { class: 'hlabel', title: column.title }, column.label));
    } else {
      const sorted = this.sort.by === column.sort;
      const button = h(
        'button',
        {
          type: 'button',
          class: `sort${sorted ? ' sorted' : ''}`,
          title: `${column.title}: click to sort`,
          'aria-sort': sorted ? (this.sort.descending ? 'descending' : 'ascending') : undefined,
          'data-sort': column.sort,
        },
        // The label is cut with "…" when the column is narrow; the arrow never is.
        h('span', { class: 'hlabel' }, column.label),
        sorted ? h('span', { class: 'sort-arrow', 'data-testid': 'sort-arrow', 'aria-hidden': 'true' }, this.sort.descending ? '▼' : '▲') : null,
      );
      button.addEventListener('click', () => {
        const by = column.sort as SortKey;
        const sort: ListSort = this.sort.by === by ? { by, descending: !this.sort.descending } : { by, descending: column.descendingFirst ?? false };
        this.handlers.sortChanged(sort);
      });
      cell.append(button);
    }
    cell.append(this.separator(column));
    return cell;
  }

  /** The handle on a column's right edge: drag it, or focus it and press ← / →. */
  private separator(column: ListColumnSpec): HTMLElement {
    const separator = h('div', {
      class: 'col-resize',
      role: 'separator',
      'aria-orientation': 'vertical',
      'aria-label': `Resize the ${column.title.toLowerCase()} column`,
      'aria-valuemin': String(column.min),
      'aria-valuemax': String(column.max),
      'aria-valuenow': String(columnWidth(this.widths, column.id)),
      tabindex: '0',
      'data-column': column.id,
      'data-testid': 'column-resize',
    });
    const resize = (dx: number, from: ColumnWidths, report: boolean): void => {
      this.widths = resizeColumn(from, column.id, dx);
      this.applyWidths();
      if (report) this.handlers.columnsChanged?.({ ...this.widths });
    };
    separator.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      event.stopPropagation();
      separator.setPointerCapture(event.pointerId);
      const startX = event.clientX;
      const start = this.widths;
      separator.classList.add('dragging');
      const move = (e: PointerEvent): void => resize(e.clientX - startX, start, false);
      const up = (e: PointerEvent): void => {
        separator.releasePointerCapture(e.pointerId);
        separator.classList.remove('dragging');
        separator.removeEventListener('pointermove', move);
        separator.removeEventListener('pointerup', up);
        separator.removeEventListener('pointercancel', up);
        resize(e.clientX - startX, start, true);
      };
      separator.addEventListener('pointermove', move);
      separator.addEventListener('pointerup', up);
      separator.addEventListener('pointercancel', up);
    });
    separator.addEventListener('click', (event) => event.stopPropagation());
    separator.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      event.preventDefault();
      event.stopPropagation();
      const step = (event.shiftKey ? 4 : 1) * COLUMN_KEY_STEP;
      resize(event.key === 'ArrowLeft' ? -step : step, this.widths, true);
    });
    return separator;
  }

  /** The id, cut in the middle when the column is narrow: its distinguishing end stays, the whole id is its title and name. */
  private idCell(id: string | null): HTMLElement {
    if (id === null) return h('span', { class: 'cell col-id' }, '—');
    const { head, tail } = idParts(id);
    return h(
      'span',
      { class: 'cell col-id', title: id, 'aria-label': id, 'data-testid': 'row-id', 'data-id': id },
      h('span', { class: 'id-head', 'aria-hidden': 'true' }, head),
      tail ? h('span', { class: 'id-tail', 'aria-hidden': 'true' }, tail) : null,
    );
  }

  private renderRow(row: RecordSummary | undefined, rank: number): HTMLElement {
    if (row === undefined)
      return h(
        'div',
        { class: 'list-row placeholder', 'aria-hidden': 'true' },
        h('span', { class: 'cell col-position' }, numberFormat.format(rank + 1)),
        h('span', { class: 'loading-bar' }),
      );
    const selected = row.position === this.selectedPosition;
    const edited = this.edited.has(row.position);
    const correct = row.correct === null ? '—' : row.correct ? '✓' : '✗';
    // In the columns' order (listColumns.ts); the reward cell is hidden by CSS until some row has a reward.
    const cells: Record<ListColumnId, HTMLElement> = {
      position: h(
        'span',
        { class: 'cell col-position' },
        edited ? h('span', { class: 'row-edited', 'data-testid': 'row-edited', title: 'Unsaved edits', 'aria-label': 'unsaved edits' }, '●') : null,
        numberFormat.format(row.position + 1),
      ),
      id: this.idCell(row.id),
      kind: h('span', { class: `cell col-kind kind-${row.malformed ? 'malformed' : row.kind}` }, row.malformed ? 'malformed' : row.kind),
      type: h('span', { class: 'cell col-type' }, row.questionType === 'multiple-choice' ? 'MC' : row.questionType === 'open-ended' ? 'open' : '—'),
      category: h('span', { class: 'cell col-category', title: row.category ?? '' }, row.category ?? '—'),
      steps: h('span', { class: 'cell col-steps num', title: stepsTitle(row.steps, row.kind === 'rollout') }, String(row.steps)),
      correct: h(
        'span',
        {
          class: `cell col-correct ${row.correct === null ? '' : row.correct ? 'right' : 'wrong'}`,
          'aria-label': row.correct === null ? 'unknown' : row.correct ? 'correct' : 'wrong',
        },
        correct,
      ),
      reward: h('span', { class: 'cell col-reward num' }, row.reward === null ? '—' : String(Math.round(row.reward * 1000) / 1000)),
      problems: h('span', { class: `cell col-problems num${row.problems > 0 ? ' has-problems' : ''}` }, row.problems > 0 ? String(row.problems) : ''),
    };
    const element = h(
      'div',
      {
        id: `record-row-${row.position}`,
        class: `list-row${row.malformed ? ' malformed' : ''}${selected ? ' selected' : ''}${edited ? ' edited' : ''}`,
        role: 'option',
        'aria-selected': String(selected),
        'data-testid': 'record-row',
        'data-position': String(row.position),
        title: row.question ?? '',
      },
      h('div', { class: 'row-cells' }, ...LIST_COLUMNS.map((column) => cells[column.id])),
      h(
        'div',
        { class: 'row-question' },
        ...(row.question
          ? markedText(row.question.slice(0, 400).replace(/\s+/g, ' '), this.terms)
          : [h('span', { class: 'muted' }, row.video ?? row.answer ?? '')]),
      ),
    );
    return element;
  }
}

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

interface Column {
  id: string;
  label: string;
  title: string;
  sort?: SortKey;
  /** Sorting by this column starts descending (bigger is more interesting). */
  descendingFirst?: boolean;
}

const COLUMNS: Column[] = [
  { id: 'position', label: '#', title: 'Record number in the file', sort: 'position' },
  { id: 'id', label: 'ID', title: 'Record id', sort: 'id' },
  { id: 'kind', label: 'Kind', title: 'Record kind', sort: 'kind' },
  { id: 'type', label: 'Type', title: 'Question type: multiple choice or open-ended' },
  { id: 'category', label: 'Category', title: 'Question category', sort: 'category' },
  { id: 'steps', label: 'Steps', title: 'Action/observation steps of the chain', sort: 'steps', descendingFirst: true },
  { id: 'correct', label: '✓', title: "Whether the chain's answer matches the stored answer", sort: 'correct' },
  { id: 'reward', label: 'Reward', title: 'Stored reward', sort: 'reward', descendingFirst: true },
  { id: 'problems', label: '⚠', title: 'Problems found in the record', sort: 'problems', descendingFirst: true },
];

const numberFormat = new Intl.NumberFormat();

export interface RecordListHandlers {
  /** A row was chosen (click, arrows, j/k). */
  select(record: RecordSummary, rank: number): void;
  sortChanged(sort: ListSort): void;
  scrolled(): void;
  /** The filtered list's size changed. */
  totalChanged(total: number): void;
  error(message: string): void;
}

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
  }

  private renderHeader(): void {
    this.header.replaceChildren(
      ...COLUMNS.map((column) => {
        if (!column.sort) return h('span', { class: `cell col-${column.id}`, title: column.title }, column.label);
        const sorted = this.sort.by === column.sort;
        const button = h(
          'button',
          {
            type: 'button',
            class: `cell col-${column.id} sort${sorted ? ' sorted' : ''}`,
            title: `${column.title}: click to sort`,
            'aria-sort': sorted ? (this.sort.descending ? 'descending' : 'ascending') : undefined,
            'data-sort': column.sort,
          },
          column.label,
          sorted ? h('span', { class: 'sort-arrow', 'aria-hidden': 'true' }, this.sort.descending ? '▼' : '▲') : null,
        );
        button.addEventListener('click', () => {
          const by = column.sort as SortKey;
          const sort: ListSort = this.sort.by === by ? { by, descending: !this.sort.descending } : { by, descending: column.descendingFirst ?? false };
          this.handlers.sortChanged(sort);
        });
        return button;
      }),
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
      h(
        'div',
        { class: 'row-cells' },
        h(
          'span',
          { class: 'cell col-position' },
          edited ? h('span', { class: 'row-edited', 'data-testid': 'row-edited', title: 'Unsaved edits', 'aria-label': 'unsaved edits' }, '●') : null,
          numberFormat.format(row.position + 1),
        ),
        h('span', { class: 'cell col-id', title: row.id ?? '' }, row.id ?? '—'),
        h('span', { class: `cell col-kind kind-${row.malformed ? 'malformed' : row.kind}` }, row.malformed ? 'malformed' : row.kind),
        h('span', { class: 'cell col-type' }, row.questionType === 'multiple-choice' ? 'MC' : row.questionType === 'open-ended' ? 'open' : '—'),
        h('span', { class: 'cell col-category', title: row.category ?? '' }, row.category ?? '—'),
        h('span', { class: 'cell col-steps num' }, String(row.steps)),
        h(
          'span',
          {
            class: `cell col-correct ${row.correct === null ? '' : row.correct ? 'right' : 'wrong'}`,
            'aria-label': row.correct === null ? 'unknown' : row.correct ? 'correct' : 'wrong',
          },
          correct,
        ),
        h('span', { class: 'cell col-reward num' }, row.reward === null ? '—' : String(Math.round(row.reward * 1000) / 1000)),
        h('span', { class: `cell col-problems num${row.problems > 0 ? ' has-problems' : ''}` }, row.problems > 0 ? String(row.problems) : ''),
      ),
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

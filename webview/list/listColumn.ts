/**
 * The list column: the filter bar (with the review-queue menu), the sample list and the file's
 * problems. It is the page's navigator: rows, j / k, a review queue's n / p, "go to" and the problems
 * open records in the sample column. It builds the list on the first `init` from the saved state,
 * and follows the index (live totals while indexing, then the filter counts and the problems).
 */
import type { ColumnRange, RecordFilter } from '../../shared/list/recordQuery';
import type { IndexProgress } from '../../shared/records/recordSummary';
import type { App } from '../app/app';
import { h } from '../app/dom';
import type { ListSort, PersistedState } from '../app/state';
import { throttle } from '../app/timing';
import type { Shortcuts } from '../keyboard/shortcuts';
import { nextRank, type QueueDefinition } from '../queue/presets';
import { QueueMenu } from '../queue/queueMenu';
import { searchTerms } from '../text/highlight';
import { FilterBar } from './filterBar';
import { withRanges } from './filterRanges';
import { ListSession, steppedRow } from './listSession';
import { ProblemsPanel } from './problemsPanel';
import { RecordList, type ListQuery } from './recordList';

/** Problems listed under the sample list. */
const PROBLEM_LIMIT = 500;
/** While indexing, the list's total and rows refresh at most this often. */
const LIVE_REFRESH_MS = 500;

/** The sample column as the list drives it. */
export interface ListSample {
  /** The record on show (or being opened), if any. */
  readonly current: number | null;
  /** Shows record `position` and remembers it as the one on show. */
  open(position: number): void;
  /** Shows the saved record again as it was left (completion, card, playhead). */
  restore(saved: Pick<PersistedState, 'completion' | 'card' | 'time'> & { position: number }): void;
  /** Search words to mark in the sample. */
  setTerms(terms: readonly string[]): void;
  /** A line above the sample ("#42 is filtered out of the list"), or none. */
  setNotice(notice: string | null): void;
  /** n / p outside a review queue: the next or previous card that cites a time. */
  stepCard(direction: 1 | -1): void;
}

export interface ListColumnParts extends App {
  shortcuts: Shortcuts;
  header: { showListed(listed: number, filtered: boolean): void };
  /** The sample column (made after this one). */
  sample(): ListSample;
}

export interface ListColumn {
  readonly element: HTMLElement;
  /** Puts these ranges in the list's filter, replacing those on the same columns (the dataset view's bars and cells). */
  addRanges(ranges: readonly ColumnRange[]): void;
  /** The list's new filter (the dataset view's reward-by rows). */
  setFilter(filter: RecordFilter): void;
  /** Selects a record's row without moving the list (a rollout opened from the group view). */
  showSelected(position: number): void;
}

export function createListColumn(parts: ListColumnParts): ListColumn {
  return new Column(parts);
}

class Column implements ListColumn {
  readonly element: HTMLElement;
  private readonly session = new ListSession();
  private readonly queueMenu: QueueMenu;
  private readonly filterBar: FilterBar;
  private readonly problems: ProblemsPanel;
  /** Built on the first `init`, which says the page size. */
  private list!: RecordList;
  /** The first row is to be shown once the list has one (nothing was restored). */
  private firstPending = false;
  private readonly liveRefresh = throttle(() => this.list.refreshLive(), LIVE_REFRESH_MS);

  constructor(private readonly parts: ListColumnParts) {
    const { channel, router, store, shortcuts } = parts;
    this.queueMenu = new QueueMenu({
      apply: (queue) => this.applyQueue(queue),
      clear: () => store.update({ queue: null }),
      save: (queues) => {
        channel.send({ type: 'saveQueues', queues });
        store.update({ queue: this.queueMenu.activeQueueId });
      },
      current: () => ({ filter: this.filterBar.current, sort: this.list.query.sort }),
    });
    this.filterBar = new FilterBar(
      {
        filterChanged: (filter) => {
          this.leaveQueue();
          store.update({ filter, listTop: 0 });
          this.setListQuery(this.list.query.sort, 0);
        },
        searchChanged: (text) => this.applySearch(text),
        goTo: (target) => void this.goTo(target),
      },
      [this.queueMenu.element],
    );
    this.problems = new ProblemsPanel(
      (line) => channel.send({ type: 'openInTextEditor', line }),
      (position) => void this.selectPosition(position),
    );
    this.element = h('section', { class: 'pane list-pane', 'aria-label': 'Samples' }, this.filterBar.element);

    router.on('init', (message) => {
      this.queueMenu.setSaved(message.queues);
      if (!this.session.started) {
        this.queueMenu.setActive(store.current.queue);
        this.start(message.pageSize);
      } else this.setListQuery(this.list.query.sort, this.list.topRow);
    });
    router.on('progress', (message) => this.onProgress(message.progress));
    router.on('scoring', () => {
      // Scored columns (sorts, ranges, the list's numbers) moved.
      if (this.session.started) this.liveRefresh();
    });
    router.on('problemsChanged', () => {
      // Problems re-analyzed (probed durations) or recounted (the severity setting): ⚠, filters and the list follow.
      if (!this.session.started) return;
      this.liveRefresh();
      void this.loadCounts();
      this.loadProblems();
    });
    router.on('edits', (message) => {
      // An edit, undo, redo, save or revert: the rows' dots (the sample column shows the record again).
      this.session.editedPositions = message.edited;
      if (this.session.started) this.list.setEdited(message.edited);
    });

    shortcuts.bind('nextSample', () => void this.moveSelection(1));
    shortcuts.bind('previousSample', () => void this.moveSelection(-1));
    // In a review queue n / p walk the queue; else the step cards.
    shortcuts.bind('nextCard', () => (this.queueMenu.active ? void this.stepQueue(1) : parts.sample().stepCard(1)));
    shortcuts.bind('previousCard', () => (this.queueMenu.active ? void this.stepQueue(-1) : parts.sample().stepCard(-1)));
    shortcuts.bind('search', () => this.filterBar.focusSearch());
    shortcuts.bind('goTo', () => this.filterBar.focusGoTo());
  }

  addRanges(ranges: readonly ColumnRange[]): void {
    this.filterBar.setFilter(withRanges(this.filterBar.current, ranges));
  }

  setFilter(filter: RecordFilter): void {
    this.filterBar.setFilter(filter);
  }

  showSelected(position: number): void {
    this.list.setSelected(position);
  }

  /** First `init`: build the list and put back what the state remembers. */
  private start(pageSize: number): void {
    const { channel, store, events } = this.parts;
    const saved = store.current;
    this.list = new RecordList(
      (query) => channel.request({ type: 'query', query }),
      {
        select: (record, rank) => this.selectPosition(record.position, rank),
        sortChanged: (sort: ListSort) => {
          this.leaveQueue();
          store.update({ sort, listTop: 0 });
          this.setListQuery(sort, 0);
        },
        scrolled: () => store.update({ listTop: this.list.topRow }),
        totalChanged: (total) => {
          this.parts.header.showListed(total, Object.keys(this.listFilter()).length > 0);
          if (total > 0) this.selectFirstOnce();
        },
        error: this.parts.showError,
        columnsChanged: (listColumns) => store.update({ listColumns }),
      },
      Math.max(100, pageSize),
      saved.listColumns,
    );
    this.element.append(this.list.element, this.problems.element);
    this.list.setEdited(this.session.editedPositions);
    this.filterBar.restore(saved.filter, saved.search);
    const topRow = this.session.start(saved, this.filterBar.isSearchReady);
    this.setTerms(searchTerms(this.session.appliedSearch));
    this.setListQuery(saved.sort, topRow);
    events.emit('listStarted', saved);
    // Nothing remembered (a file opened for the first time, a new split): the first sample, once there is one.
    this.firstPending = saved.position === null;
    if (saved.position !== null) {
      this.list.setSelected(saved.position);
      this.parts.sample().restore({ position: saved.position, completion: saved.completion, card: saved.card, time: saved.time });
    }
    void this.loadCounts();
    if (this.session.latest) this.onProgress(this.session.latest);
  }

  /** Shows the list's first row when nothing was selected or restored yet (once per page load). */
  private selectFirstOnce(): void {
    if (!this.firstPending) return;
    this.firstPending = false;
    if (this.parts.sample().current !== null) return;
    void this.list.rowAt(0).then((row) => {
      if (row && this.parts.sample().current === null) this.selectPosition(row.position, 0);
    });
  }

  private setTerms(terms: readonly string[]): void {
    this.list.setTerms(terms);
    this.parts.sample().setTerms(terms);
  }

  /** The list (and whoever follows its filter: the dataset view) under the current filter and search, sorted by `sort`. */
  private setListQuery(sort: ListSort, topRow: number): void {
    const filter = this.listFilter();
    this.list.setQuery(filter, sort, topRow);
    this.parts.events.emit('listFiltered', filter);
  }

  /** The filter or sort was changed by hand: the list no longer is the queue. */
  private leaveQueue(): void {
    if (this.queueMenu.activeQueueId === null) return;
    this.queueMenu.setActive(null);
    this.parts.store.update({ queue: null });
  }

  /** A review queue was chosen: its filter and sort on the list, and its first sample shown. */
  private applyQueue(queue: QueueDefinition): void {
    this.filterBar.setFilter(queue.filter, false);
    this.filterBar.setNotice(null);
    this.parts.store.update({ filter: this.filterBar.current, sort: queue.sort, listTop: 0, queue: queue.id });
    this.setListQuery(queue.sort, 0);
    void (async () => {
      const row = await this.list.rowAt(0);
      if (row) {
        this.selectPosition(row.position, 0);
        this.list.focus();
      } else this.filterBar.setNotice(`The queue “${queue.name}” is empty.`, 'warning');
    })();
  }

  /** n / p in a queue: the next or previous sample in the list's order. */
  private async stepQueue(direction: 1 | -1): Promise<void> {
    let rank = this.list.rankOfSelected();
    const current = this.parts.sample().current;
    if (rank === undefined && current !== null) rank = await this.rankOf(current);
    const target = nextRank(rank, this.list.count, direction);
    if (target === null) {
      this.filterBar.setNotice(this.list.count === 0 ? 'The queue is empty.' : direction === 1 ? 'End of the queue.' : 'Start of the queue.', 'info');
      return;
    }
    this.filterBar.setNotice(null);
    const row = await this.list.rowAt(target);
    if (row) this.selectPosition(row.position, target);
  }

  /** j / k: the next or previous row of the list. */
  private async moveSelection(delta: 1 | -1): Promise<void> {
    if (this.list.count === 0) return;
    let rank = this.list.rankOfSelected();
    const current = this.parts.sample().current;
    if (rank === undefined && current !== null) rank = await this.rankOf(current);
    const target = steppedRow(rank, this.list.count, delta);
    if (target === rank) return;
    const row = await this.list.rowAt(target);
    if (row) this.selectPosition(row.position, target);
  }

  /** The rank of the record at `position` in the list's order (undefined when the filter leaves it out). */
  private async rankOf(position: number): Promise<number | undefined> {
    return (await this.parts.channel.request({ type: 'rankOf', query: this.listQuery(), position })) ?? undefined;
  }

  /** The list's filter with the search text in force. */
  private listFilter(): RecordFilter {
    return this.session.filter(this.parts.store.current.filter);
  }

  /** The list's query, for `rankOf` (offset and limit do not matter there). */
  private listQuery(): ListQuery {
    return { filter: this.listFilter(), sort: this.list.query.sort, offset: 0, limit: 1 };
  }

  private applySearch(text: string): void {
    const topRow = this.session.applySearch(text, this.filterBar.isSearchReady);
    this.parts.store.update({ search: text, listTop: 0 });
    this.setTerms(searchTerms(this.session.appliedSearch));
    this.setListQuery(this.list.query.sort, topRow);
  }

  /** Shows the record at `position` and selects it in the list (at `rank` when known). */
  private selectPosition(position: number, rank?: number, options: { keepNotice?: boolean } = {}): void {
    const sample = this.parts.sample();
    this.list.setSelected(position, rank);
    if (rank !== undefined) this.list.reveal(rank);
    if (!options.keepNotice) sample.setNotice(null);
    if (position === sample.current) return;
    sample.open(position);
  }

  private async goTo(target: string): Promise<void> {
    const { channel } = this.parts;
    try {
      const found = await channel.request({ type: 'findRecord', target });
      if (found === null) {
        this.filterBar.setNotice(`No record “${target}”.`, 'warning');
        return;
      }
      const rank = await channel.request({ type: 'rankOf', query: this.listQuery(), position: found.position });
      if (rank === null) {
        const notice = `Record #${(found.position + 1).toLocaleString()} is filtered out of the list; showing it anyway.`;
        this.filterBar.setNotice(notice, 'warning');
        this.selectPosition(found.position, undefined, { keepNotice: true });
        this.parts.sample().setNotice(notice);
      } else {
        this.filterBar.setNotice(null);
        this.selectPosition(found.position, rank);
        this.list.focus();
      }
    } catch (error) {
      this.parts.showError(error instanceof Error ? error.message : String(error));
    }
  }

  private onProgress(progress: IndexProgress): void {
    const searchWasReady = this.filterBar.isSearchReady;
    const step = this.session.progress(progress);
    this.filterBar.setSearchReady(progress.searchReady, progress.searchUnavailable);
    if (step === 'waiting') return;
    if (progress.searchReady && !searchWasReady && this.filterBar.searchText !== '') this.applySearch(this.filterBar.searchText);
    this.parts.events.emit('indexChanged', progress);
    if (step === 'indexing') {
      this.liveRefresh();
      return;
    }
    if (step === 'finishedBefore') return;
    this.liveRefresh.cancel();
    this.list.refreshLive();
    void this.loadCounts();
    this.loadProblems();
  }

  private loadProblems(): void {
    void this.parts.channel
      .request({ type: 'requestProblems', limit: PROBLEM_LIMIT })
      .then((found) => this.problems.show(found, PROBLEM_LIMIT))
      .catch((error: unknown) => this.parts.showError(error instanceof Error ? error.message : String(error)));
  }

  private async loadCounts(): Promise<void> {
    const { channel } = this.parts;
    try {
      const [kinds, types, categories, problemCodes] = await Promise.all([
        channel.request({ type: 'countsBy', column: 'listedKind', filter: {} }),
        channel.request({ type: 'countsBy', column: 'questionType', filter: {} }),
        channel.request({ type: 'countsBy', column: 'category', filter: {} }),
        channel.request({ type: 'countsBy', column: 'problemCode', filter: {} }),
      ]);
      this.filterBar.setCounts('kind', kinds);
      this.filterBar.setCounts('questionType', types);
      this.filterBar.setCounts('category', categories);
      this.filterBar.setCounts('problemCode', problemCodes);
    } catch (error) {
      this.parts.showError(error instanceof Error ? error.message : String(error));
    }
  }
}

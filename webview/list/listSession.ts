/**
 * What the list column knows for this page's life only (unlike the saved StateStore): whether the
 * list is built, the index's progress, the search text in force and the records with unsaved edits.
 * Pure (no DOM), so its rules can be unit tested.
 */
import type { RecordFilter } from '../../shared/list/recordQuery';
import type { IndexProgress } from '../../shared/records/recordSummary';

/** What an index progress asks of the list. */
export type ProgressStep =
  /** The list is not built yet: the progress waits (`latest`) until it is. */
  | 'waiting'
  /** Still indexing: refresh the list's total and rows now and then. */
  | 'indexing'
  /** The index just finished: last refresh, then the counts and the problems. */
  | 'finished'
  /** It had finished already. */
  | 'finishedBefore';

export class ListSession {
  /** The list is built (the first `init`). */
  started = false;
  /** The last index progress, replayed once the list is built. */
  latest: IndexProgress | undefined;
  /** The index's end was acted on (counts and problems are loaded once). */
  private doneHandled = false;
  /** The search text in force (the box's text applies once the full-text index is ready). */
  appliedSearch = '';
  /** A restored list scroll that waits for the restored search to apply. */
  private pendingTopRow: number | null = null;
  /** Records with unsaved edits (the last `edits` notification), for the list's dots. */
  editedPositions: readonly number[] = [];

  /** The list's filter: the saved one with the search text in force. */
  filter(saved: RecordFilter): RecordFilter {
    const filter: RecordFilter = { ...saved };
    if (this.appliedSearch !== '') filter.text = this.appliedSearch;
    else delete filter.text;
    return filter;
  }

  /**
   * The list is built from the saved state: its search applies now when search is ready, else it
   * waits, and so does its scroll. Returns the row the list starts at.
   */
  start(saved: { search: string; listTop: number }, searchReady: boolean): number {
    this.started = true;
    const searchNow = saved.search !== '' && searchReady;
    this.appliedSearch = searchNow ? saved.search : '';
    if (saved.search !== '' && !searchNow) this.pendingTopRow = saved.listTop;
    return this.pendingTopRow === null ? saved.listTop : 0;
  }

  /** The search box's text changed (or search became ready): returns the row the list starts at. */
  applySearch(text: string, searchReady: boolean): number {
    this.appliedSearch = searchReady ? text : '';
    const topRow = this.pendingTopRow ?? 0;
    this.pendingTopRow = null;
    return topRow;
  }

  /** Notes the index's progress and says what it asks of the list. */
  progress(progress: IndexProgress): ProgressStep {
    this.latest = progress;
    if (!this.started) return 'waiting';
    if (!progress.done) return 'indexing';
    if (this.doneHandled) return 'finishedBefore';
    this.doneHandled = true;
    return 'finished';
  }
}

/** j / k from `rank` (undefined: no row selected) in a list of `count` rows: the row to select, clamped. */
export function steppedRow(rank: number | undefined, count: number, delta: 1 | -1): number {
  if (rank === undefined) return delta === 1 ? 0 : count - 1;
  return Math.max(0, Math.min(count - 1, rank + delta));
}

/**
 * The dataset view (toolbar button or `d`): reward histograms, the obs-vs-rea scatter and reward by
 * question type, all under the list's current filter; clicking a bar, a cell or a row narrows the
 * list. Shows the scoring pass's progress and can start it again.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { ColumnRange, RecordFilter } from '../../shared/list/recordQuery';
import type { ScoringProgress } from '../../shared/rewards/scores';
import { h } from '../app/dom';
import type { HostChannel } from '../app/hostChannel';
import { debounce, throttle } from '../app/timing';
import { scoringText } from './datasetText';
import { HISTOGRAMS } from './histogramMath';
import { HistogramView } from './histogramView';
import { MeanByView } from './meanByView';
import { ScatterView } from './scatterView';

export interface DatasetHandlers {
  /** A bar or a cell was clicked: put these ranges in the list's filter (replacing those on the same columns). */
  addRanges(ranges: ColumnRange[]): void;
  /** A reward-by row was clicked: this is the list's new filter. */
  setFilter(filter: RecordFilter): void;
  rescore(): void;
  close(): void;
}

/** Wait after a filter change before asking again. */
const FILTER_DEBOUNCE_MS = 250;
/** Scoring and indexing notifications refresh the charts at most this often. */
const NOTIFY_THROTTLE_MS = 1500;

export class DatasetView {
  readonly element: HTMLElement;
  private readonly status = h('span', { class: 'scoring-status', 'data-testid': 'scoring-status', role: 'status', 'aria-live': 'polite' }, scoringText(null));
  private readonly rescoreButton = h(
    'vscode-button',
    { secondary: true, 'data-testid': 'rescore', title: 'Score every sample again (after caption files changed)' },
    'Rescore',
  );
  private readonly histograms: HistogramView[];
  private readonly scatter: ScatterView;
  private readonly means: MeanByView;
  private filter: RecordFilter = {};
  private scoring: ScoringProgress | null = null;
  private open = false;
  /** Something changed while the view was closed: refresh when it opens. */
  private dirty = true;
  private readonly refreshSoon = debounce(() => this.refresh(), FILTER_DEBOUNCE_MS);
  private readonly refreshThrottled = throttle(() => this.refresh(), NOTIFY_THROTTLE_MS);

  constructor(channel: Pick<HostChannel, 'request'>, handlers: DatasetHandlers) {
    this.histograms = HISTOGRAMS.map(
      (spec) =>
        new HistogramView(
          spec,
          (s, filter) => channel.request({ type: 'histogram', column: s.column, bins: s.bins, filter }),
          (range) => handlers.addRanges([range]),
        ),
    );
    this.scatter = new ScatterView(
      (x, y, bins, filter) => channel.request({ type: 'scatter', x, y, bins, filter }),
      (ranges) => handlers.addRanges(ranges),
    );
    this.means = new MeanByView(
      (by, column, filter) => channel.request({ type: 'meanBy', by, column, filter }),
      (filter) => handlers.setFilter(filter),
    );
    this.rescoreButton.addEventListener('click', () => handlers.rescore());
    const close = h(
      'button',
      { type: 'button', class: 'help-close', 'data-testid': 'dataset-close', 'aria-label': 'Close the dataset view', title: 'Close (d)' },
      '×',
    );
    close.addEventListener('click', () => handlers.close());
    this.element = h(
      'section',
      { class: 'dataset-view', 'data-testid': 'dataset-view', 'aria-label': 'Dataset view', hidden: true },
      h(
        'div',
        { class: 'dataset-header' },
        h('h2', { class: 'panel-title' }, 'Dataset'),
        h('span', { class: 'muted' }, 'Click a bar, a cell or a row to list only those samples.'),
        h('span', { class: 'spacer' }),
        this.status,
        this.rescoreButton,
        close,
      ),
      h('div', { class: 'histograms' }, ...this.histograms.map((view) => view.element)),
      h('div', { class: 'dataset-row' }, this.scatter.element, this.means.element),
    );
  }

  get isOpen(): boolean {
    return this.open;
  }

  setOpen(open: boolean): void {
    this.open = open;
    this.element.hidden = !open;
    if (open && this.dirty) {
      this.refreshSoon.cancel();
      this.refresh();
    }
  }

  /** The list's filter changed (search text included). */
  setFilter(filter: RecordFilter): void {
    if (JSON.stringify(filter) === JSON.stringify(this.filter)) return;
    this.filter = filter;
    this.changed(false);
  }

  setScoring(progress: ScoringProgress): void {
    const before = this.scoring;
    this.scoring = progress;
    this.status.textContent = scoringText(progress);
    this.status.classList.toggle('error-text', progress.error !== undefined);
    this.rescoreButton.title = progress.running ? 'Restart the scoring pass' : 'Score every sample again (after caption files changed)';
    // Scores moved (or the pass finished): the scored columns' charts change.
    if (before === null || before.done !== progress.done || before.complete !== progress.complete || before.running !== progress.running) this.changed(true);
  }

  /** The index grew (still indexing) or finished. */
  indexChanged(): void {
    this.changed(true);
  }

  private changed(fromNotification: boolean): void {
    this.dirty = true;
    if (!this.open) return;
    if (fromNotification) this.refreshThrottled();
    else this.refreshSoon();
  }

  private refresh(): void {
    if (!this.open) return;
    this.dirty = false;
    const filter = this.filter;
    for (const view of this.histograms) void view.load(filter, this.scoring);
    void this.scatter.load(filter);
    void this.means.load(filter);
  }
}

/** One histogram of the dataset view: bars (hover: range and count; click: filter the list to them). */
import type { ColumnRange, Histogram, RecordFilter } from '../../shared/list/recordQuery';
import { COLUMN } from '../../shared/rewards/rewardColumns';
import type { ScoringProgress } from '../../shared/rewards/scores';
import { h } from '../app/dom';
import { formatReward } from '../app/format';
import { rangeOn } from '../list/filterRanges';
import { barHeights, barRange, barSelected, barText, emptyHistogramText, histogramFilter, histogramSummary, type HistogramSpec } from './histogramMath';

export type FetchHistogram = (spec: HistogramSpec, filter: RecordFilter) => Promise<Histogram>;

export class HistogramView {
  readonly element: HTMLElement;
  private readonly bars = h('div', { class: 'hist-bars', role: 'group' });
  private readonly axis = h('div', { class: 'hist-axis', 'aria-hidden': 'true' });
  private readonly info = h('div', { class: 'hist-info muted', 'aria-live': 'polite' });
  private seq = 0;
  private histogram: Histogram | null = null;
  private range: ColumnRange | undefined;

  constructor(
    readonly spec: HistogramSpec,
    private readonly fetch: FetchHistogram,
    private readonly choose: (range: ColumnRange) => void,
  ) {
    this.bars.setAttribute('aria-label', `${spec.title}: click a bar to filter the list`);
    this.element = h(
      'div',
      { class: 'histogram', 'data-testid': 'histogram', 'data-column': spec.column, 'data-state': 'loading' },
      h('div', { class: 'hist-title', title: COLUMN[spec.column].label }, spec.title),
      this.bars,
      this.axis,
      this.info,
    );
    this.bars.addEventListener('mouseleave', () => this.showSummary());
  }

  /** Asks for the histogram under the list's `filter` (its own range left out); `scoring` words an empty one. */
  async load(filter: RecordFilter, scoring: ScoringProgress | null): Promise<void> {
    const seq = ++this.seq;
    this.range = rangeOn(filter, this.spec.column);
    this.element.dataset.state = this.histogram ? 'refreshing' : 'loading';
    try {
      const histogram = await this.fetch(this.spec, histogramFilter(filter, this.spec.column));
      if (seq !== this.seq) return;
      this.histogram = histogram;
      this.render(histogram, scoring);
    } catch (error) {
      if (seq !== this.seq) return;
      this.element.dataset.state = 'error';
      this.bars.replaceChildren();
      this.axis.replaceChildren();
      this.info.textContent = `Could not load: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private render(histogram: Histogram, scoring: ScoringProgress | null): void {
    this.element.dataset.count = String(histogram.count);
    if (histogram.count === 0 || histogram.bins.length === 0) {
      this.element.dataset.state = 'empty';
      this.bars.replaceChildren(h('p', { class: 'hist-empty', 'data-testid': 'histogram-empty' }, emptyHistogramText(this.spec, scoring)));
      this.axis.replaceChildren();
      this.info.textContent = '';
      return;
    }
    this.element.dataset.state = 'ready';
    const heights = barHeights(histogram.bins);
    this.bars.replaceChildren(
      ...histogram.bins.map((bin, i) => {
        const text = barText(histogram.bins, i);
        const selected = barSelected(bin, this.range);
        const fill = h('span', { class: `hist-fill${bin.count > 0 ? ' nonzero' : ''}` });
        fill.style.height = `${heights[i]}%`;
        const bar = h(
          'button',
          {
            type: 'button',
            class: `hist-bar${selected ? ' selected' : ''}`,
            'data-testid': 'histogram-bar',
            'data-index': String(i),
            'data-from': String(bin.from),
            'data-to': String(bin.to),
            'data-count': String(bin.count),
            'data-selected': String(selected),
            title: `${text} — click to list only these`,
            'aria-label': `${COLUMN[this.spec.column].label} ${text}`,
          },
          fill,
        );
        const hover = (): void => {
          this.info.textContent = text;
        };
        bar.addEventListener('mouseenter', hover);
        bar.addEventListener('focus', hover);
        bar.addEventListener('blur', () => this.showSummary());
        bar.addEventListener('click', () => this.choose(barRange(this.spec.column, histogram.bins, i)));
        return bar;
      }),
    );
    const first = histogram.bins[0];
    const last = histogram.bins[histogram.bins.length - 1];
    this.axis.replaceChildren(h('span', {}, formatReward(first.from)), h('span', {}, formatReward(last.to)));
    this.showSummary();
  }

  private showSummary(): void {
    this.info.textContent = this.histogram && this.histogram.count > 0 ? histogramSummary(this.histogram) : '';
  }
}

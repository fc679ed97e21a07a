/**
 * A virtualized listbox of fixed-height rows: only the rows in view are in the DOM, the scroll height
 * comes from the row count (capped and mapped past browser limits, see virtualMath.ts). Rows are
 * asked for by rank; a row not fetched yet is drawn as a placeholder and redrawn on `refresh()`.
 */
import { h } from '../app/dom';
import { VirtualGeometry, wheelPixels } from './virtualMath';

export interface VirtualListOptions<Row> {
  rowHeight: number;
  label: string;
  /** The row at `rank`, when it is loaded. */
  rowAt(rank: number): Row | undefined;
  /** Builds the element for a row (`row` undefined: not loaded yet). */
  renderRow(row: Row | undefined, rank: number): HTMLElement;
  /** Whether the row is the selected one. */
  isSelected(row: Row): boolean;
  /** The rows in view changed (fetch what is missing). */
  onRangeChange(first: number, last: number): void;
  /** Keyboard or click chose the row at `rank`. */
  onActivate(rank: number): void;
  /** The user scrolled (save the position). */
  onScroll?(): void;
}

const OVERSCAN = 6;

export class VirtualList<Row> {
  readonly element: HTMLElement;
  private readonly spacer = h('div', { class: 'vlist-spacer' });
  private total = 0;
  private geometry: VirtualGeometry;
  private frame = 0;
  private rendered = new Map<number, { row: Row | undefined; selected: boolean; element: HTMLElement }>();
  /** Bumped when rows must be rebuilt even if their data is the same (new search words). */
  private version = 0;
  private renderedVersion = 0;
  private focusedRank = -1;
  /** The content offset at the viewport's top: the truth the rows are drawn from (see virtualMath.ts). */
  private contentTop = 0;
  /** The scrollTop this list set last, to tell its own scroll events from the user's. */
  private expectedScrollTop: number | null = null;

  constructor(private readonly options: VirtualListOptions<Row>) {
    this.element = h('div', { class: 'vlist', role: 'listbox', tabindex: '0', 'aria-label': options.label }, this.spacer);
    this.geometry = new VirtualGeometry(0, options.rowHeight, 0);
    this.element.addEventListener('scroll', () => {
      const ours = this.expectedScrollTop !== null && Math.abs(this.element.scrollTop - this.expectedScrollTop) <= 1;
      this.expectedScrollTop = null;
      // The scrollbar moved by the user (or the browser): the content follows the mapping.
      if (!ours) this.contentTop = this.measure().contentOffset(this.element.scrollTop);
      this.schedule();
      this.options.onScroll?.();
    });
    // Past the height cap one scroll pixel is many content pixels: move the content by the wheel's
    // own distance instead, so wheel scrolling stays smooth whatever the row count.
    this.element.addEventListener(
      'wheel',
      (event) => {
        const geometry = this.measure();
        if (!geometry.scaled || event.ctrlKey || event.deltaY === 0) return;
        event.preventDefault();
        this.scrollContentTo(this.contentTop + wheelPixels(event.deltaY, event.deltaMode, this.options.rowHeight, this.element.clientHeight));
      },
      { passive: false },
    );
    new ResizeObserver(() => this.schedule()).observe(this.element);
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    this.element.addEventListener('click', (event) => {
      const row = (event.target as Element).closest<HTMLElement>('[data-rank]');
      if (row) this.options.onActivate(Number(row.dataset.rank));
    });
  }

  get count(): number {
    return this.total;
  }

  setTotal(total: number): void {
    if (total === this.total) return;
    this.total = total;
    this.element.setAttribute('aria-rowcount', String(total));
    // Keep the same rows in view while the total grows (the scroll mapping may change with it).
    this.scrollContentTo(this.contentTop);
  }

  /** Redraw the rows in view (data arrived, selection changed); `rebuild` forces new elements. */
  refresh(rebuild = false): void {
    if (rebuild) this.version++;
    this.schedule();
  }

  /** The fractional row at the top of the viewport. */
  get topRow(): number {
    return this.measure().topRow(this.contentTop);
  }

  set topRow(row: number) {
    this.scrollContentTo(row * this.options.rowHeight);
    this.renderNow();
  }

  /** Scrolls as little as needed to show the row at `rank`. */
  reveal(rank: number): void {
    const contentTop = this.measure().contentTopToReveal(rank, this.contentTop);
    if (contentTop !== undefined) this.scrollContentTo(contentTop);
    this.focusedRank = rank;
    this.renderNow();
  }

  /** The rows currently in view (first..last, inclusive). */
  visibleRange(): { first: number; last: number } {
    return this.measure().visibleRange(this.contentTop, 0);
  }

  /** Shows `contentTop` at the viewport's top: moves the scrollbar to match and redraws. */
  private scrollContentTo(contentTop: number): void {
    const geometry = this.measure();
    this.spacer.style.height = `${geometry.scrollHeight}px`;
    this.contentTop = geometry.clampContent(contentTop);
    const scrollTop = geometry.scrollTopFor(this.contentTop);
    if (Math.abs(this.element.scrollTop - scrollTop) > 0.5) {
      this.expectedScrollTop = scrollTop;
      this.element.scrollTop = scrollTop;
    }
    this.schedule();
  }

  private measure(): VirtualGeometry {
    const viewport = this.element.clientHeight;
    const g = this.geometry;
    if (g.total !== this.total || g.viewportHeight !== viewport) this.geometry = new VirtualGeometry(this.total, this.options.rowHeight, viewport);
    return this.geometry;
  }

  private schedule(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderNow();
    });
  }

  private renderNow(): void {
    if (this.frame !== 0) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
    }
    const geometry = this.measure();
    this.spacer.style.height = `${geometry.scrollHeight}px`;
    const scrollTop = this.element.scrollTop;
    this.contentTop = geometry.clampContent(this.contentTop);
    const { first, last } = geometry.visibleRange(this.contentTop, OVERSCAN);
    const rebuild = this.version !== this.renderedVersion;
    this.renderedVersion = this.version;
    const next = new Map<number, { row: Row | undefined; selected: boolean; element: HTMLElement }>();
    for (let rank = first; rank <= last; rank++) {
      const row = this.options.rowAt(rank);
      const selected = row !== undefined && this.options.isSelected(row);
      const old = this.rendered.get(rank);
      let element: HTMLElement;
      if (!rebuild && old && old.row === row && old.selected === selected) element = old.element;
      else {
        element = this.options.renderRow(row, rank);
        element.dataset.rank = String(rank);
        element.setAttribute('aria-posinset', String(rank + 1));
        element.setAttribute('aria-setsize', String(this.total));
        element.style.height = `${this.options.rowHeight}px`;
        old?.element.replaceWith(element);
      }
      element.style.top = `${geometry.rowTop(rank, this.contentTop, scrollTop)}px`;
      element.classList.toggle('focused', rank === this.focusedRank);
      if (!element.isConnected) this.spacer.append(element);
      next.set(rank, { row, selected, element });
    }
    for (const [rank, entry] of this.rendered) if (!next.has(rank)) entry.element.remove();
    this.rendered = next;
    this.options.onRangeChange(first, last);
  }

  private onKey(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey || this.total === 0) return;
    const page = Math.max(1, Math.floor(this.element.clientHeight / this.options.rowHeight) - 1);
    const current = this.currentRank();
    let target: number | undefined;
    switch (event.key) {
      case 'ArrowDown':
        target = current + 1;
        break;
      case 'ArrowUp':
        target = current - 1;
        break;
      case 'PageDown':
        target = current + page;
        break;
      case 'PageUp':
        target = current - page;
        break;
      case 'Home':
        target = 0;
        break;
      case 'End':
        target = this.total - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
    target = Math.max(0, Math.min(this.total - 1, target));
    this.reveal(target);
    this.options.onActivate(target);
  }

  /** The selected row's rank when it is in view or cached, else the keyboard's last rank, else the top row. */
  private currentRank(): number {
    for (const [rank, entry] of this.rendered) if (entry.selected) return rank;
    if (this.focusedRank >= 0 && this.focusedRank < this.total) return this.focusedRank;
    return Math.floor(this.topRow);
  }

  /** Remembers the rank the selection is at (for keyboard moves when it is out of view). */
  setFocusedRank(rank: number): void {
    this.focusedRank = rank;
  }
}

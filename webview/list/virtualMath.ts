/**
 * Geometry of a virtualized list of fixed-height rows, pure (no DOM) so it can be unit tested.
 *
 * Browsers cap an element's height (Chromium ~33.5M px, Firefox ~17.9M px), so a list of a million
 * 44 px rows cannot be one tall spacer. Above `maxScrollHeight` the spacer is capped and scroll
 * positions map linearly onto content offsets: dragging the scrollbar over the capped height still
 * walks every row. The list keeps its own content offset (`contentTop`) so that wheel scrolling stays
 * pixel-exact when the mapping is coarse, and rows are drawn relative to it.
 */

/** Well under every engine's limit, and high enough that under ~360k rows there is no mapping at all. */
export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface VirtualRange {
  /** First and last row to render (inclusive); last < first when there are no rows. */
  first: number;
  last: number;
}

export class VirtualGeometry {
  /** Height of the content if nothing were capped. */
  readonly contentHeight: number;
  /** Height of the scrollable spacer actually used. */
  readonly scrollHeight: number;

  constructor(
    readonly total: number,
    readonly rowHeight: number,
    readonly viewportHeight: number,
    readonly maxScrollHeight = MAX_SCROLL_HEIGHT,
  ) {
    this.contentHeight = Math.max(0, total) * rowHeight;
    this.scrollHeight = Math.min(this.contentHeight, maxScrollHeight);
  }

  /** Whether scroll positions are mapped (the content is taller than the cap). */
  get scaled(): boolean {
    return this.contentHeight > this.scrollHeight;
  }

  /** Content pixels per scroll pixel, over the scrollable range (1 when not scaled). */
  get ratio(): number {
    const scrollRange = this.scrollHeight - this.viewportHeight;
    const contentRange = this.contentHeight - this.viewportHeight;
    if (!this.scaled || scrollRange <= 0 || contentRange <= 0) return 1;
    return contentRange / scrollRange;
  }

  /** The content offset shown at the top of the viewport for a scrollTop. */
  contentOffset(scrollTop: number): number {
    const maxScroll = Math.max(0, this.scrollHeight - this.viewportHeight);
    const clamped = Math.min(Math.max(0, scrollTop), maxScroll);
    return clamped * this.ratio;
  }

  /** The scrollTop that shows `contentOffset` at the top of the viewport (clamped to the range). */
  scrollTopFor(contentOffset: number): number {
    const maxContent = Math.max(0, this.contentHeight - this.viewportHeight);
    const clamped = Math.min(Math.max(0, contentOffset), maxContent);
    return clamped / this.ratio;
  }

  /** `contentTop` kept within the content (0 .. contentHeight - viewportHeight). */
  clampContent(contentTop: number): number {
    return Math.min(Math.max(0, contentTop), Math.max(0, this.contentHeight - this.viewportHeight));
  }

  /**
   * Where row `index` is drawn inside the spacer when the viewport shows `contentTop` and is
   * scrolled to `scrollTop` (the rows move with the content, the viewport with the spacer).
   */
  rowTop(index: number, contentTop: number, scrollTop: number): number {
    return index * this.rowHeight - contentTop + scrollTop;
  }

  /** The rows at least partly visible at `contentTop`, plus `overscan` rows on each side, clamped to the list. */
  visibleRange(contentTop: number, overscan = 0): VirtualRange {
    if (this.total <= 0 || this.rowHeight <= 0) return { first: 0, last: -1 };
    const top = this.clampContent(contentTop);
    const first = Math.floor(top / this.rowHeight) - overscan;
    const last = Math.ceil((top + this.viewportHeight) / this.rowHeight) - 1 + overscan;
    return { first: Math.max(0, first), last: Math.min(this.total - 1, last) };
  }

  /** The (fractional) row at the viewport's top (for saving and restoring the scroll). */
  topRow(contentTop: number): number {
    if (this.total <= 0 || this.rowHeight <= 0) return 0;
    return Math.min(this.total - 1, this.clampContent(contentTop) / this.rowHeight);
  }

  /**
   * The content offset that brings row `index` into view with the least movement (`block: 'nearest'`),
   * or undefined when it already is fully visible.
   */
  contentTopToReveal(index: number, contentTop: number): number | undefined {
    const top = index * this.rowHeight;
    const bottom = top + this.rowHeight;
    if (top < contentTop) return this.clampContent(top);
    if (bottom > contentTop + this.viewportHeight) return this.clampContent(bottom - this.viewportHeight);
    return undefined;
  }
}

/** Pixels a wheel event scrolls, whatever its deltaMode (0: pixels, 1: lines, 2: pages). */
export function wheelPixels(deltaY: number, deltaMode: number, rowHeight: number, viewportHeight: number): number {
  if (deltaMode === 1) return deltaY * rowHeight;
  if (deltaMode === 2) return deltaY * viewportHeight;
  return deltaY;
}

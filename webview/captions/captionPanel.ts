/** The video column's bottom: the caption's segments, the ones at the playhead highlighted and followed. */
import { formatClock } from '../../shared/chain/timeRefs';
import type { SampleCaptions } from '../../shared/sample/sample';
import { h } from '../app/dom';
import { markedText } from '../cards/chipText';

const USER_SCROLL_GRACE_MS = 1500;

export class CaptionPanel {
  readonly element: HTMLElement;
  private readonly header = h('h3', { class: 'panel-title' }, 'Captions');
  private readonly list = h('ol', { class: 'caption-list', 'aria-label': 'Caption segments' });
  private segments: HTMLElement[] = [];
  private active = new Set<number>();
  private lastUserScroll = 0;

  constructor(private readonly seek: (time: number) => void) {
    this.element = h('section', { class: 'caption-panel', 'data-testid': 'captions', 'aria-label': 'Captions' }, this.header, this.list);
    const userScrolled = (): void => {
      this.lastUserScroll = performance.now();
    };
    this.list.addEventListener('wheel', userScrolled, { passive: true });
    this.list.addEventListener('touchmove', userScrolled, { passive: true });
    this.list.addEventListener('pointerdown', userScrolled);
    this.render(null, []);
  }

  render(captions: SampleCaptions | null, terms: readonly string[]): void {
    this.active = new Set();
    if (captions === null || captions.segments.length === 0) {
      this.header.replaceChildren('Captions');
      this.segments = [];
      this.list.replaceChildren(h('li', { class: 'muted empty' }, captions === null ? 'No caption for this video.' : 'The caption has no segments.'));
      return;
    }
    this.header.replaceChildren('Captions ', h('span', { class: 'muted' }, `· ${captions.segments.length} segments · from ${captions.origin}`));
    this.segments = captions.segments.map((segment, i) => {
      const item = h(
        'li',
        { class: 'caption-segment', 'data-testid': 'caption-segment', 'data-index': String(i), 'data-start': String(segment.start), 'data-active': 'false' },
        h(
          'button',
          { type: 'button', class: 'caption-time seek-control', title: `Seek to ${formatClock(segment.start)}` },
          `[${formatClock(segment.start)}-${formatClock(segment.end)}]`,
        ),
        ' ',
        h('span', { class: 'caption-text' }, ...markedText(segment.text, terms)),
      );
      item.addEventListener('click', () => {
        // Selecting caption text is not a click on it.
        const selection = window.getSelection();
        if (selection !== null && !selection.isCollapsed && item.contains(selection.anchorNode)) return;
        this.seek(segment.start);
      });
      return item;
    });
    this.list.replaceChildren(...this.segments);
  }

  /** Highlights the segments at the playhead; follows them when the set changes (unless the user is scrolling). */
  setActive(indices: readonly number[]): void {
    const next = new Set(indices);
    if (next.size === this.active.size && indices.every((i) => this.active.has(i))) return;
    this.active = next;
    this.segments.forEach((segment, i) => {
      const on = next.has(i);
      segment.classList.toggle('active', on);
      segment.dataset.active = String(on);
    });
    const first = indices.length > 0 ? this.segments[Math.min(...indices)] : undefined;
    if (first && performance.now() - this.lastUserScroll > USER_SCROLL_GRACE_MS) this.scrollWithin(first);
  }

  /** Scrolls only the caption list (scrollIntoView would also move the page and the other columns). */
  private scrollWithin(item: HTMLElement): void {
    const list = this.list;
    const top = item.offsetTop; // the list is the items' offsetParent (position: relative)
    const bottom = top + item.offsetHeight;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (bottom > list.scrollTop + list.clientHeight) list.scrollTop = bottom - list.clientHeight;
  }
}

/**
 * The page's three columns (list | sample | video and captions) with two draggable handles; below
 * ~1000 px wide the CSS puts the list and the video side by side on top and the sample under them
 * (see layout.css). Sizes are CSS variables on the grid. The list folds to a narrow strip by its
 * toggle (remembered by the caller).
 */
import { h } from '../app/dom';
import { clampMediaBesideStrip, clampSplit, dragSplit, STRIP, type Split } from './splitMath';

export interface ListFolding {
  /** Whether the list starts folded to a strip. */
  collapsed: boolean;
  /** The user folded or unfolded it. */
  onCollapse(collapsed: boolean): void;
}

/** Keyboard step of a focused handle, px. */
const KEY_STEP = 24;

export class SplitLayout {
  readonly element: HTMLElement;
  private split: Split;
  private collapsed: boolean;
  /** Folds and unfolds the list; first in the list column. */
  readonly toggle = h('button', {
    type: 'button',
    class: 'list-toggle',
    'data-testid': 'list-toggle',
  });

  constructor(
    readonly left: HTMLElement,
    readonly middle: HTMLElement,
    readonly right: HTMLElement,
    initial: Split,
    private readonly onChange: (split: Split) => void,
    private readonly folding: ListFolding = { collapsed: false, onCollapse: () => undefined },
  ) {
    this.split = initial;
    this.collapsed = folding.collapsed;
    if (!left.id) left.id = 'list-pane';
    this.toggle.setAttribute('aria-controls', left.id);
    this.toggle.addEventListener('click', () => this.setCollapsed(!this.collapsed, true));
    left.prepend(this.toggle);
    this.element = h(
      'div',
      { class: 'workspace' },
      left,
      this.handle('list', 'Resize the sample list'),
      middle,
      this.handle('media', 'Resize the video column'),
      right,
    );
    new ResizeObserver(() => this.apply(false)).observe(this.element);
    this.setCollapsed(this.collapsed, false);
  }

  get listCollapsed(): boolean {
    return this.collapsed;
  }

  /** Folds the list to a strip (or unfolds it); `report` tells the caller to remember it. */
  setCollapsed(collapsed: boolean, report: boolean): void {
    this.collapsed = collapsed;
    this.element.classList.toggle('list-collapsed', collapsed);
    this.left.classList.toggle('collapsed', collapsed);
    this.toggle.setAttribute('aria-expanded', String(!collapsed));
    const label = collapsed ? 'Show the sample list' : 'Fold the sample list to a strip';
    this.toggle.setAttribute('aria-label', label);
    this.toggle.title = label;
    this.toggle.textContent = collapsed ? '»' : '«';
    this.apply(false);
    if (report) this.folding.onCollapse(collapsed);
  }

  get sizes(): Split {
    return this.split;
  }

  private apply(report: boolean, next = this.split): void {
    const width = this.element.clientWidth || window.innerWidth;
    // Clamp what is shown, but keep the wish: a window made narrow then wide again restores it.
    const shown = this.collapsed ? { list: STRIP, media: clampMediaBesideStrip(next.media, width) } : clampSplit(next, width);
    this.split = report ? { list: this.collapsed ? next.list : shown.list, media: shown.media } : next;
    this.element.style.setProperty('--list-width', `${shown.list}px`);
    this.element.style.setProperty('--media-width', `${shown.media}px`);
    for (const handle of this.element.querySelectorAll<HTMLElement>('.split-handle')) {
      handle.setAttribute('aria-valuenow', String(handle.dataset.side === 'list' ? shown.list : shown.media));
    }
    if (report) this.onChange(this.split);
  }

  /** The sizes on show now (the list's wish kept while it is a strip). */
  private shownSplit(): Split {
    const width = this.element.clientWidth;
    return this.collapsed ? { list: this.split.list, media: clampMediaBesideStrip(this.split.media, width) } : clampSplit(this.split, width);
  }

  /** `start` after dragging `side`'s handle by `dx`; beside the strip only the media side moves. */
  private dragged(start: Split, side: 'list' | 'media', dx: number): Split {
    const width = this.element.clientWidth;
    if (!this.collapsed) return dragSplit(start, side, dx, width);
    return side === 'media' ? { list: start.list, media: clampMediaBesideStrip(start.media - dx, width) } : start;
  }

  private handle(side: 'list' | 'media', label: string): HTMLElement {
    const handle = h('div', {
      class: 'split-handle',
      role: 'separator',
      'aria-orientation': 'vertical',
      'aria-label': label,
      tabindex: '0',
      'data-side': side,
    });
    handle.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      handle.setPointerCapture(event.pointerId);
      const startX = event.clientX;
      const start = this.shownSplit();
      handle.classList.add('dragging');
      const move = (e: PointerEvent): void => this.apply(false, this.dragged(start, side, e.clientX - startX));
      const up = (e: PointerEvent): void => {
        handle.releasePointerCapture(e.pointerId);
        handle.classList.remove('dragging');
        handle.removeEventListener('pointermove', move);
        handle.removeEventListener('pointerup', up);
        handle.removeEventListener('pointercancel', up);
        this.apply(true);
      };
      handle.addEventListener('pointermove', move);
      handle.addEventListener('pointerup', up);
      handle.addEventListener('pointercancel', up);
    });
    handle.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      event.preventDefault();
      event.stopPropagation();
      const dx = event.key === 'ArrowLeft' ? -KEY_STEP : KEY_STEP;
      this.apply(true, this.dragged(this.shownSplit(), side, dx));
    });
    return handle;
  }
}

/**
 * The page's three columns (list | sample | video and captions) with two draggable handles; below
 * ~1000 px wide the CSS stacks them and hides the handles. Sizes are CSS variables on the grid.
 */
import { h } from '../app/dom';
import { clampSplit, dragSplit, type Split } from './splitMath';

/** Keyboard step of a focused handle, px. */
const KEY_STEP = 24;

export class SplitLayout {
  readonly element: HTMLElement;
  private split: Split;

  constructor(
    readonly left: HTMLElement,
    readonly middle: HTMLElement,
    readonly right: HTMLElement,
    initial: Split,
    private readonly onChange: (split: Split) => void,
  ) {
    this.split = initial;
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
    this.apply(false);
  }

  get sizes(): Split {
    return this.split;
  }

  private apply(report: boolean, next = this.split): void {
    const width = this.element.clientWidth || window.innerWidth;
    // Clamp what is shown, but keep the wish: a window made narrow then wide again restores it.
    const shown = clampSplit(next, width);
    this.split = report ? shown : next;
    this.element.style.setProperty('--list-width', `${shown.list}px`);
    this.element.style.setProperty('--media-width', `${shown.media}px`);
    for (const handle of this.element.querySelectorAll<HTMLElement>('.split-handle')) {
      handle.setAttribute('aria-valuenow', String(handle.dataset.side === 'list' ? shown.list : shown.media));
    }
    if (report) this.onChange(this.split);
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
      const start = clampSplit(this.split, this.element.clientWidth);
      handle.classList.add('dragging');
      const move = (e: PointerEvent): void => this.apply(false, dragSplit(start, side, e.clientX - startX, this.element.clientWidth));
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
      this.apply(true, dragSplit(clampSplit(this.split, this.element.clientWidth), side, dx, this.element.clientWidth));
    });
    return handle;
  }
}

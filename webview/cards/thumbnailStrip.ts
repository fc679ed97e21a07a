/** A card's frames: up to 3 thumbnails per cited interval (at most 2 intervals), fetched when first seen. */
import { formatClock } from '../../shared/chain/timeRefs';
import type { Interval } from '../../shared/sample/sample';
import type { Thumbnail } from '../../shared/video/video';
import { h } from '../app/dom';

export type FetchThumbnails = (start: number, end: number) => Promise<Thumbnail[]>;

/** How many of a card's intervals get frames. */
export const MAX_STRIP_INTERVALS = 2;

export class ThumbnailStrip {
  readonly element: HTMLElement;
  private state: 'idle' | 'loading' | 'done' = 'idle';

  constructor(
    private readonly intervals: readonly Interval[],
    private readonly fetch: FetchThumbnails,
    private readonly seek: (time: number) => void,
  ) {
    this.element = h('div', { class: 'thumbnails', 'aria-label': 'Frames of the cited times' });
    for (const interval of intervals.slice(0, MAX_STRIP_INTERVALS)) {
      this.element.append(h('div', { class: 'thumbnail-group', 'data-start': String(interval.start) }, ...this.placeholders(3)));
    }
  }

  /** Fetch and show the frames (once; a failed fetch may be retried by calling again). */
  async load(): Promise<void> {
    if (this.state !== 'idle') return;
    this.state = 'loading';
    this.element.setAttribute('aria-busy', 'true');
    const groups = [...this.element.querySelectorAll<HTMLElement>('.thumbnail-group')];
    let failed = false;
    await Promise.all(
      this.intervals.slice(0, MAX_STRIP_INTERVALS).map(async (interval, i) => {
        try {
          const thumbnails = await this.fetch(interval.start, interval.end);
          groups[i].replaceChildren(
            ...(thumbnails.length > 0 ? thumbnails.map((t) => this.thumbnail(t)) : [h('span', { class: 'thumbnail-note' }, 'no frames')]),
          );
        } catch (error) {
          failed = true;
          groups[i].replaceChildren(
            h('span', { class: 'thumbnail-note', title: error instanceof Error ? error.message : String(error) }, 'frames unavailable'),
          );
        }
      }),
    );
    this.element.removeAttribute('aria-busy');
    this.state = failed ? 'idle' : 'done';
  }

  private placeholders(count: number): HTMLElement[] {
    return Array.from({ length: count }, () => h('span', { class: 'thumbnail placeholder', 'aria-hidden': 'true' }));
  }

  private thumbnail(thumbnail: Thumbnail): HTMLElement {
    const label = `Frame at ${formatClock(thumbnail.time)}`;
    if (thumbnail.src === null) {
      return h(
        'span',
        { class: 'thumbnail missing', title: thumbnail.error ?? 'No frame', role: 'img', 'aria-label': `${label}: ${thumbnail.error ?? 'no frame'}` },
        formatClock(thumbnail.time),
      );
    }
    const img = h('img', {
      class: 'thumbnail',
      'data-testid': 'thumbnail',
      src: thumbnail.src,
      alt: label,
      title: `${label} (click to seek)`,
      loading: 'lazy',
      decoding: 'async',
      'data-time': String(thumbnail.time),
    });
    const button = h('button', { type: 'button', class: 'thumbnail-button seek-control', 'aria-label': `Seek to ${formatClock(thumbnail.time)}` }, img);
    button.addEventListener('click', (event) => {
      event.stopPropagation();
      this.seek(thumbnail.time);
    });
    return button;
  }
}

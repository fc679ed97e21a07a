/**
 * A card's frames: for every cited interval, up to 3 thumbnails inside it (one for a point), fetched
 * when first seen. A frame standing in for a time past the video's end says so.
 */
import { formatClock } from '../../shared/chain/timeRefs';
import type { Interval } from '../../shared/sample/sample';
import { plannedFrameCount } from '../../shared/video/thumbnailTimes';
import type { Thumbnail } from '../../shared/video/video';
import { h } from '../app/dom';
import { pastEndLabel } from './pastEnd';

export type FetchThumbnails = (start: number, end: number) => Promise<Thumbnail[]>;

/** Frames sit on a 0.1 s grid: their times show the tenth (00:04.3), as the video clock does. */
const clock = (seconds: number): string => formatClock(seconds, { fractionDigits: 1 });

function frameLabel(time: number, pastEnd: string | null): string {
  return `Frame at ${clock(time)}${pastEnd ? `, the video's last: the cited time is ${pastEnd}` : ''}`;
}

export class ThumbnailStrip {
  readonly element: HTMLElement;
  private state: 'idle' | 'loading' | 'done' = 'idle';

  constructor(
    private readonly intervals: readonly Interval[],
    private readonly fetch: FetchThumbnails,
    private readonly seek: (time: number) => void,
  ) {
    this.element = h('div', { class: 'thumbnails', 'aria-label': 'Frames of the cited times' });
    for (const interval of intervals) {
      this.element.append(
        h(
          'div',
          { class: 'thumbnail-group', 'data-testid': 'thumbnail-group', 'data-start': String(interval.start), 'data-end': String(interval.end) },
          ...this.placeholders(plannedFrameCount(interval.start, interval.end)),
        ),
      );
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
      this.intervals.map(async (interval, i) => {
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
    const pastEnd = thumbnail.pastEnd === undefined ? null : pastEndLabel(thumbnail.pastEnd);
    const frame = thumbnail.src === null ? this.frame(thumbnail, pastEnd) : this.seekButton(thumbnail, thumbnail.src, pastEnd);
    if (pastEnd === null) return frame;
    // The clamped frame is the video's last one: its caption says so in words.
    return h(
      'span',
      { class: 'thumbnail-clamped', 'data-testid': 'thumbnail-past-end' },
      frame,
      h('span', { class: 'thumbnail-clamp-label', 'aria-hidden': 'true' }, pastEnd),
    );
  }

  private frame(thumbnail: Thumbnail, pastEnd: string | null): HTMLElement {
    const label = frameLabel(thumbnail.time, pastEnd);
    return h(
      'span',
      { class: 'thumbnail missing', title: thumbnail.error ?? 'No frame', role: 'img', 'aria-label': `${label}: ${thumbnail.error ?? 'no frame'}` },
      clock(thumbnail.time),
    );
  }

  private seekButton(thumbnail: Thumbnail, src: string, pastEnd: string | null): HTMLElement {
    const label = frameLabel(thumbnail.time, pastEnd);
    const img = h('img', {
      class: 'thumbnail',
      'data-testid': 'thumbnail',
      src,
      alt: label,
      title: `${label} (click to seek)`,
      loading: 'lazy',
      decoding: 'async',
      'data-time': String(thumbnail.time),
    });
    const button = h(
      'button',
      {
        type: 'button',
        class: 'thumbnail-button seek-control',
        'aria-label': `Seek to ${clock(thumbnail.time)}${pastEnd ? ` (the last frame; the cited time is ${pastEnd})` : ''}`,
      },
      img,
    );
    button.addEventListener('click', (event) => {
      event.stopPropagation();
      this.seek(thumbnail.time);
    });
    return button;
  }
}

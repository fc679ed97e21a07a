/**
 * The one `<video>` element and the playhead everything else follows. Seeks made before the media is
 * loaded (a chip clicked while the proxy is being made, a restored time) are kept and applied once it
 * is; meanwhile the playhead still moves, so cards, captions and the timeline follow clicks even when
 * there is nothing to play.
 */
import { h } from '../app/dom';

export type TimeListener = (time: number) => void;

export class Playback {
  readonly video = h('video', { 'data-testid': 'video', controls: true, preload: 'metadata', playsinline: true });
  private src: string | null = null;
  /** The playhead when the media cannot tell (no source, or not loaded yet). */
  private virtualTime = 0;
  private pendingSeek: number | undefined;
  /** playInterval: pause when the playhead reaches this. */
  private stopAt: number | undefined;
  private intervalStart = 0;
  private frame = 0;
  private readonly timeListeners = new Set<TimeListener>();
  private readonly durationListeners = new Set<(duration: number | null) => void>();

  constructor() {
    const emit = (): void => this.emit();
    for (const type of ['timeupdate', 'seeked', 'seeking', 'pause', 'ended', 'emptied']) this.video.addEventListener(type, emit);
    this.video.addEventListener('play', () => this.loop());
    this.video.addEventListener('loadedmetadata', () => {
      if (this.pendingSeek !== undefined) {
        this.video.currentTime = this.clamp(this.pendingSeek);
        this.pendingSeek = undefined;
      }
      this.emitDuration();
      this.emit();
    });
    this.video.addEventListener('durationchange', () => this.emitDuration());
    // A seek by the user elsewhere ends a "play this interval".
    this.video.addEventListener('seeking', () => {
      const t = this.video.currentTime;
      if (this.stopAt !== undefined && (t < this.intervalStart - 0.25 || t > this.stopAt)) this.stopAt = undefined;
    });
  }

  /** Seconds at the playhead. */
  get time(): number {
    return this.loaded && this.pendingSeek === undefined ? this.video.currentTime : this.virtualTime;
  }

  get playing(): boolean {
    return this.loaded && !this.video.paused && !this.video.ended;
  }

  /** The media's duration once its metadata is in, else null. */
  get duration(): number | null {
    return this.loaded && Number.isFinite(this.video.duration) ? this.video.duration : null;
  }

  get source(): string | null {
    return this.src;
  }

  private get loaded(): boolean {
    return this.src !== null && this.video.readyState >= HTMLMediaElement.HAVE_METADATA;
  }

  onTime(listener: TimeListener): void {
    this.timeListeners.add(listener);
  }

  onDuration(listener: (duration: number | null) => void): void {
    this.durationListeners.add(listener);
  }

  /** Plays `src` (keeps the element untouched when it already does); null empties it. */
  setSource(src: string | null, keepTime = false): void {
    if (src === this.src) return;
    const time = this.time;
    this.src = src;
    this.stopAt = undefined;
    if (src === null) {
      this.video.pause();
      this.video.removeAttribute('src');
      this.video.load();
      this.virtualTime = keepTime ? time : 0;
    } else {
      // A proxy replacing the original of the same sample: go on from the same time.
      if (keepTime && time > 0) this.pendingSeek = time;
      this.video.src = src;
    }
    this.emitDuration();
    this.emit();
  }

  /** A new sample: forget the old playhead. */
  reset(): void {
    this.pendingSeek = undefined;
    this.virtualTime = 0;
    this.setSource(null);
    this.emit();
  }

  seek(time: number): void {
    const t = Math.max(0, time);
    this.stopAt = undefined;
    this.virtualTime = t;
    if (this.loaded) {
      this.pendingSeek = undefined;
      this.video.currentTime = this.clamp(t);
    } else if (this.src !== null) this.pendingSeek = t;
    this.emit();
  }

  /** Plays start..end and pauses at end. */
  playInterval(start: number, end: number): void {
    this.seek(start);
    if (this.src === null) return;
    this.stopAt = end;
    this.intervalStart = start;
    void this.video.play().catch(() => undefined);
  }

  togglePlay(): void {
    if (this.src === null) return;
    if (this.video.paused || this.video.ended) void this.video.play().catch(() => undefined);
    else this.video.pause();
  }

  pause(): void {
    this.video.pause();
  }

  private clamp(time: number): number {
    const duration = this.video.duration;
    return Number.isFinite(duration) ? Math.min(time, duration) : time;
  }

  /** While playing, follow the playhead every frame (timeupdate alone fires only ~4 times a second). */
  private loop(): void {
    cancelAnimationFrame(this.frame);
    const tick = (): void => {
      if (this.video.paused || this.video.ended) return;
      if (this.stopAt !== undefined && this.video.currentTime >= this.stopAt) {
        const stop = this.stopAt;
        this.stopAt = undefined;
        this.video.pause();
        this.video.currentTime = this.clamp(stop);
      }
      this.emit();
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  private emit(): void {
    const time = this.time;
    if (this.loaded && this.pendingSeek === undefined) this.virtualTime = time;
    for (const listener of this.timeListeners) listener(time);
  }

  private emitDuration(): void {
    const duration = this.duration;
    for (const listener of this.durationListeners) listener(duration);
  }
}

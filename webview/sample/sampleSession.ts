/**
 * The sample on show and its video, kept in step both ways: the playhead marks the cards, bands and
 * caption segments it covers; chips, cards, bands, thumbnails, captions and keys move the playhead.
 */
import type { SampleDetail, StepCard } from '../../shared/sample/sample';
import { activeCaptions, activeCards, buildTimeline, cardForSeek, nextMoment, type Timeline } from '../../shared/video/timeline';
import type { VideoState } from '../../shared/video/video';
import type { AppEvents } from '../app/appEvents';
import type { HostChannel } from '../app/hostChannel';
import type { StateStore } from '../app/state';
import type { CaptionPanel } from '../captions/captionPanel';
import type { Playback } from '../video/playback';
import type { TimelineView } from '../video/timelineView';
import type { VideoPanel } from '../video/videoPanel';
import type { SampleView, ThumbnailMode } from './sampleView';

export interface SessionParts {
  sampleView: SampleView;
  videoPanel: VideoPanel;
  playback: Playback;
  timelineView: TimelineView;
  captionPanel: CaptionPanel;
  /** Told `sampleOpened` (another record is being opened) and `sampleShown` (the sample view shows it). */
  events: Pick<AppEvents, 'emit'>;
}

export interface OpenOptions {
  completion?: number;
  /** Card to select once the sample is shown. */
  card?: number | null;
  /** Playback time to restore (paused) once the video is there. */
  time?: number | null;
}

/** Only save the playhead when it moved this much (it moves every frame while playing). */
const SAVE_TIME_STEP = 0.25;

function thumbnailMode(state: VideoState | null): ThumbnailMode {
  if (state === null) return 'wait';
  return state.state === 'none' || state.state === 'missing' || state.state === 'no-ffmpeg' ? 'off' : 'on';
}

export class SampleSession {
  private position: number | null = null;
  private completion = 0;
  private detail: SampleDetail | undefined;
  private timeline: Timeline | null = null;
  private requestSeq = 0;
  private restoreTime: number | null = null;
  private terms: readonly string[] = [];
  private savedTime = -1;

  constructor(
    private readonly channel: HostChannel,
    private readonly store: StateStore,
    private readonly parts: SessionParts,
    private readonly reportError: (message: string) => void,
  ) {
    parts.playback.onTime((time) => this.follow(time));
    parts.playback.onDuration(() => {
      // Without a duration from the record, the video's own one sets the timeline's span.
      if (this.detail && this.detail.duration === null) this.buildTimeline();
    });
  }

  get current(): number | null {
    return this.position;
  }

  /** Shows the record at `position` (re-requests it when only the completion changes). */
  open(position: number, options: OpenOptions = {}): void {
    const samePosition = position === this.position;
    this.position = position;
    this.completion = options.completion ?? 0;
    this.restoreTime = options.time ?? null;
    if (!samePosition) {
      this.detail = undefined;
      this.timeline = null;
      this.parts.playback.reset();
      this.parts.videoPanel.show(null);
      this.parts.sampleView.setThumbnailMode('wait');
      this.parts.timelineView.render(null, [], null);
      this.parts.captionPanel.render(null, this.terms);
      this.parts.events.emit('sampleOpened', position);
    }
    this.parts.sampleView.showLoading(position);
    void this.load(options.card ?? null);
  }

  /** The host says what the sample shows changed (captions indexed, video probed): fetch it again. */
  reload(): void {
    if (this.position === null) return;
    void this.load(this.parts.sampleView.selectedCard);
  }

  chooseCompletion(completion: number): void {
    if (this.position === null) return;
    this.store.update({ completion, card: null });
    this.open(this.position, { completion });
  }

  onVideo(position: number, state: VideoState): void {
    if (position !== this.position) return;
    this.parts.videoPanel.show(state);
    this.parts.sampleView.setThumbnailMode(thumbnailMode(state));
    const playable = (state.state === 'ready' || state.state === 'no-ffmpeg') && this.parts.playback.source !== null;
    if (playable && this.restoreTime !== null) {
      this.parts.playback.seek(this.restoreTime);
      this.restoreTime = null;
    }
  }

  setTerms(terms: readonly string[]): void {
    this.terms = terms;
    this.parts.sampleView.setTerms(terms);
    if (this.detail) {
      this.parts.captionPanel.render(this.detail.captions, terms);
      this.follow(this.parts.playback.time);
    }
  }

  seek(time: number): void {
    this.parts.playback.seek(time);
  }

  playInterval(start: number, end: number): void {
    this.parts.playback.playInterval(start, end);
  }

  togglePlay(): void {
    this.parts.playback.togglePlay();
  }

  /** Selects a card (click, band, n/p) and seeks to `time` or its first cited time. */
  selectCard(card: StepCard, time = cardForSeek(card), scroll = false): void {
    this.parts.sampleView.setSelectedCard(card.index, scroll);
    this.parts.timelineView.setSelectedCard(card.index);
    this.store.update({ card: card.index });
    if (time !== undefined) this.seek(time);
  }

  /** Selects a card without seeking: after an edit the playhead stays where it was. */
  markCard(index: number): void {
    this.parts.sampleView.setSelectedCard(index, true);
    this.parts.timelineView.setSelectedCard(index);
    this.store.update({ card: index });
  }

  /** n / p: the next (or previous) card that cites a time. */
  stepCard(direction: 1 | -1): void {
    const cards = this.parts.sampleView.cards;
    if (cards.length === 0) return;
    const from = this.parts.sampleView.selectedCard ?? (direction === 1 ? -1 : cards.length);
    for (let i = from + direction; i >= 0 && i < cards.length; i += direction) {
      if (cardForSeek(cards[i]) !== undefined) {
        this.selectCard(cards[i], undefined, true);
        return;
      }
    }
  }

  /** [ / ]: the previous or next cited moment. */
  stepMoment(direction: 1 | -1): void {
    if (!this.timeline) return;
    const moment = nextMoment(this.timeline.moments, this.parts.playback.time, direction);
    if (moment !== undefined) this.seek(moment);
  }

  fetchThumbnails(start: number, end: number): Promise<{ time: number; src: string | null; error?: string }[]> {
    if (this.position === null) return Promise.resolve([]);
    return this.channel.request({ type: 'thumbnails', position: this.position, start: Math.max(0, start), end: Math.max(0, end, start) });
  }

  private async load(card: number | null): Promise<void> {
    const position = this.position;
    if (position === null) return;
    const seq = ++this.requestSeq;
    try {
      const detail = await this.channel.request({ type: 'sample', position, completion: this.completion });
      if (seq !== this.requestSeq) return;
      this.show(detail, card);
    } catch (error) {
      if (seq !== this.requestSeq) return;
      const message = error instanceof Error ? error.message : String(error);
      this.parts.sampleView.showError(position, message);
      this.reportError(message);
    }
  }

  private show(detail: SampleDetail, card: number | null): void {
    this.detail = detail;
    this.completion = detail.completion;
    this.parts.sampleView.render(detail, card);
    this.parts.captionPanel.render(detail.captions, this.terms);
    this.buildTimeline();
    this.parts.timelineView.setSelectedCard(card);
    if (card !== null) this.parts.sampleView.setSelectedCard(card, true);
    // A restored time shows its highlights now, and is applied to the video once it plays.
    if (this.restoreTime !== null) {
      const restore = this.restoreTime;
      this.parts.playback.seek(restore);
      if (this.parts.playback.source === null) this.restoreTime = restore;
      else this.restoreTime = null;
    }
    this.follow(this.parts.playback.time);
    this.parts.events.emit('sampleShown', detail);
  }

  private buildTimeline(): void {
    const detail = this.detail;
    if (!detail) return;
    const segments = detail.captions?.segments ?? null;
    this.timeline = buildTimeline(detail.cards, segments, detail.duration ?? this.parts.playback.duration);
    this.parts.timelineView.render(this.timeline, detail.cards, segments);
    this.parts.timelineView.setSelectedCard(this.parts.sampleView.selectedCard);
    this.follow(this.parts.playback.time);
  }

  /** Everything that follows the playhead. */
  private follow(time: number): void {
    this.parts.timelineView.setTime(time);
    const cards = this.timeline ? activeCards(this.timeline, time) : [];
    this.parts.sampleView.setActiveCards(cards);
    this.parts.timelineView.setActiveCards(cards);
    this.parts.captionPanel.setActive(this.detail?.captions ? activeCaptions(this.detail.captions.segments, time) : []);
    if (Math.abs(time - this.savedTime) >= SAVE_TIME_STEP || (time === 0 && this.savedTime !== 0)) {
      this.savedTime = time;
      if (this.detail) this.store.update({ time });
    }
  }
}

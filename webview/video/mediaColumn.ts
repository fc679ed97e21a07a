/**
 * The right column: the video, the timeline of the cited times and the captions. Their seeks move
 * the playhead here; the sample column keeps them in step with the sample on show.
 */
import type { App } from '../app/app';
import { h } from '../app/dom';
import { CaptionPanel } from '../captions/captionPanel';
import { Playback } from './playback';
import { TimelineView } from './timelineView';
import { VideoPanel } from './videoPanel';

/** The sample column as the media column asks it. */
export interface MediaSample {
  /** The record on show (or being opened), whose video this is. */
  readonly current: number | null;
  /** A band was clicked: select its card, scroll to it and seek to the band. */
  selectBand(card: number, time: number): void;
  /** A model run's band was clicked: show its card in the run panel. */
  selectRunBand(card: number): void;
}

export interface MediaColumnParts extends Pick<App, 'channel'> {
  /** The sample column (made after this one). */
  sample(): MediaSample;
}

export interface MediaColumn {
  readonly element: HTMLElement;
  readonly playback: Playback;
  readonly video: VideoPanel;
  readonly timeline: TimelineView;
  readonly captions: CaptionPanel;
}

export function createMediaColumn(parts: MediaColumnParts): MediaColumn {
  const { channel } = parts;
  const playback = new Playback();
  const seek = (time: number): void => playback.seek(time);
  const timeline = new TimelineView({
    seek,
    selectBand: (card, time) => parts.sample().selectBand(card, time),
    selectRunBand: (card) => parts.sample().selectRunBand(card),
  });
  const captions = new CaptionPanel(seek);
  // A video action concerns the record on show (none before one is).
  const forShown = (act: (position: number) => void): void => {
    const position = parts.sample().current;
    if (position !== null) act(position);
  };
  const video = new VideoPanel(playback, {
    chooseFolder: () => forShown((position) => channel.send({ type: 'chooseVideoFolder', position })),
    cancelProxy: () => forShown((position) => channel.send({ type: 'cancelProxy', position })),
    retry: () => forShown((position) => channel.send({ type: 'retryVideo', position })),
    playbackFailed: (message) => forShown((position) => channel.send({ type: 'playbackFailed', position, message })),
  });
  const element = h('section', { class: 'pane media-pane', 'aria-label': 'Video and captions' }, video.element, timeline.element, captions.element);
  return { element, playback, video, timeline, captions };
}

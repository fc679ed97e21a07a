/**
 * The middle column: the sample on show (its question, chain, reward breakdown, edit delta, review
 * mark and model run) or, by its tabs, its GRPO group or its diff; kept in step with the media
 * column. Each part below follows the shown sample itself (`sampleOpened`, `sampleShown`), in the
 * order it is made here.
 */
import type { App } from '../app/app';
import { h } from '../app/dom';
import { createEditDelta } from '../edit/editDelta';
import { createSampleEditing } from '../edit/sampleEditing';
import { createModelRuns } from '../inference/modelRuns';
import type { Shortcuts } from '../keyboard/shortcuts';
import type { ListSample } from '../list/listColumn';
import { createSampleReview } from '../review/sampleReview';
import { createSampleScores } from '../rewards/sampleScores';
import type { MediaColumn } from '../video/mediaColumn';
import { SampleSession } from './sampleSession';
import { SampleView } from './sampleView';
import { createTabPanes } from './tabPanes';

export interface SampleColumnParts extends App {
  shortcuts: Shortcuts;
  media: MediaColumn;
  list: {
    /** Selects a record's row (a rollout opened from the group view). */
    showSelected(position: number): void;
  };
}

/** The sample column: what the list drives (ListSample), and what the media column calls back. */
export interface SampleColumn extends ListSample {
  readonly element: HTMLElement;
  /** A timeline band was clicked: select its card (or just seek when it is gone). */
  selectBand(card: number, time: number): void;
  /** A model run's band was clicked: mark its card in the run's panel. */
  selectRunBand(card: number): void;
}

export function createSampleColumn(parts: SampleColumnParts): SampleColumn {
  const { channel, router, store, events, shortcuts, media, showError } = parts;
  const element = h('section', { class: 'pane sample-pane', 'aria-label': 'Sample' });

  const scores = createSampleScores({
    channel,
    router,
    events,
    store,
    applyStepScores: (stepScores) => {
      sampleView.setStepScores(stepScores);
      media.timeline.setStepScores(stepScores);
      // The run's score summary compares with the stored chain's.
      runs.storedScoreChanged();
    },
  });
  const delta = createEditDelta({ channel, router, events });
  const review = createSampleReview({ channel, events, shortcuts, showError, store });
  const editing = createSampleEditing({
    channel,
    router,
    events,
    shortcuts,
    view: () => sampleView,
    time: () => media.playback.time,
    selectCard: (index) => session.markCard(index),
    reload: () => session.reload(),
    changed: () => reload(),
  });
  const runs = createModelRuns({
    channel,
    router,
    events,
    shortcuts,
    seek: (time) => session.seek(time),
    playInterval: (start, end) => session.playInterval(start, end),
    setTimelineCards: (cards, duration) => media.timeline.setRunCards(cards, duration),
    storedScore: () => scores.current,
    chainChanged: () => panes.runChanged(),
    showDiff: () => panes.showRunDiff(),
    reload: () => session.reload(),
    showSample: () => panes.select('sample'),
  });
  const sampleView: SampleView = new SampleView(
    element,
    {
      openLine: (line) => channel.send({ type: 'openInTextEditor', line }),
      chooseCompletion: (completion) => session.chooseCompletion(completion),
      selectCard: (card) => session.selectCard(card),
      seek: (time) => session.seek(time),
      playInterval: (start, end) => session.playInterval(start, end),
      fetchThumbnails: (start, end) => session.fetchThumbnails(start, end),
      edit: editing.handlers,
    },
    h('div', { class: 'after-question' }, delta.element, scores.element),
    h('span', { class: 'header-extra' }, runs.button, review.element),
    runs.panel,
  );
  const panes = createTabPanes({
    channel,
    store,
    events,
    scroller: element,
    sampleView,
    runChain: () => runs.chainForShown(),
    openRollout: (position, completion) => {
      if (position === session.current) {
        session.chooseCompletion(completion);
        return;
      }
      parts.list.showSelected(position);
      sampleView.setNotice(null);
      store.update({ position, completion, card: null, time: null });
      session.open(position, { completion });
    },
    openCard: (index) => {
      const card = sampleView.cards[index];
      if (card) session.selectCard(card, undefined, true);
    },
  });
  element.append(panes.tabs, sampleView.element, panes.group, panes.diff);
  const session: SampleSession = new SampleSession(
    channel,
    store,
    { sampleView, videoPanel: media.video, playback: media.playback, timelineView: media.timeline, captionPanel: media.captions, events },
    showError,
  );

  /** What the sample shows changed on the host: fetch it (and its group) again. */
  function reload(): void {
    session.reload();
    panes.reloadGroup();
  }

  router.on('video', (message) => session.onVideo(message.position, message.video));
  router.on('sampleStale', () => reload());
  shortcuts.bind('playPause', () => session.togglePlay());
  shortcuts.bind('previousMoment', () => session.stepMoment(-1));
  shortcuts.bind('nextMoment', () => session.stepMoment(1));

  return {
    element,
    get current() {
      return session.current;
    },
    open: (position) => {
      store.update({ position, completion: 0, card: null, time: null });
      session.open(position);
    },
    restore: (saved) => session.open(saved.position, { completion: saved.completion, card: saved.card, time: saved.time }),
    setTerms: (terms) => session.setTerms(terms),
    setNotice: (notice) => sampleView.setNotice(notice),
    stepCard: (direction) => session.stepCard(direction),
    selectBand: (card, time) => {
      const target = sampleView.cards[card];
      if (target) session.selectCard(target, time, true);
      else session.seek(time);
    },
    selectRunBand: (card) => runs.selectCard(card),
  };
}

/**
 * "Run model on this sample": the header button, the run's panel beside the chain and the run
 * session, following the shown sample, the host's inference notifications, the palette command and
 * the key r.
 */
import type { App } from '../app/app';
import type { Shortcuts } from '../keyboard/shortcuts';
import { RunButton } from './runButton';
import { RunPanel } from './runPanel';
import { RunSession, type RunParts } from './runSession';

export interface ModelRunsParts extends Pick<App, 'channel' | 'router' | 'events'>, Omit<RunParts, 'panel' | 'button'> {
  shortcuts: Shortcuts;
  seek(time: number): void;
  playInterval(start: number, end: number): void;
  /** A run started: it shows beside the chain, in the Sample tab. */
  showSample(): void;
}

export interface ModelRuns {
  /** The Run / Cancel button (in the sample's header). */
  readonly button: HTMLElement;
  /** The run's panel (beside the chain). */
  readonly panel: HTMLElement;
  /** The shown sample's finished chain, for the Diff tab; null when there is none. */
  chainForShown(): string | null;
  /** A run band on the timeline was clicked: mark its card in the panel. */
  selectCard(index: number): void;
  /** The stored chain's score changed: the run's summary compares with it. */
  storedScoreChanged(): void;
}

export function createModelRuns(parts: ModelRunsParts): ModelRuns {
  const { channel, router, events, shortcuts } = parts;
  const button = new RunButton({ run: () => runs.run(), cancel: () => runs.cancel() });
  const panel = new RunPanel({
    seek: (time) => parts.seek(time),
    playInterval: (start, end) => parts.playInterval(start, end),
    diff: () => runs.diffWithStored(),
    use: () => void runs.useChain(),
    close: () => runs.closeRun(),
    fix: (action, code) => channel.send({ type: 'inferenceFix', action, code }),
  });
  const runs = new RunSession(channel, {
    panel,
    button,
    setTimelineCards: (cards, duration) => parts.setTimelineCards(cards, duration),
    storedScore: () => parts.storedScore(),
    chainChanged: () => parts.chainChanged(),
    showDiff: () => parts.showDiff(),
    reload: () => parts.reload(),
  });
  events.on('sampleOpened', () => runs.onOpen());
  events.on('sampleShown', (detail) => runs.onShown(detail));
  router.on('inferenceProgress', (message) => runs.onProgress(message));
  router.on('inferenceEnd', (message) => runs.onEnd(message.end));
  router.on('inferenceRuns', (message) => runs.restore(message.runs));
  // "ReWatch: Run Model on This Sample" from the palette: as if `r` was pressed.
  router.on('runModelRequested', () => {
    if (runs.run()) parts.showSample();
  });
  // Starts a run on the shown sample (the Cancel button stops it); nothing to run lets the key through.
  shortcuts.bind('runModel', () => {
    if (!runs.toggle()) return false;
    parts.showSample();
  });
  return {
    button: button.element,
    panel: panel.element,
    chainForShown: () => runs.chainForShown(),
    selectCard: (index) => runs.selectCard(index),
    storedScoreChanged: () => runs.storedScoreChanged(),
  };
}

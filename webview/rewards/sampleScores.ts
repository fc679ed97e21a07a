/**
 * The reward breakdown of the sample on show: its panel and its score session, following the shown
 * sample and the judge's notifications.
 */
import type { SampleScore } from '../../shared/rewards/scores';
import type { App } from '../app/app';
import { BreakdownPanel } from './breakdownPanel';
import { ScoreSession, type ScoreViews } from './scoreSession';

export interface SampleScoresParts extends Pick<App, 'channel' | 'router' | 'events'> {
  /** Remembers whether the breakdown is folded to one line (none: it starts open and is not remembered). */
  store?: App['store'];
  applyStepScores: ScoreViews['applyStepScores'];
}

export interface SampleScores {
  /** The breakdown panel (under the question). */
  readonly element: HTMLElement;
  /** The stored chain's score, when known. */
  readonly current: SampleScore | null;
}

export function createSampleScores(parts: SampleScoresParts): SampleScores {
  const { channel, router, events } = parts;
  const { store } = parts;
  const breakdown = new BreakdownPanel(
    {
      runJudge: () => void scores.runJudge(),
      cancelJudge: () => scores.cancelJudge(),
    },
    store ? { open: store.current.breakdownOpen, onToggle: (breakdownOpen) => store.update({ breakdownOpen }) } : undefined,
  );
  const scores = new ScoreSession(channel, { panel: breakdown, applyStepScores: parts.applyStepScores });
  events.on('sampleOpened', () => scores.clear());
  events.on('sampleShown', (detail) => scores.show(detail));
  router.on('judgeStatus', (message) => scores.setJudgeConfigured(message.configured));
  router.on('judgeProgress', (message) => scores.onJudgeProgress(message.position, message.done, message.total));
  return {
    element: breakdown.element,
    get current() {
      return scores.current;
    },
  };
}

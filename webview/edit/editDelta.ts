/** The reward change of the unsaved edits: its panel and session, following the shown sample and the judge. */
import type { App } from '../app/app';
import { DeltaPanel } from './deltaPanel';
import { DeltaSession } from './deltaSession';

export function createEditDelta(parts: Pick<App, 'channel' | 'router' | 'events'>): { readonly element: HTMLElement } {
  const { channel, router, events } = parts;
  const panel = new DeltaPanel({ judge: () => deltas.judge() });
  const deltas = new DeltaSession(channel, panel);
  events.on('sampleOpened', () => deltas.clear());
  events.on('sampleShown', (detail) => deltas.show(detail));
  router.on('judgeStatus', (message) => deltas.setJudgeConfigured(message.configured));
  router.on('judgeProgress', (message) => deltas.onJudgeProgress(message.position, message.done, message.total));
  return { element: panel.element };
}

/** The review mark of the sample on show (in its header) and its keys v, f, Shift+X. */
import type { App } from '../app/app';
import type { Shortcuts } from '../keyboard/shortcuts';
import { ReviewControl } from './reviewControl';

export interface SampleReviewParts extends Pick<App, 'channel' | 'events' | 'showError'> {
  shortcuts: Shortcuts;
  /** Remembers whether the controls are folded to one line (none: they start open and are not remembered). */
  store?: App['store'];
}

export function createSampleReview(parts: SampleReviewParts): { readonly element: HTMLElement } {
  const { channel, events, shortcuts } = parts;
  const { store } = parts;
  const review = new ReviewControl(
    channel,
    parts.showError,
    store ? { open: store.current.reviewOpen, onToggle: (reviewOpen) => store.update({ reviewOpen }) } : undefined,
  );
  events.on('sampleShown', (detail) => review.show(detail));
  shortcuts.bind('markReviewed', () => review.set('reviewed'));
  shortcuts.bind('markFixed', () => review.set('fixed'));
  shortcuts.bind('markRejected', () => review.set('rejected'));
  return { element: review.element };
}

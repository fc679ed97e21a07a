/** How a step card is labelled, pure (no DOM). */
import { formatClock } from '../../shared/chain/timeRefs';
import type { Interval, StepCard } from '../../shared/sample/sample';

/** "Action 2", "Observation 2", "Reasoning", "Think", "Answer" (steps numbered from 1). */
export function cardLabel(card: Pick<StepCard, 'kind' | 'step'>): string {
  const step = card.step === null ? '' : ` ${card.step + 1}`;
  switch (card.kind) {
    case 'reasoning':
      return 'Reasoning';
    case 'think':
      return 'Think';
    case 'action':
      return `Action${step}`;
    case 'observation':
      return `Observation${step}`;
    case 'answer':
      return 'Answer';
  }
}

/** "00:07–00:15, 00:18": a card's cited intervals (points as one time). */
export function intervalsText(intervals: readonly Interval[]): string {
  return intervals.map((iv) => (iv.end > iv.start ? `${formatClock(iv.start)}–${formatClock(iv.end)}` : formatClock(iv.start))).join(', ');
}

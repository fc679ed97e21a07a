/**
 * A model's output, parsed into step cards as it streams, pure (no DOM). The cards have the sample
 * view's shape (StepCard), so the run panel draws them with the same StepCardView as the stored
 * chain. The whole text is parsed again on each (throttled) redraw: parseChain is linear and a
 * re-parse is what keeps an unclosed `<action>` or a tag split across two deltas right. What keeps
 * long outputs cheap is `firstChanged`: while tokens arrive only the last card differs, so only it
 * is drawn again.
 */
import { chainCards } from '../../shared/chain/chainCards';
import { parseChain } from '../../shared/chain/parseChain';
import type { CaptionSegmentView, StepCard } from '../../shared/sample/sample';

export interface CardContext {
  /** The video's duration, seconds (for the past-the-end warning); null when unknown. */
  duration: number | null;
  /** The sample's caption segments (for the coverage warning); null when none. */
  captions: readonly CaptionSegmentView[] | null;
}

/**
 * While streaming, a tag still being written ("…the man <obser") is held back, so it does not
 * flash as text in a reasoning card and then vanish when its `>` arrives.
 */
const PARTIAL_TAG = /<\/?[A-Za-z]{0,12}$/;

export function streamingText(text: string, final: boolean): string {
  if (final) return text;
  const match = PARTIAL_TAG.exec(text.slice(-14));
  return match ? text.slice(0, text.length - match[0].length) : text;
}

/** One card per segment of the chain, exactly as the host builds a record's (shared/chain/chainCards.ts). */
export function runCards(chain: string, context: CardContext): StepCard[] {
  // The sample's segment array itself, so the coverage index built for it is reused across redraws.
  return chainCards(parseChain(chain), context);
}

/** Whether two cards draw the same (text first: cheap to compare when their lengths differ). */
export function sameCard(a: StepCard, b: StepCard): boolean {
  return (
    a.text === b.text &&
    a.kind === b.kind &&
    a.closed === b.closed &&
    a.step === b.step &&
    a.actionKind === b.actionKind &&
    a.chips.length === b.chips.length &&
    a.warnings.length === b.warnings.length &&
    a.warnings.every((w, i) => w.code === b.warnings[i].code && w.message === b.warnings[i].message)
  );
}

/**
 * The index of the first card of `next` that must be drawn again: cards before it are unchanged
 * and stay in the DOM. `next.length` when nothing changed (cards beyond it, if any, are removed).
 */
export function firstChanged(drawn: readonly StepCard[], next: readonly StepCard[]): number {
  const common = Math.min(drawn.length, next.length);
  for (let i = 0; i < common; i++) if (!sameCard(drawn[i], next[i])) return i;
  return common;
}

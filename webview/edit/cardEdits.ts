/**
 * Which chain edit a card's controls send and where the focus goes once the edited chain is shown,
 * pure (no DOM). Cards are re-numbered by every structural edit, so focus is planned before sending.
 */
import type { ChainEdit } from '../../shared/edit/edits';
import type { CardKind, StepCard } from '../../shared/sample/sample';

type CardShape = Pick<StepCard, 'index' | 'kind' | 'step'>;

/** Leading and trailing whitespace of a card's text ("\nThe man…\n"): kept around edited text. */
function margins(text: string): { before: string; after: string } {
  const before = /^\s*/.exec(text)?.[0] ?? '';
  if (before.length === text.length) return { before: text, after: '' };
  const after = /\s*$/.exec(text)?.[0] ?? '';
  return { before, after };
}

/** The text the editor starts with: the card's text without its surrounding whitespace. */
export function editorText(card: Pick<StepCard, 'text'>): string {
  return card.text.trim();
}

/**
 * The edit that replaces a card's text with what the editor holds, or null when nothing changed.
 * The answer card sets the chain's answer; other cards keep their text's surrounding whitespace
 * (newlines after the tag), so only what the user changed changes.
 */
export function textEdit(card: Pick<StepCard, 'index' | 'kind' | 'text'>, edited: string): ChainEdit | null {
  const inner = edited.trim();
  if (inner === card.text.trim()) return null;
  if (card.kind === 'answer') return { op: 'setAnswer', answer: inner };
  const { before, after } = margins(card.text);
  return { op: 'setText', card: card.index, text: `${before}${inner}${after}` };
}

/** The step numbers present among the cards, ascending. */
function steps(cards: readonly Pick<StepCard, 'step'>[]): number[] {
  return [...new Set(cards.map((c) => c.step).filter((s): s is number => s !== null))].sort((a, b) => a - b);
}

/** Whether the card's step can move up or down (only action/observation steps move). */
export function moveBounds(card: CardShape, cards: readonly CardShape[]): { up: boolean; down: boolean } {
  if (card.step === null) return { up: false, down: false };
  const all = steps(cards);
  return { up: card.step > all[0], down: card.step < all[all.length - 1] };
}

/** Where the focus goes after an edit: a card by index, or by its step and kind (a moved step). */
export type FocusTarget = { index: number } | { step: number; kind: CardKind };

/** The card to focus once `edit`, made on `cards`, is shown. */
export function focusAfter(edit: ChainEdit, cards: readonly CardShape[]): FocusTarget | null {
  switch (edit.op) {
    case 'setText':
    case 'retime':
      return { index: edit.card };
    case 'setAnswer': {
      const answer = cards.find((c) => c.kind === 'answer');
      return { index: answer ? answer.index : cards.length };
    }
    case 'deleteStep': {
      // Both cards of a step go: what followed them moves up to the step's first card.
      const card = cards[edit.card];
      if (!card) return null;
      const first = card.step === null ? card.index : Math.min(...cards.filter((c) => c.step === card.step).map((c) => c.index));
      return { index: Math.max(0, first) };
    }
    case 'insertStep':
      // The new step's action comes right after card `after`.
      return { index: edit.after + 1 };
    case 'moveStep': {
      const card = cards[edit.card];
      if (!card || card.step === null) return null;
      return { step: card.step + edit.direction, kind: card.kind };
    }
  }
}

/** The index of the focus target among the edited chain's cards (clamped), or null when there is none. */
export function resolveFocus(target: FocusTarget, cards: readonly CardShape[]): number | null {
  if (cards.length === 0) return null;
  if ('index' in target) return Math.max(0, Math.min(cards.length - 1, target.index));
  const found = cards.find((c) => c.step === target.step && c.kind === target.kind) ?? cards.find((c) => c.step === target.step);
  return found ? found.index : null;
}

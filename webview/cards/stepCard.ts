/** One card of the chain: its label, its text with time chips, grounding warnings and frames. */
import type { StepCard } from '../../shared/sample/sample';
import { h } from '../app/dom';
import { evidenceDetails, scoreBadge, type StepScoreView } from '../rewards/evidenceView';
import { scoreLevel, scoreText } from '../rewards/scoreColour';
import { cardLabel, intervalsText } from './cardText';
import { chipText, type ChipHandlers } from './chipText';
import { clipPoint, trimmedSpan } from './textSegments';
import { ThumbnailStrip, type FetchThumbnails } from './thumbnailStrip';

/** Cards longer than this show their start and a "Show all" button. */
export const CLIP_CHARS = 1500;

export interface CardHandlers extends ChipHandlers {
  /** The card was clicked (not on a chip): select it and seek to its first cited time. */
  select(card: StepCard): void;
  seekTo(time: number): void;
  fetchThumbnails: FetchThumbnails;
}

export class StepCardView {
  readonly element: HTMLElement;
  readonly strip: ThumbnailStrip | undefined;
  /** The card's text (double-click edits it when the chain is editable). */
  readonly body = h('div', { class: 'card-text' });
  readonly header: HTMLElement;
  /** Where an open edit form goes: right under the text. */
  readonly editSlot = h('div', { class: 'card-edit-slot' });
  private badge: HTMLButtonElement | null = null;
  private evidence: HTMLElement | null = null;

  constructor(
    readonly card: StepCard,
    private readonly terms: readonly string[],
    private readonly handlers: CardHandlers,
  ) {
    const times = intervalsText(card.intervals);
    const header = (this.header = h(
      'div',
      { class: 'card-header' },
      h('span', { class: 'card-label' }, cardLabel(card)),
      card.actionKind ? h('span', { class: `badge action-kind ${card.actionKind}` }, card.actionKind) : null,
      card.closed ? null : h('span', { class: 'badge unclosed', title: 'The closing tag is missing' }, 'unclosed'),
      times ? h('span', { class: 'card-times' }, times) : null,
    ));
    this.strip = card.intervals.length > 0 ? new ThumbnailStrip(card.intervals, handlers.fetchThumbnails, handlers.seekTo) : undefined;
    this.element = h(
      'article',
      {
        class: `card kind-${card.kind}`,
        'data-testid': 'step-card',
        'data-card': String(card.index),
        'data-kind': card.kind,
        'data-active': 'false',
        tabindex: '0',
        'aria-label': `${cardLabel(card)}${times ? `, cites ${times}` : ''}`,
      },
      header,
      this.body,
      this.editSlot,
      card.warnings.length > 0 ? this.warnings() : null,
      this.strip?.element,
    );
    const span = trimmedSpan(card.text);
    this.renderText(span.start, span.end, Math.min(span.end, clipPoint(card.text, card.chips, span.start + CLIP_CHARS)));
    this.element.addEventListener('click', (event) => {
      // Selecting text in a card is not a click on it.
      const selection = window.getSelection();
      if (selection !== null && !selection.isCollapsed && this.element.contains(selection.anchorNode)) return;
      if ((event.target as Element).closest('button, a, vscode-button, textarea, input, .edit-form')) return;
      handlers.select(card);
    });
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && event.target === this.element) {
        event.preventDefault();
        handlers.select(card);
      }
    });
  }

  /** The step's score: a badge that opens the evidence, and the card's left border in its colour (null: none). */
  setScore(view: StepScoreView | null): void {
    const open = this.evidence !== null;
    this.badge?.remove();
    this.evidence?.remove();
    this.badge = null;
    this.evidence = null;
    for (const level of ['bad', 'warn', 'good', 'none']) this.element.classList.remove(`score-${level}`);
    if (view === null) {
      delete this.element.dataset.level;
      delete this.element.dataset.score;
      return;
    }
    const level = scoreLevel(view.score.score);
    this.element.classList.add(`score-${level}`);
    this.element.dataset.level = level;
    const text = scoreText(view.score.score);
    if (text === undefined) delete this.element.dataset.score;
    else this.element.dataset.score = text;
    const badge = scoreBadge(view);
    badge.addEventListener('click', (event) => {
      event.stopPropagation();
      this.toggleEvidence(view);
    });
    this.badge = badge;
    this.header.append(badge);
    if (open) this.toggleEvidence(view);
  }

  private toggleEvidence(view: StepScoreView): void {
    if (this.evidence) {
      this.evidence.remove();
      this.evidence = null;
    } else {
      this.evidence = evidenceDetails(view);
      // Reading the evidence (or selecting its text) is not a click on the card.
      this.evidence.addEventListener('click', (event) => event.stopPropagation());
      this.body.after(this.evidence);
    }
    this.badge?.setAttribute('aria-expanded', String(this.evidence !== null));
  }

  setActive(active: boolean): void {
    this.element.classList.toggle('active', active);
    this.element.dataset.active = String(active);
  }

  setSelected(selected: boolean): void {
    this.element.classList.toggle('selected', selected);
    if (selected) this.element.setAttribute('aria-current', 'true');
    else this.element.removeAttribute('aria-current');
  }

  /** Shows start..cut of the card's text; when cut < end, a "Show all" button shows the rest. */
  private renderText(start: number, end: number, cut: number): void {
    const text = this.card.text;
    if (end <= start) {
      this.body.replaceChildren(h('span', { class: 'empty' }, '(empty)'));
      return;
    }
    const nodes = chipText(text, this.card.chips, this.terms, this.handlers, cut, start);
    if (cut >= end) {
      this.body.replaceChildren(...nodes);
      return;
    }
    const more = h('vscode-button', { secondary: true, class: 'show-all' }, `Show all (${(end - cut).toLocaleString()} more characters)`);
    more.addEventListener('click', (event) => {
      event.stopPropagation();
      this.renderText(start, end, end);
      this.element.focus({ preventScroll: true });
    });
    this.body.replaceChildren(...nodes, '… ', more);
  }

  private warnings(): HTMLElement {
    return h(
      'ul',
      { class: 'warnings' },
      ...this.card.warnings.map((warning) =>
        h(
          'li',
          { 'data-testid': 'grounding-warning', 'data-code': warning.code },
          h('span', { class: 'warning-icon', 'aria-hidden': 'true' }, '⚠'),
          ' ',
          warning.message,
        ),
      ),
    );
  }
}

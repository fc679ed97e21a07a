/**
 * The middle column: the sample's header and problems, its question, and its chain as step cards.
 * Knows nothing about the video: it reports clicks (seek, play, select) and is told what is active.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { Problem } from '../../shared/records/recordSummary';
import type { SampleDetail, StepCard, TimeChip } from '../../shared/sample/sample';
import { formatClock } from '../../shared/chain/timeRefs';
import { h } from '../app/dom';
import { hasOwnChain } from '../app/ownChain';
import { StepCardView } from '../cards/stepCard';
import type { FetchThumbnails } from '../cards/thumbnailStrip';
import { AnswerEditor } from '../edit/answerEditor';
import { CardEditing, type CardDraft, type SampleEditHandlers } from '../edit/cardEditing';
import type { StepScoreView } from '../rewards/evidenceView';
import type { StepScore } from '../rewards/stepScores';
import { questionView, rewardsLine } from './questionView';

export interface SampleHandlers {
  openLine(line: number): void;
  chooseCompletion(completion: number): void;
  /** A card was clicked or chosen with n/p. */
  selectCard(card: StepCard): void;
  seek(time: number): void;
  playInterval(start: number, end: number): void;
  fetchThumbnails: FetchThumbnails;
  /** Inline editing of the chain; without it the cards are read-only. */
  edit?: SampleEditHandlers;
}

/** Whether the strips may ask for frames: 'wait' until the video state says a file exists. */
export type ThumbnailMode = 'wait' | 'on' | 'off';

/** Suppress auto-scrolling to the active card this long after the user scrolled the cards. */
const USER_SCROLL_GRACE_MS = 1500;

export class SampleView {
  readonly element = h('section', { class: 'sample', 'data-testid': 'sample', 'data-loaded': 'false', 'aria-label': 'Sample' });
  private detail: SampleDetail | undefined;
  private cardViews: StepCardView[] = [];
  /** Each card's editing (empty when the chain is not editable). */
  private editors: CardEditing[] = [];
  private terms: readonly string[] = [];
  private active = new Set<number>();
  private selected: number | null = null;
  private notice: string | null = null;
  private lastUserScroll = 0;
  private thumbnailMode: ThumbnailMode = 'wait';
  private readonly visibleStrips = new Set<StepCardView>();
  private readonly observer = new IntersectionObserver((entries) => this.onIntersect(entries), { rootMargin: '200px' });
  private stepScores: Map<number, StepScore> | null = null;

  constructor(
    /** The element that scrolls the cards (the sample column). */
    scroller: HTMLElement,
    private readonly handlers: SampleHandlers,
    /** Shown under the question and the rewards line (the reward breakdown); kept across renders. */
    private readonly afterQuestion: HTMLElement | null = null,
    /** Shown in the sample's header, before the raw-record link (the review control); kept across renders. */
    private readonly headerExtra: HTMLElement | null = null,
    /** Shown beside the chain (the model run's panel); kept across renders. */
    private readonly besideChain: HTMLElement | null = null,
  ) {
    this.element.append(h('p', { class: 'placeholder-text' }, 'Select a sample in the list.'));
    const userScrolled = (): void => {
      this.lastUserScroll = performance.now();
    };
    scroller.addEventListener('wheel', userScrolled, { passive: true });
    scroller.addEventListener('touchmove', userScrolled, { passive: true });
    scroller.addEventListener('keydown', (event) => {
      if (['PageUp', 'PageDown', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(event.key)) userScrolled();
    });
    // A press in the column (its scrollbar, a chip, a card) is the user at work there: a seek it
    // causes must not scroll the cards away from what was clicked.
    scroller.addEventListener('pointerdown', userScrolled);
  }

  get current(): SampleDetail | undefined {
    return this.detail;
  }

  get cards(): readonly StepCard[] {
    return this.detail?.cards ?? [];
  }

  get selectedCard(): number | null {
    return this.selected;
  }

  /** The editing of card `index`, when the chain on show is editable. */
  editing(index: number): CardEditing | undefined {
    return this.editors[index];
  }

  /** Moves the keyboard focus to a card (after an edit, so the keys go on working there). */
  focusCard(index: number): void {
    this.cardViews[index]?.element.focus({ preventScroll: false });
  }

  /** Moves the keyboard focus to one chip of a card, when it is drawn. */
  focusChip(card: number, chip: number): boolean {
    const element = this.cardViews[card]?.element.querySelector<HTMLElement>(`[data-testid=time-chip][data-chip="${chip}"]`);
    element?.focus({ preventScroll: false });
    return element !== null && element !== undefined;
  }

  showLoading(position: number): void {
    const same = this.detail?.summary.position === position;
    this.element.dataset.position = String(position);
    this.element.dataset.loaded = 'false';
    this.element.setAttribute('aria-busy', 'true');
    if (!same) {
      this.detail = undefined;
      this.disposeCards();
      this.element.replaceChildren(
        h('div', { class: 'loading' }, h('vscode-progress-ring', { 'aria-label': 'Loading the sample' }), ` Loading record #${position + 1}…`),
      );
    }
  }

  showError(position: number, message: string): void {
    this.detail = undefined;
    this.disposeCards();
    this.element.dataset.position = String(position);
    this.element.dataset.loaded = 'false';
    this.element.removeAttribute('aria-busy');
    this.element.replaceChildren(h('div', { class: 'error', role: 'alert' }, `Record #${position + 1} could not be shown: ${message}`));
  }

  /** Shows `detail`; keeps the card selection when the same record is re-rendered (stale, new terms). */
  render(detail: SampleDetail, selectedCard: number | null = null): void {
    const same = this.detail !== undefined && this.detail.summary.position === detail.summary.position && this.detail.completion === detail.completion;
    const drafts = same ? this.editors.map((editing) => editing.draft()).filter((draft): draft is CardDraft => draft !== null) : [];
    // The same record drawn again (an undo, a redo, new search words): a focused card keeps the focus.
    const focusedCard = same ? this.cardViews.findIndex((view) => view.element.contains(document.activeElement)) : -1;
    this.detail = detail;
    this.disposeCards();
    this.active = new Set();
    this.selected = selectedCard !== null && selectedCard < detail.cards.length ? selectedCard : null;
    const summary = detail.summary;
    this.element.dataset.position = String(summary.position);
    this.element.dataset.kind = detail.kind;
    const openRaw = h('a', { href: '#', class: 'open-raw', 'data-testid': 'open-raw' }, `Open raw record at line ${summary.line}`);
    openRaw.addEventListener('click', (event) => {
      event.preventDefault();
      this.handlers.openLine(summary.line);
    });
    const header = h(
      'header',
      { class: 'sample-header' },
      h('h2', { class: 'sample-id', title: detail.id ?? '' }, detail.id ?? '(no id)'),
      h('span', { class: `badge kind kind-${summary.malformed ? 'malformed' : detail.kind}` }, summary.malformed ? 'malformed' : detail.kind),
      h('span', { class: 'sample-position' }, `#${(summary.position + 1).toLocaleString()}`),
      summary.category ? h('span', { class: 'badge category' }, summary.category) : null,
      detail.edited
        ? h(
            'span',
            {
              class: 'badge edited-marker',
              'data-testid': 'edited-marker',
              title: 'This record has unsaved edits: Ctrl+S saves them, Ctrl+Z undoes the last one',
            },
            'Unsaved edits',
          )
        : null,
      this.headerExtra,
      openRaw,
    );
    const edit = this.handlers.edit && hasOwnChain(detail) ? this.handlers.edit : undefined;
    const editors: CardEditing[] = [];
    this.cardViews = detail.cards.map((card) => {
      let editing: CardEditing | undefined;
      const view = new StepCardView(card, this.terms, {
        select: (c) => this.handlers.selectCard(c),
        seek: (chip: TimeChip) => this.handlers.seek(chip.start),
        play: (chip: TimeChip) => this.handlers.playInterval(chip.start, chip.end),
        seekTo: (time) => this.handlers.seek(time),
        fetchThumbnails: this.handlers.fetchThumbnails,
        duration: detail.duration,
        touched: edit ? (chip) => edit.chipTouched(card.index, chip) : undefined,
        edit: edit ? (chip) => editing?.openChip(chip) : undefined,
      });
      if (edit) {
        editing = new CardEditing(view, detail.cards, edit);
        editors.push(editing);
      }
      return view;
    });
    this.editors = editors;
    for (const view of this.cardViews) if (view.strip) this.observer.observe(view.element);
    const chain =
      detail.cards.length > 0
        ? h('div', { class: 'cards', role: 'list', 'aria-label': 'Reasoning chain' }, ...this.cardViews.map((view) => view.element))
        : h(
            'p',
            { class: 'muted' },
            detail.kind === 'caption' ? 'A caption record: its segments are in the caption panel.' : 'This record has no reasoning chain.',
          );
    this.element.replaceChildren(
      header,
      this.notice ? h('div', { class: 'notice', role: 'status', 'data-testid': 'sample-notice' }, this.notice) : '',
      detail.problems.length > 0 ? this.problems(detail.problems) : '',
      questionView(detail, this.terms, edit ? new AnswerEditor(detail.predicted, edit).element : null),
      this.completionPicker(detail) ?? '',
      rewardsLine(detail) ?? '',
      this.afterQuestion ?? '',
      detail.unknownFields.length > 0 ? h('p', { class: 'unknown-fields muted' }, `Other fields: ${detail.unknownFields.join(', ')}`) : '',
      // The stored chain first (in the page's order too), the run beside it when there is one.
      // (The outer element is the size container the inner grid's columns depend on.)
      this.besideChain ? h('div', { class: 'chain-row' }, h('div', { class: 'chain-grid' }, chain, this.besideChain)) : chain,
    );
    this.cardViews.forEach((view, i) => view.setSelected(i === this.selected));
    this.applyStepScores();
    this.element.dataset.edited = String(detail.edited);
    this.element.removeAttribute('aria-busy');
    this.element.dataset.loaded = 'true';
    // Forms open while the sample was drawn again keep what was typed (same card kind only).
    if (focusedCard >= 0 && detail.cards.length > 0) this.focusCard(Math.min(focusedCard, detail.cards.length - 1));
    for (const draft of drafts) {
      const editing = this.editors[draft.card];
      if (editing && editing.card.kind === draft.cardKind) editing.restore(draft);
    }
  }

  /** Per-step scores (judge, else evidence) for the action and observation cards; null clears them. */
  setStepScores(scores: Map<number, StepScore> | null): void {
    this.stepScores = scores;
    this.applyStepScores();
  }

  private applyStepScores(): void {
    const detail = this.detail;
    if (!detail) return;
    const observations = new Map<number, string>();
    for (const card of detail.cards)
      if (card.kind === 'observation' && card.step !== null && !observations.has(card.step)) observations.set(card.step, card.text);
    const segments = detail.captions?.segments ?? [];
    const segmentTimes = (index: number): string | undefined => {
      const segment = segments[index];
      return segment ? `${formatClock(segment.start)}–${formatClock(segment.end)}` : undefined;
    };
    for (const view of this.cardViews) {
      const { step, kind } = view.card;
      const score = step !== null && (kind === 'observation' || kind === 'action') ? this.stepScores?.get(step) : undefined;
      view.setScore(score ? ({ score, observation: observations.get(score.step) ?? null, segmentTimes } satisfies StepScoreView) : null);
    }
  }

  /** Search words to mark in the question and the cards. */
  setTerms(terms: readonly string[]): void {
    if (terms.join(' ') === this.terms.join(' ')) return;
    this.terms = terms;
    if (this.detail) {
      const active = [...this.active];
      this.render(this.detail, this.selected);
      this.setActiveCards(active, false);
    }
  }

  /** A line above the sample ("#42 is filtered out of the list"), or none. */
  setNotice(notice: string | null): void {
    this.notice = notice;
    const existing = this.element.querySelector('.notice');
    if (existing && notice === null) existing.remove();
    else if (existing) existing.textContent = notice;
    else if (notice !== null && this.detail)
      this.element.querySelector('.sample-header')?.after(h('div', { class: 'notice', role: 'status', 'data-testid': 'sample-notice' }, notice));
  }

  setThumbnailMode(mode: ThumbnailMode): void {
    this.thumbnailMode = mode;
    this.element.classList.toggle('thumbnails-off', mode === 'off');
    if (mode === 'on') for (const view of this.visibleStrips) void view.strip?.load();
  }

  /** Marks the cards whose bands cover the playhead; scrolls one into view when the set changes. */
  setActiveCards(indices: readonly number[], scroll = true): void {
    const next = new Set(indices);
    const changed = next.size !== this.active.size || [...next].some((i) => !this.active.has(i));
    if (!changed) return;
    this.active = next;
    this.cardViews.forEach((view, i) => view.setActive(next.has(i)));
    // The selected card when it is among the active ones (n/p, a band), else the first active one.
    const target = this.selected !== null && next.has(this.selected) ? this.selected : indices.length > 0 ? Math.min(...indices) : undefined;
    const view = target === undefined ? undefined : this.cardViews[target];
    if (scroll && view && performance.now() - this.lastUserScroll > USER_SCROLL_GRACE_MS) view.element.scrollIntoView({ block: 'nearest' });
  }

  setSelectedCard(index: number | null, scroll = false): void {
    this.selected = index;
    this.cardViews.forEach((view, i) => view.setSelected(i === index));
    if (scroll && index !== null) this.cardViews[index]?.element.scrollIntoView({ block: 'nearest' });
  }

  private onIntersect(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const view = this.cardViews.find((v) => v.element === entry.target);
      if (!view) continue;
      if (entry.isIntersecting) {
        this.visibleStrips.add(view);
        if (this.thumbnailMode === 'on') void view.strip?.load();
      } else this.visibleStrips.delete(view);
    }
  }

  private disposeCards(): void {
    this.observer.disconnect();
    this.visibleStrips.clear();
    this.cardViews = [];
    this.editors = [];
  }

  private problems(problems: Problem[]): HTMLElement {
    return h(
      'ul',
      { class: 'record-problems', 'aria-label': 'Problems of this record' },
      ...problems.map((problem) => {
        const link = h('a', { href: '#', title: `Open line ${problem.line} in the text editor` }, `Line ${problem.line}:${problem.column}`);
        link.addEventListener('click', (event) => {
          event.preventDefault();
          this.handlers.openLine(problem.line);
        });
        return h('li', { class: `severity-${problem.severity}` }, h('span', { class: 'severity' }, problem.severity), ' ', link, ' ', problem.message);
      }),
    );
  }

  private completionPicker(detail: SampleDetail): HTMLElement | null {
    if (detail.completions <= 1) return null;
    const select = h('vscode-single-select', { 'aria-label': 'Completion', 'data-testid': 'completion-picker', class: 'completion-select' });
    for (let i = 0; i < detail.completions; i++) {
      select.append(h('vscode-option', { value: String(i), selected: i === detail.completion }, `${i + 1} of ${detail.completions}`));
    }
    select.addEventListener('change', () => {
      const completion = Number(select.value);
      if (Number.isInteger(completion) && completion !== detail.completion) this.handlers.chooseCompletion(completion);
    });
    return h('div', { class: 'completion-picker' }, h('label', {}, 'Completion '), select);
  }
}

/**
 * The model's chain as step cards, drawn with the sample view's StepCardView while tokens stream.
 * Only cards that changed are drawn again (in practice the last one), and the list follows its end
 * unless the user scrolled up to read. It scrolls on its own, so following the run never moves the
 * stored chain beside it.
 */
import type { StepCard, TimeChip } from '../../shared/sample/sample';
import { cardForSeek } from '../../shared/video/timeline';
import { h } from '../app/dom';
import { StepCardView } from '../cards/stepCard';
import { nearBottom } from './scrollFollow';
import { firstChanged } from './streamCards';

export interface RunCardHandlers {
  seek(time: number): void;
  playInterval(start: number, end: number): void;
}

/** The panel's cards get no frames (the stored chain's cards have them); the strip is hidden. */
const noThumbnails = (): Promise<never[]> => Promise.resolve([]);

export class RunCardList {
  readonly element = h('div', { class: 'run-cards', role: 'list', 'aria-label': "The model's chain", 'data-testid': 'run-cards', tabindex: '-1' });
  private drawn: readonly StepCard[] = [];
  private views: StepCardView[] = [];
  private follow = true;
  private lastScrollTop = 0;
  private selected: number | null = null;

  constructor(private readonly handlers: RunCardHandlers) {
    this.element.addEventListener('scroll', () => {
      // Zero heights: the list is hidden (another tab); that is no decision of the user's.
      if (this.element.clientHeight === 0) return;
      this.lastScrollTop = this.element.scrollTop;
      this.follow = nearBottom(this.element.scrollTop, this.element.clientHeight, this.element.scrollHeight);
    });
  }

  get cards(): readonly StepCard[] {
    return this.drawn;
  }

  /** Draws `cards`, keeping the unchanged ones; `streaming` marks the last card as still growing. */
  update(cards: readonly StepCard[], streaming: boolean): void {
    const from = firstChanged(this.drawn, cards);
    if (from < this.views.length || from < cards.length) {
      for (const view of this.views.splice(from)) view.element.remove();
      const fragment = document.createDocumentFragment();
      for (const card of cards.slice(from)) {
        const view = this.view(card);
        this.views.push(view);
        fragment.append(view.element);
      }
      this.element.append(fragment);
    }
    this.drawn = cards;
    this.views.forEach((view, i) => view.element.classList.toggle('streaming', streaming && i === this.views.length - 1));
    if (this.follow) this.toEnd();
  }

  /** A new run (or none): empty, following again. */
  reset(): void {
    for (const view of this.views) view.element.remove();
    this.views = [];
    this.drawn = [];
    this.selected = null;
    this.follow = true;
    this.lastScrollTop = 0;
  }

  /** The panel was put back in the page (the sample drawn again): its scroll is back at 0. */
  restoreScroll(): void {
    if (this.follow) this.toEnd();
    else this.element.scrollTop = this.lastScrollTop;
  }

  /** Marks card `index` (a run band was clicked) and scrolls it into the list's view. */
  select(index: number | null, scroll = false): void {
    this.selected = index;
    this.views.forEach((view, i) => view.setSelected(i === index));
    const view = index === null ? undefined : this.views[index];
    if (scroll && view) {
      this.follow = false;
      view.element.scrollIntoView({ block: 'nearest' });
    }
  }

  private toEnd(): void {
    this.element.scrollTop = this.element.scrollHeight;
  }

  private view(card: StepCard): StepCardView {
    const view = new StepCardView(card, [], {
      select: (c) => {
        this.select(c.index);
        const time = cardForSeek(c);
        if (time !== undefined) this.handlers.seek(time);
      },
      seek: (chip: TimeChip) => this.handlers.seek(chip.start),
      play: (chip: TimeChip) => this.handlers.playInterval(chip.start, chip.end),
      seekTo: (time) => this.handlers.seek(time),
      fetchThumbnails: noThumbnails,
    });
    // Not a stored card: the edit keys, n / p and the tests' step-card lookups must not find it.
    view.element.dataset.testid = 'run-card';
    view.element.classList.add('run-card');
    view.setSelected(card.index === this.selected);
    return view;
  }
}

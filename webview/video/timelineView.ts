/**
 * The strip under the video: the caption segments, the chain's cited intervals as coloured bands in
 * lanes (points as ticks, past-the-end hatched), and the playhead. Click a band to go to its card,
 * click anywhere else to seek. A model run's chain, once finished, gets its own lanes under the
 * stored chain's ("Model run"), in one colour of its own, so the two chains' citations line up.
 */
import { formatClock } from '../../shared/chain/timeRefs';
import type { CaptionSegmentView, StepCard } from '../../shared/sample/sample';
import { axisTicks, buildTimeline, formatPlayClock, toPercent, type Timeline, type TimelineBand } from '../../shared/video/timeline';
import { h } from '../app/dom';
import { cardLabel } from '../cards/cardText';
import { scoreLevel, scoreText } from '../rewards/scoreColour';
import type { StepScore } from '../rewards/stepScores';

export interface TimelineHandlers {
  seek(time: number): void;
  /** A band was clicked: select its card, scroll to it and seek to the band. */
  selectBand(card: number, time: number): void;
  /** A model run's band was clicked: show its card in the run panel (the caller also seeks). */
  selectRunBand?(card: number, time: number): void;
}

/** Which chain a band cites for: the record's (stored or edited) or a model run's new one. */
type BandSource = 'stored' | 'run';

/** Characters of a card's text shown when hovering its band. */
const HOVER_CHARS = 120;

function bandTimes(band: TimelineBand): string {
  return band.point ? formatClock(band.start) : `${formatClock(band.start)}–${formatClock(band.end)}`;
}

export class TimelineView {
  readonly element: HTMLElement;
  private readonly track = h('div', { class: 'tl-track' });
  private readonly captionRow = h('div', { class: 'tl-captions', 'aria-hidden': 'true' });
  private readonly lanes = h('div', { class: 'tl-lanes' });
  /** The model run's lanes, under the stored chain's. */
  private readonly runLanes = h('div', { class: 'tl-lanes tl-run-lanes' });
  private readonly runRow = h(
    'div',
    { class: 'tl-run', 'data-testid': 'timeline-run', hidden: true },
    h('span', { class: 'tl-run-label' }, 'Model run'),
    this.runLanes,
  );
  /** The ruler doubles as the keyboard's seek slider. */
  private readonly axis = h('div', {
    class: 'tl-axis',
    role: 'slider',
    tabindex: '0',
    'aria-label': 'Playhead: arrows move 1 s, Shift+arrows 10 s',
    'aria-valuemin': '0',
  });
  private readonly playhead = h('div', { class: 'tl-playhead', 'aria-hidden': 'true' });
  private readonly hover = h('div', { class: 'tl-hover', role: 'tooltip', hidden: true });
  /** The playhead's time with tenths (the player's own clock shows whole seconds: 4.3 s and 4.8 s both read 0:04). */
  private readonly clock = h('span', { class: 'tl-clock', 'data-testid': 'video-clock', title: 'Playhead (minutes:seconds.tenths)' }, formatPlayClock(0));
  private timeline: Timeline | null = null;
  private bandElements: HTMLElement[] = [];
  private activeCards = new Set<number>();
  private time = 0;
  private stepScores: Map<number, StepScore> | null = null;
  /** The run's cards and their bands (lanes and past-the-end worked out against the video's duration). */
  private run: { cards: readonly StepCard[]; bands: Timeline } | null = null;

  constructor(private readonly handlers: TimelineHandlers) {
    this.element = h(
      'div',
      { class: 'timeline', 'data-testid': 'timeline', role: 'group', 'aria-label': 'Timeline of the cited times' },
      this.clock,
      this.track,
      this.hover,
    );
    this.track.append(this.captionRow, this.lanes, this.runRow, this.axis, this.playhead);
    this.track.addEventListener('click', (event) => {
      if ((event.target as Element).closest('.tl-band') || !this.timeline) return;
      const rect = this.track.getBoundingClientRect();
      if (rect.width <= 0) return;
      const fraction = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
      this.handlers.seek(fraction * this.timeline.duration);
    });
    this.axis.addEventListener('keydown', (event) => {
      if (!this.timeline) return;
      const step = event.shiftKey ? 10 : 1;
      if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
        event.preventDefault();
        event.stopPropagation();
        this.handlers.seek(Math.max(0, Math.min(this.timeline.duration, this.time + (event.key === 'ArrowLeft' ? -step : step))));
      }
    });
    this.render(null, [], null);
  }

  render(timeline: Timeline | null, cards: readonly StepCard[], captions: readonly CaptionSegmentView[] | null): void {
    this.timeline = timeline;
    this.element.hidden = timeline === null;
    this.hover.hidden = true;
    if (timeline === null) {
      // Another record: the previous one's run bands go too (its run session shows them again).
      this.bandElements = [];
      this.lanes.replaceChildren();
      this.captionRow.replaceChildren();
      this.run = null;
      this.renderRun();
      return;
    }
    const duration = timeline.duration;
    this.axis.setAttribute('aria-valuemax', String(Math.round(duration)));
    this.captionRow.hidden = !captions || captions.length === 0;
    this.captionRow.replaceChildren(
      ...(captions ?? []).map((segment) => {
        const block = h('div', { class: 'tl-caption' });
        this.place(block, segment.start, segment.end, duration);
        return block;
      }),
    );
    const laneCount = timeline.bands.reduce((max, band) => Math.max(max, band.lane + 1), 0);
    this.lanes.style.setProperty('--lanes', String(Math.max(1, laneCount)));
    this.bandElements = timeline.bands.map((band) => this.band(band, cards[band.card], duration));
    this.lanes.replaceChildren(...this.bandElements);
    this.lanes.classList.toggle('empty', timeline.bands.length === 0);
    this.applyStepScores();
    this.renderRun();
    this.axis.replaceChildren(
      ...axisTicks(duration).map(({ time, fraction }) => {
        const tick = h('span', { class: 'tl-tick', 'data-edge': fraction >= 1 ? 'end' : undefined }, formatClock(time));
        tick.style.left = `${fraction * 100}%`;
        return tick;
      }),
    );
    this.activeCards = new Set();
    this.setTime(this.time);
  }

  /**
   * A model run's finished chain: its cited times as bands in the run lanes (null removes them).
   * `duration` is the video's, for the past-the-end hatching; the bands are placed on the stored
   * timeline's scale, so the same second sits at the same place in both.
   */
  setRunCards(cards: readonly StepCard[] | null, duration: number | null): void {
    this.run = cards === null ? null : { cards, bands: buildTimeline(cards, null, duration) };
    this.renderRun();
  }

  private renderRun(): void {
    const run = this.run;
    const timeline = this.timeline;
    if (run === null || timeline === null) {
      this.runRow.hidden = true;
      this.runLanes.replaceChildren();
      return;
    }
    const laneCount = run.bands.bands.reduce((max, band) => Math.max(max, band.lane + 1), 0);
    this.runLanes.style.setProperty('--lanes', String(Math.max(1, laneCount)));
    this.runLanes.replaceChildren(...run.bands.bands.map((band) => this.band(band, run.cards[band.card], timeline.duration, 'run')));
    this.runLanes.classList.toggle('empty', run.bands.bands.length === 0);
    this.runRow.hidden = false;
    this.runRow.setAttribute('aria-label', `Model run: ${run.bands.bands.length} cited time${run.bands.bands.length === 1 ? '' : 's'}`);
  }

  setTime(time: number): void {
    this.time = time;
    this.clock.textContent = formatPlayClock(time);
    if (!this.timeline) return;
    this.playhead.style.left = `${toPercent(time, this.timeline.duration)}%`;
    this.axis.setAttribute('aria-valuenow', String(Math.round(time * 10) / 10));
    this.axis.setAttribute('aria-valuetext', formatClock(Math.round(time * 10) / 10));
  }

  setActiveCards(cards: readonly number[]): void {
    const next = new Set(cards);
    if (next.size === this.activeCards.size && cards.every((c) => this.activeCards.has(c))) return;
    this.activeCards = next;
    for (const element of this.bandElements) element.classList.toggle('active', next.has(Number(element.dataset.card)));
  }

  /**
   * Colours each band by its step's score (as its cards): red, amber, green, neutral without one.
   * Null puts the palette colours back.
   */
  setStepScores(scores: Map<number, StepScore> | null): void {
    this.stepScores = scores;
    this.applyStepScores();
  }

  private applyStepScores(): void {
    const scores = this.stepScores;
    this.lanes.classList.toggle('scored', scores !== null);
    for (const element of this.bandElements) {
      for (const level of ['bad', 'warn', 'good', 'none']) element.classList.remove(`score-${level}`);
      const step = element.dataset.step === undefined ? null : Number(element.dataset.step);
      if (scores === null) {
        delete element.dataset.score;
        delete element.dataset.level;
        continue;
      }
      const score = step === null ? null : (scores.get(step)?.score ?? null);
      const level = scoreLevel(score);
      element.classList.add(`score-${level}`);
      element.dataset.level = level;
      const text = scoreText(score);
      if (text === undefined) delete element.dataset.score;
      else element.dataset.score = text;
    }
  }

  setSelectedCard(card: number | null): void {
    for (const element of this.bandElements) element.classList.toggle('selected', Number(element.dataset.card) === card);
  }

  private place(element: HTMLElement, start: number, end: number, duration: number): void {
    const left = toPercent(start, duration);
    element.style.left = `${left}%`;
    element.style.width = `${Math.max(0, toPercent(end, duration) - left)}%`;
  }

  private band(band: TimelineBand, card: StepCard | undefined, duration: number, source: BandSource = 'stored'): HTMLElement {
    const label = `${source === 'run' ? 'Model run · ' : ''}${card ? cardLabel(card) : `Card ${band.card + 1}`} · ${bandTimes(band)}${band.pastEnd ? ' · past the video’s end' : ''}`;
    const text = card ? card.text.trim().replace(/\s+/g, ' ') : '';
    const preview = text.length > HOVER_CHARS ? `${text.slice(0, HOVER_CHARS)}…` : text;
    const element = h('button', {
      type: 'button',
      class: `tl-band seek-control ${source === 'run' ? 'run-band' : `band-c${band.colour}`}${band.point ? ' point' : ''}${band.pastEnd ? ' past-end' : ''}`,
      'data-testid': 'timeline-band',
      'data-source': source,
      'data-card': String(band.card),
      'data-step': band.step === null ? undefined : String(band.step),
      'data-start': String(band.start),
      'data-end': String(band.end),
      'aria-label': `${label}: ${preview}`,
    });
    this.place(element, band.start, band.point ? band.start : band.end, duration);
    element.style.setProperty('--lane', String(band.lane));
    element.addEventListener('click', (event) => {
      event.stopPropagation();
      if (source === 'stored') this.handlers.selectBand(band.card, band.start);
      else {
        // Like a chip: seek; the run panel marks the card.
        this.handlers.seek(band.start);
        this.handlers.selectRunBand?.(band.card, band.start);
      }
    });
    const show = (): void => {
      const score = source === 'stored' ? element.dataset.score : undefined;
      const scored = score === undefined ? '' : ` · ${this.stepScores?.get(band.step ?? -1)?.source === 'judge' ? 'judge' : 'evidence'} ${score}`;
      this.hover.replaceChildren(h('strong', {}, label + scored), h('br'), preview);
      this.hover.hidden = false;
      // Anchor the tooltip on the band's side that has room.
      const percent = toPercent(band.start, duration);
      this.hover.style.left = percent <= 50 ? `${percent}%` : 'auto';
      this.hover.style.right = percent <= 50 ? 'auto' : `${100 - toPercent(band.point ? band.start : band.end, duration)}%`;
    };
    const hide = (): void => {
      this.hover.hidden = true;
    };
    element.addEventListener('mouseenter', show);
    element.addEventListener('focus', show);
    element.addEventListener('mouseleave', hide);
    element.addEventListener('blur', hide);
    return element;
  }
}

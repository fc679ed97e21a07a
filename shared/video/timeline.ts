/**
 * The model behind the sample view's video timeline: one band per cited time of the chain, stacked in
 * lanes, the moments `[`/`]` jump between, and what is "active" at the playhead. Pure and browser-safe.
 */
import { PAST_END_TOLERANCE } from '../chain/grounding';
import type { StepCard } from '../sample/sample';

/** Seconds a point citation stays active (and occupies its lane): t counts over [t, t + POINT_SPAN). */
export const POINT_SPAN = 1;
/** Band colours cycle through this many palette entries. */
export const PALETTE_SIZE = 8;
/** Seconds `nextMoment` skips around the playhead, so a press right after a jump walks on. */
export const MOMENT_EPSILON = 0.05;

export interface TimelineBand {
  /** The card's `index`. */
  card: number;
  step: number | null;
  /** The cited interval (a point has start === end); seconds. */
  start: number;
  end: number;
  /** 0-based row; overlapping bands never share one. */
  lane: number;
  /** Palette entry: the step's index mod PALETTE_SIZE, or the card's when the card has no step. */
  colour: number;
  point: boolean;
  /** Cites past the video's known end. */
  pastEnd: boolean;
  /**
   * A point's lit span ends here (exclusive): POINT_SPAN after it, or sooner at the next cited moment, so a
   * point at 4.3 s is no longer lit at 4.8 s once a point at 4.8 s starts. A range is lit over [start, end].
   */
  litUntil: number;
}

export interface Timeline {
  /** Seconds the timeline spans: the video's duration, stretched to every citation and caption; at least 1. */
  duration: number;
  /** Card order, then chip order within a card. */
  bands: TimelineBand[];
  /** Sorted, distinct band starts: the `[`/`]` stops. */
  moments: number[];
}

export type TimelineCard = Pick<StepCard, 'index' | 'step' | 'chips'>;

/** Where a band stops counting: a point lasts POINT_SPAN. */
const bandStop = (band: Pick<TimelineBand, 'start' | 'end' | 'point'>): number => (band.point ? band.start + POINT_SPAN : band.end);

export function buildTimeline(cards: readonly TimelineCard[], captions: readonly { start: number; end: number }[] | null, duration: number | null): Timeline {
  const known = duration !== null && Number.isFinite(duration) ? duration : null;
  const bands: TimelineBand[] = [];
  for (const card of cards) {
    const seen = new Set<string>();
    for (const chip of card.chips) {
      if (!Number.isFinite(chip.start) || !Number.isFinite(chip.end)) continue;
      const key = `${chip.start}:${chip.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // A zero-length range ("00:05-00:05") is drawn and timed like a point.
      const point = chip.kind === 'point' || chip.end <= chip.start;
      bands.push({
        card: card.index,
        step: card.step,
        start: chip.start,
        end: point ? chip.start : chip.end,
        lane: 0,
        colour: (card.step ?? card.index) % PALETTE_SIZE,
        point,
        pastEnd: known !== null && chip.end > known + PAST_END_TOLERANCE,
        litUntil: point ? chip.start + POINT_SPAN : chip.end,
      });
    }
  }
  assignLanes(bands);

  let span = Math.max(1, known ?? 0);
  for (const band of bands) span = Math.max(span, bandStop(band));
  for (const seg of captions ?? []) if (Number.isFinite(seg.end)) span = Math.max(span, seg.end);

  const moments = [...new Set(bands.map((b) => b.start))].sort((a, b) => a - b);
  for (const band of bands) {
    if (!band.point) continue;
    const next = moments.find((m) => m > band.start);
    if (next !== undefined) band.litUntil = Math.min(band.litUntil, next);
  }
  return { duration: span, bands, moments };
}

/** Greedy interval partitioning: by start, each band takes the lowest lane free by then. */
function assignLanes(bands: TimelineBand[]): void {
  const order = bands.map((_, i) => i).sort((a, b) => bands[a].start - bands[b].start || bandStop(bands[a]) - bandStop(bands[b]) || a - b);
  const laneEnds: number[] = [];
  for (const i of order) {
    const band = bands[i];
    let lane = laneEnds.findIndex((end) => end <= band.start);
    if (lane < 0) lane = laneEnds.length;
    laneEnds[lane] = bandStop(band);
    band.lane = lane;
  }
}

/**
 * Whether the band is lit at `t`: a range iff start <= t <= end (so a card stays lit when ▶ stops at its end);
 * a point over [t0, litUntil): up to POINT_SPAN, cut at the next cited moment.
 */
export const covers = (band: Pick<TimelineBand, 'start' | 'end' | 'point' | 'litUntil'>, t: number): boolean =>
  band.point ? band.start <= t && t < band.litUntil : band.start <= t && t <= band.end;

/** The `index` of every card with a band at `t`, ascending and distinct. */
export function activeCards(timeline: Pick<Timeline, 'bands'>, t: number): number[] {
  const cards = new Set<number>();
  for (const band of timeline.bands) if (covers(band, t)) cards.add(band.card);
  return [...cards].sort((a, b) => a - b);
}

/** Indices of the caption segments playing at `t` (start <= t < end; a zero-length segment at t counts). */
export function activeCaptions(segments: readonly { start: number; end: number }[], t: number): number[] {
  const active: number[] = [];
  segments.forEach((seg, i) => {
    if ((seg.start <= t && t < seg.end) || (seg.start === t && seg.end === t)) active.push(i);
  });
  return active;
}

/** The first moment after `t` (direction 1) or the last one before it (-1), ignoring those within MOMENT_EPSILON. */
export function nextMoment(moments: readonly number[], t: number, direction: 1 | -1): number | undefined {
  if (direction === 1) return moments.find((m) => m > t + MOMENT_EPSILON);
  for (let i = moments.length - 1; i >= 0; i--) if (moments[i] < t - MOMENT_EPSILON) return moments[i];
  return undefined;
}

/** `t` as a percentage of `duration`, clamped to 0..100 (0 when either is unusable). */
export function toPercent(t: number, duration: number): number {
  if (!(duration > 0) || !Number.isFinite(duration) || Number.isNaN(t)) return 0;
  return Math.min(100, Math.max(0, (t / duration) * 100));
}

/** Where clicking a card seeks: its first cited time. */
export function cardForSeek(card: Pick<StepCard, 'chips'>): number | undefined {
  return card.chips[0]?.start;
}

/**
 * The video clock with tenths, truncated as a player's clock is (4.35 s → "0:04.3"): M:SS.t below an hour,
 * H:MM:SS.t from one; "-:--.-" for a value that is not a time.
 */
export function formatPlayClock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '-:--.-';
  // The small epsilon keeps 4.3 (stored as 4.2999…) at 4.3.
  const tenths = Math.floor(Math.max(0, seconds) * 10 + 1e-6);
  const whole = Math.floor(tenths / 10);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  const tail = `${s}.${tenths % 10}`;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${tail}` : `${m}:${tail}`;
}

/** Steps between axis labels, seconds: the first that keeps at most 4 steps gives distinct labels. */
const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 18000, 36000];

/**
 * The timeline axis's labels: whole seconds at a round step from 0, at most 5, never two alike (a 1 s
 * span gives 0 and 1 s, not "00:00 00:00 00:01 00:01"); each with its place as a fraction of `duration`.
 */
export function axisTicks(duration: number): { time: number; fraction: number }[] {
  if (!(duration > 0) || !Number.isFinite(duration)) return [{ time: 0, fraction: 0 }];
  const step = TICK_STEPS.find((s) => duration / s <= 4) ?? Math.ceil(duration / 4);
  const ticks: { time: number; fraction: number }[] = [];
  for (let t = 0; t <= duration + 1e-9; t += step) ticks.push({ time: t, fraction: t / duration });
  return ticks;
}

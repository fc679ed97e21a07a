import * as assert from 'node:assert/strict';
import type { TimeChip } from '../../../shared/sample/sample';
import {
  POINT_SPAN,
  activeCaptions,
  activeCards,
  buildTimeline,
  cardForSeek,
  nextMoment,
  toPercent,
  type TimelineBand,
  type TimelineCard,
} from '../../../shared/video/timeline';

const range = (start: number, end: number): TimeChip => ({ start, end, from: 0, to: 1, text: 'x', kind: 'range', reversed: false });
const point = (at: number): TimeChip => ({ start: at, end: at, from: 0, to: 1, text: 'x', kind: 'point', reversed: false });
const card = (index: number, step: number | null, ...chips: TimeChip[]): TimelineCard => ({ index, step, chips });

/** The bands as [card, start, end, lane] for compact comparisons. */
const lanes = (bands: readonly TimelineBand[]): [number, number, number, number][] => bands.map((b) => [b.card, b.start, b.end, b.lane]);

describe('buildTimeline', () => {
  it('makes one band per chip, in card then chip order, with its step colour', () => {
    const timeline = buildTimeline([card(0, null), card(1, 0, range(7, 15)), card(2, 0, range(15, 22), point(16)), card(3, null, point(5))], null, 30);
    assert.deepEqual(
      timeline.bands.map((b) => ({ card: b.card, step: b.step, start: b.start, end: b.end, colour: b.colour, point: b.point, pastEnd: b.pastEnd })),
      [
        { card: 1, step: 0, start: 7, end: 15, colour: 0, point: false, pastEnd: false },
        { card: 2, step: 0, start: 15, end: 22, colour: 0, point: false, pastEnd: false },
        { card: 2, step: 0, start: 16, end: 16, colour: 0, point: true, pastEnd: false },
        { card: 3, step: null, start: 5, end: 5, colour: 3, point: true, pastEnd: false },
      ],
    );
  });

  it('cycles colours through 8 palette entries', () => {
    const timeline = buildTimeline([card(0, 9, point(1)), card(17, null, point(2)), card(2, 7, point(3))], null, null);
    assert.deepEqual(
      timeline.bands.map((b) => b.colour),
      [1, 1, 7],
    );
  });

  it('drops identical intervals within a card, not across cards', () => {
    const timeline = buildTimeline([card(0, 0, range(7, 15), range(7, 15), point(7)), card(1, 0, range(7, 15))], null, null);
    // Equal starts: the shorter band (the point) takes the lower lane.
    assert.deepEqual(lanes(timeline.bands), [
      [0, 7, 15, 1],
      [0, 7, 7, 0],
      [1, 7, 15, 2],
    ]);
  });

  const laneCases: { name: string; cards: TimelineCard[]; expected: [number, number, number, number][] }[] = [
    {
      name: 'disjoint bands share lane 0',
      cards: [card(0, 0, range(0, 5)), card(1, 1, range(10, 12))],
      expected: [
        [0, 0, 5, 0],
        [1, 10, 12, 0],
      ],
    },
    {
      name: 'touching bands share a lane',
      cards: [card(0, 0, range(0, 5)), card(1, 1, range(5, 10))],
      expected: [
        [0, 0, 5, 0],
        [1, 5, 10, 0],
      ],
    },
    {
      name: 'overlapping bands take the next lane',
      cards: [card(0, 0, range(0, 10)), card(1, 1, range(5, 15))],
      expected: [
        [0, 0, 10, 0],
        [1, 5, 15, 1],
      ],
    },
    {
      name: 'a freed lane is reused, lowest first',
      cards: [card(0, 0, range(0, 10)), card(1, 1, range(2, 4)), card(2, 2, range(3, 20)), card(3, 3, range(5, 6))],
      expected: [
        [0, 0, 10, 0],
        [1, 2, 4, 1],
        [2, 3, 20, 2],
        [3, 5, 6, 1],
      ],
    },
    {
      name: 'lanes follow time, not card order',
      cards: [card(0, 0, range(10, 20)), card(1, 1, range(0, 12))],
      expected: [
        [0, 10, 20, 1],
        [1, 0, 12, 0],
      ],
    },
    {
      name: 'a point occupies POINT_SPAN',
      cards: [card(0, 0, point(5)), card(1, 1, range(5.5, 8)), card(2, 2, range(6, 8))],
      expected: [
        [0, 5, 5, 0],
        [1, 5.5, 8, 1],
        [2, 6, 8, 0],
      ],
    },
    {
      name: 'two points at the same time stack',
      cards: [card(0, 0, point(5)), card(1, null, point(5))],
      expected: [
        [0, 5, 5, 0],
        [1, 5, 5, 1],
      ],
    },
  ];
  for (const { name, cards, expected } of laneCases) {
    it(`lanes: ${name}`, () => assert.deepEqual(lanes(buildTimeline(cards, null, null).bands), expected));
  }

  it('no two bands in one lane overlap', () => {
    const cards = Array.from({ length: 40 }, (_, i) => card(i, i, range((i * 7) % 30, ((i * 7) % 30) + 1 + (i % 9)), point((i * 3) % 30)));
    const bands = buildTimeline(cards, null, 30).bands;
    const stop = (b: TimelineBand) => (b.point ? b.start + POINT_SPAN : b.end);
    for (const a of bands) {
      for (const b of bands) {
        if (a !== b && a.lane === b.lane) assert.ok(stop(a) <= b.start || stop(b) <= a.start, `${JSON.stringify(a)} / ${JSON.stringify(b)}`);
      }
    }
  });

  it('treats a zero-length range as a point', () => {
    const band = buildTimeline([card(0, 0, range(4, 4))], null, null).bands[0];
    assert.equal(band.point, true);
  });

  const pastEndCases: { name: string; chip: TimeChip; duration: number | null; expected: boolean }[] = [
    { name: 'inside', chip: range(20, 30), duration: 30, expected: false },
    { name: 'within the tolerance', chip: point(30.5), duration: 30, expected: false },
    { name: 'past the tolerance', chip: range(25, 30.6), duration: 30, expected: true },
    { name: 'unknown duration', chip: point(500), duration: null, expected: false },
  ];
  for (const { name, chip, duration, expected } of pastEndCases) {
    it(`pastEnd: ${name}`, () => assert.equal(buildTimeline([card(0, 0, chip)], null, duration).bands[0].pastEnd, expected));
  }

  const durationCases: { name: string; cards: TimelineCard[]; captions: { start: number; end: number }[] | null; duration: number | null; expected: number }[] =
    [
      { name: 'the video duration', cards: [card(0, 0, range(1, 2))], captions: null, duration: 30, expected: 30 },
      { name: 'stretched to a cited end', cards: [card(0, 0, range(1, 72))], captions: null, duration: 30, expected: 72 },
      { name: 'stretched to a point plus POINT_SPAN', cards: [card(0, 0, point(40))], captions: null, duration: 30, expected: 40 + POINT_SPAN },
      { name: 'stretched to a caption end', cards: [], captions: [{ start: 0, end: 45 }], duration: 30, expected: 45 },
      { name: 'from citations alone', cards: [card(0, 0, range(3, 9))], captions: null, duration: null, expected: 9 },
      { name: 'at least one second', cards: [], captions: null, duration: null, expected: 1 },
      { name: 'at least one second, even for a point at 0', cards: [card(0, 0, point(0))], captions: [], duration: 0.2, expected: 1 },
    ];
  for (const { name, cards, captions, duration, expected } of durationCases) {
    it(`duration: ${name}`, () => assert.equal(buildTimeline(cards, captions, duration).duration, expected));
  }

  it('lists sorted, distinct chip starts as moments', () => {
    const timeline = buildTimeline([card(0, 0, range(15, 22), point(7)), card(1, 1, range(7, 15), point(15)), card(2, null, point(0.5))], null, 30);
    assert.deepEqual(timeline.moments, [0.5, 7, 15]);
  });
});

describe('activeCards', () => {
  const timeline = buildTimeline([card(0, null), card(1, 0, range(7, 15)), card(2, 0, range(15, 22), point(7)), card(3, 1, point(20))], null, 30);
  const cases: { t: number; expected: number[] }[] = [
    { t: 0, expected: [] },
    { t: 6.99, expected: [] },
    { t: 7, expected: [1, 2] },
    { t: 7.99, expected: [1, 2] },
    { t: 8, expected: [1] },
    { t: 14.99, expected: [1] },
    // A range is lit through its end: card 1's 07–15 and card 2's 15–22 meet at 15.
    { t: 15, expected: [1, 2] },
    { t: 15.01, expected: [2] },
    { t: 20, expected: [2, 3] },
    { t: 21, expected: [2] },
    { t: 22, expected: [2] },
    { t: 22.01, expected: [] },
  ];
  for (const { t, expected } of cases) {
    it(`at ${t}s → [${expected.join(', ')}]`, () => assert.deepEqual(activeCards(timeline, t), expected));
  }
});

describe('activeCaptions', () => {
  const segments = [
    { start: 0, end: 5 },
    { start: 5, end: 12 },
    { start: 10, end: 14 },
    { start: 20, end: 20 },
  ];
  const cases: { t: number; expected: number[] }[] = [
    { t: 0, expected: [0] },
    { t: 4.99, expected: [0] },
    { t: 5, expected: [1] },
    { t: 11, expected: [1, 2] },
    { t: 12, expected: [2] },
    { t: 14, expected: [] },
    { t: 20, expected: [3] },
    { t: 20.01, expected: [] },
    { t: -1, expected: [] },
  ];
  for (const { t, expected } of cases) {
    it(`at ${t}s → [${expected.join(', ')}]`, () => assert.deepEqual(activeCaptions(segments, t), expected));
  }
});

describe('nextMoment', () => {
  const moments = [0, 7, 15, 22];
  const cases: { name: string; t: number; direction: 1 | -1; expected: number | undefined }[] = [
    { name: 'next from the start', t: 0, direction: 1, expected: 7 },
    { name: 'next from between moments', t: 10, direction: 1, expected: 15 },
    { name: 'next from just after a jump walks on', t: 7.03, direction: 1, expected: 15 },
    { name: 'next from just before a moment skips it', t: 6.96, direction: 1, expected: 15 },
    { name: 'next from a little before a moment takes it', t: 6.9, direction: 1, expected: 7 },
    { name: 'next past the last', t: 22, direction: 1, expected: undefined },
    { name: 'previous from between moments', t: 10, direction: -1, expected: 7 },
    { name: 'previous from on a moment walks back', t: 15, direction: -1, expected: 7 },
    { name: 'previous from just after a moment skips it', t: 15.04, direction: -1, expected: 7 },
    { name: 'previous from a little after a moment takes it', t: 15.1, direction: -1, expected: 15 },
    { name: 'previous before the first', t: 0, direction: -1, expected: undefined },
  ];
  for (const { name, t, direction, expected } of cases) {
    it(name, () => assert.equal(nextMoment(moments, t, direction), expected));
  }

  it('repeated presses walk through every moment and back', () => {
    const walk = (t: number, direction: 1 | -1): number[] => {
      const seen: number[] = [];
      for (let next = nextMoment(moments, t, direction); next !== undefined; next = nextMoment(moments, next, direction)) seen.push(next);
      return seen;
    };
    assert.deepEqual(walk(-1, 1), [0, 7, 15, 22]);
    assert.deepEqual(walk(30, -1), [22, 15, 7, 0]);
    assert.equal(nextMoment([], 3, 1), undefined);
  });
});

describe('toPercent', () => {
  const cases: { t: number; duration: number; expected: number }[] = [
    { t: 0, duration: 30, expected: 0 },
    { t: 15, duration: 30, expected: 50 },
    { t: 30, duration: 30, expected: 100 },
    { t: 45, duration: 30, expected: 100 },
    { t: -3, duration: 30, expected: 0 },
    { t: 5, duration: 0, expected: 0 },
    { t: Number.NaN, duration: 30, expected: 0 },
  ];
  for (const { t, duration, expected } of cases) {
    it(`${t} of ${duration} → ${expected}%`, () => assert.equal(toPercent(t, duration), expected));
  }
});

describe('cardForSeek', () => {
  it("is the card's first cited time", () => {
    assert.equal(cardForSeek({ chips: [range(15, 22), point(7)] }), 15);
    assert.equal(cardForSeek({ chips: [point(3.5)] }), 3.5);
    assert.equal(cardForSeek({ chips: [] }), undefined);
  });
});

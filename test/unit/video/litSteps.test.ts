/**
 * Which steps light up at the playhead, the video clock with tenths and the axis labels (issue 20):
 * every expectation is worked out by hand, or by a brute-force oracle that reads the chips directly.
 */
import * as assert from 'node:assert/strict';
import type { TimeChip } from '../../../shared/sample/sample';
import { POINT_SPAN, activeCards, axisTicks, buildTimeline, formatPlayClock, type TimelineCard } from '../../../shared/video/timeline';

const range = (start: number, end: number): TimeChip => ({ start, end, from: 0, to: 1, text: 'x', kind: 'range', reversed: false });
const point = (at: number): TimeChip => ({ start: at, end: at, from: 0, to: 1, text: 'x', kind: 'point', reversed: false });
const card = (index: number, ...chips: TimeChip[]): TimelineCard => ({ index, step: index, chips });

describe('lit steps at the playhead', () => {
  it('the issue’s case: points at 4.3 s and 4.8 s: at 4.8 s only the 4.8 s step is lit', () => {
    const timeline = buildTimeline([card(0, point(4.3)), card(1, point(4.8))], null, 30);
    assert.deepEqual(activeCards(timeline, 4.3), [0]);
    assert.deepEqual(activeCards(timeline, 4.79), [0]);
    assert.deepEqual(activeCards(timeline, 4.8), [1]);
    assert.deepEqual(activeCards(timeline, 5.79), [1]);
    assert.deepEqual(activeCards(timeline, 5.8), []); // 4.8 + POINT_SPAN (1 s)
    assert.deepEqual(activeCards(timeline, 4.2), []);
  });

  it('a range is lit from its start through its end, inclusive', () => {
    const timeline = buildTimeline([card(0, range(10, 12))], null, 30);
    const at = (t: number) => activeCards(timeline, t).length === 1;
    assert.deepEqual([9.99, 10, 11, 12, 12.01].map(at), [false, true, true, true, false]);
  });

  it('property: a card is lit iff one of its ranges has start ≤ t ≤ end, or one of its points p has p ≤ t < min(p + 1 s, the next cited moment)', () => {
    // A small deterministic generator (no Math.random): 200 chains of 1–5 cards over a 0–20 s video.
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const tenths = () => Math.round(next() * 200);
    for (let trial = 0; trial < 200; trial++) {
      const cards: TimelineCard[] = Array.from({ length: 1 + Math.floor(next() * 5) }, (_, i) => {
        const a = tenths();
        const b = tenths();
        // Whole tenths divided once, so the oracle compares exactly the numbers the chips hold.
        return card(i, next() < 0.5 ? point(a / 10) : range(Math.min(a, b) / 10, (Math.max(a, b) + 1) / 10));
      });
      const timeline = buildTimeline(cards, null, 20);
      const starts = cards.flatMap((c) => c.chips.map((chip) => chip.start));
      for (let k = 0; k <= 220; k++) {
        const t = k / 10;
        const expected = cards
          .filter((c) =>
            c.chips.some((chip) => {
              if (chip.kind === 'range') return chip.start <= t && t <= chip.end;
              const later = starts.filter((s) => s > chip.start);
              const stop = Math.min(chip.start + POINT_SPAN, ...later);
              return chip.start <= t && t < stop;
            }),
          )
          .map((c) => c.index);
        assert.deepEqual(
          activeCards(timeline, t),
          expected,
          `trial ${trial} at ${t}: ${JSON.stringify(cards.map((c) => c.chips.map((x) => [x.kind, x.start, x.end])))}`,
        );
      }
    }
  });
});

describe('formatPlayClock', () => {
  const cases: [number, string][] = [
    [0, '0:00.0'],
    [4.3, '0:04.3'],
    [4.35, '0:04.3'], // truncated like a player's clock, not rounded up
    [4.8, '0:04.8'],
    [4.99, '0:04.9'],
    [59.95, '0:59.9'],
    [60, '1:00.0'],
    [75.25, '1:15.2'],
    [3723.4, '1:02:03.4'],
    [-1, '0:00.0'],
    [Number.NaN, '-:--.-'],
  ];
  for (const [seconds, expected] of cases) it(`${seconds} s → ${expected}`, () => assert.equal(formatPlayClock(seconds), expected));
});

describe('axisTicks', () => {
  const times = (duration: number) => axisTicks(duration).map((t) => t.time);
  it('a 1 s span (a record with no video) is labelled 0 and 1 s, no label twice', () => assert.deepEqual(times(1), [0, 1]));
  it('30 s: every 10 s', () => assert.deepEqual(times(30), [0, 10, 20, 30]));
  it('7.3 s: every 2 s', () => assert.deepEqual(times(7.3), [0, 2, 4, 6]));
  it('600 s: every 300 s', () => assert.deepEqual(times(600), [0, 300, 600]));
  it('places each label at its fraction of the span', () =>
    assert.deepEqual(
      axisTicks(30).map((t) => t.fraction),
      [0, 1 / 3, 2 / 3, 1],
    ));
  it('property: never more than 5 labels and never two alike, for spans from 0.5 s to 10 h', () => {
    for (let d = 0.5; d < 36000; d *= 1.37) {
      const labels = times(d);
      assert.ok(labels.length >= 1 && labels.length <= 5, `${d}: ${labels.length}`);
      assert.equal(new Set(labels).size, labels.length);
      assert.ok(labels.every((t) => t <= d + 1e-9));
    }
  });
});

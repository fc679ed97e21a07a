import * as assert from 'node:assert/strict';
import { formatTimeLike } from '../../../shared/chain/formatTimeRef';
import { formatClock, type ClockStyle } from '../../../shared/chain/timeRefs';
import { findTimeRefs } from '../../../shared/chain/timeRefs';
import { mulberry32 as prng } from '../../../bench/syntheticDataset';

describe('formatClock', () => {
  const cases: { seconds: number; style?: ClockStyle; expected: string }[] = [
    { seconds: 0, expected: '00:00' },
    { seconds: 42, expected: '00:42' },
    { seconds: 7.5, expected: '00:07.5' },
    { seconds: 7.125, expected: '00:07.125' },
    { seconds: 59.9999, expected: '01:00' },
    { seconds: 599, expected: '09:59' },
    { seconds: 3599, expected: '59:59' },
    { seconds: 3600, expected: '1:00:00' },
    { seconds: 3723, expected: '1:02:03' },
    { seconds: 42, style: { padMinutes: false }, expected: '0:42' },
    { seconds: 3723, style: { padHours: true }, expected: '01:02:03' },
    { seconds: 42, style: { hours: 'always' }, expected: '0:00:42' },
    { seconds: 4510, style: { hours: 'never' }, expected: '75:10' },
    { seconds: 999 * 60, style: { hours: 'never' }, expected: '999:00' },
    { seconds: 999 * 60 + 59, style: { hours: 'never' }, expected: '999:59' },
    { seconds: 1000 * 60, style: { hours: 'never' }, expected: '16:40:00' },
    { seconds: 12.3, style: { fractionDigits: 2 }, expected: '00:12.30' },
    { seconds: 12, style: { fractionDigits: 2 }, expected: '00:12' },
    { seconds: Number.NaN, expected: '--:--' },
  ];
  for (const { seconds, style, expected } of cases) {
    it(`${seconds}${style === undefined ? '' : ` ${JSON.stringify(style)}`} → ${expected}`, () => assert.equal(formatClock(seconds, style), expected));
  }
});

describe('formatTimeLike', () => {
  const cases: { original: string; start: number; end: number; expected: string }[] = [
    // Clock points.
    { original: '00:42', start: 51, end: 51, expected: '00:51' },
    { original: '0:42', start: 51, end: 51, expected: '0:51' },
    { original: '5:42', start: 9, end: 9, expected: '0:09' },
    { original: '12:42', start: 9, end: 9, expected: '00:09' },
    { original: '00:42', start: 42.5, end: 42.5, expected: '00:42.5' },
    { original: '00:42', start: 3700, end: 3700, expected: '1:01:40' },
    { original: '1:02:03', start: 42, end: 42, expected: '0:00:42' },
    { original: '01:02:03', start: 3725, end: 3725, expected: '01:02:05' },
    { original: '75:10', start: 4520, end: 4520, expected: '75:20' },
    { original: '00:07.50', start: 12.3, end: 12.3, expected: '00:12.30' },
    { original: '00:07.50', start: 12, end: 12, expected: '00:12' },
    { original: '(01:09)', start: 70, end: 70, expected: '(01:10)' },
    { original: '[00:05]', start: 6, end: 6, expected: '[00:06]' },
    // Clock ranges keep separator and brackets.
    { original: '[00:07-00:15]', start: 9, end: 20, expected: '[00:09-00:20]' },
    { original: '[ 00:07 - 00:15 ]', start: 9, end: 20, expected: '[ 00:09 - 00:20 ]' },
    { original: '00:07–00:15', start: 9, end: 20, expected: '00:09–00:20' },
    { original: '01:09 to 01:13', start: 70, end: 80, expected: '01:10 to 01:20' },
    { original: '00:07 and 00:15', start: 9, end: 20, expected: '00:09 and 00:20' },
    { original: '[00:07, 00:15]', start: 9, end: 20, expected: '[00:09, 00:20]' },
    { original: '0:07-0:15', start: 9, end: 20, expected: '0:09-0:20' },
    { original: '00:15-00:07', start: 9, end: 20, expected: '00:09-00:20' },
    // Range to point and point to range.
    { original: '[00:07-00:15]', start: 10, end: 10, expected: '[00:10]' },
    { original: '01:09 to 01:13', start: 70, end: 70, expected: '01:10' },
    { original: '00:42', start: 42, end: 51, expected: '00:42-00:51' },
    { original: '0:42', start: 42, end: 51, expected: '0:42-0:51' },
    { original: '(01:09)', start: 69, end: 73, expected: '(01:09-01:13)' },
    // Seconds.
    { original: '12.5s', start: 15, end: 15, expected: '15s' },
    { original: '12.5s', start: 15.25, end: 15.25, expected: '15.25s' },
    { original: '12 seconds', start: 15, end: 15, expected: '15 seconds' },
    { original: '12 seconds', start: 1, end: 1, expected: '1 second' },
    { original: '1 second', start: 3, end: 3, expected: '3 seconds' },
    { original: '12 secs', start: 3, end: 3, expected: '3 secs' },
    { original: '3-5s', start: 4, end: 6, expected: '4-6s' },
    { original: '3-5s', start: 4, end: 4, expected: '4s' },
    { original: '3s-5s', start: 4, end: 6, expected: '4s-6s' },
    { original: '3 and 5 seconds', start: 4, end: 6, expected: '4 and 6 seconds' },
    { original: '12.5s', start: 12.5, end: 15, expected: '12.5s-15s' },
    { original: '12 seconds', start: 12, end: 15, expected: '12-15 seconds' },
    // No time in the original, and values no clock can hold.
    { original: '', start: 42, end: 42, expected: '00:42' },
    { original: 'soon', start: 42, end: 51, expected: '00:42-00:51' },
    { original: '00:42', start: 400_000, end: 400_000, expected: '400000s' },
    { original: '00:42', start: 42, end: 400_000, expected: '42s-400000s' },
  ];
  for (const { original, start, end, expected } of cases) {
    it(`${JSON.stringify(original)} → ${start}–${end}: ${expected}`, () => assert.equal(formatTimeLike(original, start, end), expected));
  }

  const originals = [
    '00:42',
    '0:42',
    '1:02:03',
    '01:02:03',
    '75:10',
    '00:07.5',
    '(01:09)',
    '[00:05]',
    '[00:07-00:15]',
    '[ 00:07 - 00:15 ]',
    '00:07–00:15',
    '00:07—00:15',
    '00:07 ~ 00:15',
    '00:07->00:15',
    '01:09 to 01:13',
    '01:09 until 01:13',
    '[00:07, 00:15]',
    '12.5s',
    '12 seconds',
    '12 sec',
    '3-5s',
    '3s-5s',
    '3 to 5 seconds',
    '',
  ];

  it('round-trips: the written reference reads back as one reference with that start and end', () => {
    const random = prng(20260101);
    let checked = 0;
    for (const original of originals) {
      for (let n = 0; n < 200; n++) {
        const scale = [60, 3600, 5 * 3600, 99 * 3600][n % 4];
        const fraction = n % 3 === 0 ? Math.round(random() * 100) / 100 : 0;
        const start = Math.floor(random() * scale) + fraction;
        const end = n % 5 === 0 ? start : start + Math.floor(random() * 600) + (n % 2 === 0 ? 0.5 : 0);
        const written = formatTimeLike(original, start, end);
        const refs = findTimeRefs(written);
        assert.equal(refs.length, 1, `${JSON.stringify(original)} → ${start}–${end} wrote ${JSON.stringify(written)}: ${refs.length} refs`);
        assert.ok(
          Math.abs(refs[0].start - start) <= 0.01 && Math.abs(refs[0].end - end) <= 0.01,
          `${written} reads as ${refs[0].start}–${refs[0].end}, not ${start}–${end}`,
        );
        assert.equal(refs[0].kind, start === end ? 'point' : 'range');
        assert.equal(refs[0].text, written.trim(), 'the reference spans the whole written text');
        checked++;
      }
    }
    assert.equal(checked, originals.length * 200);
  });

  it('round-trips a range written with " and " where "between" stands before it', () => {
    for (const original of ['00:07 and 00:15', '3 and 5 seconds']) {
      const written = formatTimeLike(original, 61.5, 75);
      const refs = findTimeRefs(`between ${written}`);
      assert.equal(refs.length, 1);
      assert.deepEqual([refs[0].start, refs[0].end], [61.5, 75]);
    }
  });
});

import * as assert from 'node:assert/strict';
import { chipDecimals, endAt, playheadFor, readRetimeForm, sameTimes, startAt } from '../../../../webview/edit/retime';

const point = (t: number) => ({ start: t, end: t, kind: 'point' as const });
const range = (start: number, end: number) => ({ start, end, kind: 'range' as const });

describe('startAt (t)', () => {
  it('moves a point whole', () => assert.deepEqual(startAt(point(7), 12), { start: 12, end: 12 }));
  it('moves a point back', () => assert.deepEqual(startAt(point(7), 3), { start: 3, end: 3 }));
  it('keeps a range’s end when it is still after the start', () => assert.deepEqual(startAt(range(7, 15), 10), { start: 10, end: 15 }));
  it('keeps a range’s end when the start moves earlier', () => assert.deepEqual(startAt(range(7, 15), 2), { start: 2, end: 15 }));
  it('keeps the end when the start lands on it (an empty range)', () => assert.deepEqual(startAt(range(7, 15), 15), { start: 15, end: 15 }));
  it('collapses a range to a point when the start passes its end', () => assert.deepEqual(startAt(range(7, 15), 20), { start: 20, end: 20 }));
  it('rounds the playhead to the millisecond', () => assert.deepEqual(startAt(point(0), 12.345678), { start: 12.346, end: 12.346 }));
  it('treats a bad playhead as 0', () => {
    assert.deepEqual(startAt(point(5), NaN), { start: 0, end: 0 });
    assert.deepEqual(startAt(point(5), -3), { start: 0, end: 0 });
  });
});

describe('endAt (T)', () => {
  it('moves a range’s end', () => assert.deepEqual(endAt(range(7, 15), 20), { start: 7, end: 20 }));
  it('shortens a range', () => assert.deepEqual(endAt(range(7, 15), 9), { start: 7, end: 9 }));
  it('turns a point into a range', () => assert.deepEqual(endAt(point(7), 12), { start: 7, end: 12 }));
  it('an end on the start makes an empty range', () => assert.deepEqual(endAt(range(7, 15), 7), { start: 7, end: 7 }));
  it('an end before the start makes a point at the playhead', () => assert.deepEqual(endAt(range(7, 15), 3), { start: 3, end: 3 }));
});

describe('readRetimeForm', () => {
  it('reads a range', () => assert.deepEqual(readRetimeForm('00:07', '00:15'), { ok: true, start: 7, end: 15 }));
  it('reads seconds and clocks mixed', () => assert.deepEqual(readRetimeForm('7', '1:00'), { ok: true, start: 7, end: 60 }));
  it('an empty end makes a point', () => assert.deepEqual(readRetimeForm('1:02:03', '  '), { ok: true, start: 3723, end: 3723 }));
  it('an equal end is a point too', () => assert.deepEqual(readRetimeForm('5', '00:05'), { ok: true, start: 5, end: 5 }));
  it('refuses a bad start', () => {
    const result = readRetimeForm('soon', '00:15');
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.field, 'start');
      assert.match(result.reason, /soon/);
    }
  });
  it('refuses an empty start', () => assert.equal(readRetimeForm('', '00:15').ok, false));
  it('refuses a bad end', () => {
    const result = readRetimeForm('00:07', '00:99');
    assert.ok(!result.ok && result.field === 'end');
  });
  it('refuses an end before the start', () => {
    const result = readRetimeForm('00:15', '00:07');
    assert.ok(!result.ok && result.field === 'end' && /before/.test(result.reason));
  });
});

describe('sameTimes', () => {
  it('same', () => assert.equal(sameTimes({ start: 7, end: 15 }, { start: 7, end: 15 }), true));
  it('below a millisecond is the same', () => assert.equal(sameTimes({ start: 7, end: 7 }, { start: 7.0001, end: 7.0001 }), true));
  it('another start', () => assert.equal(sameTimes({ start: 7, end: 15 }, { start: 8, end: 15 }), false));
  it('another end', () => assert.equal(sameTimes({ start: 7, end: 15 }, { start: 7, end: 16 }), false));
});

describe('chipDecimals / playheadFor', () => {
  const cases: [string, number][] = [
    ['00:07', 0],
    ['[00:07-00:15]', 0],
    ['00:07.5', 1],
    ['00:07.5 to 00:09.25', 2],
    ['12.5s', 1],
    ['3 seconds', 0],
    ['1:02:03.123456', 3],
    ['version 2', 0],
  ];
  for (const [text, digits] of cases) it(`${text} → ${digits} decimals`, () => assert.equal(chipDecimals(text), digits));

  it('whole seconds for a chip written in whole seconds', () => assert.equal(playheadFor({ text: '00:07' }, 20.613), 21));
  it('rounds down below the half', () => assert.equal(playheadFor({ text: '00:07' }, 20.4), 20));
  it('tenths for a chip written in tenths', () => assert.equal(playheadFor({ text: '00:07.5' }, 20.613), 20.6));
  it('milliseconds at most', () => assert.equal(playheadFor({ text: '00:07.123456' }, 20.61349), 20.613));
  it('a bad playhead is 0', () => {
    assert.equal(playheadFor({ text: '00:07' }, NaN), 0);
    assert.equal(playheadFor({ text: '00:07' }, -1), 0);
  });
});

import * as assert from 'node:assert/strict';
import { findTimeRefs, formatClock, mergeIntervals, parseClock } from '../../../shared/chain/timeRefs';
import type { TimeRef } from '../../../shared/chain/timeRefs';

/** Expected reference: its text, start, end, whether it was written end first, and (when the text repeats or unicode precedes it) its `from`. */
type Expected = { text: string; start: number; end: number; kind: TimeRef['kind']; reversed: boolean; from?: number };
interface Row {
  name: string;
  input: string;
  expected: Expected[];
}

const point = (text: string, at: number, from?: number): Expected => ({ text, start: at, end: at, kind: 'point', reversed: false, from });
const range = (text: string, start: number, end: number, from?: number): Expected => ({ text, start, end, kind: 'range', reversed: false, from });
/** A range written end first: start/end are the swapped (ascending) values. */
const reversedRange = (text: string, start: number, end: number): Expected => ({ ...range(text, start, end), reversed: true });

const rows: Row[] = [
  { name: 'MM:SS point', input: 'at 01:09 he turns', expected: [point('01:09', 69)] },
  { name: 'M:SS point', input: 'at 1:09 he turns', expected: [point('1:09', 69)] },
  { name: 'H:MM:SS point', input: 'near 1:02:03.', expected: [point('1:02:03', 3723)] },
  { name: 'minutes >= 60', input: 'the goal at 75:10', expected: [point('75:10', 4510)] },
  { name: 'three-digit minutes', input: 'until 120:00', expected: [point('120:00', 7200)] },
  { name: 'decimal seconds in a clock', input: 'at 00:07.5 exactly', expected: [point('00:07.5', 7.5)] },
  { name: 'bracketed range', input: 'In [00:07-00:15] a van passes', expected: [range('[00:07-00:15]', 7, 15)] },
  { name: 'bracketed range with spaces', input: 'In [00:07 - 00:15] a van', expected: [range('[00:07 - 00:15]', 7, 15)] },
  { name: 'bracketed point', input: 'What happens at [00:20]?', expected: [point('[00:20]', 20)] },
  { name: 'bare hyphen range', input: 'see 00:07-00:15 now', expected: [range('00:07-00:15', 7, 15)] },
  { name: 'en dash range', input: 'see 00:07–00:15', expected: [range('00:07–00:15', 7, 15)] },
  { name: 'em dash range', input: 'see 00:07—00:15', expected: [range('00:07—00:15', 7, 15)] },
  { name: 'arrow range', input: '00:07 -> 00:15', expected: [range('00:07 -> 00:15', 7, 15)] },
  { name: '"to" range', input: 'watch 00:07 to 00:15', expected: [range('00:07 to 00:15', 7, 15)] },
  { name: '"from … to" excludes "from"', input: 'query the segment from 01:09 to 01:13, focusing', expected: [range('01:09 to 01:13', 69, 73)] },
  { name: '"between … and"', input: 'It passes between 00:07 and 00:15.', expected: [range('00:07 and 00:15', 7, 15)] },
  { name: '"and" without "between" is two points', input: 'at 00:07 and 00:15', expected: [point('00:07', 7), point('00:15', 15)] },
  { name: 'comma inside brackets is a range', input: 'window [00:07, 00:15]', expected: [range('[00:07, 00:15]', 7, 15)] },
  { name: 'comma outside brackets is two points', input: '00:07, 00:15', expected: [point('00:07', 7), point('00:15', 15)] },
  { name: '"at 12.5s"', input: 'at 12.5s the cup falls', expected: [point('12.5s', 12.5)] },
  { name: '"at 12.5 seconds"', input: 'at 12.5 seconds the cup falls', expected: [point('12.5 seconds', 12.5)] },
  { name: '"12s"', input: 'around 12s', expected: [point('12s', 12)] },
  { name: '"5 sec"', input: 'at 5 sec', expected: [point('5 sec', 5)] },
  { name: 'bare "N seconds" is a point', input: 'the clip is 5 seconds long', expected: [point('5 seconds', 5)] },
  { name: '"3s-5s"', input: 'between 3s-5s', expected: [range('3s-5s', 3, 5)] },
  { name: '"3-5s"', input: 'in 3-5s', expected: [range('3-5s', 3, 5)] },
  { name: '"between 3 and 5 seconds"', input: 'between 3 and 5 seconds', expected: [range('3 and 5 seconds', 3, 5)] },
  { name: '"from 3 to 5 seconds"', input: 'from 3 to 5 seconds', expected: [range('3 to 5 seconds', 3, 5)] },
  { name: '"3 to 5 seconds"', input: 'look 3 to 5 seconds in', expected: [range('3 to 5 seconds', 3, 5)] },
  { name: 'parenthesised point', input: 'he waves (01:09) twice', expected: [point('(01:09)', 69)] },
  { name: 'parenthesised range', input: 'he waves (00:07 - 00:15)', expected: [range('(00:07 - 00:15)', 7, 15)] },
  { name: 'H:MM:SS range', input: '[1:02:03-1:05:00]', expected: [range('[1:02:03-1:05:00]', 3723, 3900)] },
  { name: 'range across the hour in minutes', input: '[59:50 - 61:10]', expected: [range('[59:50 - 61:10]', 3590, 3670)] },
  { name: 'decimal range', input: '00:07.25-00:09.5', expected: [range('00:07.25-00:09.5', 7.25, 9.5)] },
  { name: 'reversed range is swapped', input: '[00:15-00:07]', expected: [reversedRange('[00:15-00:07]', 7, 15)] },
  { name: 'reversed seconds range is swapped', input: '5s-3s', expected: [reversedRange('5s-3s', 3, 5)] },
  { name: 'reversed "from … to" range', input: 'from 01:13 to 01:09', expected: [reversedRange('01:13 to 01:09', 69, 73)] },
  { name: 'a range of one instant is not reversed', input: '[00:07-00:07]', expected: [range('[00:07-00:07]', 7, 7)] },
  { name: 'time at the very start and end', input: '00:01 middle 00:02', expected: [point('00:01', 1), point('00:02', 2)] },
  { name: 'time is the whole text', input: '00:00', expected: [point('00:00', 0)] },
  { name: 'adjacent bracketed ranges', input: '[00:01-00:02][00:02-00:03]', expected: [range('[00:01-00:02]', 1, 2), range('[00:02-00:03]', 2, 3)] },
  { name: 'three dashed times: a range then a point', input: '00:01-00:02-00:03', expected: [range('00:01-00:02', 1, 2), point('00:03', 3)] },
  { name: 'unicode before a time (UTF-16 indices)', input: '🎬 Ça commence à 01:09', expected: [point('01:09', 69, 17)] },
  { name: 'CJK right before a time', input: '在01:09时', expected: [point('01:09', 69, 1)] },
  { name: 'CRLF lines', input: 'first\r\n[00:05-00:09] walk\r\n00:12\r\n', expected: [range('[00:05-00:09]', 5, 9), point('00:12', 12)] },
  { name: 'clock and seconds do not pair', input: '00:05 to 12s', expected: [point('00:05', 5), point('12s', 12)] },
  { name: '"16:9" aspect ratio', input: 'a 16:9 frame', expected: [] },
  { name: '"3:1" ratio', input: 'a 3:1 ratio', expected: [] },
  { name: '"10:75" (seconds over 59)', input: 'code 10:75', expected: [] },
  { name: '"1:75:00" (minutes over 59 with hours)', input: 'at 1:75:00', expected: [] },
  { name: 'URL with a port', input: 'see http://x:8080/path', expected: [] },
  { name: 'URL with an IP and port', input: 'http://10.0.0.1:8080/a', expected: [] },
  { name: 'phone-like numbers', input: 'call 555-1234 or +1 555 123 4567', expected: [] },
  { name: 'colon chains', input: 'mac 12:34:56:78', expected: [] },
  { name: 'time of day with am/pm', input: 'at 12:30pm', expected: [] },
  { name: 'version without unit', input: 'version 2.5 of the model', expected: [] },
  { name: 'numbers without unit, even in a range', input: 'between 3 and 5 people, 3-5 cups', expected: [] },
  { name: 'words starting with s after a number', input: '5 steps, 1st, 2nd, 3 sheep, 3D', expected: [] },
  { name: 'empty text', input: '', expected: [] },
  // A separator joins two times only when it is nothing but the separator (and spaces).
  { name: 'a word before the dash keeps two points', input: '00:07 ab-00:15', expected: [point('00:07', 7), point('00:15', 15)] },
  { name: 'a word after the dash keeps two points', input: '00:07- ab 00:15', expected: [point('00:07', 7), point('00:15', 15)] },
  { name: '"to" with several spaces on each side is a range', input: '00:07  to  00:15', expected: [range('00:07  to  00:15', 7, 15)] },
  { name: '"between … and" with several spaces is a range', input: 'between  00:07  and  00:15', expected: [range('00:07  and  00:15', 7, 15)] },
  { name: 'a word before "and" keeps two points', input: 'between 00:07 x and 00:15', expected: [point('00:07', 7), point('00:15', 15)] },
  { name: 'a word after "and" keeps two points', input: 'between 00:07 and x 00:15', expected: [point('00:07', 7), point('00:15', 15)] },
  { name: '"between" must come right before the first time', input: 'between x 00:07 and 00:15', expected: [point('00:07', 7), point('00:15', 15)] },
  { name: 'bracketed comma range with spaces around the comma', input: '[00:07 ,  00:15]', expected: [range('[00:07 ,  00:15]', 7, 15)] },
  { name: 'a word before the bracketed comma keeps two points', input: '[00:07 x, 00:15]', expected: [point('00:07', 7), point('00:15', 15)] },
  { name: 'a word after the bracketed comma keeps two points', input: '[00:07, x 00:15]', expected: [point('00:07', 7), point('00:15', 15)] },
  { name: 'a word alone between bracketed times keeps two points', input: '[00:07 x 00:15]', expected: [point('00:07', 7), point('00:15', 15)] },
  { name: 'a 12-character separator still joins a range', input: `00:07${' '.repeat(11)}-00:15`, expected: [range(`00:07${' '.repeat(11)}-00:15`, 7, 15)] },
  { name: 'a 13-character separator does not', input: `00:07${' '.repeat(12)}-00:15`, expected: [point('00:07', 7), point('00:15', 15)] },
  // Brackets: up to three spaces or tabs inside on each side, and a matching pair.
  { name: 'brackets with three spaces inside are part of the point', input: 'x [   00:05   ] y', expected: [point('[   00:05   ]', 5)] },
  { name: 'brackets with four spaces before the time are not', input: 'x [    00:05] y', expected: [point('00:05', 5)] },
  { name: 'brackets with four spaces after the time are not', input: 'x [00:05    ] y', expected: [point('00:05', 5)] },
  { name: 'tabs inside brackets count as spaces', input: 'x [\t00:05\t] y', expected: [point('[\t00:05\t]', 5)] },
  { name: 'a bracket closed by a parenthesis does not wrap', input: 'x [00:05) y', expected: [point('00:05', 5)] },
  { name: 'a parenthesis closed by a bracket does not wrap', input: 'x (00:05] y', expected: [point('00:05', 5)] },
];

function check(input: string, actual: TimeRef[], expected: Expected[]): void {
  let searchFrom = 0;
  const want = expected.map((e) => {
    const from = e.from ?? input.indexOf(e.text, searchFrom);
    assert.ok(from >= 0, `"${e.text}" is in the input`);
    searchFrom = from + e.text.length;
    return { text: e.text, start: e.start, end: e.end, from, to: from + e.text.length, kind: e.kind, reversed: e.reversed };
  });
  assert.deepEqual(
    actual.map((r) => ({ text: r.text, start: r.start, end: r.end, from: r.from, to: r.to, kind: r.kind, reversed: r.reversed })),
    want,
  );
  for (const r of actual) assert.equal(input.slice(r.from, r.to), r.text);
}

describe('findTimeRefs', () => {
  for (const row of rows) {
    it(row.name, () => check(row.input, findTimeRefs(row.input), row.expected));
  }

  it('searches only inside start/stop, with indices into the whole text', () => {
    const text = '00:01 <action>at 00:05 and [00:07-00:09]</action> 00:11';
    const start = text.indexOf('at');
    const stop = text.indexOf('</action>');
    assert.deepEqual(
      findTimeRefs(text, start, stop).map((r) => [r.text, r.from]),
      [
        ['00:05', text.indexOf('00:05')],
        ['[00:07-00:09]', text.indexOf('[00:07')],
      ],
    );
    assert.deepEqual(
      findTimeRefs('[00:05]', 1, 6).map((r) => r.text),
      ['00:05'],
    );
  });

  it('with only a stop, ignores times after it and never reaches past it', () => {
    // Text:   '00:05 00:07' - a stop at 9 cuts the second clock to "00:" which is no time.
    assert.deepEqual(
      findTimeRefs('00:05 00:07', 0, 9).map((r) => [r.text, r.from, r.to]),
      [['00:05', 0, 5]],
    );
    // A bracket just past the stop is outside the scanned part, so it is not part of the reference.
    assert.deepEqual(
      findTimeRefs('[00:05]', 0, 6).map((r) => [r.text, r.from, r.to]),
      [['00:05', 1, 6]],
    );
  });

  it('with only a start, ignores times before it and indexes into the whole text', () => {
    // 'at 00:05 and 00:07': "and" starts at 9, the second clock at 13.
    assert.deepEqual(
      findTimeRefs('at 00:05 and 00:07', 9).map((r) => [r.text, r.from, r.to]),
      [['00:07', 13, 18]],
    );
    // A bracket just before the start is outside the scanned part.
    assert.deepEqual(
      findTimeRefs('[00:05]', 1).map((r) => [r.text, r.from, r.to]),
      [['00:05', 1, 6]],
    );
  });

  it('returns no references for a value that is not a string', () => {
    assert.deepEqual(findTimeRefs(null as unknown as string), []);
    assert.deepEqual(findTimeRefs(undefined as unknown as string), []);
  });

  it('returns references ordered and non-overlapping in a long mixed text', () => {
    const text = rows.map((r) => r.input).join(' | ');
    const refs = findTimeRefs(text);
    assert.ok(refs.length > 40);
    for (let i = 1; i < refs.length; i++) assert.ok(refs[i - 1].to <= refs[i].from);
  });
});

describe('parseClock', () => {
  const cases: { input: string; expected: number | undefined }[] = [
    { input: '01:09', expected: 69 },
    { input: '1:02:03', expected: 3723 },
    { input: '75:10', expected: 4510 },
    { input: '00:07.5', expected: 7.5 },
    { input: ' 00:05 ', expected: 5 },
    { input: '16:9', expected: undefined },
    { input: '10:75', expected: undefined },
    { input: '12s', expected: undefined },
    { input: '00:05-00:09', expected: undefined },
    { input: '', expected: undefined },
    { input: '00:07.25', expected: 7.25 },
    { input: '1:02:03.25', expected: 3723.25 },
  ];
  for (const { input, expected } of cases) {
    it(`${JSON.stringify(input)} → ${String(expected)}`, () => assert.equal(parseClock(input), expected));
  }

  it('rejects a value that is not a string even when it prints as a clock', () => {
    // A malformed JSON chain may hold ["01:09"] where a string belongs; String(["01:09"]) is "01:09".
    assert.equal(parseClock(['01:09'] as unknown as string), undefined);
  });
});

describe('formatClock', () => {
  const cases: { input: number; expected: string }[] = [
    { input: 0, expected: '00:00' },
    { input: 69, expected: '01:09' },
    { input: 3723, expected: '1:02:03' },
    { input: 7.5, expected: '00:07.5' },
    { input: 4510, expected: '1:15:10' },
    { input: 59.9996, expected: '01:00' },
    { input: 12.125, expected: '00:12.125' },
    { input: Number.NaN, expected: '--:--' },
    { input: -7.5, expected: '-00:07.5' },
    { input: -3723, expected: '-1:02:03' },
  ];
  for (const { input, expected } of cases) {
    it(`${input} → ${expected}`, () => assert.equal(formatClock(input), expected));
  }

  it('round-trips through parseClock', () => {
    for (const seconds of [0, 1, 59, 60, 69, 599.5, 3599, 3600, 3723, 36000.25]) assert.equal(parseClock(formatClock(seconds)), seconds);
  });
});

describe('mergeIntervals', () => {
  it('sorts, merges overlapping and touching intervals, swaps reversed ones', () => {
    assert.deepEqual(
      mergeIntervals([
        { start: 20, end: 25 },
        { start: 7, end: 15 },
        { start: 15, end: 22 },
        { start: 40, end: 30 },
        { start: 50, end: 50 },
      ]),
      [
        { start: 7, end: 25 },
        { start: 30, end: 40 },
        { start: 50, end: 50 },
      ],
    );
  });

  it('keeps an interval whole when a later-starting one ends inside it', () => {
    // [1, 10] contains [5, 6]: ordering by end instead of start would give [5, 10].
    assert.deepEqual(
      mergeIntervals([
        { start: 1, end: 10 },
        { start: 5, end: 6 },
      ]),
      [{ start: 1, end: 10 }],
    );
  });

  it('drops NaN intervals and does not mutate its input', () => {
    const input = [
      { start: 5, end: 10 },
      { start: Number.NaN, end: 3 },
      { start: 8, end: 12 },
    ];
    assert.deepEqual(mergeIntervals(input), [{ start: 5, end: 12 }]);
    assert.deepEqual(input[0], { start: 5, end: 10 });
    assert.deepEqual(mergeIntervals([]), []);
  });
});

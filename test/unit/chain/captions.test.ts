import * as assert from 'node:assert/strict';
import { captionSegmentsOverlapping, parseCaption } from '../../../shared/chain/captions';
import type { CaptionSegment } from '../../../shared/chain/captions';

interface Row {
  name: string;
  input: string;
  /** [start, end, text, line] per segment. */
  segments: [number, number, string, number][];
  /** 1-based lines of the problems. */
  problemLines: number[];
}

const rows: Row[] = [
  {
    name: 'ReWatch caption lines',
    input: '[00:00-00:05] A man walks in.\n[00:05-00:09] He sits down.',
    segments: [
      [0, 5, 'A man walks in.', 1],
      [5, 9, 'He sits down.', 2],
    ],
    problemLines: [],
  },
  { name: 'H:MM:SS ranges', input: '[0:59:58-1:00:03] The clock strikes.', segments: [[3598, 3603, 'The clock strikes.', 1]], problemLines: [] },
  { name: 'minutes >= 60', input: '[75:10-76:00] Late event', segments: [[4510, 4560, 'Late event', 1]], problemLines: [] },
  { name: 'en dash and spaces', input: '[ 00:07 – 00:15 ]   A van passes.  ', segments: [[7, 15, 'A van passes.', 1]], problemLines: [] },
  { name: 'decimal seconds', input: '[00:07.5-00:09.25] Blink.', segments: [[7.5, 9.25, 'Blink.', 1]], problemLines: [] },
  {
    name: 'CRLF and blank lines',
    input: '[00:00-00:02] One.\r\n\r\n   \r\n[00:02-00:04] Two.\r\n',
    segments: [
      [0, 2, 'One.', 1],
      [2, 4, 'Two.', 4],
    ],
    problemLines: [],
  },
  { name: 'no brackets', input: '00:00-00:03: A dog barks.', segments: [[0, 3, 'A dog barks.', 1]], problemLines: [] },
  {
    name: 'continuation line joins the event above',
    input: '[00:00-00:05] A man walks\nslowly into the room.\n[00:05-00:06] Stop.',
    segments: [
      [0, 5, 'A man walks\nslowly into the room.', 1],
      [5, 6, 'Stop.', 3],
    ],
    problemLines: [2],
  },
  { name: 'leading line with no range and no event before', input: 'Caption:\n[00:00-00:01] Go.', segments: [[0, 1, 'Go.', 2]], problemLines: [1] },
  { name: 'reversed range is swapped and reported', input: '[00:09-00:05] Backwards.', segments: [[5, 9, 'Backwards.', 1]], problemLines: [1] },
  {
    name: 'invalid clock is no range',
    input: '[00:00-00:01] Ok.\n[00:75-01:00] Bad seconds.',
    segments: [[0, 1, 'Ok.\n[00:75-01:00] Bad seconds.', 1]],
    problemLines: [2],
  },
  { name: 'empty event text', input: '[00:00-00:01]', segments: [[0, 1, '', 1]], problemLines: [] },
  { name: 'empty caption', input: '', segments: [], problemLines: [] },
  { name: 'a lone bracket on one side is no range', input: '[00:00-00:01 Oops', segments: [], problemLines: [1] },
];

describe('parseCaption', () => {
  for (const row of rows) {
    it(row.name, () => {
      const { segments, problems } = parseCaption(row.input);
      assert.deepEqual(
        segments.map((s) => [s.start, s.end, s.text, s.line]),
        row.segments,
      );
      assert.deepEqual(
        problems.map((p) => p.line),
        row.problemLines,
      );
      for (const s of segments) assert.match(row.input.slice(s.from, s.to), /^\[?\s*\d/, 'the span starts at the range');
    });
  }

  it('gives each event the span of its lines, line ends excluded', () => {
    const input = '  [00:00-00:05] A man\r\n  walks.\r\n[00:05-00:06] Stop.';
    const { segments, problems } = parseCaption(input);
    assert.equal(input.slice(segments[0].from, segments[0].to), '[00:00-00:05] A man\r\n  walks.');
    assert.equal(input.slice(segments[1].from, segments[1].to), '[00:05-00:06] Stop.');
    assert.equal(input.slice(problems[0].from, problems[0].to), 'walks.');
  });
});

describe('captionSegmentsOverlapping', () => {
  const { segments } = parseCaption('[00:00-00:05] a\n[00:05-00:10] b\n[00:10-00:20] c\n[00:30-00:30] d');
  const texts = (found: CaptionSegment[]): string[] => found.map((s) => s.text);

  const cases: { name: string; interval: { start: number; end: number }; expected: string[] }[] = [
    { name: 'inside one segment', interval: { start: 1, end: 2 }, expected: ['a'] },
    { name: 'across two segments', interval: { start: 4, end: 6 }, expected: ['a', 'b'] },
    { name: 'touching only is no overlap', interval: { start: 5, end: 10 }, expected: ['b'] },
    { name: 'a point on a boundary touches both sides', interval: { start: 5, end: 5 }, expected: ['a', 'b'] },
    { name: 'a point inside', interval: { start: 12, end: 12 }, expected: ['c'] },
    { name: 'a gap', interval: { start: 21, end: 29 }, expected: [] },
    { name: 'a zero-length segment inside the interval', interval: { start: 25, end: 35 }, expected: ['d'] },
    { name: 'a reversed interval', interval: { start: 12, end: 8 }, expected: ['b', 'c'] },
    { name: 'everything', interval: { start: 0, end: 100 }, expected: ['a', 'b', 'c', 'd'] },
  ];
  for (const { name, interval, expected } of cases) {
    it(name, () => assert.deepEqual(texts(captionSegmentsOverlapping(segments, interval)), expected));
  }
});

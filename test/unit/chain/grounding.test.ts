import * as assert from 'node:assert/strict';
import { parseCaption } from '../../../shared/chain/captions';
import { PAST_END_TOLERANCE, actionKind, groundingWarnings, type GroundingCard, type GroundingContext } from '../../../shared/chain/grounding';
import { findTimeRefs, mergeIntervals } from '../../../shared/chain/timeRefs';
import { GroundingWarning, type CardKind } from '../../../shared/sample/sample';

describe('actionKind', () => {
  const cases: { input: string; expected: 'retrieve' | 'query' | null }[] = [
    { input: 'retrieve segments where the red van passes the cyclist', expected: 'retrieve' },
    { input: 'Retrieve segments matching "a man drinks"', expected: 'retrieve' },
    { input: "I'll retrieve segments where a square appears", expected: 'retrieve' },
    { input: 'Retrieve: the moment the cup falls', expected: 'retrieve' },
    { input: 'RETRIEVAL of the clips showing a dog', expected: 'retrieve' },
    { input: 'query the segment from 00:15 to 00:22, focusing on what the cyclist holds', expected: 'query' },
    { input: 'Query the segment from 01:09 to 01:13', expected: 'query' },
    { input: 'query [00:15-00:22]', expected: 'query' },
    { input: "I'll query 00:15-00:22 to find the bottle", expected: 'query' },
    { input: 'query the segment from 00:15 to 00:22 and retrieve what he holds', expected: 'query' },
    { input: 'Let me retrieve the part where he queries the clerk', expected: 'retrieve' },
    { input: 'watch 00:15 to 00:22 again', expected: 'query' },
    { input: 'Look at the clip [00:05-00:12] closely', expected: 'query' },
    { input: 'search between 00:10 and 00:20 for the van', expected: 'query' },
    { input: '[00:15-00:22]', expected: 'query' },
    { input: '[00:15]', expected: 'query' },
    { input: 'check the frame at 00:15', expected: 'query' },
    { input: 'find the moment the van passes', expected: 'retrieve' },
    { input: 'search for a green bottle', expected: 'retrieve' },
    { input: 'I wonder at 00:15 whether it rains', expected: null },
    { input: 'the van passes', expected: null },
    { input: '', expected: null },
  ];
  for (const { input, expected } of cases) {
    it(`${JSON.stringify(input)} → ${String(expected)}`, () => assert.equal(actionKind(input), expected));
  }
});

/** A card from a snippet of chain text, as buildSample makes it. */
function card(kind: CardKind, text: string): GroundingCard {
  const timeRefs = findTimeRefs(text);
  return { kind, timeRefs, intervals: mergeIntervals(timeRefs) };
}

const captions = parseCaption('[00:00-00:05] a\n[00:05-00:12] b\n[00:15-00:22] c\n[00:30-00:30] d').segments;
const none: GroundingContext = { duration: null, captions: null };

interface Row {
  name: string;
  card: GroundingCard;
  context: GroundingContext;
  expected: { code: GroundingWarning['code']; message?: string; start?: number; end?: number }[];
}

const rows: Row[] = [
  // past-end
  { name: 'a time inside the video', card: card('observation', 'at 00:29'), context: { duration: 30, captions: null }, expected: [] },
  { name: 'a time on the end', card: card('observation', 'at 00:30'), context: { duration: 30, captions: null }, expected: [] },
  { name: 'a time within the tolerance', card: card('observation', 'at 30.5s'), context: { duration: 30, captions: null }, expected: [] },
  {
    name: 'a time just past the tolerance',
    card: card('observation', 'at 30.6s'),
    context: { duration: 30, captions: null },
    expected: [{ code: 'past-end', message: "Cites 00:30.6, past the video's end (00:30)", start: 30.6, end: 30.6 }],
  },
  {
    name: 'a range ending past the end names its end',
    card: card('action', 'query the segment from 00:25 to 01:12'),
    context: { duration: 30, captions: null },
    expected: [{ code: 'past-end', message: "Cites 01:12, past the video's end (00:30)", start: 25, end: 72 }],
  },
  {
    name: 'a range wholly past the end names the range',
    card: card('action', 'query [00:40-01:12]'),
    context: { duration: 30, captions: null },
    expected: [{ code: 'past-end', message: "Cites 00:40-01:12, past the video's end (00:30)", start: 40, end: 72 }],
  },
  {
    name: 'one warning per offending interval, in text order',
    card: card('observation', 'at 00:50, again at 00:40, and at 00:50 once more; 00:10 is fine'),
    context: { duration: 30, captions: null },
    expected: [
      { code: 'past-end', start: 50, end: 50 },
      { code: 'past-end', start: 40, end: 40 },
    ],
  },
  { name: 'no duration, no past-end check', card: card('observation', 'at 01:12'), context: none, expected: [] },
  // reversed
  {
    name: 'a range written end first',
    card: card('observation', 'it passes [00:15-00:07]'),
    context: none,
    expected: [{ code: 'reversed-interval', message: 'Written end first: 00:15-00:07', start: 7, end: 15 }],
  },
  {
    name: 'seconds written end first',
    card: card('action', 'query 5s-3s'),
    context: none,
    expected: [{ code: 'reversed-interval', message: 'Written end first: 00:05-00:03', start: 3, end: 5 }],
  },
  { name: 'a range in order', card: card('action', 'query 00:07-00:15'), context: none, expected: [] },
  // observation-without-time
  {
    name: 'an observation without time after an action with one',
    card: card('observation', 'He drinks.'),
    context: { ...none, actionHadTime: true },
    expected: [{ code: 'observation-without-time' }],
  },
  {
    name: 'an observation without time after an action without one',
    card: card('observation', 'He drinks.'),
    context: { ...none, actionHadTime: false },
    expected: [],
  },
  { name: 'an observation without a known action', card: card('observation', 'He drinks.'), context: none, expected: [] },
  { name: 'an observation with a time', card: card('observation', 'At 00:16 he drinks.'), context: { ...none, actionHadTime: true }, expected: [] },
  { name: 'only observations are checked for a time', card: card('reasoning', 'He drinks.'), context: { ...none, actionHadTime: true }, expected: [] },
  // uncovered-by-captions
  { name: 'a range inside a caption segment', card: card('observation', '00:06 to 00:10'), context: { duration: null, captions }, expected: [] },
  { name: 'a range across two segments', card: card('observation', '00:03 to 00:07'), context: { duration: null, captions }, expected: [] },
  { name: 'a range partly in a gap', card: card('observation', '00:10 to 00:16'), context: { duration: null, captions }, expected: [] },
  {
    name: 'a range in a gap',
    card: card('observation', '00:12.5 to 00:14'),
    context: { duration: null, captions },
    expected: [{ code: 'uncovered-by-captions', message: 'No caption segment covers 00:12.5-00:14', start: 12.5, end: 14 }],
  },
  {
    name: 'a range only touching segments is uncovered',
    card: card('observation', '00:12 to 00:15'),
    context: { duration: null, captions },
    expected: [{ code: 'uncovered-by-captions', start: 12, end: 15 }],
  },
  { name: 'a point on a segment boundary is covered', card: card('observation', 'at 00:12'), context: { duration: null, captions }, expected: [] },
  { name: 'a point on a boundary between segments is covered', card: card('observation', 'at 00:05'), context: { duration: null, captions }, expected: [] },
  { name: 'a point on a zero-length segment is covered', card: card('observation', 'at 00:30'), context: { duration: null, captions }, expected: [] },
  {
    name: 'a point in a gap',
    card: card('observation', 'at 00:13'),
    context: { duration: null, captions },
    expected: [{ code: 'uncovered-by-captions', message: 'No caption segment covers 00:13', start: 13, end: 13 }],
  },
  {
    name: 'each uncovered merged interval once, sorted',
    card: card('observation', 'at 00:25, at 00:13, again 00:13, and 00:23 to 00:26'),
    context: { duration: null, captions },
    expected: [
      { code: 'uncovered-by-captions', start: 13, end: 13 },
      { code: 'uncovered-by-captions', start: 23, end: 26 },
    ],
  },
  { name: 'no captions, no coverage check', card: card('observation', 'at 00:13'), context: none, expected: [] },
  { name: 'empty captions, no coverage check', card: card('observation', 'at 00:13'), context: { duration: null, captions: [] }, expected: [] },
  // all together, in code order
  {
    name: 'codes come in GroundingCode order',
    card: card('action', 'query [00:45-00:40] and 00:13'),
    context: { duration: 30, captions },
    expected: [
      { code: 'past-end', start: 40, end: 45 },
      { code: 'reversed-interval', start: 40, end: 45 },
      { code: 'uncovered-by-captions', start: 13, end: 13 },
    ],
  },
  {
    name: 'an interval wholly past the end is not also reported as uncovered; one that starts inside is',
    card: card('observation', 'from 00:24 to 00:29, then at 00:45'),
    context: { duration: 26, captions },
    expected: [
      { code: 'past-end', start: 24, end: 29 },
      { code: 'past-end', start: 45, end: 45 },
      { code: 'uncovered-by-captions', start: 24, end: 29 },
    ],
  },
];

describe('groundingWarnings', () => {
  for (const row of rows) {
    it(row.name, () => {
      const warnings = groundingWarnings(row.card, row.context);
      for (const w of warnings) GroundingWarning.parse(w);
      assert.deepEqual(
        warnings.map((w) => w.code),
        row.expected.map((e) => e.code),
      );
      row.expected.forEach((e, i) => {
        const w = warnings[i];
        if (e.message !== undefined) assert.equal(w.message, e.message);
        assert.equal(w.start, e.start);
        assert.equal(w.end, e.end);
      });
    });
  }

  it('the tolerance is half a second', () => assert.equal(PAST_END_TOLERANCE, 0.5));

  it('agrees with captionSegmentsOverlapping on unsorted, overlapping captions', () => {
    const messy = parseCaption('[00:20-00:30] late\n[00:00-01:00] whole\n[00:40-00:40] instant\n[00:02-00:03] early').segments;
    const sparse = parseCaption('[00:20-00:30] late\n[00:40-00:40] instant\n[00:02-00:03] early').segments;
    const uncovered = (text: string, segs: typeof messy): number => groundingWarnings(card('observation', text), { duration: null, captions: segs }).length;
    assert.equal(uncovered('at 00:35', messy), 0, 'the long segment covers it');
    assert.equal(uncovered('at 00:35', sparse), 1);
    assert.equal(uncovered('at 00:40', sparse), 0, 'the zero-length segment covers its instant');
    assert.equal(uncovered('00:30 to 00:40', sparse), 0, 'a zero-length segment on the range end counts');
    assert.equal(uncovered('00:03 to 00:20', sparse), 1, 'touching on both sides only');
    assert.equal(uncovered('at 00:01', sparse), 1, 'before every segment');
  });
});

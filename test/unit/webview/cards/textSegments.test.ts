import * as assert from 'node:assert/strict';
import type { TimeChip } from '../../../../shared/sample/sample';
import { clipPoint, segmentText, trimmedSpan, validChips, type TextSegment } from '../../../../webview/cards/textSegments';

/** A chip over text[from..to). */
const chip = (from: number, to: number): TimeChip => ({ start: from, end: to, from, to, text: 'x', kind: 'range', reversed: false });
/** A chip over the first occurrence of `what` in `text`. */
const chipOn = (text: string, what: string, after = 0): TimeChip => {
  const from = text.indexOf(what, after);
  assert.ok(from >= 0, `${what} not in ${text}`);
  return chip(from, from + what.length);
};
/** Segments in a compact form: chips in {braces} with their index, hits in [brackets]. */
const show = (segments: readonly TextSegment[]): string =>
  segments.map((s) => (s.kind === 'chip' ? `{${s.index}:${s.text}}` : s.hit ? `[${s.text}]` : s.text)).join('');

describe('validChips', () => {
  const text = '0123456789'; // length 10
  const cases: { name: string; chips: TimeChip[]; expected: [number, number, number][] }[] = [
    { name: 'none', chips: [], expected: [] },
    {
      name: 'in-range chips, kept with their index',
      chips: [chip(0, 2), chip(4, 6)],
      expected: [
        [0, 0, 2],
        [1, 4, 6],
      ],
    },
    {
      name: 'sorted by offset, keeping the original index',
      chips: [chip(6, 8), chip(0, 3)],
      expected: [
        [1, 0, 3],
        [0, 6, 8],
      ],
    },
    {
      name: 'touching chips are both kept',
      chips: [chip(0, 5), chip(5, 10)],
      expected: [
        [0, 0, 5],
        [1, 5, 10],
      ],
    },
    { name: 'a chip reaching the end is kept', chips: [chip(8, 10)], expected: [[0, 8, 10]] },
    { name: 'a chip past the end is dropped', chips: [chip(8, 11), chip(0, 1)], expected: [[1, 0, 1]] },
    { name: 'a chip wholly past the end is dropped', chips: [chip(20, 25)], expected: [] },
    { name: 'a negative start is dropped', chips: [chip(-1, 2)], expected: [] },
    { name: 'an empty chip is dropped', chips: [chip(3, 3)], expected: [] },
    { name: 'an inverted chip is dropped', chips: [chip(5, 3)], expected: [] },
    { name: 'an overlapping chip is dropped (the earlier one stays)', chips: [chip(0, 5), chip(3, 8)], expected: [[0, 0, 5]] },
    { name: 'a chip inside another is dropped', chips: [chip(2, 3), chip(0, 9)], expected: [[1, 0, 9]] },
    { name: 'of two chips at one offset the first listed stays', chips: [chip(2, 4), chip(2, 6)], expected: [[0, 2, 4]] },
    {
      name: 'a chip after a dropped one is kept',
      chips: [chip(0, 4), chip(2, 6), chip(4, 7)],
      expected: [
        [0, 0, 4],
        [2, 4, 7],
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () =>
      assert.deepEqual(
        validChips(text, c.chips).map(({ chip: ch, index }) => [index, ch.from, ch.to]),
        c.expected,
      ),
    );
  }

  it('finds nothing valid in an empty text', () => assert.deepEqual(validChips('', [chip(0, 1)]), []));
});

describe('clipPoint', () => {
  const long = 'The cyclist rides past the bakery at 00:07-00:15 and then turns left at 00:18 onto the bridge';
  const cases: { name: string; text: string; chips: TimeChip[]; limit: number; expected: number }[] = [
    { name: 'a short text is not cut', text: 'short', chips: [], limit: 10, expected: 5 },
    { name: 'a text exactly at the limit is not cut', text: '0123456789', chips: [], limit: 10, expected: 10 },
    { name: 'an empty text', text: '', chips: [], limit: 0, expected: 0 },
    { name: 'no space near: cut at the limit', text: 'abcdefghijklmnopqrstuvwxyz', chips: [], limit: 10, expected: 10 },
    { name: 'a space within the last 20%: cut there', text: 'aaaaaaaaa bbbbbbbbbb', chips: [], limit: 10, expected: 9 },
    { name: 'a space right at the limit', text: 'aaaaaaaaaa bbbbbbbbb', chips: [], limit: 10, expected: 10 },
    { name: 'a space too far back is ignored', text: 'aaa bbbbbbbbbbbbbbbbb', chips: [], limit: 10, expected: 10 },
    { name: 'a space exactly at 80% is ignored', text: 'aaaaaaaa bbbbbbbbbbbb', chips: [], limit: 10, expected: 10 },
    { name: 'a zero limit', text: 'abc', chips: [], limit: 0, expected: 0 },
    // The chip "00:07-00:15" spans 37..48; the space before it is at 36.
    { name: 'a chip across the limit: cut after it', text: long, chips: [chipOn(long, '00:07-00:15')], limit: 46, expected: 48 },
    {
      name: 'a chip across the limit with a space near: cut at the space before it',
      text: long,
      chips: [chipOn(long, '00:07-00:15')],
      limit: 40,
      expected: 36,
    },
    { name: 'a chip ending at the limit', text: long, chips: [chipOn(long, '00:07-00:15')], limit: 48, expected: 48 },
    { name: 'a chip starting at the limit', text: long, chips: [chipOn(long, '00:07-00:15')], limit: 37, expected: 37 - 1 },
    { name: 'a space inside a chip does not cut it', text: 'see 00:07 - 00:15 now and then more', chips: [chip(4, 17)], limit: 12, expected: 17 },
    { name: 'a chip running to the end', text: 'aaaa 00:07-00:15', chips: [chip(5, 16)], limit: 8, expected: 16 },
    { name: 'an invalid (overlapping) chip is not honoured', text: long, chips: [chip(30, 45), chip(37, 48)], limit: 46, expected: 46 },
  ];
  for (const c of cases) it(c.name, () => assert.equal(clipPoint(c.text, c.chips, c.limit), c.expected));

  it('never cuts inside a valid chip', () => {
    const text = 'at 00:01 then 00:02-00:05 and 00:09 then 00:10 to 00:20 and more words here';
    const chips = [chipOn(text, '00:01'), chipOn(text, '00:02-00:05'), chipOn(text, '00:09'), chipOn(text, '00:10 to 00:20')];
    for (let limit = 0; limit <= text.length + 2; limit++) {
      const cut = clipPoint(text, chips, limit);
      assert.ok(cut <= text.length, `limit ${limit}: ${cut} past the end`);
      for (const ch of chips) assert.ok(!(ch.from < cut && cut < ch.to), `limit ${limit}: cut ${cut} inside ${ch.from}..${ch.to}`);
    }
  });
});

describe('segmentText', () => {
  it('is plain text without chips or terms', () => {
    assert.deepEqual(segmentText('hello world', [], []), [{ kind: 'text', text: 'hello world', hit: false }]);
  });

  it('is empty for empty text', () => assert.deepEqual(segmentText('', [chip(0, 1)], ['a']), []));

  it('cuts chips out, carrying the chip, its index and its text', () => {
    const text = 'from 00:07-00:15 then 00:18';
    const a = chipOn(text, '00:07-00:15');
    const b = chipOn(text, '00:18');
    const segments = segmentText(text, [b, a], []);
    assert.deepEqual(segments, [
      { kind: 'text', text: 'from ', hit: false },
      { kind: 'chip', chip: a, index: 1, text: '00:07-00:15' },
      { kind: 'text', text: ' then ', hit: false },
      { kind: 'chip', chip: b, index: 0, text: '00:18' },
    ]);
  });

  const text = 'The cat sits at 00:07 and the cat naps at 00:12 near the catalog';
  const chips = [chipOn(text, '00:07'), chipOn(text, '00:12')];
  const cases: { name: string; chips: TimeChip[]; terms: string[]; end?: number; start?: number; expected: string }[] = [
    { name: 'hits around chips', chips, terms: ['cat'], expected: 'The [cat] sits at {0:00:07} and the [cat] naps at {1:00:12} near the [cat]alog' },
    {
      name: 'a term that matches chip text is not marked inside the chip',
      chips,
      terms: ['00'],
      expected: 'The cat sits at {0:00:07} and the cat naps at {1:00:12} near the catalog',
    },
    {
      name: 'without chips, chip text can be a hit',
      chips: [],
      terms: ['00'],
      expected: 'The cat sits at [00]:07 and the cat naps at [00]:12 near the catalog',
    },
    { name: 'an end before the second chip', chips, terms: ['cat'], end: 33, expected: 'The [cat] sits at {0:00:07} and the [cat]' },
    { name: 'an end inside a chip leaves its start as plain text', chips, terms: [], end: 18, expected: 'The cat sits at 00' },
    {
      name: 'an end after a hit keeps it whole',
      chips,
      terms: ['cat'],
      end: text.length - 2,
      expected: 'The [cat] sits at {0:00:07} and the [cat] naps at {1:00:12} near the [cat]al',
    },
    {
      name: 'an end past the text is clamped',
      chips,
      terms: [],
      end: 1000,
      expected: 'The cat sits at {0:00:07} and the cat naps at {1:00:12} near the catalog',
    },
    { name: 'a start after the first chip', chips, terms: ['cat'], start: 21, expected: ' and the [cat] naps at {1:00:12} near the [cat]alog' },
    {
      name: 'a start inside a word still knows word boundaries',
      chips,
      terms: ['at'],
      start: 5,
      expected: 'at sits [at] {0:00:07} and the cat naps [at] {1:00:12} near the catalog',
    },
    { name: 'a start inside a chip shows its rest as text', chips, terms: [], start: 18, end: 30, expected: ':07 and the ' },
    { name: 'a start after the end gives nothing', chips, terms: ['cat'], start: 40, end: 20, expected: '' },
    { name: 'a negative start counts from 0', chips, terms: [], start: -5, end: 8, expected: 'The cat ' },
    { name: 'overlapping chips: the later one is plain text', chips: [chip(4, 12), chip(8, 16)], terms: [], end: 16, expected: 'The {0:cat sits} at ' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(show(segmentText(text, c.chips, c.terms, c.end, c.start)), c.expected));

  it('with clipPoint, the shown part never splits a chip', () => {
    const long = 'The cyclist rides past the bakery at 00:07-00:15 and then turns left';
    const chips2 = [chipOn(long, '00:07-00:15')];
    const cut = clipPoint(long, chips2, 46);
    assert.equal(show(segmentText(long, chips2, ['rides'], cut)), 'The cyclist [rides] past the bakery at {0:00:07-00:15}');
    assert.equal(show(segmentText(long, chips2, [], undefined, cut)), ' and then turns left');
  });

  // Regression (fixed): segmentText looks for hits in text.slice(0, end) only, so a hit that the clip point (`end`) cuts
  // through is not marked at all: the visible start of "catalog" should be marked like any hit, as
  // splitByRanges already clamps a range to the part shown. Seen when a long card without spaces (CJK)
  // is clipped inside a search hit.
  it('marks the visible part of a hit cut by the end', () => {
    assert.equal(show(segmentText(text, chips, ['catalog'], text.length - 3)), 'The cat sits at {0:00:07} and the cat naps at {1:00:12} near the [cata]');
    assert.equal(show(segmentText('骑手在桥上骑车', [], ['骑手在桥'], 3)), '[骑手在]');
  });

  it('never loses or repeats characters', () => {
    const segments = segmentText(text, chips, ['cat', 'the', 'at']);
    assert.equal(segments.map((s) => s.text).join(''), text);
    assert.ok(segments.every((s) => s.text.length > 0));
  });
});

describe('trimmedSpan', () => {
  const cases: [string, string, { start: number; end: number }][] = [
    ['no whitespace', 'abc', { start: 0, end: 3 }],
    ['leading and trailing spaces', '  ab  ', { start: 2, end: 4 }],
    ['newlines and tabs', '\n\tthink\n', { start: 2, end: 7 }],
    ['inner whitespace is kept', ' a b ', { start: 1, end: 4 }],
    ['unicode spaces', '\u00a0\u2003x\u3000', { start: 2, end: 3 }],
    ['only whitespace', ' \n\t ', { start: 0, end: 0 }],
    ['empty', '', { start: 0, end: 0 }],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      const span = trimmedSpan(text);
      assert.deepEqual(span, expected);
      assert.equal(text.slice(span.start, span.end), text.trim());
    });
  }
});

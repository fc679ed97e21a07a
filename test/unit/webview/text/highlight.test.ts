import * as assert from 'node:assert/strict';
import { highlightPieces, highlightRanges, searchTerms, splitByRanges, type TextPiece, type TextRange } from '../../../../webview/text/highlight';

/** Pieces in a compact form: hits in [brackets]. */
const show = (pieces: readonly TextPiece[]): string => pieces.map((p) => (p.hit ? `[${p.text}]` : p.text)).join('');
/** The text under each range. */
const under = (text: string, ranges: readonly TextRange[]): string[] => ranges.map((r) => text.slice(r.start, r.end));

describe('searchTerms', () => {
  const cases: { name: string; query: string | undefined; expected: string[] }[] = [
    { name: 'undefined', query: undefined, expected: [] },
    { name: 'empty', query: '', expected: [] },
    { name: 'only spaces and punctuation', query: '  ,.;!? ', expected: [] },
    { name: 'one word, lower-cased', query: 'Cyclist', expected: ['cyclist'] },
    { name: 'longest first', query: 'a red cyclist', expected: ['cyclist', 'red', 'a'] },
    { name: 'equal lengths keep their order', query: 'dog cat', expected: ['dog', 'cat'] },
    { name: 'duplicates in any case removed', query: 'Dog DOG dog cat', expected: ['dog', 'cat'] },
    { name: 'punctuation separates words', query: 'red,car;(blue)', expected: ['blue', 'red', 'car'] },
    { name: 'regex metacharacters are separators', query: 'a.b* (c|d) [e]+ $f ^g \\h', expected: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] },
    { name: 'digits and underscores belong to words', query: 'frame_01 42', expected: ['frame_01', '42'] },
    { name: 'unicode letters', query: 'Über CAFÉ straße', expected: ['straße', 'über', 'café'] },
    { name: 'CJK', query: '自行车 骑手', expected: ['自行车', '骑手'] },
    { name: 'Cyrillic upper case', query: 'ВЕЛОСИПЕД', expected: ['велосипед'] },
    { name: 'emoji are separators', query: 'bike🚲rider', expected: ['rider', 'bike'] },
    { name: 'tabs and newlines', query: 'one\ttwo\nthree', expected: ['three', 'one', 'two'] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(searchTerms(c.query), c.expected));
});

describe('highlightRanges', () => {
  const cases: { name: string; text: string; terms: string[]; hits: string[]; ranges?: TextRange[] }[] = [
    { name: 'no terms', text: 'a cyclist', terms: [], hits: [] },
    { name: 'empty text', text: '', terms: ['a'], hits: [] },
    { name: 'a whole word', text: 'a cyclist rides', terms: ['cyclist'], hits: ['cyclist'], ranges: [{ start: 2, end: 9 }] },
    {
      name: 'a word prefix (the last word as typed)',
      text: 'cyclists cycle',
      terms: ['cyc'],
      hits: ['cyc', 'cyc'],
      ranges: [
        { start: 0, end: 3 },
        { start: 9, end: 12 },
      ],
    },
    { name: 'not inside a word', text: 'bicycle', terms: ['cycle'], hits: [] },
    { name: 'not after a digit or underscore', text: '3cats x_cat', terms: ['cat'], hits: [] },
    { name: 'after punctuation', text: '(cat) "cat" cat.', terms: ['cat'], hits: ['cat', 'cat', 'cat'] },
    { name: 'at the very start and end', text: 'cat', terms: ['cat'], hits: ['cat'], ranges: [{ start: 0, end: 3 }] },
    { name: 'case-insensitively, keeping the text’s case', text: 'CAT Cat cAt', terms: ['cat'], hits: ['CAT', 'Cat', 'cAt'] },
    { name: 'unicode case', text: 'ÜBER Über', terms: ['über'], hits: ['ÜBER', 'Über'] },
    { name: 'Cyrillic case', text: 'Велосипед у дома', terms: ['велосипед'], hits: ['Велосипед'] },
    { name: 'after a unicode letter is mid-word', text: 'éclat', terms: ['clat'], hits: [] },
    { name: 'the longest term wins at one place', text: 'a cyclist', terms: ['cy', 'cyclist'], hits: ['cyclist'] },
    { name: 'the longest term wins whatever the order given', text: 'a cyclist', terms: ['cyclist', 'cy'], hits: ['cyclist'] },
    { name: 'two terms', text: 'red car, blue car', terms: ['car', 'red'], hits: ['red', 'car', 'car'] },
    {
      name: 'adjacent words stay separate ranges',
      text: 'foo bar',
      terms: ['foo', 'bar'],
      ranges: [
        { start: 0, end: 3 },
        { start: 4, end: 7 },
      ],
      hits: ['foo', 'bar'],
    },
    { name: 'touching hits are merged', text: 'x-y', terms: ['x-', 'y'], ranges: [{ start: 0, end: 3 }], hits: ['x-y'] },
    { name: 'a dot is literal', text: 'a.b axb', terms: ['a.b'], hits: ['a.b'] },
    { name: 'a star is literal', text: 'a* aaa', terms: ['a*'], hits: ['a*'] },
    { name: 'brackets, pipes and parentheses are literal', text: 'x [a|b] (c) a', terms: ['[a|b]', '(c)'], hits: ['[a|b]', '(c)'] },
    { name: 'a dollar, caret and backslash are literal', text: '$5 ^up a\\b', terms: ['$5', '^up', 'a\\b'], hits: ['$5', '^up', 'a\\b'] },
    { name: 'a question mark and braces are literal', text: 'why? w{2}', terms: ['why?', 'w{2}'], hits: ['why?', 'w{2}'] },
    { name: 'an empty term matches nothing', text: 'abc', terms: [''], hits: [] },
    { name: 'an empty term next to a real one', text: 'abc bcd', terms: ['', 'b'], hits: ['b'] },
    { name: 'CJK', text: '一个骑手', terms: ['一个'], hits: ['一个'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const ranges = highlightRanges(c.text, c.terms);
      assert.deepEqual(under(c.text, ranges), c.hits);
      if (c.ranges) assert.deepEqual(ranges, c.ranges);
    });
  }

  it('uses UTF-16 offsets (slice-able) after astral characters', () => {
    const text = '😀 café 🚲 bike';
    const ranges = highlightRanges(text, ['café', 'bike']);
    assert.deepEqual(ranges, [
      { start: 3, end: 7 },
      { start: 11, end: 15 },
    ]);
    assert.deepEqual(under(text, ranges), ['café', 'bike']);
  });

  it('returns sorted, non-overlapping ranges for many terms', () => {
    const text = 'the red cyclist rides a red cycle past red cars';
    const ranges = highlightRanges(text, searchTerms('red cy ca the r'));
    for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i].start > ranges[i - 1].end, 'sorted, apart');
    assert.deepEqual(under(text, ranges), ['the', 'red', 'cy', 'r', 'red', 'cy', 'red', 'ca']);
  });

  it('finds every hit in a long text: 2 words × 20,000 repeats', () => {
    const text = 'lorem ipsum dolor sit amet '.repeat(20_000);
    const ranges = highlightRanges(text, ['ips', 'dolor']);
    assert.equal(ranges.length, 40_000);
  });
});

describe('splitByRanges', () => {
  const cases: { name: string; text: string; ranges: TextRange[]; offset?: number; expected: string }[] = [
    { name: 'no ranges', text: 'plain', ranges: [], expected: 'plain' },
    { name: 'empty text', text: '', ranges: [{ start: 0, end: 3 }], expected: '' },
    { name: 'one hit in the middle', text: 'a cat sat', ranges: [{ start: 2, end: 5 }], expected: 'a [cat] sat' },
    {
      name: 'a hit at each end',
      text: 'cat sat',
      ranges: [
        { start: 0, end: 3 },
        { start: 4, end: 7 },
      ],
      expected: '[cat] [sat]',
    },
    { name: 'the whole text', text: 'cat', ranges: [{ start: 0, end: 3 }], expected: '[cat]' },
    { name: 'a range past the end is clamped', text: 'cat', ranges: [{ start: 1, end: 99 }], expected: 'c[at]' },
    { name: 'a range wholly past the end is dropped', text: 'cat', ranges: [{ start: 5, end: 9 }], expected: 'cat' },
    { name: 'a negative start is clamped', text: 'cat', ranges: [{ start: -4, end: 1 }], expected: '[c]at' },
    {
      name: 'empty and inverted ranges are dropped',
      text: 'cat',
      ranges: [
        { start: 1, end: 1 },
        { start: 2, end: 1 },
      ],
      expected: 'cat',
    },
    {
      name: 'overlapping ranges do not repeat text',
      text: 'abcdef',
      ranges: [
        { start: 0, end: 4 },
        { start: 2, end: 6 },
      ],
      expected: '[abcd][ef]',
    },
    { name: 'an offset shifts the ranges', text: 'cat sat', ranges: [{ start: 14, end: 17 }], offset: 10, expected: 'cat [sat]' },
    { name: 'an offset clamps a range starting before the text', text: 'cat sat', ranges: [{ start: 8, end: 13 }], offset: 10, expected: '[cat] sat' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(show(splitByRanges(c.text, c.ranges, c.offset)), c.expected));

  it('never loses or repeats characters', () => {
    const text = 'the quick brown fox';
    const pieces = splitByRanges(text, [
      { start: 4, end: 9 },
      { start: 6, end: 12 },
      { start: 16, end: 40 },
    ]);
    assert.equal(pieces.map((p) => p.text).join(''), text);
    assert.ok(pieces.every((p) => p.text.length > 0));
  });
});

describe('highlightPieces', () => {
  const cases: { name: string; text: string; query: string; expected: string }[] = [
    { name: 'no search', text: 'A red cyclist', query: '', expected: 'A red cyclist' },
    { name: 'case-insensitive', text: 'A Red cyclist', query: 'RED', expected: 'A [Red] cyclist' },
    { name: 'the prefix of the last word', text: 'Cyclists cycle on bicycles', query: 'cy', expected: '[Cy]clists [cy]cle on bicycles' },
    { name: 'overlapping terms: the longer is marked whole', text: 'a cyclist and a cycle', query: 'cyclist cy', expected: 'a [cyclist] and a [cy]cle' },
    { name: 'every word of the search', text: 'The man opens the door.', query: 'the door', expected: '[The] man opens [the] [door].' },
    { name: 'metacharacters in the search are not patterns', text: 'a.b axb aab', query: 'a.b', expected: '[a].[b] [a]xb [a]ab' },
    { name: 'unicode', text: 'Ein Fahrrad über der Straße', query: 'ÜBER STRASSE straße', expected: 'Ein Fahrrad [über] der [Straße]' },
    { name: 'no hit', text: 'nothing here', query: 'zebra', expected: 'nothing here' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(show(highlightPieces(c.text, searchTerms(c.query))), c.expected));

  it('is empty for empty text', () => assert.deepEqual(highlightPieces('', ['a']), []));

  it('marks a term with metacharacters literally', () => {
    assert.equal(show(highlightPieces('1+1=2, 11 and 1+1', ['1+1'])), '[1+1]=2, 11 and [1+1]');
    assert.equal(show(highlightPieces('(a) a', ['(a)'])), '[(a)] a');
  });
});

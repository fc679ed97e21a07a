import { strict as assert } from 'node:assert';
import { COLOUR_WEIGHT, NUMBER_WEIGHT, WORD_WEIGHT, contentTokens } from '../../../../src/core/rewards/evidence/tokenize';

/** [word, stem, weight] of each token. */
const analysed = (text: string): [string, string, number][] => contentTokens(text).map((t) => [t.word, t.stem, t.weight]);

describe('contentTokens', () => {
  const rows: { name: string; text: string; expected: [string, string, number][] }[] = [
    {
      name: 'stop words dropped, words stemmed, colours weighed',
      text: 'He drinks from a green bottle.',
      expected: [
        ['drinks', 'drink', WORD_WEIGHT],
        ['green', 'green', COLOUR_WEIGHT],
        ['bottle', 'bottl', WORD_WEIGHT],
      ],
    },
    {
      name: 'inflections share a stem',
      text: 'passes passing passed',
      expected: [
        ['passes', 'pass', 1],
        ['passing', 'pass', 1],
        ['passed', 'pass', 1],
      ],
    },
    {
      name: 'lower-cased',
      text: 'RED Car',
      expected: [
        ['red', 'red', COLOUR_WEIGHT],
        ['car', 'car', 1],
      ],
    },
    {
      name: 'number words and digits meet',
      text: 'two men, 2 dogs, 02 cats',
      expected: [
        ['two', '2', NUMBER_WEIGHT],
        ['men', 'men', 1],
        ['2', '2', NUMBER_WEIGHT],
        ['dogs', 'dog', 1],
        ['02', '2', NUMBER_WEIGHT],
        ['cats', 'cat', 1],
      ],
    },
    {
      name: 'number words up to twenty',
      text: 'zero twelve twenty',
      expected: [
        ['zero', '0', 3],
        ['twelve', '12', 3],
        ['twenty', '20', 3],
      ],
    },
    {
      name: 'decimals keep their point',
      text: 'about 3.5 liters, 2.0 kg',
      expected: [
        ['3.5', '3.5', 3],
        ['liters', 'liter', 1],
        ['2.0', '2', 3],
        ['kg', 'kg', 1],
      ],
    },
    {
      name: 'colour variants fold',
      text: 'grey gray golden gold',
      expected: [
        ['grey', 'grey', 2],
        ['gray', 'grey', 2],
        ['golden', 'gold', 2],
        ['gold', 'gold', 2],
      ],
    },
    { name: 'clock times are no words', text: 'At 00:15 he waves', expected: [['waves', 'wave', 1]] },
    {
      name: 'a range is no words',
      text: 'from 01:09 to 01:13 a dog runs',
      expected: [
        ['dog', 'dog', 1],
        ['runs', 'run', 1],
      ],
    },
    {
      name: 'bracketed ranges',
      text: '[00:07-00:15] the van passes',
      expected: [
        ['van', 'van', 1],
        ['passes', 'pass', 1],
      ],
    },
    {
      name: 'seconds with decimals',
      text: 'for 12.5s the light is red',
      expected: [
        ['light', 'light', 1],
        ['red', 'red', 2],
      ],
    },
    { name: 'seconds in words', text: 'it takes 3 seconds', expected: [['takes', 'take', 1]] },
    {
      name: 'a count beside a time is kept',
      text: 'at 00:15 three birds',
      expected: [
        ['three', '3', 3],
        ['birds', 'bird', 1],
      ],
    },
    { name: 'words about the video itself', text: 'The video shows the clip; in this segment we see', expected: [] },
    {
      name: 'single letters dropped',
      text: "B is the man's choice",
      expected: [
        ['man', 'man', 1],
        ['choice', 'choic', 1],
      ],
    },
    {
      name: 'unicode letters',
      text: 'Café crème',
      expected: [
        ['café', 'café', 1],
        ['crème', 'crème', 1],
      ],
    },
    {
      name: 'letters and digits together',
      text: 'the 3rd car',
      expected: [
        ['3rd', '3rd', 1],
        ['car', 'car', 1],
      ],
    },
    {
      name: '"one" after a colour or a determiner is a pronoun, elsewhere the count 1',
      text: 'One red square, a green one, the one left, only one dot.',
      expected: [
        ['one', '1', NUMBER_WEIGHT],
        ['red', 'red', COLOUR_WEIGHT],
        ['square', 'squar', WORD_WEIGHT],
        ['green', 'green', COLOUR_WEIGHT],
        ['left', 'left', WORD_WEIGHT],
        ['one', '1', NUMBER_WEIGHT],
        ['dot', 'dot', WORD_WEIGHT],
      ],
    },
    { name: 'empty', text: '', expected: [] },
    { name: 'punctuation only', text: '... !!', expected: [] },
  ];
  for (const row of rows) {
    it(`${row.name}: ${JSON.stringify(row.text)}`, () => assert.deepEqual(analysed(row.text), row.expected));
  }

  it('spans point at the words in the text', () => {
    const text = 'Then, at 00:15, Two RED cars pass the Café.';
    const tokens = contentTokens(text);
    assert.deepEqual(
      tokens.map((t) => text.slice(t.from, t.to)),
      ['Two', 'RED', 'cars', 'pass', 'Café'],
    );
    for (const t of tokens) assert.equal(text.slice(t.from, t.to).toLowerCase(), t.word);
  });

  it('a second analysis of the same words (read from the memo) gives the same tokens as the first', () => {
    const text = 'A yellow taxi stops twice near four people';
    // Spans and weights by hand: "A" is a stop word, yellow a colour, four a number.
    const expected = [
      { word: 'yellow', stem: 'yellow', from: 2, to: 8, weight: COLOUR_WEIGHT },
      { word: 'taxi', stem: 'taxi', from: 9, to: 13, weight: WORD_WEIGHT },
      { word: 'stops', stem: 'stop', from: 14, to: 19, weight: WORD_WEIGHT },
      { word: 'twice', stem: 'twice', from: 20, to: 25, weight: WORD_WEIGHT },
      { word: 'near', stem: 'near', from: 26, to: 30, weight: WORD_WEIGHT },
      { word: 'four', stem: '4', from: 31, to: 35, weight: NUMBER_WEIGHT },
      { word: 'people', stem: 'peopl', from: 36, to: 42, weight: WORD_WEIGHT },
    ];
    assert.deepEqual(contentTokens(text), expected);
    assert.deepEqual(contentTokens(text), expected);
    // The same words elsewhere in a text: memoized analyses, spans of their own.
    assert.deepEqual(contentTokens('four yellow'), [
      { word: 'four', stem: '4', from: 0, to: 4, weight: NUMBER_WEIGHT },
      { word: 'yellow', stem: 'yellow', from: 5, to: 11, weight: COLOUR_WEIGHT },
    ]);
  });

  it('a non-string gives no tokens', () => {
    assert.deepEqual(contentTokens(undefined as unknown as string), []);
  });
});

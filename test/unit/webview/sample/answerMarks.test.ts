import * as assert from 'node:assert/strict';
import { answerMatches } from '../../../../shared/chain/answers';
import { predictedLetter } from '../../../../webview/sample/answerMarks';

const options = [
  { letter: 'A', text: 'A green bottle' },
  { letter: 'B', text: 'a red cup ' },
  { letter: 'C', text: 'Nothing' },
  { letter: 'D', text: '3.5' },
];

describe('predictedLetter', () => {
  const cases: { name: string; predicted: string | null; options?: { letter: string; text: string }[]; expected: string | undefined }[] = [
    { name: 'no answer', predicted: null, expected: undefined },
    { name: 'an empty answer', predicted: '', expected: undefined },
    { name: 'a blank answer', predicted: '   ', expected: undefined },
    { name: 'a letter', predicted: 'B', expected: 'B' },
    { name: 'a letter in answer tags', predicted: '<answer>B</answer>', expected: 'B' },
    { name: 'the last answer tag wins', predicted: '<answer>A</answer> no wait <answer>C</answer>', expected: 'C' },
    { name: 'a letter in parentheses, lower case', predicted: '(c)', expected: 'C' },
    { name: 'a letter with a dot', predicted: 'D.', expected: 'D' },
    { name: 'a letter and its text', predicted: 'B: a red cup', expected: 'B' },
    { name: 'a letter with a text that is another option’s', predicted: 'B: A green bottle', expected: 'B' },
    { name: '"The answer is" and a letter', predicted: 'The answer is C', expected: 'C' },
    { name: 'an option’s text', predicted: 'A green bottle', expected: 'A' },
    { name: 'an option’s text in another case and spacing', predicted: '  a RED cup', expected: 'B' },
    { name: 'an option’s text in answer tags', predicted: '<answer> nothing </answer>', expected: 'C' },
    { name: 'a number option', predicted: '3.5', expected: 'D' },
    { name: 'a text that is no option', predicted: 'a blue car', expected: undefined },
    { name: 'a letter outside the options is still the named letter', predicted: 'E', expected: 'E' },
    { name: 'a text without options', predicted: 'A green bottle', options: [], expected: undefined },
    { name: 'a letter without options', predicted: 'A', options: [], expected: 'A' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(predictedLetter({ predicted: c.predicted, options: c.options ?? options }), c.expected));

  // Regression (fixed): predictedLetter matches an answer's text to an option by trim + lower-case only, while the host
  // decides `correct` / `correctLetter` with answerMatches (case-, space- and punctuation-insensitive,
  // and a bare lower-case letter counts as that letter). So a sample can show "✓" in the verdict with no
  // option marked as predicted: "a green bottle." or "A  green bottle" (two spaces) or "b" give
  // undefined instead of the letter answerMatches agrees with.
  it('agrees with answerMatches on which option the answer names', () => {
    const cases: [string, string][] = [
      ['a green bottle.', 'A'],
      ['A  green bottle', 'A'],
      ['"a red cup"', 'B'],
      ['b', 'B'],
    ];
    for (const [predicted, letter] of cases) {
      assert.equal(answerMatches(predicted, letter, options), true, `host: ${predicted} names ${letter}`);
      assert.equal(predictedLetter({ predicted, options }), letter, predicted);
    }
  });
});

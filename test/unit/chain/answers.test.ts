import * as assert from 'node:assert/strict';
import { answerMatches, normalizeAnswer, parseOptions, questionWithoutOptions } from '../../../shared/chain/answers';
import type { Option } from '../../../shared/chain/answers';

const abcd = (...texts: string[]): Option[] => texts.map((text, i) => ({ letter: String.fromCharCode(65 + i), text }));

describe('parseOptions', () => {
  const cases: { name: string; options: unknown; question?: string; expected: Option[] }[] = [
    { name: 'ReWatch "A: x" list', options: ['A: A red cup', 'B: A green bottle'], expected: abcd('A red cup', 'A green bottle') },
    { name: 'Video-R1 "A. x" list', options: ['A. 1', 'B. 2', 'C. 3'], expected: abcd('1', '2', '3') },
    { name: '"(A) x" list', options: ['(A) left', '(B) right'], expected: abcd('left', 'right') },
    { name: '"A) x" list', options: ['A) left', 'B) right'], expected: abcd('left', 'right') },
    { name: 'lower-case letters are upper-cased', options: ['a. left', 'b. right'], expected: abcd('left', 'right') },
    { name: 'plain list gets letters in order', options: ['A red cup', 'Apple', '3'], expected: abcd('A red cup', 'Apple', '3') },
    { name: 'mixed list is treated as plain', options: ['A. left', 'right'], expected: abcd('A. left', 'right') },
    { name: 'numbers in a list', options: [1, 2], expected: abcd('1', '2') },
    { name: 'object keyed by letter', options: { A: 'left', B: 'right' }, expected: abcd('left', 'right') },
    { name: 'object with other keys keeps order', options: { first: 'left', second: 'right' }, expected: abcd('left', 'right') },
    { name: 'string of option lines', options: 'A. left\nB. right', expected: abcd('left', 'right') },
    {
      name: 'inline option lines in the question',
      options: undefined,
      question: 'Which side?\nA. left\nB. right\nC. up',
      expected: abcd('left', 'right', 'up'),
    },
    { name: 'inline "A: x" lines in the question', options: [], question: 'Which side?\nA: left\n\nB: right', expected: abcd('left', 'right') },
    { name: 'inline "(A) x (B) y" in the question', options: undefined, question: 'Which side? (A) left (B) right', expected: abcd('left', 'right') },
    { name: 'no options anywhere', options: undefined, question: 'What does he drink?', expected: [] },
    { name: 'a single "A." line is no option list', options: undefined, question: 'A. Lincoln spoke.', expected: [] },
    { name: 'nothing at all', options: null, expected: [] },
  ];
  for (const { name, options, question, expected } of cases) {
    it(name, () => assert.deepEqual(parseOptions(options, question), expected));
  }
});

describe('questionWithoutOptions', () => {
  const cases: { input: string; expected: string }[] = [
    { input: 'Which side?\nA. left\nB. right', expected: 'Which side?' },
    { input: 'Which side?\nOptions:\nA. left\nB. right\nAnswer with the letter.', expected: 'Which side?\nAnswer with the letter.' },
    { input: 'Which side? (A) left (B) right', expected: 'Which side?' },
    { input: 'What does he drink?', expected: 'What does he drink?' },
  ];
  for (const { input, expected } of cases) {
    it(JSON.stringify(input), () => assert.equal(questionWithoutOptions(input), expected));
  }
});

describe('normalizeAnswer', () => {
  const cases: { input: unknown; expected: { letter?: string; text?: string } }[] = [
    { input: 'B', expected: { letter: 'B' } },
    { input: '<answer>B</answer>', expected: { letter: 'B' } },
    { input: '<think>hmm</think><answer> C </answer>', expected: { letter: 'C' } },
    { input: '<answer>A</answer> <answer>D', expected: { letter: 'D' } },
    { input: 'B: A green bottle', expected: { letter: 'B', text: 'A green bottle' } },
    { input: '<answer>B: A green bottle</answer>', expected: { letter: 'B', text: 'A green bottle' } },
    { input: '(B)', expected: { letter: 'B' } },
    { input: '(b)', expected: { letter: 'B' } },
    { input: 'B.', expected: { letter: 'B' } },
    { input: '(C) A dog', expected: { letter: 'C', text: 'A dog' } },
    { input: 'The answer is C.', expected: { letter: 'C' } },
    { input: 'Answer: **D**', expected: { letter: 'D' } },
    { input: 'Option B', expected: { letter: 'B' } },
    { input: 'Answering machine', expected: { text: 'Answering machine' } },
    { input: 'choice a good one', expected: { text: 'choice a good one' } },
    { input: 'a green bottle', expected: { text: 'a green bottle' } },
    { input: 'A green bottle', expected: { text: 'A green bottle' } },
    { input: 'b', expected: { text: 'b' } },
    { input: 3, expected: { text: '3' } },
    { input: ['B'], expected: { letter: 'B' } },
    { input: '   ', expected: {} },
    { input: undefined, expected: {} },
    { input: { letter: 'B' }, expected: {} },
  ];
  for (const { input, expected } of cases) {
    it(`${JSON.stringify(input) ?? 'undefined'}`, () => assert.deepEqual(normalizeAnswer(input), expected));
  }
});

describe('answerMatches', () => {
  const options = abcd('A red cup', 'A green bottle', 'Nothing');
  const cases: { name: string; predicted: unknown; truth: unknown; options?: Option[]; expected: boolean | undefined }[] = [
    { name: 'same letter', predicted: '<answer>B</answer>', truth: 'B', expected: true },
    { name: 'different letters', predicted: 'C', truth: 'B', expected: false },
    { name: 'letter with text vs letter', predicted: 'B: A green bottle', truth: 'B', expected: true },
    { name: 'letters win over texts', predicted: 'B: A red cup', truth: 'B', expected: true },
    { name: 'text mapped to its option letter', predicted: 'a green bottle.', truth: 'B', options, expected: true },
    { name: 'text mapped to another letter', predicted: 'A red cup', truth: 'B', options, expected: false },
    { name: 'truth text mapped to a letter', predicted: '(B)', truth: 'A GREEN  bottle', options, expected: true },
    { name: 'lower-case letter written as text', predicted: 'b', truth: 'B', options, expected: true },
    { name: 'letter-and-text vs text without options', predicted: 'B: A green bottle', truth: 'a green bottle', expected: true },
    { name: 'open-ended text compare ignores case, space, punctuation', predicted: 'Green bottle!', truth: 'green  bottle', expected: true },
    { name: 'open-ended text differs', predicted: 'red cup', truth: 'green bottle', expected: false },
    { name: 'numbers compare as text', predicted: 3, truth: '3', expected: true },
    { name: 'decimals keep their point', predicted: '3.5', truth: '35', expected: false },
    { name: 'missing prediction', predicted: undefined, truth: 'B', expected: undefined },
    { name: 'missing truth', predicted: 'B', truth: '', expected: undefined },
  ];
  for (const { name, predicted, truth, options: known, expected } of cases) {
    it(name, () => assert.equal(answerMatches(predicted, truth, known), expected));
  }
});

import { strict as assert } from 'node:assert';
import type { Option } from '../../../shared/chain/answers';
import { AccuracyCheck } from '../../../shared/rewards/scores';
import { checkAccuracy } from '../../../src/core/rewards/accuracyCheck';

const abcd = (...texts: string[]): Option[] => texts.map((text, i) => ({ letter: String.fromCharCode(65 + i), text }));
const OPTIONS = abcd('A red cup', 'A green bottle', 'A blue hat', 'Nothing');

interface Row {
  name: string;
  predicted: string | undefined;
  truth: { letter?: string; text?: string } | null;
  options?: Option[];
  score: 0 | 1 | null;
  how: AccuracyCheck['how'];
  message?: RegExp;
}

const rows: Row[] = [
  {
    name: 'bare letter',
    predicted: 'B',
    truth: { letter: 'B' },
    score: 1,
    how: 'letter',
    message: /^predicted B \("A green bottle"\), truth B \("A green bottle"\): letters match\.$/,
  },
  { name: 'letter and text', predicted: 'B: A green bottle', truth: { letter: 'B' }, score: 1, how: 'letter' },
  { name: 'parenthesized', predicted: '(B)', truth: { letter: 'B' }, score: 1, how: 'letter' },
  { name: 'answer tag', predicted: '<answer>B</answer>', truth: { letter: 'B' }, score: 1, how: 'letter' },
  { name: 'letter with a dot', predicted: 'B.', truth: { letter: 'B' }, score: 1, how: 'letter' },
  { name: 'markdown bold', predicted: '**B**', truth: { letter: 'B' }, score: 1, how: 'letter' },
  {
    name: 'answer prefix',
    predicted: 'The answer is C',
    truth: { letter: 'B' },
    score: 0,
    how: 'letter',
    message: /^predicted C \("A blue hat"\), truth B \("A green bottle"\): letters differ\.$/,
  },
  { name: 'wrong letter', predicted: 'A', truth: { letter: 'B' }, score: 0, how: 'letter' },
  {
    name: 'option text resolves to its letter',
    predicted: 'a green bottle',
    truth: { letter: 'B' },
    score: 1,
    how: 'letter',
    message: /^predicted "a green bottle" \(option B\), truth B/,
  },
  { name: 'option text of another option', predicted: 'A red cup', truth: { letter: 'B' }, score: 0, how: 'letter', message: /letters differ/ },
  { name: 'truth letter written "(b)"', predicted: 'B', truth: { letter: '(b)' }, score: 1, how: 'letter' },
  { name: 'truth text holding a letter', predicted: 'B', truth: { text: 'B' }, score: 1, how: 'letter' },
  { name: 'truth text that is an option', predicted: 'B', truth: { text: 'A green bottle' }, score: 1, how: 'letter' },
  {
    name: 'no options: text compare',
    predicted: 'A Green Bottle!',
    truth: { text: 'a green bottle' },
    options: [],
    score: 1,
    how: 'text',
    message: /^predicted "A Green Bottle!", truth "a green bottle": texts match/,
  },
  { name: 'different numbers', predicted: '3', truth: { text: '35' }, options: [], score: 0, how: 'text', message: /texts differ/ },
  { name: 'decimals keep their point', predicted: '3.5', truth: { text: '35' }, options: [], score: 0, how: 'text' },
  {
    name: 'truth letter and text, predicted text, no options',
    predicted: 'a green bottle',
    truth: { letter: 'B', text: 'A green bottle' },
    options: [],
    score: 1,
    how: 'text',
  },
  { name: 'text that is no option against a letter', predicted: 'a bottle', truth: { letter: 'B' }, score: 0, how: 'text' },
  { name: 'no answer in the chain', predicted: undefined, truth: { letter: 'B' }, score: null, how: 'unknown', message: /no answer in the chain\.$/ },
  { name: 'empty answer', predicted: '  ', truth: { letter: 'B' }, score: null, how: 'unknown' },
  { name: 'no ground truth', predicted: 'B', truth: null, score: null, how: 'unknown', message: /no ground truth\.$/ },
  { name: 'empty ground truth', predicted: 'B', truth: { text: '' }, score: null, how: 'unknown' },
  { name: 'neither side', predicted: undefined, truth: null, score: null, how: 'unknown', message: /no answer in the chain and no ground truth/ },
];

describe('checkAccuracy', () => {
  for (const row of rows) {
    it(`${row.name}: ${JSON.stringify(row.predicted)} vs ${JSON.stringify(row.truth)} → ${String(row.score)} by ${row.how}`, () => {
      const result = checkAccuracy(row.predicted, row.truth, row.options ?? OPTIONS);
      assert.equal(result.score, row.score);
      assert.equal(result.how, row.how);
      if (row.message !== undefined) assert.match(result.message, row.message);
      AccuracyCheck.parse(result);
    });
  }

  it('reports what was read from each side', () => {
    const result = checkAccuracy('<answer>B: A green bottle</answer>', { letter: 'b', text: 'A green bottle' }, OPTIONS);
    assert.deepEqual(result.predicted, { letter: 'B', text: 'A green bottle' });
    assert.deepEqual(result.truth, { letter: 'B', text: 'A green bottle' });
  });

  it('a missing side is reported as null', () => {
    const result = checkAccuracy(undefined, { letter: 'B' }, OPTIONS);
    assert.equal(result.predicted, null);
    assert.deepEqual(result.truth, { letter: 'B' });
  });
});

import { strict as assert } from 'node:assert';
import { parseChain } from '../../../shared/chain/parseChain';
import { FormatCheck, type FormatFailureCode } from '../../../shared/rewards/scores';
import { checkFormat, checkParsedFormat, hasTextAfterAnswer } from '../../../src/core/rewards/formatCheck';
import { CHAIN } from '../helpers/chains';

const STEP = '<action>query 00:15-00:22</action><observation>A green bottle.</observation>';

describe('checkFormat', () => {
  const rows: { name: string; chain: string; requireSteps?: boolean; codes: FormatFailureCode[] }[] = [
    { name: 'the docs example', chain: CHAIN, codes: [] },
    { name: 'one step and an answer', chain: `${STEP}<answer>B</answer>`, codes: [] },
    { name: 'tags in any case', chain: '<Action>look</Action><OBSERVATION>a cup</OBSERVATION><Answer>B</Answer>', codes: [] },
    { name: 'whitespace after the answer', chain: `${STEP}<answer>B</answer>\n  \t\n`, codes: [] },
    { name: 'Video-R1 chain without steps allowed', chain: '<think>It is a cup.</think><answer>B</answer>', requireSteps: false, codes: [] },
    { name: 'Video-R1 chain when steps are required', chain: '<think>It is a cup.</think><answer>B</answer>', codes: ['no-steps'] },
    { name: 'plain prose', chain: 'The answer is B.', codes: ['no-steps', 'missing-answer'] },
    { name: 'unclosed observation', chain: '<action>look</action><observation>a cup <answer>B</answer>', codes: ['unclosed-tag'] },
    {
      name: 'nested action in an observation',
      chain: '<action>look</action><observation>a cup <action>x</action></observation><answer>B</answer>',
      codes: ['nested-tag'],
    },
    { name: 'stray closing tag', chain: `${STEP}</observation><answer>B</answer>`, codes: ['stray-closing-tag'] },
    { name: 'observation without action', chain: `<observation>a cup</observation>${STEP}<answer>B</answer>`, codes: ['observation-without-action'] },
    { name: 'action without observation', chain: `${STEP}<action>look again</action><answer>B</answer>`, codes: ['action-without-observation'] },
    { name: 'missing answer', chain: STEP, codes: ['missing-answer'] },
    { name: 'two answers', chain: `${STEP}<answer>A</answer><answer>B</answer>`, codes: ['multiple-answers'] },
    { name: 'empty observation', chain: '<action>look</action><observation> </observation><answer>B</answer>', codes: ['empty-tag'] },
    { name: 'empty answer', chain: `${STEP}<answer></answer>`, codes: ['empty-tag'] },
    { name: 'unknown tag', chain: `${STEP}<answer><b>B</b></answer>`, codes: ['unknown-tag', 'unknown-tag'] },
    { name: 'text after the answer', chain: `${STEP}<answer>B</answer> Done.`, codes: ['text-after-answer'] },
    {
      name: 'several reasons at once',
      chain: '<observation>a cup</observation><answer>B</answer> ok',
      codes: ['observation-without-action', 'text-after-answer'],
    },
  ];
  for (const row of rows) {
    it(`${row.name} → ${row.codes.length === 0 ? '1' : row.codes.join(', ')}`, () => {
      const result = checkFormat(row.chain, row.requireSteps === undefined ? undefined : { requireSteps: row.requireSteps });
      assert.deepEqual(
        result.failures.map((f) => f.code),
        row.codes,
      );
      assert.equal(result.score, row.codes.length === 0 ? 1 : 0);
      FormatCheck.parse(result);
      for (const f of result.failures) {
        assert.ok(f.from <= f.to && f.to <= row.chain.length, `span of ${f.code} inside the chain`);
        assert.ok(f.message.length > 0);
      }
    });
  }

  const messages: { name: string; chain: string; code: FormatFailureCode; message: RegExp; span: string }[] = [
    {
      name: 'unclosed names the tag and its line',
      chain: '<action>look</action>\n<observation>a cup\n<answer>B</answer>',
      code: 'unclosed-tag',
      message: /^<observation> at line 2, column 1 is never closed\.$/,
      span: '<observation>',
    },
    {
      name: 'nested names the outer tag',
      chain: '<action>look</action><observation>a <action>x</action></observation><answer>B</answer>',
      code: 'nested-tag',
      message: /<action> at line 1, column 37 is nested inside the <observation> opened at line 1, column 22/,
      span: '<action>',
    },
    { name: 'unknown tag quoted as written', chain: `${STEP}<answer><Video>B</answer>`, code: 'unknown-tag', message: /Unknown tag <Video>/, span: '<Video>' },
    {
      name: 'text after answer quotes the text',
      chain: `${STEP}\n<answer>B</answer>\nI hope that is right.  \n`,
      code: 'text-after-answer',
      message: /^Text after <\/answer> at line 3, column 1: "I hope that is right\."\.$/,
      span: 'I hope that is right.',
    },
    { name: 'no steps', chain: '<answer>B</answer>', code: 'no-steps', message: /no <action>\/<observation> step/, span: '' },
    { name: 'missing answer', chain: STEP, code: 'missing-answer', message: /no <answer>/, span: '' },
  ];
  for (const row of messages) {
    it(`message: ${row.name}`, () => {
      const failure = checkFormat(row.chain).failures.find((f) => f.code === row.code);
      assert.ok(failure !== undefined, `a ${row.code} failure`);
      assert.match(failure.message, row.message);
      assert.equal(row.chain.slice(failure.from, failure.to), row.span);
    });
  }

  it('failures are in chain order', () => {
    const chain = '<observation>x</observation><foo><answer>B</answer> tail';
    const froms = checkFormat(chain).failures.map((f) => f.from);
    assert.deepEqual(
      froms,
      [...froms].sort((a, b) => a - b),
    );
    assert.equal(froms.length, 3);
  });

  it('checkParsedFormat agrees with checkFormat', () => {
    for (const chain of [CHAIN, `${STEP}<answer>B</answer> x`, '<think>a</think><answer>B</answer>']) {
      assert.deepEqual(checkParsedFormat(chain, parseChain(chain)), checkFormat(chain));
    }
  });

  it('a non-string chain fails instead of throwing', () => {
    const result = checkFormat(undefined as unknown as string);
    assert.equal(result.score, 0);
    assert.deepEqual(result.failures.map((f) => f.code).sort(), ['missing-answer', 'no-steps']);
  });
});

describe('hasTextAfterAnswer', () => {
  const rows: { chain: string; expected: boolean }[] = [
    { chain: `${STEP}<answer>B</answer>`, expected: false },
    { chain: `${STEP}<answer>B</answer>\n \t`, expected: false },
    { chain: `${STEP}<answer>B</answer>.`, expected: true },
    { chain: `${STEP}<answer>B</ANSWER> and more`, expected: true },
    { chain: `<answer>A</answer> x <answer>B</answer>`, expected: false },
    { chain: STEP, expected: false },
  ];
  for (const { chain, expected } of rows) {
    it(`${JSON.stringify(chain.slice(-30))} → ${expected}`, () => {
      assert.equal(hasTextAfterAnswer(chain), expected);
      // Agrees with the full check's failure of the same name.
      assert.equal(
        checkFormat(chain).failures.some((f) => f.code === 'text-after-answer'),
        expected,
      );
    });
  }
});

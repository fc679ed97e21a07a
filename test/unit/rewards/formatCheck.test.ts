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
    // Checked as the empty chain: the missing answer is placed at its end, offset 0.
    assert.deepEqual(
      result.failures.map((f) => [f.from, f.to]),
      [
        [0, 0],
        [0, 0],
      ],
    );
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

describe('checkFormat messages, spans and whitespace', () => {
  /** One well-formed step (46 characters). */
  const S = '<action>a</action><observation>b</observation>';

  const exact: { name: string; chain: string; code: FormatFailureCode; message: string; span: string }[] = [
    {
      name: 'a stray closing tag closes nothing',
      chain: `x\n${S}\n</observation><answer>B</answer>`,
      code: 'stray-closing-tag',
      message: '</observation> at line 3, column 1 closes nothing.',
      span: '</observation>',
    },
    {
      name: 'an observation first follows no action',
      chain: `<observation>a cup</observation>\n${S}<answer>B</answer>`,
      code: 'observation-without-action',
      message: '<observation> at line 1, column 1 follows no <action>.',
      span: '<observation>a cup</observation>',
    },
    {
      name: 'an action before the answer has no observation',
      chain: `${S}\n  <action>again</action>\n<answer>B</answer>`,
      code: 'action-without-observation',
      message: '<action> at line 2, column 3 has no <observation> after it.',
      span: '<action>again</action>',
    },
    {
      name: 'the earlier of two answers is not the only one',
      chain: `${S}\n<Answer>A</Answer>\n<answer>B</answer>`,
      code: 'multiple-answers',
      message: '<Answer> at line 2, column 1 is not the only <answer>: exactly one is allowed.',
      span: '<Answer>A</Answer>',
    },
    {
      name: 'an empty observation',
      chain: `<action>a</action>\n\n<observation> </observation><answer>B</answer>`,
      code: 'empty-tag',
      message: '<observation> at line 3, column 1 is empty.',
      span: '<observation> </observation>',
    },
    {
      name: 'no answer at all',
      chain: S,
      code: 'missing-answer',
      message: 'The chain has no <answer> tag.',
      span: '',
    },
    {
      name: 'no step',
      chain: '<answer>B</answer>',
      code: 'no-steps',
      message: 'The chain has no <action>/<observation> step (a ReWatch chain needs at least one).',
      span: '',
    },
    {
      // The tag is 65 characters, the longest quoted whole; it starts at index 55 (46 + "<answer>B").
      name: 'an unknown tag of 65 characters is quoted whole',
      chain: `${S}<answer>B<${'x'.repeat(63)}></answer>`,
      code: 'unknown-tag',
      message: `Unknown tag <${'x'.repeat(63)}> at line 1, column 56.`,
      span: `<${'x'.repeat(63)}>`,
    },
    {
      name: 'a longer unknown tag is cut to its first 20 characters',
      chain: `${S}<answer>B<${'x'.repeat(64)}></answer>`,
      code: 'unknown-tag',
      message: `Unknown tag <${'x'.repeat(19)} at line 1, column 56.`,
      span: `<${'x'.repeat(64)}>`,
    },
    {
      // The answer ends at index 64, the text starts at 65 (column 66).
      name: 'text of 40 characters after the answer is quoted whole',
      chain: `${S}<answer>B</answer> ${'0123456789'.repeat(4)}`,
      code: 'text-after-answer',
      message: `Text after </answer> at line 1, column 66: "${'0123456789'.repeat(4)}".`,
      span: '0123456789'.repeat(4),
    },
    {
      name: 'text of 41 characters after the answer is cut to 40 and an ellipsis',
      chain: `${S}<answer>B</answer> ${'0123456789'.repeat(4)}X`,
      code: 'text-after-answer',
      message: `Text after </answer> at line 1, column 66: "${'0123456789'.repeat(4)}…".`,
      span: `${'0123456789'.repeat(4)}X`,
    },
    {
      name: 'the quoted tail is trimmed of any Unicode whitespace on both sides',
      chain: `${S}\n<answer>B</answer>\u00a0\u3000Done.\u00a0\ufeff\r\n`,
      code: 'text-after-answer',
      message: 'Text after </answer> at line 2, column 21: "Done.".',
      span: 'Done.',
    },
  ];
  for (const row of exact) {
    it(`message: ${row.name}`, () => {
      const result = checkFormat(row.chain);
      assert.deepEqual(
        result.failures.map((f) => f.code),
        [row.code],
      );
      const [failure] = result.failures;
      assert.equal(failure.message, row.message);
      assert.equal(row.chain.slice(failure.from, failure.to), row.span);
      assert.equal(result.score, 0);
    });
  }

  it('locates failures on many lines by line and column', () => {
    const chain = ['<observation>a</observation>', '  </action>', `${S}`, '<bogus>', '', '<answer>B</answer> tail'].join('\n');
    assert.deepEqual(
      checkFormat(chain).failures.map((f) => [f.code, f.message]),
      [
        ['observation-without-action', '<observation> at line 1, column 1 follows no <action>.'],
        ['stray-closing-tag', '</action> at line 2, column 3 closes nothing.'],
        ['unknown-tag', 'Unknown tag <bogus> at line 4, column 1.'],
        ['text-after-answer', 'Text after </answer> at line 6, column 20: "tail".'],
      ],
    );
  });

  it('a chain that starts with a newline counts that newline as line 1', () => {
    const chain = `\n<observation>a cup</observation>\n${S}<answer>B</answer>`;
    assert.deepEqual(
      checkFormat(chain).failures.map((f) => f.message),
      ['<observation> at line 2, column 1 follows no <action>.'],
    );
  });

  it('text after an answer that is the first segment of the chain is reported', () => {
    // </answer> ends at index 18; "Done." starts at 19, column 20.
    assert.deepEqual(
      checkFormat('<answer>B</answer> Done.', { requireSteps: false }).failures.map((f) => [f.code, f.message]),
      [['text-after-answer', 'Text after </answer> at line 1, column 20: "Done.".']],
    );
  });

  it('an unclosed answer is reported once, not as text after the answer', () => {
    const result = checkFormat(`${S}<answer>B and more`);
    assert.deepEqual(
      result.failures.map((f) => f.code),
      ['unclosed-tag'],
    );
  });

  it('requireSteps: true asks for steps, false lets a stepped chain pass too', () => {
    assert.deepEqual(
      checkFormat('<answer>B</answer>', { requireSteps: true }).failures.map((f) => f.code),
      ['no-steps'],
    );
    assert.equal(checkFormat(`${S}<answer>B</answer>`, { requireSteps: false }).score, 1);
  });

  // Regression: with the no-break space or the carriage return treated as text, these chains scored 0.
  for (const [name, ws] of [
    ['a no-break space', '\u00a0'],
    ['a carriage return', '\r'],
    ['CRLF', '\r\n'],
    ['a byte-order mark', '\ufeff'],
    ['an ideographic space', '\u3000'],
    ['a line separator', '\u2028'],
    ['a narrow no-break space', '\u202f'],
  ] as const) {
    it(`r_fmt is 1 with ${name} after </answer>`, () => {
      const result = checkFormat(`${S}<answer>B</answer>${ws}`);
      assert.deepEqual(result.failures, []);
      assert.equal(result.score, 1);
    });
  }

  it('whitespace after </answer> is exactly what String.prototype.trim removes (every UTF-16 unit)', () => {
    // The oracle is the engine's own trim: a unit it removes is whitespace, any other is text.
    const disagreements: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const ch = String.fromCharCode(code);
      const isText = ch.trim() !== '';
      if (hasTextAfterAnswer(`<answer>B</answer>${ch}`) !== isText) disagreements.push(code.toString(16));
    }
    assert.deepEqual(disagreements, []);
  });

  it('units just outside the whitespace ranges are text', () => {
    for (const code of [
      0x08, 0x0e, 0x1f, 0x21, 0x9f, 0xa1, 0x167f, 0x1681, 0x1fff, 0x200b, 0x2027, 0x202a, 0x202e, 0x2030, 0x205e, 0x2060, 0x2fff, 0x3001, 0xfefe, 0xff00,
    ]) {
      const chain = `${S}<answer>B</answer>${String.fromCharCode(code)}`;
      assert.deepEqual(
        checkFormat(chain).failures.map((f) => [f.code, f.from, f.to]),
        [['text-after-answer', 64, 65]],
        code.toString(16),
      );
    }
  });

  it('hasTextAfterAnswer of a non-string is false', () => {
    assert.equal(hasTextAfterAnswer(undefined as unknown as string), false);
    assert.equal(hasTextAfterAnswer(42 as unknown as string), false);
    // A chain logged as a list of turns: its String() has an answer and a tail, and it is longer than 18 items.
    const turns = ['<answer>B</answer>', ...new Array<string>(20).fill('more')];
    assert.equal(hasTextAfterAnswer(turns as unknown as string), false);
  });
});

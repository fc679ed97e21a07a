import * as assert from 'node:assert/strict';
import { parseChain } from '../../../shared/chain/parseChain';
import type { ChainProblemCode, ParsedChain } from '../../../shared/chain/parseChain';
import type { Interval } from '../../../shared/chain/timeRefs';

interface Expected {
  /** `kind:text` per segment, text trimmed; a trailing `!` marks an unclosed segment. */
  segments: string[];
  answer: string | undefined;
  /** Problem codes, in any order. */
  problems: ChainProblemCode[];
  /** `[action text, observation text]` per step, trimmed; '-' when absent. */
  steps?: [string, string][];
  intervals?: Interval[];
}
interface Row {
  name: string;
  input: string;
  expected: Expected;
}

const REWATCH_CHAIN = `I need the moment the van passes. I'll <action>retrieve segments where the red van passes the cyclist</action>
<observation>It passes between 00:07 and 00:15.</observation> Now I check what he drinks.
<action>query the segment from 00:15 to 00:22, focusing on what the cyclist holds</action>
<observation>He stops and drinks from a green bottle.</observation> That matches B.
<answer>B: A green bottle</answer>`;

const rows: Row[] = [
  {
    name: 'the ReWatch chain from the format notes',
    input: REWATCH_CHAIN,
    expected: {
      segments: [
        "reasoning:I need the moment the van passes. I'll",
        'action:retrieve segments where the red van passes the cyclist',
        'observation:It passes between 00:07 and 00:15.',
        'reasoning:Now I check what he drinks.',
        'action:query the segment from 00:15 to 00:22, focusing on what the cyclist holds',
        'observation:He stops and drinks from a green bottle.',
        'reasoning:That matches B.',
        'answer:B: A green bottle',
      ],
      answer: 'B: A green bottle',
      problems: [],
      steps: [
        ['retrieve segments where the red van passes the cyclist', 'It passes between 00:07 and 00:15.'],
        ['query the segment from 00:15 to 00:22, focusing on what the cyclist holds', 'He stops and drinks from a green bottle.'],
      ],
      intervals: [{ start: 7, end: 22 }],
    },
  },
  {
    name: 'a chain with no tags at all',
    input: 'The man walks in at 00:03 and sits.',
    expected: {
      segments: ['reasoning:The man walks in at 00:03 and sits.'],
      answer: undefined,
      problems: ['missing-answer'],
      steps: [],
      intervals: [{ start: 3, end: 3 }],
    },
  },
  {
    name: 'a chain that is only an answer',
    input: '<answer>B</answer>',
    expected: { segments: ['answer:B'], answer: 'B', problems: [], steps: [] },
  },
  {
    name: 'an empty chain',
    input: '',
    expected: { segments: [], answer: undefined, problems: ['missing-answer'], steps: [], intervals: [] },
  },
  {
    name: 'Video-R1 peer: <think> then <answer>',
    input: '<think>I count two cups at 00:04.</think><answer>B</answer>',
    expected: { segments: ['think:I count two cups at 00:04.', 'answer:B'], answer: 'B', problems: [], steps: [], intervals: [{ start: 4, end: 4 }] },
  },
  {
    name: 'LongVideo-Reason peer: plain reasoning then <answer>',
    input: 'He opens the box first, then the door.\n<answer>A</answer>',
    expected: { segments: ['reasoning:He opens the box first, then the door.', 'answer:A'], answer: 'A', problems: [] },
  },
  {
    name: 'answer with letter and text',
    input: 'So <answer>B: A green bottle</answer>',
    expected: { segments: ['reasoning:So', 'answer:B: A green bottle'], answer: 'B: A green bottle', problems: [] },
  },
  {
    name: '<think> holding steps is transparent: inner tags win',
    input: '<think>First <action>query 00:01-00:04</action><observation>a dog</observation> so</think><answer>C</answer>',
    expected: {
      segments: ['reasoning:First', 'action:query 00:01-00:04', 'observation:a dog', 'reasoning:so', 'answer:C'],
      answer: 'C',
      problems: [],
      steps: [['query 00:01-00:04', 'a dog']],
    },
  },
  {
    name: '<think> holding only steps keeps its tags in empty reasoning segments',
    input: '<think><action>x</action><observation>y</observation></think>',
    expected: { segments: ['reasoning:', 'action:x', 'observation:y', 'reasoning:'], answer: undefined, problems: ['missing-answer'] },
  },
  {
    name: 'unclosed <think> holding steps',
    input: '<think>hmm <action>x</action><observation>y</observation><answer>A</answer>',
    expected: { segments: ['reasoning:hmm', 'action:x', 'observation:y', 'answer:A'], answer: 'A', problems: ['unclosed-tag'] },
  },
  {
    name: 'unclosed opaque <think> runs to the end',
    input: '<think>still thinking',
    expected: { segments: ['think:still thinking!'], answer: undefined, problems: ['unclosed-tag', 'missing-answer'] },
  },
  {
    name: '<think> inside <think>',
    input: '<think>a<think>b</think></think><answer>A</answer>',
    expected: {
      segments: ['think:a!', 'think:b', 'reasoning:</think>', 'answer:A'],
      answer: 'A',
      problems: ['unclosed-tag', 'stray-closing-tag'],
    },
  },
  {
    name: 'nested observation inside an action stays text of the action',
    input: '<action>a <observation>b</observation></action><answer>A</answer>',
    expected: {
      segments: ['action:a <observation>b</observation>', 'answer:A'],
      answer: 'A',
      problems: ['nested-tag', 'action-without-observation'],
      steps: [['a <observation>b</observation>', '-']],
    },
  },
  {
    name: 'unclosed action ends at the next opening tag',
    input: '<action>query 00:05 <observation>a cat</observation><answer>A</answer>',
    expected: {
      segments: ['action:query 00:05!', 'observation:a cat', 'answer:A'],
      answer: 'A',
      problems: ['unclosed-tag'],
      steps: [['query 00:05', 'a cat']],
      intervals: [{ start: 5, end: 5 }],
    },
  },
  {
    name: 'unclosed action before another action',
    input: '<action>a <action>b</action><observation>c</observation><answer>A</answer>',
    expected: {
      segments: ['action:a!', 'action:b', 'observation:c', 'answer:A'],
      answer: 'A',
      problems: ['unclosed-tag', 'action-without-observation'],
      steps: [
        ['a', '-'],
        ['b', 'c'],
      ],
    },
  },
  {
    name: 'unclosed observation at the end',
    input: '<action>a</action><observation>b 00:09',
    expected: {
      segments: ['action:a', 'observation:b 00:09!'],
      answer: undefined,
      problems: ['unclosed-tag', 'missing-answer'],
      intervals: [{ start: 9, end: 9 }],
    },
  },
  {
    name: 'stray closing tag in prose stays prose',
    input: 'I look </observation> again <answer>A</answer>',
    expected: { segments: ['reasoning:I look </observation> again', 'answer:A'], answer: 'A', problems: ['stray-closing-tag'] },
  },
  {
    name: 'stray closing tag inside an action stays text of the action',
    input: '<action>a</observation> b</action><observation>c</observation><answer>A</answer>',
    expected: {
      segments: ['action:a</observation> b', 'observation:c', 'answer:A'],
      answer: 'A',
      problems: ['stray-closing-tag'],
    },
  },
  {
    name: 'crossed tags',
    input: '<action>a<observation>b</action></observation><answer>A</answer>',
    expected: {
      segments: ['action:a<observation>b', 'reasoning:</observation>', 'answer:A'],
      answer: 'A',
      problems: ['nested-tag', 'stray-closing-tag', 'action-without-observation'],
    },
  },
  {
    name: 'empty tags',
    input: '<action></action><observation>  \n</observation><answer></answer>',
    expected: {
      segments: ['action:', 'observation:', 'answer:'],
      answer: '',
      problems: ['empty-tag', 'empty-tag', 'empty-tag'],
      steps: [['', '']],
    },
  },
  {
    name: 'observation without action',
    input: '<observation>a dog</observation><answer>A</answer>',
    expected: { segments: ['observation:a dog', 'answer:A'], answer: 'A', problems: ['observation-without-action'], steps: [['-', 'a dog']] },
  },
  {
    name: 'action without observation before the answer',
    input: '<action>query 00:01-00:03</action> then <answer>A</answer>',
    expected: {
      segments: ['action:query 00:01-00:03', 'reasoning:then', 'answer:A'],
      answer: 'A',
      problems: ['action-without-observation'],
      steps: [['query 00:01-00:03', '-']],
      intervals: [{ start: 1, end: 3 }],
    },
  },
  {
    name: 'two actions in a row: the second pairs with the observation',
    input: '<action>a</action><action>b</action><observation>c</observation><answer>A</answer>',
    expected: {
      segments: ['action:a', 'action:b', 'observation:c', 'answer:A'],
      answer: 'A',
      problems: ['action-without-observation'],
      steps: [
        ['a', '-'],
        ['b', 'c'],
      ],
    },
  },
  {
    name: 'multiple answers: the last one counts',
    input: '<answer>A</answer> no wait <answer> C </answer>',
    expected: { segments: ['answer:A', 'reasoning:no wait', 'answer:C'], answer: 'C', problems: ['multiple-answers'] },
  },
  {
    name: 'tags are case-insensitive',
    input: '<Action>a</ACTION><Observation>b</observation><ANSWER>D</Answer>',
    expected: { segments: ['action:a', 'observation:b', 'answer:D'], answer: 'D', problems: [], steps: [['a', 'b']] },
  },
  {
    name: 'spaces inside brackets are not tags',
    input: '< action >x</ action ><answer>A</answer>',
    expected: { segments: ['reasoning:< action >x</ action >', 'answer:A'], answer: 'A', problems: [] },
  },
  {
    name: 'unknown tags are kept as text',
    input: '<search>red van</search> <answer>A</answer>',
    expected: { segments: ['reasoning:<search>red van</search>', 'answer:A'], answer: 'A', problems: ['unknown-tag', 'unknown-tag'] },
  },
  {
    name: 'CRLF line ends',
    input: '<action>query 00:05-00:09\r\n</action>\r\n<observation>a cat\r\n</observation>\r\n<answer>A</answer>\r\n',
    expected: {
      segments: ['action:query 00:05-00:09', 'observation:a cat', 'answer:A'],
      answer: 'A',
      problems: [],
      intervals: [{ start: 5, end: 9 }],
    },
  },
  {
    name: 'unicode prose around tags',
    input: '🎬 Ça roule — <action>from 01:09 to 01:13</action><observation>ça tombe</observation><answer>A</answer>',
    expected: {
      segments: ['reasoning:🎬 Ça roule —', 'action:from 01:09 to 01:13', 'observation:ça tombe', 'answer:A'],
      answer: 'A',
      problems: [],
      intervals: [{ start: 69, end: 73 }],
    },
  },
  {
    name: 'whitespace-only prose is omitted',
    input: '  \n<action>a</action>\n\t<observation>b</observation>  <answer>A</answer>\n',
    expected: { segments: ['action:a', 'observation:b', 'answer:A'], answer: 'A', problems: [] },
  },
  {
    name: 'times in the answer count toward the chain intervals',
    input: '<answer>[00:07-00:15]</answer>',
    expected: { segments: ['answer:[00:07-00:15]'], answer: '[00:07-00:15]', problems: [], intervals: [{ start: 7, end: 15 }] },
  },
  {
    name: 'a lone "<" and ">" in prose are text',
    input: 'if 3 < 5 and 7 > 2 then <answer>A</answer>',
    expected: { segments: ['reasoning:if 3 < 5 and 7 > 2 then', 'answer:A'], answer: 'A', problems: [] },
  },
  {
    name: '<think> holding only a stray closing tag stays one opaque think',
    input: '<think>a</action>b</think><answer>A</answer>',
    expected: { segments: ['think:a</action>b', 'answer:A'], answer: 'A', problems: ['stray-closing-tag'] },
  },
  {
    name: 'a stray closing tag inside a transparent <think> stays prose and does not end the think',
    input: '<think>a <action>x</action> b </observation> c</think><answer>A</answer>',
    expected: {
      segments: ['reasoning:a', 'action:x', 'reasoning:b </observation> c', 'answer:A'],
      answer: 'A',
      problems: ['stray-closing-tag', 'action-without-observation'],
    },
  },
  {
    name: 'a second </think> after a transparent think closed is stray',
    input: '<think><action>x</action></think> y </think><answer>A</answer>',
    expected: {
      segments: ['reasoning:', 'action:x', 'reasoning:', 'reasoning:y </think>', 'answer:A'],
      answer: 'A',
      problems: ['stray-closing-tag', 'action-without-observation'],
    },
  },
  {
    name: 'an unclosed action keeps the stray closing tags after it as its text',
    input: '<action>a </observation> b<answer>A</answer>',
    expected: {
      segments: ['action:a </observation> b!', 'answer:A'],
      answer: 'A',
      problems: ['unclosed-tag', 'stray-closing-tag', 'action-without-observation'],
    },
  },
  {
    name: 'an unclosed action inside a transparent think keeps stray closers but stops at </think>',
    input: '<think><action>a </observation> b</think><answer>A</answer>',
    expected: {
      segments: ['reasoning:', 'action:a </observation> b!', 'reasoning:', 'answer:A'],
      answer: 'A',
      problems: ['unclosed-tag', 'stray-closing-tag', 'action-without-observation'],
    },
  },
  {
    name: 'an unclosed action inside a transparent think ends at </think>',
    input: '<think><action>a</think><answer>A</answer>',
    expected: {
      segments: ['reasoning:', 'action:a!', 'reasoning:', 'answer:A'],
      answer: 'A',
      problems: ['unclosed-tag', 'action-without-observation'],
    },
  },
  {
    name: 'prose between an action and its observation does not break the step',
    input: '<action>a</action> then <observation>b</observation><answer>A</answer>',
    expected: { segments: ['action:a', 'reasoning:then', 'observation:b', 'answer:A'], answer: 'A', problems: [], steps: [['a', 'b']] },
  },
  {
    name: 'an answer between an action and an observation splits them into two steps',
    input: '<action>a</action><answer>A</answer><observation>b</observation>',
    expected: {
      segments: ['action:a', 'answer:A', 'observation:b'],
      answer: 'A',
      problems: ['action-without-observation', 'observation-without-action'],
      steps: [
        ['a', '-'],
        ['-', 'b'],
      ],
    },
  },
];

const nonSpace = (s: string): string => s.replace(/\s+/g, '');

/** Invariants every parse must keep, whatever the input. */
function checkInvariants(input: string, parsed: ParsedChain): void {
  let previousEnd = 0;
  for (const seg of parsed.segments) {
    assert.ok(seg.from >= previousEnd && seg.from <= seg.innerFrom && seg.innerFrom <= seg.innerTo && seg.innerTo <= seg.to, 'ordered spans');
    assert.ok(seg.to <= input.length);
    assert.equal(seg.text, input.slice(seg.innerFrom, seg.innerTo));
    for (const ref of seg.timeRefs) {
      assert.ok(ref.from >= seg.innerFrom && ref.to <= seg.innerTo, 'time reference inside its segment');
      assert.equal(input.slice(ref.from, ref.to), ref.text);
    }
    previousEnd = seg.to;
  }
  // No text is lost: the segments' spans hold every non-whitespace character, in order.
  assert.equal(parsed.segments.map((s) => nonSpace(input.slice(s.from, s.to))).join(''), nonSpace(input));
  for (const problem of parsed.problems) assert.ok(problem.from >= 0 && problem.from <= problem.to && problem.to <= input.length);
  parsed.steps.forEach((step, i) => assert.equal(step.index, i));
}

describe('parseChain', () => {
  for (const row of rows) {
    it(row.name, () => {
      const parsed = parseChain(row.input);
      checkInvariants(row.input, parsed);
      const { expected } = row;
      assert.deepEqual(
        parsed.segments.map((s) => `${s.kind}:${s.text.trim()}${s.closed ? '' : '!'}`),
        expected.segments,
      );
      assert.equal(parsed.answer, expected.answer);
      assert.deepEqual(parsed.problems.map((p) => p.code).sort(), [...expected.problems].sort());
      if (expected.steps !== undefined) {
        assert.deepEqual(
          parsed.steps.map((s) => [s.action?.text.trim() ?? '-', s.observation?.text.trim() ?? '-']),
          expected.steps,
        );
      }
      if (expected.intervals !== undefined) assert.deepEqual(parsed.intervals, expected.intervals);
    });
  }

  it('gives time references chain-relative spans and per-step intervals', () => {
    const parsed = parseChain(REWATCH_CHAIN);
    const observation = parsed.steps[0].observation;
    assert.ok(observation);
    assert.equal(observation.timeRefs.length, 1);
    const ref = observation.timeRefs[0];
    assert.equal(REWATCH_CHAIN.slice(ref.from, ref.to), '00:07 and 00:15');
    assert.deepEqual(
      parsed.steps.map((s) => s.intervals),
      [[{ start: 7, end: 15 }], [{ start: 15, end: 22 }]],
    );
  });

  describe('reports each problem with its message and span, ordered by position', () => {
    type P = [ChainProblemCode, 'error' | 'warning', string, number, number];
    const cases: { input: string; problems: P[] }[] = [
      {
        // '<Action>' 0-8, 'a ' 8-10, '<observation>' 10-23, 'b', '</observation>' 24-38, '</observation>' 38-52, '</action>' 52-61.
        input: '<Action>a <observation>b</observation></observation></action><answer>A</answer>',
        problems: [
          ['action-without-observation', 'warning', 'This <action> has no <observation> after it.', 0, 61],
          ['nested-tag', 'error', '<observation> inside <action>: kept as text of the <action>.', 10, 23],
          ['stray-closing-tag', 'error', '</observation> closes nothing: kept as text.', 38, 52],
        ],
      },
      {
        // '<observation>x</observation>' 0-28, '<answer></answer>' 28-45.
        input: '<observation>x</observation><answer></answer>',
        problems: [
          ['observation-without-action', 'warning', 'This <observation> follows no <action>.', 0, 28],
          ['empty-tag', 'warning', 'Empty <answer>.', 28, 45],
        ],
      },
      {
        // '<think>' 0-7, 'a ' 7-9, '<x>' 9-12; the missing answer sits at the end (12).
        input: '<think>a <x>',
        problems: [
          ['unclosed-tag', 'error', '<think> is never closed.', 0, 7],
          ['unknown-tag', 'warning', 'Unknown tag <x>: kept as text.', 9, 12],
          ['missing-answer', 'warning', 'No <answer> tag.', 12, 12],
        ],
      },
      {
        // Two answers of 18 characters each: the first one is reported.
        input: '<answer>A</answer><answer>B</answer>',
        problems: [['multiple-answers', 'warning', 'Several <answer> tags: only the last one counts.', 0, 18]],
      },
      {
        // '<answer></answer>' 0-17, '<x>' 18-21, '</observation>' 22-36, '<y>' 37-40.
        input: '<answer></answer> <x> </observation> <y>',
        problems: [
          ['empty-tag', 'warning', 'Empty <answer>.', 0, 17],
          ['unknown-tag', 'warning', 'Unknown tag <x>: kept as text.', 18, 21],
          ['stray-closing-tag', 'error', '</observation> closes nothing: kept as text.', 22, 36],
          ['unknown-tag', 'warning', 'Unknown tag <y>: kept as text.', 37, 40],
        ],
      },
    ];
    for (const { input, problems } of cases) {
      it(input, () => {
        assert.deepEqual(
          parseChain(input).problems.map((p): P => [p.code, p.severity, p.message, p.from, p.to]),
          problems,
        );
      });
    }
  });

  it('treats a value that is not a string as an empty chain', () => {
    for (const value of [null, undefined, 42]) {
      const parsed = parseChain(value as unknown as string);
      assert.deepEqual(parsed.segments, []);
      assert.deepEqual(parsed.steps, []);
      assert.equal(parsed.answer, undefined);
      assert.deepEqual(parsed.intervals, []);
      assert.deepEqual(
        parsed.problems.map((p) => [p.code, p.from, p.to]),
        [['missing-answer', 0, 0]],
      );
    }
  });

  it('marks markup errors as errors and odd structure as warnings', () => {
    const parsed = parseChain('<action>a <observation>b</observation></action></answer> <action>c');
    const severity = new Map(parsed.problems.map((p) => [p.code, p.severity]));
    assert.equal(severity.get('nested-tag'), 'error');
    assert.equal(severity.get('stray-closing-tag'), 'error');
    assert.equal(severity.get('unclosed-tag'), 'error');
    assert.equal(severity.get('missing-answer'), 'warning');
    assert.equal(severity.get('action-without-observation'), 'warning');
  });

  it('never throws and keeps its invariants on random tag soup', () => {
    const pieces = [
      '<action>',
      '</action>',
      '<observation>',
      '</observation>',
      '<answer>',
      '</answer>',
      '<think>',
      '</think>',
      '<Answer>',
      '<x>',
      ' ',
      '\n',
      'a',
      '00:07',
      '-',
      '00:15',
      '<',
      '>',
      '/',
      'é',
      '🎬',
    ];
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 500; round++) {
      let input = '';
      for (let k = random(30); k > 0; k--) input += pieces[random(pieces.length)];
      checkInvariants(input, parseChain(input));
    }
  });

  it('parses a long chain of repeated steps, malformed ones included, into every step and problem', () => {
    // The same units as bench/parseChain.bench.ts, which measures speed on 2 MB of them (npm run bench:chain);
    // 64 KB is enough here to show that no unit is lost or merged.
    const step =
      'Now I look again. <action>query the segment from 01:09 to 01:13, focusing on the cup</action>\n' +
      '<observation>Between 00:07 and 00:15 the man lifts a green bottle (12.5s) at [75:10].</observation>\n';
    const unit = step + '<think>hmm</think> </observation> <action>unclosed ';
    const units = Math.ceil((64 * 1024) / unit.length);
    const text = unit.repeat(units) + '<answer>B</answer>';
    const parsed = parseChain(text);
    assert.equal(parsed.answer, 'B');
    // Each unit: a closed action and its observation (one step), an opaque think, the stray
    // </observation> as reasoning, and an unclosed action running to the next unit's <action> (a
    // second step, with no observation). Only the very first "Now I look again." is reasoning of its own.
    const kinds = parsed.segments.map((s) => `${s.kind}${s.closed ? '' : '!'}`);
    assert.deepEqual(kinds, ['reasoning', ...Array.from({ length: units }, () => ['action', 'observation', 'think', 'reasoning', 'action!']).flat(), 'answer']);
    assert.equal(parsed.steps.length, 2 * units);
    assert.deepEqual(parsed.steps[2].intervals, [
      { start: 7, end: 15 },
      { start: 69, end: 73 },
      { start: 4510, end: 4510 },
    ]);
    assert.equal(parsed.steps[3].action?.text, 'unclosed Now I look again. ');
    assert.equal(parsed.steps[2 * units - 1].action?.text, 'unclosed ');
    const counts = new Map<string, number>();
    for (const p of parsed.problems) counts.set(p.code, (counts.get(p.code) ?? 0) + 1);
    assert.deepEqual([...counts].sort(), [
      ['action-without-observation', units],
      ['stray-closing-tag', units],
      ['unclosed-tag', units],
    ]);
    assert.deepEqual(parsed.intervals, [
      { start: 7, end: 15 },
      { start: 69, end: 73 },
      { start: 4510, end: 4510 },
    ]);
  });
});

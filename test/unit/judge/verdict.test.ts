import { strict as assert } from 'node:assert';
import { extractAnswer, parseVerdict } from '../../../src/core/judge/verdict';
import type { ParsedVerdict } from '../../../src/core/judge/verdict';

describe('parseVerdict', () => {
  const table: [string, string, ParsedVerdict][] = [
    ['plain JSON', '{"verdict": "yes", "score": 1, "rationale": "The caption says so."}', { score: 1, verdict: 'yes', rationale: 'The caption says so.' }],
    ['JSON no, graded', '{"verdict":"no","score":0.25,"rationale":"Wrong colour."}', { score: 0.25, verdict: 'no', rationale: 'Wrong colour.' }],
    [
      '```json fence after prose',
      'Here is my verdict:\n```json\n{\n  "verdict": "No",\n  "score": 0,\n  "rationale": "The caption shows a green bottle, not purple."\n}\n```',
      { score: 0, verdict: 'no', rationale: 'The caption shows a green bottle, not purple.' },
    ],
    ['score missing: from verdict yes', '{"verdict": "yes", "rationale": "ok"}', { score: 1, verdict: 'yes', rationale: 'ok' }],
    ['score missing: incorrect', '{"verdict": "Incorrect", "rationale": "r"}', { score: 0, verdict: 'incorrect', rationale: 'r' }],
    ['score missing: match', '{"verdict": "match"}', { score: 1, verdict: 'match', rationale: '' }],
    ['score missing: NOT_SUPPORTED', '{"verdict": "NOT_SUPPORTED"}', { score: 0, verdict: 'not supported', rationale: '' }],
    ['score missing: partial', '{"verdict": "partially supported"}', { score: 0.5, verdict: 'partially supported', rationale: '' }],
    ['boolean verdict', '{"verdict": true, "reason": "fine"}', { score: 1, verdict: 'yes', rationale: 'fine' }],
    ['boolean correct key', '{"correct": false, "explanation": "B is not C"}', { score: 0, verdict: 'no', rationale: 'B is not C' }],
    ['score only', '{"score": 0.8}', { score: 0.8, verdict: 'yes', rationale: '' }],
    ['score as a string', '{"verdict": "no", "score": "0"}', { score: 0, verdict: 'no', rationale: '' }],
    ['score above 1 clamped', '{"verdict": "yes", "score": 7}', { score: 1, verdict: 'yes', rationale: '' }],
    ['score below 0 clamped', '{"verdict": "no", "score": -2}', { score: 0, verdict: 'no', rationale: '' }],
    ['upper-case keys', '{"Verdict": "YES", "Score": 1, "Rationale": "x"}', { score: 1, verdict: 'yes', rationale: 'x' }],
    ['trailing comma', '{"verdict": "no", "score": 0,}', { score: 0, verdict: 'no', rationale: '' }],
    [
      'think block skipped',
      '<think>{"verdict": "yes"} maybe? no...</think>\n{"verdict": "no", "score": 0, "rationale": "r"}',
      { score: 0, verdict: 'no', rationale: 'r' },
    ],
    [
      'think block skipped before prose',
      '<think>Draft: {"verdict": "yes"}? Let me check.</think>\nNo. The caption shows green.',
      { score: 0, verdict: 'no', rationale: 'The caption shows green.' },
    ],
    ['last of two objects wins', '{"verdict": "yes"} wait, correcting: {"verdict": "no", "score": 0}', { score: 0, verdict: 'no', rationale: '' }],
    [
      'braces inside strings',
      '{"verdict": "yes", "score": 1, "rationale": "it says {green} and \\"}\\""}',
      { score: 1, verdict: 'yes', rationale: 'it says {green} and "}"' },
    ],
    [
      'JSON cut off by max_tokens',
      '{"verdict": "no", "score": 0, "rationale": "The caption at 00:15 shows a gre',
      { score: 0, verdict: 'no', rationale: 'The caption at 00:15 shows a gre' },
    ],
    ['plain Yes.', 'Yes. Because the caption shows the van at 00:07.', { score: 1, verdict: 'yes', rationale: 'Because the caption shows the van at 00:07.' }],
    [
      'plain **No** —',
      '**No** — the caption never mentions a purple bottle.',
      { score: 0, verdict: 'no', rationale: 'the caption never mentions a purple bottle.' },
    ],
    [
      'labelled lines',
      'Verdict: incorrect\nScore: 0\nRationale: It picks A, the truth is C.',
      { score: 0, verdict: 'incorrect', rationale: 'It picks A, the truth is C.' },
    ],
    ['markdown labels', '**Verdict:** yes\n**Score:** 0.9', { score: 0.9, verdict: 'yes', rationale: '**Verdict:** yes\n**Score:** 0.9' }],
    ['JSON without verdict or score falls to prose', '{"note": "n"} No.', { score: null, verdict: 'unparsed', rationale: '{"note": "n"} No.' }],
  ];
  for (const [name, text, expected] of table) {
    it(name, () => assert.deepEqual(parseVerdict(text), expected));
  }

  it('unparseable: score null, verdict unparsed, the raw text as rationale', () => {
    assert.deepEqual(parseVerdict('The observation describes a cyclist.'), {
      score: null,
      verdict: 'unparsed',
      rationale: 'The observation describes a cyclist.',
    });
    assert.deepEqual(parseVerdict(''), { score: null, verdict: 'unparsed', rationale: '' });
    assert.equal(parseVerdict('Nothing to say').verdict, 'unparsed', '"Nothing" is no "no"');
  });

  it('clips a long unparsed rationale to 2,000 characters', () => {
    const long = 'blah '.repeat(1000);
    const parsed = parseVerdict(long);
    assert.equal(parsed.verdict, 'unparsed');
    assert.ok(parsed.rationale.length <= 2001, `${parsed.rationale.length}`);
    assert.ok(parsed.rationale.startsWith('blah blah'));
  });

  it('an unknown verdict word without score keeps the word and no score', () => {
    assert.deepEqual(parseVerdict('{"verdict": "maybe", "rationale": "unclear"}'), { score: null, verdict: 'maybe', rationale: 'unclear' });
  });
});

describe('extractAnswer', () => {
  const table: [string, string, string | null][] = [
    ['answer tag', 'The notes say green.\n<answer>B</answer>', 'B'],
    ['last of several tags', '<answer>A</answer> no wait <answer> C </answer>', 'C'],
    ['multi-line content', '<answer>\nB: A green bottle\n</answer>', 'B: A green bottle'],
    ['upper-case tag', '<ANSWER>D</ANSWER>', 'D'],
    ['think block ignored', '<think>maybe <answer>A</answer></think>So it is <answer>B</answer>', 'B'],
    ['unclosed last tag (cut off)', 'Reasoning... <answer>three peo', 'three peo'],
    ['no tag: last line', 'The notes show two dogs.\nTwo', 'Two'],
    ['no tag: "Answer:" label stripped', 'Thinking.\n**Answer:** C\n\n', 'C'],
    ['no tag: "Final answer:" label stripped', 'x\nFinal answer: 42', '42'],
    ['empty tag', '<answer> </answer>', null],
    ['empty text', '   \n  ', null],
  ];
  for (const [name, text, expected] of table) {
    it(name, () => assert.equal(extractAnswer(text), expected));
  }
});

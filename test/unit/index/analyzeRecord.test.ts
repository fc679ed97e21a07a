import * as assert from 'node:assert/strict';
import { CHAIN } from '../helpers/chains';
import { mulberry32 } from '../../../bench/syntheticDataset';
import { parseChain } from '../../../shared/chain/parseChain';
import type { FileProfile, Sidecar } from '../../../shared/records/fieldMapping';
import { Problem, RecordSummary, EMPTY_COLUMNS } from '../../../shared/records/recordSummary';
import { MAX_SUMMARY_TEXT, analyzeRecord, type AnalyzedRecord } from '../../../src/core/index/analyzeRecord';
import { summarizeChain } from '../../../src/core/records/chainSummary';
import { checkFormat } from '../../../src/core/rewards/formatCheck';
import { formatScoreOf } from '../../../src/core/rewards/indexScores';
import type { RawRecord } from '../../../src/core/reader/rawRecord';
import { detectProfile } from '../../../src/core/records/detectProfile';

const raw = (content: unknown, line = 1, column = 1, byteOffset = 0): RawRecord => ({
  line,
  column,
  byteOffset,
  bytes: Buffer.isBuffer(content) ? content : Buffer.from(typeof content === 'string' ? content : JSON.stringify(content)),
});

/** Analyzes `value` with a profile detected from `samples` (the value itself by default); checks the schemas. */
function analyze(value: unknown, samples: readonly unknown[] = [value], override?: Sidecar, position = 0): AnalyzedRecord {
  return analyzeWith(raw(value), detectProfile(samples, override), position);
}

function analyzeWith(record: RawRecord, profile: FileProfile, position = 0): AnalyzedRecord {
  const result = analyzeRecord(record, position, profile);
  RecordSummary.parse(result.summary);
  for (const p of result.problems) Problem.parse(p);
  // Hints (observation-without-time by default) are stored but do not count.
  assert.equal(result.summary.problems, result.problems.filter((p) => p.severity !== 'hint').length);
  return result;
}

/** The codes of the problems that count (hints left out: the chain-grammar example has one). */
const codes = (result: AnalyzedRecord): string[] => result.problems.filter((p) => p.severity !== 'hint').map((p) => p.code);

const cot = (patch: Record<string, unknown> = {}) => ({
  id: 'cot-1',
  video_path: 'ubgB1yelZMY/49850.19.mp4',
  source: 'Vript',
  duration: 30,
  question: 'What does the cyclist drink from?\nA: A cup\nB: A green bottle\nC: A can',
  answer: 'B',
  question_type: 'Object Recognition',
  cot: CHAIN,
  ...patch,
});

describe('analyzeRecord: summaries', () => {
  it('summarizes a ReWatch CoT record', () => {
    const result = analyze(cot(), [cot()], undefined, 4);
    assert.equal(result.blank, false);
    // The second observation cites no time although its action does: a hint, which does not count.
    assert.deepEqual(
      result.problems.map((p) => [p.code, p.severity]),
      [['observation-without-time', 'hint']],
    );
    const bytes = Buffer.byteLength(JSON.stringify(cot()));
    assert.deepEqual(result.summary, {
      ...EMPTY_COLUMNS,
      position: 4,
      line: 1,
      byteOffset: 0,
      byteLength: bytes,
      kind: 'cot',
      id: 'cot-1',
      video: 'ubgB1yelZMY/49850.19.mp4',
      source: 'Vript',
      question: 'What does the cyclist drink from? A: A cup B: A green bottle C: A can',
      answer: 'B',
      questionType: 'multiple-choice',
      category: 'Object Recognition',
      // CHAIN's cards: reasoning, action, observation, reasoning, action, observation, reasoning (the answer is no step card).
      steps: 7,
      citedStart: 7,
      citedEnd: 22,
      reward: null,
      advantage: null,
      promptId: null,
      problems: 0,
      correct: true,
      malformed: false,
      fmt: 1,
    } satisfies RecordSummary);
  });

  it('clips long questions and answers to MAX_SUMMARY_TEXT on one line', () => {
    const question = `${'Why does the man   run\n'.repeat(60)}?`;
    const answer = 'because '.repeat(100);
    const { summary } = analyze({ question, answer });
    assert.equal(summary.kind, 'qa');
    assert.equal(summary.question?.length, MAX_SUMMARY_TEXT);
    assert.ok(summary.question?.endsWith('…'));
    assert.ok(!summary.question?.includes('\n'));
    assert.ok(summary.question?.startsWith('Why does the man run Why'));
    assert.equal(summary.answer?.length, MAX_SUMMARY_TEXT);
    assert.equal(summary.questionType, 'open-ended');
  });

  it('keeps a short question whole and shows the answer letter, else its text', () => {
    assert.equal(analyze({ question: 'Q?', options: ['A. x', 'B. y'], answer: 'B: y' }).summary.answer, 'B');
    assert.equal(analyze({ question: 'Q?', answer: 'a green bottle' }).summary.answer, 'a green bottle');
    assert.equal(analyze({ question: '  Q?  ', answer: 'x' }).summary.question, 'Q?');
  });

  it('summarizes a QA record: no steps, no cited times', () => {
    const { summary } = analyze({ id: 7, video: 'a.mp4', question: 'Count the cars at [00:05-00:10].', answer: 'three', question_type: 'Counting' });
    assert.equal(summary.kind, 'qa');
    assert.equal(summary.id, '7');
    assert.equal(summary.category, 'Counting');
    assert.equal(summary.questionType, 'open-ended');
    assert.equal(summary.steps, 0);
    assert.equal(summary.citedStart, null);
    assert.equal(summary.citedEnd, null);
  });

  it('summarizes a caption record with no question', () => {
    const value = { source: 'Vript', video_path: 'v.mp4', caption: '[00:00-00:07] A man walks.\n[00:07-00:15] A van passes.' };
    const result = analyze(value);
    assert.equal(result.summary.kind, 'caption');
    assert.equal(result.summary.question, null);
    assert.equal(result.summary.answer, null);
    assert.equal(result.summary.questionType, null);
    assert.equal(result.summary.video, 'v.mp4');
    assert.deepEqual(result.problems, []);
  });

  it('summarizes a grouped rollout: most steps, widest cited span, mean reward, prompt id', () => {
    const responses = [
      { text: CHAIN, reward: 3, rewards: { acc: 1, obs: 1, rea: 0, fmt: 1 }, advantage: 1.2 },
      { text: '<action>query from 01:00 to 01:05</action><observation>x</observation><answer>A</answer>', reward: 1, advantage: -0.4 },
      { text: '<think>hmm at 00:03</think><answer>C</answer>', reward: 0.5, advantage: -0.8 },
    ];
    const value = { prompt_id: 'p9', question: 'Q?\nA: a\nB: b\nC: c', answer: 'B', responses };
    const { summary, problems } = analyze(value);
    assert.equal(summary.kind, 'rollout');
    assert.equal(summary.promptId, 'p9');
    // The longest rollout's cards: CHAIN's 7 (the others have 2, and 1 think card).
    assert.equal(summary.steps, 7);
    assert.equal(summary.citedStart, 3);
    assert.equal(summary.citedEnd, 65);
    assert.equal(summary.reward, 1.5);
    assert.equal(summary.advantage, null, 'a group has no single advantage');
    assert.equal(summary.answer, 'B');
    // The first completion's answer text is not option B's ("b"): the engine says so, naming the completion.
    assert.deepEqual(
      problems.filter((p) => p.severity !== 'hint').map((p) => [p.code, p.message]),
      [['chain-answer-option-mismatch', 'Completion 1: The chain\'s <answer> says B: "A green bottle", but option B is "b".']],
    );
  });

  it('summarizes a flat rollout with its own reward and advantage', () => {
    const samples = [0, 1].map((i) => ({ prompt_id: 'p1', response: CHAIN, reward: 2 - i, advantage: i === 0 ? 1 : -1, acc_reward: 1 - i, format_reward: 1 }));
    const profile = detectProfile(samples);
    const { summary } = analyzeWith(raw(samples[1]), profile, 1);
    assert.equal(summary.kind, 'rollout');
    assert.equal(summary.promptId, 'p1');
    assert.equal(summary.reward, 1);
    assert.equal(summary.advantage, -1);
    assert.equal(summary.steps, 7);
    assert.equal(summary.question, null);
  });

  it('summarizes a verl-like rollout grouped by uid', () => {
    const value = { uid: 'u3', prompt: 'What?', response: CHAIN, score: 0.5 };
    const { summary } = analyze(value);
    assert.equal(summary.kind, 'rollout');
    assert.equal(summary.promptId, 'u3');
    assert.equal(summary.reward, 0.5);
    assert.equal(summary.question, 'What?');
  });

  it('reads the stored reward of a CoT record (a scored chain with no prompt group stays a CoT)', () => {
    const value = cot({ rewards: { acc: 1, obs: 0.5, rea: 1, fmt: 1, total: 3.5 } });
    const { summary } = analyze(value);
    assert.equal(summary.kind, 'cot');
    assert.equal(summary.reward, 3.5);
    assert.equal(summary.steps, 7);
    assert.equal(summary.answer, 'B');
  });

  it('summarizes Video-R1 and LongVideo-Reason records', () => {
    const r1 = {
      problem_id: 3,
      problem: 'Q?',
      problem_type: 'multiple choice',
      options: ['A. x', 'B. y'],
      process: '<think>At 00:04 he waves.</think>',
      solution: '<answer>B</answer>',
      path: 'a.mp4',
      data_source: 'LLaVA',
    };
    const s1 = analyze(r1).summary;
    assert.deepEqual(
      [s1.kind, s1.id, s1.video, s1.source, s1.answer, s1.questionType, s1.steps, s1.citedStart, s1.citedEnd],
      // One card: the <think>.
      ['cot', '3', 'a.mp4', 'LLaVA', 'B', 'multiple-choice', 1, 4, 4],
    );
    const lvr = { videos: ['b.mp4'], problem: 'Q?\nA. x\nB. y\nC. z', reasoning: 'Around 12.5s the ball goes in.', answer: '<answer>C</answer>' };
    const s2 = analyze(lvr).summary;
    // One card: the reasoning prose before the answer.
    assert.deepEqual([s2.kind, s2.video, s2.answer, s2.questionType, s2.steps, s2.citedStart], ['cot', 'b.mp4', 'C', 'multiple-choice', 1, 12.5]);
  });

  it('reads every record as the sidecar kind when it is forced', () => {
    const { summary } = analyze(cot(), [cot()], { kind: 'qa' });
    assert.equal(summary.kind, 'qa');
    assert.equal(summary.steps, 0);
  });
});

describe('analyzeRecord: problems', () => {
  it('reports malformed JSON with its line, column and byte offset, and marks the record malformed', () => {
    const result = analyzeWith(raw('{"id": "a", "answer": }', 12, 1, 500), detectProfile([cot()]), 11);
    assert.deepEqual(codes(result), ['malformed-json']);
    const [problem] = result.problems;
    assert.equal(problem.line, 12);
    assert.equal(problem.column, 23);
    assert.equal(problem.byteOffset, 522);
    assert.equal(problem.position, 11);
    assert.equal(result.summary.malformed, true);
    assert.equal(result.summary.kind, 'unknown');
    assert.equal(result.summary.line, 12);
    assert.equal(result.summary.byteOffset, 500);
  });

  it('reports malformed JSON on a later line of a multi-line array element', () => {
    const text = '{\n    "id": "a",\n    "answer": B\n  }';
    const result = analyzeWith(raw(text, 5, 3), detectProfile([cot()]));
    assert.equal(result.problems[0].code, 'malformed-json');
    assert.equal(result.problems[0].line, 7);
    assert.equal(result.problems[0].column, 15);
  });

  it('reports invalid UTF-8 and still summarizes the record', () => {
    const bytes = Buffer.concat([Buffer.from('{"question": "caf'), Buffer.from([0xe9]), Buffer.from('?", "answer": "x"}')]);
    const result = analyzeWith(raw(bytes, 3), detectProfile([{ question: 'q', answer: 'x' }]), 2);
    assert.deepEqual(codes(result), ['invalid-utf8']);
    assert.equal(result.problems[0].byteOffset, 17);
    assert.equal(result.problems[0].column, 18);
    assert.equal(result.summary.malformed, true);
    assert.equal(result.summary.kind, 'qa');
    assert.equal(result.summary.question, 'caf\ufffd?');
  });

  it('treats a blank line as no record', () => {
    const result = analyzeWith(raw('   '), detectProfile([cot()]), 3);
    assert.equal(result.blank, true);
    assert.deepEqual(result.problems, []);
    assert.equal(result.summary.kind, 'unknown');
    const invalid = analyzeWith(raw(Buffer.from([0x20, 0xff])), detectProfile([cot()]), 3);
    assert.equal(invalid.blank, false, 'an invalid byte is not whitespace');
    assert.deepEqual(codes(invalid), ['invalid-utf8', 'malformed-json']);
    assert.equal(invalid.problems[0].position, 3);
  });

  it('points chain problems at the chain field of a multi-line JSON array element', () => {
    const element = [
      '{',
      '    "id": "c2",',
      '    "question": "What?",',
      '    "answer": "B",',
      '    "cot": "<action>look at 00:05</action> <observation>a van"',
      '  }',
    ].join('\n');
    const profile = detectProfile([JSON.parse(element)]);
    const result = analyzeWith(raw(element, 40, 3, 1000), profile, 6);
    assert.deepEqual(codes(result), ['unclosed-tag', 'missing-answer']);
    const chainLine = '    "cot": "<action>look at 00:05</action> <observation>a van"';
    const lineStart = element.indexOf(chainLine);
    const [unclosed, missing] = result.problems.filter((p) => p.severity !== 'hint');
    const tagAt = chainLine.indexOf('<observation>');
    assert.deepEqual(
      [unclosed.line, unclosed.column, unclosed.endLine, unclosed.endColumn, unclosed.byteOffset, unclosed.byteLength, unclosed.position],
      [44, tagAt + 1, 44, tagAt + 1 + '<observation>'.length, 1000 + lineStart + tagAt, '<observation>'.length, 6],
    );
    assert.equal(unclosed.severity, 'error');
    assert.equal(unclosed.message, '<observation> is never closed.');
    // A missing answer sits on the chain string's closing quote.
    assert.deepEqual(
      [missing.line, missing.column, missing.endColumn, missing.byteOffset],
      [44, chainLine.length, chainLine.length + 1, 1000 + lineStart + chainLine.length - 1],
    );
    assert.equal(missing.message, "The chain has no <answer>, though the record's answer is B.");
    // Two cards: the action and the unclosed observation (the blank between them is none).
    assert.equal(result.summary.steps, 2);
    assert.equal(result.summary.citedStart, 5);
    assert.equal(result.summary.malformed, false);
  });

  it('points at the chain field even when its name appears earlier as a value or a nested key', () => {
    const text = '{"field": "cot", "meta": {"cot": 1}, "question": "Q?", "answer": "B", "cot": "<action>x"}';
    const result = analyzeWith(raw(text), detectProfile([JSON.parse(text)], { fields: { chain: 'cot' } }));
    assert.equal(result.problems[0].code, 'unclosed-tag');
    assert.equal(result.problems[0].column, text.indexOf('"<action>') + 2);
    assert.equal(result.problems[0].endColumn, text.indexOf('"<action>') + 2 + '<action>'.length);
  });

  it('points at a nested field by its dot path', () => {
    const text = '{"question": "Q?", "gt": {"label": "E"}, "options": ["A. x", "B. y"]}';
    const result = analyzeWith(raw(text), detectProfile([JSON.parse(text)], { fields: { answer: 'gt.label' } }));
    assert.deepEqual(codes(result), ['answer-not-an-option']);
    assert.equal(result.problems[0].column, text.indexOf('"E"') + 1);
  });

  it('names each completion of a grouped rollout in its chain problems', () => {
    const value = { prompt_id: 'p', question: 'Q?', responses: [{ text: CHAIN }, { text: '<action>a</action><answer>B</answer>' }] };
    const result = analyze(value);
    assert.deepEqual(codes(result), ['action-without-observation']);
    assert.equal(result.problems.find((p) => p.code === 'action-without-observation')?.message, 'Completion 2: This <action> has no <observation> after it.');
  });

  it('reports an answer that is not one of the options', () => {
    const result = analyze(cot({ answer: 'E' }));
    assert.deepEqual(codes(result), ['answer-not-an-option']);
    const [problem] = result.problems;
    assert.equal(problem.message, 'The answer names E, but the options are A, B, C.');
    assert.equal(problem.severity, 'error');
    const text = JSON.stringify(cot({ answer: 'E' }));
    assert.deepEqual([problem.column, problem.endColumn], [text.indexOf('"E"') + 1, text.indexOf('"E"') + 4]);
  });

  it('reports a QA or CoT record with no answer, but not a rollout', () => {
    assert.deepEqual(codes(analyze({ question: 'What happens?' }, [{ question: 'What happens?', answer: 'x' }])), ['no-ground-truth']);
    assert.deepEqual(codes(analyze({ question: 'What happens?', answer: '' }, [{ question: 'What happens?', answer: 'x' }])), ['no-ground-truth']);
    assert.deepEqual(codes(analyze(cot({ answer: null }))), ['no-ground-truth']);
    assert.deepEqual(codes(analyze({ prompt_id: 'p', question: 'Q?', responses: [CHAIN] })), []);
  });

  it('reports a chain that cites times past the end of the video', () => {
    const result = analyze(cot({ duration: 20 }));
    assert.deepEqual(codes(result), ['past-end']);
    const [problem] = result.problems.filter((p) => p.code === 'past-end');
    assert.equal(problem.message, "Cites 00:22, past the video's end (00:20)");
    // On the reference itself, inside the chain string.
    const text = JSON.stringify(cot({ duration: 20 }));
    assert.equal(text.slice(problem.column - 1, problem.endColumn - 1), '00:15 to 00:22');
    assert.deepEqual(codes(analyze(cot({ duration: 22 }))), []);
    assert.deepEqual(codes(analyze(cot({ duration: null }))), []);
  });

  it('reports a ReWatch chain with no <answer>', () => {
    const result = analyze(cot({ cot: '<action>look</action><observation>a van</observation>' }));
    assert.deepEqual(codes(result), ['missing-answer']);
    assert.equal(result.problems[0].severity, 'warning');
    assert.equal(result.problems[0].message, "The chain has no <answer>, though the record's answer is B.");
  });

  it('does not report peers’ chains for lacking an <answer> (it is kept in another field)', () => {
    const r1 = (i: number) => ({
      problem: `Q${i}?`,
      problem_type: 'multiple choice',
      options: ['A. x', 'B. y'],
      process: '<think>I think B.</think>',
      solution: '<answer>B</answer>',
      path: `${i}.mp4`,
    });
    assert.deepEqual(codes(analyze(r1(1), [r1(1), r1(2)])), []);
    const lvr = { videos: ['a.mp4'], problem: 'Q?\nA. x\nB. y', reasoning: 'Plain text reasoning.', answer: '<answer>A</answer>' };
    assert.deepEqual(codes(analyze(lvr)), []);
    // Other chain problems are still reported for peers.
    assert.deepEqual(codes(analyze({ ...r1(1), process: '<think>I think B.' }, [r1(1)])), ['unclosed-tag']);
  });

  it('reports records that are not objects, without throwing', () => {
    const profile = detectProfile([cot()]);
    const cases: [string, RegExp][] = [
      ['[1, 2]', /an array/],
      ['42', /a number/],
      ['null', /null, not an object/],
      ['"text"', /a string/],
    ];
    for (const [text, message] of cases) {
      const result = analyzeWith(raw(text), profile);
      assert.deepEqual(codes(result), ['not-an-object'], text);
      assert.match(result.problems[0].message, message);
      assert.equal(result.summary.kind, 'unknown');
      assert.equal(result.summary.malformed, false);
    }
  });
});

describe('summarizeChain agrees with parseChain', () => {
  const next = mulberry32(2509_23652); // seeded, so a failure reproduces
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const time = () =>
    pick(['00:07', 'from 00:15 to 00:22', '[01:02-01:10]', '12.5s', 'between 3 and 5 seconds', '1:02:03', '75:10', 'at 00:07.5', '(01:09)', '3-5s', '']);
  const prose = () => pick(['', ' ', '\n', 'I look again. ', 'Then ', 'a < b ', `x ${time()} `, 'version 2.5 ']);
  const action = () => `<action>${pick(['retrieve segments where the van passes', 'query the segment'])} ${time()}</action>`;
  const observation = () => `<observation>${pick(['It passes', 'He drinks', 'Nothing'])} ${time()}</observation>`;
  const answer = () => `<answer>${pick(['B', 'B: A green bottle', '3', `at ${time()}`])}</answer>`;

  /** Well-formed chains: steps, an answer, maybe a <think> around the steps or before the answer. */
  function cleanChain(): string {
    let steps = '';
    const n = Math.floor(next() * 5);
    for (let i = 0; i < n; i++) steps += prose() + action() + prose() + observation() + prose();
    const wrap = next();
    if (wrap < 0.2) return `<think>${steps}</think>${prose()}${answer()}`;
    if (wrap < 0.35) return `<think>Reasoning ${time()}.</think>${steps}${answer()}${prose()}`;
    return steps + prose() + answer();
  }

  /** Messy chains: random mixes of tags, unclosed, nested, stray, empty, unknown, odd casing. */
  function messyChain(): string {
    const atoms = [
      action,
      observation,
      answer,
      () => '<think>',
      () => '</think>',
      () => '<action>',
      () => '</action>',
      () => '<observation>',
      () => '</observation>',
      () => '<answer>',
      () => '</answer>',
      () =>
        pick([
          '<Action>look</Action>',
          '<b>',
          '<actions>',
          '</br>',
          '<think></think>',
          '<action>        </action>',
          '<observation>\n\n\t   \n </observation>',
          '<think>  \n      </think>',
          '<answer> </answer>',
        ]),
      prose,
      time,
    ];
    let text = '';
    const n = Math.floor(next() * 10);
    for (let i = 0; i < n; i++) text += pick(atoms)();
    return text;
  }

  /**
   * summarizeChain answers a clean chain with its own one-pass scan and hands any other chain to
   * parseChain. On the clean ones the two are independent readings and must agree; on the others the
   * summary *is* parseChain's, so comparing them would prove nothing: their results are pinned by hand
   * in the edge cases below. Either way the fast path must never call a chain clean that the parser
   * does not.
   */
  function check(text: string): boolean {
    const parsed = parseChain(text);
    const got = summarizeChain(text);
    const clean = parsed.problems.length === 0;
    assert.equal(got.problems.length === 0, clean, `clean or not: ${JSON.stringify(text)}`);
    if (clean) {
      assert.deepEqual(
        { steps: got.steps, cards: got.cards, citedStart: got.citedStart, citedEnd: got.citedEnd, answer: got.answer },
        {
          steps: parsed.steps.length,
          cards: parsed.segments.filter((s) => s.kind !== 'answer').length,
          citedStart: parsed.intervals[0]?.start ?? null,
          citedEnd: parsed.intervals[parsed.intervals.length - 1]?.end ?? null,
          answer: parsed.answer,
        },
        JSON.stringify(text),
      );
    }
    // The index's r_fmt (from the summary, no second parse) is the format check's verdict.
    for (const requireSteps of [true, false])
      assert.equal(formatScoreOf(got, text, requireSteps), checkFormat(text, { requireSteps }).score, `r_fmt of ${JSON.stringify(text)}`);
    return clean;
  }

  it('on 200 generated clean chains', () => {
    let clean = 0;
    for (let i = 0; i < 200; i++) if (check(cleanChain())) clean++;
    assert.ok(clean >= 150, `most generated clean chains parse without problems (${clean})`);
  });

  it('on 200 generated messy chains', () => {
    let messy = 0;
    for (let i = 0; i < 200; i++) if (!check(messyChain())) messy++;
    assert.ok(messy >= 100, `most generated messy chains have problems (${messy})`);
  });

  it('counts the cards the sample view shows, not the answer, read by hand', () => {
    const cases: [string, number][] = [
      ['<answer>B</answer>', 0],
      // reasoning, action, observation, reasoning, action, observation, reasoning
      [CHAIN, 7],
      ['Look first. <action>a</action> <observation>o</observation> So B. <answer>B</answer>', 4],
      ['<action>a</action>\n<observation>o</observation>\n<answer>B</answer>\n', 2],
      ['<think>hmm</think><answer>B</answer>', 1],
      ['Before. <think>hmm</think> After. <answer>B</answer>', 3],
      // A <think> around steps is no card, but its two tags each make one (blank) reasoning card.
      ['<think><action>a</action><observation>o</observation></think><answer>B</answer>', 4],
      ['<think>Plan. <action>a</action><observation>o</observation> Done.</think> <answer>B</answer>', 4],
      // Not clean (the parser's path): the action and the unclosed observation.
      ['<action>a</action><observation>o', 2],
      ['Reasoning only, no tags', 1],
    ];
    for (const [text, cards] of cases) assert.equal(summarizeChain(text).cards, cards, JSON.stringify(text));
  });

  it('on edge cases, fast path or not, gives the hand-read steps, cited span, answer and problems', () => {
    type Want = { steps: number; citedStart: number | null; citedEnd: number | null; answer: string | undefined; problems: string[] };
    const want = (steps: number, answer: string | undefined, problems: string[] = [], citedStart: number | null = null, citedEnd = citedStart): Want => ({
      steps,
      citedStart,
      citedEnd,
      answer,
      problems,
    });
    const edge: [string, Want][] = [
      ['', want(0, undefined, ['missing-answer'])],
      ['no tags at all, 00:05', want(0, undefined, ['missing-answer'], 5)],
      ['<answer>B</answer>', want(0, 'B')],
      ['<action>a</action><observation>o</observation><answer>B</answer>', want(1, 'B')],
      ['<action>          </action><observation>o</observation><answer>B</answer>', want(1, 'B', ['empty-tag'])],
      ['<action>a</action><observation>\n\n\t\t\n  </observation><answer>B</answer>', want(1, 'B', ['empty-tag'])],
      ['<think></think><answer>B</answer>', want(0, 'B', ['empty-tag'])],
      ['<think>   \n        </think><answer>B</answer>', want(0, 'B', ['empty-tag'])],
      // A <think> around steps is transparent: the steps count, nothing is wrong.
      ['<think><action>a</action><observation>o</observation></think><answer>B</answer>', want(1, 'B')],
      ['<b><answer>B</answer>', want(0, 'B', ['unknown-tag'])],
      ['<action>a 00:05</action><observation>o</observation><answer>B</answer><note>', want(1, 'B', ['unknown-tag'], 5)],
      // Tags match case-insensitively: clean, though the fast path leaves it to the parser.
      ['<Action>a</Action><observation>o</observation><answer>B</answer>', want(1, 'B')],
      ['<action>a</action><observation>o</observation><answer>B</answer><answer>C</answer>', want(1, 'C', ['multiple-answers'])],
      // An answer before the steps is not a problem of the grammar.
      ['<answer>B</answer><action>a</action><observation>o</observation>', want(1, 'B')],
      // The outer action wins: the observation inside it is text, so the action has none.
      ['<action>a<observation>o</observation></action><answer>B</answer>', want(1, 'B', ['action-without-observation', 'nested-tag'])],
      ['</think><answer>B</answer>', want(0, 'B', ['stray-closing-tag'])],
      // The outer <think> is never closed (an opening <think> comes before the first </think>); the last </think> is stray.
      ['<think><think>x</think></think><answer>B</answer>', want(0, 'B', ['stray-closing-tag', 'unclosed-tag'])],
      // 00:07 and 00:15 are points of separate segments; the answer's range runs to 62 s.
      ['<action>from 00:07</action><observation>to 00:15</observation><answer>[01:00-01:02]</answer>', want(1, '[01:00-01:02]', [], 7, 62)],
    ];
    for (const [text, expected] of edge) {
      const got = summarizeChain(text);
      assert.deepEqual(
        { steps: got.steps, citedStart: got.citedStart, citedEnd: got.citedEnd, answer: got.answer, problems: got.problems.map((p) => p.code).sort() },
        expected,
        JSON.stringify(text),
      );
      check(text);
    }
  });
});

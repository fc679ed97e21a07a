import * as assert from 'node:assert/strict';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { FileProfile } from '../../../shared/records/fieldMapping';
import { lineFixes as fixesOf, lineIssues as issuesOf, type FoundProblem, type ProblemContext } from '../../../src/core/quickFixes/quickFixes';
import { detectProfile } from '../../../src/core/records/detectProfile';

type JsonPath = (string | number)[];

/** A problem on a line as UTF-16 offsets into it (the engine places them as 1-based columns). */
type LineIssue = FoundProblem & { from: number; to: number };
const onLine = (problems: FoundProblem[]): LineIssue[] =>
  problems.map((p) => {
    assert.equal(p.line, p.endLine, 'a JSONL problem stays on its line');
    return { ...p, from: p.column - 1, to: p.endColumn - 1 };
  });
/** The records' video's duration, as the Inspector's probe would give it. */
const probed = (context: { duration?: number }): ProblemContext => (context.duration === undefined ? {} : { durationOf: () => context.duration });
const lineFixes = (line: string, profile: FileProfile, context: { duration?: number }): LineIssue[] => onLine(fixesOf(line, profile, probed(context)));
const lineIssues = (line: string, profile: FileProfile, context: { duration?: number }): LineIssue[] => onLine(issuesOf(line, profile, probed(context)));
/** Hints (observations citing no time) are beside the point of most cases here. */
const noHints = (issues: LineIssue[]): LineIssue[] => issues.filter((i) => i.severity !== 'hint');

/** Python's `json.dumps` with its defaults: `", "` and `": "` separators, non-ASCII as \uXXXX. */
function py(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(py).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${py(k)}: ${py(v)}`)
      .join(', ')}}`;
  }
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return JSON.stringify(value);
}

const OPTIONS = ['A: Red', 'B: Green', 'C: Blue', 'D: Yellow'];
const GOOD_CHAIN = '<action>query the segment from 00:15 to 00:22</action>\n<observation>A green square.</observation> It is green.\n<answer>B</answer>';

function cot(chain: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'q1',
    video_path: 'videos/squares.mp4',
    duration: 30,
    question_type: 'Object Recognition',
    question: 'Which colour?',
    options: OPTIONS,
    answer: 'B',
    cot: chain,
    ...extra,
  };
}

function withoutDuration(record: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...record };
  delete copy.duration;
  return copy;
}

const COT_PROFILE = detectProfile([cot(GOOD_CHAIN), cot(GOOD_CHAIN, { id: 'q2' })]);

/** The span of the value at `path` in a JSON line. */
function span(line: string, path: JsonPath): { from: number; to: number } {
  const root = parseTree(line.replace(/^\uFEFF/, ''));
  assert.ok(root, 'the line parses');
  const node = findNodeAtLocation(root, path);
  assert.ok(node, `the line has ${path.join('.')}`);
  const shift = line.startsWith('\uFEFF') ? 1 : 0;
  return { from: node.offset + shift, to: node.offset + node.length + shift };
}

function valueAt(value: unknown, path: JsonPath): unknown {
  return path.reduce<unknown>((v, key) => (v as Record<string | number, unknown>)[key], value);
}

/** The fixed line parses, holds `expected` at `path`, and every byte outside that value is the original's. */
function assertOnlyChanged(original: string, fixed: string, path: JsonPath, expected: unknown): void {
  const before = span(original, path);
  const after = span(fixed, path);
  assert.equal(fixed.slice(0, after.from), original.slice(0, before.from), 'the bytes before the edited value are kept');
  assert.equal(fixed.slice(after.to), original.slice(before.to), 'the bytes after the edited value are kept');
  assert.deepEqual(valueAt(JSON.parse(fixed.replace(/^\uFEFF/, '')), path), expected);
}

interface Case {
  name: string;
  record: Record<string, unknown>;
  profile?: FileProfile;
  duration?: number;
  code: string;
  severity: LineIssue['severity'];
  message: RegExp;
  /** The line's text under the issue's span. */
  at?: string;
  /** How many issues of this code the line has. */
  count?: number;
  fix?: { title: string; path: JsonPath; value: unknown };
}

const CASES: Case[] = [
  {
    name: 'an unclosed tag before the next step',
    record: cot('<action>query the segment from 00:15 to 00:22\n<observation>A green square.</observation>\n<answer>B</answer>'),
    code: 'unclosed-tag',
    severity: 'error',
    message: /^<action> is never closed\.$/,
    at: '<action>',
    fix: {
      title: 'Close <action>',
      path: ['cot'],
      value: '<action>query the segment from 00:15 to 00:22</action>\n<observation>A green square.</observation>\n<answer>B</answer>',
    },
  },
  {
    name: 'an unclosed tag at the end of the chain',
    record: cot('<action>query the segment from 00:15 to 00:22</action><observation>Green.</observation> <Answer>B  '),
    code: 'unclosed-tag',
    severity: 'error',
    message: /<Answer> is never closed/,
    at: '<Answer>',
    fix: {
      title: 'Close <Answer>',
      path: ['cot'],
      value: '<action>query the segment from 00:15 to 00:22</action><observation>Green.</observation> <Answer>B</Answer>  ',
    },
  },
  {
    name: 'a reversed interval',
    record: cot('<action>query the segment 00:15-00:07</action>\n<observation>Green.</observation>\n<answer>B</answer>'),
    code: 'reversed-interval',
    severity: 'warning',
    message: /^Written end first: 00:15-00:07$/,
    at: '00:15-00:07',
    fix: {
      title: 'Swap to 00:07-00:15',
      path: ['cot'],
      value: '<action>query the segment 00:07-00:15</action>\n<observation>Green.</observation>\n<answer>B</answer>',
    },
  },
  {
    name: 'a reversed interval in brackets keeps its brackets',
    record: cot('<action>query [00:22 - 00:15]</action>\n<observation>Green.</observation>\n<answer>B</answer>'),
    code: 'reversed-interval',
    severity: 'warning',
    message: /^Written end first: 00:22-00:15$/,
    at: '[00:22 - 00:15]',
    fix: {
      title: 'Swap to 00:15 - 00:22',
      path: ['cot'],
      value: '<action>query [00:15 - 00:22]</action>\n<observation>Green.</observation>\n<answer>B</answer>',
    },
  },
  {
    name: "a time past the end (the record's duration field)",
    record: cot('<action>query the segment from 00:25 to 00:45</action>\n<observation>Green.</observation>\n<answer>B</answer>'),
    code: 'past-end',
    severity: 'warning',
    message: /^Cites 00:45, past the video's end \(00:30\)$/,
    at: '00:25 to 00:45',
    fix: {
      title: 'Clamp to 00:30',
      path: ['cot'],
      value: '<action>query the segment from 00:25 to 00:30</action>\n<observation>Green.</observation>\n<answer>B</answer>',
    },
  },
  {
    name: "a time past the end (the video's probed duration)",
    record: withoutDuration(cot('<action>query the segment at 1:15</action>\n<observation>Green.</observation>\n<answer>B</answer>')),
    duration: 62.4,
    code: 'past-end',
    severity: 'warning',
    message: /^Cites 01:15, past the video's end \(01:02\.4\)$/,
    at: '1:15',
    fix: { title: 'Clamp to 01:02', path: ['cot'], value: '<action>query the segment at 1:02</action>\n<observation>Green.</observation>\n<answer>B</answer>' },
  },
  {
    name: 'non-canonical timestamps, one fix for the whole chain',
    record: cot('<action>query 0:42 and 1:02:3, then 12s and 3-5s</action>\n<observation>Green at 00:07.</observation>\n<answer>B</answer>', {
      duration: 4000,
    }),
    code: 'non-canonical-time',
    severity: 'hint',
    message: /is not written as zero-padded MM:SS/,
    at: '0:42',
    count: 4,
    fix: {
      title: 'Normalise timestamps to MM:SS',
      path: ['cot'],
      value: '<action>query 00:42 and 1:02:03, then 00:12 and 00:03-00:05</action>\n<observation>Green at 00:07.</observation>\n<answer>B</answer>',
    },
  },
  {
    name: 'a missing <answer> (multiple choice: the letter)',
    record: cot('<action>query the segment from 00:15 to 00:22</action>\n<observation>A green square.</observation> It is green.', { answer: 'B: Green' }),
    code: 'missing-answer',
    severity: 'warning',
    message: /no <answer>, though the record's answer is B/,
    at: '"',
    fix: {
      title: 'Add <answer>B</answer> from the answer field',
      path: ['cot'],
      value: '<action>query the segment from 00:15 to 00:22</action>\n<observation>A green square.</observation> It is green.\n<answer>B</answer>',
    },
  },
  {
    name: 'a missing <answer> (open-ended: the text)',
    record: { id: 'o1', question: 'How many squares?', answer: 'three', cot: '<action>retrieve squares</action> <observation>Three squares.</observation>' },
    code: 'missing-answer',
    severity: 'warning',
    message: /record's answer is three/,
    fix: {
      title: 'Add <answer>three</answer> from the answer field',
      path: ['cot'],
      value: '<action>retrieve squares</action> <observation>Three squares.</observation> <answer>three</answer>',
    },
  },
  {
    name: 'an answer letter that no option has',
    record: cot(GOOD_CHAIN, { answer: 'E' }),
    code: 'answer-not-an-option',
    severity: 'error',
    message: /names E, but the options are A, B, C, D/,
    at: '"E"',
  },
  {
    name: "an answer whose text is another option's",
    record: cot(GOOD_CHAIN, { answer: 'B: Red' }),
    code: 'answer-option-mismatch',
    severity: 'warning',
    message: /says B: "Red", but option B is "Green"/,
    at: '"B: Red"',
    fix: { title: 'Set answer to letter A', path: ['answer'], value: 'A: Red' },
  },
  {
    name: 'an answer text that is no option',
    record: cot(GOOD_CHAIN, { answer: 'Purple' }),
    code: 'answer-option-mismatch',
    severity: 'warning',
    message: /"Purple" is none of the options/,
  },
  {
    name: "an answer given as an option's text",
    record: cot(GOOD_CHAIN, { answer: 'green' }),
    code: 'answer-not-letter',
    severity: 'information',
    message: /option B's text/,
    fix: { title: 'Set answer to letter B', path: ['answer'], value: 'B' },
  },
  {
    name: 'a chain <answer> letter that no option has',
    record: cot('<action>query the segment from 00:15 to 00:22</action>\n<observation>Green.</observation>\n<answer>F</answer>'),
    code: 'chain-answer-not-an-option',
    severity: 'warning',
    message: /<answer> names F/,
    at: '<answer>F</answer>',
  },
];

describe('lineFixes: quick fixes of one JSONL line', () => {
  for (const c of CASES) {
    describe(c.name, () => {
      const line = py(c.record);
      const profile = c.profile ?? COT_PROFILE;
      const issues = lineFixes(line, profile, { duration: c.duration });
      const mine = issues.filter((i) => i.code === c.code);

      it(`reports ${c.code} (${c.severity})`, () => {
        assert.equal(mine.length, c.count ?? 1, JSON.stringify(issues, null, 1));
        assert.equal(mine[0].severity, c.severity);
        assert.match(mine[0].message, c.message);
        if (c.at !== undefined) assert.equal(line.slice(mine[0].from, mine[0].to), c.at);
        assert.ok(mine.every((i) => i.from >= 0 && i.from <= i.to && i.to <= line.length));
        assert.deepEqual(
          lineIssues(line, profile, { duration: c.duration }).map((i) => [i.code, i.from, i.to, i.message]),
          issues.map((i) => [i.code, i.from, i.to, i.message]),
          'lineIssues finds the same issues',
        );
      });

      if (c.fix === undefined) {
        it('offers no fix', () => assert.deepEqual(mine[0].fixes, []));
        return;
      }
      const expected = c.fix;
      it(`fixes it: "${expected.title}", changing only that value and keeping Python-style separators`, () => {
        const fix = mine[0].fixes[0];
        assert.ok(fix, 'a fix is offered');
        assert.equal(fix.title, expected.title);
        assertOnlyChanged(line, fix.text, expected.path, expected.value);
        assert.equal(py(JSON.parse(fix.text)), fix.text, 'the whole line is still in json.dumps style');
        assert.ok(!lineIssues(fix.text, profile, { duration: c.duration }).some((i) => i.code === c.code), 'the fixed line no longer has the issue');
      });
    });
  }

  it('finds nothing but hints in a clean record', () => {
    assert.deepEqual(noHints(lineFixes(py(cot(GOOD_CHAIN)), COT_PROFILE, {})), []);
    assert.deepEqual(
      lineFixes(
        JSON.stringify(cot('<action>query 00:28 to 00:30</action><observation>x</observation><answer>B</answer>', { duration: 29.97 })),
        COT_PROFILE,
        {},
      ).map((i) => i.code),
      ['observation-without-time'],
    );
  });

  it('ignores blank lines; JSON that is not an object is reported over the whole value, without fixes', () => {
    assert.deepEqual(lineFixes('', COT_PROFILE, {}), []);
    assert.deepEqual(lineFixes('   ', COT_PROFILE, {}), []);
    assert.deepEqual(
      lineFixes(' [1, 2] ', COT_PROFILE, {}).map((i) => [i.code, i.severity, i.from, i.to, i.message, i.fixes]),
      [['not-an-object', 'warning', 1, 7, 'The record is an array, not an object; nothing to inspect.', []]],
    );
  });

  it('reports malformed JSON once, as an error without fixes', () => {
    const line = '{"id": "q1", "question": "Which colour?", "cot": "<action>query';
    const issues = lineFixes(line, COT_PROFILE, {});
    assert.equal(issues.length, 1);
    assert.equal(issues[0].code, 'malformed-json');
    assert.equal(issues[0].severity, 'error');
    assert.match(issues[0].message, /^Malformed JSON: /);
    assert.deepEqual(issues[0].fixes, []);
    assert.ok(issues[0].from >= 0 && issues[0].from < issues[0].to && issues[0].to === line.length);
  });

  it('narrows spans through JSON escapes (\\", \\n, \\u00e9) and keeps other fields\' escapes byte-identical', () => {
    const record = cot('Il a dit "café"\n\t<action>query 00:15-00:07</action>\n<observation>Vert.</observation>\n<answer>B</answer>', {
      question: 'Quelle couleur? (été)',
    });
    const line = py(record);
    assert.ok(line.includes('caf\\u00e9') && line.includes('\\"caf'), 'the line holds escapes');
    const [issue] = noHints(lineFixes(line, COT_PROFILE, {}));
    assert.equal(issue.code, 'reversed-interval');
    assert.equal(line.slice(issue.from, issue.to), '00:15-00:07');
    const fixed = issue.fixes[0].text;
    assertOnlyChanged(line, fixed, ['cot'], (record.cot as string).replace('00:15-00:07', '00:07-00:15'));
    assert.ok(fixed.includes('"Quelle couleur? (\\u00e9t\\u00e9)"'), 'an untouched field keeps its \\u escapes');
  });

  // A BOM is never in a line's text: the scanners and VS Code both drop the file's BOM (see test/unit/problems).
  it('keeps surrounding spaces and a trailing \\r around the fixed record', () => {
    const inner = JSON.stringify(cot('<action>query 00:15 to 00:22\n<observation>Green.</observation>\n<answer>B</answer>'));
    const line = ` ${inner}\r`;
    const [issue] = noHints(lineFixes(line, COT_PROFILE, {}));
    assert.equal(issue.code, 'unclosed-tag');
    assert.equal(line.slice(issue.from, issue.to), '<action>');
    const fixed = issue.fixes[0].text;
    assert.ok(fixed.startsWith(' {') && fixed.endsWith('}\r'));
    assert.equal(JSON.parse(fixed.trim()).cot, '<action>query 00:15 to 00:22</action>\n<observation>Green.</observation>\n<answer>B</answer>');
  });

  it('offers every fix of a line with several issues, each applied to the original line alone', () => {
    const record = cot('<action>query 00:22-00:15 and 00:40\n<observation>Green.</observation>', { answer: 'B' });
    const line = py(record);
    const issues = noHints(lineFixes(line, COT_PROFILE, {}));
    assert.deepEqual(
      issues.map((i) => i.code),
      ['unclosed-tag', 'reversed-interval', 'past-end', 'missing-answer'],
    );
    for (const issue of issues) {
      assert.equal(issue.fixes.length, 1, issue.code);
      const chain = JSON.parse(issue.fixes[0].text).cot as string;
      assert.equal(chain === record.cot, false, `${issue.code} changes the chain`);
    }
    assert.deepEqual(
      issues.map((i) => i.fixes[0].title),
      ['Close <action>', 'Swap to 00:15-00:22', 'Clamp to 00:30', 'Add <answer>B</answer> from the answer field'],
    );
  });

  describe('rollouts with a completions list', () => {
    const rollout = {
      id: 'p-green',
      question: 'Which colour?',
      options: OPTIONS,
      answer: 'B',
      duration: 30,
      completions: [
        { text: GOOD_CHAIN, reward: 4.0, advantage: 1.0 },
        { text: '<action>query the segment from 00:15 to 00:22\n<observation>Green.</observation>\n<answer>B</answer>', reward: 1.0, advantage: -0.5 },
        { text: '<action>query 00:22-00:15</action><observation>Green.</observation>', reward: 0.0, advantage: -1.0 },
      ],
    };
    const profile = detectProfile([rollout]);
    // Python writes floats as 4.0: the fix must keep those bytes.
    const line = py(rollout).replace(/"(reward|advantage)": (-?\d+),/g, '"$1": $2.0,');
    const issues = noHints(lineFixes(line, profile, {}));

    it('detects the profile as grouped rollouts', () => {
      assert.equal(profile.fields.completions, 'completions');
      assert.equal(profile.kind, 'rollout');
    });

    it('checks each completion, naming it in the message', () => {
      assert.deepEqual(
        issues.map((i) => [i.code, i.message.split(':')[0]]),
        [
          ['unclosed-tag', 'Completion 2'],
          ['reversed-interval', 'Completion 3'],
          ['missing-answer', 'Completion 3'],
        ],
      );
      assert.equal(line.slice(issues[0].from, issues[0].to), '<action>');
    });

    it("fixes one completion's text, every other byte of the line kept (siblings included)", () => {
      const close = issues[0].fixes[0];
      assert.equal(close.title, 'Close <action>');
      assertOnlyChanged(
        line,
        close.text,
        ['completions', 1, 'text'],
        '<action>query the segment from 00:15 to 00:22</action>\n<observation>Green.</observation>\n<answer>B</answer>',
      );
      assert.ok(close.text.includes('"reward": 4.0') && close.text.includes('"reward": 0.0'), 'floats written 4.0 keep their bytes');
      const swap = issues[1].fixes[0];
      assertOnlyChanged(line, swap.text, ['completions', 2, 'text'], '<action>query 00:15-00:22</action><observation>Green.</observation>');
    });

    it('never writes the ground truth into a model output', () => {
      assert.deepEqual(issues[2].fixes, []);
    });

    it('handles completions given as plain strings', () => {
      const plain = {
        id: 'g',
        question: 'Q?',
        answer: 'A',
        completions: ['<answer>A</answer>', '<action>query 00:09-00:03</action><observation>x</observation><answer>A</answer>'],
      };
      const p = detectProfile([plain]);
      const l = JSON.stringify(plain);
      const [issue] = noHints(lineFixes(l, p, {}));
      assert.equal(issue.code, 'reversed-interval');
      assert.match(issue.message, /^Completion 2: /);
      assertOnlyChanged(l, issue.fixes[0].text, ['completions', 1], '<action>query 00:03-00:09</action><observation>x</observation><answer>A</answer>');
    });
  });

  it('does not ask for an <answer> in chains of dialects that keep it outside (Video-R1)', () => {
    const videoR1 = {
      problem_id: 1,
      problem: 'Which colour?',
      data_type: 'video',
      problem_type: 'multiple choice',
      options: ['A. Red', 'B. Green'],
      process: '<think>The square at 00:15 is green.</think>',
      solution: '<answer>B</answer>',
      path: './videos/squares.mp4',
      data_source: 'test',
    };
    const profile = detectProfile([videoR1, { ...videoR1, problem_id: 2 }]);
    assert.equal(profile.dialect, 'video-r1');
    assert.deepEqual(
      lineFixes(JSON.stringify(videoR1), profile, {}).map((i) => i.code),
      [],
    );
  });
});

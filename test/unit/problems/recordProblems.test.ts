/**
 * The problem engine against hand-written expectations: each record of samples/rewatch-video-cases.jsonl
 * and crafted lines (escapes before the span, raw non-ASCII, CRLF, a BOM). Columns are found by
 * searching the line for the offending text (an oracle independent of the engine's span mapping).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Problem } from '../../../shared/records/recordSummary';
import { lineProblems, recordProblems, type FoundProblem } from '../../../src/core/problems/recordProblems';
import { indexFile } from '../../../src/core/index/indexFile';
import type { IndexBatch } from '../../../src/core/store/recordStore';
import { detectProfile } from '../../../src/core/records/detectProfile';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';

const repoRoot = path.resolve(__dirname, '../../../..');
const CASES_FILE = path.join(repoRoot, 'samples/rewatch-video-cases.jsonl');
const LINES = fs
  .readFileSync(CASES_FILE, 'utf8')
  .split('\n')
  .filter((l) => l !== '');
const PROFILE = detectProfile(LINES.map((l) => JSON.parse(l) as unknown));
/** The sample videos' lengths (ffprobe: 30.0 s and 30.0147 s; `missing-001`'s video does not exist). */
const DURATIONS: Record<string, number> = { 'videos/coloured-squares.mp4': 30, 'videos/coloured-squares-mpeg2.mpg': 30.0147 };
const context = { durationOf: (video: string) => DURATIONS[video] };

/** What a test states of a problem: code, severity, line, column, end column, message. */
type Expected = [code: string, severity: Problem['severity'], line: number, column: number, endColumn: number, message: string];
const shape = (p: Problem): Expected => [p.code, p.severity, p.line, p.column, p.endColumn, p.message];

/** 1-based column of the `nth` (1-based) occurrence of `text` in `line`, and its end column. */
function at(line: string, text: string, nth = 1): [number, number] {
  let index = -1;
  for (let i = 0; i < nth; i++) {
    index = line.indexOf(text, index + 1);
    assert.ok(index >= 0, `"${text}" occurs ${nth} times`);
  }
  return [index + 1, index + 1 + text.length];
}

const OBSERVATION_WITHOUT_TIME = 'The observation cites no time, although its action named one: where was this seen?';

describe('the problem engine on samples/rewatch-video-cases.jsonl', () => {
  const [proxy, missing, grounding, noVideo] = LINES;
  const expected: Record<string, Expected[]> = {
    // Its second observation ("That square is red…") cites no time after "from 00:05 to 00:12": a hint.
    'proxy-001': [['observation-without-time', 'hint', 1, ...at(proxy, '<observation>', 2), OBSERVATION_WITHOUT_TIME]],
    // Its video is missing: no duration, so no past-end check; its observation cites no time after 00:03-00:09.
    'missing-001': [['observation-without-time', 'hint', 2, ...at(missing, '<observation>'), OBSERVATION_WITHOUT_TIME]],
    'grounding-001': [
      ['reversed-interval', 'warning', 3, ...at(grounding, '00:28 to 00:24'), 'Written end first: 00:28-00:24'],
      ['observation-without-time', 'hint', 3, ...at(grounding, '<observation>'), OBSERVATION_WITHOUT_TIME],
      ['past-end', 'warning', 3, ...at(grounding, '00:40 to 00:45'), "Cites 00:40-00:45, past the video's end (00:30)"],
      ['past-end', 'warning', 3, ...at(grounding, '00:42'), "Cites 00:42, past the video's end (00:30)"],
    ],
    'no-video-001': [],
  };
  const texts = [proxy, missing, grounding, noVideo];

  Object.entries(expected).forEach(([id, problems], i) => {
    it(`${id}: ${problems.length === 0 ? 'no problems' : problems.map((p) => p[0]).join(', ')}`, () => {
      const found = lineProblems(texts[i], i + 1, PROFILE, context);
      assert.equal((JSON.parse(texts[i]) as { id: string }).id, id);
      for (const p of found) Problem.parse(p);
      assert.deepEqual(found.map(shape), problems);
      // The bytes of the span are the bytes of the text under it (the lines are ASCII).
      for (const p of found) assert.equal(p.byteLength, p.endColumn - p.column);
    });
  });

  it('without the videos’ durations, grounding-001 keeps only what its text shows', () => {
    assert.deepEqual(
      lineProblems(grounding, 3, PROFILE).map((p) => p.code),
      ['reversed-interval', 'observation-without-time'],
    );
  });

  it('the index (the file scanned as the Inspector does) stores the same problems at the same places', () => {
    const batches: IndexBatch[] = [];
    indexFile(CASES_FILE, { append: (batch) => batches.push(batch) }, { format: 'jsonl', profile: PROFILE });
    const stored = batches.flatMap((b) => b.problems);
    // Without probing the index has no durations: the text editor without them is its oracle here.
    const fromLines = texts.flatMap((t, i) => lineProblems(t, i + 1, PROFILE));
    assert.deepEqual(stored.map(shape), fromLines.map(shape));
    const offsets = LINES.map((_, i) => Buffer.byteLength(LINES.slice(0, i).join('\n')) + (i > 0 ? 1 : 0));
    for (const p of stored) {
      assert.equal(p.byteOffset, offsets[p.line - 1] + p.column - 1, `${p.code}: its byte offset in the file`);
      assert.equal(p.position, p.line - 1);
    }
  });
});

describe('the problem engine on crafted lines', () => {
  after(cleanTempFiles);
  const OPTIONS = ['A: Red', 'B: Green', 'C: Blue'];
  const record = (cot: string, extra: Record<string, unknown> = {}) => ({
    id: 'c',
    video_path: 'v.mp4',
    duration: 30,
    question: 'Which?',
    options: OPTIONS,
    answer: 'B',
    cot,
    ...extra,
  });
  const profile = detectProfile([record('<answer>B</answer>')]);
  const problemsOf = (line: string, lineNumber = 1): FoundProblem[] => lineProblems(line, lineNumber, profile);

  it('maps a span through \\", \\n, \\t and \\u escapes before it', () => {
    const chain = 'He said "café"\n\t<action>query 00:15-00:07</action><observation>Green at 00:08.</observation><answer>B</answer>';
    // Python's json.dumps: é as \u00e9.
    const line = JSON.stringify(record(chain)).replace('é', '\\u00e9');
    assert.ok(line.includes('\\"caf\\u00e9\\"\\n\\t<action>'));
    assert.deepEqual(problemsOf(line).map(shape), [['reversed-interval', 'warning', 1, ...at(line, '00:15-00:07'), 'Written end first: 00:15-00:07']]);
  });

  it('counts bytes, not characters, for a raw non-ASCII text before the span', () => {
    const line = JSON.stringify(record('Ça va ✓ <action>query 00:40</action><observation>Rien à 00:40.</observation><answer>B</answer>'));
    const [first, second] = problemsOf(line, 7);
    const [column, endColumn] = at(line, '00:40');
    assert.deepEqual(shape(first), ['past-end', 'warning', 7, column, endColumn, "Cites 00:40, past the video's end (00:30)"]);
    assert.equal(first.byteOffset, Buffer.byteLength(line.slice(0, column - 1)));
    assert.equal(first.byteLength, 5);
    assert.deepEqual(shape(second).slice(0, 4), ['past-end', 'warning', 7, at(line, '00:40', 2)[0]]);
  });

  it('places the answer problems on the answer value and on the chain’s <answer>', () => {
    const line = JSON.stringify(record('<action>query 00:05</action><observation>At 00:05, red.</observation><answer>E</answer>', { answer: 'B: Red' }));
    assert.deepEqual(problemsOf(line).map(shape), [
      ['answer-option-mismatch', 'warning', 1, ...at(line, '"B: Red"'), 'The answer says B: "Red", but option B is "Green".'],
      ['chain-answer-not-an-option', 'warning', 1, ...at(line, '<answer>E</answer>'), "The chain's <answer> names E, but the options are A, B, C."],
    ]);
  });

  it('reports the format problems of a chain at their tags', () => {
    const line = JSON.stringify(record('<action>query 00:05</action><observation>At 00:05.</observation></action><bogus>x</bogus><answer>B</answer>'));
    assert.deepEqual(problemsOf(line).map(shape), [
      ['stray-closing-tag', 'error', 1, ...at(line, '</action>', 2), '</action> closes nothing: kept as text.'],
      ['unknown-tag', 'warning', 1, ...at(line, '<bogus>'), 'Unknown tag <bogus>: kept as text.'],
      ['unknown-tag', 'warning', 1, ...at(line, '</bogus>'), 'Unknown tag </bogus>: kept as text.'],
    ]);
  });

  it('checks the chain against the caption the record carries', () => {
    const caption = '[00:00-00:10] A red square.\n[00:12-00:20] A green square.';
    const line = JSON.stringify(record('<action>query 00:08 to 00:11</action><observation>At 00:15 green.</observation><answer>B</answer>', { caption }));
    const caseProfile = detectProfile([JSON.parse(line) as unknown]);
    assert.equal(caseProfile.fields.caption, 'caption');
    // 00:08-00:11 overlaps the first segment, 00:15 lies in the second.
    assert.deepEqual(lineProblems(line, 1, caseProfile).map(shape), []);
    const gap = JSON.stringify(record('<action>query 00:10.5 to 00:11.5</action><observation>At 00:15 green.</observation><answer>B</answer>', { caption }));
    assert.deepEqual(lineProblems(gap, 1, caseProfile).map(shape), [
      ['uncovered-by-captions', 'warning', 1, ...at(gap, '00:10.5 to 00:11.5'), 'No caption segment covers 00:10.5-00:11.5'],
    ]);
  });

  it('reads CRLF and BOM files as the text editor shows them: same lines, same columns, bytes counted in the file', () => {
    const line1 = JSON.stringify(record('<action>query 00:45</action><observation>At 00:45.</observation><answer>B</answer>'));
    const line2 = JSON.stringify(record('<action>query 00:20-00:10</action><observation>At 00:12.</observation><answer>B</answer>'));
    const file = path.join(tempDir(), 'crlf-bom.jsonl');
    fs.writeFileSync(file, `\uFEFF${line1}\r\n${line2}\r\n`);
    const batches: IndexBatch[] = [];
    indexFile(file, { append: (batch) => batches.push(batch) }, { format: 'jsonl', profile });
    const stored = batches.flatMap((b) => b.problems);
    const pastEnd: Expected = ['past-end', 'warning', 1, ...at(line1, '00:45'), "Cites 00:45, past the video's end (00:30)"];
    assert.deepEqual(stored.map(shape), [
      pastEnd,
      ['past-end', 'warning', 1, ...at(line1, '00:45', 2), "Cites 00:45, past the video's end (00:30)"],
      ['reversed-interval', 'warning', 2, ...at(line2, '00:20-00:10'), 'Written end first: 00:20-00:10'],
    ]);
    // The text editor's lines (no BOM, no CR) give the same problems.
    assert.deepEqual([...problemsOf(line1, 1), ...problemsOf(line2, 2)].map(shape), stored.map(shape));
    // Bytes: the BOM's 3 before line 1, and line 1's CRLF before line 2.
    assert.equal(stored[0].byteOffset, 3 + at(line1, '00:45')[0] - 1);
    assert.equal(stored[2].byteOffset, 3 + line1.length + 2 + at(line2, '00:20-00:10')[0] - 1);
  });

  it('places JSON problems: malformed from the error to the end, not-an-object over the value', () => {
    const bad = '{"id": "x", "cot": }  ';
    assert.deepEqual(problemsOf(bad).map(shape), [
      ['malformed-json', 'error', 1, bad.indexOf('}') + 1, bad.trimEnd().length + 1, 'Malformed JSON: a value was expected at "} "'],
    ]);
    assert.deepEqual(problemsOf('  [1, 2]').map(shape), [['not-an-object', 'warning', 1, 3, 9, 'The record is an array, not an object; nothing to inspect.']]);
  });

  it('gives every problem a code of the catalogue', () => {
    const raw = { line: 1, column: 1, byteOffset: 0, bytes: Buffer.from(LINES[2]) };
    const { problems } = recordProblems(raw, 2, PROFILE, context);
    assert.ok(problems.length > 0);
    for (const p of problems) assert.equal(p.position, 2);
  });
});

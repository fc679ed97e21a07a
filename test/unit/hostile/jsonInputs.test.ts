/**
 * Bad input never takes the file down: records that JSON rejects (the categories of JSONTestSuite,
 * cases written here), nesting deep enough to exhaust a recursive parser, lines far past the record
 * size cap, a file of NULs without a newline, and JSON arrays broken at the file level. Each is a
 * problem on its record (or on the file) with its line, the other records are indexed, and `validate`
 * says so with exit code 1.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../../tools/codeServer';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';

const CLI = path.join(repoRoot, 'out/src/cli/main.js');

interface Problem {
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
}
interface Report {
  records: number;
  kinds: Record<string, number>;
  problems: Problem[];
}

function validate(file: string, ...extra: string[]): { code: number | null; report: Report; err: string } {
  const run = spawnSync(process.execPath, [CLI, 'validate', file, '--json', '--index-dir', tempDir(), ...extra], { encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, report: JSON.parse(run.stdout || '{"records":-1,"kinds":{},"problems":[]}') as Report, err: run.stderr };
}

function index(file: string, ...extra: string[]): { code: number | null; out: { records: number; malformed: number; peakRssMb: number }; err: string } {
  const run = spawnSync(process.execPath, [CLI, 'index', file, '--json', '--index-dir', tempDir(), ...extra], { encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, out: JSON.parse(run.stdout || '{}') as { records: number; malformed: number; peakRssMb: number }, err: run.stderr };
}

/** Lines JSON must reject (one per line), by JSONTestSuite's categories. */
const REJECTED: [string, string][] = [
  ['trailing comma in an object', '{"id":"a",}'],
  ['trailing comma in an array', '{"a":[1,2,]}'],
  ['single quotes', "{'id':'a'}"],
  ['missing colon', '{"id" "a"}'],
  ['leading zero', '{"n":01}'],
  ['leading dot', '{"n":.5}'],
  ['exponent without digits', '{"n":1e}'],
  ['NaN', '{"n":NaN}'],
  ['Infinity', '{"n":-Infinity}'],
  ['unterminated string', '{"id":"open'],
  ['bad escape', '{"id":"\\x41"}'],
  ['short \\u escape', '{"id":"\\u12"}'],
  ['raw control character', '{"id":"tab\there"}'],
  ['two literals', '{"ok":true false}'],
  ['a comment', '/* note */ {"id":"a"}'],
  ['two values on one line', '{"id":"a"} {"id":"b"}'],
  ['unclosed object', '{"id":"a"'],
  ['a lone closing brace', '}'],
  ['a truncated literal', 'nul'],
  ['100,000 unclosed brackets', '['.repeat(100_000)],
];

/** Lines JSON accepts: each is a record (an object, or another value the Inspector calls "not an object"). */
const ACCEPTED: [string, string][] = [
  ['an empty object', '{}'],
  ['nested values', '{"a":[1,2,{"b":null}],"c":{"d":[]}}'],
  ['the empty key', '{"":""}'],
  ['escapes and an astral character', '{"t":"\\u00e9 \\ud83d\\ude00 \\"q\\" \\\\"}'],
  ['numbers', '{"n":[-0,1E+2,3.25e-2,12345678901234567890]}'],
  ['a lone surrogate escape (implementation-defined: accepted)', '{"t":"\\ud800"}'],
  ['100,000 levels of closed brackets', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
  ['a top-level number', '42'],
];

describe('hostile JSON input', function () {
  this.timeout(180_000);
  after(cleanTempFiles);

  it('every rejected line is a malformed record with its problem on its line; accepted lines are records; nothing is fatal', () => {
    const cases = [...REJECTED, ...ACCEPTED];
    const file = path.join(tempDir(), 'hostile.jsonl');
    fs.writeFileSync(file, `${cases.map(([, line]) => line).join('\n')}\n`);
    const { code, report, err } = validate(file);
    assert.equal(code, 1, err);
    assert.doesNotMatch(err, /at .*\.js:\d+/, 'no stack trace');
    assert.equal(report.records, cases.length);
    REJECTED.forEach(([name], i) => {
      const here = report.problems.filter((p) => p.line === i + 1 && p.severity === 'error');
      assert.ok(
        here.some((p) => p.code === 'malformed-json'),
        `${name} (line ${i + 1}): ${JSON.stringify(here)}`,
      );
    });
    assert.match(report.problems.find((p) => p.line === REJECTED.length)?.message ?? '', /nested more than 1000 levels deep/);
    ACCEPTED.forEach(([name], i) => {
      const line = REJECTED.length + i + 1;
      assert.deepEqual(
        report.problems.filter((p) => p.line === line && p.severity === 'error'),
        [],
        name,
      );
    });
  });

  it('a line over the size cap is a problem with its size; the lines around it are indexed; memory stays near the cap', () => {
    const file = path.join(tempDir(), 'huge-line.jsonl');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, '{"id":"before","question":"Q?","answer":"A"}\n');
    // 40 MiB in one line, with a 4 MiB cap.
    const piece = Buffer.alloc(1024 * 1024, 0x61);
    fs.writeSync(fd, '{"id":"huge","text":"');
    for (let i = 0; i < 40; i++) fs.writeSync(fd, piece);
    fs.writeSync(fd, '"}\n{"id":"after","question":"Q?","answer":"A"}\n');
    fs.closeSync(fd);
    const { code, report } = validate(file, '--max-record-mb', '4');
    assert.equal(code, 1);
    assert.equal(report.records, 3);
    const problem = report.problems.find((p) => p.code === 'record-too-large');
    assert.equal(problem?.line, 2);
    assert.match(problem?.message ?? '', /^The record is 40\.0 MB, more than the 4\.0 MB limit \(rewatchInspector\.maxRecordSizeMB\); it is not read\.$/);
    assert.deepEqual(
      report.problems.filter((p) => p.line !== 2 && p.severity === 'error'),
      [],
    );
  });

  it('a 1 GB file of NULs without a newline: one record too large, memory bounded by the cap, not by the file', function () {
    const file = path.join(tempDir(), 'nuls.jsonl');
    // Sparse: 1 GB of zero bytes that take no disk.
    fs.closeSync(fs.openSync(file, 'w'));
    fs.truncateSync(file, 1024 ** 3);
    const { code, out, err } = index(file, '--max-record-mb', '16');
    assert.equal(code, 0, err);
    assert.deepEqual([out.records, out.malformed], [1, 1]);
    assert.ok(out.peakRssMb < 400, `peak RSS ${out.peakRssMb.toFixed(0)} MB for a 1 GB line`);
  });

  for (const [name, text, codes] of [
    ['an array never closed', '[', ['array-not-closed']],
    ['an array whose last element is not followed by its ]', '[{"id":"a"}', ['array-not-closed']],
    ['an array cut right after an element', '[{"id":"a"},\n{"id":"b"},', ['array-not-closed']],
    ['an empty element', '[,]', ['empty-array-element', 'empty-array-element']],
    ['two commas', '[{"id":"a"},,{"id":"b"}]', ['empty-array-element']],
    ['a second array after the first', '[][]', ['text-after-array']],
    ['text after the array', '[{"id":"a"}] trailing', ['text-after-array']],
  ] as const) {
    it(`a JSON array file: ${name} → ${codes.join(', ')}, exit 1`, () => {
      const file = path.join(tempDir(), 'broken.json');
      fs.writeFileSync(file, text);
      const { code, report } = validate(file);
      assert.equal(code, 1, JSON.stringify(report));
      assert.deepEqual(
        report.problems.filter((p) => p.severity === 'error').map((p) => p.code),
        codes,
      );
    });
  }

  it('a whole JSON array is clean (exit 0), and an empty one has no records', () => {
    const file = path.join(tempDir(), 'fine.json');
    fs.writeFileSync(file, '[{"id":"a","question":"Q?","answer":"A"},\n {"id":"b","question":"Q?","answer":"B"}]\n');
    const { code, report } = validate(file);
    assert.deepEqual([code, report.records, report.problems.length], [0, 2, 0]);
    fs.writeFileSync(file, '[]');
    const empty = validate(file);
    assert.deepEqual([empty.code, empty.report.records], [0, 0]);
  });
});

import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeSyntheticDataset } from '../../../bench/syntheticDataset';
import { main } from '../../../src/cli/main';
import type { Io } from '../../../src/cli/cliContext';
import { cleanTempFiles, tempDir, tempFile } from '../helpers/tempFiles';
import { whenInFolder } from '../../support/folderEvents';

const repoRoot = path.resolve(__dirname, '../../../..');
const CLI = path.join(repoRoot, 'out/src/cli/main.js');
const COT = 'samples/rewatch-cot.jsonl';

/** Runs the CLI as users do: a child process, exit code and both streams. */
function cli(args: string[], indexDir: string) {
  const result = spawnSync(process.execPath, [CLI, ...args, '--index-dir', indexDir], { cwd: repoRoot, encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Runs it in-process with captured streams (and a pretend terminal when asked). */
async function inProcess(args: string[], tty = false) {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t), tty };
  const code = await main(args, io);
  return { code, out, err };
}

// VS Code's problem-matcher shape: FILE:LINE:COL: severity: message
const PROBLEM_LINE = /^(.+):(\d+):(\d+): (error|warning|information|hint): (.+) \[([a-z0-9-]+)\]$/;

describe('rewatch-inspector CLI', function () {
  this.timeout(60_000);
  let indexDir: string;
  before(() => (indexDir = tempDir()));
  after(cleanTempFiles);

  it('validate: one problem-matcher line per problem, exit 1 when there are problems', () => {
    const { code, out, err } = cli(['validate', COT], indexDir);
    assert.equal(code, 1);
    // Hints are listed too (observations citing no time, clocks not in MM:SS) but do not fail the file.
    const lines = out.trim().split('\n');
    const counted = lines.filter((l) => !l.includes(': hint: '));
    assert.equal(counted.length, 1);
    const match = PROBLEM_LINE.exec(counted[0]);
    assert.ok(match, counted[0]);
    assert.deepEqual(match.slice(1, 5), [COT, '13', '124', 'error']);
    assert.equal(match[6], 'malformed-json');
    assert.match(err, /13 records \(12 cot, 1 unknown\), 1 problems and 5 hints/);
  });

  it('validate --json: one object with file, records, kinds and located problems', () => {
    const { code, out } = cli(['validate', COT, '--json'], indexDir);
    assert.equal(code, 1);
    const report = JSON.parse(out) as { file: string; records: number; kinds: Record<string, number>; problems: Record<string, unknown>[] };
    assert.equal(report.file, COT);
    assert.equal(report.records, 13);
    assert.deepEqual(report.kinds, { cot: 12, unknown: 1 });
    const counted = report.problems.filter((p) => p.severity !== 'hint');
    assert.equal(counted.length, 1);
    const [problem] = counted;
    assert.deepEqual(Object.keys(problem).slice(0, 8), ['line', 'column', 'endLine', 'endColumn', 'byteOffset', 'severity', 'code', 'message']);
    assert.equal(problem.line, 13);
    assert.equal(problem.byteOffset, fs.readFileSync(path.join(repoRoot, COT)).indexOf('{"id": "sample-013"') + 123);
  });

  it('validate: exit 0 on a clean file, 2 on a missing file or a folder', () => {
    const clean = tempFile('clean.jsonl', `${JSON.stringify({ id: 'a', question: 'Q?', answer: 'B', options: ['A: x', 'B: y'] })}\n`);
    const ok = cli(['validate', clean], indexDir);
    assert.equal(ok.code, 0, ok.out + ok.err);
    assert.equal(ok.out, '');
    const missing = cli(['validate', path.join(indexDir, 'nope.jsonl')], indexDir);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read \(no such file\)/);
    assert.equal(cli(['validate', indexDir], indexDir).code, 2);
    assert.equal(cli(['frobnicate', clean], indexDir).code, 2);
  });

  it('stats --json: kinds, question types, steps per chain, citation coverage, rewards', () => {
    const { code, out } = cli(['stats', COT, '--json'], indexDir);
    assert.equal(code, 0);
    const stats = JSON.parse(out) as {
      kinds: { value: string; count: number }[];
      citations: { chains: number; citing: number };
      questionTypes: { value: string | null; count: number }[];
      fields: Record<string, string>;
      categories: { value: string }[];
    };
    assert.deepEqual(stats.kinds, [
      { value: 'cot', count: 12 },
      { value: 'unknown', count: 1 },
    ]);
    assert.deepEqual(stats.citations, { chains: 12, citing: 12, share: 1 });
    assert.equal(stats.fields.chain, 'cot');
    assert.equal(stats.fields.category, 'question_type');
    assert.ok(stats.categories.some((c) => c.value === 'Counting'));
    assert.ok(stats.questionTypes.some((c) => c.value === 'multiple-choice'));
  });

  it('stats prints a readable summary with reward histograms', async () => {
    const rollouts = tempFile(
      'rollouts.jsonl',
      [0, 1, 2, 3]
        .map((i) =>
          JSON.stringify({
            prompt_id: 'p1',
            question: 'Q?',
            response: `<action>query 00:0${i} to 00:09</action><observation>x</observation><answer>A</answer>`,
            reward: i,
            advantage: i - 1.5,
          }),
        )
        .join('\n'),
    );
    const { code, out } = await inProcess(['stats', rollouts, '--index-dir', indexDir]);
    assert.equal(code, 0);
    assert.match(out, /4 records, 0 malformed/);
    assert.match(out, /kinds: rollout 4/);
    assert.match(out, /reward \(as logged\): 4 logged, min 0, mean 1\.500, max 3/);
    assert.match(out, /advantage \(as logged\): 4 logged, min -1\.500/);
  });

  it('steps --record N: the steps of one record with their intervals in seconds', () => {
    const { code, out } = cli(['steps', COT, '--record', '0', '--json'], indexDir);
    assert.equal(code, 0);
    const steps = JSON.parse(out) as {
      line: number;
      id: string;
      steps: { step: number; action: string; intervals: { start: number; end: number }[] }[];
      answer: string;
    };
    assert.equal(steps.id, 'sample-001');
    assert.equal(steps.steps.length, 1);
    assert.deepEqual(steps.steps[0].intervals, [
      { start: 5, end: 12 },
      { start: 15, end: 22 },
      { start: 24, end: 28 },
    ]);
    assert.equal(steps.answer, 'C: Red');
    const text = cli(['steps', COT, '--record', '0'], indexDir);
    assert.match(text.out, /step 1: 00:05–00:12 \(5–12s\)/);
    const beyond = cli(['steps', COT, '--record', '99'], indexDir);
    assert.equal(beyond.code, 1);
    assert.match(beyond.err, /has no record 99/);
    const malformed = cli(['steps', COT, '--record', '12'], indexDir);
    assert.equal(malformed.code, 1);
    assert.match(malformed.err, /:13:124: record 12 is malformed/);
  });

  it('index: builds once, then reuses the index until the file changes', async () => {
    const file = tempFile('reuse.jsonl', fs.readFileSync(path.join(repoRoot, COT)));
    const first = JSON.parse((await inProcess(['index', file, '--json', '--index-dir', indexDir])).out) as {
      reused: boolean;
      records: number;
      peakRssMb: number;
      mbPerSecond: number;
    };
    assert.equal(first.reused, false);
    assert.equal(first.records, 13);
    assert.ok(first.peakRssMb > 0 && first.mbPerSecond > 0);
    const second = JSON.parse((await inProcess(['index', file, '--json', '--index-dir', indexDir])).out) as { reused: boolean };
    assert.equal(second.reused, true);
    fs.appendFileSync(file, `${JSON.stringify({ id: 'new', question: 'Q?', answer: 'A' })}\n`);
    const third = JSON.parse((await inProcess(['index', file, '--json', '--index-dir', indexDir])).out) as { reused: boolean; records: number };
    assert.equal(third.reused, false);
    assert.equal(third.records, 14);
  });

  it('--field maps keys the detector cannot guess; a sidecar file does the same', async () => {
    const file = tempFile('custom.jsonl', `${JSON.stringify({ q: 'What is held?', trace: 'He holds a cup at 00:12.', gt: 'cup' })}\n`);
    const plain = JSON.parse((await inProcess(['stats', file, '--json', '--index-dir', indexDir])).out) as { kinds: { value: string }[] };
    assert.equal(plain.kinds[0].value, 'unknown');
    const mapped = JSON.parse(
      (await inProcess(['stats', file, '--json', '--index-dir', indexDir, '--field', 'question=q', '--field', 'chain=trace', '--field', 'answer=gt'])).out,
    ) as {
      kinds: { value: string }[];
      citations: { citing: number };
    };
    assert.equal(mapped.kinds[0].value, 'cot');
    assert.equal(mapped.citations.citing, 1);
    fs.writeFileSync(`${file}.rewatch.json`, JSON.stringify({ fields: { question: 'q', chain: 'trace', answer: 'gt' } }));
    const sidecar = JSON.parse((await inProcess(['stats', file, '--json', '--index-dir', indexDir])).out) as { kinds: { value: string }[] };
    assert.equal(sidecar.kinds[0].value, 'cot');
    const bad = await inProcess(['stats', file, '--index-dir', indexDir, '--field', 'colour=q']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /Unknown field role/);
  });

  it('draws progress on a terminal', async () => {
    const file = tempFile('tty.jsonl', fs.readFileSync(path.join(repoRoot, COT)));
    const { code, err } = await inProcess(['validate', file, '--index-dir', indexDir], true);
    assert.equal(code, 1);
    // A carriage return and the ANSI erase-line sequence (ESC [ K) before each progress line.
    assert.match(err, new RegExp(`\r${String.fromCharCode(27)}\\[K(indexing \\d+%|building full-text search)`));
  });

  it('stops cleanly on Ctrl-C: exit 130, no partial index left behind', async function () {
    // A fail-safe, not a speed goal: writing 150 MB under `nice -n 19` beside a busy core takes most of a minute.
    this.timeout(300_000);
    const file = path.join(tempDir(), 'big.jsonl');
    writeSyntheticDataset(file, { sizeBytes: 150 * 1024 * 1024, seed: 3 });
    const dir = tempDir();
    const child = spawn(process.execPath, [CLI, 'index', file, '--force', '--index-dir', dir], { cwd: repoRoot });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // Interrupt once the worker has created the index (it is mid-scan then: 150 MB take seconds).
    await whenInFolder(dir, () => fs.readdirSync(dir).some((f) => f.endsWith('.sqlite')));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 130, err);
    assert.match(err, /Cancelled\./);
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => f.includes('.sqlite')),
      [],
      'the partial index is deleted',
    );
  });
});

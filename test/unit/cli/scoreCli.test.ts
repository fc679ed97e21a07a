import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';
import { closedPort, sampleRolloutsJudge, startFakeServer, type FakeServer } from '../../support/fakeJudgeServer';

const repoRoot = path.resolve(__dirname, '../../../..');
const CLI = path.join(repoRoot, 'out/src/cli/main.js');
const ROLLOUTS = 'samples/rewatch-rollouts.jsonl';
const CAPTIONS = 'samples/rewatch-captions.json';

interface Line {
  id: string;
  logged: Record<string, number | null>;
  recomputed: Record<string, number | string | null>;
  format: string[];
  steps: { step: number; support: number | null; unsupported: string[]; judge?: { score: number | null; verdict: string; error: string | null } }[];
  group: { size: number; mean: number; std: number; zeroVariance: boolean } | null;
  mismatches: { code: string; message: string }[];
  rea?: { answer: string | null; score: number | null };
}

/** Runs the CLI as users do (async, so a judge server in this process can answer it). */
function cli(args: string[], indexDir: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args, '--index-dir', indexDir], { cwd: repoRoot, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

const lines = (text: string): Line[] =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
const byId = (all: Line[]) => new Map(all.map((l) => [l.id, l]));

describe('rewatch-inspector score', function () {
  this.timeout(60_000);
  let indexDir: string;
  before(() => (indexDir = tempDir()));
  after(cleanTempFiles);

  it('streams one line per record to stdout and a summary to stderr; exit 1 when logged rewards disagree', async () => {
    const { code, out, err } = await cli(['score', ROLLOUTS, '--captions', CAPTIONS], indexDir);
    assert.equal(code, 1, err);
    const all = lines(out);
    assert.equal(all.length, 12);
    const rows = byId(all);
    // The faithful rollout: every part as logged, evidence fully supports the observation.
    const r1 = rows.get('p-green-r1')!;
    assert.deepEqual(r1.logged, { total: 4, acc: 1, obs: 1, rea: 1, fmt: 1, advantage: 1.3564 });
    assert.equal(r1.recomputed.total, 4);
    assert.equal(r1.recomputed.obsSource, 'evidence');
    assert.equal(r1.steps[0].support, 1);
    assert.deepEqual(r1.mismatches, []);
    // The hallucinated purple square: low support, its words listed.
    const r2 = rows.get('p-green-r2')!;
    assert.ok((r2.steps[0].support ?? 1) < 0.34, String(r2.steps[0].support));
    assert.ok(r2.steps[0].unsupported.includes('purple'));
    // The total summed without gating by r_acc.
    const r3 = rows.get('p-green-r3')!;
    assert.deepEqual(
      r3.mismatches.map((m) => m.code),
      ['total-formula'],
    );
    assert.match(r3.mismatches[0].message, /without gating by r_acc/);
    // Unclosed observation: offline r_fmt 0, agreeing with the logged 0.
    assert.deepEqual(rows.get('p-green-r4')!.format, ['unclosed-tag']);
    // A nested answer logged as well formatted.
    assert.ok(rows.get('p-count-r4')!.mismatches.some((m) => m.code === 'fmt-disagrees'));
    // A zero-variance group.
    assert.equal(rows.get('p-count-r1')!.group?.zeroVariance, true);
    // Advantages logged with the population std: flagged, with the diagnosis.
    const first = rows.get('p-first-r1')!;
    assert.equal(first.mismatches[0].code, 'advantage');
    assert.match(first.mismatches[0].message, /population/);
    assert.match(err, /scored 12 of 12 records/);
    assert.match(err, /records whose logged rewards disagree: 6 \(total-formula 1, fmt-disagrees 1, advantage 4\)/);
  });

  it('a group member without a logged total is left out of N: the population-std diagnosis uses the known totals', async () => {
    // Totals 4, (none), 2, 0 of one prompt: N = 3 known, mean 2, sample std 2, population std √(8/3) = 1.63299.
    // r1's logged advantage is the population-std one: (4 − 2) / 1.63299 = 1.22474. Ours: 2 / 2 = 1.
    // (With N = 4, the population std would be 2·√(3/4) = 1.73205 and 1.22474 would fit no variant.)
    const file = path.join(tempDir(), 'partial-group.jsonl');
    const record = (id: string, reward: number | null, advantage: number) =>
      JSON.stringify({
        id,
        prompt_id: 'p',
        question: 'What colour is the square?',
        options: ['A: Red', 'B: Green'],
        answer: 'B',
        response: '<action>query the segment from 00:15 to 00:22</action>\n<observation>A green square.</observation>\n<answer>B</answer>',
        ...(reward === null ? {} : { reward }),
        advantage,
      });
    fs.writeFileSync(file, [record('r1', 4, 1.22474), record('r2', null, 0), record('r3', 2, 0), record('r4', 0, -1)].join('\n') + '\n');
    const { out, err } = await cli(['score', file], indexDir);
    const r1 = byId(lines(out)).get('r1');
    assert.ok(r1, err);
    assert.deepEqual(
      r1.mismatches.map((m) => m.code),
      ['advantage'],
    );
    assert.match(r1.mismatches[0].message, /^Logged advantage 1\.2247 ≠ recomputed 1 .*looks like the population std/);
  });

  it('--jsonl OUT writes the lines atomically and prints the summary; --json prints it as JSON', async () => {
    const out = path.join(tempDir(), 'scores.jsonl');
    const human = await cli(['score', ROLLOUTS, '--captions', CAPTIONS, '--jsonl', out], indexDir);
    assert.equal(human.code, 1);
    assert.equal(lines(fs.readFileSync(out, 'utf8')).length, 12);
    assert.equal(fs.readdirSync(path.dirname(out)).length, 1, 'no temporary file left');
    assert.match(human.out, /scored 12 of 12 records/);
    const json = await cli(['score', ROLLOUTS, '--captions', CAPTIONS, '--json'], indexDir);
    const summary = JSON.parse(json.out) as Record<string, unknown>;
    assert.equal(summary.records, 12);
    assert.equal(summary.recordsWithMismatch, 6);
    assert.deepEqual(summary.mismatches, { 'total-formula': 1, 'fmt-disagrees': 1, advantage: 4 });
    assert.equal(summary.zeroVarianceGroups, 1);
  });

  it('exit 0 on a file whose logged rewards agree; records without a chain are listed as skipped', async () => {
    const { code, out } = await cli(['score', 'samples/rewatch-cot.jsonl'], indexDir);
    assert.equal(code, 0);
    const all = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(all.length, 13);
    assert.equal(all[12].skipped, 'malformed record');
  });

  it('rejects --judge without --model, and a missing caption file, with exit 2', async () => {
    const a = await cli(['score', ROLLOUTS, '--judge', 'http://127.0.0.1:9'], indexDir);
    assert.equal(a.code, 2);
    assert.match(a.err, /--judge needs --model/);
    const b = await cli(['score', ROLLOUTS, '--captions', 'nope.json'], indexDir);
    assert.equal(b.code, 2);
    assert.match(b.err, /nope\.json: cannot read/);
  });

  describe('with a judge', () => {
    let judge: FakeServer;
    let url: string;
    before(async () => {
      judge = await startFakeServer(sampleRolloutsJudge);
      url = `${judge.base}/v1`;
    });
    after(() => judge.close());

    it('--judge URL --model NAME: per-step verdicts and r_rea from the endpoint, the total recomputed with them; a rerun is served from the cache', async () => {
      const { code, out, err } = await cli(['score', ROLLOUTS, '--captions', CAPTIONS, '--judge', url, '--model', 'judge-model'], indexDir);
      assert.equal(code, 1, err);
      const rows = byId(lines(out));
      const r2 = rows.get('p-green-r2')!;
      assert.equal(r2.steps[0].judge?.verdict, 'no');
      assert.equal(r2.recomputed.obsSource, 'judge');
      assert.equal(r2.recomputed.obs, 0);
      const r1 = rows.get('p-green-r1')!;
      assert.equal(r1.steps[0].judge?.score, 1);
      assert.equal(r1.recomputed.reaSource, 'judge');
      assert.equal(r1.rea?.answer, 'B');
      assert.equal(r1.recomputed.total, 4);
      assert.ok(judge.requests.length > 0);
      const before = judge.requests.length;
      const again = await cli(['score', ROLLOUTS, '--captions', CAPTIONS, '--judge', url, '--model', 'judge-model'], indexDir);
      assert.equal(again.code, 1);
      assert.equal(judge.requests.length, before, 'every call came from the cache');
    });

    it('an endpoint that refuses the connection: errors on the steps, never a crash', async () => {
      const port = await closedPort();
      const { code, out } = await cli(['score', ROLLOUTS, '--captions', CAPTIONS, '--judge', `http://127.0.0.1:${port}`, '--model', 'other-model'], indexDir);
      assert.equal(code, 1);
      const r1 = byId(lines(out)).get('p-green-r1')!;
      assert.equal(r1.steps[0].judge?.verdict, 'error');
      assert.match(r1.steps[0].judge?.error ?? '', /refused/);
      assert.equal(r1.recomputed.obsSource, 'evidence', 'falls back to the evidence estimate');
    });
  });
});

/**
 * `npm test`'s runner: the unit, host and end-to-end layers in turn (or the ones named on the command
 * line), each reported test by test, then one summary line per run and a total. The unit layer runs
 * on the build Node (SQLite through better-sqlite3) and on Node 24 (node:sqlite, as in VS Code); the
 * worker layer runs the Python worker on a real tiny model in a Python environment it builds (cached);
 * the host layer in today's VS Code and in the oldest supported one; e2e in today's. A run that cannot
 * start counts as failed with its reason; nothing is skipped silently. Exit code 1 on any failure.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LayerResult } from '../test/results';
import { HOSTILE_SETTINGS } from '../test/host/hostileSettings';
import { runHostTests } from '../test/host/runHostTests';
import { type HostId, describeHost, installedHost, repoRoot } from './codeServer';
import { gpuListed } from '../test/worker/fixtures';
import { describeEnv, pythonEnv, WORKER_REQUIREMENTS } from './pythonEnv';
import { runMocha } from './runMocha';

type Layer = 'unit' | 'worker' | 'host' | 'e2e';
const LAYERS: Layer[] = ['unit', 'worker', 'host', 'e2e'];
const UNIT_TIMEOUT_MS = 20_000;

function specFiles(dir: string, suffix: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => path.join(dir, f));
}

/** The unit tests under another Node, in a child process that reports through a JSON file. */
async function runMochaUnder(nodeBinary: string, label: string, files: string[]): Promise<LayerResult> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rewatch-unit-')), 'result.json');
  const args = [path.join(repoRoot, 'out/tools/runMocha.js'), '--out', out, '--timeout', String(UNIT_TIMEOUT_MS), '--label', label, ...files];
  // The interop tests run the CLI under the build Node too (its better-sqlite3 is built for that Node only).
  const env = { ...process.env, REWATCH_BUILD_NODE: process.execPath };
  const code = await new Promise<number | null>((resolve) => spawn(nodeBinary, args, { stdio: 'inherit', env }).on('exit', resolve));
  if (!fs.existsSync(out)) throw new Error(`${nodeBinary} exited with ${code} and reported nothing`);
  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as LayerResult;
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  return result;
}

interface Run {
  title: string;
  run: () => Promise<LayerResult>;
}

function runsOf(layer: Layer): Run[] {
  if (layer === 'unit') {
    const files = specFiles(path.join(repoRoot, 'out/test/unit'), '.test.js');
    const current = installedHost('current');
    return [
      { title: `unit · Node ${process.versions.node} (better-sqlite3)`, run: () => runMocha('unit', files, UNIT_TIMEOUT_MS) },
      { title: `unit · Node ${current.nodeVersion} (node:sqlite)`, run: () => runMochaUnder(current.nodeBinary, 'unit', files) },
    ];
  }
  if (layer === 'worker') {
    return [
      {
        title: 'worker · the Python worker with a real tiny Qwen2.5-VL',
        run: () => {
          const env = pythonEnv('worker', WORKER_REQUIREMENTS);
          console.log(`  Python environment ${env.dir}: ${describeEnv(env, ['torch', 'transformers', 'tokenizers', 'av', 'numpy'])}`);
          console.log(
            gpuListed() || process.env.REWATCH_GPU_PYTHON
              ? '  CUDA: a GPU is here, so the CUDA suite runs too'
              : '  CUDA: no GPU here (nvidia-smi lists none): the CUDA suite is not run; the CPU suite runs the same runs',
          );
          process.env.REWATCH_TEST_PYTHON = env.python;
          return runMocha('worker', specFiles(path.join(repoRoot, 'out/test/worker'), '.test.js'), 300_000);
        },
      },
    ];
  }
  if (layer === 'e2e') {
    return [
      {
        title: `e2e · ${describeHost(installedHost('current'))}`,
        run: () => runMocha('e2e', specFiles(path.join(repoRoot, 'out/test/e2e'), '.e2e.test.js'), 180_000),
      },
    ];
  }
  const trust = (untrusted: boolean): Run => ({
    title: `host · ${describeHost(installedHost('current'))} · a hostile workspace settings file, ${untrusted ? 'untrusted (Restricted Mode)' : 'trusted'}`,
    run: () => printed(runHostTests('current', { untrusted, only: 'trust', workspaceSettings: HOSTILE_SETTINGS })),
  });
  return [
    ...(['current', 'floor'] as HostId[]).map((id) => ({ title: `host · ${describeHost(installedHost(id))}`, run: () => printed(runHostTests(id)) })),
    trust(true),
    trust(false),
  ];
}

/** A host run's outcomes, printed test by test (the host's own console is not this one). */
async function printed(running: Promise<LayerResult>): Promise<LayerResult> {
  const result = await running;
  for (const t of result.tests) {
    console.log(`  ${t.state === 'passed' ? '✔' : '✘'} ${t.title} (${t.durationMs} ms)`);
    if (t.error) console.log(t.error.replace(/^/gm, '      '));
  }
  console.log(`  (inside ${result.environment ?? 'the extension host'})`);
  return result;
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2).filter((a): a is Layer => (LAYERS as string[]).includes(a));
  const results: { title: string; result: LayerResult }[] = [];
  for (const layer of requested.length > 0 ? requested : LAYERS) {
    let runs: Run[];
    try {
      runs = runsOf(layer);
    } catch (error) {
      console.error(`\n${layer} tests could not run: ${error instanceof Error ? error.message : String(error)}`);
      results.push({ title: layer, result: { layer, passed: 0, failed: 1, tests: [] } });
      continue;
    }
    for (const { title, run } of runs) {
      console.log(`\n=== ${title} ===`);
      try {
        const result = await run();
        const ran = result.passed + result.failed > 0;
        results.push({ title, result: ran ? result : { ...result, failed: 1, tests: [{ title: `${title}: no tests ran`, state: 'failed', durationMs: 0 }] } });
      } catch (error) {
        console.error(`\n${title} could not run: ${error instanceof Error ? error.message : String(error)}`);
        results.push({ title, result: { layer, passed: 0, failed: 1, tests: [] } });
      }
    }
  }
  console.log('\n=== summary ===');
  for (const { title, result } of results) console.log(`${title}: ${result.passed} passed, ${result.failed} failed`);
  const passed = results.reduce((n, r) => n + r.result.passed, 0);
  const failed = results.reduce((n, r) => n + r.result.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

void main();

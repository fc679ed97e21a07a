/**
 * `npm test`'s runner: the unit, host and end-to-end layers in turn (or the ones named on the command
 * line), each reported test by test, then one summary line per layer and a total. A layer that cannot
 * run counts as failed with its reason; nothing is skipped silently. Exit code 1 on any failure.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import type { LayerResult, TestOutcome } from '../test/results';
import { runHostTests } from '../test/host/runHostTests';
import { repoRoot } from './codeServer';

type Layer = 'unit' | 'host' | 'e2e';
const LAYERS: Layer[] = ['unit', 'host', 'e2e'];

function specFiles(dir: string, suffix: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Runs mocha in this process with the spec reporter, collecting outcomes. */
function runMocha(layer: Layer, files: string[], timeout: number): Promise<LayerResult> {
  const mocha = new Mocha({ ui: 'bdd', timeout, reporter: 'spec', color: process.stdout.isTTY });
  files.forEach((f) => mocha.addFile(f));
  const tests: TestOutcome[] = [];
  return new Promise((resolve) => {
    const runner = mocha.run((failures) =>
      resolve({ layer, passed: tests.filter((t) => t.state === 'passed').length, failed: failures, tests }),
    );
    runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 }));
    runner.on('fail', (t, e: Error) => tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: e.message }));
  });
}

async function runLayer(layer: Layer): Promise<LayerResult> {
  console.log(`\n=== ${layer} tests ===`);
  if (layer === 'unit') return runMocha(layer, specFiles(path.join(repoRoot, 'out/test/unit'), '.test.js'), 20_000);
  if (layer === 'e2e') return runMocha(layer, specFiles(path.join(repoRoot, 'out/test/e2e'), '.e2e.test.js'), 180_000);
  const result = await runHostTests();
  console.log(`  (inside ${result.environment ?? 'the extension host'})`);
  for (const t of result.tests) {
    console.log(`  ${t.state === 'passed' ? '✔' : '✘'} ${t.title} (${t.durationMs} ms)`);
    if (t.error) console.log(t.error.replace(/^/gm, '      '));
  }
  return result;
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2).filter((a): a is Layer => (LAYERS as string[]).includes(a));
  const results: LayerResult[] = [];
  for (const layer of requested.length > 0 ? requested : LAYERS) {
    try {
      const result = await runLayer(layer);
      if (result.passed + result.failed === 0) {
        results.push({ ...result, failed: 1, tests: [{ title: `${layer}: no tests ran`, state: 'failed', durationMs: 0 }] });
      } else results.push(result);
    } catch (error) {
      console.error(`\n${layer} tests could not run: ${error instanceof Error ? error.message : String(error)}`);
      results.push({ layer, passed: 0, failed: 1, tests: [] });
    }
  }
  console.log('\n=== summary ===');
  for (const r of results) console.log(`${r.layer}: ${r.passed} passed, ${r.failed} failed`);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

void main();

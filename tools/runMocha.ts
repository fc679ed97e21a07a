/**
 * Runs mocha with the spec reporter and collects each test's outcome. `npm test` calls it in its own
 * process (the build Node) and, for the unit layer, also as a script under the other Nodes:
 *   node out/tools/runMocha.js --out RESULT.json --timeout MS --label LABEL FILE…
 */
import * as fs from 'node:fs';
import Mocha from 'mocha';
import type { LayerResult, TestOutcome } from '../test/results';

export function runMocha(layer: string, files: string[], timeout: number): Promise<LayerResult> {
  const mocha = new Mocha({ ui: 'bdd', timeout, reporter: 'spec', color: process.stdout.isTTY });
  files.forEach((f) => mocha.addFile(f));
  const tests: TestOutcome[] = [];
  return new Promise((resolve) => {
    const runner = mocha.run((failures) => resolve({ layer, passed: tests.filter((t) => t.state === 'passed').length, failed: failures, tests }));
    runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 }));
    runner.on('fail', (t, e: Error) => tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: e.message }));
  });
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) throw new Error(`runMocha: ${name} is required`);
    return args.splice(i, 2)[1];
  };
  const out = option('--out');
  const timeout = Number(option('--timeout'));
  const label = option('--label');
  void runMocha(label, args, timeout).then((result) => {
    fs.writeFileSync(out, JSON.stringify(result));
    process.exitCode = result.failed > 0 ? 1 : 0;
  });
}

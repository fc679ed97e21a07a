/**
 * Runs inside the real extension host (code-server's, or VS Code desktop's via @vscode/test-electron):
 * VS Code calls `run()`; mocha runs the suites; results go to a JSON file the shell-side runner reads,
 * because this process's console is not the harness's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import type { LayerResult, TestOutcome } from '../../results';
import { describeSqlite } from '../../../src/core/store/sqlite/openDatabase';

export function run(): Promise<void> {
  const resultsFile = process.env.REWATCH_HOST_TEST_RESULTS ?? path.resolve(__dirname, '../../../test-results/host.json');
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  const only = process.env.REWATCH_HOST_TESTS_ONLY ?? '';
  for (const file of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js') && f.includes(only))
    .sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  const outcomes: TestOutcome[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const result: LayerResult = {
        layer: 'host',
        passed: outcomes.filter((o) => o.state === 'passed').length,
        failed: failures,
        tests: outcomes,
        environment: `VS Code ${vscode.version}, Node ${process.version}, ${describeSqlite()}`,
      };
      fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
      // Written beside it and renamed: the runner reads the file as soon as it appears, so it must appear whole.
      fs.writeFileSync(`${resultsFile}.partial`, JSON.stringify(result, null, 2));
      fs.renameSync(`${resultsFile}.partial`, resultsFile);
      if (failures > 0) reject(new Error(`${failures} host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => outcomes.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 }));
    runner.on('fail', (test, error: Error) =>
      outcomes.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: error.stack ?? error.message }),
    );
  });
}

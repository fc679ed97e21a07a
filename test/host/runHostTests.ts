/**
 * Shell side of the host tests: starts code-server with this folder as the extension under development
 * and test/host/suite as the extension tests (the `payload` query parameter), opens the workbench in
 * headless Chromium, and waits for the suite's result file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LayerResult } from '../results';
import { whenInFolder } from '../support/folderEvents';
import { launchChromium } from '../../tools/browser';
import { type HostId, repoRoot, scratchSamples, startCodeServer } from '../../tools/codeServer';
import { pythonEnv, WORKER_REQUIREMENTS } from '../../tools/pythonEnv';

// The real-model runs (test/host/suite/realInference.test.ts) take a minute or two on a CPU.
const TIMEOUT_MS = 600_000;

export interface HostRunOptions {
  /** Workspace trust on and the workspace untrusted; only the suite files matching `only` run. */
  untrusted?: boolean;
  /** Runs only the suite files whose name contains this. */
  only?: string;
  /** Written as the workspace's .vscode/settings.json before VS Code starts. */
  workspaceSettings?: Record<string, unknown>;
}

export async function runHostTests(host: HostId, run: HostRunOptions = {}): Promise<LayerResult> {
  const { scratch, workspace } = scratchSamples('rewatch-host-');
  if (run.workspaceSettings) {
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(run.workspaceSettings, null, 2));
  }
  const resultsFile = path.join(scratch, 'host-results.json');
  const server = await startCodeServer({
    host,
    extensionTests: true,
    untrusted: run.untrusted,
    workspace,
    stateDir: path.join(scratch, 'state'),
    // "Run model" with real models too: the worker test environment (built if missing).
    env: {
      REWATCH_HOST_TEST_RESULTS: resultsFile,
      REWATCH_TEST_PYTHON: pythonEnv('worker', WORKER_REQUIREMENTS).python,
      REWATCH_HOST_TESTS_ONLY: run.only ?? '',
      REWATCH_HOST_TRUSTED: run.untrusted ? '0' : '1',
    },
  });
  const browser = await launchChromium();
  const pageErrors: string[] = [];
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(
      server.url([
        ['extensionDevelopmentPath', server.remoteUri(repoRoot)],
        ['extensionTestsPath', server.remoteUri(path.join(repoRoot, 'out/test/host/suite/index.js'))],
      ]),
    );
    // The suite renames its results into place: wait for that file to appear (TIMEOUT_MS only bounds the wait).
    await whenInFolder(path.dirname(resultsFile), () => fs.existsSync(resultsFile), { signal: AbortSignal.timeout(TIMEOUT_MS) }).catch((error: unknown) => {
      if ((error as Error | undefined)?.name !== 'TimeoutError') throw error;
      throw new Error(
        `The host test suite wrote no results within ${TIMEOUT_MS / 1000} s.\n` +
          `code-server log (tail):\n${server.output.join('').slice(-4000)}\npage errors:\n${pageErrors.join('\n')}`,
      );
    });
    return JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as LayerResult;
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

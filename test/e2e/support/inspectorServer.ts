/**
 * The start and end of an end-to-end suite: a scratch copy of the samples, the packaged .vsix installed
 * into a fresh code-server profile there, code-server and Chromium started; and all of it stopped and
 * removed again.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../tools/browser';
import { RunningCodeServer, installVsix, repoRoot, scratchSamples, startCodeServer } from '../../../tools/codeServer';

export const VSIX = path.join(repoRoot, 'build/rewatch-inspector.vsix');

export interface InspectorServer {
  server: RunningCodeServer;
  browser: Browser;
  /** The scratch copy of samples/ that code-server opens. */
  workspace: string;
  scratch: string;
}

/** Starts code-server (with these user settings) on a scratch copy of the samples, and Chromium. */
export async function startInspectorServer(prefix: string, settings?: Record<string, unknown>): Promise<InspectorServer> {
  assert.ok(fs.existsSync(VSIX), `${VSIX} is missing: run \`npm run package\` first`);
  const { scratch, workspace } = scratchSamples(prefix);
  const started: Partial<InspectorServer> = { scratch, workspace };
  try {
    const stateDir = path.join(scratch, 'state');
    await installVsix(stateDir, VSIX);
    started.server = await startCodeServer({ workspace, stateDir, ...(settings === undefined ? {} : { settings }) });
    started.browser = await launchChromium();
    return { ...started, server: started.server, browser: started.browser, workspace, scratch };
  } catch (error) {
    // A suite whose start failed runs no `after` with the parts: stop what did start here.
    await stopInspectorServer(started);
    throw error;
  }
}

/** Stops what `startInspectorServer` started (whatever of it did start) and removes the scratch folder. */
export async function stopInspectorServer(started: Partial<InspectorServer> | undefined): Promise<void> {
  await started?.browser?.close();
  await started?.server?.stop();
  if (started?.scratch) fs.rmSync(started.scratch, { recursive: true, force: true });
}

/**
 * End to end: the packaged .vsix installed into a real VS Code (code-server), driven by headless Chromium.
 * Reads what the user sees from inside the Inspector's webview and saves screenshots to test/e2e/artifacts/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, ConsoleMessage, Frame, Page } from 'playwright-core';
import { frameWith, launchChromium } from '../../tools/browser';
import { RunningCodeServer, installVsix, repoRoot, scratchSamples, startCodeServer } from '../../tools/codeServer';

const VSIX = path.join(repoRoot, 'build/rewatch-inspector.vsix');
const ARTIFACTS = path.join(repoRoot, 'test/e2e/artifacts');

async function textOf(frame: Frame, testId: string): Promise<string> {
  return (await frame.locator(`[data-testid=${testId}]`).textContent()) ?? '';
}

/** The frame of the Inspector whose header shows `fileName`, once indexing is done. */
async function inspectorFor(page: Page, fileName: string): Promise<Frame> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const frame = await frameWith(page, 'main[data-indexed="true"]', deadline - Date.now());
    if ((await frame.locator('h1.title').textContent())?.endsWith(fileName)) return frame;
    await page.waitForTimeout(250);
  }
  throw new Error(`No Inspector for ${fileName}`);
}

describe('ReWatch Inspector end to end (code-server + Chromium, packaged .vsix)', function () {
  let server: RunningCodeServer;
  let browser: Browser;
  let page: Page;
  let workspace: string;
  let scratch: string;
  const cspViolations: string[] = [];

  before(async function () {
    this.timeout(240_000);
    assert.ok(fs.existsSync(VSIX), `${VSIX} is missing: run \`npm run package\` first`);
    ({ scratch, workspace } = scratchSamples('rewatch-e2e-'));
    const stateDir = path.join(scratch, 'state');
    await installVsix(stateDir, VSIX);
    server = await startCodeServer({ workspace, stateDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.on('console', (message: ConsoleMessage) => {
      if (/Content.Security.Policy/i.test(message.text()) && /webview|vscode-resource|vscode-cdn/.test(message.location().url + message.text())) {
        cspViolations.push(message.text());
      }
    });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('opens the sample CoT file in the Inspector from the editor title button and shows its counts', async () => {
    // The workbench opens a file named in the URL in the text editor; the title-bar button switches it.
    await page.goto(server.url([['openFile', server.remoteUri(path.join(workspace, 'rewatch-cot.jsonl'))]]));
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60_000 });
    await page.locator('.editor-actions [role=button][aria-label^="Open in Inspector"]').click();
    const frame = await inspectorFor(page, 'rewatch-cot.jsonl');
    assert.equal(await textOf(frame, 'record-count'), '13');
    assert.equal(await textOf(frame, 'malformed-count'), '1');
    // Rows and problems arrive in replies after the final progress message: wait for them to render.
    await frame.locator('vscode-table-row').nth(12).waitFor();
    await frame.locator('.problems li').first().waitFor();
    assert.equal(await frame.locator('vscode-table-row').count(), 13);
    assert.match((await frame.locator('.problems').textContent()) ?? '', /Line 13:\d+\s+Malformed JSON/);
    assert.match((await frame.locator('vscode-table-row').first().textContent()) ?? '', /sample-001.*coloured-squares\.mp4.*Which coloured square appears first/s);
    await page.screenshot({ path: path.join(ARTIFACTS, 'inspector-cot.png') });
    assert.deepEqual(cspViolations, [], 'the webview raised no Content-Security-Policy violations');
  });

  it('opens a caption JSON array through "ReWatch: Open in Inspector" in the command palette', async () => {
    await page.keyboard.press('Control+P'); // Quick Open: the text editor, the default for .json
    await page.locator('.quick-input-widget input').fill('rewatch-captions.json');
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines').first().waitFor();
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>ReWatch: Open in Inspector');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open in Inspector' }).first().waitFor();
    await page.keyboard.press('Enter');
    const frame = await inspectorFor(page, 'rewatch-captions.json');
    assert.equal(await textOf(frame, 'record-count'), '2');
    assert.equal(await textOf(frame, 'malformed-count'), '0');
    assert.match((await frame.locator('.subtitle').textContent()) ?? '', /JSON array/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'inspector-captions.png') });
  });
});

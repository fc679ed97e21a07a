/**
 * End to end, the daily debugging loop in a real VS Code (code-server) and Chromium: getting in (one tab
 * per file, a labelled title button, the first sample shown, no spinner without work), the one problem
 * model (the list's ⚠ column, the "With problems" filter, the Problems panel and the CLI's `validate`
 * agree with a hand-made list), captions stored in a record shown without its video, and "Run model"
 * with nothing set up opening the setup card.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { RunningCodeServer, repoRoot } from '../../tools/codeServer';
import { DEMO_SETTINGS } from '../../tools/demoSettings';
import { startInspectorServer, stopInspectorServer, type InspectorServer } from './support/inspectorServer';
import { inspectorFor, openInInspector, row, runCommand, selectSample } from './support/inspectorPage';

/** The page's DOM as the evaluate callbacks use it (tests compile without the DOM lib). */
declare const document: { querySelector(selector: string): unknown };

const CLI = path.join(repoRoot, 'dist/cli.js');
const CASES = 'rewatch-video-cases.jsonl';

/**
 * The problems of samples/rewatch-video-cases.jsonl that count (hints do not), read off the file by hand:
 * record 3 (grounding-001) cites 00:28 to 00:24 (written end first), and 00:40–00:45 and 00:42 in a 30 s video.
 */
const COUNTED = [
  { line: 3, code: 'reversed-interval', message: 'Written end first: 00:28-00:24' },
  { line: 3, code: 'past-end', message: "Cites 00:40-00:45, past the video's end (00:30)" },
  { line: 3, code: 'past-end', message: "Cites 00:42, past the video's end (00:30)" },
];

describe('ReWatch Inspector daily loop (code-server + Chromium, packaged .vsix)', function () {
  let started: InspectorServer | undefined;
  let server: RunningCodeServer;
  let page: Page;
  let workspace: string;

  before(async function () {
    this.timeout(240_000);
    // No inference settings at all: "Run model" has nothing to run.
    started = await startInspectorServer('rewatch-loop-e2e-');
    ({ server, workspace } = started);
    page = await started.browser.newPage({ viewport: { width: 1400, height: 860 } });
  });

  after(() => stopInspectorServer(started));

  /** The editor tabs whose label is `fileName`. */
  const tabsNamed = (fileName: string) => page.locator('.tabs-container [role=tab]', { hasText: fileName });

  it('getting in: a labelled title button, one tab per file, the first sample shown, no spinner without work', async () => {
    await page.goto(server.url([['openFile', server.remoteUri(path.join(workspace, CASES))]]));
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60_000 });
    const button = page.locator('.editor-actions [role=button][aria-label^="Open in Inspector"]');
    assert.equal((await button.innerText()).trim(), 'Open in Inspector', 'the title button shows its label, not only an icon');
    await button.click();
    const frame = await inspectorFor(page, CASES);
    // The Inspector replaced the text tab: one tab for the file.
    assert.equal(await tabsNamed(CASES).count(), 1);
    // The first sample is shown without a click, and its row is the selected one.
    await frame.locator('[data-testid=sample][data-position="0"][data-loaded=true]').waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator(row(0)).getAttribute('aria-selected'), 'true');

    // "Reopen as Text" then "Open in Inspector" again: still one tab each time.
    await runCommand(page, 'ReWatch: Reopen as Text');
    await page.locator('.monaco-editor .view-lines').first().waitFor();
    await page.locator('.editor-actions [role=button][aria-label^="Open in Inspector"]').waitFor();
    // The Inspector's tab closes as the text tab opens: wait for the second one to go (a fail-safe limit).
    await tabsNamed(CASES).nth(1).waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await tabsNamed(CASES).count(), 1, 'reopened as text: one tab');
    await page.locator('.editor-actions [role=button][aria-label^="Open in Inspector"]').click();
    const again = await inspectorFor(page, CASES);
    await tabsNamed(CASES).nth(1).waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await tabsNamed(CASES).count(), 1, 'back in the Inspector: one tab');

    // A record with no video: the video panel says so and shows no spinner.
    await selectSample(again, 3);
    const status = again.locator('[data-testid=video-status]');
    await again.locator('[data-testid=video-status][data-state=none]').waitFor();
    assert.equal((await status.innerText()).trim(), 'This record names no video.');
    assert.equal(await status.locator('vscode-progress-ring').count(), 0, 'no spinner');
  });

  it('counts and labels: records apart from malformed lines, frames inside every cited interval, the clock in tenths, past-the-end marks', async () => {
    // samples/rewatch-cot.jsonl, read by hand: 12 well-formed records and line 13 malformed.
    const cot = await openInInspector(page, server, path.join(workspace, 'rewatch-cot.jsonl'), 'rewatch-cot.jsonl');
    assert.equal((await cot.locator('[data-testid=record-count]').innerText()).trim(), '12 records');
    assert.equal((await cot.locator('[data-testid=malformed-count]').innerText()).trim(), '1 malformed line');
    await selectSample(cot, 0);
    // sample-001's first observation cites 00:05–00:12, 00:15–00:22 and 00:24–00:28: a group of frames for each,
    // at the middles of its thirds rounded to 0.1 s (5 + 7/6 = 6.2, 8.5, 10.8; 16.2, 18.5, 20.8; 24.7, 26, 27.3).
    const groups = cot.locator('[data-testid=step-card]', { hasText: 'A red square appears between' }).locator('[data-testid=thumbnail-group]');
    await groups.nth(2).locator('img[data-testid=thumbnail]').nth(2).waitFor({ state: 'attached', timeout: 60_000 });
    const frames = await groups.evaluateAll((all) =>
      all.map((g) => {
        const group = g as unknown as { dataset: { start: string; end: string }; querySelectorAll(s: string): { dataset: { time: string } }[] };
        return {
          start: group.dataset.start,
          end: group.dataset.end,
          times: [...group.querySelectorAll('img[data-testid=thumbnail]')].map((i) => Number(i.dataset.time)),
        };
      }),
    );
    assert.deepEqual(frames, [
      { start: '5', end: '12', times: [6.2, 8.5, 10.8] },
      { start: '15', end: '22', times: [16.2, 18.5, 20.8] },
      { start: '24', end: '28', times: [24.7, 26, 27.3] },
    ]);
    // The playhead's clock shows tenths: 4.3 s reads 0:04.3 (the player's own clock would say 0:04).
    await cot.locator('video[data-testid=video]').waitFor({ state: 'visible', timeout: 30_000 });
    await cot.evaluate(() => {
      const video = document.querySelector('video[data-testid=video]') as unknown as { pause(): void; currentTime: number };
      video.pause();
      video.currentTime = 4.3;
    });
    await cot.locator('[data-testid=video-clock]:text-is("0:04.3")').waitFor({ timeout: 10_000 });

    // grounding-001 cites 00:40 to 00:45 and 00:42 in a 30 s video: both chips say so in words.
    const cases = await openInInspector(page, server, path.join(workspace, CASES), CASES);
    await selectSample(cases, 2);
    const marks = cases.locator('[data-testid=chip-past-end]');
    await marks.nth(1).waitFor({ timeout: 30_000 });
    assert.deepEqual(
      (await marks.allInnerTexts()).map((t) => t.trim()),
      ['past the end (00:30)', 'past the end (00:30)'],
    );
  });

  it('one problem model: the ⚠ column, "With problems", the Problems panel and validate list the same problems', async () => {
    const frame = await openInInspector(page, server, path.join(workspace, CASES), CASES);
    // The ⚠ column: three problems on record 3 (line 3) once the video's length is known, none elsewhere.
    await frame.locator(`${row(2)} .col-problems:text-is("3")`).waitFor({ timeout: 30_000 });
    for (const position of [0, 1, 3]) assert.equal((await frame.locator(`${row(position)} .col-problems`).innerText()).trim(), '', `row ${position + 1}`);

    // "With problems" lists that one record.
    await frame.locator('[data-testid=filter-problems]').click();
    await frame.locator('[data-testid=record-row]').first().waitFor();
    await frame.locator(`${row(0)}`).waitFor({ state: 'detached' });
    assert.deepEqual(
      await frame
        .locator('[data-testid=record-row]')
        .evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { position: string } }).dataset.position)),
      ['2'],
    );
    await frame.locator('[data-testid=filter-problems]').click();

    // The Problems panel: each counted problem once (hints are not listed there), also with the text editor open beside.
    const markerRows = page.locator('.markers-panel .monaco-list-row', { hasText: /\[Ln \d+, Col \d+\]/ });
    const panelMessages = async (): Promise<string[]> => (await markerRows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    const expectPanel = async (where: string): Promise<void> => {
      await markerRows.nth(COUNTED.length - 1).waitFor({ timeout: 30_000 });
      const shown = await panelMessages();
      assert.equal(shown.length, COUNTED.length, `${where}: ${shown.join(' | ')}`);
      for (const problem of COUNTED) {
        assert.equal(shown.filter((t) => t.includes(problem.message) && t.includes(`[Ln ${problem.line},`)).length, 1, `${where}: ${problem.message} once`);
      }
    };
    await expectPanel('the Inspector alone');
    await runCommand(page, 'ReWatch: Reopen as Text');
    await page.locator('.monaco-editor .view-lines').first().waitFor();
    await expectPanel('open as text');
    await page.locator('.editor-actions [role=button][aria-label^="Open in Inspector"]').click();
    await inspectorFor(page, CASES);

    // The CLI on the same file: the same problems, at the same lines, with the same codes and wording.
    const validate = spawnSync(process.execPath, [CLI, 'validate', path.join(workspace, CASES), '--json'], { encoding: 'utf8' });
    assert.equal(validate.status, 1, `validate exits 1 on problems: ${validate.stderr}`);
    const report = JSON.parse(validate.stdout) as { problems: { line: number; code: string; message: string; severity: string }[] };
    assert.deepEqual(
      report.problems.filter((p) => p.severity !== 'hint').map(({ line, code, message }) => ({ line, code, message })),
      COUNTED,
    );
  });

  it('captions stored in a record are shown, with their times on the timeline, although its video is missing', async () => {
    const file = path.join(workspace, 'captions-no-video.jsonl');
    const record = {
      id: 'cap-001',
      video_path: 'videos/not-here.mp4',
      question: 'What colour is the square at first?',
      options: ['A: Red', 'B: Blue'],
      answer: 'A',
      caption: '[00:00-00:05] A red square in the centre.\n[00:05-00:12] The square turns blue.',
      cot: '<action>query the segment from 00:00 to 00:05</action>\n<observation>A red square at 00:02.</observation>\n<answer>A</answer>',
    };
    fs.writeFileSync(file, `${JSON.stringify(record)}\n`);
    const frame = await openInInspector(page, server, file, 'captions-no-video.jsonl');
    // (The first sample shows on open, as the getting-in test checks; a click makes this test about captions only.)
    await selectSample(frame, 0);
    await frame.locator('[data-testid=video-status][data-state=missing]').waitFor({ timeout: 30_000 });
    const segments = frame.locator('[data-testid=caption-segment]');
    await segments.nth(1).waitFor();
    assert.deepEqual(await segments.evaluateAll((s) => s.map((e) => (e as unknown as { dataset: { start: string } }).dataset.start)), ['0', '5']);
    assert.match(await segments.nth(0).innerText(), /A red square in the centre\./);
    assert.match(await segments.nth(1).innerText(), /The square turns blue\./);
  });

  it('"Run model" with nothing set up opens the setup card; choosing a server URL sets it up and runs', async () => {
    const frame = await openInInspector(page, server, path.join(workspace, CASES), CASES);
    await frame.locator('[data-testid=sample][data-loaded=true]').first().waitFor();
    await frame.locator('[data-testid=record-row]').first().focus();
    await frame.locator('[data-testid=record-row]').first().press('r');
    const card = frame.getByText('Set up a model to run');
    await card.waitFor({ timeout: 15_000 });
    const checkpoint = frame.getByRole('button', { name: 'Choose checkpoint folder…' });
    const serverUrl = frame.getByRole('button', { name: 'Use a server URL…' });
    assert.ok((await checkpoint.isVisible()) && (await serverUrl.isVisible()), 'both ways to set a model up are offered');
    // No failed-run padding on the card.
    assert.equal(await frame.locator(':text("No stats yet"):visible').count(), 0);
    assert.equal(await frame.locator(':text("The model produced no text"):visible').count(), 0);

    // A server URL: nothing listens on port 9, so the run that starts at once cannot reach it; that error names the server.
    await serverUrl.click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('not a url');
    await page.locator('.quick-input-widget', { hasText: 'Not a URL' }).waitFor();
    await input.fill('http://127.0.0.1:9/v1');
    await page.keyboard.press('Enter');
    await frame
      .getByText('The inference server cannot be reached')
      .waitFor({ timeout: 30_000 })
      .catch(async (error: unknown) => {
        await page.screenshot({ path: path.join(repoRoot, 'test/e2e/artifacts/loop-setup-failed.png') });
        throw new Error(
          `${String(error)}\nthe run panel shows: ${await frame
            .locator('.run-panel')
            .innerText()
            .catch(() => '(none)')}`,
        );
      });
  });
});

describe('npm run demo lands in the Inspector (code-server with the demo settings)', function () {
  let started: InspectorServer | undefined;

  before(async function () {
    this.timeout(240_000);
    started = await startInspectorServer('rewatch-demo-e2e-', DEMO_SETTINGS);
  });

  after(() => stopInspectorServer(started));

  it("the demo's URL shows rewatch-cot.jsonl in the Inspector, in one tab, with its first sample", async () => {
    const { server, browser, workspace } = started as InspectorServer;
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    // The URL the demo prints: the workspace and the CoT file.
    await page.goto(server.url([['openFile', server.remoteUri(path.join(workspace, 'rewatch-cot.jsonl'))]]));
    const frame = await inspectorFor(page, 'rewatch-cot.jsonl');
    await frame.locator('[data-testid=sample][data-position="0"][data-loaded=true]').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('.tabs-container [role=tab]', { hasText: 'rewatch-cot.jsonl' }).count(), 1);
  });
});

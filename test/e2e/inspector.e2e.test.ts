/**
 * End to end: the packaged .vsix installed into a real VS Code (code-server), driven by headless Chromium.
 * Reads what the user sees from inside the Inspector's webview and saves screenshots to test/e2e/artifacts/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, ConsoleMessage, Frame, Page } from 'playwright-core';
import { frameWith, launchChromium } from '../../tools/browser';
import { freePort, RunningCodeServer, installVsix, repoRoot, scratchSamples, startCodeServer } from '../../tools/codeServer';
import { whenInFolder } from '../support/folderEvents';
import { startModelServer } from '../support/modelServer';

const VSIX = path.join(repoRoot, 'build/rewatch-inspector.vsix');
const ARTIFACTS = path.join(repoRoot, 'test/e2e/artifacts');

/** The little of the page's DOM the `evaluate` callbacks use (this project compiles tests without the DOM lib). */
interface HTMLVideoElement {
  currentTime: number;
  seeking: boolean;
  readyState: number;
  videoWidth: number;
  videoHeight: number;
  play(): Promise<void>;
  pause(): void;
}
interface PageCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    drawImage(video: HTMLVideoElement, x: number, y: number): void;
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  } | null;
}
interface PageElement {
  classList: { contains(name: string): boolean };
  style: { color: string };
  appendChild(child: PageElement): void;
  remove(): void;
}
declare const document: {
  querySelector(selector: string): unknown;
  createElement(tag: 'canvas'): PageCanvas;
  createElement(tag: 'span'): PageElement;
  body: PageElement;
  documentElement: PageElement;
};
declare function getComputedStyle(element: unknown): { getPropertyValue(name: string): string };
declare const window: { dispatchEvent(event: unknown): boolean };
declare const Event: new (type: string) => unknown;

const row = (position: number) => `[data-testid=record-row][data-position="${position}"]`;

async function textOf(frame: Frame, testId: string): Promise<string> {
  return (await frame.locator(`[data-testid=${testId}]`).textContent()) ?? '';
}

/** The frame of the Inspector whose header shows `fileName`, once indexing is done. */
async function inspectorFor(page: Page, fileName: string): Promise<Frame> {
  // One selector for both conditions (Playwright's :text-matches), so no frame is taken before its header says `fileName`.
  const endsWithName = `${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
  return frameWith(page, `main[data-indexed="true"] h1.title:text-matches(${JSON.stringify(endsWithName)})`, 60_000);
}

/** Clicks a row of the sample list and waits for the sample view to show it. */
async function selectSample(frame: Frame, position: number): Promise<void> {
  await frame.locator(row(position)).click();
  await frame.locator(`[data-testid=sample][data-position="${position}"][data-loaded=true]`).waitFor({ timeout: 15_000 });
}

/** Waits for the video panel to be ready and the element to have its metadata. */
async function videoReady(frame: Frame, timeoutMs = 30_000): Promise<void> {
  await frame.locator('[data-testid=video-status][data-state=ready]').waitFor({ timeout: timeoutMs });
  await frame.waitForFunction(() => ((document.querySelector('video[data-testid=video]') as HTMLVideoElement | null)?.readyState ?? 0) >= 1, undefined, {
    timeout: timeoutMs,
  });
}

async function seek(frame: Frame, seconds: number): Promise<void> {
  await frame.evaluate((t) => {
    const video = document.querySelector('video[data-testid=video]') as HTMLVideoElement;
    video.pause();
    video.currentTime = t;
  }, seconds);
  await videoTimeNear(frame, seconds);
}

/**
 * `video.currentTime` once it has settled near `wanted` (seeks are asynchronous): Playwright re-checks on
 * every animation frame. If it never does, whatever it is when the 5 s fail-safe runs out (the caller's
 * assertion then reports it).
 */
async function videoTimeNear(frame: Frame, wanted: number): Promise<number> {
  await frame
    .waitForFunction(
      (w) => {
        const video = document.querySelector('video[data-testid=video]') as HTMLVideoElement;
        return !video.seeking && Math.abs(video.currentTime - w) <= 0.1;
      },
      wanted,
      { timeout: 5000 },
    )
    .catch(() => undefined);
  return frame.evaluate(() => (document.querySelector('video[data-testid=video]') as HTMLVideoElement).currentTime);
}

/** The RGB of one pixel of the current video frame (video coordinates); null when the canvas is tainted. */
async function framePixel(frame: Frame, x: number, y: number): Promise<[number, number, number] | null> {
  return frame.evaluate(
    ([px, py]) => {
      const video = document.querySelector('video[data-testid=video]') as HTMLVideoElement;
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const context = canvas.getContext('2d');
      if (!context) return null;
      context.drawImage(video, 0, 0);
      try {
        const [r, g, b] = context.getImageData(Math.round((px * video.videoWidth) / 320), Math.round((py * video.videoHeight) / 240), 1, 1).data;
        return [r, g, b] as [number, number, number];
      } catch {
        return null;
      }
    },
    [x, y],
  );
}

async function quickOpen(page: Page, fileName: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(fileName);
  // Enter opens the focused entry: wait until that is the file, not a stale entry of the previous search.
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: fileName }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').first().waitFor();
}

async function openInInspectorFromPalette(page: Page, fileName: string): Promise<void> {
  await quickOpen(page, fileName);
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill('>ReWatch: Open in Inspector');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open in Inspector' }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** The first file under `dir` whose text passes `test`, now or as files change there; undefined if none by `timeoutMs` (a fail-safe). */
async function findFile(dir: string, test: (text: string) => boolean, timeoutMs: number): Promise<string | undefined> {
  let found: string | undefined;
  const look = (): boolean => {
    const files = fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
    found = files.find((file) => {
      try {
        return fs.statSync(file).size <= 1024 * 1024 && test(fs.readFileSync(file, 'utf8'));
      } catch {
        return false; // removed or replaced meanwhile
      }
    });
    return found !== undefined;
  };
  await whenInFolder(dir, look, { recursive: true, signal: AbortSignal.timeout(timeoutMs) }).catch(() => undefined);
  return found;
}

describe('ReWatch Inspector end to end (code-server + Chromium, packaged .vsix)', function () {
  let server: RunningCodeServer;
  let browser: Browser;
  let page: Page;
  let workspace: string;
  let scratch: string;
  /** Where the fake model server listens; nothing does until the model-run test starts it. */
  let modelPort: number;
  const cspViolations: string[] = [];

  before(async function () {
    this.timeout(240_000);
    assert.ok(fs.existsSync(VSIX), `${VSIX} is missing: run \`npm run package\` first`);
    ({ scratch, workspace } = scratchSamples('rewatch-e2e-'));
    const stateDir = path.join(scratch, 'state');
    await installVsix(stateDir, VSIX);
    modelPort = await freePort();
    server = await startCodeServer({
      workspace,
      stateDir,
      settings: {
        'rewatchInspector.inference.backend': 'server',
        'rewatchInspector.inference.endpoint': `http://127.0.0.1:${modelPort}/v1`,
        'rewatchInspector.inference.servedModel': 'rewatch-r1',
      },
    });
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

  /** A copy of the first three records of the CoT file, opened in the Inspector with its first sample shown. */
  async function openCopy(fileName: string): Promise<{ file: string; lines: string[]; frame: Frame }> {
    const lines = fs.readFileSync(path.join(workspace, 'rewatch-cot.jsonl'), 'utf8').split('\n').slice(0, 3);
    const file = path.join(workspace, fileName);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    await page.goto(server.url([['openFile', server.remoteUri(file)]]));
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60_000 });
    await page.locator('.editor-actions [role=button][aria-label^="Open in Inspector"]').click();
    const frame = await inspectorFor(page, fileName);
    await frame.locator(row(2)).waitFor();
    await selectSample(frame, 0);
    return { file, lines, frame };
  }

  it('opens the sample CoT file in the Inspector from the editor title button and shows its counts', async () => {
    // The workbench opens a file named in the URL in the text editor; the title-bar button switches it.
    await page.goto(server.url([['openFile', server.remoteUri(path.join(workspace, 'rewatch-cot.jsonl'))]]));
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60_000 });
    await page.locator('.editor-actions [role=button][aria-label^="Open in Inspector"]').click();
    const frame = await inspectorFor(page, 'rewatch-cot.jsonl');
    assert.equal(await textOf(frame, 'record-count'), '12 records');
    assert.equal(await textOf(frame, 'malformed-count'), '1 malformed line');
    // Rows and problems arrive in replies after the final progress message: wait for them to render.
    await frame.locator(row(12)).waitFor();
    await frame.locator('.problems li').first().waitFor();
    assert.equal(await frame.locator('[data-testid=record-row]').count(), 13);
    assert.match((await frame.locator('.problems').textContent()) ?? '', /Line 13:\d+\s+Malformed JSON/);
    assert.match((await frame.locator(row(0)).textContent()) ?? '', /sample-001/);
    assert.deepEqual(cspViolations, [], 'the webview raised no Content-Security-Policy violations');
  });

  it('clicking a step chip seeks the video to the cited second', async () => {
    const frame = await inspectorFor(page, 'rewatch-cot.jsonl');
    await selectSample(frame, 0);
    await videoReady(frame);
    const chip = frame.locator('[data-testid=step-card][data-kind=observation] [data-testid=time-chip][data-start="15"]').first();
    await chip.click();
    const time = await videoTimeNear(frame, 15);
    assert.ok(Math.abs(time - 15) <= 0.1, `video at ${time}, wanted 15 ± 0.1`);
    await frame.locator('[data-testid=step-card][data-kind=observation][data-active=true]').first().waitFor({ timeout: 5000 });
    // The cited interval's thumbnails (extracted by ffmpeg into the extension's storage) actually load.
    const thumbnail = frame.locator('[data-testid=step-card][data-kind=observation] img[data-testid=thumbnail]').first();
    await thumbnail.waitFor({ timeout: 10_000 });
    await thumbnail.evaluate(
      (img) =>
        new Promise<void>((resolve, reject) => {
          const image = img as unknown as { complete: boolean; naturalWidth: number; addEventListener(t: string, f: () => void): void; src: string };
          const check = () => (image.naturalWidth > 0 ? resolve() : reject(new Error(`thumbnail did not load: ${image.src}`)));
          if (image.complete && image.src) check();
          else {
            image.addEventListener('load', check);
            image.addEventListener('error', check);
          }
        }),
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'inspector-cot.png') });
  });

  it('while the video plays, the step covering the playhead lights up', async () => {
    const frame = await inspectorFor(page, 'rewatch-cot.jsonl');
    await seek(frame, 13.6);
    assert.equal(await frame.locator('[data-testid=step-card][data-active=true]').count(), 0, 'no step cites 00:13.6');
    await frame.evaluate(() => void (document.querySelector('video[data-testid=video]') as HTMLVideoElement).play());
    await frame.locator('[data-testid=step-card][data-kind=observation][data-active=true]').first().waitFor({ timeout: 8000 });
    const now = await frame.evaluate(() => {
      const video = document.querySelector('video[data-testid=video]') as HTMLVideoElement;
      video.pause();
      return video.currentTime;
    });
    assert.ok(now >= 15 && now < 17, `lit up at ${now} s, when the video reached the cited 00:15`);
    await frame.locator('[data-testid=caption-segment][data-active=true]', { hasText: 'green square' }).first().waitFor({ timeout: 5000 });
  });

  it('moves through samples and steps with the keyboard, and shows the shortcuts on "?"', async () => {
    const frame = await inspectorFor(page, 'rewatch-cot.jsonl');
    await frame
      .locator('[data-testid=sample] h2, [data-testid=sample]')
      .first()
      .click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    await frame.locator('[data-testid=sample][data-position="1"][data-loaded=true]').waitFor({ timeout: 5000 });
    assert.equal(await frame.locator(row(1)).getAttribute('aria-selected'), 'true');
    await page.keyboard.press('k');
    await frame.locator('[data-testid=sample][data-position="0"][data-loaded=true]').waitFor({ timeout: 5000 });
    await page.keyboard.press('?');
    await frame.locator('[data-testid=help]:not([hidden])').waitFor({ timeout: 3000 });
    assert.match((await frame.locator('[data-testid=help]').textContent()) ?? '', /next sample/i);
    await page.keyboard.press('Escape');
    await frame.locator('[data-testid=help][hidden]').waitFor({ state: 'attached', timeout: 3000 });
  });

  it('plays an MPEG-2 .mpg starting at 3 s through its proxy and seeks to the right frame; a missing video says where it looked', async () => {
    await openInInspectorFromPalette(page, 'rewatch-video-cases.jsonl');
    const frame = await inspectorFor(page, 'rewatch-video-cases.jsonl');
    await selectSample(frame, 0);
    await videoReady(frame, 90_000);
    assert.match((await frame.locator('[data-testid=video-status]').textContent()) ?? '', /proxy/i);
    await frame.locator('[data-testid=time-chip][data-start="15"]').first().click();
    const time = await videoTimeNear(frame, 15);
    assert.ok(Math.abs(time - 15) <= 0.1, `proxy at ${time}, wanted 15 ± 0.1`);
    // The green square is drawn from 15 s to 22 s counted from the first frame: it must be on screen.
    const green = await framePixel(frame, 215, 155);
    assert.ok(green !== null && green[1] > 100 && green[0] < 80 && green[2] < 80, `pixel at the green square: ${green}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'inspector-proxy.png') });

    // Playing from 11.5 s: the "query 00:05-00:12" action is lit, then the "00:15 to 00:22" observation.
    await seek(frame, 11.5);
    const action = frame.locator('[data-testid=step-card][data-kind=action][data-active=true]');
    await action.first().waitFor({ timeout: 5000 });
    await frame.evaluate(() => void (document.querySelector('video[data-testid=video]') as HTMLVideoElement).play());
    await frame.locator('[data-testid=step-card][data-kind=observation][data-active=true]').first().waitFor({ timeout: 8000 });
    assert.equal(await action.count(), 0, 'the action is no longer lit once the playhead left its interval');
    await frame.evaluate(() => (document.querySelector('video[data-testid=video]') as HTMLVideoElement).pause());

    await selectSample(frame, 1);
    await frame.locator('[data-testid=video-status][data-state=missing]').waitFor({ timeout: 10_000 });
    assert.match((await frame.locator('[data-testid=video-tried]').textContent()) ?? '', /ubgB1yelZMY\/49850\.19\.mp4/);
    assert.ok(await frame.locator('[data-testid=choose-video-folder]').isVisible());
    assert.ok((await frame.locator('[data-testid=step-card]').count()) > 0, 'the chain shows without its video');
  });

  it('keeps the selected sample and playback time when the tab is hidden and shown again', async () => {
    const frame = await inspectorFor(page, 'rewatch-video-cases.jsonl');
    await selectSample(frame, 2);
    await videoReady(frame);
    await seek(frame, 10);
    // The webview saves its state throttled, and at once on pagehide: fire that now rather than wait out the throttle.
    await frame.evaluate(() => window.dispatchEvent(new Event('pagehide')));
    await quickOpen(page, 'rewatch-captions.json'); // another editor in the same group hides the webview (no retainContextWhenHidden)
    await page.keyboard.press('Control+PageUp');
    const again = await inspectorFor(page, 'rewatch-video-cases.jsonl');
    await again.locator('[data-testid=sample][data-position="2"][data-loaded=true]').waitFor({ timeout: 15_000 });
    assert.equal(await again.locator(row(2)).getAttribute('aria-selected'), 'true');
    await videoReady(again);
    const time = await videoTimeNear(again, 10);
    assert.ok(Math.abs(time - 10) <= 0.3, `restored at ${time}, wanted 10`);
  });

  it("follows the light, high-contrast and dark themes: the page's colours are the theme's --vscode-* colours (screenshots)", async () => {
    const frame = await inspectorFor(page, 'rewatch-video-cases.jsonl');
    await selectSample(frame, 0);
    await videoReady(frame);
    await seek(frame, 16);
    const themes = [
      ['Light Modern', 'vs', 'vscode-light', 'inspector-light.png'],
      ['Dark High Contrast', 'hc-black', 'vscode-high-contrast', 'inspector-high-contrast.png'],
      ['Dark Modern', 'vs-dark', 'vscode-dark', 'inspector-dark.png'],
    ] as const;
    /** Key elements, a colour property of each, and the theme variable the stylesheet gives it. */
    const THEMED: [selector: string, property: string, variable: string][] = [
      ['body', 'color', '--vscode-foreground'],
      ['body', 'background-color', '--vscode-editor-background'],
      ['video[data-testid=video]', 'background-color', '--vscode-editorWidget-background'],
      ['.page-header .status', 'color', '--vscode-descriptionForeground'],
    ];
    /** Per theme: the computed colour of each THEMED entry and its variable's value, both as the browser writes colours (rgb(…)). */
    const seen = new Map<string, { computed: string; variable: string }[]>();
    for (const [theme, workbenchClass, webviewClass, file] of themes) {
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').fill('>Preferences: Color Theme');
      // Not "Preferences: Browse Color Themes in Marketplace", which has no network here.
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' }).first().click();
      await page.locator('.quick-input-widget input').fill(theme);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: theme }).first().click();
      await page.waitForFunction(
        (wanted) =>
          (document.querySelector('.monaco-workbench') as { classList: { contains(name: string): boolean } } | null)?.classList.contains(wanted) ?? false,
        workbenchClass,
        { timeout: 15_000 },
      );
      // VS Code restyles the webview (its --vscode-* variables and the body's theme class) in one message: wait for the class.
      await frame.waitForFunction((wanted) => document.body.classList.contains(wanted), webviewClass, { timeout: 15_000 });
      const colours = await frame.evaluate((checks) => {
        // A variable's value (#rrggbb, #rrggbbaa, a name…) as the browser computes it, for comparison with computed colours.
        const probe = document.createElement('span');
        document.body.appendChild(probe);
        const resolve = (value: string): string => {
          probe.style.color = '';
          probe.style.color = value;
          return getComputedStyle(probe).getPropertyValue('color');
        };
        const rootStyle = getComputedStyle(document.documentElement);
        const out = checks.map(([selector, property, variable]) => {
          const raw = rootStyle.getPropertyValue(variable).trim();
          return { computed: getComputedStyle(document.querySelector(selector)).getPropertyValue(property), variable: raw === '' ? '' : resolve(raw) };
        });
        probe.remove();
        return out;
      }, THEMED);
      THEMED.forEach(([selector, property, variable], k) => {
        assert.notEqual(colours[k].variable, '', `${theme} defines ${variable}`);
        assert.equal(colours[k].computed, colours[k].variable, `${theme}: the ${property} of ${selector} is ${variable}`);
      });
      seen.set(theme, colours);
      await page.screenshot({ path: path.join(ARTIFACTS, file) });
    }
    // The light and the dark theme really differ, the right way round: a light page with dark text, and the reverse.
    const light = seen.get('Light Modern')!;
    const dark = seen.get('Dark Modern')!;
    const brightness = (colour: string): number => {
      const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).map(Number);
      return (r + g + b) / (3 * 255);
    };
    THEMED.forEach(([selector, property], k) => assert.notEqual(light[k].computed, dark[k].computed, `${selector} ${property} differs between light and dark`));
    assert.ok(brightness(light[1].computed) > 0.7 && brightness(light[0].computed) < 0.4, `light: background ${light[1].computed}, text ${light[0].computed}`);
    assert.ok(brightness(dark[1].computed) < 0.3 && brightness(dark[0].computed) > 0.6, `dark: background ${dark[1].computed}, text ${dark[0].computed}`);
  });

  it('opens a caption JSON array through "ReWatch: Open in Inspector" in the command palette', async () => {
    await openInInspectorFromPalette(page, 'rewatch-captions.json'); // Quick Open gives the text editor, the default for .json
    const frame = await inspectorFor(page, 'rewatch-captions.json');
    assert.equal(await textOf(frame, 'record-count'), '2 records');
    assert.equal(await textOf(frame, 'malformed-count'), '0 malformed lines');
    assert.match((await frame.locator('.subtitle').textContent()) ?? '', /JSON array/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'inspector-captions.png') });
  });

  it("shows a rollout's O&R breakdown (logged and hand-computed values), red evidence where the observation is made up, and filters by clicking a histogram bar", async () => {
    /*
     * The breakdown of p-green-r2 (position 1) and p-green-r3 (position 2), worked out by hand. Logged: the
     * record's own `rewards` and `reward`. Recomputed, with no judge: r_acc by letter (truth B), r_fmt 1 (one
     * well-formed step and an answer), r_rea as logged (0), r_obs the evidence estimate: the weight of the
     * observation's content words that the caption says in the time the step cites (the observation cites none,
     * so its action's 00:15–00:22, all of it "a green square is shown in the lower right"), colours weighing 2,
     * other words 1;
     * total = r_acc × (1 + r_obs + r_rea) + r_fmt, shown rounded to 3 decimals.
     * - r2 "A purple square with a white star spins in the upper left": purple 2, square 1, white 2, star 1,
     *   spin 1, upper 1, left 1 = 9; the captions say "square" = 1 → r_obs 1/9 ≈ 0.111; total 1 × (1 + 1/9) + 1 ≈ 2.111.
     * - r3 "A red square is shown in the lower right" (answer A): red 2, square 1, lower 1, right 1 = 5; square,
     *   lower, right = 3 → r_obs 0.6; total 0 × (…) + 1 = 1.
     */
    type Shown = Record<'acc' | 'obs' | 'rea' | 'fmt' | 'total', string>;
    const expected: Record<number, { id: string; logged: Shown; recomputed: Shown }> = {
      1: {
        id: 'p-green-r2',
        logged: { acc: '1', obs: '0.2', rea: '0', fmt: '1', total: '2.2' },
        recomputed: { acc: '1', obs: '0.111', rea: '0', fmt: '1', total: '2.111' },
      },
      2: {
        id: 'p-green-r3',
        logged: { acc: '0', obs: '0.4', rea: '0', fmt: '1', total: '1.4' },
        recomputed: { acc: '0', obs: '0.6', rea: '0', fmt: '1', total: '1' },
      },
    };

    await page.goto(server.url([['openFile', server.remoteUri(path.join(workspace, 'rewatch-rollouts.jsonl'))]]));
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60_000 });
    await page.locator('.editor-actions [role=button][aria-label^="Open in Inspector"]').click();
    const frame = await inspectorFor(page, 'rewatch-rollouts.jsonl');
    await frame.locator(row(11)).waitFor();
    for (const position of [1, 2]) {
      await selectSample(frame, position);
      await frame.locator('[data-testid=breakdown][data-state=ready]').waitFor({ timeout: 15_000 });
      const want = expected[position];
      assert.match((await frame.locator(row(position)).textContent()) ?? '', new RegExp(want.id), 'the row is the rollout worked out above');
      for (const rowName of ['logged', 'recomputed'] as const) {
        for (const component of ['acc', 'obs', 'rea', 'fmt', 'total'] as const) {
          const shown = await frame
            .locator(`[data-testid=breakdown-row][data-row=${rowName}] [data-testid=breakdown-value][data-component=${component}]`)
            .textContent();
          assert.equal(shown, want[rowName][component], `${want.id} ${rowName} ${component}`);
        }
      }
    }
    // Record 2 logged a total summed without gating by r_acc.
    assert.match((await frame.locator('[data-testid=mismatch][data-code=total-formula]').textContent()) ?? '', /without gating by r_acc/);

    // The made-up purple square (record 1): its observation and its band on the timeline are red.
    await selectSample(frame, 1);
    await frame.locator('[data-testid=step-card][data-kind=observation] [data-testid=step-score][data-level=bad]').waitFor({ timeout: 15_000 });
    await frame.locator('[data-testid=timeline-band][data-level=bad]').first().waitFor({ timeout: 15_000 });
    await frame.locator('[data-testid=step-card][data-kind=observation] [data-testid=step-score]').click();
    await frame.locator('[data-testid=evidence-word][data-supported=false]', { hasText: 'purple' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'inspector-rewards.png') });

    // The dataset view: the lowest bar of the logged-total histogram holds the one rollout that scored 0.
    await frame.locator('[data-testid=dataset-toggle]').click();
    const bar = frame.locator('[data-testid=histogram][data-column=reward] [data-testid=histogram-bar][data-index="0"]');
    await bar.waitFor({ timeout: 15_000 });
    assert.equal(await bar.getAttribute('data-count'), '1');
    await page.screenshot({ path: path.join(ARTIFACTS, 'inspector-dataset.png') });
    await bar.click();
    await frame.locator('[data-testid=range-chip][data-column=reward]').waitFor();
    await frame.waitForFunction(() => (document.querySelector('[data-testid=record-row][data-position="0"]') as unknown) === null, undefined, {
      timeout: 10_000,
    });
    await frame.locator(row(11)).waitFor({ timeout: 10_000 });
    const rows = frame.locator('[data-testid=record-row]');
    assert.equal(await rows.count(), 1);
    assert.match((await rows.first().textContent()) ?? '', /p-first-r4/);
    // Removing the chip brings the whole list back.
    await frame.locator('[data-testid=range-chip-remove]').click();
    await frame.locator(row(0)).waitFor();
  });

  it("sample-012's made-up purple square is red: judged at the observation's own 00:29, not its action's 00:00–00:30", async () => {
    /*
     * "I see red, green, blue and a purple square at 00:29." 00:29 stands for 00:28–00:30, all of it caption
     * segment 7 ("Only the test pattern is visible until the end."), which has none of red, green, blue, purple,
     * square: support 0.
     */
    await page.goto(server.url([['openFile', server.remoteUri(path.join(workspace, 'rewatch-cot.jsonl'))]]));
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60_000 });
    await page.locator('.editor-actions [role=button][aria-label^="Open in Inspector"]').click();
    const frame = await inspectorFor(page, 'rewatch-cot.jsonl');
    await selectSample(frame, 11);
    const badge = frame.locator('[data-testid=step-card][data-kind=observation] [data-testid=step-score]');
    await frame.locator('[data-testid=step-card][data-kind=observation] [data-testid=step-score][data-level=bad]').waitFor({ timeout: 15_000 });
    assert.equal(await badge.getAttribute('data-score'), '0');
    await badge.click();
    assert.equal(
      await frame.locator('[data-testid=evidence] .evidence-summary').textContent(),
      "Evidence check (heuristic): support 0 · cited times inside the video · judged at the observation's 00:29 · caption segments 7 (100%)",
    );
    assert.equal(await frame.locator('[data-testid=evidence-word][data-supported=false]').count(), 5);
  });

  it('one review queue per mismatch kind on the rollouts: each lists exactly its records, its chip names the kind', async () => {
    /*
     * Read from samples/rewatch-rollouts.jsonl (positions in file order: p-green r1–r4 at 0–3, p-count at 4–7,
     * p-first at 8–11): p-green-r3 logs 1.4 where the formula gives 1; p-count-r4 nests <answer> yet logs
     * r_fmt 1; p-first's four advantages divide by the population std; no r_acc contradicts its answer and no
     * component is out of range.
     */
    const queues: [id: string, name: string, chip: string, positions: number[]][] = [
      ['preset:total-mismatch', 'Logged total ≠ formula', 'chains whose logged total ≠ formula ≥ 1', [2]],
      ['preset:advantage-mismatch', 'Logged advantage ≠ recomputed', 'rollouts whose logged advantage ≠ recomputed ≥ 1', [8, 9, 10, 11]],
      ['preset:fmt-mismatch', 'Logged r_fmt ≠ offline check', 'chains whose logged r_fmt ≠ offline check ≥ 1', [7]],
      ['preset:acc-mismatch', 'Logged r_acc ≠ offline check', 'chains whose logged r_acc ≠ offline check ≥ 1', []],
      ['preset:range-mismatch', 'Logged reward out of range', 'logged rewards out of range ≥ 1', []],
    ];
    await page.goto(server.url([['openFile', server.remoteUri(path.join(workspace, 'rewatch-rollouts.jsonl'))]]));
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60_000 });
    await page.locator('.editor-actions [role=button][aria-label^="Open in Inspector"]').click();
    const frame = await inspectorFor(page, 'rewatch-rollouts.jsonl');
    await frame.locator(row(11)).waitFor();
    const rows = frame.locator('[data-testid=record-row]');
    for (const [id, name, chip, positions] of queues) {
      await frame.locator('[data-testid=queue-menu]').click();
      await frame.locator(`[data-testid=queue-item][data-queue="${id}"]`).click();
      await frame.locator('[data-testid=queue-menu]', { hasText: `Queue: ${name}` }).waitFor();
      await frame.locator('[data-testid=range-chip]', { hasText: chip }).waitFor();
      assert.equal(await frame.locator('[data-testid=range-chip]').count(), 1, `${id}: one chip`);
      // Exactly these rows: each expected one shown, and no row past their number (the list refreshes when scoring lands).
      for (const position of positions) await frame.locator(row(position)).waitFor({ timeout: 30_000 });
      await rows.nth(positions.length).waitFor({ state: 'detached', timeout: 30_000 });
    }
  });

  it('edits a step in the webview, undoes and redoes it with Ctrl+Z / Ctrl+Shift+Z, shows the reward delta and the diff, and saves with Ctrl+S: only that line changes on disk', async () => {
    const { file, lines, frame } = await openCopy('edit-me.jsonl');
    const edited = 'A red square appears between 00:05 and 00:12 in the upper left corner.';

    const observation = frame.locator('[data-testid=step-card][data-kind=observation]').first();
    await observation.hover();
    await observation.locator('[data-testid=card-edit]').click();
    await frame.locator('[data-testid=card-editor]').fill(edited);
    await frame.locator('[data-testid=card-edit-apply]').click();
    await frame.locator('[data-testid=edited-marker]').waitFor({ timeout: 10_000 });
    await frame.locator(`${row(0)} [data-testid=row-edited]`).waitFor({ timeout: 5000 });
    assert.match((await frame.locator('[data-testid=step-card][data-kind=observation]').first().textContent()) ?? '', /upper left corner/);
    // The reward delta of the unsaved edit, before saving.
    await frame.locator('[data-testid=score-delta] [data-testid=delta-row][data-name=evidence]').waitFor({ timeout: 10_000 });
    assert.match((await frame.locator('[data-testid=score-delta]').textContent()) ?? '', /→/);

    // VS Code's own undo and redo, with the focus in the webview (not in a text field).
    await frame
      .locator('[data-testid=sample] h2, [data-testid=sample]')
      .first()
      .click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await frame.locator('[data-testid=edited-marker]').waitFor({ state: 'detached', timeout: 10_000 });
    assert.doesNotMatch((await frame.locator('[data-testid=step-card][data-kind=observation]').first().textContent()) ?? '', /upper left corner/);
    await page.keyboard.press('Control+Shift+z');
    await frame.locator('[data-testid=edited-marker]').waitFor({ timeout: 10_000 });

    // The step-aligned diff against the saved chain: one changed row.
    await frame.locator('[data-testid=tab][data-tab=diff]').click();
    await frame.locator('[data-testid=diff-row][data-status=changed]').waitFor({ timeout: 10_000 });
    assert.equal(await frame.locator('[data-testid=diff-row][data-status=changed]').count(), 1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'inspector-editing.png') });

    // VS Code backs the unsaved edit up for hot exit on its own: the edit log, in the extension's storage.
    const backup = await findFile(path.join(scratch, 'state'), (text) => text.includes('"diskTexts"') && text.includes('upper left corner'), 20_000);
    if (backup === undefined) {
      const recent = fs
        .readdirSync(path.join(scratch, 'state'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && Date.now() - fs.statSync(path.join(e.parentPath, e.name)).mtimeMs < 60_000)
        .map((e) => path.join(e.parentPath, e.name));
      console.log(recent.join('\n'));
      for (const f of recent.filter((f) => /exthost|rewatch/i.test(f) && f.endsWith('.log'))) console.log(f, fs.readFileSync(f, 'utf8').slice(-3000));
    }
    assert.ok(backup !== undefined, 'VS Code asked for a hot-exit backup of the edit');
    assert.ok(fs.statSync(backup).size < 64 * 1024, 'the backup holds the edit log, not the dataset');

    // Ctrl+S saves: the edited line changes on disk, the others are byte-identical.
    await page.keyboard.press('Control+s');
    await whenInFolder(path.dirname(file), () => fs.readFileSync(file, 'utf8').includes('upper left corner'), { signal: AbortSignal.timeout(15_000) });
    const savedLines = fs.readFileSync(file, 'utf8').split('\n');
    assert.ok(savedLines[0].includes(`<observation>${edited}</observation>`), 'the edit is on disk');
    assert.deepEqual(savedLines.slice(1), [...lines.slice(1), ''], 'every other line is byte-identical');
    await frame.locator('[data-testid=edited-marker]').waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('runs the model from an OpenAI-compatible server: a clear error with its buttons while the server is down, then the chain streams (on through the tab being hidden), is scored, diffs and is used as an undoable edit', async () => {
    let { frame } = await openCopy('run-me.jsonl');

    // Nothing listens yet: the failure is shown in the panel, with its fix and buttons.
    await frame.locator('[data-testid=run-model]').click();
    const error = frame.locator('[data-testid=run-panel][data-status=error] [data-testid=run-error]');
    await error.waitFor({ timeout: 30_000 });
    assert.equal(await error.getAttribute('data-code'), 'server-unreachable');
    assert.match((await error.textContent()) ?? '', new RegExp(`127\\.0\\.0\\.1:${modelPort}`));
    assert.deepEqual(
      await error
        .locator('[data-testid=run-fix]')
        .evaluateAll((buttons) => buttons.map((b) => (b as unknown as { dataset: { action: string } }).dataset.action)),
      ['startServer', 'openSettings', 'showLog'],
    );
    // "Show log" opens the Output panel on the extension's channel, which has the failure.
    await error.locator('[data-testid=run-fix][data-action=showLog]').click();
    await page.locator('.part.panel .monaco-editor .view-lines', { hasText: 'server-unreachable' }).first().waitFor({ timeout: 15_000 });

    // The server is up: `r` runs the model again, and the chain streams into the panel.
    // It streams two pieces (the first step's action), then holds the stream until the tab has been hidden and shown.
    const model = await startModelServer({ delayMs: 0, holdAfter: 2, port: modelPort });
    try {
      await frame
        .locator('[data-testid=sample] h2, [data-testid=sample]')
        .first()
        .click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('r');
      await frame.locator('[data-testid=run-panel][data-status=running] [data-testid=run-card]').first().waitFor({ timeout: 30_000 });
      // Hiding the tab drops the webview's content; the host remembers the run and the reloaded webview shows it again.
      await quickOpen(page, 'rewatch-captions.json');
      await page.keyboard.press('Control+PageUp');
      frame = await inspectorFor(page, 'run-me.jsonl');
      await frame.locator('[data-testid=sample][data-position="0"][data-loaded=true]').waitFor({ timeout: 15_000 });
      await frame.locator('[data-testid=run-panel][data-status=running] [data-testid=run-card]').first().waitFor({ timeout: 15_000 });
      model.release();
      await frame.locator('[data-testid=run-panel][data-status=done]').waitFor({ timeout: 30_000 });
      assert.equal(model.bodies.length, 1);
      assert.match(JSON.stringify(model.bodies[0]), /Which coloured square appears first/);
      assert.match((await frame.locator('[data-testid=run-cards]').textContent()) ?? '', /upper middle of the frame/);
      assert.ok((await frame.locator('[data-testid=run-card]').count()) >= 2, 'the streamed chain is parsed into step cards');
      // Its cited time (00:05–00:12) is on the video timeline, and it is scored: format and answer right.
      await frame.locator('[data-testid=timeline-run]:not([hidden])').waitFor({ timeout: 5000 });
      await frame.locator('[data-testid=run-score][data-state=ready]').waitFor({ timeout: 15_000 });
      assert.equal(await frame.locator('[data-testid=run-predicted]').getAttribute('data-score'), '1');
      await page.screenshot({ path: path.join(ARTIFACTS, 'inspector-model-run.png') });

      // One click to the step-aligned diff against the stored chain.
      await frame.locator('[data-testid=run-diff]').click();
      await frame.locator('[data-testid=diff-row]').first().waitFor({ timeout: 10_000 });
      assert.match((await frame.locator('[data-testid=diff-row]').allTextContents()).join(' '), /upper middle of the frame/);

      // "Use this chain" replaces the stored chain as an unsaved edit; Ctrl+Z undoes it.
      await frame.locator('[data-testid=tab][data-tab=sample]').click();
      await frame.locator('[data-testid=run-use]').click();
      await frame.locator('[data-testid=edited-marker]').waitFor({ timeout: 10_000 });
      await frame.locator('[data-testid=step-card][data-kind=observation]', { hasText: 'upper middle of the frame' }).first().waitFor({ timeout: 10_000 });
      await frame
        .locator('[data-testid=sample] h2, [data-testid=sample]')
        .first()
        .click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Control+z');
      await frame.locator('[data-testid=edited-marker]').waitFor({ state: 'detached', timeout: 10_000 });
    } finally {
      await model.close();
    }
  });
});

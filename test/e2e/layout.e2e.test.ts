/**
 * End to end, by element geometry: the Inspector's layout for reading in a real VS Code (code-server)
 * and Chromium, at 1280 × 800, at 1600 × 1000 with the Explorer open, and in a half-width split.
 * The chain and the video are on screen together, the video stays there while the steps scroll, the
 * reward breakdown and the review controls fold to one line (remembered), the list folds to a strip,
 * the Group tab shows four rollouts, and the list's columns resize. Screenshots go to test/e2e/artifacts/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { RunningCodeServer, repoRoot } from '../../tools/codeServer';
import { startInspectorServer, stopInspectorServer, type InspectorServer } from './support/inspectorServer';
import { type Box, boxOf, describeBox, inside, inspectorFor, intersects, openInInspector, row, runCommand, selectSample } from './support/inspectorPage';

const ARTIFACTS = path.join(repoRoot, 'test/e2e/artifacts');

/** The little of the page's DOM the `evaluate` callbacks use (tests compile without the DOM lib). */
interface PageElement {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
}
declare function getComputedStyle(element: unknown): { lineHeight: string; fontSize: string };
declare const document: { documentElement: { clientWidth: number } };
declare const window: { dispatchEvent(event: unknown): boolean };
declare const Event: new (type: string) => unknown;

const CARD = '[data-testid=step-card]';
const VIDEO = 'video[data-testid=video]';

describe('ReWatch Inspector layout for reading (code-server + Chromium, by element geometry)', function () {
  let started: InspectorServer | undefined;
  let server: RunningCodeServer;
  let page: Page;
  let workspace: string;

  before(async function () {
    this.timeout(240_000);
    started = await startInspectorServer('rewatch-layout-e2e-');
    ({ server, workspace } = started);
    page = await started.browser.newPage({ viewport: { width: 1280, height: 800 } });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });

  after(() => stopInspectorServer(started));

  /** The page's viewport as a box. */
  const viewport = (): Box => {
    const size = page.viewportSize();
    if (!size) throw new Error('no viewport');
    return { x: 0, y: 0, width: size.width, height: size.height };
  };

  /** The CoT file in the Inspector with its first sample (which has a video) shown and the video loaded. */
  async function cotWithVideo(): Promise<Frame> {
    const frame = await openInInspector(page, server, path.join(workspace, 'rewatch-cot.jsonl'), 'rewatch-cot.jsonl');
    await frame.locator(row(0)).waitFor();
    await selectSample(frame, 0);
    await frame.locator('[data-testid=video-status][data-state=ready]').waitFor({ timeout: 30_000 });
    await frame.locator(VIDEO).waitFor({ state: 'visible', timeout: 30_000 });
    return frame;
  }

  /**
   * The chain and the video on screen together: the first step card is in the viewport and in the part
   * of the sample column on show, and so is the video; after scrolling to the last card, the video is
   * still wholly in the viewport and the last card is on screen.
   */
  async function assertChainAndVideoTogether(frame: Frame, where: string): Promise<void> {
    const pane = frame.locator('.sample-pane');
    const first = frame.locator(CARD).first();
    const video = frame.locator(VIDEO);
    const [paneBox, firstBox, videoBox] = [await boxOf(pane), await boxOf(first), await boxOf(video)];
    assert.ok(
      intersects(firstBox, viewport()) && intersects(firstBox, paneBox),
      `${where}: first card at ${describeBox(firstBox)}, pane ${describeBox(paneBox)}`,
    );
    assert.ok(intersects(videoBox, viewport()), `${where}: video at ${describeBox(videoBox)}`);
    assert.ok(!intersects(videoBox, firstBox), `${where}: the video (${describeBox(videoBox)}) does not cover the first card (${describeBox(firstBox)})`);

    const cards = await frame.locator(CARD).count();
    assert.ok(cards >= 3, `${where}: the sample has ${cards} cards; the scroll check needs a few`);
    // Scroll the sample column to its end: the last card comes into view, the video must stay.
    await pane.evaluate((element) => {
      const e = element as unknown as PageElement;
      e.scrollTop = e.scrollHeight;
    });
    const last = frame.locator(CARD).last();
    await last.scrollIntoViewIfNeeded();
    const [lastBox, videoAfter, paneAfter] = [await boxOf(last), await boxOf(video), await boxOf(pane)];
    assert.ok(intersects(lastBox, viewport()) && intersects(lastBox, paneAfter), `${where}: last card at ${describeBox(lastBox)}`);
    assert.ok(inside(videoAfter, viewport()), `${where}: after scrolling the steps the video is at ${describeBox(videoAfter)}, outside the viewport`);
    // …and so is its timeline, in the part of the media column on show.
    const timeline = await boxOf(frame.locator('[data-testid=timeline]'));
    const media = await boxOf(frame.locator('.media-pane'));
    assert.ok(
      inside(timeline, viewport()) && inside(timeline, media),
      `${where}: the timeline is at ${describeBox(timeline)}, the media column ${describeBox(media)}`,
    );
    const scrolled = await pane.evaluate((element) => (element as unknown as PageElement).scrollTop);
    assert.ok(scrolled > 0, `${where}: the sample column really scrolled (scrollTop ${scrolled})`);
    await pane.evaluate((element) => void ((element as unknown as PageElement).scrollTop = 0));
  }

  /** One line of the title font, px: its computed line height ("normal": 1.5 × the font size, more than any font's normal). */
  async function lineHeightOf(frame: Frame, selector: string): Promise<number> {
    const { lineHeight, fontSize } = await frame.locator(selector).evaluate((element) => {
      const style = getComputedStyle(element);
      return { lineHeight: style.lineHeight, fontSize: style.fontSize };
    });
    return lineHeight === 'normal' ? 1.5 * parseFloat(fontSize) : parseFloat(lineHeight);
  }

  it('at 1280 × 800 the first step card and the video are on screen together, and the video stays while the steps scroll', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const frame = await cotWithVideo();
    await assertChainAndVideoTogether(frame, '1280 × 800');
    await page.screenshot({ path: path.join(ARTIFACTS, 'layout-1280.png') });
  });

  it('the reward breakdown and the review controls fold to one line, and the list to a narrow strip; all three are remembered', async () => {
    const frame = await inspectorFor(page, 'rewatch-cot.jsonl');
    const breakdown = frame.locator('[data-testid=breakdown]');
    await breakdown.locator('[data-testid=breakdown-toggle]').waitFor();
    const line = await lineHeightOf(frame, '[data-testid=breakdown-title]');
    // Folded (the default): the panel is its title line, 2 + 2 px of padding and 1 + 1 px of border.
    assert.equal(await breakdown.locator('[data-testid=breakdown-toggle]').getAttribute('aria-expanded'), 'false');
    const folded = await boxOf(breakdown);
    assert.ok(folded.height <= line + 6 + 2, `folded breakdown ${folded.height} px high, one line is ${line} px`);
    // Unfolded it is several lines (the logged and recomputed rows, the checks); folded again, one.
    await breakdown.locator('[data-testid=breakdown-toggle]').click();
    const open = await boxOf(breakdown);
    assert.ok(open.height > 3 * line, `unfolded breakdown ${open.height} px high`);
    await breakdown.locator('[data-testid=breakdown-toggle]').click();
    assert.ok((await boxOf(breakdown)).height <= line + 8);

    const review = frame.locator('[data-testid=review-bar]');
    const reviewToggle = review.locator('[data-testid=review-toggle]');
    assert.equal(await reviewToggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await reviewToggle.textContent(), '▸Review: Not reviewed');
    assert.ok((await boxOf(review)).height <= line + 8, 'folded review controls are one line');
    assert.equal(await review.locator('[data-testid=review-option]').first().isVisible(), false);
    // The keyboard unfolds it: focus the toggle, press Enter.
    await reviewToggle.focus();
    await page.keyboard.press('Enter');
    await review.locator('[data-testid=review-option]').first().waitFor({ state: 'visible' });

    // The list folds to a strip by its toggle, reached and pressed with the keyboard.
    const toggle = frame.getByRole('button', { name: 'Fold the sample list to a strip' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    const strip = await boxOf(frame.locator('.list-pane'));
    assert.ok(strip.width <= 40, `the folded list is ${strip.width} px wide`);
    assert.equal(await frame.locator('[data-testid=record-list]').isVisible(), false);
    const unfold = frame.getByRole('button', { name: 'Show the sample list' });
    assert.equal(await unfold.getAttribute('aria-expanded'), 'false');

    // Hidden and shown again (no retainContextWhenHidden: the page is rebuilt from its saved state).
    // The webview saves its state throttled, and at once on pagehide: fire that now rather than wait out the throttle.
    await frame.evaluate(() => window.dispatchEvent(new Event('pagehide')));
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('rewatch-captions.json');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'rewatch-captions.json' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines').first().waitFor();
    await page.keyboard.press('Control+PageUp');
    const again = await inspectorFor(page, 'rewatch-cot.jsonl');
    await again.locator('[data-testid=sample][data-position="0"][data-loaded=true]').waitFor({ timeout: 15_000 });
    assert.ok((await boxOf(again.locator('.list-pane'))).width <= 40, 'the list is still a strip');
    assert.equal(await again.locator('[data-testid=review-toggle]').getAttribute('aria-expanded'), 'true', 'the review controls are still open');
    assert.equal(await again.locator('[data-testid=breakdown-toggle]').getAttribute('aria-expanded'), 'false', 'the breakdown is still folded');
    // Put things back for the next tests: the list shown, the review folded.
    await again.getByRole('button', { name: 'Show the sample list' }).click();
    assert.ok((await boxOf(again.locator('.list-pane'))).width > 200);
    await again.locator('[data-testid=review-toggle]').click();
  });

  it('ids keep their distinguishing end, headers their sort arrow, and columns resize by pointer and keys', async () => {
    const frame = await inspectorFor(page, 'rewatch-cot.jsonl');
    const idHeader = frame.locator('.list-header .hcell[data-column=id]');
    const separator = frame.getByRole('separator', { name: 'Resize the record id column' });
    assert.equal(await separator.getAttribute('aria-valuenow'), '120', 'the id column starts at 120 px');
    // Keys: 3 × ← of 8 px each, from 120 px.
    await separator.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
    assert.equal(await separator.getAttribute('aria-valuenow'), '96');
    assert.ok(Math.abs((await boxOf(idHeader)).width - 96) <= 1, `header cell ${(await boxOf(idHeader)).width} px`);
    // Pointer: drag the separator 30 px to the left (96 − 30 = 66 px).
    const handle = await boxOf(separator);
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + handle.width / 2 - 15, handle.y + handle.height / 2);
    await page.mouse.move(handle.x + handle.width / 2 - 30, handle.y + handle.height / 2);
    await page.mouse.up();
    assert.equal(await separator.getAttribute('aria-valuenow'), '66');
    // At 66 px "sample-001" no longer fits: its head is cut, its end "-001" shown whole; the full id is its title and name.
    const id = frame.locator(`${row(0)} [data-testid=row-id]`);
    assert.equal(await id.getAttribute('title'), 'sample-001');
    assert.equal(await id.getAttribute('aria-label'), 'sample-001');
    const tail = id.locator('.id-tail');
    assert.equal(await tail.textContent(), 'e-001');
    assert.ok(inside(await boxOf(tail), await boxOf(id)), 'the tail is wholly inside its cell');
    const head = id.locator('.id-head');
    const cut = await head.evaluate((element) => {
      const e = element as unknown as { scrollWidth: number; clientWidth: number };
      return e.scrollWidth > e.clientWidth;
    });
    assert.ok(cut, 'the head is the part cut');

    // Sorting by category, then narrowing its column from 130 px to its 40 px minimum (4 × 32 px): the arrow stays inside.
    await frame.locator('.list-header button[data-sort=category]').click();
    const catSeparator = frame.getByRole('separator', { name: 'Resize the question category column' });
    await catSeparator.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowLeft');
    assert.equal(await catSeparator.getAttribute('aria-valuenow'), '40');
    const arrow = frame.locator('.list-header .hcell[data-column=category] [data-testid=sort-arrow]');
    assert.ok(await arrow.isVisible(), 'the sort arrow is shown');
    assert.ok(inside(await boxOf(arrow), await boxOf(frame.locator('.list-header .hcell[data-column=category]'))), 'the arrow lies inside its header cell');
    // Back to the order by position and the initial widths (remembered widths are tested above by the state's unit test).
    await frame.locator('.list-header button[data-sort=position]').click();
  });

  it('at 1600 × 1000 with the Explorer open the chain and the video are on screen together; the Group tab shows 4 rollouts', async () => {
    await page.setViewportSize({ width: 1600, height: 1000 });
    const frame = await cotWithVideo();
    // The Explorer is open beside the editor.
    if (!(await page.locator('.part.sidebar').isVisible())) await runCommand(page, 'View: Show Explorer');
    await page.locator('.part.sidebar .explorer-folders-view').waitFor({ state: 'visible' });
    const sidebar = await boxOf(page.locator('.part.sidebar'));
    assert.ok(sidebar.width >= 170, `the sidebar is ${sidebar.width} px wide`);
    await assertChainAndVideoTogether(frame, '1600 × 1000 with the Explorer open');
    await page.screenshot({ path: path.join(ARTIFACTS, 'layout-1600.png') });

    const rollouts = await openInInspector(page, server, path.join(workspace, 'rewatch-rollouts.jsonl'), 'rewatch-rollouts.jsonl');
    assert.ok(await page.locator('.part.sidebar').isVisible(), 'the Explorer is still open');
    await rollouts.locator(row(0)).waitFor();
    await selectSample(rollouts, 0);
    await rollouts.locator('[data-testid=tab][data-tab=group]').click();
    await rollouts.locator('[data-testid=group-view][data-state=ready]').waitFor({ timeout: 15_000 });
    const members = rollouts.locator('[data-testid=group-member]');
    assert.equal(await members.count(), 4, 'p-green has 4 rollouts');
    const grid = await boxOf(rollouts.locator('.group-grid'));
    for (let i = 0; i < 4; i++) {
      const box = await boxOf(members.nth(i));
      assert.ok(inside(box, grid) && inside(box, viewport()), `rollout ${i + 1} at ${describeBox(box)}, grid ${describeBox(grid)}`);
      assert.ok(box.width >= 80, `rollout ${i + 1} is ${box.width} px wide`);
    }
    const scroll = await rollouts.locator('.group-grid').evaluate((element) => {
      const e = element as unknown as { scrollWidth: number; clientWidth: number };
      return e.scrollWidth - e.clientWidth;
    });
    assert.ok(scroll <= 1, `the group grid needs no sideways scrolling (${scroll} px more)`);
    // A rollout of one completion per record is named by its record, not "completion 1".
    assert.equal(await rollouts.locator('[data-testid=group-member-open]').first().textContent(), '#1');
    await page.screenshot({ path: path.join(ARTIFACTS, 'layout-1600-group.png') });
  });

  it('in a half-width split editor the first step card and the video are on screen together, and the video stays while the steps scroll', async () => {
    await page.setViewportSize({ width: 1600, height: 1000 });
    const frame0 = await cotWithVideo();
    assert.ok(frame0);
    // The Inspector replaced the file's text tab: open a text file beside it and move that into a group on
    // the right, so the Inspector keeps the left half.
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('README.md');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'README.md' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container [role=tab].active', { hasText: 'README.md' }).waitFor();
    await runCommand(page, 'View: Move Editor into Right Group');
    await page.locator('.split-view-view .editor-group-container').nth(1).waitFor();
    const frame = await inspectorFor(page, 'rewatch-cot.jsonl');
    const width = await frame.evaluate(() => document.documentElement.clientWidth);
    const editorPart = await boxOf(page.locator('.part.editor'));
    assert.ok(
      width <= editorPart.width / 2 + 10 && width >= editorPart.width / 2 - 60,
      `the Inspector is ${width} px wide in a ${editorPart.width} px editor area`,
    );
    if ((await frame.locator('[data-testid=sample][data-position="0"][data-loaded=true]').count()) === 0) await selectSample(frame, 0);
    await frame.locator(VIDEO).waitFor({ state: 'visible', timeout: 30_000 });
    await assertChainAndVideoTogether(frame, `a ${width} px split`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'layout-split.png') });
  });
});

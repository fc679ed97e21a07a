/**
 * Helpers for end-to-end tests that drive the Inspector inside code-server: find its webview frame,
 * open a file in it, pick a sample, and read where elements are on the screen.
 */
import type { Frame, Locator, Page } from 'playwright-core';
import { frameWith } from '../../../tools/browser';
import type { RunningCodeServer } from '../../../tools/codeServer';

export const row = (position: number): string => `[data-testid=record-row][data-position="${position}"]`;

/** The frame of the Inspector whose header shows `fileName`, once indexing is done. */
export async function inspectorFor(page: Page, fileName: string): Promise<Frame> {
  const endsWithName = `${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
  return frameWith(page, `main[data-indexed="true"] h1.title:text-matches(${JSON.stringify(endsWithName)})`, 60_000);
}

/** Opens `file` (an absolute path in the workspace) in the text editor, then in the Inspector by the editor title button. */
export async function openInInspector(page: Page, server: RunningCodeServer, file: string, fileName: string): Promise<Frame> {
  await page.goto(server.url([['openFile', server.remoteUri(file)]]));
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60_000 });
  await page.locator('.editor-actions [role=button][aria-label^="Open in Inspector"]').click();
  return inspectorFor(page, fileName);
}

/** Clicks a row of the sample list and waits for the sample view to show it. */
export async function selectSample(frame: Frame, position: number): Promise<void> {
  await frame.locator(row(position)).click();
  await frame.locator(`[data-testid=sample][data-position="${position}"][data-loaded=true]`).waitFor({ timeout: 15_000 });
}

/** Runs a command from the palette by its full label. */
export async function runCommand(page: Page, label: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill(`>${label}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
  await page.keyboard.press('Enter');
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** `locator`'s box in the page's viewport coordinates (frames included); fails when it is not rendered. */
export async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (box === null) throw new Error(`${locator.toString()} is not rendered`);
  return box;
}

/** Whether two boxes share some area (not just an edge). */
export function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Whether `inner` lies inside `outer`, give or take `slack` px on each side. */
export function inside(inner: Box, outer: Box, slack = 1): boolean {
  return (
    inner.x >= outer.x - slack &&
    inner.y >= outer.y - slack &&
    inner.x + inner.width <= outer.x + outer.width + slack &&
    inner.y + inner.height <= outer.y + outer.height + slack
  );
}

export const describeBox = (box: Box): string => `${Math.round(box.x)},${Math.round(box.y)} ${Math.round(box.width)}×${Math.round(box.height)}`;

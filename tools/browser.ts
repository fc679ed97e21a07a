/** Headless Chromium (Debian's) driven by playwright-core, and helpers to reach into webviews. */
import { Browser, Frame, Page, chromium } from 'playwright-core';
import { chromiumPath, requirePrograms } from './systemDeps';

export async function launchChromium(): Promise<Browser> {
  requirePrograms('chromium');
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Waits until some frame (the workbench nests each webview in iframes) has an element matching `selector`. */
export async function frameWith(page: Page, selector: string, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      try {
        if ((await frame.$(selector)) !== null) return frame;
      } catch {
        // frame navigated or detached meanwhile
      }
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`No frame showed ${selector} within ${timeoutMs / 1000} s`);
}

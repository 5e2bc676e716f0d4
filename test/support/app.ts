import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchBrowser, takePageErrors } from './browser';
import { runHost, type RunningHost } from './host';

/** What every end-to-end file needs: one browser, hosts on temp databases that are stopped at the
 *  end, and a check after each test that no page logged an error or broke its CSP. */

export const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');
mkdirSync(SHOTS, { recursive: true });

export function useApp({ allowedErrors = /^$/ }: { allowedErrors?: RegExp } = {}) {
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const hosts: RunningHost[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const h of hosts) await h.stop().catch(() => undefined);
    await browser?.close();
  });
  afterEach(() => {
    expect(takePageErrors().filter((e) => !allowedErrors.test(e))).toEqual([]);
  });
  return {
    browser: () => browser.browser,
    async host(dbPath: string, options?: Parameters<typeof runHost>[1]): Promise<RunningHost> {
      const h = await runHost(dbPath, options);
      hosts.push(h);
      return h;
    },
  };
}

/** Screenshots show the screen, not a passing notification. */
export async function screenshot(page: Page, name: string, fullPage = false) {
  for (const close of await page.locator('.toast-close').all()) await close.click();
  await page.screenshot({ path: join(SHOTS, name), fullPage });
}

/** Copies screenshots the README shows, when asked to (kept out of normal runs). */
export function updateReadmeScreenshots(pairs: Array<[from: string, to: string]>) {
  if (!process.env.UPDATE_README_SCREENSHOTS) return;
  afterAll(() => {
    const dir = join(import.meta.dirname, '..', '..', 'resources', 'screenshots');
    mkdirSync(dir, { recursive: true });
    for (const [from, to] of pairs) copyFileSync(join(SHOTS, from), join(dir, to));
  });
}

/** Creates a blank case from the library (English UI) and waits for its workspace. */
export async function newCase(page: Page, title?: string) {
  await page.getByRole('button', { name: 'New case' }).click();
  const dialog = page.getByRole('dialog');
  if (title) await dialog.getByLabel('Case title').fill(title);
  await dialog.getByRole('button', { name: 'Create case' }).click();
  await expect.poll(() => page.locator('#case-title').textContent()).toBe(title ?? 'Untitled case');
}

export async function saved(page: Page) {
  await expect.poll(() => page.locator('.save').getAttribute('data-state'), { timeout: 10_000 }).toBe('saved');
}

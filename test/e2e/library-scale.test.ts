import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CaseRepo } from '../../electron/backend/case-repo';
import { openDatabase } from '../../electron/backend/database';
import { populate } from '../bench/dataset';
import { launchBrowser, openApp, takePageErrors } from '../support/browser';
import { runHost, type RunningHost } from '../support/host';
import { useTempDir } from '../support/temp';

const CASES = 10_000;
const tempDir = useTempDir();
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let host: RunningHost;
let oldestTitle: string;

beforeAll(async () => {
  const db = join(tempDir(), 'library.sqlite');
  const conn = openDatabase(db, { backupDir: `${db}-backups` });
  let clock = Date.parse('2025-01-01T00:00:00.000Z');
  const repo = new CaseRepo(conn, () => new Date(clock));
  conn.transaction(() => populate(repo, (ms) => (clock = ms), { count: CASES, seed: 7, heavyEvents: 20, startMs: clock }))();
  oldestTitle = (conn.prepare('SELECT title FROM cases WHERE deleted_at IS NULL ORDER BY updated_at ASC, id LIMIT 1').get() as { title: string }).title;
  conn.close();
  host = await runHost(db);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
});

it(`keeps the library responsive with ${CASES.toLocaleString('en')} cases`, async () => {
  const { page, context } = await openApp(browser.browser, host.host.appUrl);
  const started = Date.now();
  await page.locator('.row-title').first().waitFor();
  const firstPaint = Date.now() - started;
  const total = await page.locator('.result-count').textContent();
  expect(total).toMatch(/^9,\d{3} cases$/);

  // Only the rows in view (plus a little overscan) are in the document.
  expect(await page.locator('.case-list li').count()).toBeLessThan(60);

  // Scroll to the very end: the oldest case arrives by paging, not by loading everything.
  const scrollStarted = Date.now();
  await page.locator('.case-list').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await page.getByText(oldestTitle, { exact: true }).waitFor();
  const toEnd = Date.now() - scrollStarted;
  expect(await page.locator('.case-list li').count()).toBeLessThan(60);

  // Search as you type narrows 10,000 titles without a wait the user would notice.
  const searchStarted = Date.now();
  await page.getByRole('searchbox').fill('Delivery');
  await expect.poll(() => page.locator('.result-count').textContent(), { interval: 20 }).not.toBe(total);
  const searched = Date.now() - searchStarted;
  // Every word of every case is searched now: each hit's highlighted words are the one searched for.
  await page.locator('a.hit').first().waitFor();
  for (const mark of await page.locator('a.hit mark').allTextContents()) expect(mark.toLowerCase()).toMatch(/^deliver/);

  console.log(`${CASES} cases: first rows ${firstPaint} ms, scrolled to the oldest ${toEnd} ms, search shown ${searched} ms (includes the 120 ms typing pause)`);
  expect(takePageErrors()).toEqual([]);
  await context.close();
});

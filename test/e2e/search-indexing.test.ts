import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CaseRepo } from '../../electron/backend/case-repo';
import { openDatabase } from '../../electron/backend/database';
import { populate } from '../bench/dataset';
import { screenshot, useApp } from '../support/app';
import { axeViolations, openApp } from '../support/browser';
import { useTempDir } from '../support/temp';

/** A library whose search index must be built again (written by an older builder) opens at once;
 *  search answers from what is indexed so far and says how far the build has got, in both
 *  languages, until the index is complete. */

const CASES = 6000;
const app = useApp();
const tempDir = useTempDir();

it('shows "Building the search index… n of m" while a stale index is built, then the full answer', async () => {
  const path = join(tempDir(), 'library.sqlite');
  const conn = openDatabase(path, { backupDir: `${path}-backups` });
  let clock = Date.parse('2025-01-01T00:00:00.000Z');
  const repo = new CaseRepo(conn, () => new Date(clock));
  conn.transaction(() => populate(repo, (ms) => (clock = ms), { count: CASES, seed: 11, heavyEvents: 5, startMs: clock }))();
  conn.prepare(`UPDATE search_meta SET value = 'older' WHERE key = 'builder'`).run();
  conn.close();

  // The build's steps are held after the first few until both pages have shown its progress, so
  // the test does not race a build that a fast machine finishes before the second page opens.
  const held: (() => void)[] = [];
  let stepsLeft = 3;
  let released = false;
  const scheduleIndexBuild = (run: () => void) => {
    if (released || stepsLeft-- > 0) setImmediate(run);
    else held.push(run);
  };
  const host = await app.host(path, { scheduleIndexBuild });
  const pages = {
    'en-US': { box: 'Search every word of every case', building: /^Building the search index… [\d,]+ of 6,000 cases$/ },
    'zh-CN': { box: '搜索所有案例的全部内容', building: /^正在建立搜索索引… 已完成 [\d,]+ \/ 6,000 个案例$/ },
  } as const;
  const opened = [];
  for (const locale of ['en-US', 'zh-CN'] as const) {
    const text = pages[locale];
    const { page } = await openApp(app.browser(), host.host.appUrl, { locale, bypassCSP: true });
    await page.getByRole('searchbox', { name: text.box }).fill(locale === 'en-US' ? 'delivery' : '配送');
    const status = page.locator('.search-indexing');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(text.building);
    await screenshot(page, `search-indexing-${locale}.png`);
    expect(await axeViolations(page)).toEqual([]);
    opened.push({ page, status });
  }
  // The build goes on between requests; the page asks again until it is done, and the note goes.
  released = true;
  for (const run of held.splice(0)) setImmediate(run);
  for (const { page, status } of opened) {
    await status.waitFor({ state: 'detached', timeout: 120_000 });
    await expect.poll(() => page.locator('a.hit').count()).toBeGreaterThan(0);
    expect(await page.locator('.result-count').textContent()).toMatch(/\d/);
  }
}, 180_000);

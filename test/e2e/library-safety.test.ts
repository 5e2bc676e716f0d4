import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot, useApp } from '../support/app';
import { axeViolations, openApp } from '../support/browser';
import { withConnection } from '../support/backend';
import { makeReadOnlyFolder, READ_ONLY_MEDIA } from '../support/read-only';
import { useTempDir } from '../support/temp';

const app = useApp();
const tempDir = useTempDir();

describe('Save a copy of this library', () => {
  for (const locale of ['en-US', 'zh-CN'] as const) {
    it(`is in Settings and, in a browser, hands the copy over as a download (${locale})`, async () => {
      const h = await app.host(join(tempDir(), 'team.sqlite'));
      const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale, bypassCSP: true });
      const en = locale === 'en-US';
      await page.getByRole('button', { name: en ? 'Load sample cases' : '载入示例案例' }).click();
      await expect.poll(() => page.locator('.row-title').count()).toBe(3);
      for (const close of await page.locator('.toast-close').all()) await close.click();

      await page.getByRole('button', { name: en ? 'Settings' : '设置' }).click();
      const dialog = page.getByRole('dialog');
      const button = dialog.getByRole('button', { name: en ? 'Save a copy' : '保存副本' });
      // Keyboard only: focus the button and press Enter.
      await button.focus();
      const download = page.waitForEvent('download');
      await page.keyboard.press('Enter');
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^team-copy-\d{4}-\d{2}-\d{2}\.sqlite$/);
      const saved = join(tempDir(), 'downloaded.sqlite');
      await file.saveAs(saved);
      expect(withConnection(saved, (c) => [c.pragma('integrity_check', { simple: true }), c.prepare('SELECT count(*) FROM cases').pluck().get()], { readonly: true })).toEqual(['ok', 3]);

      const status = dialog.locator('.library-copy-result');
      await expect.poll(() => status.textContent()).toContain(en ? '3 cases' : '3 个案例');
      // Where the copy is on this machine: the exports folder beside the library.
      expect(await status.locator('code').textContent()).toBe(join(dirname(h.library.dbPath), 'exports', file.suggestedFilename()));
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `library-copy-${locale}.png`);
      await context.close();
    });
  }

  it('refuses a download with the wrong token and a name outside the exports folder', async () => {
    const h = await app.host(join(tempDir(), 'lib.sqlite'));
    const bad = await fetch(`${h.host.url}/download/lib.sqlite`, { method: 'POST', headers: { 'x-causeway-token': 'nope' } });
    expect(bad.status).toBe(401);
    const outside = await fetch(`${h.host.url}/download/..%2Flib.sqlite`, { method: 'POST', headers: { 'x-causeway-token': h.host.token } });
    expect(outside.status).toBe(404);
    const get = await fetch(`${h.host.url}/download/x.sqlite`);
    expect(get.status).toBe(405);
  });
});

describe('an empty library file with backups', () => {
  it('shows the recovery screen with the backups and their case counts, and restores one', async () => {
    const db = join(tempDir(), 'library.sqlite');
    const seeded = await app.host(db);
    const { page: seedPage, context: seedContext } = await openApp(app.browser(), seeded.host.appUrl);
    await seedPage.getByRole('button', { name: 'Load sample cases' }).click();
    await expect.poll(() => seedPage.locator('.result-count').textContent()).toBe('3 cases');
    await seedContext.close();
    expect(seeded.library.backupIfDue()).not.toBeNull();
    await seeded.stop();
    writeFileSync(db, ''); // what a failed copy or a full disk leaves

    const h = await app.host(db);
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { bypassCSP: true });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('The case library cannot be opened');
    expect(await page.locator('.recovery-reason').textContent()).toContain('empty (0 bytes)');
    expect(await page.locator('.backups li').first().textContent()).toContain('3 cases');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'recovery-empty-en.png');
    expect(statSync(db).size).toBe(0);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Restore the newest backup' }).click();
    await expect.poll(() => page.locator('.result-count').textContent()).toBe('3 cases');
    expect(readFileSync(db).subarray(0, 15).toString()).toBe('SQLite format 3');
    await context.close();
  });
});

describe('a periodic backup that failed', () => {
  it('is shown above the library until one succeeds', async () => {
    const h = await app.host(join(tempDir(), 'lib.sqlite'));
    writeFileSync(h.library.backupDir, 'a file where the backup folder should be');
    expect(() => h.library.backupIfDue()).toThrow();
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale: 'zh-CN', bypassCSP: true });
    const banner = page.locator('.backup-failed-banner');
    await expect.poll(() => banner.textContent()).toContain(h.library.backupDir);
    expect(await banner.textContent()).toContain('每分钟重试一次');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'backup-failed-zh-CN.png');
    await context.close();
  });
});

describe.skipIf(!READ_ONLY_MEDIA)('a library on read-only media', () => {
  it('is shown with a read-only notice, and a change is refused with the reason', async () => {
    const source = join(tempDir(), 'source.sqlite');
    const seeded = await app.host(source);
    const { page: seedPage, context: seedContext } = await openApp(app.browser(), seeded.host.appUrl);
    await seedPage.getByRole('button', { name: 'Load sample cases' }).click();
    await expect.poll(() => seedPage.locator('.result-count').textContent()).toBe('3 cases');
    await seedContext.close();
    await seeded.stop();
    const media = join(tempDir(), 'media');
    const undo = makeReadOnlyFolder(media, { 'library.sqlite': source });
    try {
      const h = await app.host(join(media, 'library.sqlite'));
      const { page, context } = await openApp(app.browser(), h.host.appUrl, { bypassCSP: true });
      await expect.poll(() => page.locator('.read-only-banner').textContent()).toContain('This library is read-only');
      await expect.poll(() => page.locator('.result-count').textContent()).toBe('3 cases');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'read-only-en.png');
      await page.getByRole('button', { name: 'New case' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Case title').fill('Cannot be saved');
      await dialog.getByRole('button', { name: 'Create case' }).click();
      await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('Not saved: this library is read-only');
      await context.close();
      await h.stop();
    } finally {
      undo();
    }
  });
});

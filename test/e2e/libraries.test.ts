import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newCase, screenshot, useApp } from '../support/app';
import { axeViolations, openApp } from '../support/browser';
import { useTempDir } from '../support/temp';

const app = useApp();
const tempDir = useTempDir();

describe('libraries', () => {
  for (const locale of ['en-US', 'zh-CN'] as const) {
    it(`creates, names, colours and switches libraries from the header, keyboard only where it matters (${locale})`, async () => {
      const userDataDir = tempDir();
      const h = await app.host(join(userDataDir, 'causeway.sqlite'), { userDataDir });
      const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale, bypassCSP: true });
      const en = locale === 'en-US';
      const badge = page.locator('.library-badge');
      await expect.poll(() => badge.locator('.library-badge-name').textContent()).toBe('causeway');

      // Name the first client's library and give it a colour.
      await badge.click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(en ? 'Library name' : '案例库名称').first().fill('Hotel Lotus');
      await dialog.getByRole('button', { name: en ? 'Rename' : '重命名' }).click();
      await expect.poll(() => badge.locator('.library-badge-name').textContent()).toBe('Hotel Lotus');
      const colours = dialog.getByRole('group', { name: en ? 'Colour' : '颜色' }).first();
      await colours.getByLabel(en ? 'Red' : '红色').check();
      await expect.poll(() => badge.getAttribute('class')).toContain('library-colour-red');
      await dialog.getByRole('button', { name: en ? 'Done' : '完成' }).click();
      if (en) await newCase(page, 'Lotus: lift out of order');

      // A second client: created by name, it opens at once, empty.
      await badge.click();
      const newName = dialog.locator('input[name="new-library-name"]');
      await newName.fill('华东物流');
      await dialog.getByRole('group', { name: en ? 'Colour' : '颜色' }).nth(1).getByLabel(en ? 'Teal' : '青色').check();
      await newName.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => badge.locator('.library-badge-name').textContent()).toBe('华东物流');
      expect(await badge.getAttribute('class')).toContain('library-colour-teal');
      expect(h.library.dbPath).toBe(join(userDataDir, 'libraries', '华东物流.sqlite'));
      await expect.poll(() => page.locator('.row-title').count()).toBe(0);
      await screenshot(page, `libraries-header-${locale}.png`);

      // Back to the first from the recent list.
      await badge.click();
      await expect.poll(() => dialog.locator('.library-recent li').count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `libraries-dialog-${locale}.png`);
      await dialog.getByRole('button', { name: en ? 'Open Hotel Lotus' : '打开 Hotel Lotus' }).click();
      await expect.poll(() => badge.locator('.library-badge-name').textContent()).toBe('Hotel Lotus');
      if (en) await expect.poll(() => page.locator('.row-title').allTextContents()).toEqual(['Lotus: lift out of order']);
      expect(await axeViolations(page)).toEqual([]);

      // A reload keeps the open library's name and colour (kept in the user-data folder).
      await page.reload();
      await expect.poll(() => badge.locator('.library-badge-name').textContent()).toBe('Hotel Lotus');
      expect(await badge.getAttribute('class')).toContain('library-colour-red');
      await context.close();
    });
  }

  it('refuses a duplicate name with a translated message, and opens a typed path', async () => {
    const userDataDir = tempDir();
    const h = await app.host(join(userDataDir, 'causeway.sqlite'), { userDataDir });
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale: 'en-US' });
    const badge = page.locator('.library-badge');
    await expect.poll(() => badge.locator('.library-badge-name').textContent()).toBe('causeway');
    await badge.click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="new-library-name"]').fill('Causeway');
    await dialog.getByRole('button', { name: 'Create library' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toBe('Library name is already used.');
    expect(h.library.dbPath).toBe(join(userDataDir, 'causeway.sqlite'));

    const other = join(tempDir(), 'client-b.sqlite');
    await dialog.locator('input[name="library-path"]').fill(other);
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => badge.locator('.library-badge-name').textContent()).toBe('client-b');
    expect(h.library.dbPath).toBe(other);
    await context.close();
  });
});

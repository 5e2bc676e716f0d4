import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCaseFile } from '../../electron/backend/case-file';
import { CATALOGS } from '../../shared/i18n/catalogs';
import { screenshot, useApp } from '../support/app';
import { axeViolations, openApp } from '../support/browser';
import { useTempDir } from '../support/temp';

const app = useApp();
const tempDir = useTempDir();

/** The titles of the cases a downloaded case file holds, read the way an import reads them. */
async function titlesInFile(path: string): Promise<string[]> {
  return (await openCaseFile(readFileSync(path))).docs.map((d) => d.case.title);
}

describe('selecting cases in the library for "Export cases…"', () => {
  for (const locale of ['en-US', 'zh-CN'] as const) {
    it(`checkboxes, Space, Shift+click, Shift+Space and select-all; the export takes the selection (${locale})`, async () => {
      const lang = locale === 'en-US' ? 'en' : 'zh-CN';
      const T = CATALOGS[lang];
      const h = await app.host(join(tempDir(), 'library.sqlite'));
      const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale, bypassCSP: true });
      // The three sample cases.
      await page.getByRole('button', { name: T.library.loadDemo }).click();
      await expect.poll(() => page.locator('.row-title').count()).toBe(3);
      for (const close of await page.locator('.toast-close').all()) await close.click();

      const titles = await page.locator('.row-title').allTextContents();
      const box = (i: number) => page.getByRole('checkbox', { name: T.caseSelection.row.replace('{{title}}', titles[i]!) });
      const selected = () => page.locator('.row-select:checked').count();

      // Space toggles the focused row's box (keyboard), a click toggles another.
      await box(0).focus();
      await page.keyboard.press('Space');
      await expect.poll(selected).toBe(1);
      await expect.poll(() => page.locator('.selection-bar').textContent()).toContain(lang === 'en' ? '1 case selected' : '已选择 1 个案例');
      await page.keyboard.press('Space');
      await expect.poll(selected).toBe(0);
      await box(0).click();
      // Shift+Space on the third row selects the range from the first.
      await box(2).focus();
      await page.keyboard.down('Shift');
      await page.keyboard.press('Space');
      await page.keyboard.up('Shift');
      await expect.poll(selected).toBe(3);
      // A plain click takes one off; Shift+click puts the range back.
      await box(1).click();
      await expect.poll(selected).toBe(2);
      await box(0).click();
      await box(2).click({ modifiers: ['Shift'] });
      await expect.poll(selected).toBe(3);
      await box(0).click();
      await box(2).click();
      await expect.poll(selected).toBe(1);
      expect(await box(1).isChecked()).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `case-selection-${locale}.png`);

      // Export: the selection is the first choice and the default; the file holds that case only.
      await page.getByRole('button', { name: T.caseFilesUi.exportCases }).click();
      const dialog = page.getByRole('dialog');
      const scope = dialog.getByRole('radio', { name: T.caseSelection.exportScope_one.replace('{{count, number}}', '1') });
      expect(await scope.isChecked()).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `case-selection-export-${locale}.png`);
      const download = page.waitForEvent('download');
      await dialog.getByRole('button', { name: T.caseFilesUi.export, exact: true }).click();
      const file = await download;
      const saved = join(tempDir(), file.suggestedFilename());
      await file.saveAs(saved);
      expect(await titlesInFile(saved)).toEqual([titles[1]]);
      await dialog.getByRole('button', { name: T.caseFilesUi.close }).click();

      // Select-all takes every case the filters find; clearing empties the selection.
      await page.getByRole('button', { name: T.caseSelection.selectAll_other.replace('{{count, number}}', '3') }).click();
      await expect.poll(selected).toBe(3);
      await page.getByRole('button', { name: T.caseSelection.clear }).click();
      await expect.poll(selected).toBe(0);
      expect(await page.getByRole('button', { name: T.caseSelection.clear }).count()).toBe(0);
      await context.close();
    });
  }
});

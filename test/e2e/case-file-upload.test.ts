import { closeSync, openSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_FILE_LIMITS } from '../../shared/domain/case-file';
import { CATALOGS } from '../../shared/i18n/catalogs';
import { screenshot, useApp } from '../support/app';
import { axeViolations, openApp } from '../support/browser';
import { useTempDir } from '../support/temp';

const app = useApp();
const tempDir = useTempDir();

describe('browser mode: importing a case file larger than the upload limit', () => {
  for (const locale of ['en-US', 'zh-CN'] as const) {
    it(`is refused in the page with a translated message, and nothing is read or written (${locale})`, async () => {
      const T = CATALOGS[locale === 'en-US' ? 'en' : 'zh-CN'];
      const h = await app.host(join(tempDir(), 'library.sqlite'));
      const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale, bypassCSP: true });
      // A sparse file just over the limit: nothing is allocated on disk.
      const big = join(tempDir(), 'huge.causeway');
      const fd = openSync(big, 'w');
      ftruncateSync(fd, CASE_FILE_LIMITS.uploadBytes + 1);
      closeSync(fd);
      await page.getByRole('button', { name: T.caseFilesUi.importFile }).click();
      const importer = page.getByRole('dialog');
      await importer.locator('input[type="file"]').setInputFiles(big);
      await expect.poll(() => importer.getByRole('alert').textContent()).toBe(T.caseFilesUi.error.upload_too_large);
      expect(await importer.getByRole('button', { name: T.caseFilesUi.read }).isDisabled()).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `casefile-upload-too-large-${locale}.png`);
      expect(h.library.repo.liveIds()).toEqual([]);
      await context.close();
    });
  }
});

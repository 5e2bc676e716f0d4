import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newCase, screenshot, updateReadmeScreenshots, useApp } from '../support/app';
import { axeViolations, openApp } from '../support/browser';
import { useTempDir } from '../support/temp';
import { withConnection } from '../support/backend';
import { CaseQuery } from '../../shared/domain/case';
import { createDispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import { Library } from '../../electron/backend/library';
import { CATALOGS } from '../../shared/i18n/catalogs';

const app = useApp();
const tempDir = useTempDir();
updateReadmeScreenshots([['libraries-dialog-en-US.png', 'libraries-en.png']]);

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

  it('sends what was typed to the library it was typed in before switching, and nothing of it to the next', async () => {
    const userDataDir = tempDir();
    const h = await app.host(join(userDataDir, 'causeway.sqlite'), { userDataDir });
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale: 'en-US', bypassCSP: true });
    const badge = page.locator('.library-badge');
    const dialog = page.getByRole('dialog');
    await expect.poll(() => badge.locator('.library-badge-name').textContent()).toBe('causeway');
    // A second library on the recent list, then back to the first.
    await badge.click();
    await dialog.locator('input[name="new-library-name"]').fill('Other client');
    await dialog.getByRole('button', { name: 'Create library' }).click();
    await expect.poll(() => badge.locator('.library-badge-name').textContent()).toBe('Other client');
    await badge.click();
    await dialog.getByRole('button', { name: 'Open causeway' }).click();
    await expect.poll(() => badge.locator('.library-badge-name').textContent()).toBe('causeway');
    await newCase(page, 'Typed before switching');

    // Type, and switch at once, before the typing pause is over.
    await page.getByLabel('Problem statement').pressSequentially('The lift stopped between floors', { delay: 5 });
    await badge.click();
    await dialog.getByRole('button', { name: 'Open Other client' }).click();
    await expect.poll(() => badge.locator('.library-badge-name').textContent()).toBe('Other client');
    await expect.poll(() => page.locator('.row-title').count()).toBe(0);
    expect(await page.locator('#case-title').count()).toBe(0);

    const first = join(userDataDir, 'causeway.sqlite');
    const other = join(userDataDir, 'libraries', 'Other-client.sqlite');
    expect(withConnection(first, (c) => c.prepare('SELECT problem FROM cases').pluck().all(), { readonly: true })).toEqual(['The lift stopped between floors']);
    expect(withConnection(other, (c) => c.prepare('SELECT count(*) FROM cases').pluck().get(), { readonly: true })).toBe(0);
    const outbox = await page.evaluate((key) => window.localStorage.getItem(key), `causeway.outbox:${other}`);
    expect(outbox === null || outbox === '[]').toBe(true);
    await context.close();
  });

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

describe('case files between libraries', () => {
  for (const locale of ['en-US', 'zh-CN'] as const) {
    it(`exports a case anonymised and encrypted, imports it into another library and opens it (${locale})`, async () => {
      const lang = locale === 'en-US' ? 'en' : 'zh-CN';
      const T = CATALOGS[lang];
      const userDataDir = tempDir();
      const h = await app.host(join(userDataDir, 'causeway.sqlite'), { userDataDir });
      const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale, bypassCSP: true });
      const badge = page.locator('.library-badge');
      await expect.poll(() => badge.locator('.library-badge-name').textContent()).toBe('causeway');
      await page.getByRole('button', { name: T.library.loadDemo }).click();
      await expect.poll(() => page.locator('.row-title').count()).toBe(3);
      for (const close of await page.locator('.toast-close').all()) await close.click();

      // The sample case with people in it: its reporter, facilitator and participants are real names.
      const summary = h.library.repo.list(CaseQuery.parse({ language: lang })).items.find((c) => c.title === DEMO_TITLE[lang])!;
      const original = h.library.repo.get(summary.id).case;
      const realNames = original.participants.slice(0, 2);
      expect(realNames.length).toBe(2);
      await page.locator('.row-title', { hasText: DEMO_TITLE[lang] }).click();
      await expect.poll(() => page.locator('#case-title').textContent()).toBe(DEMO_TITLE[lang]);

      // Export: anonymised (every hit listed for review) and encrypted (passphrase twice).
      await page.getByRole('button', { name: T.caseFilesUi.exportCase }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('checkbox', { name: T.caseFilesUi.anonymise }).check();
      const rows = dialog.locator('.casefile-hits tbody tr');
      await expect.poll(() => rows.count()).toBeGreaterThan(3);
      const found = await dialog.locator('.casefile-hits tbody mark').allTextContents();
      for (const name of realNames) expect(found).toContain(name);
      await dialog.getByRole('checkbox', { name: T.caseFilesUi.encrypt }).check();
      await dialog.getByLabel(T.caseFilesUi.passphrase, { exact: true }).fill('correct horse battery');
      await dialog.getByLabel(T.caseFilesUi.passphraseAgain).fill('correct horse');
      await dialog.getByRole('button', { name: T.caseFilesUi.export, exact: true }).click();
      await expect.poll(() => dialog.getByRole('alert').textContent()).toBe(T.caseFilesUi.passphraseMismatch);
      await dialog.getByLabel(T.caseFilesUi.passphraseAgain).fill('correct horse battery');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `casefile-export-${locale}.png`);
      const download = page.waitForEvent('download');
      await dialog.getByRole('button', { name: T.caseFilesUi.export, exact: true }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/\.causeway$/);
      const saved = join(tempDir(), file.suggestedFilename());
      await file.saveAs(saved);
      // Encrypted: an age file, the names nowhere in its bytes.
      const bytes = readFileSync(saved);
      expect(bytes.subarray(0, 21).toString('latin1')).toBe('age-encryption.org/v1');
      await dialog.getByRole('button', { name: T.caseFilesUi.close }).click();

      // Another client's library.
      await page.locator('.workspace-head button.link').click();
      await badge.click();
      await page.getByRole('dialog').locator('input[name="new-library-name"]').fill('Client B');
      await page.getByRole('dialog').getByRole('button', { name: T.libraries.createButton }).click();
      await expect.poll(() => badge.locator('.library-badge-name').textContent()).toBe('Client B');
      await expect.poll(() => page.locator('.row-title').count()).toBe(0);
      for (const close of await page.locator('.toast-close').all()) await close.click();

      // Import: a wrong passphrase is refused and writes nothing; the right one shows the preview.
      await page.getByRole('button', { name: T.caseFilesUi.importFile }).click();
      const importer = page.getByRole('dialog');
      await importer.locator('input[type="file"]').setInputFiles(saved);
      await importer.getByLabel(T.caseFilesUi.passphraseImport).fill('wrong');
      await importer.getByRole('button', { name: T.caseFilesUi.read }).click();
      // Each read runs scrypt at age's work factor (a quarter of a gigabyte): seconds on a busy machine.
      await expect.poll(() => importer.getByRole('alert').textContent(), { timeout: 20_000 }).toBe(T.caseFilesUi.error.wrong_passphrase);
      await importer.getByLabel(T.caseFilesUi.passphraseImport).fill('correct horse battery');
      await importer.getByRole('button', { name: T.caseFilesUi.read }).click();
      await expect.poll(() => importer.locator('.casefile-preview tbody tr').count(), { timeout: 20_000 }).toBe(1);
      expect(await importer.locator('.casefile-preview tbody td').first().textContent()).toBe(T.caseFilesUi.comparison.new);
      expect(await importer.getByRole('radio', { name: T.caseFilesUi.modeCopy }).isChecked()).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `casefile-import-${locale}.png`);
      await importer.getByRole('button', { name: T.caseFilesUi.import, exact: true }).click();
      const openButton = importer.locator('.casefile-imported button');
      await expect.poll(() => openButton.count(), { timeout: 20_000 }).toBe(1);
      await openButton.click();
      await expect.poll(() => page.locator('#case-title').textContent()).toBe(DEMO_TITLE[lang]);

      // The pseudonyms are there, the real names are not, in the page and in the library.
      await page.locator('.stepper li').first().locator('button, a').first().click();
      const reporter = await page.getByLabel(T.caseForm.reporter, { exact: true }).inputValue();
      expect(reporter).toMatch(lang === 'en' ? /^Person [A-Z]/ : /^人员[A-Z]/);
      const imported = h.library.repo.list(CaseQuery.parse({ language: lang })).items;
      expect(imported).toHaveLength(1);
      const stored = JSON.stringify(h.library.repo.get(imported[0]!.id));
      for (const name of realNames) expect(stored).not.toContain(name);
      for (const name of realNames) expect(await page.locator('main').textContent()).not.toContain(name);
      expect(h.library.dbPath).toBe(join(userDataDir, 'libraries', 'Client-B.sqlite'));
      await screenshot(page, `casefile-imported-${locale}.png`);
      await context.close();
    });
  }
});

const DEMO_TITLE = { en: 'Singles’ Day promotion: order surge delays deliveries', 'zh-CN': '双十一大促订单激增导致配送延误' } as const;

describe('merging a case file', () => {
  it('shows a case changed on both sides side by side and takes the version chosen', async () => {
    const dir = tempDir();
    const pathA = join(dir, 'a.sqlite');
    const pathB = join(dir, 'b.sqlite');
    // Two libraries that share a case (merged once), then each changed it its own way.
    const backend = (path: string) => {
      const library = new Library(path);
      return { library, dispatch: createDispatch(createHandlers({ library, version: 'test', shell: 'browser' }), { log: () => undefined }) };
    };
    const value = async <T,>(result: unknown): Promise<T> => {
      const r = (await result) as { ok: boolean; value?: T; error?: unknown };
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.value as T;
    };
    const a = backend(pathA);
    const created = await value<{ case: { id: string; revision: number } }>(a.dispatch('cases:create', { language: 'en', title: 'Lift out of order' }));
    const id = created.case.id;
    const first = await value<{ path: string }>(a.dispatch('casefile:export', { caseIds: [id] }));
    const b = backend(pathB);
    await value(b.dispatch('casefile:import', { source: { path: first.path }, mode: 'merge' }));
    await value(a.dispatch('cases:update', { id, revision: created.case.revision, patch: { title: 'Lift out of order (as the hotel says)' } }));
    await value(b.dispatch('cases:update', { id, revision: created.case.revision, patch: { title: 'Lift out of order (as we say)' } }));
    const second = await value<{ path: string }>(a.dispatch('casefile:export', { caseIds: [id] }));
    a.library.close();
    b.library.close();

    const h = await app.host(pathB);
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale: 'en-US', bypassCSP: true });
    await expect.poll(() => page.locator('.row-title').allTextContents()).toEqual(['Lift out of order (as we say)']);
    await page.getByRole('button', { name: 'Import a case file…' }).click();
    const importer = page.getByRole('dialog');
    await importer.locator('input[type="file"]').setInputFiles(second.path);
    await importer.getByRole('button', { name: 'Read the file' }).click();
    await expect.poll(() => importer.locator('.casefile-preview tbody td').first().textContent()).toBe('Changed on both sides');

    await importer.getByRole('radio', { name: /^Merge by id/ }).check();
    const conflict = importer.getByRole('group', { name: 'Keep which version of Lift out of order (as the hotel says)?' });
    expect(await conflict.locator('.casefile-side').allInnerTexts()).toEqual([
      expect.stringContaining('Lift out of order (as we say)'),
      expect.stringContaining('Lift out of order (as the hotel says)'),
    ]);
    // Importing before choosing is refused, and writes nothing.
    await importer.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => importer.getByRole('alert').textContent()).toBe('Choose a version for every case changed on both sides.');
    expect(h.library.repo.get(id).case.title).toBe('Lift out of order (as we say)');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'casefile-conflict-en-US.png');

    await conflict.getByRole('radio', { name: /The file’s/ }).check();
    await importer.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => importer.locator('.casefile-imported button').count()).toBe(1);
    expect(h.library.repo.get(id).case.title).toBe('Lift out of order (as the hotel says)');
    await importer.locator('.casefile-imported button').click();
    await expect.poll(() => page.locator('#case-title').textContent()).toBe('Lift out of order (as the hotel says)');
    await context.close();
  });
});

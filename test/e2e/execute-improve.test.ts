import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CaseQuery } from '../../shared/domain/case';
import { findCause } from '../../shared/domain/fishbone';
import { isOpen, type Action } from '../../shared/domain/plan';
import { saved, screenshot, SHOTS, useApp } from '../support/app';
import { axeViolations, openApp } from '../support/browser';
import type { RunningHost } from '../support/host';
import { useTempDir } from '../support/temp';

const app = useApp();
const tempDir = useTempDir();

const caseIdOf = (page: Page) => /#\/case\/([0-9a-f-]{36})/.exec(page.url())![1]!;

async function openSample(page: Page, language: 'en' | 'zh-CN', title: RegExp) {
  await page.getByRole('button', { name: language === 'en' ? 'Load sample cases' : '载入示例案例' }).click();
  await page.locator('.row-title').first().waitFor();
  await page.getByRole('link', { name: title }).click();
  await page.locator('#case-title').waitFor();
}

/** An open action whose root causes include a confirmed fishbone cause: checking it "not
 *  effective" must send that cause back to investigating. */
function reopenableAction(h: RunningHost, caseId: string): { action: Action; causeId: string } {
  const fishbone = h.library.fishbones.get(caseId).fishbone;
  for (const action of h.library.plans.get(caseId).plan.actions) {
    if (!isOpen(action)) continue;
    for (const ref of action.rootCauses) {
      if (ref.source === 'fishbone' && findCause(fishbone, ref.id)?.cause.status === 'confirmed') return { action, causeId: ref.id };
    }
  }
  throw new Error('No open action with a confirmed fishbone root cause in this sample case.');
}

/** Exports the report in one format from the open export dialog; returns the file's path. */
async function exportAs(page: Page, format: string): Promise<string> {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('radio', { name: format }).check();
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect.poll(() => dialog.locator('.export-saved').count(), { timeout: 60_000 }).toBe(1);
  const shown = (await dialog.locator('.export-path').textContent())!;
  return shown.replace(/^Saved to /, '').trim();
}

describe('steps 4 and 5', () => {
  it('executes the actions, closes the case with a reason, writes the summary and lessons, and exports the report in every format', async () => {
    const dir = tempDir();
    const h = await app.host(join(dir, 'library.sqlite'));
    // The app's CSP stays on here (the accessibility checks, which need it off, are below).
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { viewport: { width: 1360, height: 1000 } });
    await openSample(page, 'en', /Hotel booking system failure/);
    const caseId = caseIdOf(page);
    const { action, causeId } = reopenableAction(h, caseId);
    const planOf = () => h.library.plans.get(caseId).plan;
    const stored = () => planOf().actions.find((a) => a.id === action.id)!;

    await page.getByRole('button', { name: /Execution and feedback/ }).click();
    await page.getByRole('heading', { name: 'Execution and feedback', level: 2 }).waitFor();
    const card = page.locator('.action-card').filter({ has: page.getByRole('heading', { name: action.title }) });
    await card.waitFor();

    // A dated progress note; the date starts at now.
    const progress = card.getByRole('region', { name: /^Progress notes/ });
    await progress.getByRole('button', { name: '+ Add note' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    expect(await progress.getByLabel('Date').inputValue()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    await progress.getByRole('button', { name: 'Add note', exact: true }).click();
    await expect.poll(() => progress.getByRole('alert').textContent()).toBe('Progress note is required.');
    await progress.getByLabel('Progress note').fill('Drill schedule agreed with all three shifts.');
    await progress.getByRole('button', { name: 'Add note', exact: true }).click();
    await saved(page);
    expect(stored().progress.at(-1)!.note).toBe('Drill schedule agreed with all three shifts.');
    const notes = stored().progress.length;

    // Ctrl+Z undoes it (focus is back on the button that opens the form), Ctrl+Shift+Z brings it back.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('+ Add note');
    await page.keyboard.press('Control+z');
    await saved(page);
    expect(stored().progress).toHaveLength(notes - 1);
    await page.keyboard.press('Control+Shift+z');
    await saved(page);
    expect(stored().progress).toHaveLength(notes);

    // Done, then checked: not effective. The backend reopens the linked root cause.
    expect(await card.getByRole('region', { name: /^Effectiveness checks/ }).textContent()).toContain('once the action is done');
    await card.getByLabel('Status').selectOption('done');
    await saved(page);
    expect(stored().status).toBe('done');
    const checks = card.getByRole('region', { name: /^Effectiveness checks/ });
    await checks.getByRole('button', { name: '+ Record check' }).click();
    await checks.getByLabel('Result').selectOption('not_effective');
    await checks.getByLabel('Evidence').fill('Second drill still took 40 minutes to switch to paper.');
    await checks.getByLabel('Checked by').fill('Quality team');
    await checks.getByRole('button', { name: 'Record check' }).click();
    await saved(page);
    expect(stored().checks.at(-1)).toMatchObject({ result: 'not_effective', checkedBy: 'Quality team' });
    await expect.poll(() => findCause(h.library.fishbones.get(caseId).fishbone, causeId)!.cause.status).toBe('investigating');
    await expect.poll(() => checks.getByRole('note').textContent()).toMatch(/root causes this action addresses were reopened/);
    // The card shows the cause as it now stands, read again from the fishbone.
    await expect.poll(() => card.locator(`[data-ref="${causeId}"]`).textContent()).toMatch(/Investigating$/);

    // Customer feedback after the fix.
    const feedback = page.getByRole('region', { name: 'Customer feedback' });
    await feedback.getByLabel('What the customer said').fill('Checked in within five minutes on our second stay.');
    await feedback.getByRole('button', { name: 'Add feedback' }).click();
    await saved(page);
    expect(planOf().feedback.at(-1)!.note).toBe('Checked in within five minutes on our second stay.');

    // Closing with open actions asks why; the reason is kept.
    expect(planOf().actions.some(isOpen)).toBe(true);
    await page.getByRole('button', { name: 'Close the case' }).click();
    const closeDialog = page.getByRole('dialog', { name: 'Close the case with unfinished actions?' });
    await closeDialog.getByRole('button', { name: 'Close the case' }).click();
    await expect.poll(() => closeDialog.getByRole('alert').textContent()).toBe('Reason for closing is required.');
    await closeDialog.getByLabel('Reason for closing').fill('Hotel sold; the new owner takes over the open actions.');
    await closeDialog.getByRole('button', { name: 'Close the case' }).click();
    await saved(page);
    expect(h.library.repo.get(caseId).case).toMatchObject({ status: 'closed', closeReason: 'Hotel sold; the new owner takes over the open actions.' });
    await expect.poll(() => page.locator('.close-reason').textContent()).toBe('Reason for closing: Hotel sold; the new owner takes over the open actions.');

    await page.evaluate(() => window.scrollTo(0, document.querySelector('.stepper')!.getBoundingClientRect().top + window.scrollY - 70));
    await screenshot(page, 'execute-en.png');
    await screenshot(page, 'execute-en-page.png', true);

    // Step 5: summary, a lesson of each kind, an improvement, a follow-up date.
    await page.getByRole('button', { name: /Summary and improvement/ }).click();
    await page.getByRole('heading', { name: 'Summary and improvement', level: 2 }).waitFor();
    const summary = 'Check-in stopped for 2.5 hours after a failed release; paper registration kept guests moving.';
    await page.getByLabel('Summary', { exact: true }).fill(summary);
    const lessons = page.getByRole('region', { name: /^Lessons learned/ });
    await lessons.getByRole('listitem').first().waitFor();
    const lessonsBefore = planOf().lessons.length;
    const newLessons: Array<[string, string]> = [
      ['went_well', 'The paper fallback form was ready at the desk.'],
      ['went_wrong', 'Nobody knew who could roll the release back.'],
      ['got_lucky', 'The failure happened before the evening peak.'],
    ];
    for (const [kind, text] of newLessons) {
      await lessons.getByLabel('Kind', { exact: true }).last().selectOption(kind);
      await lessons.getByLabel('New lesson').fill(text);
      await lessons.getByRole('button', { name: 'Add lesson' }).click();
    }
    const improvements = page.getByRole('region', { name: /^Improvements to standards/ });
    await improvements.getByLabel('Area', { exact: true }).last().selectOption('training');
    await improvements.getByLabel('New improvement').fill('Quarterly fallback drill for every front-desk shift.');
    await improvements.getByRole('button', { name: 'Add improvement' }).click();
    await page.getByLabel('Review date').fill('2027-01-15');
    await saved(page);
    const plan = planOf();
    expect(plan.lessons.slice(lessonsBefore).map((l) => [l.kind, l.text])).toEqual(newLessons);
    expect(plan.improvements.at(-1)).toMatchObject({ area: 'training', text: 'Quarterly fallback drill for every front-desk shift.' });
    const record = h.library.repo.get(caseId).case;
    expect(record.summary).toBe(summary);
    expect(new Date(record.followUpAt!).getDate()).toBe(15);

    // The last lesson moves up and back with the keyboard; its kind changes in place.
    const lastLesson = lessons.getByRole('listitem', { name: `Lesson ${plan.lessons.length}` });
    await lastLesson.getByRole('button', { name: `Move up: Lesson ${plan.lessons.length}` }).click();
    await saved(page);
    expect(planOf().lessons.at(-2)!.text).toBe('The failure happened before the evening peak.');
    await page.keyboard.press('Control+z');
    await saved(page);
    expect(planOf().lessons.at(-1)!.text).toBe('The failure happened before the evening peak.');

    // The live preview shows the summary once it is saved.
    const frame = page.frameLocator('.report-frame iframe');
    await expect.poll(() => frame.locator('body').textContent(), { timeout: 15_000 }).toContain(summary);
    await expect.poll(() => page.locator('.report-frame iframe').getAttribute('title')).toBe('Preview of the report: Five steps, English');
    // The frame inherits the app's CSP: its styles arrive as a constructed sheet, not inline.
    await expect.poll(() => frame.locator('body').evaluate((b) => b.ownerDocument.adoptedStyleSheets.length)).toBe(1);

    // Export every format: the dialog says where each file went.
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export the report' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Report language').inputValue()).toBe('en');
    expect(await dialog.getByRole('radio', { name: 'Five steps' }).isChecked()).toBe(true);
    const files: Record<string, string> = {};
    for (const [format, label] of [
      ['md', 'Markdown'],
      ['html', 'HTML'],
      ['pdf', 'PDF'],
      ['docx', 'Word (DOCX)'],
    ] as const) {
      files[format] = await exportAs(page, label);
      expect(files[format]).toMatch(new RegExp(`\\.${format}$`));
      expect(existsSync(files[format]), files[format]).toBe(true);
      expect(statSync(files[format]).size).toBeGreaterThan(500);
    }
    // Browser mode also offers the last export as a download ("Save as"), the same bytes under the same name.
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download a copy' }).click()]);
    expect(download.suggestedFilename()).toBe(basename(files.docx!));
    expect(download.suggestedFilename()).toMatch(/^Hotel booking system failure.*-report-en-\d{4}-\d{2}-\d{2}\.docx$/);
    const copy = join(dir, 'downloaded.docx');
    await download.saveAs(copy);
    expect(readFileSync(copy).equals(readFileSync(files.docx!))).toBe(true);
    // Markdown escapes only what would change the meaning of the text.
    expect(readFileSync(files.md!, 'utf8').replace(/\\(.)/g, '$1')).toContain(summary);
    expect(readFileSync(files.html!, 'utf8')).toContain('Hotel sold; the new owner takes over the open actions.');
    expect(readFileSync(files.pdf!).subarray(0, 5).toString()).toBe('%PDF-');
    const docx = execFileSync('unzip', ['-p', files.docx!, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const docxText = docx.replace(/<[^>]+>/g, '');
    expect(docxText).toContain(summary);
    expect(docxText).toContain('Quarterly fallback drill for every front-desk shift.');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', files.pdf!, join(SHOTS, 'report-en')]);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // A reload shows the same case: the step's fields, the lists and the kept reason.
    const lessonTexts = await lessons.locator('.entry textarea').evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
    await page.reload();
    await page.getByRole('heading', { name: 'Summary and improvement', level: 2 }).waitFor();
    await expect.poll(() => page.getByLabel('Summary', { exact: true }).inputValue()).toBe(summary);
    expect(await page.getByLabel('Review date').inputValue()).toBe('2027-01-15');
    await expect.poll(() => page.getByRole('region', { name: /^Lessons learned/ }).locator('.entry textarea').evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value))).toEqual(lessonTexts);
    await page.getByRole('button', { name: /Execution and feedback/ }).click();
    await expect.poll(() => page.locator('.close-reason').textContent()).toBe('Reason for closing: Hotel sold; the new owner takes over the open actions.');
    await expect.poll(() => card.locator('.result-badge').last().textContent()).toBe('Not effective');
    await context.close();
  });

  it('has no accessibility violations in steps 4 and 5 and the export dialog', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { bypassCSP: true, viewport: { width: 1360, height: 1000 } });
    await openSample(page, 'en', /Singles/);
    await page.getByRole('button', { name: /Execution and feedback/ }).click();
    await page.locator('.action-card').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // The cancel dialog asks for the reason.
    const card = page.locator('.action-card').filter({ has: page.getByLabel('Status') }).first();
    await card.getByLabel('Status').selectOption('cancelled');
    const cancel = page.getByRole('dialog', { name: 'Cancel this action' });
    await cancel.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await cancel.getByRole('button', { name: 'Keep the action' }).click();
    await page.getByRole('button', { name: /Summary and improvement/ }).click();
    await page.locator('.report-frame iframe').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Export…' }).click();
    await page.getByRole('dialog', { name: 'Export the report' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('marks cases with overdue actions in the library', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { bypassCSP: true });
    await page.getByRole('button', { name: 'Load sample cases' }).click();
    await page.locator('.row-title').first().waitFor();
    const overdue = h.library.repo.list(CaseQuery.parse({})).items.filter((c) => c.overdueActions > 0);
    expect(overdue.length).toBeGreaterThan(0);
    for (const c of overdue) {
      const n = c.overdueActions;
      const row = page.locator('.row').filter({ hasText: c.title });
      // Shown short; read out in full as part of the row's link.
      await expect.poll(() => row.locator('.overdue-badge [aria-hidden="true"]').textContent()).toBe(`${n} overdue`);
      expect(await row.getByRole('link', { name: new RegExp(`${n} actions? overdue`) }).count()).toBe(1);
    }
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('steps 4 and 5 in Chinese', () => {
  it('shows execution, the summary step and a Chinese report, exported to PDF with Chinese text, with no accessibility violations', async () => {
    const dir = tempDir();
    const h = await app.host(join(dir, 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale: 'zh-CN', bypassCSP: true, viewport: { width: 1440, height: 1000 } });
    await openSample(page, 'zh-CN', /酒店预订系统故障/);
    await page.getByRole('button', { name: /执行与反馈/ }).click();
    await page.locator('.action-card').first().waitFor();
    await expect.poll(() => page.locator('.action-card.is-overdue .overdue-badge').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: /总结与改进/ }).click();
    await page.getByRole('heading', { name: '总结与改进', level: 2 }).waitFor();
    const summary = '系统发布失败导致前台 2.5 小时无法办理入住；纸质登记让客人得以入住。';
    await page.getByLabel('总结', { exact: true }).fill(summary);
    await saved(page);
    const frame = page.frameLocator('.report-frame iframe');
    await expect.poll(() => frame.locator('body').textContent(), { timeout: 15_000 }).toContain(summary);
    await page.evaluate(() => window.scrollTo(0, document.querySelector('.stepper')!.getBoundingClientRect().top + window.scrollY - 70));
    await screenshot(page, 'improve-zh-CN.png');
    await screenshot(page, 'improve-zh-CN-page.png', true);
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('.report-panel').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollTo(0, document.querySelector('.report-panel')!.getBoundingClientRect().top + window.scrollY - 70));
    await screenshot(page, 'report-preview-zh-CN.png');

    await page.getByRole('button', { name: '导出…' }).click();
    const dialog = page.getByRole('dialog', { name: '导出报告' });
    expect(await dialog.getByLabel('报告语言').inputValue()).toBe('zh-CN');
    await dialog.getByRole('radio', { name: 'PDF 文档' }).check();
    await dialog.getByRole('button', { name: '导出', exact: true }).click();
    await expect.poll(() => dialog.locator('.export-saved').count(), { timeout: 60_000 }).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    const path = (await dialog.locator('.export-path').textContent())!.replace(/^保存位置：/, '').trim();
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    await screenshot(page, 'report-export-zh-CN.png');
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: '下载副本' }).click()]);
    expect(download.suggestedFilename()).toBe(basename(path));
    expect(download.suggestedFilename()).toMatch(/-report-zh-CN-\d{4}-\d{2}-\d{2}\.pdf$/);
    const copy = join(dir, 'downloaded.pdf');
    await download.saveAs(copy);
    expect(readFileSync(copy).equals(readFileSync(path))).toBe(true);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', path, join(SHOTS, 'report-zh-CN')]);
    // The PDF's text layer holds the Chinese summary.
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    expect(text.replace(/\s+/g, '')).toContain(summary.replace(/\s+/g, ''));
    await context.close();
  });
});

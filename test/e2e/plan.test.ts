import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { rootCauses } from '../../shared/domain/fishbone';
import type { Action, RootCauseRef } from '../../shared/domain/plan';
import { whyRootCauses } from '../../shared/domain/whys';
import { saved, screenshot, useApp } from '../support/app';
import { axeViolations, openApp } from '../support/browser';
import type { RunningHost } from '../support/host';
import { useTempDir } from '../support/temp';

const app = useApp();
const tempDir = useTempDir();

const caseIdOf = (page: Page) => /#\/case\/([0-9a-f-]{36})/.exec(page.url())![1]!;
const actionsOf = (h: RunningHost, page: Page) => h.library.plans.get(caseIdOf(page)).plan.actions;

/** The case's root causes as the step lists them: the fishbone's first, then the 5 Whys'. */
function rootsOf(h: RunningHost, page: Page): Array<{ ref: RootCauseRef; text: string }> {
  const id = caseIdOf(page);
  return [
    ...rootCauses(h.library.fishbones.get(id).fishbone).map(({ cause }) => ({ ref: { source: 'fishbone' as const, id: cause.id }, text: cause.text })),
    ...whyRootCauses(h.library.whys.get(id).analyses).map(({ why }) => ({ ref: { source: 'whys' as const, id: why.id }, text: why.answer })),
  ];
}

/** The end of a day in local time, as the due-date field stores it. */
const endOfDay = (y: number, m: number, d: number) => new Date(y, m - 1, d, 23, 59, 59).toISOString();

const rowTitles = (page: Page) => page.locator('.plan-table tbody .plan-row-title').allTextContents();

/** Opens the hotel sample: its plan leaves one root cause without an action. */
async function openSample(page: Page, language: 'en' | 'zh-CN') {
  await page.getByRole('button', { name: language === 'en' ? 'Load sample cases' : '载入示例案例' }).click();
  await page.locator('.row-title').first().waitFor();
  await page.getByRole('link', { name: language === 'en' ? /Hotel booking system/ : /酒店预订系统/ }).click();
  await page.getByRole('button', { name: language === 'en' ? /Solution design/ : /制定方案/ }).click();
  await page.locator('.plan-root-list').waitFor();
  await page.locator('.plan-table').waitFor();
}

const MINE = 'Keep a printed guest list ready for every shift';

describe('Solution design', () => {
  it('plans an action for an uncovered root cause, edits, links, sorts, filters, reorders, shows the matrix, cancels with a reason and undoes; the same after a reload', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { viewport: { width: 1440, height: 1000 } });
    page.on('dialog', (d) => void d.accept());
    await openSample(page, 'en');

    // Every root cause is listed with how many actions address it; the ones without are flagged.
    const roots = rootsOf(h, page);
    const initial = actionsOf(h, page);
    const live = initial.filter((a) => a.status !== 'cancelled');
    const countFor = (ref: RootCauseRef) => live.filter((a) => a.rootCauses.some((r) => r.source === ref.source && r.id === ref.id)).length;
    const uncovered = roots.filter((r) => countFor(r.ref) === 0);
    expect(uncovered.length).toBeGreaterThanOrEqual(1);
    expect(roots.length).toBeGreaterThan(uncovered.length);
    const region = page.getByRole('region', { name: /Root causes and their actions/ });
    const items = region.getByRole('listitem');
    await expect.poll(() => items.count()).toBe(roots.length);
    for (const [i, root] of roots.entries()) {
      const text = (await items.nth(i).textContent())!;
      expect(text).toContain(root.text);
      if (countFor(root.ref) === 0) expect(text).toContain('Uncovered');
      else expect(text).toMatch(new RegExp(`${countFor(root.ref)} actions?`));
    }
    expect(await region.textContent()).toContain(`${uncovered.length} of ${roots.length} root causes ${uncovered.length === 1 ? 'has' : 'have'} no action yet.`);
    expect(await rowTitles(page)).toEqual(initial.map((a) => a.title));

    // Plan an action for the uncovered one: the title field takes focus; an empty title is refused in place.
    const target = roots.indexOf(uncovered[0]!);
    const other = roots.findIndex((_, i) => i !== target);
    await items.nth(target).getByRole('button', { name: 'Plan an action for it' }).click();
    const titleField = page.getByLabel('Title of the new action');
    await expect.poll(() => titleField.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Title is required.' }).count()).toBe(1);
    expect(actionsOf(h, page)).toEqual(initial);
    await page.keyboard.type(MINE);
    await page.keyboard.press('Enter');
    await saved(page);
    let mine = actionsOf(h, page).at(-1)!;
    expect(mine).toMatchObject({ title: MINE, kind: 'corrective', status: 'planned', rootCauses: [roots[target]!.ref] });
    await expect.poll(() => items.nth(target).textContent()).toContain('1 action');
    expect(await items.nth(target).textContent()).not.toContain('Uncovered');
    const n = initial.length + 1;

    // Fill the fields in the editor beside the table, each saved as the field is left.
    const editor = page.getByRole('region', { name: `Action ${n}`, exact: true });
    await expect.poll(() => editor.getByRole('heading').evaluate((el) => el === document.activeElement)).toBe(true);
    await editor.getByLabel('Description', { exact: true }).fill('Printed at every shift change, kept at the front desk.');
    await editor.getByLabel('Owner', { exact: true }).fill('Night duty manager');
    await editor.getByLabel('Due date', { exact: true }).fill('2031-05-20');
    await editor.getByLabel('Priority', { exact: true }).selectOption('high');
    await editor.getByLabel('Impact', { exact: true }).selectOption('high');
    await editor.getByLabel('Effort', { exact: true }).selectOption('low');
    await editor.getByLabel('Expected effect, feasibility and resources', { exact: true }).fill('Check-in goes on by hand within minutes; one printer per desk.');
    await editor.getByLabel('Type', { exact: true }).selectOption('preventive');
    // A second root cause, linked from the checkbox list.
    await editor.getByRole('checkbox', { name: new RegExp(`^RC${other + 1} ${escapeRe(roots[other]!.text)}`) }).check();
    await saved(page);
    mine = actionsOf(h, page).at(-1)!;
    expect(mine).toMatchObject({
      description: 'Printed at every shift change, kept at the front desk.',
      owner: 'Night duty manager',
      dueAt: endOfDay(2031, 5, 20),
      priority: 'high',
      impact: 'high',
      effort: 'low',
      expectedEffect: 'Check-in goes on by hand within minutes; one printer per desk.',
      kind: 'preventive',
      rootCauses: [roots[target]!.ref, roots[other]!.ref],
    });
    const row = page.locator(`.plan-table tr[data-id="${mine.id}"]`);
    expect(await row.textContent()).toMatch(new RegExp(`Preventive.*Night duty manager.*May 20, 2031.*High.*High.*Low.*Planned.*RC${target + 1}.*RC${other + 1}`));

    // Sort by title (A–Z, then Z–A), by due date, and back to the plan's order.
    const titles = actionsOf(h, page).map((a) => a.title);
    const byTitle = [...titles].sort(new Intl.Collator('en', { sensitivity: 'base', numeric: true }).compare);
    const titleHeader = page.getByRole('columnheader', { name: 'Action' });
    await titleHeader.getByRole('button').click();
    expect(await titleHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await rowTitles(page)).toEqual(byTitle);
    await titleHeader.getByRole('button').click();
    expect(await titleHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await rowTitles(page)).toEqual([...byTitle].reverse());
    await page.getByRole('columnheader', { name: 'Due' }).getByRole('button').click();
    expect(await titleHeader.getAttribute('aria-sort')).toBeNull();
    expect(await page.getByRole('columnheader', { name: 'Due' }).getAttribute('aria-sort')).toBe('ascending');
    const dated = actionsOf(h, page).filter((a) => a.dueAt !== null);
    expect((await rowTitles(page)).slice(0, dated.length)).toEqual(
      [...dated].sort((a, b) => Date.parse(a.dueAt!) - Date.parse(b.dueAt!)).map((a) => a.title),
    );
    // Filters: by text (title or owner) and by type.
    await page.getByRole('searchbox', { name: 'Filter by title or owner' }).fill('night duty');
    expect(await rowTitles(page)).toEqual([MINE]);
    await expect.poll(() => page.getByRole('search').textContent()).toContain(`Showing 1 of ${n} actions`);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('search').getByLabel('Type').selectOption('containment');
    const containment = actionsOf(h, page).filter((a) => a.kind === 'containment');
    expect(await rowTitles(page)).toEqual(
      [...containment].sort((a, b) => (a.dueAt === null ? 1 : b.dueAt === null ? -1 : Date.parse(a.dueAt) - Date.parse(b.dueAt))).map((a) => a.title),
    );
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('columnheader', { name: 'No.' }).getByRole('button').click();
    expect(await rowTitles(page)).toEqual(titles);

    // Reorder with Alt+Up on the new row, and back down with its button.
    const ids = actionsOf(h, page).map((a) => a.id);
    await row.getByRole('button', { name: MINE, exact: true }).focus();
    await page.keyboard.press('Alt+ArrowUp');
    await saved(page);
    expect(actionsOf(h, page).map((a) => a.id)).toEqual([...ids.slice(0, -2), mine.id, ids.at(-2)]);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(MINE);
    await page.getByRole('button', { name: `Move down: No. ${n - 1}: ${MINE}` }).click();
    await saved(page);
    expect(actionsOf(h, page).map((a) => a.id)).toEqual(ids);

    // The matrix: the new action is a quick win; its button selects it.
    await page.getByRole('button', { name: 'Matrix', exact: true }).click();
    await page.getByRole('region', { name: 'Impact / effort matrix' }).waitFor();
    const quickWins = page.getByRole('group', { name: /^Quick wins \(Impact: High, Effort: Low\), \d+ actions?$/ });
    expect(await page.locator('.plan-table').count()).toBe(0);
    const first = actionsOf(h, page)[0]!;
    await page.locator('.plan-matrix-action').filter({ hasText: first.title }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Action 1', exact: true }).count()).toBe(1);
    await quickWins.getByRole('button', { name: new RegExp(MINE) }).click();
    await expect.poll(() => page.getByRole('region', { name: `Action ${n}`, exact: true }).count()).toBe(1);
    const highHigh = actionsOf(h, page).filter((a) => a.impact === 'high' && a.effort === 'high');
    expect(await page.getByRole('group', { name: /^Major projects/ }).getByRole('button').count()).toBe(highHigh.length);
    // The arrow keys move between the actions of neighbouring cells.
    await quickWins.getByRole('button').first().focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.closest('.plan-cell')?.getAttribute('aria-label'))).toMatch(/^Worth the effort/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowLeft');
    expect(await page.evaluate(() => document.activeElement?.closest('.plan-cell')?.getAttribute('aria-label'))).toMatch(/^Quick wins/);
    await page.getByRole('button', { name: 'Table', exact: true }).click();

    // Escape closes the editor and gives focus back to the action's row; Enter opens it again.
    await editor.getByRole('heading').focus();
    await page.keyboard.press('Escape');
    expect(await editor.count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(MINE);
    await page.keyboard.press('Enter');
    await editor.waitFor();

    // Cancel the new action: the reason is asked for, and required.
    await editor.getByLabel('Status', { exact: true }).selectOption('cancelled');
    const reason = editor.getByLabel('Reason for cancelling', { exact: true });
    await expect.poll(() => reason.evaluate((el) => el === document.activeElement)).toBe(true);
    await editor.getByRole('button', { name: 'Cancel the action' }).click();
    await expect.poll(() => editor.getByRole('alert').textContent()).toBe('Reason for cancelling is required.');
    expect(actionsOf(h, page).at(-1)!.status).toBe('planned');
    await reason.fill('The new check-in system prints the list itself');
    await editor.getByRole('button', { name: 'Cancel the action' }).click();
    await saved(page);
    expect(actionsOf(h, page).at(-1)).toMatchObject({ status: 'cancelled', cancelReason: 'The new check-in system prints the list itself' });
    expect(await row.textContent()).toContain('Cancelled');
    // A cancelled action does not cover its root cause.
    await expect.poll(() => items.nth(target).textContent()).toContain('Uncovered');

    // Undo (Ctrl+Z on the status field) brings the action back to planned; redo cancels it again.
    await editor.getByLabel('Status', { exact: true }).focus();
    await page.keyboard.press('Control+z');
    await saved(page);
    expect(actionsOf(h, page).at(-1)).toMatchObject({ status: 'planned', cancelReason: '' });
    await page.keyboard.press('Control+Shift+z');
    await saved(page);
    expect(actionsOf(h, page).at(-1)).toMatchObject({ status: 'cancelled', cancelReason: 'The new check-in system prints the list itself' });
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await saved(page);
    expect(actionsOf(h, page).at(-1)!.status).toBe('planned');

    // Remove (after confirming) and undo: the action comes back whole.
    const before = actionsOf(h, page);
    await editor.getByRole('button', { name: 'Remove action' }).click();
    await saved(page);
    expect(actionsOf(h, page)).toEqual(initial);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await saved(page);
    expect(actionsOf(h, page)).toEqual(before);

    // A countermeasure idea becomes an action.
    await page.getByRole('button', { name: 'Add as action' }).first().click();
    await saved(page);
    expect(actionsOf(h, page).at(-1)).toMatchObject({ title: 'Empower front-line staff', kind: 'preventive' });

    // After a reload: the same plan, shown the same.
    const stored: Action[] = actionsOf(h, page);
    const shown = await rowTitles(page);
    const coverage = await items.allTextContents();
    await page.reload();
    await page.locator('.plan-table').waitFor();
    expect(await rowTitles(page)).toEqual(shown);
    expect(await page.getByRole('region', { name: /Root causes and their actions/ }).getByRole('listitem').allTextContents()).toEqual(coverage);
    expect(actionsOf(h, page)).toEqual(stored);

    // Each root cause leads back to where it was found.
    const lastRoot = roots.at(-1)!;
    await items.last().getByRole('button', { name: 'Show in the analysis' }).click();
    await expect.poll(() => page.url()).toMatch(/\/analyse$/);
    await expect.poll(() => page.locator(`#tool-tab-${lastRoot.ref.source}`).getAttribute('aria-selected')).toBe('true');
    await context.close();
  });
});

describe('Solution design screens', () => {
  for (const [locale, language] of [
    ['zh-CN', 'zh-CN'],
    ['en-US', 'en'],
  ] as const) {
    it(`shows the plan of a sample case in ${language}, with no accessibility violations`, async () => {
      const h = await app.host(join(tempDir(), 'library.sqlite'));
      const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale, bypassCSP: true, viewport: { width: 1440, height: 1000 } });
      await openSample(page, language);
      const en = language === 'en';
      const region = page.getByRole('region', { name: en ? /Root causes and their actions/ : /根本原因与对应措施/ });
      const uncovered = region.getByRole('listitem').filter({ hasText: en ? 'Uncovered' : '尚无措施' });
      expect(await uncovered.count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);

      // An action open in its editor, under its row, beside the flagged root cause: the screenshot.
      await page.locator('.plan-table .plan-row-title').nth(3).click();
      const opened = page.getByRole('region', { name: en ? 'Action 4' : '措施 4', exact: true });
      await opened.waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `plan-${language}.png`, true);
      await opened.getByRole('button', { name: en ? 'Close' : '收起' }).click();
      expect(await opened.count()).toBe(0);

      // Plan an action for the uncovered root cause: the inline form, then the editor.
      await uncovered.getByRole('button', { name: en ? 'Plan an action for it' : '为它制定措施' }).click();
      await page.getByLabel(en ? 'Title of the new action' : '新措施的标题').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.type(en ? 'Keep a printed guest list ready for every shift' : '每班备好纸质客人名单');
      await page.keyboard.press('Enter');
      const editor = page.getByRole('region', { name: en ? /^Action \d+$/ : /^措施 \d+$/ });
      await editor.getByLabel(en ? 'Owner' : '负责人', { exact: true }).fill(en ? 'Night duty manager' : '夜班值班经理');
      await editor.getByLabel(en ? 'Due date' : '截止日期', { exact: true }).fill('2031-05-20');
      await editor.getByLabel(en ? 'Impact' : '影响', { exact: true }).selectOption('high');
      await editor.getByLabel(en ? 'Effort' : '投入', { exact: true }).selectOption('low');
      await editor.getByRole('heading').focus();
      await saved(page);
      expect(await page.locator('.plan-table tbody tr.plan-row').last().textContent()).toContain(en ? 'May 20, 2031' : '2031年5月20日');
      expect(await uncovered.count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole('button', { name: en ? 'Matrix' : '矩阵', exact: true }).click();
      await page.getByRole('group', { name: en ? /^Quick wins/ : /^快速见效/ }).getByRole('button').first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.evaluate(() => window.scrollTo(0, document.querySelector('.plan-actions')!.getBoundingClientRect().top + window.scrollY - 90));
      await screenshot(page, `plan-matrix-${language}.png`);

      // Cancelling asks for the reason in both languages.
      await editor.getByLabel(en ? 'Status' : '状态', { exact: true }).selectOption('cancelled');
      await editor.getByLabel(en ? 'Reason for cancelling' : '取消原因', { exact: true }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    });
  }
});

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

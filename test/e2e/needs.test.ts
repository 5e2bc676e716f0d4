import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newCase, saved, screenshot, SHOTS, updateReadmeScreenshots, useApp } from '../support/app';
import { axeViolations, openApp } from '../support/browser';
import { useTempDir } from '../support/temp';

const app = useApp();
const tempDir = useTempDir();
updateReadmeScreenshots([
  ['needs-zh-CN.png', 'needs-zh-CN.png'],
  ['kano-chart-en.png', 'kano-en.png'],
]);

const caseIdOf = (page: Page) => /#\/case\/([0-9a-f-]{36})/.exec(page.url())![1]!;

describe('step 1: customer needs and KANO', () => {
  it('adds a need, classifies it by answer pairs and directly, with undo, in English', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { bypassCSP: true, viewport: { width: 1360, height: 1000 } });
    await newCase(page, 'Refund refused at the counter');
    const caseId = caseIdOf(page);
    const section = page.getByRole('region', { name: /^Customer needs/ });
    await section.getByText('No customer needs yet.').waitFor();

    // An empty need is refused with a translated message and nothing is stored.
    await section.getByRole('button', { name: 'Add need' }).click();
    await expect.poll(() => section.getByRole('alert').textContent()).toBe('A customer need is required.');
    expect(h.library.needs.get(caseId).needs).toEqual([]);

    // Added from the keyboard: type, Enter.
    await section.getByLabel('A customer need').fill('Call me back the same day');
    await section.getByLabel('A customer need').press('Enter');
    const need = section.getByRole('listitem', { name: 'Need 1' });
    await need.waitFor();
    await saved(page);
    expect(h.library.needs.get(caseId).needs).toMatchObject([{ text: 'Call me back the same day', kano: null, met: false, answers: [] }]);
    await expect.poll(() => need.locator('.need-result').textContent()).toBe('Not classified yet: choose a category or record answers.');

    // Two answer pairs: neutral / dislike is must-be, like / dislike one-dimensional; the tie goes to must-be.
    await need.getByText('Answers (0)').click();
    await need.getByLabel('Who answered (optional)').fill('Ms Zhang');
    await need.getByLabel('If the need is met, how do you feel?').selectOption('neutral');
    await need.getByLabel('If it is not met, how do you feel?').selectOption('dislike');
    await expect.poll(() => need.locator('.pair-preview').textContent()).toBe('Category: Must-be (M)');
    await need.getByRole('button', { name: 'Record answer' }).click();
    await need.getByLabel('If the need is met, how do you feel?').selectOption('like');
    await need.getByRole('button', { name: 'Record answer' }).click();
    await expect.poll(() => need.locator('.need-result').textContent()).toBe('Category: Must-be (M), from 2 answers · Better 0.50 · Worse -1.00 A must-be need this case failed');
    await saved(page);
    const stored = h.library.needs.get(caseId).needs[0]!;
    expect(stored.answers.map((a) => [a.functional, a.dysfunctional, a.respondent])).toEqual([
      ['neutral', 'dislike', 'Ms Zhang'],
      ['like', 'dislike', ''],
    ]);
    expect(await need.locator('.answers-table tbody tr').allTextContents()).toEqual([
      'Ms ZhangI am neutralI dislike itMust-be (M)✕',
      'AnonymousI like itI dislike itOne-dimensional (O)✕',
    ]);

    // Classified directly, the choice wins; Ctrl+Z takes it back, Ctrl+Shift+Z brings it again.
    await need.getByLabel('KANO category').selectOption('A');
    await expect.poll(() => need.locator('.need-result strong').textContent()).toBe('Category: Attractive (A)');
    await saved(page);
    expect(h.library.needs.get(caseId).needs[0]!.kano).toBe('A');
    await need.getByLabel('KANO category').press('Control+z');
    await expect.poll(() => need.locator('.need-result strong').textContent()).toBe('Category: Must-be (M), from 2 answers');
    await saved(page);
    expect(h.library.needs.get(caseId).needs[0]!.kano).toBeNull();
    await need.getByLabel('KANO category').press('Control+Shift+z');
    await saved(page);
    expect(h.library.needs.get(caseId).needs[0]!.kano).toBe('A');
    await need.getByLabel('KANO category').selectOption('');

    // Met: the must-be flag goes.
    await need.getByLabel('This case met the need').check();
    await saved(page);
    expect(h.library.needs.get(caseId).needs[0]!.met).toBe(true);
    expect(await need.locator('.need-badge').count()).toBe(0);
    await need.getByLabel('This case met the need').uncheck();
    await saved(page);

    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'needs-en.png');
    expect(await axeViolations(page)).toEqual([]);

    // Reloaded, everything is read back.
    await page.reload();
    await page.getByRole('listitem', { name: 'Need 1' }).locator('.need-result').waitFor();
    await expect.poll(() => page.getByRole('listitem', { name: 'Need 1' }).locator('.need-result strong').textContent()).toBe('Category: Must-be (M), from 2 answers');
    await context.close();
  });

  it('shows the sample needs and records an answer, in Chinese', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale: 'zh-CN', bypassCSP: true, viewport: { width: 1360, height: 1000 } });
    await page.getByRole('button', { name: '载入示例案例' }).click();
    await page.locator('.row-title').first().waitFor();
    await page.getByRole('link', { name: /酒店预订系统故障/ }).click();
    await page.locator('#case-title').waitFor();
    const caseId = caseIdOf(page);
    // A sample case opens on the step it is at: step 1 is one click away.
    await page.getByRole('button', { name: /问题识别/ }).click();
    const section = page.getByRole('region', { name: /^客户需求（换位思考）/ });
    const first = section.getByRole('listitem', { name: '需求 1' });
    await first.waitFor();
    await expect.poll(() => first.locator('.need-result').textContent()).toBe('类别：基本需求（M） 本案未满足的基本需求');
    const second = section.getByRole('listitem', { name: '需求 2' });
    await expect.poll(() => second.locator('.need-result').textContent()).toBe('类别：基本需求（M），依据 2 份回答 · 满意系数 Better 0.00 · 不满系数 Worse -1.00 本案未满足的基本需求');

    // One more answer: 我很喜欢 / 我很不喜欢 is 期望需求 (O).
    await second.getByLabel('如果满足了这条需求，您觉得如何？').selectOption('like');
    await second.getByLabel('如果没有满足，您觉得如何？').selectOption('dislike');
    await expect.poll(() => second.locator('.pair-preview').textContent()).toBe('类别：期望需求（O）');
    await second.getByRole('button', { name: '记录回答' }).click();
    await expect.poll(() => second.locator('.need-result strong').textContent()).toBe('类别：基本需求（M），依据 3 份回答');
    await saved(page);
    expect(h.library.needs.get(caseId).needs[1]!.answers.at(-1)).toMatchObject({ functional: 'like', dysfunctional: 'dislike' });

    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'needs-zh-CN.png');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('customer needs across cases: the KANO Better / Worse chart', () => {
  it.each(['en', 'zh-CN'] as const)('draws the needs of the sample cases, marks failed must-be needs, has a table, and a row opens its cases (%s)', async (language) => {
    const en = language === 'en';
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale: en ? 'en-US' : 'zh-CN', bypassCSP: true, viewport: { width: 1360, height: 1000 } });
    await page.getByRole('button', { name: en ? 'Load sample cases' : '载入示例案例' }).click();
    await page.locator('.row-title').first().waitFor();
    await page.getByRole('button', { name: en ? 'Insights' : '洞察' }).click();
    const section = page.locator('#insights-kano');
    await section.getByRole('heading', { name: en ? 'KANO: customer needs' : 'KANO：客户需求', level: 2 }).waitFor();
    await expect
      .poll(() => section.locator('.result-count').textContent())
      .toBe(en ? '7 needs in 3 cases; 4 must-be needs failed.' : '3 个案例中的 7 条需求；4 条基本需求未被满足。');
    // Drawn as SVG, the failed must-be needs labelled on the drawing.
    const canvas = section.locator('.insights-chart-canvas svg');
    await canvas.waitFor();
    await expect.poll(() => canvas.locator('text').allTextContents()).toEqual(expect.arrayContaining([en ? 'Must-be' : '基本需求', en ? 'One-dimensional' : '期望需求']));
    // Each failed must-be need is labelled (a long one shortened with an ellipsis).
    const texts = await canvas.locator('text').allTextContents();
    for (const start of en ? ['Delivered on the', 'Tell me the new', 'Check in to the', 'What we asked for'] : ['按承诺的时间送达', '延误时主动告知', '到店即可入住', '签约时提出的需求']) {
      expect(texts.some((text) => text.startsWith(start))).toBe(true);
    }
    for (const close of await page.locator('.toast-close').all()) await close.click();
    await section.screenshot({ path: join(SHOTS, `kano-chart-${language}.png`) });
    expect(await axeViolations(page)).toEqual([]);

    // The table view, from the keyboard: every need, a button per row for its cases.
    const tableButton = section.getByRole('button', { name: en ? 'Show as table' : '以表格显示' });
    await tableButton.focus();
    await page.keyboard.press('Enter');
    const informed = en ? 'Tell me the new arrival time when it is late' : '延误时主动告知我新的到达时间';
    const row = section.getByRole('row', { name: new RegExp(informed) });
    await row.waitFor();
    expect(await section.locator('tbody tr').count()).toBe(7);
    // Answers M, M, O, M and M, M: Better 1/6, Worse -6/6.
    expect(await row.locator('td').allTextContents()).toEqual(expect.arrayContaining([en ? 'Must-be (M)' : '基本需求（M）', '0 / 1 / 5 / 0 / 0 / 0', '0.17', '-1.00', '2']));
    expect(await axeViolations(page)).toEqual([]);
    await row.getByRole('button').click();
    const cases = section.getByRole('region', { name: en ? `Cases naming “${informed}”` : `提到“${informed}”的案例` });
    // The chart names only a few cases per point: the whole list comes from kano:drill when opened.
    await expect.poll(() => cases.locator('.result-count').textContent()).toBe(en ? '2 cases name this need.' : '2 个案例提到这个需求。');
    expect(await cases.getByRole('link').count()).toBe(2);
    await cases.scrollIntoViewIfNeeded();
    await section.screenshot({ path: join(SHOTS, `kano-cases-${language}.png`) });
    expect(await axeViolations(page)).toEqual([]);
    await cases.getByRole('link').first().click();
    await page.locator('#case-title').waitFor();
    await page.getByRole('region', { name: en ? /^Customer needs/ : /^客户需求/ }).getByRole('listitem').first().waitFor();
    await context.close();
  });
});

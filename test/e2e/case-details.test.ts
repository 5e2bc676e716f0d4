import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { defaultCaseFields } from '../../shared/domain/case';
import { defaultCauseFields, type Fishbone } from '../../shared/domain/fishbone';
import { defaultActionFields } from '../../shared/domain/plan';
import { saved, screenshot, useApp } from '../support/app';
import { axeViolations, openApp } from '../support/browser';
import type { RunningHost } from '../support/host';
import { useTempDir } from '../support/temp';

/** The smaller things a real case needed: template prompts as guidance, "Ask why" from the
 *  outline, the side panel and the 5-Whys tab with focus on the new analysis, analyses told apart,
 *  step 2's view kept over a reload, and the library's title order and tag filter. */

const app = useApp();
const tempDir = useTempDir();

const caseIdOf = (page: Page) => /#\/case\/([0-9a-f-]{36})/.exec(page.url())![1]!;
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { tag: el?.tagName ?? '', name: el?.getAttribute('aria-label') ?? el?.getAttribute('name') ?? '', id: el?.dataset.id ?? '' };
  });

/** The app opened (its token taken), then at an address inside it, as a link or a reload would. */
async function openAt(h: RunningHost, hash: string, options: { bypassCSP?: boolean; locale?: 'en-US' | 'zh-CN' } = {}) {
  const opened = await openApp(app.browser(), h.host.appUrl, options);
  await opened.page.locator('h1').first().waitFor();
  await opened.page.goto(`${h.host.url}/${hash}`);
  return opened;
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A case with a fishbone of one category and two causes, stored directly. */
function caseWithCauses(h: RunningHost) {
  const caseId = h.library.repo.create({ ...defaultCaseFields('Refunds paid twice'), problem: 'Refunds were paid twice to 40 customers.' }).case.id;
  const causes = [
    { ...defaultCauseFields('Refund approved in two systems'), id: uuid(11), children: [] },
    { ...defaultCauseFields('No reconciliation after the switch'), id: uuid(12), children: [] },
  ];
  const fishbone: Fishbone = { effect: null, template: null, orientation: 'head_right', categories: [{ id: uuid(1), label: 'Process', templateKey: null, causes }] };
  h.library.fishbones.apply(caseId, { type: 'replace', fishbone });
  return { caseId, causes };
}

describe('a case from a template', () => {
  for (const locale of ['en-US', 'zh-CN'] as const) {
    it(`shows the template's prompts as guidance, stores none of them, and focuses the new case (${locale})`, async () => {
      const h = await app.host(join(tempDir(), 'library.sqlite'));
      const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale, bypassCSP: true });
      const zh = locale === 'zh-CN';
      await page.getByRole('button', { name: zh ? '新建案例' : 'New case' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('radio', { name: zh ? /跨部门/ : /Cross-department/ }).check();
      await dialog.getByRole('button', { name: zh ? '创建案例' : 'Create case' }).click();
      await page.locator('.problem-step').waitFor();

      // Focus is on the new case's title, not on the page body.
      await expect.poll(() => focused(page)).toMatchObject({ tag: 'INPUT', name: 'title' });
      const problem = page.locator('textarea[name="problem"]');
      expect(await problem.inputValue()).toBe('');
      const guidance = page.locator('.field .guidance');
      await expect.poll(() => guidance.count()).toBe(3);
      expect(await guidance.first().textContent()).toContain(zh ? '哪个需求或信息在部门之间丢失' : 'Which requirement or piece of information was lost');
      // The guidance describes its field for a screen reader.
      const describedBy = (await problem.getAttribute('aria-describedby')) ?? '';
      expect(describedBy.split(' ')).toContain(await guidance.first().getAttribute('id'));

      const stored = h.library.repo.get(caseIdOf(page)).case;
      expect(stored).toMatchObject({ problem: '', customerExperience: '', customerImpact: '', templateId: 'cross_department' });

      // The new fields: reference number and notes, saved as typed.
      await page.getByLabel(zh ? '案例编号' : 'Reference number').fill('INC-2026-0415');
      await page.getByLabel(zh ? '备注' : 'Notes', { exact: true }).fill(zh ? '客户要求书面说明' : 'Customer asked for a written explanation');
      await saved(page);
      expect(h.library.repo.get(caseIdOf(page)).case).toMatchObject({ reference: 'INC-2026-0415' });
      await screenshot(page, `template-guidance-${locale}.png`, true);
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    });
  }
});

describe('Ask why', () => {
  it('from the fishbone outline with Shift+F10, focus on the new analysis; from the side panel the same', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const { caseId, causes } = caseWithCauses(h);
    const { page, context } = await openAt(h, `#/case/${caseId}/analyse/fishbone/outline`);
    const tree = page.getByRole('tree', { name: 'Fishbone outline' });
    await tree.waitFor();
    await tree.locator(`[data-id="${causes[0]!.id}"]`).click();
    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu');
    await menu.waitFor();
    expect(await menu.getAttribute('aria-label')).toContain('Refund approved in two systems');
    await screenshot(page, 'outline-menu-en.png');
    for (let i = 0; i < 12 && (await page.evaluate(() => document.activeElement?.textContent)) !== 'Ask why'; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');

    await expect.poll(() => page.getByRole('tab', { name: '5 Whys' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => focused(page)).toMatchObject({ name: '5-Whys editor' });
    // Focus is on the new analysis's question: Tab answers it.
    await page.keyboard.press('Tab');
    await page.keyboard.type('Both systems accept the same refund');
    await page.keyboard.press('Enter');
    await saved(page);
    let analyses = h.library.whys.get(caseId).analyses;
    expect(analyses.map((a) => [a.startCauseId, a.whys.map((w) => w.answer)])).toEqual([[causes[0]!.id, ['Both systems accept the same refund']]]);

    // From the side panel, in the fishbone's outline.
    await page.getByRole('tab', { name: 'Fishbone' }).click();
    await tree.waitFor();
    await tree.locator(`[data-id="${causes[1]!.id}"]`).click();
    await page.locator('.cause-panel').getByRole('button', { name: 'Ask why' }).click();
    await expect.poll(() => focused(page)).toMatchObject({ name: '5-Whys editor' });
    await page.keyboard.press('Tab');
    await page.keyboard.type('Nobody owned the old system');
    await page.keyboard.press('Enter');
    await saved(page);
    analyses = h.library.whys.get(caseId).analyses;
    expect(analyses.map((a) => a.startCauseId)).toEqual([causes[0]!.id, causes[1]!.id]);
    expect(analyses[1]!.whys.map((w) => w.answer)).toEqual(['Nobody owned the old system']);
    await context.close();
  });

  it('from the 5-Whys tab; analyses are numbered, and the view and the open analysis survive a reload', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const { caseId, causes } = caseWithCauses(h);
    const { page, context } = await openAt(h, `#/case/${caseId}/analyse/whys`, { bypassCSP: true });
    const picker = page.getByRole('group', { name: 'Analyses' });
    await picker.waitFor();
    await picker.getByRole('button', { name: /New analysis of the problem/ }).click();
    await expect.poll(() => focused(page)).toMatchObject({ name: '5-Whys editor' });
    await picker.getByRole('button', { name: /New analysis of the problem/ }).click();
    await picker.getByLabel('Fishbone cause').selectOption(causes[1]!.id);
    await picker.getByRole('button', { name: 'Ask why' }).click();
    await expect.poll(() => focused(page)).toMatchObject({ name: '5-Whys editor' });
    await saved(page);
    const analyses = h.library.whys.get(caseId).analyses;
    expect(analyses.map((a) => a.startCauseId)).toEqual([null, null, causes[1]!.id]);

    // Two analyses of the problem no longer look the same.
    const labels = await picker.locator('button[aria-pressed]').allTextContents();
    expect(labels).toEqual([
      '1. Refunds were paid twice to 40 customers.',
      '2. Refunds were paid twice to 40 customers.',
      '3. From the fishbone: No reconciliation after the swi…',
    ]);

    // Each analysis's exports have a name of their own.
    const download = page.waitForEvent('download');
    await page.getByRole('toolbar', { name: '5-Whys tools' }).getByRole('button', { name: 'SVG image' }).click();
    expect((await download).suggestedFilename()).toBe('Refunds paid twice-whys-3.svg');

    // The second analysis, as an outline: the address says so, and a reload keeps it.
    await picker.getByRole('button', { name: /^2\. / }).click();
    await page.getByRole('toolbar', { name: '5-Whys tools' }).getByRole('button', { name: 'Outline', exact: true }).click();
    await page.getByRole('tree', { name: '5-Whys outline' }).waitFor();
    await expect.poll(() => page.url()).toContain(`/analyse/whys/${analyses[1]!.id}/outline`);
    await page.reload();
    await page.getByRole('tree', { name: '5-Whys outline' }).waitFor();
    expect(await picker.getByRole('button', { name: /^2\. / }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('tab', { name: '5 Whys' }).getAttribute('aria-selected')).toBe('true');

    // The 5-Whys outline opens its menu with Shift+F10 too.
    await page.getByRole('tree', { name: '5-Whys outline' }).locator(`[data-id="${analyses[1]!.id}"]`).click();
    await page.keyboard.press('Shift+F10');
    await page.getByRole('menu').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('menu').count()).toBe(0);
    await screenshot(page, 'whys-numbered-en.png');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('the library', () => {
  it('sorts titles A-Z in pinyin in Chinese (春 before 探) and filters tags in any case and by part', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    for (const [title, tags] of [
      ['探店服务投诉', ['客服']],
      ['春节配送延误', ['Logistics']],
      ['安装预约失约', []],
    ] as const) {
      h.library.repo.create({ ...defaultCaseFields(title), tags: [...tags] });
    }
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale: 'zh-CN' });
    await expect.poll(() => page.locator('.row-title').count()).toBe(3);
    await page.getByLabel('排序').selectOption('title_asc');
    // an (安) < chun (春) < tan (探); by code point 探 (U+63A2) came before 春 (U+6625).
    await expect.poll(() => page.locator('.row-title').allTextContents()).toEqual(['安装预约失约', '春节配送延误', '探店服务投诉']);
    await page.getByLabel('标签').fill('logi');
    await expect.poll(() => page.locator('.row-title').allTextContents()).toEqual(['春节配送延误']);
    await screenshot(page, 'library-pinyin-zh-CN.png');
    await context.close();
  });
});

describe('fields a real case needed', () => {
  for (const locale of ['en-US', 'zh-CN'] as const) {
    it(`takes a touchpoint of the organisation's own and offers it on the next case (${locale})`, async () => {
      const h = await app.host(join(tempDir(), 'library.sqlite'));
      const zh = locale === 'zh-CN';
      const first = h.library.repo.create(defaultCaseFields('Booking lost')).case.id;
      const second = h.library.repo.create(defaultCaseFields('Booking lost again')).case.id;
      const { page, context } = await openAt(h, `#/case/${first}/identify`, { bypassCSP: true, locale });
      const touchpoint = page.getByLabel(zh ? '接触点 / 客户旅程阶段' : /^Touchpoint/);
      await touchpoint.waitFor();
      await touchpoint.selectOption('__new__');
      const own = page.getByLabel(zh ? '自定义接触点' : 'Your own touchpoint');
      await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toBe('own-touchpoint');
      await own.fill('x'.repeat(61));
      // Too long: said so, and nothing is saved.
      await expect.poll(() => page.locator('.field-error').count()).toBeGreaterThan(0);
      expect(h.library.repo.get(first).case.touchpoint).toBeNull();
      await own.fill('小程序预约');
      await saved(page);
      expect(h.library.repo.get(first).case.touchpoint).toBe('小程序预约');
      await screenshot(page, `own-touchpoint-${locale}.png`);
      expect(await axeViolations(page)).toEqual([]);

      await page.goto(`${h.host.url}/#/case/${second}/identify`);
      await touchpoint.waitFor();
      await touchpoint.selectOption('own:小程序预约');
      await saved(page);
      expect(h.library.repo.get(second).case.touchpoint).toBe('小程序预约');
      await context.close();
    });
  }

  it('takes votes as a number and a root cause\'s stop reason in words in the side panels', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const { caseId, causes } = caseWithCauses(h);
    const { page, context } = await openAt(h, `#/case/${caseId}/analyse/fishbone/outline`, { bypassCSP: true });
    const tree = page.getByRole('tree', { name: 'Fishbone outline' });
    await tree.waitFor();
    await tree.locator(`[data-id="${causes[0]!.id}"]`).click();
    const votes = page.getByLabel('Number of votes');
    await votes.fill('-3');
    await votes.press('Enter');
    await expect.poll(() => page.locator('.cause-panel').textContent()).toContain('Number of votes must be a whole number from 0 to 1,000,000.');
    expect(h.library.fishbones.get(caseId).fishbone.categories[0]!.causes[0]!.votes).toBe(0);
    await votes.fill('12');
    await votes.press('Enter');
    await saved(page);
    expect(h.library.fishbones.get(caseId).fishbone.categories[0]!.causes[0]!.votes).toBe(12);
    await screenshot(page, 'votes-number-en.png');

    await page.locator('.cause-panel').getByRole('button', { name: 'Ask why' }).click();
    await expect.poll(() => focused(page)).toMatchObject({ name: '5-Whys editor' });
    await page.keyboard.press('Tab');
    await page.keyboard.type('Retries were set to one');
    await page.keyboard.press('Enter');
    await saved(page);
    const whyId = h.library.whys.get(caseId).analyses[0]!.whys[0]!.id;
    await page.locator(`.react-flow__node[data-id="${whyId}"]`).click();
    await page.getByRole('checkbox', { name: 'This is a root cause' }).check();
    const note = page.getByLabel('Reason in words');
    await note.fill('The retry count is ours to change');
    await note.press('Enter');
    await saved(page);
    expect(h.library.whys.get(caseId).analyses[0]!.whys[0]).toMatchObject({ isRootCause: true, stopReason: 'controllable', stopNote: 'The retry count is ours to change' });
    await screenshot(page, 'stop-note-en.png');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('step 2 in Chinese', () => {
  it('numbers the analyses, offers Ask why in the outline menu, the panel and the 5-Whys tab, with no axe violations', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const { caseId, causes } = caseWithCauses(h);
    const { page, context } = await openAt(h, `#/case/${caseId}/analyse/fishbone/outline`, { bypassCSP: true, locale: 'zh-CN' });
    const tree = page.getByRole('tree', { name: '鱼骨图大纲' });
    await tree.waitFor();
    await tree.locator(`[data-id="${causes[1]!.id}"]`).click();
    await page.keyboard.press('Shift+F10');
    await page.getByRole('menuitem', { name: '追问为什么' }).waitFor();
    await screenshot(page, 'outline-menu-zh-CN.png');
    await page.getByRole('menuitem', { name: '追问为什么' }).click();
    await expect.poll(() => focused(page)).toMatchObject({ name: '5个为什么编辑器' });
    const picker = page.getByRole('group', { name: '分析' });
    await picker.getByRole('button', { name: /针对问题新建分析/ }).click();
    await saved(page);
    expect(await picker.locator('button[aria-pressed]').allTextContents()).toEqual([
      '分析 1：来自鱼骨图：No reconciliation after the swi…',
      '分析 2：Refunds were paid twice to 40 customers.',
    ]);
    await screenshot(page, 'whys-numbered-zh-CN.png');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('step 4', () => {
  it('marks an action blocked, and it stays among the open ones (zh-CN)', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const caseId = h.library.repo.create(defaultCaseFields('短信服务商接口故障')).case.id;
    const actionId = uuid(21);
    h.library.plans.apply(caseId, { type: 'addAction', index: 0, action: { ...defaultActionFields('更换短信服务商'), id: actionId, status: 'in_progress', progress: [], checks: [] } });
    const { page, context } = await openAt(h, `#/case/${caseId}/execute`, { bypassCSP: true, locale: 'zh-CN' });
    const status = page.locator('.action-status select');
    await status.waitFor();
    await status.selectOption('blocked');
    await saved(page);
    expect(h.library.plans.get(caseId).plan.actions[0]!.status).toBe('blocked');
    expect(await status.locator('option:checked').textContent()).toBe('受阻');
    await expect.poll(() => page.locator('.execution-step, main').first().textContent()).toContain('未完成：1');
    await screenshot(page, 'blocked-action-zh-CN.png');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { refKey, type RootCauseRef } from '../../shared/domain/plan';
import { coveredRootCauses, distinctRootCauses, rootCauseIndex, rootCausePlaces } from '../../shared/domain/root-causes';
import { saved, screenshot, SHOTS, useApp } from '../support/app';
import { axeViolations, openApp } from '../support/browser';
import type { RunningHost } from '../support/host';
import { useTempDir } from '../support/temp';

/** A root cause is one thing wherever it was found. The hotel sample marks the pool limit as a root
 *  cause on the fishbone and again at the end of a 5-Whys chain, in (nearly) the same words: step 2
 *  offers to merge them; merged, it is listed once in step 2 with both places, counted and covered
 *  once in step 3, and has one status on an action card in step 4. */

const app = useApp();
const tempDir = useTempDir();

const TEXT = {
  en: {
    sample: 'Load sample cases',
    hotel: /Hotel booking system/,
    analyse: /Cause analysis/,
    design: /Solution design/,
    execute: /Execution and feedback/,
    roots: /^Root causes \(/,
    offers: 'Possibly the same root cause',
    merge: 'Same root cause',
    undo: 'Undo',
    pool: 'Pool limit never raised as rooms were added',
    poolWhy: 'The pool limit was never raised as rooms were added',
    separate: 'Separate again',
    show: 'Show where it was found',
    coverage: /Root causes and their actions/,
  },
  'zh-CN': {
    sample: '载入示例案例',
    hotel: /酒店预订系统/,
    analyse: /原因分析/,
    design: /制定方案/,
    execute: /执行与反馈/,
    roots: /^根本原因 \(/,
    offers: '可能是同一个根本原因',
    merge: '是同一个根本原因',
    undo: '撤销',
    pool: '连接池上限多年没随房量调整',
    poolWhy: '连接池上限多年没随房量调整',
    separate: '重新分开',
    show: '查看出处',
    coverage: /根本原因与对应措施/,
  },
} as const;

const caseIdOf = (page: Page) => /#\/case\/([0-9a-f-]{36})/.exec(page.url())![1]!;

/** The sample's places of the pool-limit root cause, read from the library. */
function poolPlaces(h: RunningHost, caseId: string, language: keyof typeof TEXT): RootCauseRef[] {
  const places = rootCausePlaces(h.library.fishbones.get(caseId).fishbone, h.library.whys.get(caseId).analyses);
  return places.filter((p) => p.text === TEXT[language].pool || p.text === TEXT[language].poolWhy).map((p) => p.ref);
}

/** Element screenshots show the screen, not a passing notification. */
async function closeToasts(page: Page) {
  for (const close of await page.locator('.toast-close').all()) await close.click();
}

const stepButton = (page: Page, name: RegExp) => page.locator('nav').getByRole('button', { name }).first();

describe('one root cause found by both tools', () => {
  for (const [locale, language] of [
    ['en-US', 'en'],
    ['zh-CN', 'zh-CN'],
  ] as const) {
    it(`is merged in step 2 and then listed once, covered once and shown with one status in ${language}`, async () => {
      const T = TEXT[language];
      const h = await app.host(join(tempDir(), 'library.sqlite'));
      const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale, bypassCSP: true, viewport: { width: 1280, height: 1000 } });
      await page.getByRole('button', { name: T.sample }).click();
      await page.locator('.row-title').first().waitFor();
      await page.getByRole('link', { name: T.hotel }).click();
      await stepButton(page, T.analyse).click();
      const caseId = caseIdOf(page);
      const [fishbonePlace, whyPlace] = poolPlaces(h, caseId, language);
      expect(fishbonePlace?.source).toBe('fishbone');
      expect(whyPlace?.source).toBe('whys');

      // Before: the two places are two root causes, and the pair is offered to merge.
      const list = page.locator('.root-cause-list > li');
      await list.first().waitFor();
      const before = await list.count();
      expect(before).toBe(rootCausePlaces(h.library.fishbones.get(caseId).fishbone, h.library.whys.get(caseId).analyses).length);
      const offers = page.getByRole('region', { name: T.offers });
      const offer = offers.getByRole('listitem').filter({ hasText: T.poolWhy }).filter({ hasText: T.pool });
      await offer.waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await closeToasts(page);
      await offers.scrollIntoViewIfNeeded();
      await offers.screenshot({ path: join(SHOTS, `root-causes-offer-${language}.png`) });

      // Merge with the mouse, undo, and merge again with the keyboard.
      await offer.getByRole('button', { name: T.merge }).click();
      await saved(page);
      await expect.poll(() => list.count()).toBe(before - 1);
      expect(h.library.rootCauses.get(caseId).links).toEqual([{ a: fishbonePlace, b: whyPlace, same: true }]);
      await page.getByRole('region', { name: T.roots }).getByRole('button', { name: T.undo }).click();
      await saved(page);
      await expect.poll(() => list.count()).toBe(before);
      expect(h.library.rootCauses.get(caseId).links).toEqual([]);
      await offer.getByRole('button', { name: T.merge }).focus();
      await page.keyboard.press('Enter');
      await saved(page);
      await expect.poll(() => list.count()).toBe(before - 1);
      expect(await offer.count()).toBe(0);

      // Listed once, with both places, each leading back to where it was found.
      const merged = page.locator(`.root-cause-list > li[data-key="${refKey(fishbonePlace!)}"]`);
      expect(await merged.locator('.root-cause-place').count()).toBe(2);
      expect(await merged.getByRole('button', { name: T.show }).count()).toBe(2);
      expect(await merged.getByRole('button', { name: T.separate }).count()).toBe(2);
      expect(await page.getByRole('region', { name: T.roots }).locator('h3').textContent()).toContain(`(${before - 1})`);
      expect(await axeViolations(page)).toEqual([]);
      await closeToasts(page);
      await page.locator('.root-causes').scrollIntoViewIfNeeded();
      await page.locator('.root-causes').screenshot({ path: join(SHOTS, `root-causes-step2-${language}.png`) });

      // Separated again (one undoable step), then merged back by undo.
      await merged.getByRole('button', { name: T.separate }).nth(1).click();
      await saved(page);
      await expect.poll(() => list.count()).toBe(before);
      expect(h.library.rootCauses.get(caseId).links).toEqual([]);
      await page.getByRole('region', { name: T.roots }).getByRole('button', { name: T.undo }).click();
      await saved(page);
      await expect.poll(() => list.count()).toBe(before - 1);

      // Any two root causes can be said to be the same, whatever their words: chosen, then merged.
      const last = list.last();
      const lastKey = (await last.getAttribute('data-key'))!;
      const firstKey = (await list.first().getAttribute('data-key'))!;
      await last.getByRole('combobox').selectOption(firstKey);
      await last.getByRole('button', { name: T.merge }).click();
      await saved(page);
      await expect.poll(() => list.count()).toBe(before - 2);
      expect(h.library.rootCauses.get(caseId).links.filter((l) => l.same && [l.a, l.b].some((r) => refKey(r) === lastKey) && [l.a, l.b].some((r) => refKey(r) === firstKey))).toHaveLength(1);
      await page.getByRole('region', { name: T.roots }).getByRole('button', { name: T.undo }).click();
      await saved(page);
      await expect.poll(() => list.count()).toBe(before - 1);

      await merged.getByRole('button', { name: T.show }).nth(1).click();
      await expect.poll(() => page.getByRole('tab', { selected: true }).getAttribute('id')).toBe('tool-tab-whys');

      // Step 3: one entry, covered through either place; the picker lists it once.
      await stepButton(page, T.design).click();
      const coverage = page.getByRole('region', { name: T.coverage });
      const entries = coverage.locator('.plan-root-list > li');
      await entries.first().waitFor();
      expect(await entries.count()).toBe(before - 1);
      const entry = coverage.locator(`.plan-root-list > li[data-key="${refKey(fishbonePlace!)}"]`);
      expect(await entry.locator('.plan-root-where').count()).toBe(2);
      const roots = distinctRootCauses(h.library.fishbones.get(caseId).fishbone, h.library.whys.get(caseId).analyses, h.library.rootCauses.get(caseId).links);
      const covered = coveredRootCauses(h.library.plans.get(caseId).plan.actions, rootCauseIndex(roots));
      const poolCount = covered.get(refKey(fishbonePlace!)) ?? 0;
      expect(poolCount).toBeGreaterThan(0);
      expect(await entry.getAttribute('class')).not.toContain('uncovered');
      expect(await coverage.locator('.plan-root-list > li.uncovered').count()).toBe(roots.filter((r) => !covered.has(r.key)).length);
      await page.locator('.plan-table .plan-row-title').first().click();
      const picker = page.getByRole('group', { name: language === 'en' ? 'Root causes addressed' : /根本原因/ }).first();
      await picker.waitFor();
      expect(await picker.locator('label.plan-link:not(.stale)').count()).toBe(before - 1);
      expect(await axeViolations(page)).toEqual([]);
      await coverage.scrollIntoViewIfNeeded();
      await coverage.screenshot({ path: join(SHOTS, `root-causes-step3-${language}.png`) });

      // An action linking both places names the root cause once, with one status, in step 4.
      const action = h.library.plans.get(caseId).plan.actions.find((a) => a.rootCauses.some((r) => refKey(r) === refKey(fishbonePlace!) || refKey(r) === refKey(whyPlace!)))!;
      expect(action).toBeDefined();
      const other = action.rootCauses.filter((r) => refKey(r) !== refKey(fishbonePlace!) && refKey(r) !== refKey(whyPlace!));
      const editor = page.locator('.plan-row-title', { hasText: action.title });
      await editor.click();
      // Through the picker: unticking the root cause unlinks every place; ticking links it once.
      const box = page.getByRole('checkbox', { name: new RegExp(T.pool) }).first();
      await box.uncheck();
      await saved(page);
      expect(h.library.plans.get(caseId).plan.actions.find((a) => a.id === action.id)!.rootCauses).toEqual(other);
      await box.check();
      await saved(page);
      expect(h.library.plans.get(caseId).plan.actions.find((a) => a.id === action.id)!.rootCauses).toEqual([...other, fishbonePlace]);
      // Linked to both places (as data written before the merge may be): still one root cause.
      h.library.plans.apply(caseId, { type: 'updateAction', id: action.id, patch: { rootCauses: [...other, fishbonePlace!, whyPlace!] } });
      await page.reload();
      await stepButton(page, T.execute).click();
      const card = page.locator('.action-card, li').filter({ has: page.locator(`.action-roots li[data-ref="${fishbonePlace!.id}"]`) }).first();
      await card.waitFor();
      const rootsOfCard = card.locator('.action-roots li');
      expect(await rootsOfCard.count()).toBe(other.length + 1);
      expect(await card.locator(`.action-roots li[data-ref="${fishbonePlace!.id}"]`).getAttribute('data-places')).toBe('2');
      expect(await page.locator(`.action-roots li[data-ref="${whyPlace!.id}"]`).count()).toBe(0);
      await page.screenshot({ path: join(SHOTS, `root-causes-step4-${language}.png`) });
      await screenshot(page, `root-causes-step4-full-${language}.png`, true);
      await context.close();
    });
  }
});

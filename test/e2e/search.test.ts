import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CaseFields } from '../../shared/domain/case';
import type { Lesson } from '../../shared/domain/plan';
import { saved, screenshot, SHOTS, updateReadmeScreenshots, useApp } from '../support/app';
import { axeViolations, openApp } from '../support/browser';
import type { RunningHost } from '../support/host';
import { useTempDir } from '../support/temp';

const app = useApp();
const tempDir = useTempDir();

updateReadmeScreenshots([
  ['search-en.png', 'search-en.png'],
  ['similar-zh-CN.png', 'similar-zh-CN.png'],
]);

type Language = 'en' | 'zh-CN';

const TEXT = {
  en: {
    loadDemo: 'Load sample cases',
    searchBox: 'Search every word of every case',
    causePart: 'Matched in: Fishbone cause',
    similar: 'Similar past cases',
    copyLesson: 'Copy into this case: ',
    copied: 'Lesson copied into this case (step 5).',
    lessonsLibrary: 'Lessons library',
    kind: 'Kind',
    lucky: 'Where we got lucky',
    copiedCategory: 'Copied from similar cases',
    paging: 'Result pages',
    next: 'Next page',
    improve: /Summary and improvement/,
  },
  'zh-CN': {
    loadDemo: '载入示例案例',
    searchBox: '搜索所有案例的全部内容',
    causePart: '匹配位置：鱼骨图原因',
    similar: '相似的历史案例',
    copyLesson: '复制到本案：',
    copied: '经验教训已复制到本案（第 5 步）。',
    lessonsLibrary: '经验库',
    kind: '类型',
    lucky: '侥幸之处',
    copiedCategory: '来自相似案例',
    paging: '结果分页',
    next: '下一页',
    improve: /总结与改进/,
  },
} as const;

/** What the words find in each language: a fishbone cause of the Singles' Day sample, found by two
 *  words that are not next to each other (en) and by a 2-character Chinese word (zh-CN). */
const QUERY = {
  en: { q: 'pickers trained', cause: 'Temp pickers not trained before shift', hit: 'pickers', broad: 'customer' },
  'zh-CN': { q: '临时工 培训', cause: '临时工上岗前没培训', hit: '培训', broad: '客户' },
} as const;

const caseIdOf = (page: Page) => /#\/case\/([0-9a-f-]{36})/.exec(page.url())![1]!;

async function start(language: Language, viewport = { width: 1360, height: 1000 }) {
  const h = await app.host(join(tempDir(), `library-${language}.sqlite`));
  const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale: language === 'en' ? 'en-US' : 'zh-CN', viewport, bypassCSP: true });
  await page.getByRole('button', { name: TEXT[language].loadDemo }).click();
  await page.locator('.row-title').first().waitFor();
  return { h, page, context };
}

function lessonsOf(h: RunningHost, caseId: string): Lesson[] {
  return h.library.plans.get(caseId).plan.lessons;
}

describe.each(['en', 'zh-CN'] as const)('Find it again (%s)', (language) => {
  const text = TEXT[language];

  it('searches every word from the library and opens the matched cause selected in the fishbone, by keyboard', async () => {
    const { h, page, context } = await start(language);
    const query = QUERY[language];
    const box = page.getByRole('searchbox', { name: text.searchBox });
    // A broad word first, for the screenshot: hits in many parts of several cases.
    await box.fill(query.broad);
    await expect.poll(() => page.locator('a.hit').count()).toBe(h.library.search.query({ q: query.broad, sort: 'relevance', offset: 0, limit: 20 }).hits.length);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `search-${language}.png`);

    // Paging: the next page shows the next hits; other words start again on the first page.
    const broad = h.library.search.query({ q: query.broad, sort: 'relevance', offset: 0, limit: 100 });
    expect(broad.total).toBeGreaterThan(20);
    await page.getByRole('navigation', { name: text.paging }).getByRole('button', { name: text.next }).click();
    await expect.poll(() => page.locator('a.hit .hit-snippet').first().textContent()).toBe(broad.hits[20]!.snippet.map((r) => r.text).join(''));
    expect(await page.locator('a.hit').count()).toBe(Math.min(20, broad.total - 20));
    await box.fill(query.q);
    const causeHit = page.locator('a.hit').filter({ hasText: text.causePart }).filter({ hasText: query.cause });
    await causeHit.first().waitFor();

    // Every hit shows its case, the part it matched in, and the matched words marked (as text).
    const expected = h.library.search.query({ q: query.q, sort: 'relevance', offset: 0, limit: 20 });
    expect(expected.total).toBeGreaterThan(0);
    await expect.poll(() => page.locator('a.hit').count()).toBe(expected.hits.length);
    expect(await page.locator('a.hit .hit-title').allTextContents()).toEqual(expected.hits.map((x) => x.caseTitle));
    const marks = await causeHit.first().locator('mark').allTextContents();
    expect(marks.some((m) => m.toLowerCase().includes(query.hit))).toBe(true);
    expect(await page.locator('a.hit mark').count()).toBeGreaterThan(0);

    // A filter the hits do not meet empties the list; clearing it brings them back.
    await page.getByRole('search').getByLabel(language === 'en' ? 'Severity' : '严重程度').selectOption('low');
    await expect.poll(() => page.locator('a.hit').count()).toBe(h.library.search.query({ q: query.q, severity: 'low', sort: 'relevance', offset: 0, limit: 20 }).hits.length);
    await page.getByRole('search').getByLabel(language === 'en' ? 'Severity' : '严重程度').selectOption('');
    await expect.poll(() => page.locator('a.hit').count()).toBe(expected.hits.length);

    // Keyboard: Tab reaches the first hit, arrows move along the list, Enter opens the place.
    await box.focus();
    const target = await causeHit.first().evaluate((el) => [...document.querySelectorAll('a.hit')].indexOf(el));
    await page.locator('a.hit').first().focus();
    for (let i = 0; i < target; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain(query.cause);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toMatch(/#\/case\/[0-9a-f-]{36}\/analyse\/fishbone$/);
    // The diagram wraps a label over lines: compared without the spaces.
    const squeeze = (x: string | null) => (x ?? '').replace(/\s+/g, '');
    await expect.poll(async () => squeeze(await page.locator('.fb-selected').textContent()), { timeout: 10_000 }).toContain(squeeze(query.cause));
    await context.close();
  });

  it('shows similar past cases in a case from step 1, copies a lesson, a root cause and an action from one as undoable commands', async () => {
    const { h, page, context } = await start(language, { width: 1360, height: 1400 });
    // A new case about the same incident as a sample one (its fields, another title): the sample,
    // with its root causes, actions and lessons, is offered as similar from step 1 on.
    const ids = [...new Set(h.library.search.lessons({ offset: 0, limit: 200 }).items.map((x) => x.caseId))];
    const sample = ids.map((id) => h.library.repo.getCase(id)).find((c) => /Hotel booking|酒店预订/.test(c.title))!;
    const fields = CaseFields.parse({ ...sample, title: `${sample.title} (2)`, step: 'identify' });
    const caseId = h.library.repo.create(fields).case.id;
    await page.evaluate((id) => (window.location.hash = `#/case/${id}`), caseId);
    await page.locator('#case-title').waitFor();
    expect(caseIdOf(page)).toBe(caseId);
    const similar = h.library.search.similar(caseId, 5);
    expect(similar.length).toBeGreaterThan(0);
    const panel = page.getByRole('complementary', { name: text.similar });
    await expect.poll(() => panel.locator('.similar-case').count()).toBe(similar.length);
    expect(await panel.locator('.similar-case h3').allTextContents()).toEqual(similar.map((s) => s.title));
    // Each says why it is similar, in the reader's language.
    for (const [i, s] of similar.entries()) expect(await panel.locator('.similar-case').nth(i).locator('.similar-reasons li').count()).toBe(s.reasons.length);
    expect(await axeViolations(page)).toEqual([]);
    // The panel alone: the step above it is long on a case this far along.
    for (const close of await page.locator('.toast-close').all()) await close.click();
    await panel.screenshot({ path: join(SHOTS, `similar-${language}.png`) });

    // Copy a lesson of the first suggestion that has one.
    const source = similar.find((s) => s.lessons.length > 0 && s.rootCauses.length > 0 && s.actions.length > 0)!;
    const lesson = source.lessons[0]!;
    const before = lessonsOf(h, caseId);
    await panel.getByRole('button', { name: text.copyLesson + lesson.text }).first().click();
    await expect.poll(() => page.getByText(text.copied).count()).toBe(1);
    await saved(page);
    const after = lessonsOf(h, caseId);
    expect(after.length).toBe(before.length + 1);
    const copy = after.at(-1)!;
    expect({ ...copy, id: lesson.id }).toEqual(lesson);
    expect(copy.id).not.toBe(lesson.id);

    if (language === 'en') {
      // The copy is a command of the plan: step 5 shows it, and Ctrl+Z there takes it back.
      await page.getByRole('button', { name: text.improve }).click();
      await expect.poll(() => page.locator('.improve-step').textContent()).toContain(lesson.text);
      const undo = page.locator('.improve-step .plan-history button').first();
      await undo.focus();
      await page.keyboard.press('Control+z');
      await saved(page);
      await expect.poll(() => lessonsOf(h, caseId).length).toBe(before.length);
      // Redone, then undone again from the step's history bar.
      await page.locator('.improve-step .plan-history button').nth(1).click();
      await saved(page);
      await expect.poll(() => lessonsOf(h, caseId).length).toBe(before.length + 1);
      await undo.click();
      await saved(page);
      await expect.poll(() => lessonsOf(h, caseId).length).toBe(before.length);
    } else {
      // Ctrl+Z from the panel (focus is still on the copy button) takes back the last copy.
      await page.keyboard.press('Control+z');
      await saved(page);
      await expect.poll(() => lessonsOf(h, caseId).length).toBe(before.length);
    }
    expect(lessonsOf(h, caseId)).toEqual(before);

    // A root cause is copied as a fishbone cause marked as root cause, under a category for copies;
    // an action as a planned action of this case. Ctrl+Z in the panel takes back the last copy.
    const root = source.rootCauses[0]!;
    const action = source.actions[0]!;
    const fishboneBefore = h.library.fishbones.get(caseId).fishbone;
    const actionsBefore = h.library.plans.get(caseId).plan.actions;
    await panel.getByRole('button', { name: text.copyLesson + root.text }).first().click();
    await saved(page);
    const fishbone = h.library.fishbones.get(caseId).fishbone;
    const copies = fishbone.categories.at(-1)!;
    expect(fishbone.categories.length).toBe(fishboneBefore.categories.length + 1);
    expect(copies.label).toBe(text.copiedCategory);
    expect(copies.causes.map((c) => [c.text, c.isRootCause, c.evidence])).toEqual([[root.text, true, root.evidence]]);
    await panel.getByRole('button', { name: text.copyLesson + action.title }).first().click();
    await saved(page);
    const copiedAction = h.library.plans.get(caseId).plan.actions.at(-1)!;
    expect([copiedAction.title, copiedAction.kind, copiedAction.status]).toEqual([action.title, action.kind, 'planned']);
    await page.keyboard.press('Control+z');
    await saved(page);
    await expect.poll(() => h.library.plans.get(caseId).plan.actions).toEqual(actionsBefore);
    // The root cause's copy is still there: it is the fishbone's, taken back with the fishbone's history.
    expect(h.library.fishbones.get(caseId).fishbone).toEqual(fishbone);
    await context.close();
  });

  it('lists every lesson and improvement in the lessons library, filters them by kind and leads back to step 5', async () => {
    const { h, page, context } = await start(language);
    await page.getByRole('button', { name: text.lessonsLibrary, exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(text.lessonsLibrary);
    const all = h.library.search.lessons({ offset: 0, limit: 200 });
    await expect.poll(() => page.locator('.lesson-entry').count()).toBe(all.items.length);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `lessons-${language}.png`);

    // "Got lucky" keeps exactly the lessons of that kind, from every case.
    const plans = [...new Set(all.items.map((x) => x.caseId))].map((id) => ({ id, plan: h.library.plans.get(id).plan }));
    const lucky = plans.flatMap((p) => p.plan.lessons.filter((l) => l.kind === 'got_lucky').map((l) => l.text));
    expect(lucky.length).toBeGreaterThan(0);
    await page.getByLabel(new RegExp(`^${text.kind}`)).selectOption('got_lucky');
    await expect.poll(() => page.locator('.lesson-entry').count()).toBe(lucky.length);
    expect((await page.locator('.lesson-entry .lesson-text').allTextContents()).sort()).toEqual([...lucky].sort());
    for (const badge of await page.locator('.lesson-entry .badge').allTextContents()) expect(badge).toBe(text.lucky);

    // An entry leads back to its case's step 5.
    await page.locator('.lesson-entry .lesson-from a').first().click();
    await expect.poll(() => page.url()).toMatch(/#\/case\/[0-9a-f-]{36}\/improve$/);
    await page.locator('.improve-step').waitFor();
    await context.close();
  });
});

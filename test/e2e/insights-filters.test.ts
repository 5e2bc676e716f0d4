import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDayInput, today } from '../../renderer/src/components/insights/day-input';
import { CATALOGS } from '../../shared/i18n/catalogs';
import { screenshot, useApp } from '../support/app';
import { axeViolations, openApp } from '../support/browser';
import { chartsDrawn } from '../support/insights';
import { useTempDir } from '../support/temp';

/** The insights screen's period, typed in the app's language (not the browser's), and the report
 *  it writes with the KANO section, in both languages, in a real Chromium against the browser host. */

const app = useApp();
const tempDir = useTempDir();

type Language = 'en' | 'zh-CN';

const TEXT = {
  en: { loadDemo: 'Load sample cases', from: 'From', to: 'To', report: 'Report (HTML)', kano: 'KANO: customer needs', oct1: 'Oct 1, 2026', oct31: 'Oct 31, 2026', oct30: 'Oct 30, 2026' },
  'zh-CN': { loadDemo: '载入示例案例', from: '起始日期', to: '截止日期', report: '报告（HTML）', kano: 'KANO：客户需求', oct1: '2026年10月1日', oct31: '2026年10月31日', oct30: '2026年10月30日' },
} as const;

describe.each(['en', 'zh-CN'] as const)('Insights filters and report (%s)', (language: Language) => {
  const text = TEXT[language];
  const ui = CATALOGS[language].insightsUi;

  it('takes the period in the app’s language, from the keyboard; refuses a day that is not one and changes nothing', async () => {
    const h = await app.host(join(tempDir(), `library-${language}.sqlite`));
    // The browser speaks the other language, the app this one: the days follow the app.
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale: language === 'en' ? 'zh-CN' : 'en-US', viewport: { width: 1280, height: 800 }, bypassCSP: true });
    await page.evaluate((l) => localStorage.setItem('causeway.language', l), language);
    await page.reload();
    await page.getByRole('button', { name: text.loadDemo }).click();
    await page.locator('.row-title').first().waitFor();
    await page.evaluate(() => (window.location.hash = '#/insights'));
    let loaded = await chartsDrawn(page);
    const search = page.getByRole('search');
    const from = search.getByLabel(text.from, { exact: true });
    const to = search.getByLabel(text.to, { exact: true });
    expect(await from.getAttribute('lang')).toBe(language);

    // Text that is not a day: a translated message, the field marked, and nothing asked or applied.
    await from.fill('31.31.2026');
    await from.press('Enter');
    const alert = search.getByRole('alert');
    const iso = today();
    await expect.poll(() => alert.textContent()).toBe(ui.day.invalid.replace('{{text}}', '31.31.2026').replace('{{example}}', formatDayInput(iso, language)).replace('{{iso}}', iso));
    expect(await from.getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).not.toContain('from=');
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => Number((document.querySelector('main.insights') as HTMLElement).dataset.loadedAt))).toBe(loaded);
    expect(await axeViolations(page)).toEqual([]);
    await search.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, `insights-day-refused-${language}.png`);
    // Esc puts back the day applied (none), and the message goes.
    await from.press('Escape');
    expect(await from.inputValue()).toBe('');
    await alert.waitFor({ state: 'detached' });

    // Typed as the app writes it, applied with Enter: the address keeps the day, the figures follow.
    await from.fill(text.oct1);
    await from.press('Enter');
    await expect.poll(() => page.url()).toContain('from=2026-10-01');
    loaded = await chartsDrawn(page, loaded);
    expect(await from.inputValue()).toBe(text.oct1);

    // ISO typed in the other field is shown the app's way once applied (on leaving the field).
    await to.fill('2026-10-31');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.url()).toContain('to=2026-10-31');
    loaded = await chartsDrawn(page, loaded);
    expect(await to.inputValue()).toBe(text.oct31);
    const figures = h.library.insights.get({ language, from: '2026-10-01T00:00:00.000Z', to: '2026-10-31T23:59:59.999Z' });
    expect(await page.locator('.result-count').first().textContent()).toContain(String(figures.totals.cases));

    // Up and Down move a day; Enter applies it.
    await to.focus();
    await page.keyboard.press('ArrowDown');
    expect(await to.inputValue()).toBe(text.oct30);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain('to=2026-10-30');
    loaded = await chartsDrawn(page, loaded);
    // Back undoes it, and the field shows the day before.
    await page.goBack();
    await expect.poll(() => to.inputValue()).toBe(text.oct31);
    await search.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, `insights-days-${language}.png`);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('shows the KANO section and writes the report with it', async () => {
    const h = await app.host(join(tempDir(), `kano-${language}.sqlite`));
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale: language === 'en' ? 'en-US' : 'zh-CN', viewport: { width: 1280, height: 900 }, bypassCSP: true });
    await page.getByRole('button', { name: text.loadDemo }).click();
    await page.locator('.row-title').first().waitFor();
    await page.evaluate(() => (window.location.hash = '#/insights'));
    await chartsDrawn(page);
    const kano = page.getByRole('region', { name: text.kano });
    await kano.locator('.insights-chart-canvas svg').waitFor();
    await kano.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(300);
    await screenshot(page, `insights-kano-${language}.png`);
    expect(await axeViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: text.report }).click()]);
    const copy = join(tempDir(), `insights-${language}.html`);
    await download.saveAs(copy);
    const html = readFileSync(copy, 'utf8');
    const n = CATALOGS[language];
    expect(html).toContain(`<h2>${n.needs.chart.heading}</h2>`);
    expect(html).toContain(n.insightsReport.kano.failedHeading);
    // The report's KANO chart, opened on its own page: axe finds nothing wrong with the report.
    await page.setContent(html);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('heading', { name: n.needs.chart.heading }).scrollIntoViewIfNeeded();
    await screenshot(page, `insights-report-kano-${language}.png`);
    await context.close();
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InsightsQuery } from '../../shared/domain/insights';
import { CHART_THEMES } from '../../shared/insights/chart-options';
import { screenshot, updateReadmeScreenshots, useApp } from '../support/app';
import { axeViolations, openApp } from '../support/browser';
import { chartsDrawn } from '../support/insights';
import { useTempDir } from '../support/temp';

const app = useApp();
const tempDir = useTempDir();

updateReadmeScreenshots([
  ['insights-en.png', 'insights-en.png'],
  ['journey-zh-CN.png', 'journey-zh-CN.png'],
]);

type Language = 'en' | 'zh-CN';

const TEXT = {
  en: {
    loadDemo: 'Load sample cases',
    insights: 'Insights',
    severity: 'Severity',
    high: 'High',
    scenario: 'Scenario type',
    table: 'Show as table',
    pareto: 'Pareto of root causes',
    back: 'Back to the insights',
    journey: 'Customer journey',
    delivery: 'Product delivery',
    feeling: 'Customer feeling',
    report: 'Report (HTML)',
    casesOf: /^Cases: /,
    svg: 'Save SVG',
    png: 'Save PNG',
    paretoTitle: 'Pareto by Cause theme',
    chartLabel: 'Chart: Pareto by Cause theme. The same figures are in the table view.',
    badDates: 'The start date is after the end date: change one of them.',
  },
  'zh-CN': {
    loadDemo: '载入示例案例',
    insights: '洞察',
    severity: '严重程度',
    high: '高',
    scenario: '场景类型',
    table: '以表格显示',
    pareto: '根本原因帕累托图',
    back: '返回洞察',
    journey: '客户旅程',
    delivery: '产品交付',
    feeling: '客户感受',
    report: '报告（HTML）',
    casesOf: /^案例：/,
    svg: '保存 SVG',
    png: '保存 PNG',
    paretoTitle: '按原因主题的帕累托图',
    chartLabel: '图表：按原因主题的帕累托图。表格视图中有相同的数字。',
    badDates: '开始日期晚于结束日期：请修改其中一个。',
  },
} as const;

async function start(language: Language) {
  const h = await app.host(join(tempDir(), `library-${language}.sqlite`));
  const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale: language === 'en' ? 'en-US' : 'zh-CN', viewport: { width: 1280, height: 800 }, bypassCSP: true });
  await page.getByRole('button', { name: TEXT[language].loadDemo }).click();
  await page.locator('.row-title').first().waitFor();
  return { h, page, context };
}

describe.each(['en', 'zh-CN'] as const)('Insights (%s)', (language) => {
  const text = TEXT[language];

  it('opens from the library, filters, drills from a bar and from its table row into the cases and opens one; Esc and Back return', async () => {
    const { h, page, context } = await start(language);
    await page.getByRole('button', { name: text.insights, exact: true }).click();
    await expect.poll(() => page.url()).toMatch(/#\/insights$/);
    let loaded = await chartsDrawn(page);
    expect(await axeViolations(page)).toEqual([]);
    // From the filters down: the Pareto whole on a 1280x800 screen.
    await page.locator('.insights-filters').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, `insights-${language}.png`);
    await screenshot(page, `insights-full-${language}.png`, true);

    // The drawing is labelled in the reader's language (not ECharts' own English description).
    expect(await page.getByRole('region', { name: text.pareto }).locator('.insights-chart-canvas').getAttribute('aria-label')).toBe(text.chartLabel);

    // Saved as the drawing itself (SVG, with its title) and as a PNG of it at twice the scale.
    const pareto0 = page.getByRole('region', { name: text.pareto });
    const [svgFile] = await Promise.all([page.waitForEvent('download'), pareto0.getByRole('button', { name: text.svg }).click()]);
    expect(svgFile.suggestedFilename()).toMatch(/-pareto-theme\.svg$/);
    const svgPath = join(tempDir(), `pareto-${language}.svg`);
    await svgFile.saveAs(svgPath);
    const svg = readFileSync(svgPath, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain(text.paretoTitle);
    const [pngFile] = await Promise.all([page.waitForEvent('download'), pareto0.getByRole('button', { name: text.png }).click()]);
    const pngPath = join(tempDir(), `pareto-${language}.png`);
    await pngFile.saveAs(pngPath);
    const png = readFileSync(pngPath);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const canvasWidth = await pareto0.locator('.insights-chart-canvas').evaluate((el) => el.clientWidth);
    expect(png.readUInt32BE(16)).toBe(canvasWidth * 2);

    // The Pareto by scenario type counts cases: a bar is as many cases as its drill-down lists.
    const pareto = page.getByRole('region', { name: text.pareto });
    await pareto.getByRole('group').getByRole('button', { name: text.scenario }).click();
    await expect.poll(() => page.url()).toContain('by=scenarioType');

    // A filter: the address keeps it, and the figures are those of the filtered cases.
    await page.getByRole('search').getByLabel(text.severity).selectOption('high');
    await expect.poll(() => page.url()).toContain('severity=high');
    loaded = await chartsDrawn(page, loaded);
    const query: InsightsQuery = { severity: 'high', language };
    const expected = h.library.insights.get(query).pareto.scenarioType;
    expect(expected.bars.length).toBeGreaterThan(0);
    // The vital few bars are drawn in the bar colour (the legend's rounded key too, drawn with arcs).
    const bars = pareto.locator(`.insights-chart-canvas svg path[fill="${CHART_THEMES.light.bar}"]:not([d*="A"])`);
    await expect.poll(() => bars.count()).toBe(Math.min(expected.cut, expected.bars.length));

    // Click the first bar (the leftmost: the drawing's elements need not be in the bars' order),
    // low down, clear of the cumulative line's points: its cases, each opening its case.
    const boxes = await Promise.all((await bars.all()).map(async (b) => ({ b, box: (await b.boundingBox())! })));
    const leftmost = boxes.sort((a, b) => a.box.x - b.box.x)[0]!;
    await leftmost.b.click({ position: { x: leftmost.box.width / 2, y: leftmost.box.height - 4 } });
    const drill = page.getByRole('region', { name: text.casesOf });
    await drill.waitFor();
    const first = expected.bars[0]!;
    await expect.poll(() => drill.locator('.insights-drill-cases li').count()).toBe(first.count);
    const cases = h.library.insights.drill({ ...query, dimension: 'scenarioType', key: first.key }).cases;
    expect(await drill.locator('.drill-case-title').allTextContents()).toEqual(cases.map((c) => c.title));
    expect(await axeViolations(page)).toEqual([]);

    // Esc returns to the figures, as they were.
    await page.keyboard.press('Escape');
    await drill.waitFor({ state: 'detached' });
    await expect.poll(() => page.url()).not.toContain('drill=');
    expect(page.url()).toContain('severity=high');
    await chartsDrawn(page);

    // The table view: the same figures, and a button per row, reached and pressed by keyboard.
    await pareto.getByRole('button', { name: text.table }).click();
    const rows = pareto.locator('table.insights-table tbody tr');
    await expect.poll(() => rows.count()).toBe(expected.bars.length);
    const rowButton = rows.first().getByRole('button');
    await rowButton.focus();
    await page.keyboard.press('Enter');
    await drill.waitFor();
    await expect.poll(() => drill.locator('.insights-drill-cases li').count()).toBe(first.count);

    // Open a case; Back returns to its list, and Back again to the figures.
    await drill.locator('.drill-case-title').first().click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`#/case/${cases[0]!.id}$`));
    await page.locator('#case-title').waitFor();
    await page.goBack();
    await drill.waitFor();
    await page.goBack();
    await drill.waitFor({ state: 'detached' });
    await expect.poll(() => page.url()).toContain('severity=high');

    // A backwards date range is refused with a message, and nothing is asked.
    // (The days are typed, and applied with Enter: see insights-filters.test.ts.)
    await page.getByRole('search').getByLabel(language === 'en' ? 'From' : '起始日期', { exact: true }).fill('2026-12-31');
    await page.getByRole('search').getByLabel(language === 'en' ? 'From' : '起始日期', { exact: true }).press('Enter');
    await page.getByRole('search').getByLabel(language === 'en' ? 'To' : '截止日期', { exact: true }).fill('2026-01-01');
    await page.getByRole('search').getByLabel(language === 'en' ? 'To' : '截止日期', { exact: true }).press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(text.badDates);
    expect(await page.locator('.insights-section').count()).toBe(0);
    const before = await page.locator('main.insights').getAttribute('data-loaded-at');
    await page.waitForTimeout(500);
    expect(await page.locator('main.insights').getAttribute('data-loaded-at')).toBe(before);
    await context.close();
  });

  it('shows the customer journey: a cell opens its cases, an emotion score is set and kept; the report is downloaded', async () => {
    const { h, page, context } = await start(language);
    await page.evaluate(() => (window.location.hash = '#/insights'));
    await chartsDrawn(page);
    const journey = page.getByRole('region', { name: text.journey });
    await journey.scrollIntoViewIfNeeded();
    const figures = h.library.insights.get({ language });
    const delivery = figures.journey.cells.find((c) => c.touchpoint === 'delivery')!;
    expect(delivery.cases).toBeGreaterThan(0);
    const cell = journey.locator('.journey-cell').filter({ has: page.getByRole('heading', { name: text.delivery, exact: true }) });
    await expect.poll(() => cell.count()).toBe(1);

    // The emotion score, set from the keyboard's reach (a select), saved and shown after a reload.
    const feeling = cell.getByLabel(text.feeling);
    await feeling.selectOption('-2');
    await expect.poll(() => h.library.insights.get({ language }).journey.emotions.find((e) => e.touchpoint === 'delivery')?.score).toBe(-2);
    await page.reload();
    await chartsDrawn(page);
    await expect.poll(() => journey.locator('.journey-cell').filter({ has: page.getByRole('heading', { name: text.delivery, exact: true }) }).getByLabel(text.feeling).inputValue()).toBe('-2');
    expect(await axeViolations(page)).toEqual([]);
    await journey.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, `journey-${language}.png`);

    // The cell opens its cases.
    await cell.getByRole('button').first().click();
    const drill = page.getByRole('region', { name: text.casesOf });
    await expect.poll(() => drill.locator('.insights-drill-cases li').count()).toBe(delivery.cases);
    await drill.getByRole('button', { name: text.back }).click();
    await drill.waitFor({ state: 'detached' });

    // The report of the period, as a download.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: text.report }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.html$/);
    const copy = join(tempDir(), `insights-${language}.html`);
    await download.saveAs(copy);
    expect(readFileSync(copy, 'utf8')).toContain('<svg');
    await context.close();
  });
});

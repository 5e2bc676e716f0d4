import { readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newCase, saved, screenshot, updateReadmeScreenshots, useApp } from '../support/app';
import { axeViolations, openApp } from '../support/browser';
import { useTempDir } from '../support/temp';

// No page may log an error or break its CSP. The outage test expects failed requests, and the
// recovery tests expect none; both are filtered by what they are.
const app = useApp({ allowedErrors: /Failed to load resource|ERR_CONNECTION_REFUSED|Failed to fetch/ });
const host = app.host;
const tempDir = useTempDir();

describe('a quality manager records a case offline', () => {
  it('creates a case from a template, fills it in Chinese, and finds it all again after a restart', async () => {
    const db = join(tempDir(), 'library.sqlite');
    const first = await host(db);
    const { page, context, errors } = await openApp(app.browser(), first.host.appUrl, { locale: 'zh-CN' });

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('案例库');
    await page.getByRole('button', { name: '新建案例' }).click();
    const dialog = page.getByRole('dialog', { name: '新建案例' });
    await dialog.getByRole('radio', { name: /紧急事件处理/ }).check();
    await dialog.getByLabel('案例标题').fill('冷链运输温控失效导致整批生鲜变质');
    await dialog.getByRole('button', { name: '创建案例' }).click();

    await expect.poll(() => page.locator('#case-title').textContent()).toBe('冷链运输温控失效导致整批生鲜变质');
    const problem = page.getByLabel('问题描述', { exact: true });
    // The template's prompts are there to be answered: as guidance beside the field, not as its text.
    expect(await problem.inputValue()).toBe('');
    expect(await page.locator('.field .guidance').first().textContent()).toContain('发生了什么');
    const statement = '6月3日凌晨，冷藏车温控模块故障，车厢温度升至 12℃ 持续 5 小时，价值 18 万元的生鲜整批变质。';
    await problem.fill(statement);
    expect(await page.getByLabel('场景类型').inputValue()).toBe('emergency');

    const events = ['司机发现车厢温度报警', '调度中心联系维修并安排备用车辆', '向三家门店客户致电说明并安排补货'];
    for (const [i, text] of events.entries()) {
      await page.getByRole('button', { name: '添加事件' }).click();
      const row = page.getByRole('listitem', { name: `事件 ${i + 1}` });
      await row.getByRole('textbox').last().fill(text);
      await row.getByLabel('时间').fill(`2026-06-03T0${i + 2}:30`);
    }
    await saved(page);
    await screenshot(page, 'new-case-zh-CN.png', true);
    await context.close();

    // Restart: a new host process on the same file, a new page.
    await first.stop();
    const second = await host(db);
    const reopened = await openApp(app.browser(), second.host.appUrl, { locale: 'zh-CN' });
    await reopened.page.getByRole('link', { name: /冷链运输温控失效/ }).click();
    await reopened.page.getByRole('button', { name: /问题识别/ }).click();
    expect(await reopened.page.getByLabel('问题描述', { exact: true }).inputValue()).toBe(statement);
    const rows = reopened.page.locator('.timeline-row');
    await expect.poll(() => rows.count()).toBe(3);
    for (const [i, text] of events.entries()) {
      expect(await rows.nth(i).locator('textarea').inputValue()).toBe(text);
      expect(await rows.nth(i).getByLabel('时间').inputValue()).toBe(`2026-06-03T0${i + 2}:30`);
    }
    expect(errors).toEqual([]);
    expect(reopened.errors).toEqual([]);
    await reopened.context.close();
  });

  it('reorders and removes timeline events with the keyboard and keeps the order', async () => {
    const db = join(tempDir(), 'library.sqlite');
    const h = await host(db);
    const { page, context } = await openApp(app.browser(), h.host.appUrl);
    await newCase(page);
    for (const text of ['first', 'second', 'third']) {
      await page.getByRole('button', { name: 'Add event' }).click();
      await page.keyboard.type(text); // the new event's text box has the focus
    }
    const texts = () => page.locator('.timeline-row textarea').evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
    await expect.poll(texts).toEqual(['first', 'second', 'third']);
    await page.keyboard.press('Alt+ArrowUp'); // 'third' moves above 'second'
    await expect.poll(texts).toEqual(['first', 'third', 'second']);
    await page.getByRole('button', { name: 'Move up: Event 2' }).click();
    await expect.poll(texts).toEqual(['third', 'first', 'second']);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Remove event: Event 2' }).click();
    await expect.poll(texts).toEqual(['third', 'second']);
    await saved(page);
    await page.reload();
    await expect.poll(texts).toEqual(['third', 'second']);
    await context.close();
  });

  it('switches language and moves a case to the trash and back', async () => {
    const h = await host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale: 'en-US' });
    await page.getByRole('button', { name: 'Load sample cases' }).click();
    await expect.poll(() => page.locator('.result-count').textContent()).toBe('3 cases');
    await screenshot(page, 'library-en.png');

    await page.getByRole('button', { name: 'Settings' }).click();
    // The theme follows the OS (light here) until the user picks one.
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background()).toBe('rgb(246, 247, 249)');
    await page.getByRole('radio', { name: 'Dark' }).check();
    expect(await background()).toBe('rgb(18, 22, 28)');
    await page.getByRole('radio', { name: 'Follow the system' }).check();
    expect(await background()).toBe('rgb(246, 247, 249)');
    expect(await page.getByText('Date and time pickers').count()).toBe(0);
    await page.getByRole('radio', { name: '简体中文' }).check();
    // The browser is in English: its date pickers stay so, and Settings says it.
    await expect.poll(() => page.getByRole('dialog').getByText('日期和时间选择器使用浏览器的语言。').count()).toBe(1);
    await screenshot(page, 'settings-zh-CN.png');
    await page.getByRole('button', { name: '关闭' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('案例库');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    // The choice outlives a reload.
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('案例库');

    const title = 'Hotel booking system failure: guests cannot check in';
    await page.getByRole('button', { name: `移到回收站: ${title}` }).click();
    await expect.poll(() => page.locator('.result-count').textContent()).toBe('2 个案例');
    await page.getByRole('button', { name: '回收站（1）' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('回收站');
    await page.getByRole('button', { name: `恢复: ${title}` }).click();
    await expect.poll(() => page.locator('.result-count').textContent()).toBe('0 个案例');
    await page.getByRole('button', { name: '返回案例库' }).click();
    await expect.poll(() => page.locator('.result-count').textContent()).toBe('3 个案例');
    await context.close();
  });

  it('filters the library by search, step and severity', async () => {
    const h = await host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale: 'zh-CN' });
    await page.getByRole('button', { name: '载入示例案例' }).click();
    await expect.poll(() => page.locator('.result-count').textContent()).toBe('3 个案例');
    // The box searches every word of every case: each hit names its case.
    await page.getByRole('searchbox').fill('酒店');
    await expect.poll(async () => [...new Set(await page.locator('.hit-title').allTextContents())]).toEqual(['酒店预订系统故障，客人无法办理入住']);
    await page.getByRole('searchbox').fill('');
    await page.getByRole('button', { name: /总结与改进/ }).click();
    await expect.poll(() => page.locator('.row-title').allTextContents()).toEqual(['客户特殊需求未传达到技术团队，项目延期三个月']);
    await page.getByRole('button', { name: /全部步骤/ }).click();
    await page.getByLabel('严重程度').selectOption('critical');
    await expect.poll(() => page.locator('.row-title').allTextContents()).toEqual(['酒店预订系统故障，客人无法办理入住']);
    await screenshot(page, 'library-filtered-zh-CN.png');
    await context.close();
  });
});

describe('saving never loses what the user typed', () => {
  it('shows a failed save with the reason, keeps the text, and saves it on retry', async () => {
    const db = join(tempDir(), 'library.sqlite');
    const first = await host(db);
    const { page, context } = await openApp(app.browser(), first.host.appUrl);
    await newCase(page);
    const problem = page.getByLabel('Problem statement', { exact: true });
    await problem.fill('typed before the outage');
    await saved(page);

    const port = Number(new URL(first.host.url).port);
    await first.stop();
    await problem.fill('typed while Causeway was unreachable');
    await expect.poll(() => page.locator('.save').getAttribute('data-state')).toBe('failed');
    expect(await page.locator('.save').textContent()).toContain('Causeway is not reachable');
    expect(await problem.inputValue()).toBe('typed while Causeway was unreachable');

    await host(db, { port, token: first.host.token });
    await page.getByRole('button', { name: 'Retry' }).click();
    await saved(page);
    await page.reload();
    await expect.poll(() => page.getByLabel('Problem statement', { exact: true }).inputValue()).toBe('typed while Causeway was unreachable');
    await context.close();
  });

  it('resolves an edit conflict between two windows without losing either edit', async () => {
    const h = await host(join(tempDir(), 'library.sqlite'));
    const first = await openApp(app.browser(), h.host.appUrl);
    await newCase(first.page, 'Refund promised twice');
    const second = await openApp(app.browser(), h.host.appUrl);
    await second.page.goto(`${h.host.url}/${new URL(first.page.url()).hash}`);
    await expect.poll(() => second.page.locator('#case-title').textContent()).toBe('Refund promised twice');

    // Different fields: the second window's edit goes over the first's without asking, and shows it.
    await first.page.getByLabel('Problem statement', { exact: true }).fill('written in the first window');
    await saved(first.page);
    await second.page.getByLabel('Department', { exact: true }).fill('Billing');
    await saved(second.page);
    await expect.poll(() => second.page.getByLabel('Problem statement', { exact: true }).inputValue()).toBe('written in the first window');

    // The same field: the user decides.
    await first.page.getByLabel('Customer impact', { exact: true }).fill('first window impact');
    await saved(first.page);
    await second.page.getByLabel('Customer impact', { exact: true }).fill('second window impact');
    await expect.poll(() => second.page.locator('.save').getAttribute('data-state')).toBe('failed');
    expect(await second.page.locator('.save').textContent()).toContain('changed in another window');
    await screenshot(second.page, 'conflict-en.png');
    await second.page.getByRole('button', { name: 'Keep my changes' }).click();
    await saved(second.page);

    await first.page.reload();
    await expect.poll(() => first.page.getByLabel('Department', { exact: true }).inputValue()).toBe('Billing');
    expect(await first.page.getByLabel('Problem statement', { exact: true }).inputValue()).toBe('written in the first window');
    expect(await first.page.getByLabel('Customer impact', { exact: true }).inputValue()).toBe('second window impact');
    await first.context.close();
    await second.context.close();
  });

  it('tells a second window that its case went to the trash, and keeps the text typed there', async () => {
    const h = await host(join(tempDir(), 'library.sqlite'));
    const first = await openApp(app.browser(), h.host.appUrl);
    await newCase(first.page);
    const second = await openApp(app.browser(), h.host.appUrl);
    await second.page.goto(`${h.host.url}/${new URL(first.page.url()).hash}`);
    await expect.poll(() => second.page.locator('#case-title').textContent()).toBe('Untitled case');

    await first.page.getByRole('button', { name: 'Move to trash' }).click();
    await expect.poll(() => first.page.getByRole('heading', { level: 1 }).textContent()).toBe('Case library');
    await second.page.getByLabel('Location', { exact: true }).fill('Gate 12');
    await expect.poll(() => second.page.locator('.save').getAttribute('data-state')).toBe('failed');
    expect(await second.page.locator('.save').textContent()).toContain('moved to the trash');
    expect(await second.page.getByRole('button', { name: 'Keep my changes' }).count()).toBe(0);
    expect(await second.page.getByLabel('Location', { exact: true }).inputValue()).toBe('Gate 12');
    await first.context.close();
    await second.context.close();
  });

  it('refuses an empty title in place and keeps the saved one', async () => {
    const h = await host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl);
    await newCase(page, 'Checkout queue');
    const title = page.getByLabel('Title', { exact: true });
    await title.fill('   ');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe('Title is required.');
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    await page.reload();
    await expect.poll(() => page.getByLabel('Title', { exact: true }).inputValue()).toBe('Checkout queue');
    await context.close();
  });

  it('types at once in 100,000 characters of ordinary prose, paragraphs and all', async () => {
    const h = await host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl);
    await newCase(page);
    const prose = ('订单激增导致配送延误，客户多次致电客服。The carrier missed the dispatch window twice.\n').repeat(2000).slice(0, 99_980);
    const field = page.getByLabel('What the customer experienced', { exact: true });
    await field.fill(prose);
    await field.press('Control+End');
    const typing = Date.now();
    await page.keyboard.type('x'.repeat(20));
    const perKey = (Date.now() - typing) / 20;
    console.log(`100,000 characters of prose: ${perKey.toFixed(1)} ms per keystroke`);
    // The figure is printed; the test only fails on a freeze (a second per key), which a loaded
    // CI machine cannot produce by chance. Timing targets belong in the benchmark.
    expect(perKey).toBeLessThan(1000);
    await saved(page);
    await context.close();
  });

  it('takes 100,000 characters in a field without freezing and saves them', async () => {
    const h = await host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl);
    await newCase(page);
    const text = '客户投诉 delivery late. '.repeat(5000).slice(0, 99_980);
    const problem = page.getByLabel('Problem statement', { exact: true });
    const started = Date.now();
    await problem.fill(text);
    const filled = Date.now() - started;
    // Typing on at the end of 100,000 characters: each key must still answer at once.
    const typing = Date.now();
    await page.keyboard.type('x'.repeat(20));
    const perKey = (Date.now() - typing) / 20;
    await saved(page);
    console.log(`100,000 characters in one paragraph: pasted in ${filled} ms, then ${perKey.toFixed(1)} ms per keystroke`);
    expect(perKey).toBeLessThan(1000);
    await page.reload();
    await expect.poll(async () => (await page.getByLabel('Problem statement', { exact: true }).inputValue()).length).toBe(100_000);
    // One character more than the limit is refused with a clear message, and the saved text stays.
    await page.getByLabel('Problem statement', { exact: true }).press('Control+End');
    await page.keyboard.type('?');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe('Problem statement is too long.');
    await context.close();
  });
});

describe('a damaged database', () => {
  it('opens the recovery screen for a file that is not a database and leaves it untouched', async () => {
    const db = join(tempDir(), 'library.sqlite');
    writeFileSync(db, 'This is a spreadsheet export, not a database.\n'.repeat(200));
    const before = readFileSync(db);
    const h = await host(db);
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale: 'zh-CN' });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('无法打开案例库');
    expect(await page.locator('.recovery-reason').textContent()).toContain('不是 SQLite 文件');
    expect(await page.getByText('没有找到这个数据库的备份。').count()).toBe(1);
    await screenshot(page, 'recovery-zh-CN.png');
    expect(readFileSync(db).equals(before)).toBe(true);
    await context.close();
  });

  it('restores the newest backup of a truncated file, keeping the damaged file aside', async () => {
    const dir = tempDir();
    const db = join(dir, 'library.sqlite');
    const seeded = await host(db);
    const { page: seedPage, context: seedContext } = await openApp(app.browser(), seeded.host.appUrl);
    await seedPage.getByRole('button', { name: 'Load sample cases' }).click();
    await expect.poll(() => seedPage.locator('.result-count').textContent()).toBe('3 cases');
    await seedContext.close();
    expect(seeded.library.backupIfDue()).not.toBeNull();
    await seeded.stop();
    truncateSync(db, Math.floor(statSync(db).size / 2) + 100);
    const damaged = readFileSync(db);

    const h = await host(db);
    const { page, context } = await openApp(app.browser(), h.host.appUrl);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('The case library cannot be opened');
    expect(await page.locator('.recovery-reason').textContent()).toContain('incomplete');
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Restore the newest backup' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Case library');
    await expect.poll(() => page.locator('.result-count').textContent()).toBe('3 cases');
    const aside = (await import('node:fs')).readdirSync(dir).find((n) => n.includes('.damaged-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(dir, aside!)).equals(damaged)).toBe(true);
    await context.close();
  });
});

describe('accessibility', () => {
  for (const locale of ['en-US', 'zh-CN'] as const) {
    it(`has no axe violations on the library, the new-case dialog and the workspace (${locale})`, async () => {
      const h = await host(join(tempDir(), 'library.sqlite'));
      const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale, bypassCSP: true });
      const demo = locale === 'en-US' ? 'Load sample cases' : '载入示例案例';
      await page.getByRole('button', { name: demo }).click();
      await expect.poll(() => page.locator('.row-title').count()).toBe(3);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `library-${locale}.png`);

      await page.getByRole('button', { name: locale === 'en-US' ? 'New case' : '新建案例' }).click();
      await page.getByRole('dialog').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');

      await page.locator('.row-main').first().click();
      await page.locator('.stepper button').first().click();
      await page.locator('.timeline-row').first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `workspace-${locale}.png`, true);

      await page.locator('.stepper button').nth(1).click();
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    });
  }

  it('has no axe violations in the dark theme', async () => {
    const h = await host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { colorScheme: 'dark', bypassCSP: true });
    await page.getByRole('button', { name: 'Load sample cases' }).click();
    await expect.poll(() => page.locator('.row-title').count()).toBe(3);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'library-dark.png');
    await context.close();
  });
});

updateReadmeScreenshots([
  ['library-en-US.png', 'library-en.png'],
  ['workspace-zh-CN.png', 'workspace-zh-CN.png'],
]);

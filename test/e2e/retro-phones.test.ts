import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { defaultCauseFields, type Fishbone } from '../../shared/domain/fishbone';
import { screenshot, useApp } from '../support/app';
import { axeViolations, openApp } from '../support/browser';
import type { RunningHost } from '../support/host';
import { useTempDir } from '../support/temp';

/** A retrospective with participants' phones, on loopback: the facilitator's page opens the session
 *  to phones, three phones (separate browser contexts) join, propose causes the facilitator accepts
 *  into the diagram, vote within their limits, see the results after the reveal; once closed, the
 *  phones' address answers nothing. */

// A removed phone's next call is refused (401) and, after the close, the phones' polling meets a
// refused connection, or a reset one when a poll was in flight as the server cut every
// connection: that is the point.
const app = useApp({
  allowedErrors: /ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE|status of 401 \(Unauthorized\)/,
});
const tempDir = useTempDir();
/** Phones read the session every 2 s. */
const SOON = { timeout: 6000 };

async function api<T = any>(h: RunningHost, method: string, input: unknown): Promise<T> {
  const res = await fetch(`${h.host.url}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-causeway-token': h.host.token }, body: JSON.stringify(input) });
  const body = (await res.json()) as { ok: boolean; value: T; error?: unknown };
  if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.value;
}

function fishbone(): Fishbone {
  const cause = (text: string) => ({ id: randomUUID(), ...defaultCauseFields(text), children: [] });
  return {
    effect: null,
    template: null,
    orientation: 'head_right',
    categories: [
      { id: randomUUID(), label: 'Method', templateKey: null, causes: [cause('Unclear hand-over'), cause('No runbook for failover')] },
      { id: randomUUID(), label: 'Machine', templateKey: null, causes: [cause('Disk alarm muted')] },
    ],
  };
}

/** Whether a TCP connection to the port is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false }, () => resolve(false));
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
    req.end();
  });
}

async function phone(browser: Browser, url: string, locale: 'en-US' | 'zh-CN' = 'en-US'): Promise<Page> {
  const { page } = await openApp(browser, url, { locale, viewport: { width: 390, height: 844 }, bypassCSP: false });
  return page;
}

async function joinAs(page: Page, name: string, label = 'Your name', button = 'Join') {
  await page.getByLabel(label).fill(name);
  await page.getByRole('button', { name: button }).click();
}

describe('participants’ phones', () => {
  it('run brainstorm, vote and reveal from three phones, and reach nothing after close', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const { case: created } = await api(h, 'cases:create', { language: 'en', title: 'Checkout outage' });
    const caseId: string = created.id;
    const bone = fishbone();
    await api(h, 'fishbone:apply', { caseId, command: { type: 'replace', fishbone: bone } });
    const browser = app.browser();

    // The facilitator starts a team session on step 2, sets the votes, and opens it to phones.
    const { page: room } = await openApp(browser, h.host.appUrl, { viewport: { width: 1280, height: 720 } });
    await room.goto(`${h.host.url}/#/case/${caseId}/analyse/fishbone`);
    await room.getByRole('button', { name: 'Run a team session' }).click();
    const panel = room.getByTestId('phones-panel');
    await expect.poll(() => panel.getByRole('button', { name: 'Open to phones' }).isVisible(), SOON).toBe(true);
    expect(await panel.textContent()).toContain('The connection is not encrypted');
    // Only loopback is offered in tests.
    expect(await panel.getByLabel('Network address').locator('option').allTextContents()).toEqual(['127.0.0.1 (lo)']);
    await api(h, 'retro:update', { caseId, update: { type: 'voting', voting: { votesPerParticipant: 3, maxPerItem: 2 } } });
    await panel.getByRole('button', { name: 'Open to phones' }).click();
    const url = (await panel.locator('.phones-url code').textContent())!;
    const joinCode = (await panel.locator('.phones-code').textContent())!;
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/r/${joinCode}$`));
    expect(await panel.getByRole('img', { name: 'QR code for the join address' }).getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    const port = Number(new URL(url).port);

    const [ana, bo, chen] = await Promise.all([phone(browser, url), phone(browser, url), phone(browser, url, 'zh-CN')]);
    await screenshot(ana!, 'retro-phone-join-en.png');
    await joinAs(ana!, 'Ana');
    await joinAs(bo!, 'Bo');
    await joinAs(chen!, '陈', '你的名字', '加入');
    for (const p of [ana!, bo!]) await expect.poll(() => p.getByRole('heading', { level: 1 }).textContent(), SOON).toBe('Phase: Brainstorm causes');
    await expect.poll(() => chen!.getByRole('heading', { level: 1 }).textContent(), SOON).toBe('阶段：头脑风暴原因');
    await screenshot(ana!, 'retro-phone-brainstorm-en.png');
    await screenshot(chen!, 'retro-phone-brainstorm-zh-CN.png');
    // The facilitator sees who joined, each on a phone.
    const people = room.locator('.retro-people li');
    await expect.poll(() => people.count(), SOON).toBe(3);
    await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(room, 'retro-phones-panel-en.png');

    // Brainstorm: proposals, one of them hostile markup, kept as text.
    await ana!.getByRole('textbox', { name: 'Cause' }).fill('Change freeze not announced');
    await ana!.getByLabel('Category').selectOption({ label: 'Method' });
    await ana!.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => ana!.getByRole('status').textContent(), SOON).toBe('Sent to the facilitator.');
    await bo!.getByRole('textbox', { name: 'Cause' }).fill('<img src=x onerror=alert(1)>');
    await bo!.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => bo!.locator('.proposals li .text').textContent(), SOON).toBe('<img src=x onerror=alert(1)>');
    expect(await bo!.locator('.proposals img').count()).toBe(0);

    // The facilitator accepts Ana's proposal into the diagram and turns Bo's down.
    const proposals = room.locator('.retro-proposals li');
    await expect.poll(() => proposals.count(), SOON).toBe(2);
    await proposals.filter({ hasText: 'Change freeze not announced' }).getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => proposals.count(), SOON).toBe(1);
    expect(await room.locator('.retro-proposals img').count()).toBe(0);
    await proposals.getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => ana!.locator('.proposals .status').textContent(), SOON).toBe('Accepted');
    await expect.poll(() => bo!.locator('.proposals .status').textContent(), SOON).toBe('Not taken');
    const method = () => h.library.fishbones.get(caseId).fishbone.categories[0]!.causes.map((c) => c.text);
    await expect.poll(method, SOON).toEqual(['Unclear hand-over', 'No runbook for failover', 'Change freeze not announced']);

    // Vote: three votes each, at most two on one cause.
    await room.getByRole('list', { name: 'Phases of the session' }).getByRole('button', { name: 'Vote' }).click();
    await expect.poll(() => ana!.locator('#votes-left').textContent(), SOON).toBe('3 of 3 votes left');
    const plus = (p: Page, cause: string) => p.getByRole('button', { name: `Add a vote to: ${cause}` });
    await plus(ana!, 'Change freeze not announced').click();
    await expect.poll(() => ana!.locator('#votes-left').textContent(), SOON).toBe('2 of 3 votes left');
    await plus(ana!, 'Change freeze not announced').click();
    await expect.poll(() => ana!.locator('#votes-left').textContent(), SOON).toBe('1 of 3 votes left');
    await expect.poll(() => plus(ana!, 'Change freeze not announced').isDisabled(), SOON).toBe(true);
    await plus(ana!, 'Disk alarm muted').click();
    await expect.poll(() => ana!.locator('#votes-left').textContent(), SOON).toBe('0 of 3 votes left');
    await expect.poll(() => plus(ana!, 'No runbook for failover').isDisabled(), SOON).toBe(true);
    // Over the limit over HTTP too, whatever the page shows.
    const token = await ana!.evaluate((code) => sessionStorage.getItem(`causeway-phone-${code}`), joinCode);
    const over = await fetch(`${url}/api/vote`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ causeId: bone.categories[0]!.causes[1]!.id }) });
    expect((await over.json()).error.reason).toBe('retro_no_votes_left');
    await screenshot(ana!, 'retro-phone-vote-en.png');

    await plus(bo!, 'Change freeze not announced').click();
    await expect.poll(() => bo!.locator('#votes-left').textContent(), SOON).toBe('2 of 3 votes left');
    await chen!.getByRole('button', { name: '给此原因加一票：Disk alarm muted' }).click();
    await expect.poll(() => chen!.locator('#votes-left').textContent(), SOON).toBe('剩余 2 / 3 票');
    await screenshot(chen!, 'retro-phone-vote-zh-CN.png');
    // Taking one back, and casting it again.
    await bo!.getByRole('button', { name: 'Remove a vote from: Change freeze not announced' }).click();
    await expect.poll(() => bo!.locator('#votes-left').textContent(), SOON).toBe('3 of 3 votes left');
    await plus(bo!, 'Change freeze not announced').click();
    await expect.poll(() => bo!.locator('#votes-left').textContent(), SOON).toBe('2 of 3 votes left');

    // Reveal: every phone sees counts, no names.
    await room.getByRole('button', { name: 'Reveal results' }).click();
    for (const p of [ana!, bo!, chen!]) await expect.poll(() => p.locator('.results').count(), SOON).toBe(1);
    const results = await ana!.locator('.results li').allTextContents();
    expect(results.slice(0, 2)).toEqual(['Change freeze not announced3 votes', 'Disk alarm muted2 votes']);
    for (const p of [ana!, bo!, chen!]) {
      const text = await p.locator('body').textContent();
      expect(text).not.toContain('Bo');
      expect(text).not.toContain('陈');
    }
    await screenshot(ana!, 'retro-phone-results-en.png');
    await screenshot(chen!, 'retro-phone-results-zh-CN.png');
    expect(await axeViolationsOf(ana!)).toEqual([]);
    expect(await axeViolationsOf(chen!)).toEqual([]);

    // The facilitator removes Bo: his phone is cut off at once.
    await room.getByRole('button', { name: 'Remove Bo' }).click();
    await expect.poll(() => bo!.locator('.ended').textContent(), SOON).toBe('You were removed from this session.');

    // Close to phones: the address answers nothing, and the phones say so.
    await panel.getByRole('button', { name: 'Close to phones' }).click();
    await expect.poll(() => panel.getByRole('status').textContent(), SOON).toBe('Closed to phones: the address answers nothing now.');
    expect(await refused(port)).toBe(true);
    await expect.poll(() => ana!.getByRole('status').textContent(), SOON).toBe('The session cannot be reached. Retrying…');
    await expect(fetch(`${url}/api/state`, { headers: { authorization: `Bearer ${token}` } })).rejects.toThrow();

    // Opened again and the session ended: that server is gone too.
    await panel.getByRole('button', { name: 'Open to phones' }).click();
    const again = Number(new URL((await panel.locator('.phones-url code').textContent())!).port);
    expect((await fetch(`http://127.0.0.1:${again}/r/${joinCode}`)).status).toBe(404);
    await room.getByRole('button', { name: 'End session' }).click();
    await expect.poll(() => refused(again), SOON).toBe(true);
  });

  it('shows the phones panel and the join page in Chinese', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const { case: created } = await api(h, 'cases:create', { language: 'zh-CN', title: '结账故障' });
    await api(h, 'fishbone:apply', { caseId: created.id, command: { type: 'replace', fishbone: fishbone() } });
    // CSP bypassed only so that axe-core can be injected into the facilitator's page.
    const { page: room } = await openApp(app.browser(), h.host.appUrl, { locale: 'zh-CN', viewport: { width: 1280, height: 720 }, bypassCSP: true });
    await room.goto(`${h.host.url}/#/case/${created.id}/analyse/fishbone`);
    await room.getByRole('button', { name: '开始团队会议' }).click();
    const panel = room.getByTestId('phones-panel');
    await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(room, 'retro-phones-panel-closed-zh-CN.png');
    expect(await axeViolationsIn(room, '[data-testid=phones-panel]')).toEqual([]);
    await panel.getByRole('button', { name: '向手机开放' }).click();
    const url = (await panel.locator('.phones-url code').textContent())!;
    const p = await phone(app.browser(), url, 'zh-CN');
    await expect.poll(() => p.getByRole('heading', { level: 1 }).textContent(), SOON).toBe('加入复盘会');
    await screenshot(p, 'retro-phone-join-zh-CN.png');
    await joinAs(p, '陈', '你的名字', '加入');
    await expect.poll(() => room.locator('.retro-people li').count(), SOON).toBe(1);
    await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(room, 'retro-phones-panel-zh-CN.png');
    expect(await axeViolationsIn(room, '[data-testid=phones-panel]')).toEqual([]);
    // Keyboard: the close button is reached and pressed without a mouse.
    await panel.getByRole('button', { name: '停止向手机开放' }).focus();
    await room.keyboard.press('Enter');
    await expect.poll(() => panel.getByRole('button', { name: '向手机开放' }).isVisible(), SOON).toBe(true);
    // The language switch on the phone.
    await p.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => p.getByRole('heading', { level: 1 }).textContent(), SOON).toBe('Phase: Brainstorm causes');
    expect(await p.evaluate(() => document.documentElement.lang)).toBe('en');
  });
});

/** axe-core on one part of the page (the panel this feature adds; the rest of the screen is checked by its own tests). */
async function axeViolationsIn(page: Page, selector: string) {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  return page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run(ctx: Element, opts: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document.querySelector(sel)!, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  }, selector);
}

/** axe-core needs its script in the page, which the phone page's CSP refuses: a copy of the page
 *  without the CSP is checked (same markup, same styles). */
async function axeViolationsOf(page: Page) {
  const html = await page.content();
  const css = await page.evaluate(() => [...document.styleSheets].flatMap((s) => [...s.cssRules].map((r) => r.cssText)).join('\n'));
  const context = await page.context().browser()!.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
  const copy = await context.newPage();
  await copy.setContent(html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<link[^>]*>/g, `<style>${css}</style>`));
  const violations = await axeViolations(copy);
  await context.close();
  return violations;
}

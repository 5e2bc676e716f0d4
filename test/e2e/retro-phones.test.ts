import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
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

// After the close, the phones' polling meets a refused connection: that is the point.
const app = useApp({ allowedErrors: /ERR_CONNECTION_REFUSED/ });
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
    await api(h, 'retro:start', { caseId, voting: { votesPerParticipant: 3, maxPerItem: 2, anonymous: true } });
    const opened = await api(h, 'retro:openLan', { caseId, address: '127.0.0.1' });
    const port = Number(new URL(opened.url).port);

    const browser = app.browser();
    const [ana, bo, chen] = await Promise.all([phone(browser, opened.url), phone(browser, opened.url), phone(browser, opened.url, 'zh-CN')]);
    await joinAs(ana!, 'Ana');
    await joinAs(bo!, 'Bo');
    await joinAs(chen!, '陈', '你的名字', '加入');
    for (const p of [ana!, bo!]) await expect.poll(() => p.getByRole('heading', { level: 1 }).textContent(), SOON).toBe('Phase: Brainstorm causes');
    await expect.poll(() => chen!.getByRole('heading', { level: 1 }).textContent(), SOON).toBe('阶段：头脑风暴原因');
    await screenshot(ana!, 'retro-phone-brainstorm-en.png');
    await screenshot(chen!, 'retro-phone-brainstorm-zh-CN.png');

    // Brainstorm: proposals, one of them hostile markup, kept as text.
    await ana!.getByRole('textbox', { name: 'Cause' }).fill('Change freeze not announced');
    await ana!.getByLabel('Category').selectOption({ label: 'Method' });
    await ana!.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => ana!.getByRole('status').textContent(), SOON).toBe('Sent to the facilitator.');
    await bo!.getByRole('textbox', { name: 'Cause' }).fill('<img src=x onerror=alert(1)>');
    await bo!.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => bo!.locator('.proposals li .text').textContent(), SOON).toBe('<img src=x onerror=alert(1)>');
    expect(await bo!.locator('.proposals img').count()).toBe(0);

    // The facilitator accepts Ana's proposal into the diagram (one fishbone command).
    const session = await api(h, 'retro:get', { caseId });
    expect(session.session.proposals.map((p: { text: string; participantName: string }) => [p.text, p.participantName])).toEqual([
      ['Change freeze not announced', 'Ana'],
      ['<img src=x onerror=alert(1)>', 'Bo'],
    ]);
    const accepted = await api(h, 'retro:acceptProposal', { caseId, proposalId: session.session.proposals[0].id, categoryId: bone.categories[0]!.id });
    await api(h, 'fishbone:apply', { caseId, command: accepted.command });
    await api(h, 'retro:rejectProposal', { caseId, proposalId: session.session.proposals[1].id });
    await expect.poll(() => ana!.locator('.proposals .status').textContent(), SOON).toBe('Accepted');

    // Vote: three votes each, at most two on one cause.
    await api(h, 'retro:update', { caseId, update: { type: 'phase', phase: 'vote' } });
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
    const token = await ana!.evaluate((code) => sessionStorage.getItem(`causeway-phone-${code}`), opened.joinCode);
    const over = await fetch(`${opened.url}/api/vote`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ causeId: bone.categories[0]!.causes[1]!.id }) });
    expect((await over.json()).error.reason).toBe('retro_no_votes_left');
    await screenshot(ana!, 'retro-phone-vote-en.png');

    await plus(bo!, 'Change freeze not announced').click();
    await expect.poll(() => bo!.locator('#votes-left').textContent(), SOON).toBe('2 of 3 votes left');
    await chen!.getByRole('button', { name: '给此原因加一票：Disk alarm muted' }).click();
    await expect.poll(() => chen!.locator('#votes-left').textContent(), SOON).toBe('剩余 2 / 3 票');
    await screenshot(chen!, 'retro-phone-vote-zh-CN.png');
    // Taking one back.
    await bo!.getByRole('button', { name: 'Remove a vote from: Change freeze not announced' }).click();
    await expect.poll(() => bo!.locator('#votes-left').textContent(), SOON).toBe('3 of 3 votes left');
    await plus(bo!, 'Change freeze not announced').click();
    await expect.poll(() => bo!.locator('#votes-left').textContent(), SOON).toBe('2 of 3 votes left');

    // Reveal: every phone sees counts, no names.
    await api(h, 'retro:reveal', { caseId });
    for (const p of [ana!, bo!]) await expect.poll(() => p.getByRole('heading', { name: 'Results' }).count(), SOON).toBe(1);
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

    // Close: the address answers nothing, and the phones say so.
    await api(h, 'retro:closeLan', { caseId });
    expect(await refused(port)).toBe(true);
    await expect.poll(() => ana!.getByRole('status').textContent(), SOON).toBe('The session cannot be reached. Retrying…');
  });
});

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

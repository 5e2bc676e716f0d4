import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { defaultCaseFields } from '../../shared/domain/case';
import { defaultCauseFields } from '../../shared/domain/fishbone';
import { newCase, saved, screenshot, useApp } from '../support/app';
import { axeViolations, openApp } from '../support/browser';
import type { RunningHost } from '../support/host';
import { useTempDir } from '../support/temp';

// The outage tests expect failed requests while the host is away, and nothing else.
const app = useApp({ allowedErrors: /Failed to load resource|ERR_CONNECTION_REFUSED|Failed to fetch|401 \(Unauthorized\)/ });
const tempDir = useTempDir();

const caseIdOf = (page: Page) => /#\/case\/([0-9a-f-]{36})/.exec(page.url())![1]!;
const problem = (page: Page) => page.getByLabel('Problem statement', { exact: true });
const banner = (page: Page) => page.locator('.connection-banner');

/** Stops the host and starts it again on the same port, library and secret, as a restart of
 *  `npm run serve` does (the secret is the library's, see session-secret.ts). */
async function restart(h: RunningHost, between: () => Promise<void> = async () => undefined): Promise<RunningHost> {
  const port = Number(new URL(h.host.url).port);
  const dbPath = h.library.dbPath;
  await h.stop();
  await between();
  return app.host(dbPath, { port, token: h.host.token });
}

describe('edits survive reloads and a host that goes away', () => {
  it('keeps text typed just before a reload', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl);
    await newCase(page);
    // The save the page tries as it unloads never reaches the host: only what the page kept can bring the text back.
    const isUpdate = (url: URL) => url.pathname.endsWith('/api/cases%3Aupdate');
    await page.route(isUpdate, (route) => route.abort());
    await problem(page).fill('typed, then reloaded at once');
    await page.reload();
    await page.unroute(isUpdate);
    await expect.poll(() => problem(page).inputValue()).toBe('typed, then reloaded at once');
    await expect.poll(() => h.library.repo.getCase(caseIdOf(page)).problem).toBe('typed, then reloaded at once');
    await context.close();
  });

  it('saves text typed while the host stops once it is back, by itself, with no reload', async () => {
    let h = await app.host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl);
    await newCase(page);
    const id = caseIdOf(page);
    h = await restart(h, async () => {
      await problem(page).fill('typed while Causeway was stopped');
      await expect.poll(() => banner(page).count(), { timeout: 10_000 }).toBe(1);
      expect(await banner(page).textContent()).toContain('Not connected to Causeway');
      await screenshot(page, 'not-connected-en.png');
    });
    await saved(page);
    await expect.poll(() => banner(page).count()).toBe(0);
    expect(h.library.repo.getCase(id).problem).toBe('typed while Causeway was stopped');
    await context.close();
  });

  it('keeps text typed before a reload made while the host is stopped, and stores it once it is back', async () => {
    let h = await app.host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl);
    await newCase(page);
    const id = caseIdOf(page);
    h = await restart(h, async () => {
      await problem(page).fill('typed, host stopped, page reloaded');
      // The page itself cannot load while the host is away: the browser shows its error page.
      await page.reload().catch(() => undefined);
      await expect.poll(() => page.evaluate(() => document.readyState + location.protocol).catch(() => '')).toBe('completechrome-error:');
    });
    // Back: the user opens the page again (the browser could not load it while the host was away).
    // The query string makes it a full load rather than a move within the error page.
    await page.goto(`${h.host.url}/?again#/case/${id}`);
    await expect.poll(() => problem(page).inputValue(), { timeout: 10_000 }).toBe('typed, host stopped, page reloaded');
    await expect.poll(() => h.library.repo.getCase(id).problem).toBe('typed, host stopped, page reloaded');
    await context.close();
  });

  it('saves a fishbone side-panel field edited while the host stops', async () => {
    let h = await app.host(join(tempDir(), 'library.sqlite'));
    const detail = h.library.repo.create(defaultCaseFields('Checkout queue'));
    const caseId = detail.case.id;
    const causeId = randomUUID();
    h.library.fishbones.apply(caseId, {
      type: 'addCategory',
      index: 0,
      category: { id: randomUUID(), label: 'People', templateKey: null, causes: [{ id: causeId, ...defaultCauseFields('Untrained staff'), children: [] }] },
    });
    const { page, context } = await openApp(app.browser(), `${h.host.appUrl}`);
    await page.goto(`${h.host.url}/#/case/${caseId}/analyse/fishbone`);
    await page.locator(`.react-flow__node[data-id="${causeId}"]`).click();
    const evidence = page.getByLabel('Evidence', { exact: true });
    h = await restart(h, async () => {
      await evidence.fill('Onboarding was cancelled in March');
      await evidence.blur();
      await expect.poll(() => banner(page).count(), { timeout: 10_000 }).toBe(1);
    });
    await saved(page);
    await expect.poll(() => h.library.fishbones.get(caseId).fishbone.categories[0]!.causes[0]!.evidence).toBe('Onboarding was cancelled in March');
    await context.close();
  });
});

describe('the browser session', () => {
  it('opens a case link in a new tab of the same browser, with no token in its address', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl);
    await newCase(page, 'Bookmarked case');
    const link = `${h.host.url}/#/case/${caseIdOf(page)}`;
    expect(link).not.toContain('token');
    const tab = await context.newPage();
    await tab.goto(link);
    await expect.poll(() => tab.locator('#case-title').textContent()).toBe('Bookmarked case');
    await problem(tab).fill('typed in the new tab');
    await saved(tab);
    // ... and after the host restarts, without the token either.
    const again = await restart(h);
    await tab.reload();
    await expect.poll(() => problem(tab).inputValue()).toBe('typed in the new tab');
    expect(again.library.repo.getCase(caseIdOf(tab)).problem).toBe('typed in the new tab');
    await context.close();
  });

  it('is told it is not connected in a browser that never had the token, and takes a pasted address at once', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), `${h.host.url}/`, { bypassCSP: true });
    await expect.poll(() => banner(page).getAttribute('data-reason'), { timeout: 10_000 }).toBe('unauthorized');
    await screenshot(page, 'not-connected-unauthorized-en.png');
    expect(await axeViolations(page)).toEqual([]);
    // The address Causeway printed, pasted into the same tab: only the fragment changes.
    await page.evaluate((hash) => (window.location.hash = hash), new URL(h.host.appUrl).hash);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 5000 }).toBe('Case library');
    expect(await banner(page).count()).toBe(0);
    await context.close();
  });
});

describe('in Chinese', () => {
  it('says the page is not connected, and passes the accessibility checks', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), `${h.host.url}/`, { locale: 'zh-CN', bypassCSP: true });
    await expect.poll(() => banner(page).textContent(), { timeout: 10_000 }).toContain('此页面未连接到 Causeway');
    expect(await banner(page).getByRole('button').textContent()).toBe('立即重试');
    await screenshot(page, 'not-connected-zh-CN.png');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('two windows on one case', () => {
  it('refuses the stale window silently overwriting the other after adding an event, and shows the conflict', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const a = await openApp(app.browser(), h.host.appUrl);
    await newCase(a.page, 'Refund promised twice');
    const id = caseIdOf(a.page);
    const b = await openApp(app.browser(), h.host.appUrl);
    await b.page.goto(`${h.host.url}/#/case/${id}`);
    await expect.poll(() => b.page.locator('#case-title').textContent()).toBe('Refund promised twice');

    await problem(b.page).fill('written in window B');
    await saved(b.page);
    // Window A still shows the old text and adds an event: stored (it takes nothing from B), and A
    // now shows B's text rather than keeping a copy that could be saved over it.
    await a.page.getByRole('button', { name: 'Add event' }).click();
    await saved(a.page);
    expect(h.library.repo.get(id).timeline).toHaveLength(1);
    await expect.poll(() => problem(a.page).inputValue()).toBe('written in window B');

    // B changes the text again; A, showing the previous one, edits it: a conflict, nothing lost.
    await problem(b.page).fill('written in window B, again');
    await saved(b.page);
    await problem(a.page).fill('written in window A');
    await expect.poll(() => a.page.locator('.save').getAttribute('data-state')).toBe('failed');
    expect(await a.page.locator('.save').textContent()).toContain('changed in another window');
    expect(h.library.repo.getCase(id).problem).toBe('written in window B, again');
    expect(await problem(a.page).inputValue()).toBe('written in window A');
    await screenshot(a.page, 'two-windows-conflict-en.png');

    // Take theirs: A shows B's text.
    a.page.once('dialog', (d) => void d.accept());
    await a.page.getByRole('button', { name: 'Reload the case' }).click();
    await expect.poll(() => problem(a.page).inputValue()).toBe('written in window B, again');
    expect(h.library.repo.getCase(id).problem).toBe('written in window B, again');
    await a.context.close();
    await b.context.close();
  });
});

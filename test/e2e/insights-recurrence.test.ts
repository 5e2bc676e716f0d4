import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import { Library } from '../../electron/backend/library';
import { defaultCauseFields } from '../../shared/domain/fishbone';
import { screenshot, SHOTS, useApp } from '../support/app';
import { axeViolations, openApp } from '../support/browser';
import { useTempDir } from '../support/temp';

const app = useApp();
const tempDir = useTempDir();

/** A library where one root cause came back in five cases, written through the API before the host
 *  opens it. */
function seed(path: string): string[] {
  const library = new Library(path);
  try {
    const dispatch = createDispatch(createHandlers({ library, version: 'test', shell: 'browser' }), { log: () => undefined });
    const call = (method: string, input: unknown) => {
      const r = dispatch(method as never, input as never) as unknown as { ok: boolean; value: unknown; error?: unknown };
      if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
      return r.value as Record<string, never>;
    };
    return Array.from({ length: 5 }, (_, i) => {
      const created = call('cases:create', { language: 'en', title: `Late parcels ${i + 1}` }) as unknown as { case: { id: string; revision: number } };
      const { revision } = call('cases:update', { id: created.case.id, revision: created.case.revision, patch: { occurredAt: `2026-0${i + 1}-10T08:00:00.000Z` } }) as unknown as { revision: number };
      const root = { ...defaultCauseFields('Pickers were moved without training'), id: randomUUID(), isRootCause: true, status: 'confirmed', children: [] };
      call('fishbone:apply', { caseId: created.case.id, revision, command: { type: 'replace', fishbone: { effect: null, template: '5m1e', orientation: 'head_right', categories: [{ id: randomUUID(), label: 'People', templateKey: 'people', causes: [root] }] } } });
      return created.case.id;
    });
  } finally {
    library.close();
  }
}

describe('Insights: a recurring root cause', () => {
  it('names its three newest cases with the count of all, and opens every case from the drill', async () => {
    const path = join(tempDir(), 'library.sqlite');
    seed(path);
    const h = await app.host(path);
    const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale: 'en-US', viewport: { width: 1280, height: 900 }, bypassCSP: true });
    await page.getByRole('button', { name: 'Insights', exact: true }).click();
    const item = page.locator('article', { has: page.locator('.recurrence-text') }).first();
    await item.waitFor();
    await expect.poll(() => item.locator('p.muted').textContent()).toMatch(/^In 5 cases:/);
    expect(await item.getByRole('link').allTextContents()).toEqual(['Late parcels 5', 'Late parcels 4', 'Late parcels 3']);
    await item.scrollIntoViewIfNeeded();
    await screenshot(page, 'insights-recurrence-en.png');
    expect(await axeViolations(page)).toEqual([]);
    await item.getByRole('button', { name: 'Show all 5 cases' }).click();
    const list = page.getByRole('list', { name: 'Cases behind the figure' });
    await expect.poll(() => list.getByRole('link').count()).toBe(5);
    await context.close();
  });
});

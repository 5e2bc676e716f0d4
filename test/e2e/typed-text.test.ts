import { join } from 'node:path';
import type { Dialog, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findCause } from '../../shared/domain/fishbone';
import { findWhy } from '../../shared/domain/whys';
import { newCase, saved, screenshot, useApp } from '../support/app';
import { openApp } from '../support/browser';
import type { RunningHost } from '../support/host';
import { useTempDir } from '../support/temp';

/** "No typed text is lost": in every family of text field, text typed and not yet saved survives a
 *  reload made at once (no blur, no waiting for "saved"); meanwhile the header never says saved, and
 *  leaving the page asks first, whatever the screen. */

const app = useApp();
const tempDir = useTempDir();

const caseIdOf = (page: Page) => /#\/case\/([0-9a-f-]{36})/.exec(page.url())![1]!;
const saveState = (page: Page) => page.locator('.save').getAttribute('data-state');
const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

/** Reloads without waiting for anything; accepts the leave prompt if the page asks. Returns the
 *  kinds of dialog the page opened (a `beforeunload` one is the leave guard). */
async function reloadAtOnce(page: Page, ready = '#case-title'): Promise<string[]> {
  const dialogs: string[] = [];
  const onDialog = (d: Dialog) => {
    dialogs.push(d.type());
    void d.accept();
  };
  page.on('dialog', onDialog);
  await page.reload();
  page.off('dialog', onDialog);
  await page.locator(ready).first().waitFor();
  return dialogs;
}

/** Types at the end of a field's text, like a user who clicked into it. */
async function typeAtEnd(field: Locator, text: string) {
  await field.click();
  await field.evaluate((el: HTMLInputElement | HTMLTextAreaElement) => el.setSelectionRange(el.value.length, el.value.length));
  await field.pressSequentially(text);
}

async function openSample(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Load sample cases' }).click();
  await page.locator('.row-title').first().waitFor();
  await page.getByRole('link', { name: /Hotel booking system failure/ }).click();
  await page.locator('#case-title').waitFor();
  return caseIdOf(page);
}

async function start(): Promise<{ h: RunningHost; page: Page; close(): Promise<void> }> {
  const h = await app.host(join(tempDir(), 'library.sqlite'));
  const { page, context } = await openApp(app.browser(), h.host.appUrl, { viewport: { width: 1360, height: 1000 } });
  return { h, page, close: () => context.close() };
}

async function goStep(page: Page, h: RunningHost, caseId: string, path: string) {
  await page.goto(`${h.host.url}/#/case/${caseId}/${path}`);
  await page.locator('#case-title').waitFor();
}

describe('typed text survives a reload made at once', () => {
  it('step 1: a field and a timeline description', async () => {
    const { h, page, close } = await start();
    await newCase(page, 'Lost keys at the front desk');
    const caseId = caseIdOf(page);
    await page.getByRole('button', { name: 'Add event' }).click();
    await saved(page);

    await typeAtEnd(page.getByLabel('Problem statement', { exact: true }), 'Guests waited 40 minutes for a spare key.');
    expect(await saveState(page)).toBe('saving');
    expect(await reloadAtOnce(page)).toContain('beforeunload');
    expect(await page.getByLabel('Problem statement', { exact: true }).inputValue()).toBe('Guests waited 40 minutes for a spare key.');

    await typeAtEnd(page.locator('.timeline-row textarea').first(), 'Night porter found the key box locked.');
    expect(await saveState(page)).toBe('saving');
    expect(await reloadAtOnce(page)).toContain('beforeunload');
    expect(await page.locator('.timeline-row textarea').first().inputValue()).toBe('Night porter found the key box locked.');
    const stored = h.library.repo.get(caseId);
    expect(stored.case.problem).toBe('Guests waited 40 minutes for a spare key.');
    expect(stored.timeline[0]!.description).toBe('Night porter found the key box locked.');
    await close();
  });

  it('step 2: the fishbone and 5-Whys side panels, and a label typed in place', async () => {
    const { h, page, close } = await start();
    const caseId = await openSample(page);
    const fishbone = () => h.library.fishbones.get(caseId).fishbone;
    const cause = fishbone().categories[0]!.causes[0]!;

    await goStep(page, h, caseId, 'analyse/fishbone');
    await node(page, cause.id).click();
    const evidence = page.getByLabel('Evidence', { exact: true });
    await typeAtEnd(evidence, ' Seen in the logs.');
    // Typed, not stored yet: the header does not say saved, on a screen other than step 1.
    expect(await saveState(page)).toBe('saving');
    expect(await reloadAtOnce(page)).toContain('beforeunload');
    expect(findCause(fishbone(), cause.id)!.cause.evidence).toBe(`${cause.evidence} Seen in the logs.`);
    await node(page, cause.id).click();
    expect(await page.getByLabel('Evidence', { exact: true }).inputValue()).toBe(`${cause.evidence} Seen in the logs.`);

    // A cause's label typed in place (F2), neither committed nor blurred.
    await node(page, cause.id).click();
    await page.keyboard.press('F2');
    await page.keyboard.type(' (night shift)');
    expect(await saveState(page)).toBe('saving');
    expect(await reloadAtOnce(page)).toContain('beforeunload');
    expect(findCause(fishbone(), cause.id)!.cause.text).toBe(`${cause.text} (night shift)`);

    const whys = () => h.library.whys.get(caseId).analyses;
    const why = whys()[0]!.whys[0]!;
    await goStep(page, h, caseId, 'analyse/whys');
    await node(page, why.id).click();
    await typeAtEnd(page.getByLabel('Evidence', { exact: true }), ' Confirmed by the vendor.');
    expect(await saveState(page)).toBe('saving');
    expect(await reloadAtOnce(page)).toContain('beforeunload');
    expect(findWhy(whys(), why.id)!.why.evidence).toBe(`${why.evidence} Confirmed by the vendor.`);
    await close();
  });

  it('step 3: the action editor owner, description and expected effect', async () => {
    const { h, page, close } = await start();
    const caseId = await openSample(page);
    const action = h.library.plans.get(caseId).plan.actions[0]!;
    await goStep(page, h, caseId, 'design');
    const select = async () => {
      await page.locator('.plan-table').waitFor();
      if (!(await page.locator('.plan-editor').isVisible())) await page.locator(`.plan-table tr[data-id="${action.id}"]`).getByRole('button', { name: action.title, exact: true }).click();
    };
    const editor = page.locator('.plan-editor');
    const stored = () => h.library.plans.get(caseId).plan.actions.find((a) => a.id === action.id)!;
    // One field per reload: each is typed, then the page is reloaded at once.
    const fields: Array<[label: string, typed: string, field: 'owner' | 'description' | 'expectedEffect']> = [
      ['Owner', ' and deputy', 'owner'],
      ['Description', ' Twice a day.', 'description'],
      ['Expected effect, feasibility and resources', ' No extra staff.', 'expectedEffect'],
    ];
    for (const [label, typed, field] of fields) {
      const before = stored()[field];
      await select();
      await typeAtEnd(editor.getByLabel(label, { exact: true }), typed);
      expect(await saveState(page)).toBe('saving');
      expect(await reloadAtOnce(page)).toContain('beforeunload');
      expect(stored()[field]).toBe(`${before}${typed}`);
      await select();
      expect(await editor.getByLabel(label, { exact: true }).inputValue()).toBe(`${before}${typed}`);
    }
    await close();
  });

  it('step 4: a progress note and an effectiveness check being written', async () => {
    const { h, page, close } = await start();
    const caseId = await openSample(page);
    await goStep(page, h, caseId, 'execute');
    const action = h.library.plans.get(caseId).plan.actions.find((a) => a.status === 'done' || a.status === 'verified')!;
    const card = page.locator('.action-card').filter({ has: page.locator('.action-title', { hasText: action.title }) });
    await card.getByRole('button', { name: '+ Add note' }).click();
    await card.getByLabel('Progress note', { exact: true }).pressSequentially('Called the vendor, fix promised for Friday.');
    await card.getByRole('button', { name: '+ Record check' }).click();
    await card.getByLabel('Evidence', { exact: true }).pressSequentially('No complaints in two weeks.');
    await card.getByLabel('Checked by', { exact: true }).pressSequentially('Quality lead');
    await reloadAtOnce(page);

    const after = page.locator('.action-card').filter({ has: page.locator('.action-title', { hasText: action.title }) });
    expect(await after.getByLabel('Progress note', { exact: true }).inputValue()).toBe('Called the vendor, fix promised for Friday.');
    expect(await after.getByLabel('Evidence', { exact: true }).inputValue()).toBe('No complaints in two weeks.');
    expect(await after.getByLabel('Checked by', { exact: true }).inputValue()).toBe('Quality lead');
    await after.scrollIntoViewIfNeeded();
    await screenshot(page, 'typed-text-kept-forms.png');
    // Adding it stores it and forgets the kept text.
    await after.getByRole('button', { name: 'Add note', exact: true }).click();
    await saved(page);
    expect(h.library.plans.get(caseId).plan.actions.find((a) => a.id === action.id)!.progress.at(-1)!.note).toBe('Called the vendor, fix promised for Friday.');
    await reloadAtOnce(page);
    const again = page.locator('.action-card').filter({ has: page.locator('.action-title', { hasText: action.title }) });
    expect(await again.getByLabel('Progress note', { exact: true }).count()).toBe(0);
    await close();
  });

  it('step 4: a reason being written in the close-case dialog is guarded', async () => {
    const { h, page, close } = await start();
    const caseId = await openSample(page);
    await goStep(page, h, caseId, 'execute');
    await page.getByRole('button', { name: 'Close the case' }).click();
    const dialog = page.getByRole('dialog', { name: 'Close the case with unfinished actions?' });
    await dialog.getByLabel('Reason for closing').pressSequentially('Hotel sold.');
    // It is saved only with the close it asks for: pending until then, and leaving asks first.
    expect(await saveState(page)).toBe('saving');
    expect(await reloadAtOnce(page)).toContain('beforeunload');
    expect(h.library.repo.get(caseId).case.status).not.toBe('closed');
    // Going back from the dialog leaves nothing pending.
    await page.getByRole('button', { name: 'Close the case' }).click();
    await dialog.getByLabel('Reason for closing').pressSequentially('Never mind.');
    await dialog.getByRole('button', { name: 'Keep it open' }).click();
    await expect.poll(() => saveState(page)).not.toBe('saving');
    expect(await reloadAtOnce(page)).toEqual([]);
    await close();
  });

  it('step 5: the summary and a lesson', async () => {
    const { h, page, close } = await start();
    const caseId = await openSample(page);
    const lesson = h.library.plans.get(caseId).plan.lessons[0]!;
    await goStep(page, h, caseId, 'improve');
    await typeAtEnd(page.getByLabel('Summary', { exact: true }), ' Reviewed with the hotel.');
    expect(await saveState(page)).toBe('saving');
    expect(await reloadAtOnce(page)).toContain('beforeunload');
    expect(h.library.repo.get(caseId).case.summary).toMatch(/ Reviewed with the hotel\.$/);
    expect(await page.getByLabel('Summary', { exact: true }).inputValue()).toMatch(/ Reviewed with the hotel\.$/);

    await typeAtEnd(page.getByRole('textbox', { name: 'Lesson 1', exact: true }), ' Keep spares.');
    expect(await saveState(page)).toBe('saving');
    expect(await reloadAtOnce(page)).toContain('beforeunload');
    expect(h.library.plans.get(caseId).plan.lessons[0]!.text).toBe(`${lesson.text} Keep spares.`);
    expect(await page.getByRole('textbox', { name: 'Lesson 1', exact: true }).inputValue()).toBe(`${lesson.text} Keep spares.`);
    await close();
  });
});

describe('saving as you type', () => {
  it('saves while the field keeps focus, makes one undo step of the burst, and Escape puts the text back', async () => {
    const { h, page, close } = await start();
    const caseId = await openSample(page);
    const fishbone = () => h.library.fishbones.get(caseId).fishbone;
    const cause = fishbone().categories[0]!.causes[0]!;
    await goStep(page, h, caseId, 'analyse/fishbone');
    await node(page, cause.id).click();
    const evidence = page.getByLabel('Evidence', { exact: true });

    // Two pauses in one burst: each saves without leaving the field.
    await typeAtEnd(evidence, ' First part.');
    await saved(page);
    expect(findCause(fishbone(), cause.id)!.cause.evidence).toBe(`${cause.evidence} First part.`);
    await evidence.pressSequentially(' Second part.');
    await saved(page);
    expect(findCause(fishbone(), cause.id)!.cause.evidence).toBe(`${cause.evidence} First part. Second part.`);
    expect(await evidence.evaluate((el) => el === document.activeElement)).toBe(true);

    // One undo step for the burst.
    await node(page, cause.id).click();
    await page.keyboard.press('Control+z');
    await saved(page);
    expect(findCause(fishbone(), cause.id)!.cause.evidence).toBe(cause.evidence);
    await page.keyboard.press('Control+Shift+z');
    await saved(page);
    expect(findCause(fishbone(), cause.id)!.cause.evidence).toBe(`${cause.evidence} First part. Second part.`);

    // Escape after a save in the burst: back to the text from before it, stored too.
    const before = `${cause.evidence} First part. Second part.`;
    await typeAtEnd(evidence, ' Wrong.');
    await saved(page);
    expect(findCause(fishbone(), cause.id)!.cause.evidence).toBe(`${before} Wrong.`);
    await evidence.press('Escape');
    expect(await evidence.inputValue()).toBe(before);
    await saved(page);
    expect(findCause(fishbone(), cause.id)!.cause.evidence).toBe(before);

    // Text that cannot be saved (a required cause text emptied) is refused in place, saves nothing,
    // and still counts as not saved.
    const text = page.getByLabel('Cause text', { exact: true });
    await text.fill('');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'required' }).count()).toBeGreaterThan(0);
    expect(findCause(fishbone(), cause.id)!.cause.text).toBe(cause.text);
    expect(await saveState(page)).toBe('saving');
    await screenshot(page, 'typed-text-refused-in-place.png');
    await text.press('Escape');
    await expect.poll(() => saveState(page)).toBe('saved');
    expect(await text.inputValue()).toBe(cause.text);
    await close();
  });

  it('does not save pinyin an input method is still composing', async () => {
    const { h, page, close } = await start();
    const caseId = await openSample(page);
    const fishbone = () => h.library.fishbones.get(caseId).fishbone;
    const cause = fishbone().categories[0]!.causes[0]!;
    await goStep(page, h, caseId, 'analyse/fishbone');
    await node(page, cause.id).click();
    const evidence = page.getByLabel('Evidence', { exact: true });
    await evidence.click();
    await evidence.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(el.value.length, el.value.length));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'rizhi', selectionStart: 5, selectionEnd: 5 });
    await expect.poll(() => evidence.inputValue()).toBe(`${cause.evidence}rizhi`);
    // A long pause while composing: nothing saved yet, still pending.
    await page.waitForTimeout(1200);
    expect(findCause(fishbone(), cause.id)!.cause.evidence).toBe(cause.evidence);
    expect(await saveState(page)).toBe('saving');
    await cdp.send('Input.insertText', { text: '日志' });
    await expect.poll(() => evidence.inputValue()).toBe(`${cause.evidence}日志`);
    await saved(page);
    expect(findCause(fishbone(), cause.id)!.cause.evidence).toBe(`${cause.evidence}日志`);
    await close();
  });

  it('stores panel text typed just before going back to the library, and guards the library', async () => {
    const { h, page, close } = await start();
    const caseId = await openSample(page);
    const cause = h.library.fishbones.get(caseId).fishbone.categories[0]!.causes[0]!;
    await goStep(page, h, caseId, 'analyse/fishbone');
    await node(page, cause.id).click();
    await typeAtEnd(page.getByLabel('Evidence', { exact: true }), ' Typed, then straight back.');
    await page.getByRole('button', { name: /Back to library/ }).click();
    await page.locator('.row-title').first().waitFor();
    expect(findCause(h.library.fishbones.get(caseId).fishbone, cause.id)!.cause.evidence).toBe(`${cause.evidence} Typed, then straight back.`);
    // The queue is empty once the library shows: nothing to ask about.
    expect(await reloadAtOnce(page, '.row-title')).toEqual([]);
    // On the library too, a new case's title being typed is guarded.
    await page.getByRole('button', { name: 'New case' }).click();
    await page.getByRole('dialog').getByLabel('Case title').pressSequentially('Half a title');
    expect(await reloadAtOnce(page, '.row-title')).toContain('beforeunload');
    await close();
  });
});

import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { defaultCaseFields } from '../../shared/domain/case';
import { defaultCauseFields, walkCauses, type Cause, type Fishbone } from '../../shared/domain/fishbone';
import type { Why, WhyAnalysis } from '../../shared/domain/whys';
import { screenshot, updateReadmeScreenshots, useApp } from '../support/app';
import { axeViolations, openApp } from '../support/browser';
import { generatedFishbone } from '../support/fishbones';
import type { RunningHost } from '../support/host';
import { libraryRetroManager } from '../../electron/backend/retro/retro-handlers';
import type { RetroSessionManager } from '../../electron/backend/retro/session-manager';
import { useTempDir } from '../support/temp';

const app = useApp();
const tempDir = useTempDir();
const PROJECTOR = { width: 1280, height: 720 };

updateReadmeScreenshots([['retro-present-en.png', 'retro-en.png']]);

const cause = (text: string, children: Cause[] = []): Cause => ({ id: randomUUID(), ...defaultCauseFields(text), children });
const why = (answer: string, children: Why[] = [], root = false): Why => ({
  id: randomUUID(),
  answer,
  evidence: '',
  status: 'hypothesis',
  isRootCause: root,
  stopReason: root ? 'controllable' : null,
  stopNote: '',
  collapsed: false,
  children,
});

/** A case with a small fishbone (People: a cause with a sub-cause and another; Process: 2; Tools:
 *  none) and one 5-Whys analysis with two branches; or the fishbone given. */
function seed(h: RunningHost, title: string, fishbone?: Fishbone) {
  const id = h.library.repo.create(defaultCaseFields(title)).case.id;
  const f: Fishbone = fishbone ?? {
    effect: 'Customers were not called back',
    template: null,
    orientation: 'head_right',
    categories: [
      { id: randomUUID(), label: 'People', templateKey: null, causes: [cause('Roster gap', [cause('Sick leave not covered')]), cause('No handover between shifts')] },
      { id: randomUUID(), label: 'Process', templateKey: null, causes: [cause('Callback queue not monitored'), cause('No escalation rule')] },
      { id: randomUUID(), label: 'Tools', templateKey: null, causes: [] },
    ],
  };
  h.library.fishbones.apply(id, { type: 'replace', fishbone: f });
  const analysis: WhyAnalysis = {
    id: randomUUID(),
    question: 'Why were customers not called back?',
    startCauseId: null,
    direction: 'LR',
    whys: [why('The queue was not watched', [why('Nobody owned the queue', [], true), why('The alert went to an old mailbox', [], true)])],
  };
  h.library.whys.apply(id, { type: 'addAnalysis', index: 0, analysis });
  return id;
}

const votesByText = (h: RunningHost, caseId: string) => {
  const out: Record<string, number> = {};
  walkCauses(h.library.fishbones.get(caseId).fishbone, (c) => {
    if (c.votes) out[c.text] = c.votes;
  });
  return out;
};

async function present(h: RunningHost, caseId: string, locale: 'en-US' | 'zh-CN' = 'en-US') {
  const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale, viewport: PROJECTOR, bypassCSP: true });
  await page.goto(`${h.host.url}/#/case/${caseId}/analyse/fishbone`);
  await page.getByRole('button', { name: locale === 'en-US' ? 'Run a team session' : '开始团队会议' }).click();
  const dialog = page.getByRole('dialog', { name: locale === 'en-US' ? 'Team session' : '团队会议' });
  await dialog.waitFor();
  await page.locator('.retro-slide-title').first().waitFor();
  return { page, context, dialog };
}

const where = (page: Page) => page.locator('.retro-slide-where').textContent();
const title = (page: Page) => page.locator('.retro-slide-title').textContent();
const clock = async (page: Page) => {
  const [m, s] = ((await page.getByTestId('retro-clock').textContent()) ?? '').split(':').map(Number);
  return m! * 60 + s!;
};

describe('team session on the room’s screen', () => {
  it('walks categories and whys by keyboard, runs phases and the timer, votes in the room with per-person limits, reveals, applies and undoes', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const caseId = seed(h, 'Missed callbacks');
    const { page, context, dialog } = await present(h, caseId);

    // The overlay covers the projector's whole screen.
    expect(await page.locator('.retro-present').boundingBox()).toEqual({ x: 0, y: 0, ...PROJECTOR });

    // One category at a time, then one 5-Whys branch at a time; Right/PageDown forward, Left/PageUp back.
    expect(await where(page)).toContain('Category 1 of 3');
    expect(await title(page)).toBe('People');
    expect(await page.locator('.retro-cause-text').allTextContents()).toEqual(['Roster gap', 'Sick leave not covered', 'No handover between shifts']);
    await page.keyboard.press('ArrowRight');
    expect(await title(page)).toBe('Process');
    await page.keyboard.press('PageDown');
    expect(await title(page)).toBe('Tools');
    await expect.poll(() => dialog.getByText('No causes in this category yet.').isVisible()).toBe(true);
    await page.keyboard.press('ArrowRight');
    expect(await where(page)).toContain('5 Whys 1, branch 1 of 2');
    expect(await title(page)).toBe('Why were customers not called back?');
    expect(await page.locator('.retro-why-answer').allTextContents()).toEqual(['The queue was not watched', 'Nobody owned the queue']);
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('.retro-why-answer').allTextContents()).toEqual(['The queue was not watched', 'The alert went to an old mailbox']);
    await page.keyboard.press('ArrowRight'); // the last slide: stays
    expect(await where(page)).toContain('branch 2 of 2');
    await page.keyboard.press('PageUp');
    expect(await where(page)).toContain('branch 1 of 2');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
    expect(await title(page)).toBe('People');

    // + and - change the text size.
    const size = () => page.locator('.retro-cause-text').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const before = await size();
    expect(before).toBeGreaterThanOrEqual(24);
    await page.keyboard.press('+');
    expect(await size()).toBeGreaterThan(before);
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    expect(await size()).toBeLessThan(before);
    await page.keyboard.press('+');

    // The countdown: brainstorm runs from 5:00; Space pauses and resumes; +1 min extends.
    expect(await clock(page)).toBeGreaterThan(4 * 60 + 50);
    expect(await page.locator('.retro-phases [aria-current="step"]').textContent()).toContain('Brainstorm causes');
    await page.keyboard.press(' ');
    await dialog.getByText('Paused', { exact: true }).waitFor();
    const paused = await clock(page);
    await page.waitForTimeout(1300);
    expect(await clock(page)).toBe(paused);
    await page.locator('.retro-slide').focus();
    await page.keyboard.press(' ');
    await expect.poll(() => dialog.getByText('Paused', { exact: true }).count()).toBe(0);
    await dialog.getByRole('button', { name: '+1 min' }).click();
    await expect.poll(() => clock(page)).toBeGreaterThan(5 * 60 + 45);
    // Screen readers hear the minute count when it changes, not every second.
    const live = page.locator('.retro-top [aria-live="polite"]');
    await expect.poll(() => live.textContent()).toBe('6 minutes left in Brainstorm causes');
    await page.waitForTimeout(1200);
    expect(await live.textContent()).toBe('6 minutes left in Brainstorm causes');

    // N: the next phase, its own countdown. Two steps reach the vote (2 minutes).
    await page.locator('.retro-slide').focus();
    await page.keyboard.press('n');
    await expect.poll(() => page.locator('.retro-phases [aria-current="step"]').textContent()).toContain('Group');
    await page.keyboard.press('N');
    await expect.poll(() => page.locator('.retro-phases [aria-current="step"]').textContent()).toContain('Vote');
    expect(await clock(page)).toBeLessThanOrEqual(120);
    expect(await clock(page)).toBeGreaterThan(110);

    // Participants in the room, by name or anonymous.
    const name = dialog.getByPlaceholder('Name');
    await name.fill('Ana');
    await name.press('Enter');
    await name.fill('Bo');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.getByRole('button', { name: 'Add anonymous' }).click();
    await expect.poll(() => page.locator('.retro-person').allTextContents()).toEqual(['Ana', 'Bo', 'Participant 3']);
    await name.fill('ana');
    await name.press('Enter');
    await dialog.getByRole('alert').getByText('Someone in this session already has that name.').waitFor();
    await name.fill('');

    // Ana votes at the screen: at most 3 on one cause, 5 in all.
    await dialog.getByLabel('Voting now').selectOption({ label: 'Ana' });
    const voteFor = (text: string) => dialog.getByRole('button', { name: `Vote for “${text}”` });
    for (let i = 0; i < 3; i++) await voteFor('Roster gap').click();
    await expect.poll(() => page.locator('.retro-people li').first().textContent()).toContain('2 votes left');
    await voteFor('Roster gap').click();
    await dialog.getByRole('alert').getByText('This participant has put the most votes allowed on this cause.').waitFor();
    await voteFor('Sick leave not covered').click();
    await voteFor('No handover between shifts').click();
    await expect.poll(() => page.locator('.retro-people li').first().textContent()).toContain('0 votes left');
    await voteFor('Sick leave not covered').click();
    await dialog.getByRole('alert').getByText('This participant has used all their votes.').waitFor();
    // Taking one back frees it.
    await dialog.getByRole('button', { name: 'Take back a vote from “Sick leave not covered”' }).click();
    await expect.poll(() => page.locator('.retro-people li').first().textContent()).toContain('1 vote left');
    await dialog.getByLabel('Voting now').selectOption({ label: 'Bo' });
    await voteFor('No handover between shifts').click();
    await expect.poll(() => page.locator('.retro-people li').nth(1).textContent()).toContain('4 votes left');
    // Nothing is totalled before the reveal.
    expect(await page.locator('.retro-total').count()).toBe(0);
    expect(await page.getByTestId('retro-results').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    await dialog.getByRole('button', { name: 'Reveal results' }).click();
    await page.getByTestId('retro-results').waitFor();
    expect(await page.getByTestId('retro-results').locator('li').allTextContents()).toEqual(['3 votes Roster gap', '2 votes No handover between shifts']);
    expect(await page.locator('.retro-total').allTextContents()).toEqual(['3 votes', '2 votes']);
    await screenshot(page, 'retro-revealed-en.png');

    // The tallies become the causes' votes as one undo step.
    expect(votesByText(h, caseId)).toEqual({});
    await dialog.getByRole('button', { name: 'Apply votes to causes' }).click();
    await expect.poll(() => votesByText(h, caseId)).toEqual({ 'Roster gap': 3, 'No handover between shifts': 2 });
    await dialog.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(() => votesByText(h, caseId)).toEqual({});
    expect(await axeViolations(page)).toEqual([]);

    // Esc leaves the presentation; the session stays open and can be resumed, then ended.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Back to the team session' }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'End session' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.getByText('Team sessions (1)').waitFor();
    const [stored] = h.library.retros.list(caseId);
    expect(stored!.summary!.participants.map((p) => p.name)).toEqual(['Ana', 'Bo', null]);
    expect(stored!.summary!.votes.map((v) => [v.text, v.votes])).toEqual([
      ['Roster gap', 3],
      ['No handover between shifts', 2],
    ]);
    // Anonymous by default: the stored votes name nobody.
    expect(JSON.stringify(stored!.summary!.votes)).not.toMatch(/Ana|Bo/);
    await context.close();
  });

  it('in Chinese: phones join, propose and vote; the screen accepts a proposal into a chosen category, hides phone votes until the reveal, then names the voters', async () => {
    let manager: RetroSessionManager | null = null;
    const h = await app.host(join(tempDir(), 'library-phones.sqlite'), { retro: (library) => (manager = libraryRetroManager(library)) });
    const caseId = seed(h, '未回电投诉');
    const { page, context, dialog } = await present(h, caseId, 'zh-CN');
    expect(await title(page)).toBe('People');
    // Named votes, set before anyone votes.
    await dialog.getByText('各阶段分钟数').click();
    await dialog.getByLabel('匿名投票').uncheck();
    await expect.poll(() => dialog.getByText('每人 5 票，每个原因最多 3 票，记名').count()).toBe(1);
    // Bad input says what is wrong and changes nothing.
    await dialog.getByLabel('投票（分钟）').fill('0');
    await dialog.getByLabel('投票（分钟）').blur();
    await dialog.getByRole('alert').getByText('分钟数必须是 1 到 240 之间的整数。').waitFor();
    expect(await dialog.getByLabel('投票（分钟）').inputValue()).toBe('2');
    await dialog.getByLabel('每个原因最多').fill('9');
    await dialog.getByLabel('每个原因最多').blur();
    await dialog.getByRole('alert').getByText('每个原因的票数上限不能超过每人的票数。').waitFor();
    await dialog.getByLabel('投票（分钟）').fill('3');
    await dialog.getByLabel('投票（分钟）').blur();
    await expect.poll(() => dialog.getByRole('alert').count()).toBe(0);
    await expect.poll(() => page.locator('.retro-phases li').nth(2).textContent()).toBe('投票3 分钟');

    const phone = manager!.participantApi(manager!.get(caseId)!.id)!;
    const li = phone.join('李雷');
    const fishbone = h.library.fishbones.get(caseId).fishbone;
    const [people, process] = fishbone.categories;
    phone.propose(li.id, '回访名单没有人维护', people!.id);
    phone.propose(li.id, '天气原因');
    // The screen asks every two seconds.
    const polled = { timeout: 6000 };
    await expect.poll(() => page.locator('.retro-person').allTextContents(), polled).toEqual(['李雷 · 手机加入']);
    await expect.poll(() => page.locator('.retro-proposal-text').allTextContents(), polled).toEqual(['回访名单没有人维护', '天气原因']);
    // Accepted into the category the facilitator picks (not the suggested one); the other rejected.
    await dialog.getByLabel('“回访名单没有人维护”的类别').selectOption({ label: 'Process' });
    await dialog.getByRole('button', { name: '接受' }).first().click();
    await expect.poll(() => h.library.fishbones.get(caseId).fishbone.categories[1]!.causes.map((c) => c.text)).toEqual(['Callback queue not monitored', 'No escalation rule', '回访名单没有人维护']);
    await dialog.getByRole('button', { name: '拒绝' }).click();
    await expect.poll(() => dialog.getByText('没有待处理的提议。').count()).toBe(1);

    // The phone votes in the vote phase; the screen shows only that Li Lei has used a vote.
    await page.keyboard.press('n');
    await page.keyboard.press('n');
    await expect.poll(() => page.locator('.retro-phases [aria-current="step"]').textContent()).toContain('投票');
    const target = process!.causes[0]!;
    phone.vote(li.id, target.id, 1);
    phone.vote(li.id, target.id, 1);
    await expect.poll(() => page.locator('.retro-people li').first().textContent(), polled).toContain('剩 3 票');
    expect(await page.content()).not.toContain('retro-total');
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: '公布结果' }).click();
    await expect.poll(() => page.getByTestId('retro-results').locator('li').allTextContents()).toEqual(['2 票 Callback queue not monitored 投票人：李雷 2']);
    await screenshot(page, 'retro-phones-zh-CN.png');
    await dialog.getByRole('button', { name: '结束会议' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    // Closed: the phone's calls are refused from now on.
    expect(() => phone.publicState(li.id)).toThrow(/closed/);
    expect(h.library.retros.list(caseId)[0]!.summary!.votes).toEqual([{ causeId: target.id, text: 'Callback queue not monitored', votes: 2, voters: [{ name: '李雷', votes: 2 }] }]);
    await context.close();
  });

  for (const locale of ['en-US', 'zh-CN'] as const) {
    it(`shows a 300-cause fishbone one readable category at a time at 1280x720 (${locale})`, async () => {
      const h = await app.host(join(tempDir(), `library-${locale}.sqlite`));
      const caseId = seed(h, locale === 'en-US' ? 'Late deliveries' : '促销期间配送延迟', generatedFishbone(300, { categories: 6, seed: 3 }));
      const { page, context, dialog } = await present(h, caseId, locale);
      const zh = locale === 'zh-CN';
      expect(await where(page)).toContain(zh ? '第 1 个类别，共 6 个' : 'Category 1 of 6');
      // The category's rows fit the slide: nothing below the fold, text at projector size.
      const fits = () =>
        page.evaluate(() => {
          const slide = document.querySelector('.retro-slide')!.getBoundingClientRect();
          const rows = [...document.querySelectorAll('.retro-cause')].map((r) => r.getBoundingClientRect());
          return { rows: rows.length, lowest: Math.max(...rows.map((r) => r.bottom)), bottom: slide.bottom, right: Math.max(...rows.map((r) => r.right)), slideRight: slide.right };
        });
      await screenshot(page, `retro-present-${zh ? 'zh-CN' : 'en'}.png`);
      const first = await fits();
      expect(first.rows).toBeGreaterThan(10);
      expect(first.lowest).toBeLessThanOrEqual(first.bottom);
      expect(first.right).toBeLessThanOrEqual(first.slideRight);
      expect(await page.locator('.retro-cause-text').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(24);
      // Walking on: the category's further pages, then the next category.
      await page.keyboard.press('ArrowRight');
      expect(await where(page)).toMatch(zh ? /第 1 个类别，共 6 个 · 2 \/ \d/ : /Category 1 of 6 · 2 \/ \d/);
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);
      await context.close();
    });
  }
});

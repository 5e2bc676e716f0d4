import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { defaultCauseFields, type Cause, type Fishbone } from '../../shared/domain/fishbone';
import { newCase, saved, screenshot, updateReadmeScreenshots, useApp } from '../support/app';
import { axeViolations, openApp } from '../support/browser';
import type { RunningHost } from '../support/host';
import { useTempDir } from '../support/temp';

const app = useApp();
const tempDir = useTempDir();

const caseIdOf = (page: Page) => /#\/case\/([0-9a-f-]{36})/.exec(page.url())![1]!;

/** The stored diagram as a plain outline: category label, then causes indented by depth. */
function outline(f: Fishbone): string[] {
  const lines: string[] = [];
  const walk = (list: Cause[], depth: number) => list.forEach((c) => (lines.push(`${'  '.repeat(depth)}${c.text}`), walk(c.children, depth + 1)));
  for (const c of f.categories) {
    lines.push(c.label);
    walk(c.causes, 1);
  }
  return lines;
}

const stored = (h: RunningHost, page: Page) => h.library.fishbones.get(caseIdOf(page)).fishbone;

/** What the diagram shows, in the order React Flow has the nodes. */
const shownTexts = (page: Page) => page.locator('.react-flow__node .fb-node').evaluateAll((els) => els.map((e) => e.textContent ?? ''));

async function openAnalysis(page: Page, name = /Cause analysis/) {
  await page.getByRole('button', { name }).click();
  await page.locator('.react-flow__node').first().waitFor();
}

async function type(page: Page, text: string, then: 'Enter' | 'Tab' = 'Enter') {
  await page.keyboard.type(text);
  await page.keyboard.press(then);
}

describe('fishbone editor', () => {
  it('builds 4 categories and 12 causes with the keyboard only, undoes, redoes, and reloads the same diagram', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl);
    await newCase(page, 'Late deliveries in the promotion');
    await openAnalysis(page);
    const canvas = page.getByRole('application', { name: 'Fishbone diagram editor' });
    await canvas.focus();
    await page.keyboard.press('ArrowDown'); // selects the head

    const plan: Array<[string, Array<[string, string?]>]> = [
      ['People', [['Untrained staff', 'Onboarding cancelled'], ['Understaffed at peak']]],
      ['Process', [['No surge plan'], ['Refunds need three signatures', 'Authority too low']]],
      ['Systems', [['Order system crashed', 'Connection pool exhausted'], ['SMS notices delayed']]],
      ['Environment', [['Warehouse moved'], ['Heavy rain'], ['Road closures']]],
    ];
    for (const [category, causes] of plan) {
      await page.keyboard.press('Enter'); // from the head or a category: a new category after it
      await type(page, category);
      await page.keyboard.press('Tab'); // a cause on the new bone
      for (const [i, [text, sub]] of causes.entries()) {
        if (i > 0) await page.keyboard.press('Enter'); // a sibling below
        if (sub) {
          await type(page, text, 'Tab'); // saves and opens a sub-cause
          await type(page, sub);
          await page.keyboard.press('ArrowRight'); // back up to its parent (towards the head)
        } else {
          await type(page, text);
        }
      }
      await page.keyboard.press('ArrowRight'); // up to the category
    }
    const expected = [
      'People', '  Untrained staff', '    Onboarding cancelled', '  Understaffed at peak',
      'Process', '  No surge plan', '  Refunds need three signatures', '    Authority too low',
      'Systems', '  Order system crashed', '    Connection pool exhausted', '  SMS notices delayed',
      'Environment', '  Warehouse moved', '  Heavy rain', '  Road closures',
    ];
    await saved(page);
    expect(outline(stored(h, page))).toEqual(expected);
    expect(expected.filter((l) => l.startsWith('  '))).toHaveLength(12);

    // Empty text is refused in place and nothing is added.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'is required' }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.fb-editor').count()).toBe(0);

    // Undo takes back one edit at a time; redo puts it back.
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await saved(page);
    expect(outline(stored(h, page))).toEqual(expected.slice(0, -2));
    await page.keyboard.press('Control+Shift+z');
    await saved(page);
    expect(outline(stored(h, page))).toEqual(expected.slice(0, -1));
    await page.keyboard.press('Control+y');
    await saved(page);
    expect(outline(stored(h, page))).toEqual(expected);

    // Delete removes the selected cause.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Delete');
    await saved(page);
    expect(outline(stored(h, page))).toEqual(expected.filter((l) => l !== '  Heavy rain'));

    const before = await shownTexts(page);
    const diagram = stored(h, page);
    await page.reload();
    await page.locator('.react-flow__node').first().waitFor();
    await expect.poll(() => shownTexts(page)).toEqual(before);
    expect(stored(h, page)).toEqual(diagram);
    await context.close();
  });
});


describe('fishbone outline', () => {
  it('edits the same tree with the keyboard in the outline view', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl);
    await newCase(page, 'Wrong invoices');
    await openAnalysis(page);
    await page.getByRole('button', { name: 'Outline' }).click();
    const tree = page.getByRole('tree', { name: 'Fishbone outline' });
    await tree.getByRole('treeitem').first().focus();
    await page.keyboard.press('Enter'); // from the head: a category
    await type(page, 'Systems');
    await page.keyboard.press('Tab');
    await type(page, 'Tax table out of date', 'Tab');
    await type(page, 'No owner for the table');
    await page.keyboard.press('ArrowLeft'); // to the parent
    await page.keyboard.press('Enter');
    await type(page, 'Rounding differs by channel');
    await saved(page);
    expect(outline(stored(h, page))).toEqual(['Systems', '  Tax table out of date', '    No owner for the table', '  Rounding differs by channel']);
    await expect.poll(() => tree.getByRole('treeitem', { selected: true }).textContent()).toContain('Rounding differs by channel');
    await page.keyboard.press('Control+z');
    await saved(page);
    expect(outline(stored(h, page))).toEqual(['Systems', '  Tax table out of date', '    No owner for the table']);
    await context.close();
  });
});

const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

/** The centre of a node on screen. */
async function centre(page: Page, id: string) {
  const box = (await node(page, id).boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function dragTo(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 8, from.y + 8, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

describe('fishbone editor with a mouse', () => {
  it('drags a cause to another category, edits, votes from the menu, undoes, exports SVG and PNG, and reloads the same', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl);
    await page.getByRole('button', { name: 'Load sample cases' }).click();
    await page.locator('.row-title').first().waitFor();
    await page.getByRole('link', { name: /Singles/ }).click();
    await openAnalysis(page);
    await page.getByRole('button', { name: 'Fit to screen' }).click();
    await screenshot(page, 'fishbone-en.png');

    const before = stored(h, page);
    const [from, to] = [before.categories[0]!, before.categories[3]!];
    const moving = from.causes.at(-1)!;
    // Dropped on the other category's label: it becomes that bone's last cause, sub-causes and all.
    await dragTo(page, await centre(page, moving.id), await centre(page, to.id));
    await saved(page);
    let after = stored(h, page);
    expect(after.categories[3]!.causes.at(-1)).toEqual(moving);
    expect(after.categories[0]!.causes.map((c) => c.id)).toEqual(from.causes.slice(0, -1).map((c) => c.id));

    // Undo from the toolbar puts it back; redo moves it again.
    await page.getByRole('button', { name: 'Undo' }).click();
    await saved(page);
    expect(stored(h, page)).toEqual(before);
    await page.getByRole('button', { name: 'Redo' }).click();
    await saved(page);
    expect(stored(h, page)).toEqual(after);

    // Double-click edits in place.
    const target = after.categories[1]!.causes[0]!;
    await node(page, target.id).dblclick();
    await page.locator('.fb-editor').fill('Nobody owned the surge plan');
    await page.keyboard.press('Enter');
    await saved(page);
    after = stored(h, page);
    expect(after.categories[1]!.causes[0]!.text).toBe('Nobody owned the surge plan');

    // The context menu votes.
    await node(page, target.id).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Vote +1' }).click();
    await saved(page);
    expect(stored(h, page).categories[1]!.causes[0]!.votes).toBe(target.votes + 1);

    // Exports.
    const svgDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'SVG image' }).click();
    const svgFile = join(tempDir(), 'out.svg');
    await (await svgDownload).saveAs(svgFile);
    const svg = readFileSync(svgFile, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    // Lines are wrapped into <tspan>s: compare the words.
    const words = svg.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
    expect(words).toContain('Nobody owned the surge plan');
    for (const c of after.categories) expect(words).toContain(c.label);

    const pngDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'PNG image' }).click();
    const png = readFileSync(await (await pngDownload).path());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const [w, hgt] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    expect(w).toBeGreaterThan(800);
    expect(hgt).toBeGreaterThan(300);

    const shown = await shownTexts(page);
    const diagram = stored(h, page);
    await page.reload();
    await page.locator('.react-flow__node').first().waitFor();
    await expect.poll(() => shownTexts(page)).toEqual(shown);
    expect(stored(h, page)).toEqual(diagram);
    await context.close();
  });
});

describe('fishbone exchange and bad input', () => {
  it('refuses a malformed Mermaid file with its line number, imports a good one, and keeps a 5,000-character cause whole', async () => {
    const h = await app.host(join(tempDir(), 'library.sqlite'));
    const { page, context } = await openApp(app.browser(), h.host.appUrl);
    await newCase(page, 'Checkout queue');
    await openAnalysis(page);

    await page.getByRole('button', { name: 'Import Mermaid…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import Mermaid' });
    await dialog.getByLabel('Mermaid text').fill('flowchart LR\n  A --> B');
    await dialog.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/^Line 1:/);
    expect(stored(h, page).categories).toEqual([]);

    const text = ['ishikawa', '    Long checkout queues', '    People', '        Cashiers on break at noon', '            No break rota', '    Equipment', '        Scanner fails on crumpled labels'].join('\n');
    await dialog.getByLabel('Mermaid text').fill(text);
    await dialog.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await saved(page);
    expect(outline(stored(h, page))).toEqual(['People', '  Cashiers on break at noon', '    No break rota', 'Equipment', '  Scanner fails on crumpled labels']);
    expect(stored(h, page).effect).toBe('Long checkout queues');

    // The Mermaid export gives back what was imported.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Mermaid text' }).click();
    const exported = readFileSync(await (await download).path(), 'utf8');
    for (const line of text.split('\n').slice(1)) expect(exported).toContain(line.trim());
    await expect.poll(() => page.locator('.toast').last().textContent()).toContain('Saved Checkout queue-fishbone.mmd');
    await page.locator('.toast-close').last().click();

    // A pasted paragraph: clipped on the diagram, whole in the side panel.
    const scanner = stored(h, page).categories[1]!.causes[0]!;
    await node(page, scanner.id).click();
    const long = 'Labels crumple in the bag. '.repeat(185).trim();
    expect(long.length).toBeGreaterThan(4_900);
    const field = page.getByLabel('Cause text');
    await field.fill(long);
    await field.blur();
    await saved(page);
    expect(findText(stored(h, page), scanner.id)).toBe(long);
    const lines = await node(page, scanner.id).locator('.fb-line').allTextContents();
    expect(lines).toHaveLength(4);
    expect(lines.at(-1)!.endsWith('…')).toBe(true);
    expect(await field.inputValue()).toBe(long);

    // Eleven more such causes make a text longer than Mermaid draws by default: saved whole, and said so.
    const grown = stored(h, page);
    for (let i = 0; i < 11; i++) grown.categories[1]!.causes.push({ id: randomUUID(), ...defaultCauseFields(long), children: [] });
    h.library.fishbones.apply(caseIdOf(page), { type: 'replace', fishbone: grown });
    await page.reload();
    await page.locator('.react-flow__node').first().waitFor();
    const bigDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Mermaid text' }).click();
    const big = readFileSync(await (await bigDownload).path(), 'utf8');
    expect(big.length).toBeGreaterThan(50_000);
    expect(big.split(long).length - 1).toBe(12);
    await expect
      .poll(() => page.locator('.toast').last().textContent())
      .toMatch(/Saved Checkout queue-fishbone\.mmd\. It is \d{2},\d{3} characters long, more than the 50,000 Mermaid draws by default: raise maxTextSize/);
    await context.close();
  });
});

function findText(f: Fishbone, id: string): string | undefined {
  let found: string | undefined;
  const walk = (list: Cause[]) => list.forEach((c) => (c.id === id ? (found = c.text) : walk(c.children)));
  f.categories.forEach((c) => walk(c.causes));
  return found;
}

describe('fishbone screens', () => {
  for (const [locale, language, demo, step, colorScheme] of [
    ['zh-CN', 'zh-CN', /双十一/, /原因分析/, 'light'],
    ['en-US', 'en', /Singles/, /Cause analysis/, 'light'],
    ['en-US', 'en', /Singles/, /Cause analysis/, 'dark'],
  ] as const) {
    it(`shows a sample diagram and its outline in ${language} (${colorScheme}), with no accessibility violations`, async () => {
      const h = await app.host(join(tempDir(), 'library.sqlite'));
      const { page, context } = await openApp(app.browser(), h.host.appUrl, { locale, colorScheme, bypassCSP: true, viewport: { width: 1440, height: 900 } });
      await page.getByRole('button', { name: language === 'en' ? 'Load sample cases' : '载入示例案例' }).click();
      await page.locator('.row-title').first().waitFor();
      await page.getByRole('link', { name: demo }).click();
      await openAnalysis(page, step);
      await page.getByRole('button', { name: language === 'en' ? 'Fit to screen' : '适应屏幕' }).click();
      const first = stored(h, page).categories[0]!.causes[0]!;
      await node(page, first.id).click();
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `fishbone-${language}${colorScheme === 'dark' ? '-dark' : ''}.png`);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: language === 'en' ? 'Outline' : '大纲' }).click();
      await page.getByRole('tree').waitFor();
      await screenshot(page, `fishbone-outline-${language}${colorScheme === 'dark' ? '-dark' : ''}.png`);
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    });
  }
});

updateReadmeScreenshots([['fishbone-en.png', 'fishbone-en.png']]);

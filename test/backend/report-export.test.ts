import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import { findChromium } from '../../electron/backend/pdf';
import { exportsDir, printableHtml, reportDoc } from '../../electron/backend/report-export';
import { REPORT_FONT_FAMILY, reportFontFaceCss } from '../../electron/backend/report-fonts';
import { caseSnapshot } from '../../electron/backend/snapshot';
import type { ApiError, Result } from '../../shared/contract/errors';
import { safeFileName } from '../../shared/exchange/file-name';
import type { Language } from '../../shared/i18n/languages';
import { CATALOGS } from '../../shared/i18n/catalogs';
import { launchBrowser } from '../support/browser';
import { manualClock, useBackend, type Backend } from '../support/backend';
import { docxParagraphs, readZip, zipText } from '../support/zip';

const { start } = useBackend();

const CHROMIUM = findChromium();
const HAS_POPPLER = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!CHROMIUM) console.warn(`report-export: PDF through Chromium is skipped: no Chromium at ${process.env.CHROMIUM_PATH || '/usr/bin/chromium'} (apt-get install chromium).`);
if (!HAS_POPPLER) console.warn('report-export: PDF text checks are skipped: pdftotext is not installed (apt-get install poppler-utils).');

/** The sample cases in `language`; the one with the most actions (a full plan, steps 3-5). */
function demoCase(b: Backend, language: Language): { caseId: string; title: string } {
  const { caseIds } = b.ok('demo:load', { language });
  const caseId = [...caseIds].sort((x, y) => b.ok('plan:get', { caseId: y }).plan.actions.length - b.ok('plan:get', { caseId: x }).plan.actions.length)[0]!;
  // The file name's stem: the title made safe (a colon, say, is dropped).
  return { caseId, title: safeFileName(b.ok('cases:get', { id: caseId }).case.title) };
}

const savedChromium = process.env.CHROMIUM_PATH;
afterEach(() => {
  if (savedChromium === undefined) delete process.env.CHROMIUM_PATH;
  else process.env.CHROMIUM_PATH = savedChromium;
});

describe('the case snapshot', () => {
  it('holds the case, timeline, fishbone, every analysis, the plan and the root-cause links, as the API reads them', () => {
    const b = start();
    const { caseId } = demoCase(b, 'zh-CN');
    const snapshot = caseSnapshot(b.library, caseId, '2026-12-01T00:00:00.000Z');
    const detail = b.ok('cases:get', { id: caseId });
    expect(snapshot).toEqual({
      case: detail.case,
      timeline: detail.timeline,
      fishbone: b.ok('fishbone:get', { caseId }).fishbone,
      analyses: b.ok('whys:get', { caseId }).analyses,
      plan: b.ok('plan:get', { caseId }).plan,
      rootCauseLinks: b.ok('roots:get', { caseId }).links,
      generatedAt: '2026-12-01T00:00:00.000Z',
    });
    expect(snapshot.plan.actions.length).toBeGreaterThan(0);
    expect(snapshot.analyses.length).toBeGreaterThan(0);
  });

  it('is not_found for a case that does not exist', () => {
    const b = start();
    expect(() => caseSnapshot(b.library, '00000000-0000-4000-8000-000000000000', '2026-12-01T00:00:00.000Z')).toThrow(/No case/);
  });
});

describe('report:export', () => {
  it('writes Markdown, HTML and DOCX into the exports folder next to the database, named after the case', async () => {
    const clock = manualClock('2026-12-01T09:30:00.000Z');
    const b = start({ now: clock.now });
    const { caseId, title } = demoCase(b, 'zh-CN');
    const dir = join(dirname(b.path), 'exports');
    expect(exportsDir(b.path)).toBe(dir);
    const t = CATALOGS['zh-CN'];
    for (const format of ['md', 'html', 'docx'] as const) {
      const result = await b.okAsync('report:export', { caseId, format, language: 'zh-CN', layout: 'steps', timeZone: 'Asia/Shanghai' });
      expect(result).toEqual({ fileName: `${title}-report.${format}`, path: join(dir, `${title}-report.${format}`), bytes: statSync(join(dir, `${title}-report.${format}`)).size });
    }
    const md = readFileSync(join(dir, `${title}-report.md`), 'utf8');
    expect(md).toContain(`# ${t.report.title.steps}`);
    for (const step of ['identify', 'analyse', 'design', 'execute', 'improve'] as const) expect(md).toContain(t.steps[step]);
    const html = readFileSync(join(dir, `${title}-report.html`), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
    expect(html).toContain('<svg');
    // The HTML file is for people: it relies on their fonts, with no megabytes of font inlined.
    expect(html).not.toContain('@font-face');
    const docx = docxParagraphs(zipText(readZip(readFileSync(join(dir, `${title}-report.docx`))), 'word/document.xml'));
    expect(docx.filter((p) => p.style === 'Heading1').map((p) => p.text).join('|')).toContain(t.steps.identify);
    expect(docx.map((p) => p.text)).toContain(title);
    // Nothing but the three files (no temporary file left behind).
    expect(readdirSync(dir).sort()).toEqual([`${title}-report.docx`, `${title}-report.html`, `${title}-report.md`]);
  });

  it('writes in the language asked for, whatever the data’s language, and names the layout', async () => {
    const b = start();
    const { caseId, title } = demoCase(b, 'zh-CN');
    const result = await b.okAsync('report:export', { caseId, format: 'md', language: 'en', layout: '8d' });
    expect(result.fileName).toBe(`${title}-report-8D.md`);
    const md = readFileSync(result.path, 'utf8');
    expect(md).toContain(`# ${CATALOGS.en.report.title['8d']}`);
    expect(md).toMatch(/^#{1,3} D8\b/m);
    const a3 = await b.okAsync('report:export', { caseId, format: 'html', language: 'en', layout: 'a3' });
    expect(a3.fileName).toBe(`${title}-report-A3.html`);
  });

  it('never overwrites an earlier export', async () => {
    const b = start();
    const { caseId, title } = demoCase(b, 'en');
    const first = await b.okAsync('report:export', { caseId, format: 'md', language: 'en', layout: 'steps' });
    writeFileSync(first.path, 'edited by hand');
    const second = await b.okAsync('report:export', { caseId, format: 'md', language: 'en', layout: 'steps' });
    const third = await b.okAsync('report:export', { caseId, format: 'md', language: 'en', layout: 'steps' });
    expect([second.fileName, third.fileName]).toEqual([`${title}-report (2).md`, `${title}-report (3).md`]);
    expect(readFileSync(first.path, 'utf8')).toBe('edited by hand');
  });

  it('names the file safely from any title', async () => {
    const b = start();
    const caseId = b.ok('cases:create', { language: 'en', title: '../../etc/passwd: <a>|"b"?*' }).case.id;
    const result = await b.okAsync('report:export', { caseId, format: 'md', language: 'en', layout: 'steps' });
    expect(result.fileName).toBe('etcpasswd ab-report.md');
    expect(dirname(result.path)).toBe(exportsDir(b.path));
    const untitled = b.ok('cases:create', { language: 'en', title: '///' }).case.id;
    expect((await b.okAsync('report:export', { caseId: untitled, format: 'md', language: 'en', layout: 'steps' })).fileName).toBe('report.md');
  });

  it('is not_found for a missing case, and writes nothing', async () => {
    const b = start();
    const error = await b.failAsync('report:export', { caseId: '00000000-0000-4000-8000-000000000000', format: 'docx', language: 'en', layout: 'steps' });
    expect(error).toMatchObject({ code: 'not_found' });
    expect(existsSync(exportsDir(b.path))).toBe(false);
  });

  it('is damaged while the database cannot be used', async () => {
    const b = start();
    const bad = join(dirname(b.path), 'bad.sqlite');
    writeFileSync(bad, 'not a database at all, not even close to one; just text'.repeat(10));
    b.ok('db:openFile', { path: bad });
    const error = await b.failAsync('report:export', { caseId: '00000000-0000-4000-8000-000000000000', format: 'md', language: 'en', layout: 'steps' });
    expect(error).toMatchObject({ code: 'damaged' });
  });

  it('prints PDF with the injected printer (the desktop app’s printToPDF), handing it the HTML with the bundled font', async () => {
    const b = start();
    const { caseId, title } = demoCase(b, 'zh-CN');
    const printed: string[] = [];
    const dispatch = createDispatch(
      createHandlers({
        library: b.library,
        version: 'test',
        shell: 'electron',
        printPdf: async (html) => {
          printed.push(html);
          return new TextEncoder().encode('%PDF-1.7 printed');
        },
      }),
    );
    const result = (await dispatch('report:export', { caseId, format: 'pdf', language: 'zh-CN', layout: 'a3' })) as Result<{ path: string; fileName: string }>;
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.fileName).toBe(`${title}-report-A3.pdf`);
    expect(readFileSync(result.value.path, 'utf8')).toBe('%PDF-1.7 printed');
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('<html lang="zh-CN">');
    expect(printed[0]).toContain(`font-family: '${REPORT_FONT_FAMILY}'`);
    expect(printed[0]).toMatch(/src: url\(data:font\/woff2;base64,[A-Za-z0-9+/=]{1000,}\) format\('woff2'\)/);
    expect(printed[0]).toContain('size: A3 landscape');
  });

  it('says pdf_unavailable, and writes nothing, when there is no Chromium and no injected printer', async () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    const b = start();
    const { caseId } = demoCase(b, 'en');
    const error: ApiError = await b.failAsync('report:export', { caseId, format: 'pdf', language: 'en', layout: 'steps' });
    expect(error).toMatchObject({ code: 'internal', reason: 'pdf_unavailable' });
    expect(error.message).toMatch(/Chromium/);
    expect(existsSync(exportsDir(b.path)) ? readdirSync(exportsDir(b.path)) : []).toEqual([]);
    expect(b.logged).toEqual([]);
  });

  describe.skipIf(!CHROMIUM)('PDF through headless Chromium', () => {
    it.skipIf(!HAS_POPPLER)('prints an A4 PDF whose text holds the Chinese headings and the case’s words, with its fonts embedded', { timeout: 60_000 }, async () => {
      const b = start();
      const { caseId, title } = demoCase(b, 'zh-CN');
      const result = await b.okAsync('report:export', { caseId, format: 'pdf', language: 'zh-CN', layout: 'steps' });
      expect(result.fileName).toBe(`${title}-report.pdf`);
      const bytes = readFileSync(result.path);
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const text = execFileSync('pdftotext', ['-layout', result.path, '-'], { encoding: 'utf8' });
      const t = CATALOGS['zh-CN'];
      expect(text).toContain(t.report.title.steps);
      for (const step of ['identify', 'analyse', 'design', 'execute', 'improve'] as const) expect(text).toContain(t.steps[step]);
      expect(text.replace(/\s+/g, '')).toContain(title.replace(/\s+/g, ''));
      const info = execFileSync('pdfinfo', [result.path], { encoding: 'utf8' });
      expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
      expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThan(3);
      // Every font in the file is embedded: nothing depends on the reader's fonts.
      const fonts = execFileSync('pdffonts', [result.path], { encoding: 'utf8' }).trim().split('\n').slice(2);
      expect(fonts.length).toBeGreaterThan(0);
      for (const line of fonts) expect(line, line).toMatch(/\byes\s+(?:yes|no)\s+yes\s+\d+\s+\d+$/);
    });

    it.skipIf(!HAS_POPPLER)('prints the A3 layout on one landscape A3 sheet', { timeout: 60_000 }, async () => {
      const b = start();
      const { caseId } = demoCase(b, 'en');
      const result = await b.okAsync('report:export', { caseId, format: 'pdf', language: 'en', layout: 'a3' });
      const info = execFileSync('pdfinfo', [result.path], { encoding: 'utf8' });
      expect(info).toMatch(/Page size:\s+119[01]\.\d+ x 84[12]\.\d+ pts \(A3\)/);
    });

    it('draws the Chinese text with the bundled Noto Sans SC, not a font the machine happens to have', { timeout: 60_000 }, async () => {
      const b = start();
      const { caseId } = demoCase(b, 'zh-CN');
      const html = printableHtml(reportDoc(b.library, { caseId, language: 'zh-CN', layout: 'steps' }, new Date()));
      const { browser, close } = await launchBrowser();
      try {
        const page = await browser.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        await page.evaluate('document.fonts.ready.then(() => undefined)');
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('DOM.enable');
        await cdp.send('CSS.enable');
        const { root } = await cdp.send('DOM.getDocument');
        for (const selector of ['h1', 'main h2', 'main td']) {
          const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
          const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
          const text = await page.locator(selector).first().textContent();
          expect(text, selector).toMatch(/[\u4e00-\u9fff]/);
          // Every glyph of the node comes from the web font (Chromium names the variable font's
          // default instance), none from a system fallback.
          expect(fonts.length, selector).toBeGreaterThan(0);
          for (const f of fonts) expect(f, selector).toMatchObject({ isCustomFont: true, familyName: expect.stringMatching(/^Noto Sans SC/) });
        }
      } finally {
        await close();
      }
    });
  });
});

describe('report:preview', () => {
  it('answers the report as HTML in the language and layout asked for, without the bundled font', () => {
    const b = start();
    const { caseId } = demoCase(b, 'en');
    const { html } = b.ok('report:preview', { caseId, language: 'zh-CN', layout: '8d' });
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
    expect(html).toContain(CATALOGS['zh-CN'].report.title['8d']);
    expect(html).toContain(b.ok('cases:get', { id: caseId }).case.title);
    expect(html).toContain('Content-Security-Policy');
    expect(html).not.toContain('@font-face');
    expect(existsSync(exportsDir(b.path))).toBe(false);
  });

  it('dates the report with the backend’s clock, in the zone asked for', () => {
    const clock = manualClock('2026-12-01T09:30:00.000Z');
    const b = start({ now: clock.now });
    const dispatch = createDispatch(createHandlers({ library: b.library, version: 'test', shell: 'browser', now: clock.now }));
    const { caseId } = demoCase(b, 'en');
    const result = dispatch('report:preview', { caseId, language: 'en', layout: 'steps', timeZone: 'Asia/Shanghai' }) as Result<{ html: string }>;
    expect(result.ok && result.value.html).toContain('Asia/Shanghai');
    expect(result.ok && result.value.html).toMatch(/Dec 1, 2026, 5:30\s?PM/);
  });

  it('is not_found for a missing case', () => {
    const b = start();
    expect(b.fail('report:preview', { caseId: '00000000-0000-4000-8000-000000000000', language: 'en', layout: 'steps' })).toMatchObject({ code: 'not_found' });
  });
});

describe('the bundled font', () => {
  it('inlines only the subsets a text uses', () => {
    const latin = reportFontFaceCss('Late delivery');
    const chinese = reportFontFaceCss('Late delivery 配送延误');
    const count = (css: string) => (css.match(/@font-face/g) ?? []).length;
    expect(count(latin)).toBeGreaterThanOrEqual(1);
    expect(count(chinese)).toBeGreaterThan(count(latin));
    expect(count(chinese)).toBeLessThan(10);
    expect(reportFontFaceCss('')).toBe('');
    expect(reportFontFaceCss('配送', null)).toBe('');
    for (const rule of chinese.match(/@font-face\s*\{[^}]*\}/g)!) {
      expect(rule).toContain(`font-family: '${REPORT_FONT_FAMILY}';`);
      expect(rule).toMatch(/unicode-range:/);
      expect(rule).not.toMatch(/url\((?!data:font\/woff2;base64,)/);
    }
  });
});

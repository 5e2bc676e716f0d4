import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import { findChromium, htmlToPdf } from '../../electron/backend/pdf';
import { exportsDir, NAME_RESERVE_BYTES, printableHtml, reportDoc, reportFileName } from '../../electron/backend/report-export';
import { REPORT_FONT_FAMILY, reportFontFaceCss } from '../../electron/backend/report-fonts';
import { caseSnapshot } from '../../electron/backend/snapshot';
import type { ApiError, Result } from '../../shared/contract/errors';
import { safeFileName } from '../../shared/exchange/file-name';
import type { Language } from '../../shared/i18n/languages';
import { CATALOGS } from '../../shared/i18n/catalogs';
import { buildReport } from '../../shared/report';
import { fullSnapshot } from '../support/report-fixtures';
import { launchBrowser } from '../support/browser';
import { manualClock, useBackend, type Backend } from '../support/backend';
import { docxParagraphs, readZip, zipText } from '../support/zip';
import { HAS_POPPLER } from '../support/pdf-tools';

const { start } = useBackend();

const CHROMIUM = findChromium();
if (!CHROMIUM) console.warn(`report-export: PDF through Chromium is skipped: no Chromium at ${process.env.CHROMIUM_PATH || '/usr/bin/chromium'} (apt-get install chromium).`);
if (!HAS_POPPLER) console.warn('report-export: PDF text checks are skipped: pdftotext is not installed (apt-get install poppler-utils).');

/** The sample cases in `language`; the one with the most actions (a full plan, steps 3-5). */
function demoCase(b: Backend, language: Language): { caseId: string; title: string } {
  const { caseIds } = b.ok('demo:load', { language });
  const caseId = [...caseIds].sort((x, y) => b.ok('plan:get', { caseId: y }).plan.actions.length - b.ok('plan:get', { caseId: x }).plan.actions.length)[0]!;
  // The file name's stem: the title made safe (a colon, say, is dropped).
  return { caseId, title: safeFileName(b.ok('cases:get', { id: caseId }).case.title) };
}

/** The date part of a report's file name: today in the zone (the machine's when none is given). */
const today = (timeZone?: string, now = new Date()) => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(now);

/** pdftotext of each page of a PDF, in order. */
function pdfPages(path: string): string[] {
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(Buffer.from(bytes.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const savedChromium = process.env.CHROMIUM_PATH;
afterEach(() => {
  if (savedChromium === undefined) delete process.env.CHROMIUM_PATH;
  else process.env.CHROMIUM_PATH = savedChromium;
});

describe('the case snapshot', () => {
  it('holds the case, timeline, fishbone, every analysis, the plan, the root-cause links and the team sessions, as the API reads them', () => {
    const b = start();
    const { caseId } = demoCase(b, 'zh-CN');
    b.ok('retro:start', { caseId });
    b.ok('retro:close', { caseId });
    const snapshot = caseSnapshot(b.library, caseId, '2026-12-01T00:00:00.000Z');
    const detail = b.ok('cases:get', { id: caseId });
    expect(snapshot).toEqual({
      case: detail.case,
      timeline: detail.timeline,
      fishbone: b.ok('fishbone:get', { caseId }).fishbone,
      analyses: b.ok('whys:get', { caseId }).analyses,
      plan: b.ok('plan:get', { caseId }).plan,
      rootCauseLinks: b.ok('roots:get', { caseId }).links,
      needs: b.ok('needs:get', { caseId }).needs,
      retroSessions: b.ok('retro:get', { caseId }).history,
      generatedAt: '2026-12-01T00:00:00.000Z',
    });
    expect(snapshot.retroSessions).toHaveLength(1);
    expect(snapshot.plan.actions.length).toBeGreaterThan(0);
    expect(snapshot.analyses.length).toBeGreaterThan(0);
    expect(snapshot.needs!.length).toBeGreaterThan(0);
  });

  it('is not_found for a case that does not exist', () => {
    const b = start();
    expect(() => caseSnapshot(b.library, '00000000-0000-4000-8000-000000000000', '2026-12-01T00:00:00.000Z')).toThrow(/No case/);
  });
});

describe('report:export', () => {
  it('writes Markdown, HTML and DOCX into the exports folder next to the database, named after the case, layout, language and date', { timeout: 60_000 }, async () => {
    const clock = manualClock('2026-12-01T09:30:00.000Z');
    const b = start({ now: clock.now });
    const { caseId, title } = demoCase(b, 'zh-CN');
    const dir = join(dirname(b.path), 'exports');
    expect(exportsDir(b.path)).toBe(dir);
    const t = CATALOGS['zh-CN'];
    for (const format of ['md', 'html', 'docx'] as const) {
      const result = await b.okAsync('report:export', { caseId, format, language: 'zh-CN', layout: 'steps', timeZone: 'Asia/Shanghai' });
      const name = `${title}-report-zh-CN-${today('Asia/Shanghai')}.${format}`;
      expect(result).toEqual({ fileName: name, path: join(dir, name), bytes: statSync(join(dir, name)).size });
    }
    const stem = `${title}-report-zh-CN-${today('Asia/Shanghai')}`;
    const md = readFileSync(join(dir, `${stem}.md`), 'utf8');
    expect(md).toContain(`# ${t.report.title.steps}`);
    for (const step of ['identify', 'analyse', 'design', 'execute', 'improve'] as const) expect(md).toContain(t.steps[step]);
    const html = readFileSync(join(dir, `${stem}.html`), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
    expect(html).toContain('<svg');
    // The HTML file is for people: it relies on their fonts, with no megabytes of font inlined
    // (an English report names local Latin faces for its punctuation; a Chinese one needs none).
    expect(html).not.toContain('@font-face');
    expect(html).not.toMatch(/url\(data:/);
    const docx = docxParagraphs(zipText(readZip(readFileSync(join(dir, `${stem}.docx`))), 'word/document.xml'));
    expect(docx.filter((p) => p.style === 'Heading1').map((p) => p.text).join('|')).toContain(t.steps.identify);
    expect(docx.map((p) => p.text)).toContain(title);
    // Nothing but the three files (no temporary file left behind).
    expect(readdirSync(dir).sort()).toEqual([`${stem}.docx`, `${stem}.html`, `${stem}.md`]);
  });

  it('writes in the language asked for, whatever the data’s language, and names the layout', async () => {
    const b = start();
    const { caseId, title } = demoCase(b, 'zh-CN');
    const result = await b.okAsync('report:export', { caseId, format: 'md', language: 'en', layout: '8d', timeZone: 'UTC' });
    expect(result.fileName).toBe(`${title}-report-8D-en-${today('UTC')}.md`);
    const md = readFileSync(result.path, 'utf8');
    expect(md).toContain(`# ${CATALOGS.en.report.title['8d']}`);
    expect(md).toMatch(/^#{1,3} D8\b/m);
    const a3 = await b.okAsync('report:export', { caseId, format: 'html', language: 'en', layout: 'a3', timeZone: 'UTC' });
    expect(a3.fileName).toBe(`${title}-report-A3-en-${today('UTC')}.html`);
  });

  it('never overwrites an earlier export', async () => {
    const clock = manualClock('2026-12-01T09:30:00.000Z');
    const b = start({ now: clock.now });
    const { caseId, title } = demoCase(b, 'en');
    const first = await b.okAsync('report:export', { caseId, format: 'md', language: 'en', layout: 'steps', timeZone: 'UTC' });
    writeFileSync(first.path, 'edited by hand');
    const second = await b.okAsync('report:export', { caseId, format: 'md', language: 'en', layout: 'steps', timeZone: 'UTC' });
    const third = await b.okAsync('report:export', { caseId, format: 'md', language: 'en', layout: 'steps', timeZone: 'UTC' });
    expect([second.fileName, third.fileName]).toEqual([`${title}-report-en-${today('UTC')} (2).md`, `${title}-report-en-${today('UTC')} (3).md`]);
    expect(readFileSync(first.path, 'utf8')).toBe('edited by hand');
  });

  it('names the file safely from any title', async () => {
    const b = start();
    const caseId = b.ok('cases:create', { language: 'en', title: '../../etc/passwd: <a>|"b"?*' }).case.id;
    const result = await b.okAsync('report:export', { caseId, format: 'md', language: 'en', layout: 'steps', timeZone: 'UTC' });
    expect(result.fileName).toBe(`etcpasswd ab-report-en-${today('UTC')}.md`);
    expect(dirname(result.path)).toBe(exportsDir(b.path));
    const untitled = b.ok('cases:create', { language: 'en', title: '///' }).case.id;
    expect((await b.okAsync('report:export', { caseId: untitled, format: 'md', language: 'en', layout: 'steps', timeZone: 'UTC' })).fileName).toBe(`report-en-${today('UTC')}.md`);
  });

  it('exports a case with a 200-character Chinese title: the name, with the temporary suffix, fits 255 bytes', async () => {
    const b = start();
    const title = '双十一大促期间订单激增导致华东仓配送延误客户投诉量大幅上升'.repeat(7).slice(0, 200);
    const caseId = b.ok('cases:create', { language: 'zh-CN', title }).case.id;
    const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');
    for (const layout of ['steps', '8d', 'a3'] as const) {
      for (const format of ['md', 'docx'] as const) {
        const result = await b.okAsync('report:export', { caseId, format, language: 'zh-CN', layout, timeZone: 'Asia/Shanghai' });
        expect(existsSync(result.path)).toBe(true);
        // The longest temporary name writeFileAtomic makes, and a " (10)" on a later export, still fit.
        expect(utf8(result.fileName) + NAME_RESERVE_BYTES, result.fileName).toBeLessThanOrEqual(255);
        expect(utf8(`${result.fileName}.${2 ** 22}.${Date.now().toString(36)}.part`)).toBeLessThanOrEqual(255);
        expect(result.fileName.startsWith(title.slice(0, 40))).toBe(true);
        expect(result.fileName).toMatch(new RegExp(`-report(?:-8D|-A3)?-zh-CN-${today('Asia/Shanghai')}\\.${format}$`));
      }
    }
    // A second export of the same name gets " (2)" and still fits.
    const again = await b.okAsync('report:export', { caseId, format: 'docx', language: 'zh-CN', layout: '8d', timeZone: 'Asia/Shanghai' });
    expect(again.fileName).toContain(' (2).docx');
    expect(utf8(again.fileName)).toBeLessThanOrEqual(255);
    expect(reportFileName(title, { layout: '8d', language: 'zh-CN', timeZone: 'UTC' }, 'docx', new Date('2026-12-01T00:00:00Z'))).toMatch(/-report-8D-zh-CN-2026-12-01\.docx$/);
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
    expect(result.value.fileName).toBe(`${title}-report-A3-zh-CN-${today()}.pdf`);
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
      expect(result.fileName).toBe(`${title}-report-zh-CN-${today()}.pdf`);
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

    it.skipIf(!HAS_POPPLER)('prints the A3 layout on one landscape A3 sheet, then appendix pages that say so', { timeout: 90_000 }, async () => {
      const b = start();
      for (const language of ['en', 'zh-CN'] as const) {
        const { caseId } = demoCase(b, language);
        const t = CATALOGS[language].report;
        const result = await b.okAsync('report:export', { caseId, format: 'pdf', language, layout: 'a3' });
        const info = execFileSync('pdfinfo', ['-f', '1', '-l', '99', result.path], { encoding: 'utf8' });
        const sizes = [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))]);
        // Every page is a landscape A3 sheet.
        for (const size of sizes) expect(size).toEqual([1191, 842]);
        const pages = pdfPages(result.path);
        expect(pages.length).toBe(sizes.length);
        // Page 1 is the sheet, whole: its last box (the sign-off) and the note pointing to the appendix.
        const sheet = pages[0]!.replace(/\s+/g, '');
        expect(sheet).toContain(t.signOff.reviewedBy.replace(/\s+/g, ''));
        expect(sheet).toContain(t.a3.continued.replace(/\s+/g, '').slice(0, 12));
        expect(sheet).not.toContain(t.a3.appendixIntro.replace(/\s+/g, '').slice(0, 12));
        // Page 2 starts the appendix, which says what it is.
        expect(pages.length).toBeGreaterThan(1);
        expect(pages[1]!.trim().startsWith(t.a3.appendix)).toBe(true);
        expect(pages[1]!.replace(/\s+/g, '')).toContain(t.a3.appendixIntro.replace(/\s+/g, '').slice(0, 12));
      }
    });

    it.skipIf(!HAS_POPPLER)('opens with the executive summary on page 1, and numbers every page under a running footer', { timeout: 90_000 }, async () => {
      const b = start();
      for (const language of ['en', 'zh-CN'] as const) {
        const { caseId } = demoCase(b, language);
        const detail = b.ok('cases:get', { id: caseId }).case;
        const t = CATALOGS[language].report;
        const result = await b.okAsync('report:export', { caseId, format: 'pdf', language, layout: 'steps', timeZone: 'UTC' });
        const pages = pdfPages(result.path);
        expect(pages.length).toBeGreaterThan(3);
        const first = pages[0]!;
        const flat = first.replace(/\s+/g, '');
        expect(first).toContain(t.summaryPage.heading);
        for (const heading of [t.summaryPage.whatHappened, t.summaryPage.rootCauses, t.summaryPage.actions, t.summaryPage.lessons, t.signOff.preparedBy, t.signOff.reviewedBy]) {
          expect(flat, heading).toContain(heading.replace(/\s+/g, ''));
        }
        // Prepared by the facilitator; no counts on the first page.
        expect(flat).toContain(detail.facilitator.replace(/\s+/g, ''));
        expect(first).not.toContain(t.counts.whys);
        expect(first).not.toContain(t.overview.figures);
        // The overview starts page 2; the counts are in the appendix at the end.
        expect(pages[1]!.trim().startsWith(t.overview.heading)).toBe(true);
        expect(pages.at(-1)!).toContain(t.counts.whys);
        // Every page: "Page n of N" and the case title with the date.
        const date = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date());
        pages.forEach((page, i) => {
          const text = page.replace(/\s+/g, '');
          const number = t.print.page.replace('{{page}}', String(i + 1)).replace('{{pages}}', String(pages.length)).replace(/\s+/g, '');
          expect(text, `page ${i + 1}`).toContain(number);
          expect(text, `page ${i + 1}`).toContain(detail.title.replace(/\s+/g, '').slice(0, 12));
          expect(text, `page ${i + 1}`).toContain(date.replace(/\s+/g, ''));
        });
      }
    });

    it.skipIf(!HAS_POPPLER)('keeps the executive summary on page 1, and the A3 sheet on one page, when every text is long, sign-off included', { timeout: 120_000 }, async () => {
      for (const language of ['en', 'zh-CN'] as const) {
        const snap = fullSnapshot(language);
        const words = language === 'en' ? 'Warehouse capacity planning was never reviewed against the promotion calendar ' : '仓库产能规划从未根据促销日历进行评审并且没有人负责跟进';
        const long = (n: number) => words.repeat(Math.ceil(n / words.length)).slice(0, n);
        const sentences = language === 'en' ? `${long(400)}. ${long(400)}. ${long(400)}.` : `${long(300)}。${long(300)}。${long(300)}。`;
        snap.case = { ...snap.case, title: long(500), problem: sentences, customerImpact: sentences, facilitator: long(500) };
        for (const category of snap.fishbone.categories) for (const c of category.causes) Object.assign(c, { text: long(2000), isRootCause: true });
        snap.plan.actions = snap.plan.actions.map((a) => ({ ...a, title: long(500), owner: long(500), status: 'in_progress' as const }));
        snap.plan.lessons = snap.plan.lessons.map((l) => ({ ...l, text: long(3000) }));
        const dir = mkdtempSync(join(tmpdir(), 'causeway-pdf-'));
        try {
          const t = CATALOGS[language].report;
          for (const layout of ['steps', 'a3'] as const) {
            const path = join(dir, `report-${layout}.pdf`);
            writeFileSync(path, await htmlToPdf(printableHtml(buildReport(snap, { language, layout, generatedAt: '2026-12-01T09:30:00.000Z' }))));
            const pages = pdfPages(path);
            expect(pages[0]!.replace(/\s+/g, ''), `${language} ${layout}`).toContain(t.signOff.reviewedBy.replace(/\s+/g, ''));
            expect(pages[1]!.trim().startsWith(layout === 'steps' ? t.overview.heading : t.a3.appendix), `${language} ${layout}`).toBe(true);
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    });

    it('gives each DOCX diagram a real PNG fallback of the drawing, not a 1×1 tile', { timeout: 90_000 }, async () => {
      const b = start();
      const { caseId } = demoCase(b, 'zh-CN');
      const result = await b.okAsync('report:export', { caseId, format: 'docx', language: 'zh-CN', layout: 'steps' });
      const zip = readZip(readFileSync(result.path));
      const svgs = [...zip.keys()].filter((k) => /^word\/media\/.*\.svg$/.test(k));
      const pngs = [...zip.keys()].filter((k) => /^word\/media\/.*\.png$/.test(k));
      expect(svgs.length).toBeGreaterThan(1);
      expect(pngs).toHaveLength(svgs.length);
      for (const name of pngs) {
        const { width, height } = pngSize(zip.get(name)!);
        expect(width, name).toBeGreaterThan(200);
        expect(height, name).toBeGreaterThan(50);
      }
    });

    it('says pdf_timeout, not a stack trace, when Chromium does not finish in time', { timeout: 60_000 }, async () => {
      const error = await htmlToPdf(`<!doctype html><p>${'long '.repeat(200_000)}</p>`, { timeoutMs: 300 }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'internal', extra: { reason: 'pdf_timeout' } });
      expect((error as Error).message).toMatch(/did not finish the PDF within/);
      expect((error as Error).message).not.toMatch(/\n\s+at /);
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
    expect(html).not.toMatch(/url\(data:/);
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

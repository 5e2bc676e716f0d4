import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findChromium } from '../../electron/backend/pdf';
import { reportFontFaceCss } from '../../electron/backend/report-fonts';
import { isFailedMustBe } from '../../shared/domain/kano-chart';
import { CATALOGS } from '../../shared/i18n/catalogs';
import type { Language } from '../../shared/i18n/languages';
import { CHART_THEMES } from '../../shared/insights/chart-options';
import { renderChartSvg } from '../../shared/insights/echarts-svg';
import { kanoOption, labelOffsets } from '../../shared/insights/kano-option';
import { LATIN_PUNCTUATION_FAMILY } from '../../shared/report/latin-punctuation';
import { buildReport, reportHtml } from '../../shared/report';
import { useBackend } from '../support/backend';
import { fullSnapshot, GENERATED_AT } from '../support/report-fixtures';
import { woff2CodePoints } from '../support/woff2-cmap';
import { HAS_POPPLER } from '../support/pdf-tools';

/** The insights report's KANO section and the punctuation its PDF prints, on the sample cases (real
 *  SQLite files, the report written through the API, PDFs printed by headless Chromium). */

const { start } = useBackend();

const CHROMIUM = findChromium();

/** Punctuation English and Chinese text use, which the report's fonts must draw. */
const WESTERN = 'It’s ‘one’ “two” — 1–2 … a·b 2×3 ≥ ≤ ← →';
const CJK = '《书》，。！？：；（）「」『』【】、“中”‘文’';

describe('the insights report: KANO', () => {
  for (const language of ['en', 'zh-CN'] as const) {
    it(`has the KANO Better / Worse chart, the failed must-be needs called out and every need in a table (${language})`, async () => {
      const b = start();
      b.ok('demo:load', { language });
      const kano = b.ok('kano:chart', {});
      const failed = kano.needs.filter(isFailedMustBe);
      expect(failed.length).toBeGreaterThan(0);
      const t = CATALOGS[language];
      const html = readFileSync((await b.okAsync('insights:report', { language, format: 'html', timeZone: 'UTC' })).path, 'utf8');
      const section = html.slice(html.indexOf(`<h2>${t.needs.chart.heading}</h2>`));
      expect(section.length).toBeLessThan(html.length);
      // The chart: drawn on the server from the screen's option builder, named for screen readers,
      // with the quadrants and the failed must-be needs labelled.
      const svg = /<svg role="img" aria-label="([^"]*)"[\s\S]*?<\/svg>/.exec(section);
      expect(svg?.[1]).toBe(t.needs.chart.heading);
      for (const q of Object.values(t.needs.chart.quadrant)) expect(svg![0]).toContain(`>${q}<`);
      for (const need of failed) expect(svg![0]).toContain(need.text.length > 30 ? need.text.slice(0, 29) : need.text);
      // The call-out names each failed must-be need with the cases that failed it.
      const callout = /<section class="callout"[\s\S]*?<\/section>/.exec(section)![0];
      expect(callout).toContain(t.insightsReport.kano.failedHeading);
      expect((callout.match(/<li>/g) ?? []).length).toBe(failed.length);
      for (const need of failed) {
        expect(callout).toContain(`<strong>${need.text}</strong>`);
        for (const id of need.caseIds) expect(callout).toContain(kano.titles[id]!);
      }
      // The table: one row per need (those the chart cannot place too), failed must-be rows marked.
      const table = /<table>[\s\S]*?<\/table>/.exec(section)![0];
      expect((table.match(/<tr/g) ?? []).length).toBe(kano.needs.length + 1);
      expect((table.match(/<tr class="held-not">/g) ?? []).length).toBe(failed.length);
      expect(table).toContain(`${failed[0]!.text} (${t.insightsReport.kano.failedMark})`);
      expect(table).toContain(`<th scope="col" class="num">${t.needs.chart.better}</th>`);
    });
  }

  it('says so when the cases have no customer needs, and changes nothing', async () => {
    const b = start();
    b.ok('cases:create', { language: 'en', title: 'No needs here' });
    const html = readFileSync((await b.okAsync('insights:report', { language: 'en', format: 'html' })).path, 'utf8');
    expect(html).toContain(CATALOGS.en.insightsReport.kano.empty);
    expect(html).not.toContain(CATALOGS.en.insightsReport.kano.failedHeading);
  });

  it('keeps the labels of crowded failed must-be needs apart, on the screen as in the report', () => {
    // Three needs on one spot and one just above it (the sample cases' bottom right), one far left.
    const points = [
      { x: 1, y: 0 },
      { x: 1, y: 0 },
      { x: 1, y: 0.17 },
      { x: 1, y: 0 },
      { x: 0.1, y: 0 },
    ];
    const offsets = labelOffsets(points, 316);
    const drawnAt = points.map((p, i) => p.y * 316 - offsets[i]!);
    for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) expect(Math.abs(drawnAt[i]! - drawnAt[j]!), `${i} / ${j}`).toBeGreaterThanOrEqual(16);
    // Far from the others: only lifted off the axis.
    expect(drawnAt[4]).toBeLessThan(16);
    // Both languages' sample cases: six failed needs on one spot, two more at 1/6, where rounding
    // (x + 16 - x < 16) once kept a label being pushed to the same place for ever.
    const crowded = [...Array(2).fill({ x: 1, y: 1 / 6 }), ...Array(6).fill({ x: 1, y: 0 })] as { x: number; y: number }[];
    const crowdedAt = labelOffsets(crowded, 316).map((o, i) => crowded[i]!.y * 316 - o).sort((a, c) => a - c);
    for (let i = 1; i < crowdedAt.length; i++) expect(crowdedAt[i]! - crowdedAt[i - 1]!).toBeGreaterThan(15.9);
    // The option carries them, so the server's SVG (no label layout of its own) shows them apart.
    const need = (text: string, better: number) => ({ key: text, text, category: 'M' as const, counts: { A: 0, O: 0, M: 1, I: 0, R: 0, Q: 0 }, better, worse: -1, cases: 1, failed: 1, caseIds: [] });
    const option = kanoOption([need('First', 0), need('Second', 0), need('Third', 0.1)], { title: 'K', xAxis: 'x', yAxis: 'y', quadrant: { M: 'M', O: 'O', A: 'A', I: 'I' }, describe: (n) => n.text }, CHART_THEMES.light, { height: 420 });
    const svg = renderChartSvg(option, 600, 420);
    const ys = ['First', 'Second', 'Third'].map((w) => Number(new RegExp(`transform="translate\\([\\d.]+ ([\\d.]+)\\)"[^>]*>${w}<`).exec(svg)?.[1]));
    for (const y of ys) expect(y).toBeGreaterThan(0);
    ys.sort((a, c) => a - c);
    expect(ys[1]! - ys[0]!).toBeGreaterThanOrEqual(16);
    expect(ys[2]! - ys[1]!).toBeGreaterThanOrEqual(16);
  });
});

/** Each @font-face of reportFontFaceCss as its unicode ranges and the code points its file maps. */
function inlinedFaces(css: string): { ranges: [number, number][]; codePoints: Set<number> }[] {
  return [...css.matchAll(/@font-face\s*\{[^}]*\}/g)].map((m) => {
    const data = /base64,([^)]+)\)/.exec(m[0])![1]!;
    const range = /unicode-range:\s*([^;}]+)/.exec(m[0])![1]!;
    const ranges = range.split(',').map((part): [number, number] => {
      const [a, z] = part.trim().replace(/^U\+/i, '').split('-');
      return [parseInt(a!, 16), parseInt(z ?? a!, 16)];
    });
    return { ranges, codePoints: woff2CodePoints(Buffer.from(data, 'base64')) };
  });
}

describe('the insights report: punctuation in the PDF', () => {
  it('inlines, for every punctuation mark the report shows, a bundled font face that has its glyph (none falls to .notdef)', () => {
    const text = WESTERN + CJK;
    const faces = inlinedFaces(reportFontFaceCss(text));
    expect(faces.length).toBeGreaterThan(0);
    const missing = [...new Set(text)].filter((ch) => ch !== ' ' && !faces.some((f) => f.ranges.some(([lo, hi]) => ch.codePointAt(0)! >= lo && ch.codePointAt(0)! <= hi) && f.codePoints.has(ch.codePointAt(0)!)));
    expect(missing).toEqual([]);
  });

  it('puts the Latin punctuation face first in English reports only, the lessons-learned report too', () => {
    for (const language of ['en', 'zh-CN'] as const) {
      const html = reportHtml(buildReport(fullSnapshot(language), { language, layout: 'steps', generatedAt: GENERATED_AT, diagrams: false }));
      // Declared and named first in English only (a machine font, by local(): nothing is fetched).
      const face = new RegExp(`@font-face \\{ font-family: '${LATIN_PUNCTUATION_FAMILY}';[^}]*src: local\\('Noto Sans'\\)[^}]*unicode-range: U\\+2012-201F`);
      expect(face.test(html)).toBe(language === 'en');
      expect(html.includes(`html { font-family: '${LATIN_PUNCTUATION_FAMILY}'`)).toBe(language === 'en');
    }
  });

  describe.skipIf(!CHROMIUM || !HAS_POPPLER)('printed by headless Chromium', () => {
    /** The words pdftotext finds on the pages, with where they start and end (points). */
    const words = (path: string) =>
      [...execFileSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8' }).matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({
        text: m[3]!.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
        start: Number(m[1]),
        end: Number(m[2]),
      }));
    /** How wide `target` is printed: pdftotext cuts a word where the font changes (the apostrophe
     *  from another face), so the pieces that touch and spell it are put together. */
    const widthOf = (found: ReturnType<typeof words>, target: string): number | undefined => {
      for (let i = 0; i < found.length; i++) {
        let text = found[i]!.text;
        let j = i;
        while (text !== target && target.startsWith(text) && j + 1 < found.length && Math.abs(found[j + 1]!.start - found[j]!.end) < 0.5) text += found[++j]!.text;
        if (text === target) return found[j]!.end - found[i]!.start;
      }
      return undefined;
    };

    for (const language of ['en', 'zh-CN'] as const satisfies readonly Language[]) {
      it(`prints curly quotes, dashes, ellipsis, ×, ≥ ≤, arrows and CJK punctuation as text (${language})`, { timeout: 90_000 }, async () => {
        const b = start();
        b.ok('demo:load', { language });
        // The filter is printed in the report's head, as typed.
        const department = `It's ${WESTERN} ${CJK}`;
        const pdf = await b.okAsync('insights:report', { language, format: 'pdf', department, timeZone: 'UTC' });
        const text = execFileSync('pdftotext', [pdf.path, '-'], { encoding: 'utf8' });
        expect(text).not.toContain('\uFFFD');
        expect(text.replace(/\s+/g, '')).toContain(department.replace(/\s+/g, ''));
        if (language === 'en') {
          // English sets the apostrophe about as narrow as the straight one, not a full em as the
          // CJK fonts draw it (which prints "It’ s"); Chinese keeps its full-width punctuation.
          const found = words(pdf.path);
          const straight = widthOf(found, "It's");
          const curly = widthOf(found, 'It’s');
          expect(straight).toBeGreaterThan(0);
          expect(curly, 'It’s printed as one word').toBeGreaterThan(0);
          expect(curly! / straight!).toBeLessThan(1.25);
        }
      });
    }

    it('prints the lessons-learned report’s English apostrophes narrow too', { timeout: 90_000 }, async () => {
      const b = start();
      const { caseIds } = b.ok('demo:load', { language: 'en' });
      const caseId = caseIds.find((id) => b.ok('cases:get', { id }).case.title.startsWith('Singles’'))!;
      const pdf = await b.okAsync('report:export', { caseId, format: 'pdf', language: 'en', layout: 'steps' });
      // pdftotext cuts "Singles’" where the font changes: the apostrophe, from the Latin face, adds a
      // sliver to the word, not a full em (it is narrower than a fifth of "Singles").
      const found = words(pdf.path);
      const i = found.findIndex((w, k) => w.text === 'Singles' && found[k + 1]?.text === '’' && Math.abs(found[k + 1]!.start - w.end) < 0.5);
      expect(i, 'Singles’ printed with the apostrophe from its own face').toBeGreaterThanOrEqual(0);
      expect(found[i + 1]!.end - found[i + 1]!.start).toBeLessThan((found[i]!.end - found[i]!.start) / 5);
    });
  });
});

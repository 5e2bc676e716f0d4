import { describe, expect, it } from 'vitest';
import { CATALOGS } from '../../shared/i18n/catalogs';
import { LANGUAGES } from '../../shared/i18n/languages';
import { buildReport, REPORT_LAYOUTS, reportHtml, reportMarkdown, walkBlocks, type CaseSnapshot, type ReportDoc, type TableBlock } from '../../shared/report';
import { reportDocx } from '../../shared/report/docx';
import { fullSnapshot, GENERATED_AT, id } from '../support/report-fixtures';
import { docxParagraphs, readZip, zipText } from '../support/zip';
import type { Language } from '../../shared/i18n/languages';

/** The same root cause found by both tools is one root cause in the report: counted once, listed
 *  once with both places, named once in an action's root-cause column, in every layout and format.
 *
 *  The sample case has fishbone root causes c1, c4, c7 and 5-Whys roots w2 (asking about c4), w4
 *  (also asking about c4) and w6. Here w4 is no longer a root cause, so w2 is the one root of the
 *  analysis asking why about c4: the same root cause as c4 by the automatic rule. And the team said
 *  c7 and w6 are the same. Five places, three root causes. */
function sameCauseSnapshot(language: Language): CaseSnapshot {
  const snap = fullSnapshot(language);
  const analysis = snap.analyses[0]!;
  analysis.whys[1]!.children[0]!.isRootCause = false;
  analysis.whys[1]!.children[0]!.stopReason = null;
  // Action 2 already links both c4 and w2; action 4 linked w4, which is no longer a root: it now
  // addresses c7's place w6 instead, so every root cause is covered through one place or the other.
  snap.plan.actions[3]!.rootCauses = [{ source: 'whys', id: id('w', 6) }];
  snap.rootCauseLinks = [{ a: { source: 'fishbone', id: id('c', 7) }, b: { source: 'whys', id: id('w', 6) }, same: true }];
  return snap;
}

const tables = (doc: ReportDoc, key: string) => {
  const out: TableBlock[] = [];
  walkBlocks(doc, (b) => b.kind === 'table' && b.key === key && out.push(b));
  return out;
};

describe.each(LANGUAGES)('report root causes in %s', (language) => {
  const r = CATALOGS[language].report;
  const code = (n: number) => r.rootCause.id.replace('{{n}}', String(n));
  const snap = sameCauseSnapshot(language);
  const texts = snap.fishbone.categories.flatMap((g) => g.causes).filter((c) => c.isRootCause);
  const c4 = texts.find((c) => c.id === id('c', 4))!.text;

  describe.each(REPORT_LAYOUTS)('%s layout', (layout) => {
    const doc = buildReport(snap, { language, layout, generatedAt: GENERATED_AT });

    it('counts and lists distinct root causes, each once with every place it was found', () => {
      for (const t of tables(doc, 'root-causes')) {
        expect(t.rows.map((row) => row[0])).toEqual([code(1), code(2), code(3)]);
        const c4Row = t.rows.find((row) => row[1] === c4)!;
        // Found with: the fishbone's category, and the 5-Whys analysis.
        expect(c4Row[2]!.split('\n').length).toBeGreaterThanOrEqual(3);
      }
      walkBlocks(doc, (b) => {
        if (b.kind !== 'keyValue') return;
        const row = b.rows.find((x) => x.label === r.counts.rootCauses);
        if (row) expect(row.value).toBe('3');
      });
    });

    it('names a root cause once in an action that links two of its places, and counts it covered', () => {
      const cells: string[] = [];
      walkBlocks(doc, (b) => {
        if (b.kind !== 'table') return;
        const at = b.columns.findIndex((c) => c.key === 'rootCauses');
        if (at >= 0) for (const row of b.rows) cells.push(row[at]!);
      });
      expect(cells.length).toBeGreaterThan(0);
      // Action 2 links c4 and w2: one root cause, named once.
      const both = cells.filter((cell) => cell.includes(code(2)));
      for (const cell of both) expect(cell.split('\n')).toHaveLength(1);
      let uncovered = 0;
      walkBlocks(doc, (b) => b.kind === 'list' && b.key === 'uncovered' && (uncovered += b.items.length));
      expect(uncovered).toBe(0);
    });

    it(`writes no fourth root cause in Markdown, HTML or Word`, async () => {
      const md = reportMarkdown(doc);
      const html = reportHtml(doc);
      const docx = docxParagraphs(zipText(readZip(await reportDocx(doc)), 'word/document.xml'))
        .map((p) => p.text)
        .join('\n');
      for (const out of [md, html, docx]) {
        expect(out).not.toContain(code(4));
        expect(out).toContain(code(3));
      }
    });
  });

  it('counts 5 places as 5 root causes without the identity (the issue it fixes)', () => {
    const apart = sameCauseSnapshot(language);
    apart.rootCauseLinks = [
      { a: { source: 'fishbone', id: id('c', 4) }, b: { source: 'whys', id: id('w', 2) }, same: false },
    ];
    const doc = buildReport(apart, { language, layout: 'steps', generatedAt: GENERATED_AT });
    expect(tables(doc, 'root-causes')[0]!.rows).toHaveLength(5);
  });
});

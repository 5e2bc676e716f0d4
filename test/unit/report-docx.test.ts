import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../shared/i18n/languages';
import { buildReport, REPORT_LAYOUTS, walkBlocks, walkSections, type DiagramBlock, type ReportDoc, type TableBlock } from '../../shared/report';
import { DOCX_FONTS, reportDocx } from '../../shared/report/docx';
import { neutralizeFormula, oneLine } from '../../shared/report/text';
import { fullSnapshot, GENERATED_AT, hostileSnapshot, LONG_PAYLOAD, PAYLOADS } from '../support/report-fixtures';
import { docxParagraphs, readZip, zipText } from '../support/zip';

/** The .docx is opened as what it is, a zip of XML parts, and read back: the structure Word
 *  shows (headings in order, tables, lists, images) and every text, exactly. */

async function open(doc: ReportDoc) {
  const bytes = await reportDocx(doc);
  expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  const zip = readZip(bytes);
  const xml = zipText(zip, 'word/document.xml');
  return { bytes, zip, xml, paragraphs: docxParagraphs(xml), styles: zipText(zip, 'word/styles.xml') };
}

const HEADING_STYLE = { 1: 'Heading1', 2: 'Heading2', 3: 'Heading3' } as const;

/** The document's full text, as the reader sees it (tables and lists included), one paragraph a line. */
const allText = (paragraphs: Array<{ text: string }>) => paragraphs.map((p) => p.text).join('\n');

describe.each(LANGUAGES)('DOCX report in %s', (language) => {
  describe.each(REPORT_LAYOUTS)('%s layout', (layout) => {
    const doc = buildReport(fullSnapshot(language), { language, layout, generatedAt: GENERATED_AT });

    it('has the title, then every section of the tree as a Word heading of its level, in order, with its page breaks', async () => {
      const { paragraphs } = await open(doc);
      expect(paragraphs[0]).toMatchObject({ style: 'Title', text: doc.title });
      expect(paragraphs[1]!.text).toBe(doc.subtitle);
      const expected: Array<{ style: string; text: string; pageBreakBefore: boolean }> = [];
      walkSections(doc, (s) => expected.push({ style: HEADING_STYLE[s.level], text: s.title, pageBreakBefore: s.breakBefore }));
      const headings = paragraphs.filter((p) => p.style && /^Heading\d$/.test(p.style));
      expect(headings).toEqual(expected);
      expect(headings.length).toBeGreaterThan(4);
    });

    it('holds every table with its header row repeated on each page, and every cell’s text', async () => {
      const { xml, paragraphs } = await open(doc);
      const tables: TableBlock[] = [];
      walkBlocks(doc, (b) => b.kind === 'table' && tables.push(b));
      expect(tables.length).toBeGreaterThan(0);
      // Meta and key/value blocks are tables too; data tables are the ones with a header row.
      expect((xml.match(/<w:tblHeader\/>/g) ?? []).length).toBe(tables.length);
      const text = allText(paragraphs);
      for (const table of tables) {
        for (const column of table.columns) expect(text).toContain(column.label);
        for (const row of table.rows) for (const cell of row) for (const line of neutralizeFormula(cell).split('\n')) expect(text).toContain(line);
      }
    });

    it('embeds each diagram as SVG with a PNG fallback, followed by its outline', async () => {
      const { xml, zip, paragraphs } = await open(doc);
      const diagrams: DiagramBlock[] = [];
      walkBlocks(doc, (b) => b.kind === 'diagram' && diagrams.push(b));
      expect(diagrams.map((d) => d.diagram)).toEqual(expect.arrayContaining(['fishbone', 'whys']));
      expect((xml.match(/<asvg:svgBlip /g) ?? []).length).toBe(diagrams.length);
      const svgs = [...zip.keys()].filter((k) => /^word\/media\/.*\.svg$/.test(k));
      expect(svgs).toHaveLength(diagrams.length);
      expect([...zip.keys()].some((k) => /^word\/media\/.*\.png$/.test(k))).toBe(true);
      // The SVG files are the report's own drawings, byte for byte.
      const stored = svgs.map((k) => zipText(zip, k)).sort();
      expect(stored).toEqual(diagrams.map((d) => d.svg).sort());
      // Each image fits the text width of an A4 page (16.5 cm = 5,940,000 EMU and a little).
      for (const m of xml.matchAll(/<wp:extent cx="(\d+)" cy="(\d+)"\/>/g)) expect(Number(m[1])).toBeLessThanOrEqual(6_200_000);
      const text = allText(paragraphs);
      for (const d of diagrams) {
        expect(text).toContain(d.title);
        const first = d.outline[0]!;
        expect(text).toContain(first.text.split('\n')[0]);
      }
    });

    it('sets Calibri for Latin and Microsoft YaHei for Chinese, with the document language', async () => {
      const { styles } = await open(doc);
      const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(styles)![0];
      expect(defaults).toContain(`w:ascii="${DOCX_FONTS.latin}"`);
      expect(defaults).toContain(`w:hAnsi="${DOCX_FONTS.latin}"`);
      expect(defaults).toContain(`w:eastAsia="${DOCX_FONTS.eastAsia}"`);
      expect(defaults).toMatch(new RegExp(`<w:lang w:val="${language === 'zh-CN' ? 'zh-CN' : 'en-US'}" w:eastAsia="zh-CN"/>`));
    });
  });

  it('writes the case’s texts in the report’s language', async () => {
    const snapshot = fullSnapshot(language);
    const { paragraphs } = await open(buildReport(snapshot, { language, layout: 'steps', generatedAt: GENERATED_AT }));
    const text = allText(paragraphs);
    expect(text).toContain(oneLine(snapshot.case.title));
    for (const action of snapshot.plan.actions) expect(text).toContain(action.title);
    for (const lesson of snapshot.plan.lessons) expect(text).toContain(lesson.text.split('\n')[0]);
    if (language === 'zh-CN') {
      expect(text).toContain('问题识别');
      expect(text).toContain('原因分析');
      expect(text).toContain('总结与改进');
    } else {
      expect(text).toContain('Problem identification');
      expect(text).toContain('Cause analysis');
      expect(text).toContain('Summary and improvement');
      expect(text).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('DOCX of a hostile case', () => {
  const doc = buildReport(hostileSnapshot(), { language: 'en', layout: 'steps', generatedAt: GENERATED_AT });

  it('keeps every payload as plain text: no field, hyperlink, or markup reaches the document', async () => {
    const { xml, paragraphs, zip } = await open(doc);
    // Nothing that Word would run or follow.
    for (const tag of ['w:fldChar', 'w:instrText', 'w:fldSimple', 'w:hyperlink', 'w:object', 'w:control', 'w:altChunk', 'w:subDoc']) {
      expect(xml, tag).not.toContain(`<${tag}`);
    }
    const rels = zipText(zip, 'word/_rels/document.xml.rels');
    expect(rels).not.toMatch(/TargetMode="External"/);
    expect(rels).not.toMatch(/javascript:|http:\/\/x/);
    // The markup characters are escaped in the XML, never raw.
    expect(xml).not.toContain('<script');
    expect(xml).not.toContain('<img');
    expect(xml).not.toContain('<svg onload');
    expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // And read back, each payload is there, character for character (table cells neutralised).
    const text = allText(paragraphs);
    for (const payload of PAYLOADS) {
      for (const line of payload.split('\n')) {
        const l = line.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
        expect(text.includes(l) || text.includes(neutralizeFormula(l)), JSON.stringify(l)).toBe(true);
      }
    }
    // A long text is kept whole.
    expect(text).toContain(LONG_PAYLOAD.split('\n')[0]!.slice(0, 2000));
  });

  it('starts no table cell with a spreadsheet formula', async () => {
    const { xml } = await open(doc);
    for (const cell of xml.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)) {
      const first = /<w:t(?: [^>]*)?>([^<]*)<\/w:t>/.exec(cell[1]!)?.[1] ?? '';
      expect(first, first).not.toMatch(/^[ \u00a0\u3000]*[=+\-@\t\uff1d\uff0b\uff0d\uff20]/);
    }
  });

  it('drops control characters, so the document stays well-formed XML', async () => {
    const snapshot = hostileSnapshot();
    snapshot.case.title = 'Bell\u0007 form\u000c feed \u0000 nul and a\r\nline';
    const { xml, paragraphs } = await open(buildReport(snapshot, { language: 'zh-CN', layout: 'a3', generatedAt: GENERATED_AT }));
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(paragraphs[1]!.text).toBe('Bell form feed  nul and a line');
  });
});

describe('DOCX of an empty case', () => {
  it('is a valid document with the layout’s headings and no tables of data or images', async () => {
    const snapshot = fullSnapshot('en');
    const empty = {
      ...snapshot,
      timeline: [],
      fishbone: { ...snapshot.fishbone, categories: [] },
      analyses: [],
      plan: { actions: [], feedback: [], lessons: [], improvements: [] },
    };
    const doc = buildReport(empty, { language: 'en', layout: '8d', generatedAt: GENERATED_AT });
    const { xml, zip } = await open(doc);
    expect([...zip.keys()].filter((k) => k.startsWith('word/media/'))).toEqual([]);
    expect(xml).not.toContain('<w:tblHeader/>');
    expect(xml).toContain('D8');
  });
});

describe('DOCX diagram fallback', () => {
  it('uses the PNG the caller renders, when given', async () => {
    const doc = buildReport(fullSnapshot('en'), { language: 'en', layout: 'steps', generatedAt: GENERATED_AT });
    const png = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGNgYPj/n4GBgYEBAB3wA/0Ij5bUAAAAAElFTkSuQmCC', 'base64'));
    const seen: string[] = [];
    const zip = readZip(
      await reportDocx(doc, {
        pngFallback: async (d) => {
          seen.push(d.id);
          return png;
        },
      }),
    );
    expect(seen.length).toBeGreaterThanOrEqual(2);
    const pngs = [...zip.keys()].filter((k) => k.endsWith('.png')).map((k) => Buffer.from(zip.get(k)!).toString('base64'));
    expect(pngs).toContain(Buffer.from(png).toString('base64'));
  });
});

describe('DOCX for print', () => {
  it('numbers every page in a running footer with the case title and date', async () => {
    for (const language of LANGUAGES) {
      const doc = buildReport(fullSnapshot(language), { language, layout: 'steps', generatedAt: GENERATED_AT });
      const { zip, xml } = await open(doc);
      const footers = [...zip.keys()].filter((k) => /^word\/footer\d*\.xml$/.test(k));
      expect(footers.length).toBeGreaterThan(0);
      const footer = zipText(zip, footers[0]!);
      expect(footer).toContain(doc.footer.text);
      // Word fields for the page number and the page count, not a fixed number.
      expect(footer).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
      expect(footer).toMatch(/<w:instrText[^>]*>\s*NUMPAGES\s*<\/w:instrText>/);
      expect(xml).toMatch(/<w:footerReference [^>]*w:type="default"/);
    }
  });

  it('ends page 1 with the sign-off: prepared by the facilitator, lines for reviewer and date', async () => {
    const snap = fullSnapshot('en');
    const doc = buildReport(snap, { language: 'en', layout: 'steps', generatedAt: GENERATED_AT });
    const { paragraphs } = await open(doc);
    const texts = paragraphs.map((p) => p.text);
    const prepared = texts.indexOf('Prepared by (analysis lead)');
    expect(prepared).toBeGreaterThan(0);
    expect(texts[prepared + 1]).toBe(snap.case.facilitator);
    expect(texts.slice(prepared, prepared + 6)).toEqual(['Prepared by (analysis lead)', snap.case.facilitator, 'Reviewed by', '', 'Date', '']);
    // Before the overview, which starts page 2.
    expect(texts.indexOf('Overview and key facts')).toBeGreaterThan(prepared);
  });

  it('gives a picture automatic line spacing, so LibreOffice does not clip it to one line', async () => {
    const doc = buildReport(fullSnapshot('zh-CN'), { language: 'zh-CN', layout: 'steps', generatedAt: GENERATED_AT });
    const { xml, styles } = await open(doc);
    const pictures = [...xml.matchAll(/<w:p>(?:(?!<\/w:p>).)*?<w:drawing>/gs)].map((m) => m[0]);
    expect(pictures.length).toBeGreaterThan(0);
    for (const p of pictures) expect(p).toMatch(/<w:spacing [^>]*w:lineRule="auto"/);
    expect(styles).toMatch(/<w:spacing [^>]*w:line="300"[^>]*w:lineRule="auto"|<w:spacing [^>]*w:lineRule="auto"[^>]*w:line="300"/);
  });

  it('sizes table columns so that short values and whole words fit: no "Contai nment", no "已证/实"', async () => {
    for (const language of LANGUAGES) {
      const doc = buildReport(fullSnapshot(language), { language, layout: 'steps', generatedAt: GENERATED_AT });
      const { xml } = await open(doc);
      const grids = [...xml.matchAll(/<w:tblGrid>(.*?)<\/w:tblGrid>/g)].map((m) => [...m[1]!.matchAll(/w:w="(\d+)"/g)].map((w) => Number(w[1])));
      const tables: TableBlock[] = [];
      walkBlocks(doc, (b) => b.kind === 'table' && tables.push(b));
      const actions = tables.find((t) => t.key === 'actions')!;
      const grid = grids.find((g) => g.length === actions.columns.length && g.reduce((a, b) => a + b, 0) > 9000)!;
      // The type and status columns are wide enough for their longest value on one line at 9.5 pt
      // (a Chinese character an em, 190 twips; a Latin letter about half), cell margins included.
      for (const key of ['kind', 'status']) {
        const i = actions.columns.findIndex((c) => c.key === key);
        // Latin values may wrap between words (each word whole); a Chinese value must fit whole.
        const pieces = actions.rows.flatMap((r) => (language === 'en' ? r[i]!.split(' ') : [r[i]!]));
        const longest = Math.max(...pieces.map((p) => [...p].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 190 : 105), 0)));
        expect(grid[i]!, `${language} ${key}`).toBeGreaterThanOrEqual(longest + 200);
      }
      expect(grid.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(9638);
    }
  });
});

import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TabStopType,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import type { DiagramBlock, KeyValueRow, ListBlock, ListItem, ReportBlock, ReportDoc, ReportSection, TableBlock } from './doc';
import { NOWRAP_COLUMNS } from './html';
import { cleanText, neutralizeFormula, oneLine, paragraphs } from './text';

/**
 * The report as a Word document (.docx), for people who edit the report in Word. Pure: no Node
 * module, no DOM; the `docx` package zips in memory.
 *
 * - Headings use Word's own Heading 1-3 styles (so the navigation pane and a table of contents
 *   work); each step or D starts a new page where the document tree asks for it.
 * - Fonts: Calibri for Latin text and Microsoft YaHei for Chinese (w:eastAsia), with the
 *   document's language set, so Word picks a Chinese font for Chinese text on any machine.
 * - Every user text is a plain run (w:t): no fields, no hyperlinks, no markup, so a text like
 *   `=HYPERLINK(…)`, `{ INCLUDETEXT … }` or `<script>` stays the characters it is. Table cells
 *   (key/value rows too) go through neutralizeFormula as in the HTML; control characters are dropped.
 * - Tables repeat their header row on every page and keep rows from splitting.
 * - Diagrams are embedded as SVG (Word 2016+, LibreOffice and WPS draw it), with a PNG for older
 *   readers: the caller's rendering when given (`pngFallback`), else a plain light tile; the
 *   diagram's text outline follows the image either way, so nothing is lost without SVG.
 */

export interface DocxOptions {
  /** A PNG of the diagram for Word processors that cannot show SVG. Optional: without it (or
   *  when it returns null) the fallback is a blank tile of the diagram's size. */
  pngFallback?: (diagram: DiagramBlock) => Promise<Uint8Array | null>;
}

export const DOCX_FONTS = { latin: 'Calibri', eastAsia: 'Microsoft YaHei' } as const;
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

// A4 with 2 cm margins, in twentieths of a point, and the text area in CSS pixels (96 per inch).
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const TEXT_WIDTH_TWIPS = PAGE.width - 2 * PAGE.margin;
const TEXT_WIDTH_PX = Math.floor((TEXT_WIDTH_TWIPS / 1440) * 96);
const TEXT_HEIGHT_PX = Math.floor(((PAGE.height - 2 * PAGE.margin) / 1440) * 96) - 80;

const COLORS = { text: '1F2933', muted: '66707A', heading: '17324D', rule: 'B8C2CC', headerFill: 'E8EDF2', labelFill: 'F3F5F7' };
const ORDERED = 'report-ordered';

export async function reportDocx(doc: ReportDoc, options: DocxOptions = {}): Promise<Uint8Array> {
  const builder = new Builder(doc, options);
  const children = await builder.document();
  const eastAsiaLanguage = 'zh-CN';
  const document = new Document({
    creator: 'Causeway',
    lastModifiedBy: 'Causeway',
    title: plain(`${doc.title} — ${doc.subtitle}`),
    description: plain(doc.subtitle),
    styles: {
      default: {
        document: {
          run: {
            font: { ascii: DOCX_FONTS.latin, hAnsi: DOCX_FONTS.latin, cs: DOCX_FONTS.latin, eastAsia: DOCX_FONTS.eastAsia },
            size: 21,
            color: COLORS.text,
            language: { value: doc.language === 'zh-CN' ? 'zh-CN' : 'en-US', eastAsia: eastAsiaLanguage },
          },
          // lineRule "auto" spelled out: without it LibreOffice reads the line as exact and clips an
          // inline picture to one line of height.
          paragraph: { spacing: { after: 100, line: 300, lineRule: LineRuleType.AUTO } },
        },
        title: { run: { size: 40, bold: true, color: COLORS.heading }, paragraph: { spacing: { after: 80 } } },
        heading1: { run: { size: 32, bold: true, color: COLORS.heading }, paragraph: { spacing: { before: 240, after: 120 }, keepNext: true } },
        heading2: { run: { size: 26, bold: true, color: COLORS.heading }, paragraph: { spacing: { before: 200, after: 100 }, keepNext: true } },
        heading3: { run: { size: 22, bold: true, color: COLORS.heading }, paragraph: { spacing: { before: 160, after: 80 }, keepNext: true } },
      },
    },
    numbering: {
      config: [
        {
          reference: ORDERED,
          levels: Array.from({ length: 9 }, (_, level) => ({
            level,
            format: LevelFormat.DECIMAL,
            text: `%${level + 1}.`,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 360 * (level + 1), hanging: 360 } } },
          })),
        },
      ],
    },
    features: { updateFields: false },
    sections: [
      {
        properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin, footer: 567 } } },
        footers: { default: footer(doc) },
        children,
      },
    ],
  });
  return Packer.pack(document, 'uint8array');
}

/** Text as it may go into a w:t: line breaks as "\n", no control characters. */
const plain = (text: string) => cleanText(text);

/** One text as runs: each line break becomes a w:br, never a field or markup. */
function runs(text: string, style: Omit<IRunOptions, 'text' | 'break' | 'children'> = {}): TextRun[] {
  return plain(text)
    .split('\n')
    .map((line, i) => new TextRun({ ...style, text: line, ...(i > 0 ? { break: 1 } : {}) }));
}

type Child = Paragraph | Table;

class Builder {
  private listInstance = 0;
  constructor(
    private readonly doc: ReportDoc,
    private readonly options: DocxOptions,
  ) {}

  async document(): Promise<Child[]> {
    const out: Child[] = [];
    out.push(new Paragraph({ heading: HeadingLevel.TITLE, children: runs(this.doc.title) }));
    out.push(new Paragraph({ children: runs(this.doc.subtitle, { size: 28, bold: true }), spacing: { after: 200 } }));
    if (this.doc.meta.length) out.push(this.keyValue(this.doc.meta), spacer());
    for (const section of this.doc.sections) out.push(...(await this.section(section)));
    return out;
  }

  private async section(section: ReportSection): Promise<Child[]> {
    const heading = section.level === 1 ? HeadingLevel.HEADING_1 : section.level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3;
    const out: Child[] = [new Paragraph({ heading, children: runs(section.title), pageBreakBefore: section.breakBefore })];
    for (const block of section.blocks) out.push(...(await this.block(block)));
    return out;
  }

  private async block(block: ReportBlock): Promise<Child[]> {
    switch (block.kind) {
      case 'section':
        return this.section(block);
      case 'paragraph': {
        const style = block.tone === 'muted' ? { color: COLORS.muted, italics: true } : {};
        const parts = paragraphs(block.text);
        return (parts.length ? parts : ['']).map((text) => new Paragraph({ children: runs(text, style) }));
      }
      case 'keyValue':
        return block.rows.length ? [this.keyValue(block.rows), spacer()] : [];
      case 'table':
        return [...this.table(block), spacer()];
      case 'list':
        return this.list(block);
      case 'diagram':
        return this.diagram(block);
      case 'signOff':
        return [signOff(block.rows), spacer()];
    }
  }

  private keyValue(rows: KeyValueRow[]): Table {
    const labelWidth = Math.round(TEXT_WIDTH_TWIPS * 0.28);
    const valueWidth = TEXT_WIDTH_TWIPS - labelWidth;
    return new Table({
      width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
      columnWidths: [labelWidth, valueWidth],
      layout: TableLayoutType.FIXED,
      borders: tableBorders(),
      rows: rows.map(
        (row) =>
          new TableRow({
            cantSplit: true,
            children: [
              cell(runs(oneLine(row.label), { bold: true }), labelWidth, COLORS.labelFill),
              cell(runs(neutralizeFormula(row.value)), valueWidth),
            ],
          }),
      ),
    });
  }

  private table(block: TableBlock): Child[] {
    const widths = columnWidths(block);
    const align = block.columns.map((c) => (c.align === 'end' ? AlignmentType.END : AlignmentType.START));
    const header = new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: block.columns.map((c, i) => cell(runs(oneLine(c.label), { bold: true, size: TABLE_SIZE }), widths[i]!, COLORS.headerFill, align[i])),
    });
    const body = block.rows.map(
      (row) =>
        new TableRow({
          cantSplit: true,
          children: block.columns.map((_, i) => cell(runs(neutralizeFormula(row[i] ?? ''), { size: TABLE_SIZE }), widths[i]!, undefined, align[i])),
        }),
    );
    // Word has no table caption element: the caption is a paragraph kept with the table.
    const caption = block.caption ? [new Paragraph({ children: runs(block.caption, { bold: true, color: COLORS.muted }), keepNext: true })] : [];
    const table = new Table({
      width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: tableBorders(),
      rows: [header, ...body],
    });
    return [...caption, table];
  }

  private list(block: ListBlock): Paragraph[] {
    const instance = ++this.listInstance;
    const out: Paragraph[] = [];
    const visit = (items: ListItem[], level: number) => {
      for (const item of items) {
        const children: ParagraphChild[] = [];
        if (item.label) children.push(...runs(item.label, { bold: true }), new TextRun({ text: ' ' }));
        children.push(...runs(item.text));
        if (item.detail) children.push(new TextRun({ text: ' ' }), ...runs(item.detail, { color: COLORS.muted, size: 19 }));
        const lvl = Math.min(level, 8);
        out.push(
          new Paragraph({
            children,
            ...(block.ordered ? { numbering: { reference: ORDERED, level: lvl, instance } } : { bullet: { level: lvl } }),
            spacing: { after: 40 },
          }),
        );
        visit(item.children, level + 1);
      }
    };
    visit(block.items, 0);
    return out;
  }

  private async diagram(block: DiagramBlock): Promise<Child[]> {
    const scale = Math.min(1, TEXT_WIDTH_PX / Math.max(1, block.width), TEXT_HEIGHT_PX / Math.max(1, block.height));
    const width = Math.max(1, Math.round(block.width * scale));
    const height = Math.max(1, Math.round(block.height * scale));
    const png = (await this.options.pngFallback?.(block).catch(() => null)) ?? BLANK_PNG();
    const encoder = new TextEncoder();
    const out: Child[] = [new Paragraph({ children: runs(block.title, { bold: true }), keepNext: true })];
    out.push(
      new Paragraph({
        children: [
          new ImageRun({
            type: 'svg',
            data: encoder.encode(block.svg),
            fallback: { type: 'png', data: png },
            transformation: { width, height },
            altText: { name: plain(block.title).slice(0, 200), title: plain(block.title).slice(0, 200), description: outlineText(block.outline).slice(0, 4000) },
          }),
        ],
        // Single, automatic line spacing: the line grows to the picture's height.
        spacing: { after: 120, line: 240, lineRule: LineRuleType.AUTO },
      }),
    );
    if (block.outline.length) out.push(...this.list({ kind: 'list', key: `${block.id}-outline`, ordered: false, items: block.outline }));
    return out;
  }
}

function outlineText(items: ListItem[], depth = 0): string {
  return items.map((i) => `${'  '.repeat(depth)}${i.label ? `${i.label} ` : ''}${i.text}\n${outlineText(i.children, depth + 1)}`).join('');
}

function cell(children: TextRun[], width: number, fill?: string, alignment: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.START): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    ...(fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill } } : {}),
    children: [new Paragraph({ children, alignment, spacing: { after: 0 } })],
  });
}

function tableBorders() {
  const line = { style: BorderStyle.SINGLE, size: 4, color: COLORS.rule };
  return { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line };
}

const spacer = () => new Paragraph({ children: [], spacing: { after: 60 } });

/** The running footer of every page: the case title and date on the left, "Page n of m" on the right. */
function footer(doc: ReportDoc): Footer {
  const style = { size: 16, color: COLORS.muted };
  const page: ParagraphChild[] = doc.footer.page
    .split(/(\{\{\s*pages?\s*\}\})/)
    .filter((part) => part !== '')
    .map((part) =>
      /^\{\{\s*pages\s*\}\}$/.test(part)
        ? new TextRun({ ...style, children: [PageNumber.TOTAL_PAGES] })
        : /^\{\{\s*page\s*\}\}$/.test(part)
          ? new TextRun({ ...style, children: [PageNumber.CURRENT] })
          : new TextRun({ ...style, text: part }),
    );
  return new Footer({
    children: [
      new Paragraph({
        tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH_TWIPS }],
        children: [new TextRun({ ...style, text: oneLine(doc.footer.text) }), new TextRun({ ...style, text: '\t' }), ...page],
      }),
    ],
  });
}

/** Lines to sign on: a row of label / line pairs, the line holding the value or left blank. */
function signOff(rows: KeyValueRow[]): Table {
  const width = Math.floor(TEXT_WIDTH_TWIPS / Math.max(1, rows.length));
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const line = { style: BorderStyle.SINGLE, size: 6, color: COLORS.text };
  return new Table({
    width: { size: width * rows.length, type: WidthType.DXA },
    columnWidths: rows.map(() => width),
    layout: TableLayoutType.FIXED,
    borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
    rows: [
      new TableRow({
        cantSplit: true,
        children: rows.map(
          (row) =>
            new TableCell({
              width: { size: width, type: WidthType.DXA },
              margins: { top: 60, bottom: 60, left: 0, right: 280 },
              borders: { top: none, left: none, right: none, bottom: none },
              children: [
                new Paragraph({ children: runs(oneLine(row.label), { size: 18, color: COLORS.muted }), spacing: { after: 240 } }),
                new Paragraph({ children: runs(oneLine(row.value)), border: { bottom: line }, spacing: { after: 0 } }),
              ],
            }),
        ),
      }),
    ],
  });
}

/** Data tables are set at 9.5 pt (half-points), a little smaller than the text, so that eight
 *  columns fit across a portrait page. */
const TABLE_SIZE = 19;

/** Rough width of a text in twips at the table size: a CJK or full-width character is an em, a
 *  Latin one a little over half. Enough to keep a word or a short value on one line. */
function textTwips(text: string): number {
  let ems = 0;
  for (const ch of text) ems += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 1 : /[A-Z@%&mwMW]/.test(ch) ? 0.72 : 0.55;
  return Math.ceil(ems * TABLE_SIZE * 10);
}

/** Column widths (twips) that add up to the text width. Each column gets at least its longest
 *  word (so Latin text breaks only between words), a short-value column (a status, a date) its
 *  longest value on one line when there is room, else its longest word; the rest is shared by
 *  weight. So Word never prints "Contai nment", and never "已证/实" while the page has room. */
function columnWidths(block: TableBlock): number[] {
  const padding = 380; // cell margins (200) and room for a substituted font a little wider than the estimate
  const widest = (i: number, split: RegExp | null) =>
    [block.columns[i]!.label, ...block.rows.map((r) => r[i] ?? '')].reduce((w, t) => {
      const pieces = split ? cleanText(t).split(split) : cleanText(t).split('\n');
      // Chinese text breaks between any two characters: only a whole short value counts.
      return Math.max(w, ...pieces.map((p) => (split && /[\u2e80-\ua4cf\uff00-\uff60]/.test(p) ? 0 : textTwips(p))));
    }, 0) + padding;
  const word = block.columns.map((_, i) => Math.max(500, widest(i, /[\s\u3000]+/)));
  const whole = block.columns.map((c, i) => (NOWRAP_COLUMNS.has(c.key) ? Math.max(word[i]!, widest(i, null)) : word[i]!));
  // A text column asks for no more than a few words' room before sharing out the rest.
  const text = (w: number) => Math.min(w, 1800);
  const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);
  let min = block.columns.map((c, i) => (NOWRAP_COLUMNS.has(c.key) ? whole[i]! : text(word[i]!)));
  if (sum(min) > TEXT_WIDTH_TWIPS) min = block.columns.map((c, i) => (NOWRAP_COLUMNS.has(c.key) ? word[i]! : text(word[i]!)));
  if (sum(min) > TEXT_WIDTH_TWIPS) return min.map((w) => Math.floor((w * TEXT_WIDTH_TWIPS) / sum(min)));
  // Share out the rest by weight, each column taking from its share what it already has.
  const total = block.columns.reduce((n, c) => n + Math.max(0.1, c.weight), 0) || 1;
  const wanted = block.columns.map((c) => (TEXT_WIDTH_TWIPS * Math.max(0.1, c.weight)) / total);
  const widths = wanted.map((w, i) => Math.max(min[i]!, w));
  const over = sum(widths) - TEXT_WIDTH_TWIPS;
  const flexible = widths.map((w, i) => w - min[i]!);
  const slack = sum(flexible) || 1;
  return widths.map((w, i) => Math.floor(w - (over * flexible[i]!) / slack));
}

// ---------------------------------------------------------------------------------------------
// The fallback tile: a 1×1 light grey PNG, stretched to the diagram's size by the reader.

let blank: Uint8Array | null = null;
function BLANK_PNG(): Uint8Array {
  blank ??= Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4/PU7AAW+AuA2FOygAAAAAElFTkSuQmCC'), (c) => c.charCodeAt(0));
  return blank;
}

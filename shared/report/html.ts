import { DIAGRAM_FONT } from '../render/palette';
import { escapeXml } from '../render/xml';
import type { ListItem, ReportBlock, ReportDoc, ReportSection, TableBlock } from './doc';
import { LATIN_PUNCTUATION_CSS, withLatinPunctuation } from './latin-punctuation';
import { cleanText, neutralizeFormula, oneLine, paragraphs } from './text';

export interface ReportHtmlOptions {
  /** @font-face rules placed before the report's own styles (the PDF pipeline passes the bundled
   *  Noto Sans SC as a data: or file: URL). Trusted CSS from the application, never user text. */
  fontFaceCss?: string;
}

/** The Content-Security-Policy of every report: nothing may load or run; inline styles, and
 *  images and fonts from data: (fonts also from file:, for the bundled font), are all it allows. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data: file:";

/** The report as one self-contained HTML document, ready to print (A4 for the steps and 8D
 *  layouts, one landscape A3 sheet for the A3 layout): an inline style sheet, inline SVG diagrams,
 *  no script, no external reference, and a CSP that forbids both anyway. Every text is escaped. */
export function reportHtml(doc: ReportDoc, options: ReportHtmlOptions = {}): string {
  const out: string[] = [];
  const fontFace = (options.fontFaceCss ?? '').replace(/<\/(style)/gi, '<\\/$1');
  out.push(
    '<!DOCTYPE html>',
    `<html lang="${escapeXml(doc.language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    // The policy is a constant with no double quote, written as is.
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="color-scheme" content="light">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(`${oneLine(doc.title)} — ${oneLine(doc.subtitle)}`)}</title>`,
    `<style>${fontFace ? `\n${fontFace}\n` : ''}${styles(doc)}</style>`,
    '</head>',
    `<body class="layout-${escapeXml(doc.layout)}">`,
    '<header class="report-header">',
    `<h1>${text(oneLine(doc.title))}</h1>`,
    `<p class="subtitle">${text(oneLine(doc.subtitle))}</p>`,
    keyValue(doc.meta, 'meta'),
    '</header>',
  );
  if (doc.layout === 'a3') {
    // The sheet is one A3 page (its box clips rather than spill onto a second); the sections
    // without a column are the appendix that follows it.
    out.push('<main>', '<div class="a3-sheet">');
    for (const column of ['left', 'right'] as const) {
      out.push(`<div class="a3-column a3-${column}">`);
      for (const s of doc.sections) if (s.column === column) out.push(section(s));
      out.push('</div>');
    }
    out.push('</div>');
    for (const s of doc.sections) if (!s.column) out.push(section(s));
    out.push('</main>');
  } else {
    out.push('<main>');
    for (const s of doc.sections) out.push(section(s));
    out.push('</main>');
  }
  out.push('</body>', '</html>', '');
  return out.join('\n');
}

/** Escaped text, its line breaks as <br>. A run of 24 or more Latin characters without a space (a
 *  URL, a file path, an id) gets break opportunities after its punctuation, or every 16 characters,
 *  so it cannot stretch a table; ordinary words are never broken. */
function text(value: string): string {
  return cleanText(value)
    .split(/([A-Za-z0-9_./:?#=&;%+~@\\-]{24,})/)
    .map((part, i) => {
      if (i % 2 === 0) return escapeXml(part);
      const pieces = part.split(/(?<=[/.?&=_-])(?=[^/.?&=_-])|(?<=^(?:[A-Za-z0-9]{16})+)/);
      return pieces.map((piece) => escapeXml(piece)).join('<wbr>');
    })
    .join('')
    .replace(/\n/g, '<br>');
}

/** Lines to sign on: the label, then the value written on the line, or the line left blank. */
function signOff(rows: ReadonlyArray<{ label: string; value: string }>): string {
  const cells = rows.map((r) => `<div class="sign-field"><span class="sign-label">${text(oneLine(r.label))}</span><span class="sign-line">${r.value.trim() ? text(oneLine(r.value)) : '&#8203;'}</span></div>`);
  return `<div class="sign-off">${cells.join('')}</div>`;
}

/** A CSS string literal of any text: everything but letters, digits and spaces as a hex escape,
 *  so no quote, backslash or "</style" can end it. */
function cssString(value: string): string {
  return `"${Array.from(cleanText(value).replace(/[\n\t]/g, ' '), (ch) => (/[\p{L}\p{N} ]/u.test(ch) ? ch : `\\${ch.codePointAt(0)!.toString(16)} `)).join('')}"`;
}

/** The page-number template ("Page {{page}} of {{pages}}") as CSS content with page counters. */
function pageContent(template: string): string {
  return template
    .split(/(\{\{\s*pages?\s*\}\})/)
    .filter((part) => part !== '')
    .map((part) => (/^\{\{\s*pages\s*\}\}$/.test(part) ? 'counter(pages)' : /^\{\{\s*page\s*\}\}$/.test(part) ? 'counter(page)' : cssString(part)))
    .join(' ');
}

function section(s: ReportSection): string {
  const h = `h${Math.min(s.level + 1, 6)}`;
  const classes = ['section', `level-${s.level}`, ...(s.breakBefore ? ['break-before'] : [])].join(' ');
  const out = [`<section id="${escapeXml(s.id)}" class="${classes}" aria-labelledby="${escapeXml(s.id)}-h">`, `<${h} id="${escapeXml(s.id)}-h">${text(oneLine(s.title))}</${h}>`];
  for (const b of s.blocks) out.push(block(b));
  out.push('</section>');
  return out.join('\n');
}

function block(b: ReportBlock): string {
  switch (b.kind) {
    case 'section':
      return section(b);
    case 'paragraph':
      return paragraphs(b.text)
        .map((p) => `<p${b.tone === 'muted' ? ' class="muted"' : ''}>${text(p)}</p>`)
        .join('\n');
    case 'keyValue':
      return keyValue(b.rows, 'kv');
    case 'table':
      return table(b);
    case 'list':
      return list(b.items, b.ordered, `list list-${b.key}`);
    case 'signOff':
      return signOff(b.rows);
    case 'diagram':
      return [
        `<figure class="diagram diagram-${b.diagram}${b.landscape ? ' landscape' : ''}" id="${escapeXml(b.id)}">`,
        b.svg,
        `<figcaption>${text(oneLine(b.title))}</figcaption>`,
        '</figure>',
      ].join('\n');
  }
}

function keyValue(rows: ReadonlyArray<{ label: string; value: string }>, className: string): string {
  const body = rows.map((r) => `<tr><th scope="row">${text(oneLine(r.label))}</th><td>${text(neutralizeFormula(r.value))}</td></tr>`).join('');
  return `<table class="${className}"><tbody>${body}</tbody></table>`;
}

/** Columns of short fixed values (a status, a kind, a date) kept on one line: a narrow column
 *  would otherwise break "已证实" or "Containment" in two. */
export const NOWRAP_COLUMNS: ReadonlySet<string> = new Set(['code', 'kind', 'due', 'priority', 'status', 'result', 'checkedAt', 'at', 'effect']);

function table(t: TableBlock): string {
  const total = t.columns.reduce((sum, c) => sum + c.weight, 0) || 1;
  const cols = t.columns.map((c) => `<col style="width:${((c.weight / total) * 100).toFixed(1)}%">`).join('');
  const cls = (c: TableBlock['columns'][number]) => {
    const names = [...(c.align === 'end' ? ['end'] : []), ...(NOWRAP_COLUMNS.has(c.key) ? ['nowrap'] : [])];
    return names.length ? ` class="${names.join(' ')}"` : '';
  };
  const head = t.columns.map((c) => `<th scope="col"${cls(c)}>${text(oneLine(c.label))}</th>`).join('');
  const rows = t.rows
    .map((cells) => `<tr>${t.columns.map((c, i) => `<td${cls(c)}>${text(neutralizeFormula(cells[i] ?? ''))}</td>`).join('')}</tr>`)
    .join('\n');
  return [
    `<table class="data" data-table="${escapeXml(t.key)}">`,
    t.caption ? `<caption>${text(oneLine(t.caption))}</caption>` : '',
    `<colgroup>${cols}</colgroup>`,
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${rows}\n</tbody>`,
    '</table>',
  ]
    .filter(Boolean)
    .join('\n');
}

function list(items: readonly ListItem[], ordered: boolean, className?: string): string {
  const tag = ordered ? 'ol' : 'ul';
  const lis = items.map((item) => {
    const parts: string[] = [];
    if (item.label) parts.push(`<strong class="label">${text(oneLine(item.label))}</strong> `);
    parts.push(`<span class="text">${text(item.text)}</span>`);
    if (item.detail) parts.push(` <span class="detail">— ${text(oneLine(item.detail))}</span>`);
    if (item.children.length) parts.push(list(item.children, false));
    return `<li>${parts.join('')}</li>`;
  });
  return `<${tag}${className ? ` class="${escapeXml(className)}"` : ''}>${lis.join('\n')}</${tag}>`;
}

function styles(doc: ReportDoc): string {
  const a3 = doc.layout === 'a3';
  // English takes its curly quotes, dashes and the like from a Latin face (latin-punctuation.ts).
  const font = withLatinPunctuation(DIAGRAM_FONT, doc.language);
  const footer = `font-family: ${font}; font-size: 8pt; color: #5b6b7f;`;
  return `${doc.language === 'en' ? LATIN_PUNCTUATION_CSS : ''}
@page { size: ${a3 ? 'A3 landscape' : 'A4'}; margin: ${a3 ? '12mm 12mm 14mm' : '18mm 16mm 20mm'};
  @bottom-left { content: ${cssString(doc.footer.text)}; ${footer} vertical-align: top; padding-top: 4mm; }
  @bottom-right { content: ${pageContent(doc.footer.page)}; ${footer} vertical-align: top; padding-top: 4mm; white-space: nowrap; }
}
@page landscape { size: A4 landscape; margin: 16mm 18mm 18mm; }
:root { color-scheme: light; }
html { font-family: ${font}; font-size: ${a3 ? '9pt' : '10.5pt'}; line-height: 1.55; color: #1b2430; background: #ffffff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
/* Latin text breaks between words only (a word longer than the line is the one exception); Chinese
   and Japanese break by their own rules (no line starts with 。，）etc.). */
body { margin: 0 auto; padding: 12mm 10mm; max-width: ${a3 ? '400mm' : '180mm'}; overflow-wrap: break-word; word-break: normal; line-break: strict; hyphens: manual; }
@media print {
  body { margin: 0; padding: 0; max-width: none; }
  /* A title of hundreds of characters would push page 1 over: three lines in print (the full
     title is the document's title, and in the HTML and Word files). */
  .subtitle { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; line-clamp: 3; overflow: hidden; }
}
h1 { font-size: 20pt; line-height: 1.25; margin: 0 0 2pt; color: #1f3a5f; }
h2 { font-size: 15pt; line-height: 1.3; margin: 16pt 0 8pt; padding-bottom: 3pt; border-bottom: 2px solid #1f3a5f; color: #1f3a5f; }
h3 { font-size: 12pt; line-height: 1.3; margin: 12pt 0 5pt; color: #13294b; }
h4 { font-size: 10.5pt; line-height: 1.3; margin: 10pt 0 4pt; color: #13294b; }
h2, h3, h4 { break-after: avoid; page-break-after: avoid; break-inside: avoid; }
.subtitle { font-size: 13pt; font-weight: 700; margin: 0 0 8pt; }
.break-before { break-before: page; page-break-before: always; }
p { margin: 0 0 6pt; orphans: 3; widows: 3; }
.muted, .detail, figcaption { color: #5b6b7f; }
p.muted { font-style: italic; }
table { width: 100%; border-collapse: collapse; margin: 4pt 0 10pt; font-size: 0.9em; }
th, td { border: 1px solid #c9d2de; padding: 3pt 5pt; text-align: start; vertical-align: top; }
th.nowrap, td.nowrap { white-space: nowrap; }
thead { display: table-header-group; }
thead th { background: #e3ebf6; color: #13294b; }
tr { break-inside: avoid; page-break-inside: avoid; }
th.end, td.end { text-align: end; }
table.kv th, table.meta th { width: 30%; background: #f3f6fa; font-weight: 600; }
table.meta { font-size: 0.85em; margin-bottom: 6pt; }
caption { caption-side: bottom; text-align: start; color: #5b6b7f; padding-top: 2pt; }
ul, ol { margin: 0 0 8pt; padding-inline-start: 16pt; }
li { margin: 1pt 0; }
li > ul, li > ol { margin-bottom: 0; }
.sign-off { display: flex; gap: 8mm; margin: 10pt 0 4pt; break-inside: avoid; }
.sign-field { flex: 1 1 0; min-width: 0; }
.sign-label { display: block; font-size: 0.85em; color: #5b6b7f; }
.sign-line { display: block; min-height: 1.6em; padding-top: 6pt; border-bottom: 1px solid #1b2430; }
/* The executive summary is page 1 whatever the case holds: a little tighter than the rest. */
#summary { font-size: 0.95em; line-height: 1.45; }
#summary h2 { margin-top: 10pt; }
#summary h3 { margin: 8pt 0 3pt; }
#summary table.data, #summary ul { margin-bottom: 3pt; }
#summary td, #summary th { padding: 2pt 4pt; }
table.meta th, table.meta td { padding: 1.5pt 5pt; }
figure { margin: 6pt 0 12pt; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; max-width: 100%; height: auto; max-height: ${a3 ? '235mm' : '235mm'}; margin: 0 auto; }
figure.landscape { page: landscape; }
figure.landscape svg { max-height: 150mm; }
figcaption { font-size: 0.85em; margin-top: 3pt; text-align: center; }
.layout-a3 .report-header { display: flex; align-items: baseline; gap: 8mm; flex-wrap: wrap; }
.layout-a3 .report-header table.meta { width: auto; }
.layout-a3 .report-header table.meta th { width: auto; white-space: nowrap; }
/* One A3 page: the text area less the header; what does not fit is cut here and printed in full in the appendix. */
.a3-sheet { display: grid; grid-template-columns: 1fr 1fr; gap: 0 10mm; align-items: start; max-height: 232mm; overflow: hidden; }
@media screen { .a3-sheet { max-height: none; overflow: visible; } }
.a3-column { min-width: 0; }
.a3-column > .section > h2 { margin-top: 8pt; }
`;
}

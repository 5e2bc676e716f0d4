import type { ListItem, ReportBlock, ReportDoc, ReportSection, TableBlock } from './doc';
import { cleanText, neutralizeFormula, oneLine, paragraphs } from './text';

/** The report as GitHub-flavoured Markdown.
 *
 *  Every text of the tree is user text or reads like it, so all of it is escaped: each Markdown
 *  punctuation character gets a backslash, and a line that would start a list, a heading, a quote
 *  or a code block cannot. A link, an image, raw HTML, emphasis or a table cell break in a case
 *  therefore shows as the characters typed. The only markup in the output is the renderer's own:
 *  headings, lists, tables, strong labels and `<br>` inside table cells.
 *
 *  Diagrams are written as their outline (Markdown cannot embed SVG portably): the fishbone as an
 *  indented list, each 5-Whys tree as its numbered text outline. */
export function reportMarkdown(doc: ReportDoc): string {
  const w: Writer = { out: [], colon: doc.language === 'zh-CN' ? '：' : ': ', lastWasList: false, bullet: '-' };
  w.out.push(`# ${escapeLine(oneLine(doc.title))}`, '');
  w.out.push(`**${escapeLine(oneLine(doc.subtitle))}**`, '');
  writeKeyValues(w, doc.meta);
  for (const section of doc.sections) writeSection(w, section);
  return `${w.out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

interface Writer {
  out: string[];
  colon: string;
  /** Two lists in a row with the same bullet would merge into one: the second switches bullet. */
  lastWasList: boolean;
  bullet: '-' | '*';
}

function startList(w: Writer): '-' | '*' {
  w.bullet = w.lastWasList ? (w.bullet === '-' ? '*' : '-') : '-';
  w.lastWasList = true;
  return w.bullet;
}

function writeSection(w: Writer, section: ReportSection): void {
  w.lastWasList = false;
  w.out.push(`${'#'.repeat(section.level + 1)} ${escapeLine(oneLine(section.title))}`, '');
  for (const block of section.blocks) writeBlock(w, block);
}

function writeKeyValues(w: Writer, rows: ReadonlyArray<{ label: string; value: string }>): void {
  const bullet = startList(w);
  for (const row of rows) w.out.push(`${bullet} **${escapeLine(oneLine(row.label))}**${w.colon}${hardBreaks(lines(row.value), '  ')}`);
  w.out.push('');
}

function writeBlock(w: Writer, block: ReportBlock): void {
  switch (block.kind) {
    case 'section':
      writeSection(w, block);
      return;
    case 'paragraph':
      for (const p of paragraphs(block.text)) {
        const text = hardBreaks(lines(p));
        w.out.push(block.tone === 'muted' ? `*${text}*` : text, '');
      }
      w.lastWasList = false;
      return;
    case 'keyValue':
      writeKeyValues(w, block.rows);
      return;
    case 'table':
      w.out.push(...table(block), '');
      w.lastWasList = false;
      return;
    case 'list':
      writeItems(w.out, block.items, '', block.ordered ? null : startList(w));
      if (block.ordered) w.lastWasList = true;
      w.out.push('');
      return;
    case 'diagram':
      w.out.push(`**${escapeLine(oneLine(block.title))}**`, '');
      w.lastWasList = false;
      writeItems(w.out, block.outline, '', startList(w));
      w.out.push('');
      return;
  }
}

/** Items of a list; `bullet` null for an ordered list. Nested lists are always bulleted. */
function writeItems(out: string[], items: readonly ListItem[], indent: string, bullet: '-' | '*' | null): void {
  items.forEach((item, i) => {
    const marker = bullet ? `${bullet} ` : `${i + 1}. `;
    const under = indent + ' '.repeat(marker.length);
    const text = lines(item.text);
    if (text.length === 0) text.push('');
    if (item.label) text[0] = `**${escapeLine(oneLine(item.label))}** ${text[0]}`.trimEnd();
    if (item.detail) text[text.length - 1] = `${text[text.length - 1]} — *${escapeLine(oneLine(item.detail))}*`.trimStart();
    out.push(`${indent}${marker}${hardBreaks(text, under)}`);
    writeItems(out, item.children, under, '-');
  });
}

/** Lines joined by hard line breaks (a backslash at the end of a line), the continuation lines
 *  indented to stay in their list item. */
function hardBreaks(escaped: readonly string[], indent = ''): string {
  return escaped.join(`\\\n${indent}`);
}

/** The non-blank lines of a text, each escaped. */
function lines(text: string): string[] {
  return cleanText(text)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(escapeLine);
}

function table(block: TableBlock): string[] {
  const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const cellText = (text: string) => {
    const escaped = lines(neutralizeFormula(text));
    return escaped.length ? escaped.join('<br>') : ' ';
  };
  const out = [row(block.columns.map((c) => escapeLine(oneLine(c.label)) || ' ')), row(block.columns.map((c) => (c.align === 'end' ? '---:' : '---')))];
  for (const cells of block.rows) out.push(row(block.columns.map((_, i) => cellText(cells[i] ?? ''))));
  if (block.caption) out.push('', `*${escapeLine(oneLine(block.caption))}*`);
  return out;
}

/** ASCII punctuation with a meaning somewhere in CommonMark or GFM (emphasis, code, links,
 *  images, HTML, entities, headings, lists, quotes, tables, strikethrough, thematic breaks, setext
 *  underlines, math in some viewers). Quotes and apostrophes mean nothing outside link syntax,
 *  which the brackets already break, so they stay as typed. A backslash before any ASCII punctuation shows it as is. */
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-!|<>~=&$]/g;

/** One line of user text, safe anywhere inline: punctuation escaped, leading white space dropped
 *  (four spaces would start a code block), and "1." at the start kept from starting a list. */
export function escapeLine(line: string): string {
  return line
    .replace(/^[ \t\u00a0]+|[ \t]+$/g, '')
    .replace(MARKDOWN_SPECIAL, (ch) => `\\${ch}`)
    .replace(/^(\d+)\./, '$1\\.')
    .replace(/\t/g, ' ');
}

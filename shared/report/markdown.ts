import type { ListItem, ReportBlock, ReportDoc, ReportSection, TableBlock } from './doc';
import { cleanText, neutralizeFormula, oneLine, paragraphs } from './text';

/** The report as GitHub-flavoured Markdown.
 *
 *  Every text of the tree is user text or reads like it, so all of it is escaped, but only where a
 *  character would change the meaning (see escapeLine): a link, an image, raw HTML, emphasis, a
 *  heading or a table cell break in a case shows as the characters typed, while ordinary
 *  punctuation (quotes, parentheses, a dash in a sentence) stays free of backslashes. The only markup in the output is the renderer's own:
 *  headings, lists, tables, strong labels and `<br>` inside table cells.
 *
 *  Diagrams are written as their outline (Markdown cannot embed SVG portably): the fishbone as an
 *  indented list, each 5-Whys tree as its numbered text outline. */
export function reportMarkdown(doc: ReportDoc): string {
  const w: Writer = { out: [], colon: doc.language === 'zh-CN' ? '：' : ': ', lastWasList: false, bullet: '-' };
  w.out.push(`# ${heading(doc.title)}`, '');
  w.out.push(`**${inline(doc.subtitle)}**`, '');
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
  w.out.push(`${'#'.repeat(section.level + 1)} ${heading(section.title)}`, '');
  for (const block of section.blocks) writeBlock(w, block);
}

function writeKeyValues(w: Writer, rows: ReadonlyArray<{ label: string; value: string }>): void {
  const bullet = startList(w);
  for (const row of rows) w.out.push(`${bullet} **${inline(row.label)}**${w.colon}${hardBreaks(lines(row.value, false), '  ')}`);
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
    case 'signOff':
      // Blank values are lines to sign on paper (a run of underscores between spaces is no emphasis).
      w.out.push(...block.rows.map((row) => `**${inline(row.label)}**${w.colon}${row.value.trim() ? inline(row.value) : '_'.repeat(24)}  `), '');
      w.lastWasList = false;
      return;
    case 'diagram':
      w.out.push(`**${inline(block.title)}**`, '');
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
    const text = lines(item.text, !item.label);
    if (text.length === 0) text.push('');
    if (item.label) text[0] = `**${inline(item.label)}** ${text[0]}`.trimEnd();
    if (item.detail) text[text.length - 1] = `${text[text.length - 1]} — *${inline(item.detail)}*`.trimStart();
    out.push(`${indent}${marker}${hardBreaks(text, under)}`);
    writeItems(out, item.children, under, '-');
  });
}

/** Lines joined by hard line breaks (a backslash at the end of a line), the continuation lines
 *  indented to stay in their list item. */
function hardBreaks(escaped: readonly string[], indent = ''): string {
  return escaped.join(`\\\n${indent}`);
}

/** The non-blank lines of a text, each escaped; the first as the start of a line unless it follows
 *  something on its line (`firstStarts` false), every further one as a line start. */
function lines(text: string, firstStarts = true, cell = false): string[] {
  return cleanText(text)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => escapeLine(l, { start: cell ? false : i > 0 || firstStarts, cell }));
}

/** A one-line text inside the line (after a marker, inside strong or emphasis). */
const inline = (text: string) => escapeLine(oneLine(text), { start: false });

/** A heading's text: a trailing run of # would be read as the heading's closing sequence. */
const heading = (text: string) => inline(text).replace(/(^|\s)(#+)$/, '$1\\$2');

function table(block: TableBlock): string[] {
  const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const cellText = (text: string) => {
    const escaped = lines(neutralizeFormula(text), false, true);
    return escaped.length ? escaped.join('<br>') : ' ';
  };
  const out = [row(block.columns.map((c) => escapeLine(oneLine(c.label), { start: false, cell: true }) || ' ')), row(block.columns.map((c) => (c.align === 'end' ? '---:' : '---')))];
  for (const cells of block.rows) out.push(row(block.columns.map((_, i) => cellText(cells[i] ?? ''))));
  if (block.caption) out.push('', `*${inline(block.caption)}*`);
  return out;
}

/** One line of user text as Markdown that reads as typed, with a backslash only where a character
 *  would otherwise change the meaning (CommonMark and GitHub's extensions):
 *  - anywhere: a backtick (code), a backslash before punctuation or at the end, `*` and `_` that
 *    could open or close emphasis (not "2 * 3" or snake_case), `~` and `$` when the line has a pair
 *    (strikethrough, math), `<` before a tag, an autolink or a comment, `&` that would read as an
 *    entity, `](` and `][` (links, images);
 *  - at the start of a line (`start`): a heading `#`, a quote `>`, a list marker (`-`, `+`, `*`,
 *    `1.`, `1)`), a thematic break or setext underline (`---`, `===`), a fence, a link definition
 *    `[x]:`; leading white space is dropped (four spaces would start a code block);
 *  - in a table cell (`cell`): `|`.
 *  Quotes, brackets alone, parentheses, `!`, `#` inside a line and CJK punctuation stay as typed. */
export function escapeLine(line: string, where: { start?: boolean; cell?: boolean } = {}): string {
  const start = where.start ?? true;
  let text = line.replace(/\t/g, ' ').replace(/^[ \u00a0]+|[ ]+$/g, '');
  const chars = Array.from(text);
  const pairs = (ch: string) => chars.filter((c) => c === ch).length >= 2;
  const tilde = pairs('~');
  const dollar = pairs('$');
  const out: string[] = [];
  const space = (c: string | undefined) => c === undefined || /\s/u.test(c);
  const word = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const prev = chars[i - 1];
    const next = chars[i + 1];
    let escape = false;
    switch (ch) {
      case '\\':
        escape = next === undefined || /[!-/:-@[-`{-~]/.test(next);
        break;
      case '`':
        escape = true;
        break;
      case '*':
        // Surrounded by spaces, an asterisk can neither open nor close emphasis.
        escape = !(space(prev) && space(next));
        break;
      case '_':
        // Inside a word (snake_case, 中_文) an underscore is never emphasis.
        escape = !(word(prev) && word(next)) && !(space(prev) && space(next));
        break;
      case '~':
        escape = tilde;
        break;
      case '$':
        escape = dollar;
        break;
      case '<':
        escape = next !== undefined && /[A-Za-z/!?]/.test(next);
        break;
      case '&':
        escape = /^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/.test(chars.slice(i, i + 40).join(''));
        break;
      case ']':
        escape = next === '(' || next === '[' || (next === ':' && start && chars[0] === '[');
        break;
      case '|':
        escape = where.cell === true;
        break;
    }
    out.push(escape ? `\\${ch}` : ch);
  }
  text = out.join('');
  if (!start) return text;
  return (
    text
      // A heading, a quote, a fence, a link definition, a bullet: the first character loses its meaning.
      .replace(/^(#{1,6}(?=\s|$)|>|[-+](?=\s|$)|~~~|\[)/, '\\$1')
      // "1." / "1)" would start an ordered list.
      .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
      // A line of only - = * _ (and spaces) is a thematic break or a heading's underline.
      .replace(/^([-=*_])(?=[-=*_\s]*$)/, '\\$1')
      // A line of only | - : (and spaces) could be read as a table's delimiter row.
      .replace(/^([|:-])(?=[-|:\s]*$)/, (m) => `\\${m}`)
  );
}

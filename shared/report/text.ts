/** Text helpers every report format shares. Pure. */

/** Line breaks as "\n", and no control characters but the tab and the line break (XML and most
 *  viewers refuse or mangle the others). */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g, '');
}

/** The text on one line: line breaks and tabs become spaces. For headings and titles. */
export function oneLine(text: string): string {
  return cleanText(text).replace(/\s*[\n\t]\s*/g, ' ').trim();
}

/** Paragraphs of a text: split at blank lines; each keeps its inner line breaks, with the ends of
 *  its lines trimmed. Blank text gives none. */
export function paragraphs(text: string): string[] {
  return cleanText(text)
    .split(/\n[ \t]*\n/)
    .map((p) =>
      p
        .split('\n')
        .map((l) => l.replace(/[ \t]+$/, ''))
        .filter((l) => l.trim() !== '')
        .join('\n'),
    )
    .filter((p) => p.trim() !== '');
}

/** Characters that make a spreadsheet read a cell as a formula when it starts with one (CSV /
 *  formula injection), full-width forms included. */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/** A table cell that cannot run as a spreadsheet formula once pasted or converted: a cell that
 *  starts with = + - @, a tab or a carriage return (after any leading spaces) gets a leading
 *  apostrophe, the usual spreadsheet convention for "this is text". Every table of every format
 *  goes through this. */
export function neutralizeFormula(cell: string): string {
  return FORMULA_START.test(cell) || FORMULA_START.test(cell.replace(/^[ \u00a0\u3000]+/, '')) ? `'${cell}` : cell;
}

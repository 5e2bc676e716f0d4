import { CausewayError } from '../contract/errors';
import { defaultCauseFields, type Category, type Cause, type Fishbone } from '../domain/fishbone';
import { LIMITS } from '../domain/vocabulary';

/**
 * Mermaid `ishikawa` text <-> fishbone. Pure: no Node, no DOM.
 *
 * The grammar, as Mermaid 11.12.3+ / 12 reads it (ishikawa.jison, ishikawaDb.ts, preprocess.ts):
 * - Before parsing, Mermaid turns CRLF and CR into LF, takes a leading `---` front-matter block off,
 *   removes `%%{ ... }%%` directives anywhere, drops comment lines (first non-blank characters `%%`;
 *   a `%%` later in a line is text) and blank lines.
 * - The first line is the keyword `ishikawa` or `ishikawa-beta` (any case, then a word boundary).
 *   Text after it on the same line is the first node.
 * - Every other line is one node: leading whitespace is its indentation, the rest of the line,
 *   trimmed, is its text, verbatim. There is no quoting, no shape, icon or class syntax.
 * - The first node is the event (the fish head). The indentation of the second node is the base;
 *   a node's level is `indent - base + 1`, at least 1, and it hangs under the nearest earlier node
 *   of a lower level, so no dedent is an error: level 1 nodes are categories, deeper ones causes.
 *   Each whitespace character counts 1, a tab or a full-width space included.
 * - `#name;` / `#123;` anywhere are entity codes (Mermaid's encodeEntities), shown as the
 *   character; `<br>` breaks a label into lines.
 * Mermaid 12 also refuses a blank line right after the keyword and a line starting with the word
 * `ishikawa`; reading, both are accepted, as their meaning is plain.
 *
 * Writing: the keyword, the event indented 4 spaces, categories 8, causes 4 more per level. Each
 * text is made safe with Mermaid's own entity codes, so Mermaid shows it as written and
 * `parseMermaidIshikawa` reads it back unchanged: `&`, `<`, `>` and no-break spaces (Mermaid's HTML
 * sanitiser would show them as `&amp;`...), a `#` that would start an entity code, a `%` of `%%`
 * (comment, directive), the first letter of a text starting with the keyword, the `s` of `style`
 * and `c` of `classDef` where Mermaid's colour-style rewrite would eat a `;`, a text that is just
 * `[]`. Line breaks inside a text become `<br>` (CRLF and CR read back as LF). Outer whitespace is
 * trimmed, as the app stores texts trimmed anyway. Only the effect, the categories and the cause
 * tree with its texts are written: status, votes, evidence and the rest are not part of Mermaid.
 */

/** The keyword written on export. Every Mermaid build with this diagram accepts it; the docs use it. */
export const MERMAID_ISHIKAWA_KEYWORD = 'ishikawa-beta';
/** Input larger than this (UTF-8 bytes) is refused before any work. */
export const MERMAID_MAX_INPUT_BYTES = 2 * 1024 * 1024;
/** Mermaid's default `maxTextSize` (mermaid/src/defaultConfig): a longer diagram text is not drawn
 *  ("Maximum text size in diagram exceeded") unless the site showing it raises the limit. Exports
 *  longer than this still hold the whole diagram; the user is told to raise the limit. */
export const MERMAID_DEFAULT_MAX_TEXT_SIZE = 50_000;
/** Whether Mermaid, with its default settings, refuses to draw this text. */
export const exceedsMermaidTextSize = (text: string): boolean => text.length > MERMAID_DEFAULT_MAX_TEXT_SIZE;

export const MERMAID_ISSUE_REASONS = [
  'mermaid_too_large',
  'mermaid_empty',
  'mermaid_front_matter',
  'mermaid_header',
  'mermaid_no_event',
  'mermaid_empty_text',
  'mermaid_text_too_long',
  'mermaid_too_many_categories',
  'mermaid_too_many_causes',
  'mermaid_too_deep',
  'mermaid_second_diagram',
] as const;
export type MermaidIssueReason = (typeof MERMAID_ISSUE_REASONS)[number];

const INDENT = '    ';

// ---------------------------------------------------------------------------------------------
// Export

export function fishboneToMermaid(fishbone: Fishbone, effect: string): string {
  const lines = [MERMAID_ISHIKAWA_KEYWORD, INDENT + encodeText(effect, ['effect'])];
  fishbone.categories.forEach((category, ci) => {
    lines.push(INDENT.repeat(2) + encodeText(category.label, ['categories', ci, 'label']));
    // Depth-first, in reading order, without recursion.
    const stack: Array<{ cause: Cause; depth: number; path: (string | number)[] }> = [];
    const pushAll = (list: Cause[], depth: number, path: (string | number)[]) => {
      for (let i = list.length - 1; i >= 0; i--) stack.push({ cause: list[i]!, depth, path: [...path, i] });
    };
    pushAll(category.causes, 1, ['categories', ci, 'causes']);
    while (stack.length) {
      const { cause, depth, path } = stack.pop()!;
      lines.push(INDENT.repeat(depth + 2) + encodeText(cause.text, [...path, 'text']));
      pushAll(cause.children, depth + 1, [...path, 'children']);
    }
  });
  return lines.join('\n') + '\n';
}

const ENTITY_AHEAD = /#\w+;/y;
const KEYWORD_START = /^ishikawa\b/i;

/** One text as a Mermaid line body (without indentation). */
function encodeText(raw: string, path: (string | number)[]): string {
  const text = raw.replace(/\r\n?/g, '\n').trim();
  if (!text) throw new CausewayError('validation', 'A text to export is empty.', { issues: [{ path, reason: 'required' }] });
  if (text === '[]') return '#91;]'; // Mermaid's docs give `[]` alone as an empty gap in the drawing.
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === '\n') out += '<br>';
    else if (ch === '&' || ch === '<' || ch === '>' || ch === '\u00a0') out += entity(ch);
    else if (ch === '#') {
      ENTITY_AHEAD.lastIndex = i;
      out += ENTITY_AHEAD.test(text) ? entity(ch) : ch;
    } else if (ch === '%' && next === '%') out += entity(ch);
    // Mermaid's entity placeholders are `ﬂ°°`, `ﬂ°` and `¶ß`: literal ones would turn into `&#`, `&`, `;`.
    else if ((ch === '\ufb02' && next === '\u00b0') || (ch === '\u00b6' && next === '\u00df')) out += entity(ch);
    else out += ch;
  }
  // Checked on the whole text, across any U+2028: escaping when not needed is harmless.
  if (STYLE_WORDS.some((word) => styleRewriteAt(out, word) !== -1)) out = out.replace(/style/g, '#115;tyle').replace(/classDef/g, '#99;lassDef');
  // Last: the rewrite above can end a word right after `ishikawa` (`ishikawa#115;tyle`).
  if (KEYWORD_START.test(out)) out = entity(out[0]!) + out.slice(1);
  return out;
}

/**
 * Before parsing, Mermaid drops the last `;` of a line matching `/style.*:\S*#.*;/`, then of one
 * matching `/classDef.*:\S*#.*;/` (meant for `style a fill:#f00;`). This finds that `;` without the
 * regex, which backtracks quadratically on long lines: the word, later a `:` whose run of
 * non-space characters reaches a `#`, and a `;` after that `#`. -1 when the rewrite does not apply.
 * `segment` holds no line terminator (`.` in the regex stops at one).
 */
const STYLE_WORDS = ['style', 'classDef'];
function styleRewriteAt(segment: string, word: string): number {
  const start = segment.indexOf(word);
  const semicolon = segment.lastIndexOf(';');
  if (start === -1 || semicolon === -1) return -1;
  // The first `#` reachable from each position through non-space characters, scanning backwards.
  let hash = -1;
  for (let i = segment.length - 1; i >= start + word.length; i--) {
    const ch = segment[i]!;
    if (ch === '#') hash = i;
    else if (/\s/.test(ch)) hash = -1;
    else if (ch === ':' && hash !== -1 && hash < semicolon) return semicolon;
  }
  return -1;
}

function entity(ch: string): string {
  return `#${ch.codePointAt(0)};`;
}

// ---------------------------------------------------------------------------------------------
// Import

export interface MermaidIshikawa {
  effect: string;
  categories: Category[];
}

export function parseMermaidIshikawa(text: string, newId: () => string): MermaidIshikawa {
  if (utf8Length(text, MERMAID_MAX_INPUT_BYTES) > MERMAID_MAX_INPUT_BYTES) {
    fail(null, 'mermaid_too_large', `The text is larger than ${MERMAID_MAX_INPUT_BYTES} bytes.`);
  }
  const source = new Source(text);
  const header = source.next();
  if (!header) fail(1, 'mermaid_empty', 'There is no diagram in the text.');
  const keyword = /^(?:ishikawa-beta\b|ishikawa\b)/i.exec(header.text);
  if (!keyword) fail(header.line, 'mermaid_header', 'This is not an ishikawa diagram: the first line must be "ishikawa" or "ishikawa-beta".');

  // The rest of the keyword line, if any, is the event ("ishikawa Late delivery" is valid Mermaid).
  const rest = header.text.slice(keyword[0].length);
  const first = isBlankOrComment(rest) ? source.next() : { line: header.line, indent: 0, text: rest.trim() };
  if (!first) fail(header.line, 'mermaid_no_event', 'The diagram has no event (problem) line.');
  const effect = decodeText(first.text);
  checkText(first.line, effect, LIMITS.shortText);

  const categories: Category[] = [];
  // Mermaid's stack of open nodes: the root (level 0), then a category, then causes.
  const stack: Array<{ level: number; children: Cause[] | null; depth: number }> = [{ level: 0, children: null, depth: 0 }];
  let base: number | null = null;
  let causes = 0;
  for (let node = source.next(); node; node = source.next()) {
    // Two diagrams pasted one after the other: the second's header and event would become a
    // category and a cause. A text that is only the keyword is never one of ours (the export
    // escapes a leading "ishikawa"), so it is refused rather than guessed at.
    if (SECOND_HEADER.test(node.text.trim())) {
      fail(node.line, 'mermaid_second_diagram', 'A second diagram starts here; import one diagram at a time.');
    }
    base ??= node.indent;
    const level = Math.max(1, node.indent - base + 1);
    while (stack.length > 1 && stack[stack.length - 1]!.level >= level) stack.pop();
    const parent = stack[stack.length - 1]!;
    const value = decodeText(node.text);
    if (parent.depth === 0) {
      checkText(node.line, value, LIMITS.shortText);
      if (categories.length >= LIMITS.fishboneCategories) {
        fail(node.line, 'mermaid_too_many_categories', `More than ${LIMITS.fishboneCategories} categories.`);
      }
      const category: Category = { id: newId(), label: value, templateKey: null, causes: [] };
      categories.push(category);
      stack.push({ level, children: category.causes, depth: 1 });
    } else {
      checkText(node.line, value, LIMITS.causeText);
      if (parent.depth > LIMITS.fishboneDepth) fail(node.line, 'mermaid_too_deep', `Causes are nested more than ${LIMITS.fishboneDepth} levels deep.`);
      if (++causes > LIMITS.fishboneCauses) fail(node.line, 'mermaid_too_many_causes', `More than ${LIMITS.fishboneCauses} causes.`);
      const cause: Cause = { id: newId(), ...defaultCauseFields(value), children: [] };
      parent.children!.push(cause);
      stack.push({ level, children: cause.children, depth: parent.depth + 1 });
    }
  }
  return { effect, categories };
}

const SECOND_HEADER = /^(?:ishikawa-beta|ishikawa)$/i;

function checkText(line: number, value: string, max: number): void {
  if (!value) fail(line, 'mermaid_empty_text', 'The line has no text.');
  if (value.length > max) fail(line, 'mermaid_text_too_long', `The text is longer than ${max} characters.`);
}

function fail(line: number | null, reason: MermaidIssueReason, message: string): never {
  throw new CausewayError('validation', line === null ? message : `Line ${line}: ${message}`, {
    issues: [{ path: line === null ? [] : ['line', line], reason }],
  });
}

function isBlankOrComment(s: string): boolean {
  const t = s.trimStart();
  return t === '' || t.startsWith('%%');
}

const LINE_BREAK = /<\/?br\s*\/?>/gi;
const ENTITY = /#(\w+);/g;
const NAMED: Record<string, string> = {
  quot: '"', amp: '&', lt: '<', gt: '>', apos: "'", nbsp: '\u00a0', num: '#', percnt: '%', semi: ';',
  colon: ':', lpar: '(', rpar: ')', lsqb: '[', rsqb: ']', lbrace: '{', rbrace: '}', vert: '|', bsol: '\\',
  copy: '\u00a9', reg: '\u00ae', trade: '\u2122', deg: '\u00b0', middot: '\u00b7', bull: '\u2022',
  hellip: '\u2026', ndash: '\u2013', mdash: '\u2014', lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c',
  rdquo: '\u201d', laquo: '\u00ab', raquo: '\u00bb', times: '\u00d7', divide: '\u00f7', plusmn: '\u00b1',
  larr: '\u2190', rarr: '\u2192', uarr: '\u2191', darr: '\u2193', harr: '\u2194', hearts: '\u2665',
  euro: '\u20ac', yen: '\u00a5', pound: '\u00a3', cent: '\u00a2', sect: '\u00a7', para: '\u00b6',
};

/** A node's text as Mermaid shows it: style rewrite, `<br>` as a line break, entity codes. */
function decodeText(raw: string): string {
  const text = raw
    .split(/(?=[\u2028\u2029])/)
    .map((segment) => {
      for (const word of STYLE_WORDS) {
        const at = styleRewriteAt(segment, word);
        if (at !== -1) segment = segment.slice(0, at) + segment.slice(at + 1);
      }
      return segment;
    })
    .join('');
  return text
    .replace(LINE_BREAK, '\n')
    .replace(ENTITY, (_, name: string) => {
      if (/^\d+$/.test(name)) {
        const code = Number(name);
        // As a browser reads `&#N;`: nothing, a surrogate or past Unicode becomes U+FFFD.
        if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
        return String.fromCodePoint(code);
      }
      // Mermaid hands `&name;` to the browser; a name we do not know is shown as written.
      return NAMED[name] ?? `&${name};`;
    })
    .trim();
}

function utf8Length(s: string, stopAbove: number): number {
  if (s.length > stopAbove) return s.length;
  if (s.length * 3 <= stopAbove) return s.length;
  let n = 0;
  for (let i = 0; i < s.length && n <= stopAbove; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Mermaid's preprocessing, keeping track of where each line came from

const DIRECTIVE = /%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?/gi;

interface SourceLine {
  /** 1-based line number in the text as given. */
  line: number;
  /** Leading whitespace characters, as Mermaid's lexer counts them. */
  indent: number;
  /** The rest of the line, trimmed. */
  text: string;
}

/** The content lines of the text, after Mermaid's preprocessing, in order. */
class Source {
  private readonly body: string;
  /** Kept pieces of the text: start in `body` and start in the normalised text. */
  private readonly kept: Array<{ at: number; from: number }> = [];
  private readonly lineStarts: number[] = [0];
  private offset = 0;

  constructor(text: string) {
    let normal = text.replace(/\r\n?/g, '\n');
    if (normal.startsWith('\ufeff')) normal = normal.slice(1); // CR/LF and BOM do not change line numbers
    for (let i = normal.indexOf('\n'); i !== -1; i = normal.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    const start = frontMatterEnd(normal);
    if (start < 0) fail(1, 'mermaid_front_matter', 'The front matter that starts with "---" is never closed.');

    let body = '';
    let from = start;
    DIRECTIVE.lastIndex = start;
    for (let m = DIRECTIVE.exec(normal); m; m = DIRECTIVE.exec(normal)) {
      this.kept.push({ at: body.length, from });
      body += normal.slice(from, m.index);
      from = m.index + m[0].length;
    }
    this.kept.push({ at: body.length, from });
    body += normal.slice(from);
    this.body = body;
  }

  /** The next line with content (not blank, not a comment), or null at the end. */
  next(): SourceLine | null {
    while (this.offset <= this.body.length) {
      const end = this.body.indexOf('\n', this.offset);
      const stop = end === -1 ? this.body.length : end;
      const lineStart = this.offset;
      this.offset = stop + 1;
      const line = this.body.slice(lineStart, stop);
      const indent = line.length - line.trimStart().length;
      const text = line.slice(indent);
      if (text === '' || text.startsWith('%%')) continue;
      return { line: this.lineOf(lineStart + indent), indent, text: text.trimEnd() };
    }
    return null;
  }

  private lineOf(bodyOffset: number): number {
    const piece = this.kept[lastAtMost(this.kept.length, (i) => this.kept[i]!.at <= bodyOffset)]!;
    const offset = piece.from + (bodyOffset - piece.at);
    return lastAtMost(this.lineStarts.length, (i) => this.lineStarts[i]! <= offset) + 1;
  }
}

/** The largest index below `length` for which `ok` holds, `ok` being true then false along the range. */
function lastAtMost(length: number, ok: (i: number) => boolean): number {
  let lo = 0;
  let hi = length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Where the diagram starts after a leading front-matter block (`---` line, YAML, `---` line at the
 * same indentation), 0 without one, -1 if the block is never closed. Its content (title, config)
 * does not concern the fishbone.
 */
function frontMatterEnd(text: string): number {
  const open = /^([^\S\n]*)---[^\S\n]*\n/.exec(text);
  if (!open) return /^[^\S\n]*---[^\S\n]*$/.test(text) ? -1 : 0;
  const close = new RegExp(`^${open[1]}---[^\\S\\n]*$`, 'm');
  const rest = text.slice(open[0].length);
  const m = close.exec(rest);
  if (!m) return -1;
  return open[0].length + m.index + m[0].length;
}

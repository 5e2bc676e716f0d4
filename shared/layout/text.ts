/** Text measurement and line wrapping without a DOM, so the layout is the same in Node, in the
 *  browser and in the report. Widths are estimates for a sans-serif UI font, on the generous side:
 *  the view draws the lines given here and clips, so an estimate that is too wide only costs a
 *  little space, never an overlap. */

export interface TextStyle {
  fontSize: number;
  lineHeight: number;
  bold?: boolean;
}

export interface WrappedText {
  lines: string[];
  /** Width of the widest line. */
  width: number;
  /** True when the text did not fit in the allowed lines and the last line ends with an ellipsis. */
  clipped: boolean;
}

const ELLIPSIS = '…';

/** Ideographs, kana, hangul, full-width forms: one em wide, and a line may break on either side. */
export function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** Advance widths (em) of printable ASCII in DejaVu Sans, the widest of the common UI sans faces
 *  (what Linux desktops fall back to); narrower faces (Segoe UI, PingFang, Noto) then fit with room. */
const ASCII_EM = [
  0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361, 0.318, 0.337,
  0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337, 0.838, 0.838, 0.838, 0.531,
  1.0, 0.684, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787,
  0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.39, 0.337, 0.39, 0.838, 0.5,
  0.5, 0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612,
  0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838,
];

/** Width in em of one code point. */
function em(code: number): number {
  if (code >= 0x20 && code <= 0x7e) return ASCII_EM[code - 0x20]!;
  if (isWide(code)) return code >= 0x1f300 && code <= 0x1faff ? 1.25 : 1;
  if (code < 0x20) return 0;
  return 0.68;
}

export function measure(text: string, style: TextStyle): number {
  let w = 0;
  for (const ch of text) w += em(ch.codePointAt(0)!);
  // DejaVu Sans Bold runs about 15% wider than the book weight.
  return w * style.fontSize * (style.bold ? 1.16 : 1);
}

/** Punctuation that may not start a line (it stays with what precedes it). */
const NO_START = new Set('，。、；：！？）」』】》〉’”…—,.;:!?)]}%·～'.split(''));
/** Punctuation that may not end a line (it stays with what follows it). */
const NO_END = new Set('（「『【《〈‘“([{'.split(''));

interface Unit {
  text: string;
  width: number;
  /** A space separated it from the previous unit (a break there drops the space). */
  spaced: boolean;
}

/** Splits a paragraph into unbreakable units: a Latin word (with its punctuation), or one wide
 *  character (with any closing punctuation after it and opening punctuation before it). */
function units(paragraph: string, style: TextStyle): Unit[] {
  const out: Unit[] = [];
  let word = '';
  let spaced = false;
  let glue = false; // the last unit ends with opening punctuation: the next character joins it
  const flush = () => {
    // Nothing pending keeps the space seen: a space between a Latin word and a wide character
    // ("近 21 小时", "Redis 主从切换") belongs to the wide character that follows.
    if (!word) return;
    out.push({ text: word, width: measure(word, style), spaced });
    word = '';
    spaced = false;
  };
  for (const ch of paragraph) {
    const code = ch.codePointAt(0)!;
    if (ch === ' ' || ch === '\t' || ch === '\u3000') {
      flush();
      glue = false;
      spaced = out.length > 0;
      continue;
    }
    if (NO_START.has(ch) && !word && out.length > 0 && !spaced) {
      const last = out[out.length - 1]!;
      last.text += ch;
      last.width += measure(ch, style);
      continue;
    }
    if (glue && !word && out.length > 0 && !spaced) {
      const last = out.pop()!;
      word = last.text;
      spaced = last.spaced;
      glue = false;
    }
    if (isWide(code) && !NO_START.has(ch)) {
      flush();
      word = ch;
      flush();
      if (NO_END.has(ch)) glue = true;
      continue;
    }
    word += ch;
    if (NO_END.has(ch)) {
      flush();
      glue = true;
    }
  }
  flush();
  return out;
}

/** Breaks a unit wider than a line at character boundaries. */
function breakWide(text: string, max: number, style: TextStyle): string[] {
  const parts: string[] = [];
  let line = '';
  let width = 0;
  for (const ch of text) {
    const w = measure(ch, style);
    if (width + w > max && line) {
      parts.push(line);
      line = '';
      width = 0;
    }
    line += ch;
    width += w;
  }
  if (line) parts.push(line);
  return parts;
}

function ellipsize(line: string, max: number, style: TextStyle): string {
  const room = max - measure(ELLIPSIS, style);
  let out = '';
  let width = 0;
  for (const ch of line.trimEnd()) {
    const w = measure(ch, style);
    if (width + w > room) break;
    out += ch;
    width += w;
  }
  return out.trimEnd() + ELLIPSIS;
}

/** Wraps text to `maxWidth`, at most `maxLines` lines. Latin text breaks between words, Chinese
 *  between characters (never before a closing mark or after an opening one), mixed text at both;
 *  explicit newlines are kept. Stops reading once the lines are full, so a huge text costs no more
 *  than a few lines. */
export function wrapText(text: string, maxWidth: number, maxLines: number, style: TextStyle): WrappedText {
  const lines: string[] = [];
  let clipped = false;
  const spaceWidth = measure(' ', style);
  const paragraphs = text.replace(/\r\n?/g, '\n').split('\n');
  outer: for (let p = 0; p < paragraphs.length; p++) {
    // Only as much of a long paragraph as can fill the remaining lines is examined.
    const budget = Math.ceil(((maxLines - lines.length + 1) * maxWidth) / (style.fontSize * 0.3)) + 1;
    const paragraph = paragraphs[p]!;
    const slice = paragraph.length > budget ? paragraph.slice(0, budget) : paragraph;
    let line = '';
    let width = 0;
    const push = (l: string) => {
      if (lines.length === maxLines) {
        clipped = true;
        return false;
      }
      lines.push(l);
      return true;
    };
    for (const unit of units(slice, style)) {
      const add = (line && unit.spaced ? spaceWidth : 0) + unit.width;
      if (width + add <= maxWidth) {
        line += (line && unit.spaced ? ' ' : '') + unit.text;
        width += add;
        continue;
      }
      if (line && !push(line)) break outer;
      line = '';
      width = 0;
      if (unit.width <= maxWidth) {
        line = unit.text;
        width = unit.width;
        continue;
      }
      const pieces = breakWide(unit.text, maxWidth, style);
      for (let i = 0; i < pieces.length - 1; i++) if (!push(pieces[i]!)) break outer;
      line = pieces[pieces.length - 1]!;
      width = measure(line, style);
    }
    if (slice.length < paragraph.length) clipped = true;
    if (!push(line)) break;
    if (clipped) break;
  }
  if (lines.length > maxLines) lines.length = maxLines;
  if (clipped && lines.length > 0) lines[lines.length - 1] = ellipsize(lines[lines.length - 1]! + ' ', maxWidth, style);
  let width = 0;
  for (const l of lines) width = Math.max(width, measure(l, style));
  return { lines, width, clipped };
}

/** A text box's look: the text style, where it wraps and how many lines it may take, and the
 *  padding around the text. */
export interface BoxStyle extends TextStyle {
  maxWidth: number;
  maxLines: number;
  padX: number;
  padY: number;
}

/** A measured box: the lines to draw and the box's outer size. */
export interface TextBox {
  lines: string[];
  width: number;
  height: number;
  clipped: boolean;
}

/** Narrowest text area of a box, so an empty or one-letter label is still a target. */
const MIN_LABEL = 28;

/** Wraps `text` in a box of the given style. `wide` gives the full wrap width whatever the text
 *  (the node being typed into); `extra` is width kept beside the text for badges. */
export function textBox(text: string, style: BoxStyle, wide = false, extra = 0): TextBox {
  const wrapped = wrapText(text, style.maxWidth, style.maxLines, style);
  const lines = wrapped.lines.length ? wrapped.lines : [''];
  // One pixel of slack: browsers lay text out in fractions of a pixel.
  const inner = (wide ? style.maxWidth : Math.max(MIN_LABEL, Math.ceil(wrapped.width) + 1)) + extra;
  return {
    lines,
    width: inner + 2 * style.padX,
    height: lines.length * style.lineHeight + 2 * style.padY,
    clipped: wrapped.clipped,
  };
}

/** Width kept inside a box's right end for a small count (votes, hidden children). */
export function badgeWidth(count: number): number {
  return count > 0 ? 14 + 7 * String(count).length : 0;
}

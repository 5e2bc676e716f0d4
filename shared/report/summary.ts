import type { Language } from '../i18n/languages';
import { oneLine } from './text';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Wide characters (CJK, Hangul, full-width forms, emoji) take about two Latin letters of room. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}]/u;

/** How much room a text takes on a line, in Latin letters (a wide character counts two). */
export function textWidth(text: string): number {
  let width = 0;
  for (const { segment } of graphemes.segment(text)) width += WIDE.test(segment) ? 2 : 1;
  return width;
}

/** A text cut to at most `units` of room (see textWidth), on whole graphemes, with an ellipsis
 *  when cut: for the executive summary, which has one page for everything. Latin text is cut
 *  between words when a word boundary is near. */
export function fitWidth(text: string, units: number): string {
  if (textWidth(text) <= units) return text;
  let kept = '';
  let width = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = WIDE.test(segment) ? 2 : 1;
    if (width + w > units - 1) break;
    kept += segment;
    width += w;
  }
  const space = kept.lastIndexOf(' ');
  if (space > kept.length * 0.7 && !WIDE.test(kept.slice(space - 1, space))) kept = kept.slice(0, space);
  return `${kept.trimEnd()}…`;
}

/** The first `count` sentences of a text, each on one line, as the language splits sentences
 *  (。！？ in Chinese, ". " in English: "v2.1" is not cut). A sentence longer than `maxWidth` is
 *  cut at a word (or, in Chinese, any character) with an ellipsis: an executive
 *  summary quotes, it does not reproduce. `maxWidth` is in Latin letters (see textWidth). Pure. */
export function keySentences(text: string, language: Language, count: number, maxWidth = 240): string[] {
  const flat = oneLine(text);
  if (!flat || count <= 0) return [];
  const out: string[] = [];
  for (const { segment } of new Intl.Segmenter(language, { granularity: 'sentence' }).segment(flat)) {
    const sentence = segment.trim();
    if (!sentence) continue;
    out.push(fitWidth(sentence, maxWidth));
    if (out.length === count) break;
  }
  return out;
}

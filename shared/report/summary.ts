import type { Language } from '../i18n/languages';
import { oneLine } from './text';

/** The first `count` sentences of a text, each on one line, as the language splits sentences
 *  (。！？ in Chinese, ". " in English: "v2.1" or "e.g. x" are not cut). A sentence longer than
 *  `maxChars` is cut at a word (or, in Chinese, any character) with an ellipsis: an executive
 *  summary quotes, it does not reproduce. Pure. */
export function keySentences(text: string, language: Language, count: number, maxChars = 240): string[] {
  const flat = oneLine(text);
  if (!flat || count <= 0) return [];
  const out: string[] = [];
  for (const { segment } of new Intl.Segmenter(language, { granularity: 'sentence' }).segment(flat)) {
    const sentence = segment.trim();
    if (!sentence) continue;
    out.push(clip(sentence, maxChars, language));
    if (out.length === count) break;
  }
  return out;
}

function clip(sentence: string, maxChars: number, language: Language): string {
  const chars = Array.from(sentence);
  if (chars.length <= maxChars) return sentence;
  let kept = chars.slice(0, maxChars - 1).join('');
  // Latin text is cut between words; Chinese has no spaces and may be cut anywhere.
  if (language !== 'zh-CN') {
    const space = kept.lastIndexOf(' ');
    if (space > maxChars / 2) kept = kept.slice(0, space);
  }
  return `${kept.trimEnd()}…`;
}

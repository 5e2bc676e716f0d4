import { Jieba } from '@node-rs/jieba';
// The file itself: the package has no exports map, so Node's ESM loader does not add the extension.
import { dict } from '@node-rs/jieba/dict.js';

/** Word segmentation for the search index. SQLite's unicode61 tokenizer treats a run of Chinese as
 *  one token, so the index holds a copy of each text with spaces between its words; the query goes
 *  through the SAME function, so a word is found whatever the segmenter made of it. jieba's search
 *  mode gives the fine and the coarse words (供应商 -> 供应 供应商), which makes 2-character words
 *  (回滚 in 回滚冻结) findable where its plain mode would have split them (回|滚). */

let jieba: Jieba | null = null;

/** The dictionary is loaded on first use (about 0.2-0.3 s), once per process. */
function segmenter(): Jieba {
  return (jieba ??= Jieba.withDict(dict));
}

const WORD = /[\p{L}\p{N}]+/gu;
export const CJK = /[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{2fa1f}]/u;

/** The tokens of a text as the index stores them: jieba's search-mode words, each split further
 *  into letter/digit runs (what unicode61 would split anyway), lower-cased. */
export function tokens(text: string): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const piece of segmenter().cutForSearch(text, true)) {
    const lower = piece.toLowerCase();
    // Most pieces are one word already: kept whole without running the splitting regex.
    if (WHOLE_WORD.test(lower)) out.push(lower);
    else for (const m of lower.matchAll(WORD)) out.push(m[0]);
  }
  return out;
}

const WHOLE_WORD = /^[\p{L}\p{N}]+$/u;

const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/** The segmented copy of a text the index holds: its tokens separated by spaces, exactly
 *  `tokens(text).join(' ')`. Built from jieba's pieces joined by spaces, lower-cased and cut into
 *  letter/digit runs in one pass over the whole string rather than piece by piece: about half the
 *  cost of `tokens` on an import's tens of thousands of texts. (A space between pieces is neither
 *  a letter nor "case-ignorable", so lower-casing the whole string gives each piece what it would
 *  get alone; a test holds the two equal.) */
export function segmented(text: string): string {
  if (!text) return '';
  return segmenter().cutForSearch(text, true).join(' ').toLowerCase().replace(NOT_WORD, ' ').trim();
}

/** `segmented` remembering what it cut (up to `maxChars` of texts in all), for a batch that writes
 *  many documents at once: an import's cases repeat many texts (departments, short notes, the same
 *  lesson in several cases), and each is segmented once. */
export function memoSegmented(maxChars = 16_000_000): (text: string) => string {
  const seen = new Map<string, string>();
  let chars = 0;
  return (text) => {
    let out = seen.get(text);
    if (out === undefined) {
      out = segmented(text);
      if (chars + text.length <= maxChars) {
        seen.set(text, out);
        chars += text.length;
      }
    }
    return out;
  };
}

/** Plain-mode words (no overlapping pieces): the key terms of a case for similar cases. */
export function words(text: string): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const piece of segmenter().cut(text, true)) {
    for (const m of piece.toLowerCase().matchAll(WORD)) out.push(m[0]);
  }
  return out;
}

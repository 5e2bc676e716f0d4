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

/** The segmented copy of a text the index holds: its tokens separated by spaces. */
export function segmented(text: string): string {
  return tokens(text).join(' ');
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

/** Western punctuation for English reports. The bundled Noto Sans SC (and the system CJK fonts after
 *  it in the stacks: Noto Sans CJK, PingFang, YaHei) draws the curly quotes, dashes, ellipsis,
 *  middle dot, ×, ≥ ≤ and arrows a full em wide, as Chinese typesetting wants them: in English that
 *  prints "the period’ s cases". This face takes those characters (and only those, by unicode-range)
 *  from a Latin sans-serif of the machine that prints or shows the report; every desktop system has
 *  one of the fonts named. Where none is found, or one lacks a glyph, the next family of the stack
 *  (Noto Sans SC) draws it as before: never a missing glyph. Chinese reports do not use it. */

export const LATIN_PUNCTUATION_FAMILY = 'Causeway Latin Punctuation';

/** Quotes ‘’‚‛“”„‟, dashes ‒–—―, … and ·, ×, ≤ ≥, the arrows ← ↑ → ↓. */
export const LATIN_PUNCTUATION_RANGE = 'U+2012-201F, U+2026, U+00B7, U+00D7, U+2190-2193, U+2264-2265';

/** Full names (and PostScript names, which local() also matches) of the system fonts asked for, in
 *  order: humanist sans-serifs close to Noto Sans first. */
const REGULAR = ['Noto Sans', 'NotoSans-Regular', 'Segoe UI', 'SegoeUI', 'Helvetica Neue', 'HelveticaNeue', 'Arial', 'ArialMT', 'Liberation Sans', 'LiberationSans', 'DejaVu Sans', 'DejaVuSans'];
const BOLD = ['Noto Sans Bold', 'NotoSans-Bold', 'Segoe UI Bold', 'SegoeUI-Bold', 'Helvetica Neue Bold', 'HelveticaNeue-Bold', 'Arial Bold', 'Arial-BoldMT', 'Liberation Sans Bold', 'LiberationSans-Bold', 'DejaVu Sans Bold', 'DejaVuSans-Bold'];

const face = (names: readonly string[], weight: string) =>
  `@font-face { font-family: '${LATIN_PUNCTUATION_FAMILY}'; font-style: normal; font-weight: ${weight}; src: ${names.map((n) => `local('${n}')`).join(', ')}; unicode-range: ${LATIN_PUNCTUATION_RANGE}; }`;

/** The @font-face rules (regular up to 500, bold from 600): no file, nothing loaded from anywhere. */
export const LATIN_PUNCTUATION_CSS = `${face(REGULAR, '100 500')}\n${face(BOLD, '600 900')}\n`;

/** A font stack with the Latin punctuation in front for an English report; as given otherwise. */
export function withLatinPunctuation(stack: string, language: string): string {
  return language === 'en' ? `'${LATIN_PUNCTUATION_FAMILY}', ${stack}` : stack;
}

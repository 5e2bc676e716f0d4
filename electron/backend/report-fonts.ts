import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The CJK-capable font the PDF report is drawn with: Noto Sans SC (variable weight, split into
 *  ~100 subsets by unicode range), bundled with the app so a machine without Chinese fonts still
 *  prints Chinese. Node only. */

/** Declared under the name the diagrams' and the report's font stacks ask for first, so the
 *  report's text and its inline SVG diagrams both draw with it. */
export const REPORT_FONT_FAMILY = 'Noto Sans SC';
const PACKAGE = '@fontsource-variable/noto-sans-sc';

interface Face {
  file: string;
  /** Inclusive code point ranges. */
  ranges: Array<[number, number]>;
  block: string;
}

/** Where the font's `index.css` and `files/` are: CAUSEWAY_FONT_DIR, the copy the build puts next
 *  to the desktop bundle (dist/electron/fonts/noto-sans-sc), or the package in node_modules. */
export function findReportFontDir(extra: readonly string[] = []): string | null {
  const candidates = [process.env.CAUSEWAY_FONT_DIR, ...extra].filter((d): d is string => !!d);
  if (typeof __dirname === 'string') candidates.push(join(__dirname, 'fonts', 'noto-sans-sc'));
  for (const dir of candidates) if (existsSync(join(dir, 'index.css'))) return dir;
  // No import.meta here: the desktop bundle is CommonJS, where it is empty.
  const bases = [typeof __filename === 'string' ? __filename : null, process.argv[1] ?? null, join(process.cwd(), 'package.json')];
  for (const base of bases) {
    if (!base) continue;
    try {
      return dirname(createRequire(base).resolve(`${PACKAGE}/package.json`));
    } catch {
      // try the next base
    }
  }
  return null;
}

const faceCache = new Map<string, Face[]>();
const dataCache = new Map<string, string>();

function faces(dir: string): Face[] {
  const cached = faceCache.get(dir);
  if (cached) return cached;
  const css = readFileSync(join(dir, 'index.css'), 'utf8');
  const out: Face[] = [];
  for (const m of css.matchAll(/@font-face\s*\{[^}]*\}/g)) {
    const block = m[0];
    const file = /url\(\s*['"]?\.\/files\/([^)'"]+)['"]?\s*\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;}]+)/.exec(block)?.[1];
    if (!file) continue;
    out.push({ file, block, ranges: range ? parseRanges(range) : [[0, 0x10ffff]] });
  }
  faceCache.set(dir, out);
  return out;
}

function parseRanges(text: string): Array<[number, number]> {
  return text.split(',').flatMap((part): Array<[number, number]> => {
    const p = part.trim().replace(/^U\+/i, '');
    if (!p) return [];
    if (p.includes('?')) return [[parseInt(p.replace(/\?/g, '0'), 16), parseInt(p.replace(/\?/g, 'f'), 16)]];
    const [a, b] = p.split('-');
    const lo = parseInt(a!, 16);
    return [[lo, b ? parseInt(b, 16) : lo]];
  });
}

function codePoints(text: string): Set<number> {
  const set = new Set<number>();
  for (const ch of text) set.add(ch.codePointAt(0)!);
  return set;
}

/** `@font-face` rules for just the subsets `text` uses, each font file inlined as a data: URL: a
 *  page loaded with setContent (about:blank) or from a temp file may not read file:// fonts, and a
 *  data: URL needs no access at all. A Chinese report pulls in a few dozen subsets (~50 KB each)
 *  rather than all 4.6 MB. Empty when the font cannot be found. */
export function reportFontFaceCss(text: string, dir: string | null = findReportFontDir()): string {
  if (!dir) return '';
  const used = codePoints(text);
  const rules: string[] = [];
  for (const face of faces(dir)) {
    let hit = false;
    for (const cp of used) {
      if (face.ranges.some(([lo, hi]) => cp >= lo && cp <= hi)) {
        hit = true;
        break;
      }
    }
    if (!hit) continue;
    const key = join(dir, 'files', face.file);
    let data = dataCache.get(key);
    if (!data) {
      data = readFileSync(key).toString('base64');
      dataCache.set(key, data);
    }
    rules.push(face.block.replace(/font-family:[^;]*;/, `font-family: '${REPORT_FONT_FAMILY}';`).replace(/url\([^)]*\)\s*format\([^)]*\)/, `url(data:font/woff2;base64,${data}) format('woff2')`));
  }
  return rules.join('\n');
}

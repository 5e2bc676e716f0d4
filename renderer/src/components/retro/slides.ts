import { findCause, type Cause, type Fishbone } from '../../../../shared/domain/fishbone';
import { questionText, type Why, type WhyAnalysis } from '../../../../shared/domain/whys';

/** What presentation mode shows, one screen at a time: each fishbone category (split into pages
 *  when its causes do not fit the projector at the chosen text size), then each 5-Whys branch
 *  from the question to a last answer. Pure, so the walk is tested without a browser. */

export interface CauseRow {
  cause: Cause;
  /** 1 for a cause on the bone, 2 under it, … */
  depth: number;
}

export type Slide =
  | { kind: 'category'; key: string; categoryId: string; label: string; n: number; total: number; page: number; pages: number; causeCount: number; perPage: number; rows: CauseRow[] }
  | { kind: 'branch'; key: string; analysisNumber: number; question: string; n: number; total: number; path: Why[] };

function rowsOf(list: readonly Cause[], depth: number, out: CauseRow[]): CauseRow[] {
  for (const cause of list) {
    out.push({ cause, depth });
    rowsOf(cause.children, depth + 1, out);
  }
  return out;
}

/** Every path from an analysis's question to an answer with no answers under it. */
export function branches(whys: readonly Why[]): Why[][] {
  const out: Why[][] = [];
  const walk = (why: Why, path: Why[]) => {
    const next = [...path, why];
    if (!why.children.length) out.push(next);
    for (const child of why.children) walk(child, next);
  };
  for (const why of whys) walk(why, []);
  return out;
}

export function buildSlides(fishbone: Fishbone | null, analyses: readonly WhyAnalysis[] | null, problem: string, rowsPerPage: number, fallbackQuestion: string): Slide[] {
  const slides: Slide[] = [];
  const per = Math.max(1, Math.floor(rowsPerPage));
  const categories = fishbone?.categories ?? [];
  categories.forEach((category, i) => {
    const rows = rowsOf(category.causes, 1, []);
    const pages = Math.max(1, Math.ceil(rows.length / per));
    for (let page = 0; page < pages; page++) {
      slides.push({
        kind: 'category',
        key: `category:${category.id}:${page}`,
        categoryId: category.id,
        label: category.label,
        n: i + 1,
        total: categories.length,
        page: page + 1,
        pages,
        causeCount: rows.length,
        perPage: per,
        rows: rows.slice(page * per, (page + 1) * per),
      });
    }
  });
  (analyses ?? []).forEach((analysis, a) => {
    const paths = branches(analysis.whys);
    const question = questionText(analysis, (id) => (fishbone ? (findCause(fishbone, id)?.cause.text ?? null) : null), problem) || fallbackQuestion;
    paths.forEach((path, i) => {
      slides.push({ kind: 'branch', key: `branch:${analysis.id}:${path.at(-1)!.id}`, analysisNumber: a + 1, question, n: i + 1, total: paths.length, path });
    });
  });
  return slides;
}

/** How many cause rows fit the slide (its height in CSS pixels) at the chosen text size: two
 *  columns of 24px lines (see retro.css), less the slide's own heading and navigation, with a
 *  quarter more per row for causes that wrap onto a second line. */
export function rowsPerPage(scale: number, slideHeight: number): number {
  const heading = 16 * scale * 1.35 + 32 * scale * 1.15 + 12;
  const chrome = 24 + 50;
  const line = 24 * scale * 1.35 * 1.25;
  return Math.max(2, 2 * Math.floor(Math.max(0, slideHeight - heading - chrome) / line));
}

import { z } from 'zod';
import { Id } from './case';
import { betterWorse, countAnswers, emptyCounts, KANO_CATEGORIES, needCategory, type KanoCategory, type KanoCounts } from './kano';
import { normaliseNeedText, type CustomerNeed } from './needs';
import { LibraryFilters } from './search';
import { LIMITS } from './vocabulary';

/** The customer needs of many cases on one Better/Worse chart: needs with the same words (see
 *  normaliseNeedText) and the same category are one point, their answers added up. */

export const KanoCountsSchema = z.object(Object.fromEntries(KANO_CATEGORIES.map((c) => [c, z.number().int().nonnegative()])) as Record<KanoCategory, z.ZodNumber>);

export const KanoChartNeed = z.object({
  /** The normalised text and the category: what the need is grouped by. */
  key: z.string(),
  /** The words of the first case's need (newest case first). */
  text: z.string(),
  category: z.enum(KANO_CATEGORIES).nullable(),
  counts: KanoCountsSchema,
  /** Null when no A, O, M or I answer was counted. */
  better: z.number().nullable(),
  worse: z.number().nullable(),
  /** Cases that name the need, and of those how many failed it (did not meet it). */
  cases: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** The first KANO_CHART_CASES of those cases (newest first): enough to name the point; the whole
   *  list is kano:drill (every id of 10,000 cases would make the answer megabytes). */
  caseIds: z.array(Id),
});
export type KanoChartNeed = z.infer<typeof KanoChartNeed>;

export const KanoChart = z.object({
  needs: z.array(KanoChartNeed),
  /** Cases that passed the filters and have at least one need. */
  cases: z.number().int().nonnegative(),
  /** The title of every case a point names in caseIds, by id. */
  titles: z.record(z.string(), z.string()),
});
export type KanoChart = z.infer<typeof KanoChart>;

export const KanoChartQuery = LibraryFilters;

/** How many of a point's cases the chart names; `cases` counts them all. */
export const KANO_CHART_CASES = 3;

/** Every case behind one point of the chart (its key), newest first, a page at a time. */
export const KanoDrillQuery = LibraryFilters.extend({
  key: z.string().min(1, { error: 'required' }).max(LIMITS.longText, { error: 'too_long' }),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(LIMITS.pageSize).default(50),
});
export type KanoDrillQuery = z.input<typeof KanoDrillQuery>;

export const KanoDrill = z.object({ cases: z.array(z.object({ id: Id, title: z.string() })), total: z.number().int().nonnegative() });
export type KanoDrill = z.infer<typeof KanoDrill>;

/** What one need adds to its point: its answer pairs, or, for a need classified directly without
 *  answers, one vote for its category (the team's own reading counts as one answer). */
export function needCounts(need: Pick<NeedFacts, 'kano' | 'answers'>): KanoCounts {
  if (need.answers.length > 0) return countAnswers(need.answers);
  const counts = emptyCounts();
  if (need.kano) counts[need.kano]++;
  return counts;
}

/** What the chart reads of a need (a CustomerNeed has it, and so do the chart's own rows). */
export type NeedFacts = Pick<CustomerNeed, 'text' | 'kano' | 'met'> & { answers: readonly Pick<CustomerNeed['answers'][number], 'functional' | 'dysfunctional'>[] };

interface Point {
  text: string;
  category: KanoCategory | null;
  counts: KanoCounts;
  /** Every case naming it, in the order given. */
  caseIds: Set<string>;
  failedIds: Set<string>;
}

/** The points of the needs of the cases given (in the order given: the first case's words name a
 *  point), by key, with every case of each; and how many cases have needs. */
export function kanoPoints(cases: Iterable<{ caseId: string; needs: readonly NeedFacts[] }>): { points: Map<string, Point>; withNeeds: number } {
  const points = new Map<string, Point>();
  // Many needs share their words: each text is normalised once.
  const normalised = new Map<string, string>();
  let withNeeds = 0;
  for (const { caseId, needs } of cases) {
    if (needs.length > 0) withNeeds++;
    for (const need of needs) {
      const category = needCategory(need);
      let words = normalised.get(need.text);
      if (words === undefined) {
        words = normaliseNeedText(need.text);
        normalised.set(need.text, words);
      }
      const key = `${words}\u0000${category ?? ''}`;
      let point = points.get(key);
      if (!point) {
        point = { text: need.text.trim(), category, counts: emptyCounts(), caseIds: new Set(), failedIds: new Set() };
        points.set(key, point);
      }
      const add = needCounts(need);
      for (const c of KANO_CATEGORIES) point.counts[c] += add[c];
      point.caseIds.add(caseId);
      if (!need.met) point.failedIds.add(caseId);
    }
  }
  return { points, withNeeds };
}

/** Groups the needs of the cases given (in the order given: the first case's words name a point,
 *  and its first KANO_CHART_CASES cases are the ones named). Points come most failed first, then
 *  most cases, then by text. */
export function kanoChart(cases: readonly { caseId: string; title?: string; needs: readonly NeedFacts[] }[]): KanoChart {
  const { points, withNeeds } = kanoPoints(cases);
  const titleOf = new Map(cases.map((c) => [c.caseId, c.title ?? '']));
  const titles: Record<string, string> = {};
  const needs = [...points.entries()].map(([key, p]): KanoChartNeed => {
    const bw = betterWorse(p.counts);
    const caseIds: string[] = [];
    for (const id of p.caseIds) {
      if (caseIds.length === KANO_CHART_CASES) break;
      caseIds.push(id);
      titles[id] = titleOf.get(id) ?? '';
    }
    return {
      key,
      text: p.text,
      category: p.category,
      counts: p.counts,
      better: bw?.better ?? null,
      worse: bw?.worse ?? null,
      cases: p.caseIds.size,
      failed: p.failedIds.size,
      caseIds,
    };
  });
  needs.sort((a, b) => b.failed - a.failed || b.cases - a.cases || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { needs, cases: withNeeds, titles };
}

/** A must-be need that some case failed: what the chart makes stand out. */
export const isFailedMustBe = (n: Pick<KanoChartNeed, 'category' | 'failed'>) => n.category === 'M' && n.failed > 0;

import { z } from 'zod';
import { Id } from './case';
import { betterWorse, countAnswers, emptyCounts, KANO_CATEGORIES, needCategory, type KanoCategory, type KanoCounts } from './kano';
import { normaliseNeedText, type CustomerNeed } from './needs';
import { LibraryFilters } from './search';

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
  caseIds: z.array(Id),
});
export type KanoChartNeed = z.infer<typeof KanoChartNeed>;

export const KanoChart = z.object({
  needs: z.array(KanoChartNeed),
  /** Cases that passed the filters and have at least one need. */
  cases: z.number().int().nonnegative(),
  /** The title of every case a point names, by id (so a point can list its cases). */
  titles: z.record(z.string(), z.string()),
});
export type KanoChart = z.infer<typeof KanoChart>;

export const KanoChartQuery = LibraryFilters;

/** What one need adds to its point: its answer pairs, or, for a need classified directly without
 *  answers, one vote for its category (the team's own reading counts as one answer). */
export function needCounts(need: Pick<CustomerNeed, 'kano' | 'answers'>): KanoCounts {
  if (need.answers.length > 0) return countAnswers(need.answers);
  const counts = emptyCounts();
  if (need.kano) counts[need.kano]++;
  return counts;
}

/** Groups the needs of the cases given (in the order given: the first case's words name a point).
 *  Points come most failed first, then most cases, then by text. */
export function kanoChart(cases: readonly { caseId: string; title?: string; needs: readonly CustomerNeed[] }[]): KanoChart {
  const points = new Map<string, { text: string; category: KanoCategory | null; counts: KanoCounts; caseIds: Set<string>; failedIds: Set<string> }>();
  // Many needs share their words: each text is normalised once.
  const normalised = new Map<string, string>();
  let withNeeds = 0;
  const titles: Record<string, string> = {};
  for (const { caseId, title, needs } of cases) {
    if (needs.length > 0) withNeeds++;
    if (needs.length > 0) titles[caseId] = title ?? '';
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
  const needs = [...points.entries()].map(([key, p]): KanoChartNeed => {
    const bw = betterWorse(p.counts);
    return {
      key,
      text: p.text,
      category: p.category,
      counts: p.counts,
      better: bw?.better ?? null,
      worse: bw?.worse ?? null,
      cases: p.caseIds.size,
      failed: p.failedIds.size,
      caseIds: [...p.caseIds],
    };
  });
  needs.sort((a, b) => b.failed - a.failed || b.cases - a.cases || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { needs, cases: withNeeds, titles };
}

/** A must-be need that some case failed: what the chart makes stand out. */
export const isFailedMustBe = (n: Pick<KanoChartNeed, 'category' | 'failed'>) => n.category === 'M' && n.failed > 0;

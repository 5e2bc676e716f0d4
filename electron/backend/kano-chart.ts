import { KANO_CHART_CASES, KanoDrillQuery, needCounts, type KanoChart, type KanoChartNeed, type KanoDrill } from '../../shared/domain/kano-chart';
import { betterWorse, emptyCounts, KANO_CATEGORIES, needCategory, type KanoCategory, type KanoCounts } from '../../shared/domain/kano';
import { normaliseNeedText } from '../../shared/domain/needs';
import type { LibraryFilters } from '../../shared/domain/search';
import type { Db } from './database';
import { CaseMirror, filterKey, type CaseShare, type Selection } from './insights/case-mirror';
import { cachedPrepare } from './sql';

/** The Better/Worse chart of the needs of every live case passing the library's filters, made from
 *  the case mirror (electron/backend/insights/case-mirror.ts: each case's needs and answer pairs,
 *  read again only when the case changed), grouped as shared/domain/kano-chart.ts's kanoChart
 *  groups them: needs with the same words (NFKC-normalised, which SQLite cannot do) and the same
 *  category are one point. Each filter combination keeps its points as sums of each case's part,
 *  so after an edit only the changed cases are taken out and added back; the chart (a few dozen
 *  points) is made from the sums. */

/** One case's part of one point: its needs with that key. */
interface CasePoint {
  category: KanoCategory | null;
  /** The words of its first need with that key (a point is named by its newest case's). */
  text: string;
  counts: KanoCounts;
  /** Some need with that key was not met. */
  failed: boolean;
}

interface CasePart {
  share: CaseShare;
  points: Map<string, CasePoint>;
}

interface Point {
  category: KanoCategory | null;
  counts: KanoCounts;
  /** The cases naming it, by id. */
  cases: Map<string, CasePart>;
  failed: number;
}

interface Entry {
  stamp: number;
  version: number;
  parts: Map<string, CasePart>;
  points: Map<string, Point>;
  /** Cases with at least one need. */
  withNeeds: number;
  chart?: KanoChart;
}

/** How many filter combinations keep their points. */
const CACHED_CHARTS = 8;

/** Many needs share their words: each text is normalised once (emptied when it grows large). */
const normalised = new Map<string, string>();
function words(text: string): string {
  let w = normalised.get(text);
  if (w === undefined) {
    if (normalised.size >= 100_000) normalised.clear();
    normalised.set(text, (w = normaliseNeedText(text)));
  }
  return w;
}

/** Newest first: when it happened (or was recorded), then by id, as the chart's SQL ordered them
 *  (the instants and ids are ASCII, so code-unit order is byte order). */
const newer = (a: CaseShare, b: CaseShare) => a.fact.at > b.fact.at || (a.fact.at === b.fact.at && a.fact.id < b.fact.id);

export class KanoChartService {
  private readonly mirror: CaseMirror;
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly db: Db,
    mirror?: CaseMirror,
  ) {
    this.mirror = mirror ?? new CaseMirror(cachedPrepare(db));
  }

  chart(filters: LibraryFilters): KanoChart {
    return this.db.transaction(() => {
      const entry = this.cached(filters);
      entry.chart ??= chartOf(entry);
      // The kept chart is never handed out itself: a caller may change what it gets.
      return structuredClone(entry.chart);
    })();
  }

  /** Every case behind one point (as the chart groups them under the same filters), newest first. */
  drill(input: KanoDrillQuery): KanoDrill {
    const { key, offset, limit, ...filters } = KanoDrillQuery.parse(input);
    return this.db.transaction(() => {
      const point = this.cached(filters).points.get(key);
      const cases = point ? [...point.cases.values()].map((p) => p.share).sort((a, b) => (newer(a, b) ? -1 : newer(b, a) ? 1 : 0)) : [];
      return { total: cases.length, cases: cases.slice(offset, offset + limit).map((s) => ({ id: s.fact.id, title: s.fact.title })) };
    })();
  }

  /** The points of the selected cases, brought up to date. Runs in the caller's transaction. */
  private cached(filters: LibraryFilters): Entry {
    this.mirror.sync();
    const key = filterKey(filters);
    const selection = this.mirror.select(filters);
    let entry = this.cache.get(key);
    if (entry && entry.version !== this.mirror.at && !this.update(entry, selection)) entry = undefined;
    if (!entry) {
      entry = { stamp: selection.stamp, version: this.mirror.at, parts: new Map(), points: new Map(), withNeeds: 0 };
      for (const id of selection.ids) add(entry, this.mirror.get(id)!);
    }
    this.cache.delete(key);
    this.cache.set(key, entry);
    if (this.cache.size > CACHED_CHARTS) this.cache.delete(this.cache.keys().next().value!);
    return entry;
  }

  /** Takes out the old part of each changed case and adds the new one; false when the changes are
   *  no longer known. */
  private update(entry: Entry, selection: Selection): boolean {
    const changed = this.mirror.changedSince(entry.version);
    if (!changed) return false;
    for (const id of changed) {
      const old = entry.parts.get(id);
      const now = selection.ids.has(id) ? this.mirror.get(id) : undefined;
      if (old?.share === now) continue;
      if (old) remove(entry, old);
      if (now) add(entry, now);
      entry.chart = undefined;
    }
    entry.stamp = selection.stamp;
    entry.version = this.mirror.at;
    return true;
  }
}

function add(entry: Entry, share: CaseShare): void {
  const part: CasePart = { share, points: new Map() };
  for (const need of share.needs) {
    const category = needCategory(need);
    const key = `${words(need.text)}\u0000${category ?? ''}`;
    let p = part.points.get(key);
    if (!p) part.points.set(key, (p = { category, text: need.text.trim(), counts: emptyCounts(), failed: false }));
    const add = needCounts(need);
    for (const c of KANO_CATEGORIES) p.counts[c] += add[c];
    if (!need.met) p.failed = true;
  }
  entry.parts.set(share.fact.id, part);
  if (share.needs.length > 0) entry.withNeeds++;
  for (const [key, p] of part.points) {
    let point = entry.points.get(key);
    if (!point) entry.points.set(key, (point = { category: p.category, counts: emptyCounts(), cases: new Map(), failed: 0 }));
    for (const c of KANO_CATEGORIES) point.counts[c] += p.counts[c];
    point.cases.set(share.fact.id, part);
    if (p.failed) point.failed++;
  }
}

function remove(entry: Entry, part: CasePart): void {
  const id = part.share.fact.id;
  entry.parts.delete(id);
  if (part.share.needs.length > 0) entry.withNeeds--;
  for (const [key, p] of part.points) {
    const point = entry.points.get(key)!;
    for (const c of KANO_CATEGORIES) point.counts[c] -= p.counts[c];
    point.cases.delete(id);
    if (p.failed) point.failed--;
    if (point.cases.size === 0) entry.points.delete(key);
  }
}

/** The chart from the points: as kanoChart, each point named by its newest case's words, with its
 *  newest KANO_CHART_CASES cases; most failed first, then most cases, then by key. */
function chartOf(entry: Entry): KanoChart {
  const titles: Record<string, string> = {};
  const needs = [...entry.points].map(([key, point]): KanoChartNeed => {
    // The newest few, picked in one pass.
    const newest: CasePart[] = [];
    for (const part of point.cases.values()) {
      let i = newest.length;
      while (i > 0 && newer(part.share, newest[i - 1]!.share)) i--;
      if (i < KANO_CHART_CASES) {
        newest.splice(i, 0, part);
        if (newest.length > KANO_CHART_CASES) newest.pop();
      }
    }
    for (const part of newest) titles[part.share.fact.id] = part.share.fact.title;
    const bw = betterWorse(point.counts);
    return {
      key,
      text: newest[0]!.points.get(key)!.text,
      category: point.category,
      counts: { ...point.counts },
      better: bw?.better ?? null,
      worse: bw?.worse ?? null,
      cases: point.cases.size,
      failed: point.failed,
      caseIds: newest.map((p) => p.share.fact.id),
    };
  });
  needs.sort((a, b) => b.failed - a.failed || b.cases - a.cases || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { needs, cases: entry.withNeeds, titles };
}

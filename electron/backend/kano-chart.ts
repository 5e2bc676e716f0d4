import { KanoDrillQuery, kanoChart, kanoPoints, type KanoChart, type KanoDrill, type NeedFacts } from '../../shared/domain/kano-chart';
import type { LibraryFilters } from '../../shared/domain/search';
import type { Db } from './database';
import { CaseMirror, filterKey } from './insights/case-mirror';
import { cachedPrepare } from './sql';

interface CaseNeeds {
  caseId: string;
  title: string;
  needs: NeedFacts[];
}

interface Entry {
  /** The selection's stamp the cases were gathered at. */
  stamp: number;
  /** The selected cases with needs, newest first. */
  cases: CaseNeeds[];
  chart?: KanoChart;
}

/** How many filter combinations keep their chart. */
const CACHED_CHARTS = 8;

/** The Better/Worse chart of the needs of every live case passing the library's filters, read in
 *  one transaction from the case mirror (electron/backend/insights/case-mirror.ts: each case's
 *  needs and answer pairs, read again only when the case changed) and grouped in memory by
 *  shared/domain/kano-chart.ts. The grouping stays in TypeScript because the words are compared
 *  after NFKC normalising, which SQLite cannot do. A chart is kept per filters until one of the
 *  cases it selects changes, or a case comes in or leaves. */
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
      entry.chart ??= kanoChart(entry.cases);
      // The kept chart is never handed out itself: a caller may change what it gets.
      return structuredClone(entry.chart);
    })();
  }

  /** Every case behind one point (as the chart groups them under the same filters), newest first. */
  drill(input: KanoDrillQuery): KanoDrill {
    const { key, offset, limit, ...filters } = KanoDrillQuery.parse(input);
    return this.db.transaction(() => {
      const { cases } = this.cached(filters);
      const ids = [...(kanoPoints(cases).points.get(key)?.caseIds ?? [])];
      const titleOf = new Map(cases.map((c) => [c.caseId, c.title]));
      return { total: ids.length, cases: ids.slice(offset, offset + limit).map((id) => ({ id, title: titleOf.get(id)! })) };
    })();
  }

  /** The selected cases with needs, newest first (when it happened, or was recorded; then by id),
   *  each with its needs in order. Runs in the caller's transaction. */
  private cached(filters: LibraryFilters): Entry {
    this.mirror.sync();
    const key = filterKey(filters);
    const selection = this.mirror.select(filters);
    let entry = this.cache.get(key);
    if (entry?.stamp !== selection.stamp) {
      const cases: (CaseNeeds & { at: string })[] = [];
      for (const id of selection.ids) {
        const share = this.mirror.get(id)!;
        if (share.needs.length > 0) cases.push({ caseId: id, title: share.fact.title, needs: share.needs, at: share.fact.at });
      }
      // As SQL's ORDER BY at DESC, id: the instants and ids are ASCII, so code-unit order is byte order.
      cases.sort((a, b) => (a.at > b.at ? -1 : a.at < b.at ? 1 : a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
      entry = { stamp: selection.stamp, cases: cases.map(({ at: _at, ...c }) => c) };
    }
    this.cache.delete(key);
    this.cache.set(key, entry);
    if (this.cache.size > CACHED_CHARTS) this.cache.delete(this.cache.keys().next().value!);
    return entry;
  }
}

import { KanoDrillQuery, kanoChart, kanoPoints, type KanoChart, type KanoDrill, type NeedFacts } from '../../shared/domain/kano-chart';
import type { KanoAnswer, KanoCategory } from '../../shared/domain/kano';
import type { LibraryFilters } from '../../shared/domain/search';
import type { Db } from './database';
import { filterSql } from './search/query';
import { cachedPrepare, type Prepare } from './sql';

interface CaseNeeds {
  caseId: string;
  title: string;
  needs: NeedFacts[];
}

/** The Better/Worse chart of the needs of every live case passing the library's filters, read in
 *  one transaction: two queries (needs newest case first, and the answer pairs), read as plain
 *  rows (only the columns the chart uses; no ids, positions or dates), grouped in memory by
 *  shared/domain/kano-chart.ts. The grouping stays in TypeScript because the words are compared
 *  after NFKC normalising, which SQLite cannot do. */
export class KanoChartService {
  private readonly stmt: Prepare;

  constructor(private readonly db: Db) {
    this.stmt = cachedPrepare(db);
  }

  chart(filters: LibraryFilters): KanoChart {
    return this.db.transaction(() => kanoChart(this.read(filters)))();
  }

  /** Every case behind one point (as the chart groups them under the same filters), newest first. */
  drill(input: KanoDrillQuery): KanoDrill {
    const { key, offset, limit, ...filters } = KanoDrillQuery.parse(input);
    return this.db.transaction(() => {
      const cases = this.read(filters);
      const ids = [...(kanoPoints(cases).points.get(key)?.caseIds ?? [])];
      const titleOf = new Map(cases.map((c) => [c.caseId, c.title]));
      return { total: ids.length, cases: ids.slice(offset, offset + limit).map((id) => ({ id, title: titleOf.get(id)! })) };
    })();
  }

  /** The cases with needs, newest first, each with its needs in order. Runs in the caller's transaction. */
  private read(filters: LibraryFilters): CaseNeeds[] {
    const params: unknown[] = [];
    const where = filterSql(filters, params).join(' AND ');
    const needRows = this.stmt(
      `SELECT n.rowid, n.case_id, c.title, n.text, n.kano, n.met FROM customer_needs n JOIN cases c ON c.id = n.case_id
       WHERE ${where} ORDER BY coalesce(c.occurred_at, c.created_at) DESC, c.id, n.position`,
    )
      .raw(true)
      .all(...params) as [number, string, string, string, KanoCategory | null, number][];
    const answerRows = this.stmt(
      `SELECT n.rowid, a.functional, a.dysfunctional FROM cases c JOIN customer_needs n ON n.case_id = c.id JOIN kano_answers a ON a.need_id = n.id WHERE ${where}`,
    )
      .raw(true)
      .all(...params) as [number, KanoAnswer, KanoAnswer][];
    const answers = new Map<number, { functional: KanoAnswer; dysfunctional: KanoAnswer }[]>();
    for (const [need, functional, dysfunctional] of answerRows) {
      const list = answers.get(need);
      if (list) list.push({ functional, dysfunctional });
      else answers.set(need, [{ functional, dysfunctional }]);
    }
    const out: CaseNeeds[] = [];
    let last: CaseNeeds | undefined;
    for (const [rowid, caseId, title, text, kano, met] of needRows) {
      if (last?.caseId !== caseId) out.push((last = { caseId, title, needs: [] }));
      last.needs.push({ text, kano, met: met === 1, answers: answers.get(rowid) ?? [] });
    }
    return out;
  }
}

import { kanoChart, type KanoChart } from '../../shared/domain/kano-chart';
import type { CustomerNeeds } from '../../shared/domain/needs';
import type { LibraryFilters } from '../../shared/domain/search';
import type { Db } from './database';
import { needsFromRows } from './need-repo';
import { filterSql } from './search/query';
import { cachedPrepare, type Prepare } from './sql';

/** The Better/Worse chart of the needs of every live case passing the library's filters, read in
 *  one transaction: two queries (needs, answers), grouped in memory by shared/domain/kano-chart.ts. */
export class KanoChartService {
  private readonly stmt: Prepare;

  constructor(private readonly db: Db) {
    this.stmt = cachedPrepare(db);
  }

  chart(filters: LibraryFilters): KanoChart {
    const params: unknown[] = [];
    const where = filterSql(filters, params).join(' AND ');
    return this.db.transaction(() => {
      const needRows = this.stmt(
        `SELECT n.id, n.case_id, c.title AS case_title, n.position, n.text, n.kano, n.met FROM customer_needs n JOIN cases c ON c.id = n.case_id
         WHERE ${where} ORDER BY coalesce(c.occurred_at, c.created_at) DESC, c.id, n.position`,
      ).all(...params) as (Record<string, unknown> & { id: string })[];
      const answerRows = this.stmt(
        `SELECT a.id, a.need_id, a.position, a.functional, a.dysfunctional, a.respondent FROM kano_answers a
         JOIN customer_needs n ON n.id = a.need_id JOIN cases c ON c.id = n.case_id
         WHERE ${where} ORDER BY a.need_id, a.position`,
      ).all(...params) as (Record<string, unknown> & { id: string })[];
      const needs = needsFromRows({ needs: needRows, answers: answerRows });
      const caseOf = new Map(needRows.map((r) => [r.id, r.case_id as string]));
      const titleOf = new Map(needRows.map((r) => [r.case_id as string, r.case_title as string]));
      const byCase = new Map<string, CustomerNeeds>();
      for (const need of needs) {
        const caseId = caseOf.get(need.id)!;
        const list = byCase.get(caseId) ?? [];
        list.push(need);
        byCase.set(caseId, list);
      }
      return kanoChart([...byCase.entries()].map(([caseId, list]) => ({ caseId, title: titleOf.get(caseId)!, needs: list })));
    })();
  }
}

import { CausewayError } from '../../../shared/contract/errors';
import { InsightsDrillQuery, InsightsQuery, SetEmotion, type Insights, type InsightsDrill, type Trends } from '../../../shared/domain/insights';
import type { LibraryFilters } from '../../../shared/domain/search';
import type { Db } from '../database';
import { cachedPrepare, type Prepare } from '../sql';
import { caseRef, clusters, journey, paretos, priorWindow, recurrence, trends, type ActionFact } from './figures';
import { caseWhere, loadCases, loadModel, loadRoots, type Model } from './model';

/** Insights over the library: every figure of the insights screen in one read transaction (one
 *  consistent snapshot), the cases behind a bar or cell, and the touchpoint emotion scores. */

const DAY = 86_400_000;
/** Overdue actions listed by name; the count covers all. */
export const OVERDUE_TOP = 10;

export class InsightsService {
  private readonly stmt: Prepare;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.stmt = cachedPrepare(db);
  }

  get(input: InsightsQuery): Insights {
    const q = InsightsQuery.parse(input);
    checkPeriod(q);
    return this.db.transaction(() => {
      const model = loadModel(this.stmt, q);
      const prior = this.prior(q);
      const emotions = this.emotions();
      const all = emotions.filter((e) => e.journey === '');
      const own = all.map((e) => e.touchpoint);
      const dates = model.cases.map((c) => c.at).sort();
      return {
        pareto: paretos(model, q.language),
        recurrence: recurrence(model, q.language, prior),
        trends: trends(model, this.actions(q), this.overdue(q)),
        journey: {
          ...journey(model, q.language, new Map(all.map((e) => [e.touchpoint, e.score])), own),
          emotions: emotions.filter((e) => e.journey !== ''),
        },
        totals: {
          cases: model.cases.length,
          rootCauses: model.roots.length,
          actions: this.stmt(`SELECT count(*) FROM cases c JOIN actions a ON a.case_id = c.id WHERE ${caseWhere(q).where}`).pluck(true).get(...caseWhere(q).params) as number,
          from: q.from ?? dates[0] ?? null,
          to: q.to ?? dates.at(-1) ?? null,
        },
      };
    })();
  }

  /** The cases behind one bar, cell, month or recurring theme, most recent first. */
  drill(input: InsightsDrillQuery): InsightsDrill {
    const q = InsightsDrillQuery.parse(input);
    checkPeriod(q);
    return this.db.transaction(() => {
      const { where, params } = caseWhere(q);
      const conditions = [where];
      switch (q.dimension) {
        case 'motFailure':
        case 'scenarioType':
          conditions.push(`c.${q.dimension === 'motFailure' ? 'mot_failure' : 'scenario_type'} = ?`);
          params.push(q.key);
          break;
        case 'department':
          conditions.push('trim(c.department) = ?');
          params.push(q.key);
          break;
        case 'month':
          conditions.push(`strftime('%Y-%m', coalesce(c.occurred_at, c.created_at)) = ?`);
          params.push(q.key);
          if (q.severity) {
            conditions.push('c.severity = ?');
            params.push(q.severity);
          }
          break;
        default: {
          // Root-cause dimensions and touchpoints: the same model as the figures, so a drill lists
          // exactly the cases its bar or cell counted.
          const ids = this.caseIdsFor(q.dimension, q.key, q);
          conditions.push('c.id IN (SELECT value FROM json_each(?))');
          params.push(JSON.stringify(ids));
        }
      }
      const from = `FROM cases c WHERE ${conditions.join(' AND ')}`;
      const total = this.stmt(`SELECT count(*) ${from}`).pluck(true).get(...params) as number;
      const rows = this.stmt(
        `SELECT c.id, c.title, c.severity, c.step, c.occurred_at, c.department, c.scenario_type, c.mot_failure ${from}
         ORDER BY coalesce(c.occurred_at, c.created_at) DESC, c.id LIMIT ? OFFSET ?`,
      ).all(...params, q.limit, q.offset) as Record<string, string>[];
      return {
        total,
        cases: rows.map((r) => ({
          id: r.id!,
          title: r.title!,
          severity: r.severity as InsightsDrill['cases'][number]['severity'],
          step: r.step as InsightsDrill['cases'][number]['step'],
          occurredAt: r.occurred_at ?? null,
          department: r.department!,
          scenarioType: r.scenario_type as InsightsDrill['cases'][number]['scenarioType'],
          motFailure: r.mot_failure as InsightsDrill['cases'][number]['motFailure'],
        })),
      };
    })();
  }

  setEmotion(input: SetEmotion): { journey: string | null; touchpoint: string; score: number | null } {
    const q = SetEmotion.parse(input);
    const journeyKey = q.journey ?? '';
    this.db.transaction(() => {
      if (q.score === null) this.stmt('DELETE FROM touchpoint_emotions WHERE journey = ? AND touchpoint = ?').run(journeyKey, q.touchpoint);
      else
        this.stmt(
          'INSERT INTO touchpoint_emotions (journey, touchpoint, score, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (journey, touchpoint) DO UPDATE SET score = excluded.score, updated_at = excluded.updated_at',
        ).run(journeyKey, q.touchpoint, q.score, this.now().toISOString());
    }).immediate();
    return { journey: q.journey ?? null, touchpoint: q.touchpoint, score: q.score };
  }

  private caseIdsFor(dimension: string, key: string, filters: LibraryFilters): string[] {
    if (dimension === 'touchpoint') {
      const cases = loadCases(this.stmt, filters);
      const roots = loadRoots(this.stmt, filters);
      return [...new Set([...cases.filter((c) => c.touchpoint === key).map((c) => c.id), ...roots.filter((r) => r.touchpoints.includes(key)).map((r) => r.caseId)])];
    }
    if (dimension === 'recurrence') {
      const model = loadModel(this.stmt, filters);
      const cluster = clusters(model).find((c) => c.id === key);
      return cluster ? [...new Set(cluster.roots.map((r) => r.caseId))] : [];
    }
    const roots = loadRoots(this.stmt, filters);
    return [...new Set(roots.filter((r) => (dimension === 'theme' ? r.theme : r.servqual) === key).map((r) => r.caseId))];
  }

  /** The root causes of the window just before the period, as long as the period: for "new". Only
   *  when the period has a start; it ends at the filter's end or now. */
  private prior(q: InsightsQuery) {
    if (!q.from) return null;
    const start = Date.parse(q.from);
    const end = q.to ? Date.parse(q.to) : this.now().getTime();
    const length = Math.max(0, end - start);
    // The window ends just before the period begins (the date filters include both ends).
    const before: LibraryFilters = { ...q, from: new Date(start - length).toISOString(), to: new Date(start - 1).toISOString() };
    return priorWindow(loadRoots(this.stmt, before));
  }

  private emotions(): { journey: string; touchpoint: string; score: number }[] {
    return this.stmt('SELECT journey, touchpoint, score FROM touchpoint_emotions ORDER BY journey, touchpoint').all() as { journey: string; touchpoint: string; score: number }[];
  }

  private actions(q: LibraryFilters): ActionFact[] {
    const { where, params } = caseWhere(q);
    // The latest check of each action: the one checked last, the later-listed one on the same day.
    return (
      this.stmt(
        `SELECT a.kind, (SELECT e.result FROM effectiveness_checks e WHERE e.action_id = a.id ORDER BY e.checked_at DESC, e.position DESC LIMIT 1)
         FROM cases c JOIN actions a ON a.case_id = c.id WHERE ${where} AND a.status <> 'cancelled'`,
      )
        .raw(true)
        .all(...params) as [ActionFact['kind'], string | null][]
    ).map(([kind, latest]) => ({ kind, latest }));
  }

  private overdue(q: LibraryFilters): Trends['overdue'] {
    const { where, params } = caseWhere(q);
    const now = this.now();
    const from = `FROM cases c JOIN actions a ON a.case_id = c.id
      WHERE ${where} AND a.status IN ('planned', 'in_progress', 'blocked') AND a.due_at IS NOT NULL AND julianday(a.due_at) < julianday(?)`;
    const count = this.stmt(`SELECT count(*) ${from}`).pluck(true).get(...params, now.toISOString()) as number;
    const rows = this.stmt(
      `SELECT a.id, a.title, a.owner, a.kind, a.due_at, c.id AS case_id, c.title AS case_title, c.occurred_at ${from} ORDER BY julianday(a.due_at), a.id LIMIT ?`,
    ).all(...params, now.toISOString(), OVERDUE_TOP) as Record<string, string>[];
    return {
      count,
      top: rows.map((r) => ({
        actionId: r.id!,
        title: r.title!,
        owner: r.owner!,
        kind: r.kind as Trends['overdue']['top'][number]['kind'],
        dueAt: r.due_at!,
        daysOverdue: Math.max(0, Math.floor((now.getTime() - Date.parse(r.due_at!)) / DAY)),
        case: caseRef({ id: r.case_id!, title: r.case_title!, occurredAt: r.occurred_at ?? null } as Model['cases'][number]),
      })),
    };
  }
}

/** A period that ends before it starts is a mistake, not an empty answer. */
function checkPeriod(q: LibraryFilters): void {
  if (q.from && q.to && Date.parse(q.to) < Date.parse(q.from)) {
    throw new CausewayError('validation', 'The period ends before it starts.', { issues: [{ path: ['to'], reason: 'period_reversed' }] });
  }
}

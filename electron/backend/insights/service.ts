import { CausewayError } from '../../../shared/contract/errors';
import { InsightsDrillQuery, InsightsQuery, SetEmotion, type DrillCase, type Insights, type InsightsDrill, type Trends } from '../../../shared/domain/insights';
import type { LibraryFilters } from '../../../shared/domain/search';
import type { Db } from '../database';
import { cachedPrepare, type Prepare } from '../sql';
import { caseRef, clusters, journey, paretos, priorWindow, recurrence, trends, type Cluster, type PriorWindow } from './figures';
import { CaseShares } from './case-shares';
import { caseWhere, type ActionRow, type CaseFact, type Model } from './model';
import type { Language } from '../../../shared/i18n/languages';

/** Insights over the library: every figure of the insights screen in one read transaction (one
 *  consistent snapshot), the cases behind a bar or cell, and the touchpoint emotion scores. */

const DAY = 86_400_000;
/** Overdue actions listed by name; the count covers all. */
export const OVERDUE_TOP = 10;

interface CacheEntry {
  version: string;
  model: Model;
  clusters?: Cluster[];
  prior?: PriorWindow | null;
  actions: ActionRow[];
  /** The figures that depend only on the data, per language. */
  figures: Map<Language, Pick<Insights, 'pareto' | 'recurrence' | 'journey'>>;
}

/** How many filter combinations keep their model between calls (the screen goes back and forth). */
const CACHED_MODELS = 8;

export class InsightsService {
  private readonly stmt: Prepare;
  /** Models (and their clusters) by filters, each valid for one state of the database: see `version`. */
  private readonly cache = new Map<string, CacheEntry>();
  /** Each case's root causes and actions, read again only for the cases an edit touched. */
  private readonly shares: CaseShares;
  /** SQLite's data_version when the shares were last checked. */
  private dataVersion: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.stmt = cachedPrepare(db);
    this.shares = new CaseShares(this.stmt);
  }

  get(input: InsightsQuery): Insights {
    const q = InsightsQuery.parse(input);
    checkPeriod(q);
    return this.db.transaction(() => {
      const entry = this.cached(q);
      const model = entry.model;
      // What depends only on the data and the language is kept with the model; the overdue
      // actions depend on the clock, so they are counted every time (a pass over the actions).
      let figures = entry.figures.get(q.language);
      if (!figures) {
        entry.clusters ??= clusters(model);
        if (entry.prior === undefined) entry.prior = this.prior(q);
        const emotions = this.emotions();
        const all = emotions.filter((e) => e.journey === '');
        figures = {
          pareto: paretos(model, q.language),
          recurrence: recurrence(model, q.language, entry.prior, entry.clusters),
          journey: {
            ...journey(model, q.language, new Map(all.map((e) => [e.touchpoint, e.score])), all.map((e) => e.touchpoint)),
            emotions: emotions.filter((e) => e.journey !== ''),
          },
        };
        entry.figures.set(q.language, figures);
      }
      let first: CaseFact | undefined;
      let last: CaseFact | undefined;
      for (const c of model.cases) {
        if (!first || c.atMs < first.atMs) first = c;
        if (!last || c.atMs > last.atMs) last = c;
      }
      const open = entry.actions.filter((a) => a.status !== 'cancelled');
      return {
        ...structuredClone(figures),
        trends: trends(model, open, overdue(entry.actions, model, this.now())),
        totals: {
          cases: model.cases.length,
          rootCauses: model.roots.length,
          actions: entry.actions.length,
          from: q.from ?? first?.at ?? null,
          to: q.to ?? last?.at ?? null,
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
          // Root-cause dimensions and touchpoints: from the same model as the figures, so a drill
          // lists exactly the cases its bar or cell counted (and costs no query once it is read).
          const ids = new Set(this.caseIdsFor(q.dimension, q.key, q));
          const list = this.cached(q)
            .model.cases.filter((c) => ids.has(c.id))
            .sort((a, b) => b.atMs - a.atMs || (a.id < b.id ? -1 : 1));
          return {
            total: list.length,
            cases: list.slice(q.offset, q.offset + q.limit).map((c) => ({
              id: c.id,
              title: c.title,
              severity: c.severity,
              step: c.step,
              occurredAt: c.occurredAt,
              department: c.department,
              scenarioType: c.scenarioType as DrillCase['scenarioType'],
              motFailure: c.motFailure as DrillCase['motFailure'],
            })),
          };
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
      const { cases, roots } = this.cached(filters).model;
      return [...new Set([...cases.filter((c) => c.touchpoint === key).map((c) => c.id), ...roots.filter((r) => r.touchpoints.includes(key)).map((r) => r.caseId)])];
    }
    const entry = this.cached(filters);
    if (dimension === 'recurrence') {
      entry.clusters ??= clusters(entry.model);
      const cluster = entry.clusters.find((c) => c.id === key);
      return cluster ? [...new Set(cluster.roots.map((r) => r.caseId))] : [];
    }
    const roots = entry.model.roots;
    return [...new Set(roots.filter((r) => (dimension === 'theme' ? r.theme : r.servqual) === key).map((r) => r.caseId))];
  }

  /** Which state of the database a cached model was read from: SQLite's data_version changes when
   *  another connection (the command line, another window's host) commits, and this connection's
   *  total_changes() with each of its own writes. Either moving makes every cached model stale. */
  private version(): string {
    const data = this.stmt('PRAGMA data_version').pluck(true).get() as number;
    // Another connection's rows may not move the cases' stamps: each case is read again.
    if (data !== this.dataVersion) this.shares.clear();
    this.dataVersion = data;
    return `${data}:${this.stmt('SELECT total_changes()').pluck(true).get() as number}`;
  }

  /** The model of the cases the filters select, read again only when the database changed. Runs
   *  inside the caller's read transaction. */
  private cached(filters: LibraryFilters): CacheEntry {
    // Only the filters make the model (a drill's severity is a filter too: the cases of that severity).
    const { language: _language, dimension: _d, key: _k, offset: _o, limit: _l, ...only } = filters as LibraryFilters & Record<string, unknown>;
    const key = JSON.stringify(Object.entries(only).sort(([a], [b]) => (a < b ? -1 : 1)));
    const version = this.version();
    let entry = this.cache.get(key);
    if (entry?.version !== version) entry = { version, ...this.shares.read(filters), figures: new Map() };
    // Most recently used last, so the oldest goes first when the cache is full.
    this.cache.delete(key);
    this.cache.set(key, entry);
    if (this.cache.size > CACHED_MODELS) this.cache.delete(this.cache.keys().next().value!);
    return entry;
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
    return priorWindow(this.shares.read(before).model.roots);
  }

  private emotions(): { journey: string; touchpoint: string; score: number }[] {
    return this.stmt('SELECT journey, touchpoint, score FROM touchpoint_emotions ORDER BY journey, touchpoint').all() as { journey: string; touchpoint: string; score: number }[];
  }
}

/** Open actions (planned, in progress, blocked) past their due date at `now`: how many, and the
 *  most overdue first. */
function overdue(actions: readonly ActionRow[], model: Model, now: Date): Trends['overdue'] {
  const late = actions
    .filter((a) => (a.status === 'planned' || a.status === 'in_progress' || a.status === 'blocked') && a.dueAt !== null && Date.parse(a.dueAt) < now.getTime())
    .map((a) => ({ a, due: Date.parse(a.dueAt!) }))
    .sort((x, y) => x.due - y.due || (x.a.id < y.a.id ? -1 : 1));
  return {
    count: late.length,
    top: late.slice(0, OVERDUE_TOP).map(({ a, due }) => ({
      actionId: a.id,
      title: a.title,
      owner: a.owner,
      kind: a.kind,
      dueAt: a.dueAt!,
      daysOverdue: Math.max(0, Math.floor((now.getTime() - due) / DAY)),
      case: caseRef(model.caseById.get(a.caseId)!),
    })),
  };
}

/** A period that ends before it starts is a mistake, not an empty answer. */
function checkPeriod(q: LibraryFilters): void {
  if (q.from && q.to && Date.parse(q.to) < Date.parse(q.from)) {
    throw new CausewayError('validation', 'The period ends before it starts.', { issues: [{ path: ['to'], reason: 'period_reversed' }] });
  }
}

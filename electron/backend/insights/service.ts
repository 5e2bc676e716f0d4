import { CausewayError } from '../../../shared/contract/errors';
import { InsightsDrillQuery, InsightsQuery, SetEmotion, type DrillCase, type Insights, type InsightsDrill, type Trends } from '../../../shared/domain/insights';
import type { LibraryFilters } from '../../../shared/domain/search';
import type { Db } from '../database';
import { cachedPrepare, type Prepare } from '../sql';
import { caseRef, clusters, journey, paretos, priorWindow, recurrence, trends, type Cluster, type History } from './figures';
import { CaseMirror, filterKey, type Selection } from './case-mirror';
import { caseWhere, type ActionRow, type CaseFact, type Model, type RootFact } from './model';
import type { Language } from '../../../shared/i18n/languages';

/** Insights over the library: every figure of the insights screen in one read transaction (one
 *  consistent snapshot), the cases behind a bar or cell, and the touchpoint emotion scores.
 *
 *  The figures are made from the case mirror (case-mirror.ts), which after any write reads again
 *  only the changed cases, and are kept per filters until one of the cases they count changes (a
 *  selection's stamp): a write elsewhere in the library, an emotion score or a team session keeps
 *  them. What depends on the clock (the overdue actions) is counted on every call, from a list
 *  sorted once. */

const DAY = 86_400_000;
/** Overdue actions listed by name; the count covers all. */
export const OVERDUE_TOP = 10;

interface LanguageFigures {
  pareto: Insights['pareto'];
  recurrence: Insights['recurrence'];
  /** The selections recurrence was made with: the window before the period (for "new") and every
   *  case before it (for a fix verified before the period), with their stamps then. */
  before: { filters: LibraryFilters; stamp: number }[];
  journey: Insights['journey'];
  /** The emotion scores journey was made with. */
  emotions: string;
}

interface Entry {
  stamp: number;
  model: Model;
  actions: ActionRow[];
  clusters?: Cluster[];
  /** Trends without the overdue actions, which depend on the clock. */
  trends?: Omit<Trends, 'overdue'>;
  /** Open actions with a due date, soonest due first (ties by id): the overdue ones are a prefix. */
  due: { a: ActionRow; due: number }[];
  first: CaseFact | undefined;
  last: CaseFact | undefined;
  figures: Map<Language, LanguageFigures>;
}

/** How many filter combinations keep their model between calls (the screen goes back and forth;
 *  a period also keeps the window before it and the cases before it). */
const CACHED_MODELS = 16;

export class InsightsService {
  private readonly stmt: Prepare;
  /** Models (and their figures) by filters, each valid while its selection's stamp stays. */
  private readonly cache = new Map<string, Entry>();
  private readonly mirror: CaseMirror;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
    mirror?: CaseMirror,
  ) {
    this.stmt = cachedPrepare(db);
    this.mirror = mirror ?? new CaseMirror(this.stmt);
  }

  get(input: InsightsQuery): Insights {
    const q = InsightsQuery.parse(input);
    checkPeriod(q);
    return this.db.transaction(() => {
      this.mirror.sync();
      const entry = this.cached(q);
      const model = entry.model;
      const emotions = this.emotions();
      const emotionKey = JSON.stringify(emotions);
      let figures = entry.figures.get(q.language);
      if (figures && figures.before.some((b) => this.mirror.select(b.filters).stamp !== b.stamp)) {
        // A case before the period changed: recurrence is made again (the rest still holds).
        figures.before = this.before(q);
        figures.recurrence = this.recurrence(q, entry, figures.before);
      }
      if (!figures) {
        const before = this.before(q);
        figures = { pareto: paretos(model, q.language), recurrence: this.recurrence(q, entry, before), before, journey: this.journey(model, q.language, emotions), emotions: emotionKey };
        entry.figures.set(q.language, figures);
      } else if (figures.emotions !== emotionKey) {
        figures.journey = this.journey(model, q.language, emotions);
        figures.emotions = emotionKey;
      }
      entry.trends ??= trends(model, entry.actions.filter((a) => a.status !== 'cancelled'), { count: 0, top: [] });
      const { overdue: _none, ...trendFigures } = entry.trends as Trends;
      return {
        ...structuredClone({ pareto: figures.pareto, recurrence: figures.recurrence, journey: figures.journey }),
        trends: { ...structuredClone(trendFigures), overdue: overdue(entry.due, model, this.now()) },
        totals: {
          cases: model.cases.length,
          rootCauses: model.roots.length,
          actions: entry.actions.length,
          from: q.from ?? entry.first?.at ?? null,
          to: q.to ?? entry.last?.at ?? null,
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
          this.mirror.sync();
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

  /** The model of the cases the filters select, made again only when one of them changed (or one
   *  came in or left). Runs inside the caller's read transaction, after the mirror's sync. */
  private cached(input: LibraryFilters): Entry {
    const filters = only(input);
    const key = filterKey(filters);
    const selection = this.mirror.select(filters);
    let entry = this.cache.get(key);
    if (entry?.stamp !== selection.stamp) entry = this.entry(selection);
    // Most recently used last, so the oldest goes first when the cache is full.
    this.cache.delete(key);
    this.cache.set(key, entry);
    if (this.cache.size > CACHED_MODELS) this.cache.delete(this.cache.keys().next().value!);
    return entry;
  }

  /** The selected cases in id order with their root causes (fishbone places first, then those named
   *  by a why, as a full read gives them, so ties in the figures break the same way) and actions. */
  private entry(selection: Selection): Entry {
    const cases: CaseFact[] = [];
    const roots: RootFact[] = [];
    const whyLed: RootFact[] = [];
    const actions: ActionRow[] = [];
    let first: CaseFact | undefined;
    let last: CaseFact | undefined;
    for (const id of this.mirror.ids()) {
      if (!selection.ids.has(id)) continue;
      const share = this.mirror.get(id)!;
      const c = share.fact;
      cases.push(c);
      if (!first || c.atMs < first.atMs) first = c;
      if (!last || c.atMs > last.atMs) last = c;
      for (const r of share.roots) (r.key.startsWith('fishbone:') ? roots : whyLed).push(r);
      for (const a of share.actions) actions.push(a);
    }
    for (const r of whyLed) roots.push(r);
    const due = actions
      .filter((a) => (a.status === 'planned' || a.status === 'in_progress' || a.status === 'blocked') && a.dueAt !== null)
      .map((a) => ({ a, due: Date.parse(a.dueAt!) }))
      .sort((x, y) => x.due - y.due || (x.a.id < y.a.id ? -1 : 1));
    return { stamp: selection.stamp, model: { cases, caseById: new Map(cases.map((c) => [c.id, c])), roots }, actions, due, first, last, figures: new Map() };
  }

  /** The selections before a period (only when it has a start): the window just before it, as long
   *  as the period, for "new" (it ends at the filter's end or now); and every case before it, for a
   *  fix verified before the period that did not hold in it. The other filters apply to both. */
  private before(q: LibraryFilters): { filters: LibraryFilters; stamp: number }[] {
    if (!q.from) return [];
    const start = Date.parse(q.from);
    const end = q.to ? Date.parse(q.to) : this.now().getTime();
    const length = Math.max(0, end - start);
    const { from: _from, to: _to, ...rest } = only(q);
    // The windows end just before the period begins (the date filters include both ends).
    const windowBefore: LibraryFilters = { ...rest, from: new Date(start - length).toISOString(), to: new Date(start - 1).toISOString() };
    const history: LibraryFilters = { ...rest, to: new Date(start - 1).toISOString() };
    return [windowBefore, history].map((filters) => ({ filters, stamp: this.mirror.select(filters).stamp }));
  }

  private recurrence(q: InsightsQuery, entry: Entry, before: { filters: LibraryFilters }[]): Insights['recurrence'] {
    entry.clusters ??= clusters(entry.model);
    if (before.length === 0) return recurrence(entry.model, q.language, null, entry.clusters);
    const [windowBefore, everything] = before.map((b) => this.cached(b.filters).model);
    const history: History = { roots: everything!.roots.filter((r) => r.verifiedAt !== null), caseById: everything!.caseById };
    return recurrence(entry.model, q.language, priorWindow(windowBefore!.roots), entry.clusters, history);
  }

  private journey(model: Model, language: Language, emotions: { journey: string; touchpoint: string; score: number }[]): Insights['journey'] {
    const all = emotions.filter((e) => e.journey === '');
    return {
      ...journey(model, language, new Map(all.map((e) => [e.touchpoint, e.score])), all.map((e) => e.touchpoint)),
      emotions: emotions.filter((e) => e.journey !== ''),
    };
  }

  private emotions(): { journey: string; touchpoint: string; score: number }[] {
    return this.stmt('SELECT journey, touchpoint, score FROM touchpoint_emotions ORDER BY journey, touchpoint').all() as { journey: string; touchpoint: string; score: number }[];
  }
}

/** Only the filters of a query (a drill's severity is a filter too: the cases of that severity). */
function only(filters: LibraryFilters): LibraryFilters {
  const { language: _language, dimension: _d, key: _k, offset: _o, limit: _l, ...rest } = filters as LibraryFilters & Record<string, unknown>;
  return rest as LibraryFilters;
}

/** Open actions (planned, in progress, blocked) past their due date at `now`: how many, and the
 *  most overdue first. `due` is every open action with a due date, soonest first. */
function overdue(due: readonly { a: ActionRow; due: number }[], model: Model, now: Date): Trends['overdue'] {
  const t = now.getTime();
  // The overdue ones are the prefix due before now: found by binary search.
  let lo = 0;
  let hi = due.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (due[mid]!.due < t) lo = mid + 1;
    else hi = mid;
  }
  return {
    count: lo,
    top: due.slice(0, Math.min(lo, OVERDUE_TOP)).map(({ a, due: d }) => ({
      actionId: a.id,
      title: a.title,
      owner: a.owner,
      kind: a.kind,
      dueAt: a.dueAt!,
      daysOverdue: Math.max(0, Math.floor((t - d) / DAY)),
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

import { CausewayError } from '../../../shared/contract/errors';
import { InsightsDrillQuery, InsightsQuery, SetEmotion, type DrillCase, type Insights, type InsightsDrill, type Trends } from '../../../shared/domain/insights';
import type { LibraryFilters } from '../../../shared/domain/search';
import type { Db } from '../database';
import { cachedPrepare, type Prepare } from '../sql';
import { caseRef, clusters, journeyOf, paretosOf, priorWindow, recurrence, trendsOf, type Cluster, type History } from './figures';
import { CaseMirror, filterKey, type CaseShare, type Selection } from './case-mirror';
import { caseWhere, type ActionRow, type CaseFact, type Model, type RootFact } from './model';
import { Tally } from './tally';
import type { Language } from '../../../shared/i18n/languages';

/** Insights over the library: every figure of the insights screen in one read transaction (one
 *  consistent snapshot), the cases behind a bar or cell, and the touchpoint emotion scores.
 *
 *  The figures are made from the case mirror (case-mirror.ts), which after any write reads again
 *  only the changed cases. Each filter combination keeps its cases' tally (tally.ts) and model, and
 *  after an edit takes out the old part of each changed case and adds the new one: the Pareto,
 *  trend and journey figures are made from the tally on each call (sorting a few dozen keys);
 *  recurrence (clusters of similar words) is kept until a root cause, a case's date or the cases
 *  counted change; a case edited otherwise only has its name updated where recurrence names it.
 *  What depends on the clock (the overdue actions) is counted on every call. */

const DAY = 86_400_000;
/** Overdue actions listed by name; the count covers all. */
export const OVERDUE_TOP = 10;

interface RecurrenceFigures {
  value: Insights['recurrence'];
  /** The selections it was made with: the window before the period (for "new") and every case
   *  before it (for a fix verified before the period), with their stamps then. */
  before: { filters: LibraryFilters; stamp: number }[];
}

interface Entry {
  /** The selection's stamp and the mirror's version the entry is current with. */
  stamp: number;
  version: number;
  /** The share each counted case was counted with (the mirror replaces a changed case's share). */
  parts: Map<string, CaseShare>;
  tally: Tally;
  /** Cases by id; root causes named by a fishbone place (by case id), then those named by a why
   *  (from whyStart, by case id), as a full read gives them, so ties in the figures break the same
   *  way; actions by case id. */
  model: Model;
  whyStart: number;
  actions: ActionRow[];
  clusters?: Cluster[];
  recurrence: Map<Language, RecurrenceFigures>;
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
      let figures = entry.recurrence.get(q.language);
      // A case before the period changed: recurrence is made again.
      if (!figures || figures.before.some((b) => this.mirror.select(b.filters).stamp !== b.stamp)) {
        const before = this.before(q);
        figures = { value: this.recurrence(q, entry, before), before };
        entry.recurrence.set(q.language, figures);
      }
      let first: CaseFact | undefined;
      let last: CaseFact | undefined;
      if (!q.from || !q.to) {
        for (const c of model.cases) {
          if (!first || c.atMs < first.atMs) first = c;
          if (!last || c.atMs > last.atMs) last = c;
        }
      }
      const emotions = this.emotions();
      const all = emotions.filter((e) => e.journey === '');
      return {
        pareto: paretosOf(entry.tally, q.language),
        recurrence: structuredClone(figures.value),
        trends: trendsOf(entry.tally, overdue(entry.actions, model, this.now())),
        journey: {
          ...journeyOf(entry.tally, q.language, new Map(all.map((e) => [e.touchpoint, e.score])), all.map((e) => e.touchpoint)),
          emotions: emotions.filter((e) => e.journey !== ''),
        },
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

  /** The tally and model of the cases the filters select, brought up to date with the cases that
   *  changed since. Runs inside the caller's read transaction, after the mirror's sync. */
  private cached(input: LibraryFilters): Entry {
    const filters = only(input);
    const key = filterKey(filters);
    const selection = this.mirror.select(filters);
    let entry = this.cache.get(key);
    if (entry && entry.version !== this.mirror.at && !this.update(entry, selection)) entry = undefined;
    entry ??= this.entry(selection);
    // Most recently used last, so the oldest goes first when the cache is full.
    this.cache.delete(key);
    this.cache.set(key, entry);
    if (this.cache.size > CACHED_MODELS) this.cache.delete(this.cache.keys().next().value!);
    return entry;
  }

  /** The selected cases counted from nothing. */
  private entry(selection: Selection): Entry {
    const parts = new Map<string, CaseShare>();
    const tally = new Tally();
    const cases: CaseFact[] = [];
    const roots: RootFact[] = [];
    const whyLed: RootFact[] = [];
    const actions: ActionRow[] = [];
    for (const id of this.mirror.ids()) {
      if (!selection.ids.has(id)) continue;
      const share = this.mirror.get(id)!;
      parts.set(id, share);
      add(tally, share, 1);
      cases.push(share.fact);
      for (const r of share.roots) (isWhyLed(r) ? whyLed : roots).push(r);
      for (const a of share.actions) actions.push(a);
    }
    const whyStart = roots.length;
    for (const r of whyLed) roots.push(r);
    return {
      stamp: selection.stamp,
      version: this.mirror.at,
      parts,
      tally,
      model: { cases, caseById: new Map(cases.map((c) => [c.id, c])), roots },
      whyStart,
      actions,
      recurrence: new Map(),
    };
  }

  /** Takes out the old part of each changed case and adds the new one. False when the changes are
   *  no longer known (the entry is made again). */
  private update(entry: Entry, selection: Selection): boolean {
    const changed = this.mirror.changedSince(entry.version);
    if (!changed) return false;
    const { model } = entry;
    let regroup = false;
    const renamed: CaseFact[] = [];
    for (const id of changed) {
      const old = entry.parts.get(id);
      const now = selection.ids.has(id) ? this.mirror.get(id) : undefined;
      if (old === now) continue;
      if (old) add(entry.tally, old, -1);
      if (now) add(entry.tally, now, 1);
      // The model, in place: the case, its root causes in both runs, its actions.
      const at = lowerBound(model.cases, id, (c) => c.id);
      if (old && now) model.cases[at] = now.fact;
      else if (old) model.cases.splice(at, 1);
      else model.cases.splice(at, 0, now!.fact);
      if (now) model.caseById.set(id, now.fact);
      else model.caseById.delete(id);
      const fishbone = (now?.roots ?? []).filter((r) => !isWhyLed(r));
      entry.whyStart += replaceRun(model.roots, 0, entry.whyStart, id, fishbone);
      replaceRun(model.roots, entry.whyStart, model.roots.length, id, (now?.roots ?? []).filter(isWhyLed));
      replaceRun(entry.actions, 0, entry.actions.length, id, now?.actions ?? []);
      if (now) entry.parts.set(id, now);
      else entry.parts.delete(id);
      // Recurrence reads the root causes, when each case happened and how many there are; a case
      // whose name or other fields changed is only named again.
      if (!old || !now || old.fact.atMs !== now.fact.atMs || !sameRoots(old.roots, now.roots)) regroup = true;
      else if (old.fact.title !== now.fact.title || old.fact.occurredAt !== now.fact.occurredAt) renamed.push(now.fact);
    }
    if (regroup) {
      entry.clusters = undefined;
      entry.recurrence.clear();
    } else if (renamed.length > 0) for (const figures of entry.recurrence.values()) rename(figures.value, renamed);
    entry.stamp = selection.stamp;
    entry.version = this.mirror.at;
    return true;
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

  private emotions(): { journey: string; touchpoint: string; score: number }[] {
    return this.stmt('SELECT journey, touchpoint, score FROM touchpoint_emotions ORDER BY journey, touchpoint').all() as { journey: string; touchpoint: string; score: number }[];
  }
}

/** Adds (1) or takes out (-1) one case's part of the tally. */
function add(tally: Tally, share: CaseShare, sign: 1 | -1): void {
  tally.addCase(share.fact, share.roots, sign);
  tally.addActions(share.actions.filter((a) => a.status !== 'cancelled'), sign);
}

const isWhyLed = (r: RootFact) => !r.key.startsWith('fishbone:');

/** The first index in [lo, hi) whose key is not below `key` (the list is in key order there). */
function lowerBound<T>(list: readonly T[], key: string, keyOf: (item: T) => string, lo = 0, hi = list.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keyOf(list[mid]!) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Replaces the items of one case in the run [lo, hi) of a list kept in case id order; returns how
 *  much longer the run got. */
function replaceRun<T extends { caseId: string }>(list: T[], lo: number, hi: number, caseId: string, items: readonly T[]): number {
  const start = lowerBound(list, caseId, (x) => x.caseId, lo, hi);
  let end = start;
  while (end < hi && list[end]!.caseId === caseId) end++;
  list.splice(start, end - start, ...items);
  return items.length - (end - start);
}

function sameRoots(a: readonly RootFact[], b: readonly RootFact[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}

/** Names the renamed cases anew wherever recurrence names them. */
function rename(value: Insights['recurrence'], cases: readonly CaseFact[]): void {
  const byId = new Map(cases.map((c) => [c.id, caseRef(c)]));
  for (const theme of value.themes) {
    theme.cases = theme.cases.map((c) => byId.get(c.id) ?? c);
    if (theme.verifiedIn && byId.has(theme.verifiedIn.case.id)) theme.verifiedIn = { ...theme.verifiedIn, case: byId.get(theme.verifiedIn.case.id)! };
    if (theme.recurredIn && byId.has(theme.recurredIn.id)) theme.recurredIn = byId.get(theme.recurredIn.id)!;
  }
}

/** Only the filters of a query (a drill's severity is a filter too: the cases of that severity). */
function only(filters: LibraryFilters): LibraryFilters {
  const { language: _language, dimension: _d, key: _k, offset: _o, limit: _l, ...rest } = filters as LibraryFilters & Record<string, unknown>;
  return rest as LibraryFilters;
}

/** Open actions (planned, in progress, blocked) past their due date at `now`: how many, and the
 *  most overdue first (ties by id). One pass, keeping the most overdue few: the clock moves, so
 *  this is counted on every call. */
function overdue(actions: readonly ActionRow[], model: Model, now: Date): Trends['overdue'] {
  const t = now.getTime();
  const before = (x: { a: ActionRow; due: number }, y: { a: ActionRow; due: number }) => x.due < y.due || (x.due === y.due && x.a.id < y.a.id);
  let count = 0;
  const top: { a: ActionRow; due: number }[] = [];
  for (const a of actions) {
    if (a.dueAt === null || !(a.status === 'planned' || a.status === 'in_progress' || a.status === 'blocked')) continue;
    const d = { a, due: a.dueMs ?? Date.parse(a.dueAt) };
    if (!(d.due < t)) continue;
    count++;
    let i = top.length;
    while (i > 0 && before(d, top[i - 1]!)) i--;
    if (i < OVERDUE_TOP) {
      top.splice(i, 0, d);
      if (top.length > OVERDUE_TOP) top.pop();
    }
  }
  return {
    count,
    top: top.map(({ a, due: d }) => ({
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

import type { CauseTheme } from '../../../shared/domain/insights';
import type { LibraryFilters } from '../../../shared/domain/search';
import type { Severity, Step } from '../../../shared/domain/vocabulary';
import { themeOfCategory, themeOfLabel } from '../../../shared/insights/themes';
import { filterSql } from '../search/query';
import type { Prepare } from '../sql';

/** What the insights figures are made of, read in a few set-wise queries over the cases the shared
 *  filters select (the same SQL conditions as search and the lessons library): the cases, and their
 *  DISTINCT root causes, grouped as shared/domain/root-causes.ts groups places (the automatic pair of
 *  a fishbone root cause and the one root of an analysis asking why about it, and the team's links),
 *  each with its cause theme, SERVQUAL dimension, touchpoints and the earliest "effective" check of
 *  an action linked to any of its places. Reading whole diagrams case by case would take seconds
 *  at 10,000 cases; these queries read only root causes, through partial indexes (migration 8). */

export interface CaseFact {
  id: string;
  title: string;
  severity: Severity;
  department: string;
  scenarioType: string;
  motFailure: string;
  touchpoint: string | null;
  occurredAt: string | null;
  detectedAt: string | null;
  resolvedAt: string | null;
  /** The three instants above in milliseconds, parsed once when the case is read. */
  occurredMs?: number | null;
  detectedMs?: number | null;
  resolvedMs?: number | null;
  /** When it happened, or when it was recorded if that is unknown: what the date filters use. */
  at: string;
  /** `at` in milliseconds. */
  atMs: number;
  /** `at` as a calendar month, UTC. */
  month: string;
  step: Step;
  /** The case's revision and last change: any edit of the case or its diagrams, plan or checks
   *  moves it (touchCase), so the per-case figures are read again only when it moved. */
  stamp: string;
}

export interface RootFact {
  /** The canonical place's key (`fishbone:<id>` / `whys:<id>`). */
  key: string;
  caseId: string;
  text: string;
  theme: CauseTheme;
  servqual: string | null;
  touchpoints: string[];
  /** When its first place was written down. */
  createdAt: string;
  /** The earliest "effective" check of an action linked to one of its places, or null. */
  verifiedAt: string | null;
}

export interface Model {
  cases: CaseFact[];
  caseById: Map<string, CaseFact>;
  roots: RootFact[];
}

type Row = Record<string, unknown>;

interface Place {
  key: string;
  caseId: string;
  text: string;
  ruledOut: boolean;
  theme: CauseTheme;
  servqual: string | null;
  touchpoint: string | null;
  createdAt: string;
  fishbone: boolean;
  /** For a why: its analysis and the cause the analysis asks about. */
  analysisId?: string;
  startCauseId?: string | null;
}

/** The WHERE of the filtered cases (alias c), with its parameters. */
export function caseWhere(filters: LibraryFilters): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  return { where: filterSql(filters, params).join(' AND '), params };
}

export function loadCases(stmt: Prepare, filters: LibraryFilters): CaseFact[] {
  const { where, params } = caseWhere(filters);
  return loadCasesWhere(stmt, where, params);
}

/** The same for the cases (alias c) a WHERE selects (electron/backend/insights/case-mirror.ts reads
 *  only the changed cases again). */
export function loadCasesWhere(stmt: Prepare, where: string, params: unknown[]): CaseFact[] {
  const rows = stmt(
    `SELECT c.id, c.title, c.severity, c.department, c.scenario_type, c.mot_failure, c.touchpoint, c.occurred_at, c.detected_at, c.resolved_at,
       coalesce(c.occurred_at, c.created_at) AS at, strftime('%Y-%m', coalesce(c.occurred_at, c.created_at)) AS month, c.step, c.revision || ' ' || c.updated_at
     FROM cases c WHERE ${where}`,
  ).raw(true).all(...params) as unknown[][];
  const time = (v: unknown) => (v === null || v === undefined ? null : Date.parse(v as string));
  return rows.map((r) => ({
    id: r[0] as string,
    title: r[1] as string,
    severity: r[2] as Severity,
    department: r[3] as string,
    scenarioType: r[4] as string,
    motFailure: r[5] as string,
    touchpoint: r[6] as string | null,
    occurredAt: r[7] as string | null,
    detectedAt: r[8] as string | null,
    resolvedAt: r[9] as string | null,
    occurredMs: time(r[7]),
    detectedMs: time(r[8]),
    resolvedMs: time(r[9]),
    at: r[10] as string,
    atMs: Date.parse(r[10] as string),
    month: r[11] as string,
    step: r[12] as Step,
    stamp: r[13] as string,
  }));
}

/** The distinct root causes of the filtered cases (a root cause every place of which is ruled out
 *  is left out: the team decided it is not one). */
export function loadRoots(stmt: Prepare, filters: LibraryFilters): RootFact[] {
  const { where, params } = caseWhere(filters);
  return loadRootsWhere(stmt, where, params);
}

/** The same for the cases (alias c) a WHERE selects: roots never span cases, so the roots of some
 *  cases are read alone (electron/backend/insights/case-shares.ts re-reads only edited cases). */
export function loadRootsWhere(stmt: Prepare, where: string, params: unknown[]): RootFact[] {
  const places: Place[] = [];
  // Reading order within a case: fishbone places by category and position, then whys by analysis
  // and position (the first of a group names it, as in the case's own list).
  const causeRows = stmt(
    `SELECT x.id, x.case_id, x.text, x.status, x.servqual, x.touchpoint, x.created_at, fc.template_key, fc.label
     FROM cases c JOIN causes x ON x.case_id = c.id AND x.is_root_cause = 1 JOIN fishbone_categories fc ON fc.id = x.category_id
     WHERE ${where} ORDER BY x.case_id, fc.position, x.position`,
  ).raw(true).all(...params) as unknown[][];
  const themeCache = new Map<string, CauseTheme>();
  const themeOf = (key: string | null, label: string) => {
    const k = `${key ?? ''}\u0000${label}`;
    let t = themeCache.get(k);
    if (!t) themeCache.set(k, (t = themeOfCategory(key, label)));
    return t;
  };
  for (const r of causeRows) {
    places.push({
      key: `fishbone:${r[0] as string}`,
      caseId: r[1] as string,
      text: r[2] as string,
      ruledOut: r[3] === 'ruled_out',
      servqual: r[4] as string | null,
      touchpoint: r[5] as string | null,
      createdAt: r[6] as string,
      theme: themeOf(r[7] as string | null, r[8] as string),
      fishbone: true,
    });
  }
  // A why's theme is that of the cause its analysis asks about, when it asks about one; a why about
  // the problem itself has no category, so its own words are read for the themes' keywords.
  const whyRows = stmt(
    `SELECT w.id, a.case_id, w.answer, w.status, w.created_at, a.id, a.start_cause_id, sf.template_key, sf.label
     FROM cases c JOIN why_analyses a ON a.case_id = c.id JOIN whys w ON w.analysis_id = a.id AND w.is_root_cause = 1
       LEFT JOIN causes sc ON sc.id = a.start_cause_id LEFT JOIN fishbone_categories sf ON sf.id = sc.category_id
     WHERE ${where} ORDER BY a.case_id, a.position, w.position`,
  ).raw(true).all(...params) as unknown[][];
  for (const r of whyRows) {
    places.push({
      key: `whys:${r[0] as string}`,
      caseId: r[1] as string,
      text: r[2] as string,
      ruledOut: r[3] === 'ruled_out',
      servqual: null,
      touchpoint: null,
      createdAt: r[4] as string,
      theme: r[8] === null || r[8] === undefined ? themeOfLabel(r[2] as string) : themeOf(r[7] as string | null, r[8] as string),
      fishbone: false,
      analysisId: r[5] as string,
      startCauseId: r[6] as string | null,
    });
  }
  if (places.length === 0) return [];

  const links = stmt(
    `SELECT l.a_cause_id, l.a_why_id, l.b_cause_id, l.b_why_id, l.same FROM cases c JOIN root_cause_links l ON l.case_id = c.id WHERE ${where}`,
  ).raw(true).all(...params) as unknown[][];
  const verified = stmt(
    `SELECT r.cause_id, r.why_id, min(e.checked_at) FROM cases c JOIN actions a ON a.case_id = c.id JOIN action_root_causes r ON r.action_id = a.id
       JOIN effectiveness_checks e ON e.action_id = a.id AND e.result = 'effective'
     WHERE ${where} AND a.status <> 'cancelled' GROUP BY r.cause_id, r.why_id`,
  ).raw(true).all(...params) as unknown[][];
  const verifiedAt = new Map<string, string>();
  for (const r of verified) verifiedAt.set(r[0] !== null ? `fishbone:${r[0] as string}` : `whys:${r[1] as string}`, r[2] as string);

  // Union-find over every place of the selection; places of different cases never join.
  const index = new Map(places.map((p, i) => [p.key, i]));
  const parent = places.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const join = (x: number | undefined, y: number | undefined) => {
    if (x === undefined || y === undefined) return;
    const [rx, ry] = [find(x), find(y)];
    if (rx !== ry) parent[Math.max(rx, ry)] = Math.min(rx, ry);
  };
  const ref = (cause: unknown, why: unknown) => (cause !== null ? `fishbone:${cause as string}` : `whys:${why as string}`);
  const pair = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const distinct = new Set<string>();
  for (const l of links) if (l[4] === 0) distinct.add(pair(ref(l[0], l[1]), ref(l[2], l[3])));
  // The automatic pair: an analysis about a fishbone root cause with exactly one root of its own.
  const byAnalysis = new Map<string, Place[]>();
  for (const p of places) if (p.analysisId) byAnalysis.set(p.analysisId, [...(byAnalysis.get(p.analysisId) ?? []), p]);
  for (const list of byAnalysis.values()) {
    const start = list[0]!.startCauseId;
    if (list.length !== 1 || !start) continue;
    const cause = `fishbone:${start}`;
    if (index.has(cause) && !distinct.has(pair(cause, list[0]!.key))) join(index.get(cause), index.get(list[0]!.key));
  }
  for (const l of links) if (l[4] === 1) join(index.get(ref(l[0], l[1])), index.get(ref(l[2], l[3])));

  const groups = new Map<number, Place[]>();
  places.forEach((p, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(p);
    else groups.set(r, [p]);
  });
  const out: RootFact[] = [];
  for (const group of groups.values()) {
    if (group.every((p) => p.ruledOut)) continue;
    const first = group[0]!;
    // A group with a fishbone place takes its category's theme from there.
    const fishbone = group.find((p) => p.fishbone);
    let verifiedFirst: string | null = null;
    for (const p of group) {
      const v = verifiedAt.get(p.key);
      if (v && (verifiedFirst === null || Date.parse(v) < Date.parse(verifiedFirst))) verifiedFirst = v;
    }
    out.push({
      key: first.key,
      caseId: first.caseId,
      text: first.text,
      theme: (fishbone ?? first).theme,
      servqual: group.find((p) => p.servqual)?.servqual ?? null,
      touchpoints: [...new Set(group.map((p) => p.touchpoint).filter((t): t is string => !!t))],
      createdAt: group.reduce((min, p) => (p.createdAt < min ? p.createdAt : min), first.createdAt),
      verifiedAt: verifiedFirst,
    });
  }
  return out;
}

export function loadModel(stmt: Prepare, filters: LibraryFilters): Model {
  const cases = loadCases(stmt, filters);
  return { cases, caseById: new Map(cases.map((c) => [c.id, c])), roots: loadRoots(stmt, filters) };
}

export interface ActionRow {
  id: string;
  caseId: string;
  kind: (typeof import('../../../shared/domain/vocabulary').ACTION_KINDS)[number];
  status: string;
  dueAt: string | null;
  /** dueAt in milliseconds, parsed once when the action is read. */
  dueMs?: number | null;
  title: string;
  owner: string;
  /** The result of its latest effectiveness check (checked last; the later-listed on the same
   *  instant), null without one. */
  latest: string | null;
}

/** Every action of the filtered cases with its latest check's result, in two scans (a subquery per
 *  action would run 20,000 times at 10,000 cases). */
export function loadActions(stmt: Prepare, filters: LibraryFilters): ActionRow[] {
  const { where, params } = caseWhere(filters);
  return loadActionsWhere(stmt, where, params);
}

export function loadActionsWhere(stmt: Prepare, where: string, params: unknown[]): ActionRow[] {
  const rows = stmt(`SELECT a.id, a.case_id, a.kind, a.status, a.due_at, a.title, a.owner FROM cases c JOIN actions a ON a.case_id = c.id WHERE ${where}`)
    .raw(true)
    .all(...params) as unknown[][];
  const latest = new Map<string, string>();
  const checks = stmt(
    `SELECT e.action_id, e.result FROM cases c JOIN actions a ON a.case_id = c.id JOIN effectiveness_checks e ON e.action_id = a.id
     WHERE ${where} ORDER BY e.action_id, e.checked_at, e.position`,
  )
    .raw(true)
    .all(...params) as [string, string][];
  for (const [actionId, result] of checks) latest.set(actionId, result);
  return rows.map((r) => ({
    id: r[0] as string,
    caseId: r[1] as string,
    kind: r[2] as ActionRow['kind'],
    status: r[3] as string,
    dueAt: r[4] as string | null,
    dueMs: r[4] === null ? null : Date.parse(r[4] as string),
    title: r[5] as string,
    owner: r[6] as string,
    latest: latest.get(r[0] as string) ?? null,
  }));
}

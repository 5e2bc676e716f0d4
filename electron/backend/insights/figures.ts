import {
  CAUSE_THEMES,
  FREQUENT_SHARE,
  RARE_SHARE,
  RECURRENCE_CASES,
  type CaseRef,
  type CauseTheme,
  type FrequencyLabel,
  type Insights,
  type JourneyCell,
  type Pareto,
  type ParetoDimension,
  type RecurrenceTheme,
  type ThemeFrequency,
  type Trends,
} from '../../../shared/domain/insights';
import { comparable, LOOK_ALIKE, similarity, type Comparable } from '../../../shared/domain/root-causes';
import { ACTION_KINDS, SEVERITIES, TOUCHPOINTS, isFixedTouchpoint, type Severity } from '../../../shared/domain/vocabulary';
import type { Language } from '../../../shared/i18n/languages';
import { themeLabel } from '../../../shared/insights/themes';
import type { ActionRow, CaseFact, Model, RootFact } from './model';
import { SEVERITY_WEIGHT, Tally } from './tally';

/** The figures, computed from the model (model.ts). Pure functions of their inputs, so the tests
 *  can check each one on a constructed library. */

// ---------------------------------------------------------------------------------------------
// Pareto

/** Bars most first (equal counts by key), shares of the total, the running share, and the cut:
 *  how many bars it takes to reach 80%. Empty keys are left out. */
export function pareto(dimension: ParetoDimension, unit: Pareto['unit'], keys: Iterable<string | null>, label?: (key: string) => string | undefined): Pareto {
  const counts = new Map<string, number>();
  for (const k of keys) if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
  return paretoOf(dimension, unit, counts, label);
}

/** The same from counts by key (the order of the keys does not matter). */
export function paretoOf(dimension: ParetoDimension, unit: Pareto['unit'], counts: ReadonlyMap<string, number>, label?: (key: string) => string | undefined): Pareto {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let running = 0;
  let cut = 0;
  const bars = sorted.map(([key, count], i) => {
    running += count;
    // 80%, compared on integers: 8 of 10 is exactly at the line, not a rounding error below it.
    if (cut === 0 && running * 10 >= total * 8) cut = i + 1;
    const l = label?.(key);
    return { key, ...(l !== undefined ? { label: l } : {}), count, share: count / total, cumulativeShare: running / total };
  });
  return { dimension, unit, total, bars, cut };
}

/** The tally of a model's cases, root causes and (when given: those not cancelled) actions. */
export function tallyOf(model: Model, actions: readonly Pick<ActionRow, 'kind' | 'latest'>[] = []): Tally {
  const tally = new Tally();
  const rootsByCase = new Map<string, RootFact[]>();
  for (const r of model.roots) {
    const l = rootsByCase.get(r.caseId);
    if (l) l.push(r);
    else rootsByCase.set(r.caseId, [r]);
  }
  for (const c of model.cases) tally.addCase(c, rootsByCase.get(c.id) ?? [], 1);
  tally.addActions(actions, 1);
  return tally;
}

export function paretos(model: Model, language: Language): Insights['pareto'] {
  return paretosOf(tallyOf(model), language);
}

export function paretosOf(tally: Tally, language: Language): Insights['pareto'] {
  return {
    theme: paretoOf('theme', 'rootCauses', tally.theme, (k) => themeLabel(k as CauseTheme, language)),
    servqual: paretoOf('servqual', 'rootCauses', tally.servqual),
    motFailure: paretoOf('motFailure', 'cases', tally.motFailure),
    scenarioType: paretoOf('scenarioType', 'cases', tally.scenarioType),
    department: paretoOf('department', 'cases', tally.department),
  };
}

// ---------------------------------------------------------------------------------------------
// Recurrence

export const caseRef = (c: CaseFact): CaseRef => ({ id: c.id, title: c.title, occurredAt: c.occurredAt });

export interface Cluster {
  id: string;
  theme: CauseTheme;
  roots: RootFact[];
  /** The normalised texts of its members, prepared for comparing. */
  texts: Comparable[];
}

/** Texts prepared for comparing, kept between calls: the same words are often written again (that
 *  is the point), and after an edit the figures are made again from mostly the same texts. Read
 *  only, so one prepared text serves every call; emptied when it grows past PREPARED_LIMIT. */
const prepared = new Map<string, Comparable>();
const PREPARED_LIMIT = 100_000;

function prepare(text: string): Comparable {
  let c = prepared.get(text);
  if (!c) {
    if (prepared.size >= PREPARED_LIMIT) prepared.clear();
    prepared.set(text, (c = comparable(text)));
  }
  return c;
}

/** Root causes that are one theme across cases: the same cause theme and the same or nearly the
 *  same words (the character-pair similarity of shared/domain/root-causes.ts at LOOK_ALIKE or more,
 *  after normalising), joined transitively. Identical texts are compared once. Each cluster is named
 *  by its earliest root cause. */
export function clusters(model: Model): Cluster[] {
  const byTheme = new Map<CauseTheme, Map<string, { c: Comparable; roots: RootFact[] }>>();
  for (const root of model.roots) {
    const c = prepare(root.text);
    if (!c.text) continue;
    let texts = byTheme.get(root.theme);
    if (!texts) byTheme.set(root.theme, (texts = new Map()));
    const entry = texts.get(c.text);
    if (entry) entry.roots.push(root);
    else texts.set(c.text, { c, roots: [root] });
  }
  const out: Cluster[] = [];
  for (const [theme, texts] of byTheme) {
    const list = [...texts.values()];
    const parent = list.map((_, i) => i);
    const find = (i: number): number => {
      while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
      return i;
    };
    // Only texts sharing a character pair can be alike: compare those, through an index of pairs.
    const byPair = new Map<string, number[]>();
    list.forEach((e, i) => {
      for (const g of e.c.pairs.keys()) {
        const l = byPair.get(g);
        if (l) l.push(i);
        else byPair.set(g, [i]);
      }
    });
    for (let i = 0; i < list.length; i++) {
      const x = list[i]!.c;
      const seen = new Set<number>();
      for (const g of x.pairs.keys()) {
        for (const j of byPair.get(g)!) {
          if (j <= i || seen.has(j)) continue;
          seen.add(j);
          const y = list[j]!.c;
          // Too different in length to reach LOOK_ALIKE: not compared (see mergeOffers).
          if ((2 * Math.min(x.size, y.size)) / (x.size + y.size) < LOOK_ALIKE) continue;
          if (similarity(x, y) >= LOOK_ALIKE) {
            const [a, b] = [find(i), find(j)];
            if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
          }
        }
      }
    }
    const groups = new Map<number, number[]>();
    list.forEach((_, i) => {
      const r = find(i);
      const g = groups.get(r);
      if (g) g.push(i);
      else groups.set(r, [i]);
    });
    for (const members of groups.values()) {
      const roots = members.flatMap((i) => list[i]!.roots);
      // Named by its earliest root cause (the first of those that happened at the same time).
      let earliest = roots[0]!;
      let at = model.caseById.get(earliest.caseId)!.atMs;
      for (const r of roots) {
        const t = model.caseById.get(r.caseId)!.atMs;
        if (t < at) [earliest, at] = [r, t];
      }
      out.push({ id: earliest.key, theme, roots, texts: members.map((i) => list[i]!.c) });
    }
  }
  return out;
}

/** PagerDuty's labels for something seen in `cases` of the period's `total` cases. */
export function frequencyLabels(cases: number, total: number, isNew: boolean): FrequencyLabel[] {
  const out: FrequencyLabel[] = [];
  if (total > 0 && cases / total >= FREQUENT_SHARE) out.push('frequent');
  else if (total > 0 && cases > 0 && cases / total <= RARE_SHARE) out.push('rare');
  if (isNew) out.push('new');
  return out;
}

const ms = (iso: string) => Date.parse(iso);

/** The verified root causes of the cases before a period (the same filters, no start): a fix
 *  verified there that did not hold in the period counts as one that did not hold. */
export interface History {
  roots: readonly RootFact[];
  caseById: ReadonlyMap<string, CaseFact>;
}

/** Whether the fix held: a member verified effective at time v (or a root cause of the same theme
 *  and nearly the same words verified in a case before the period: `before`), and another member
 *  (or the same root cause found again) after v: in another case that happened after v, or in the
 *  same case written down after v. The earliest verification that was followed by a return is
 *  reported, with the earliest return after it. Members are sorted once, so a theme found in
 *  thousands of cases costs a sort, not a comparison of every pair. */
export function heldNot(
  cluster: Cluster,
  caseById: ReadonlyMap<string, CaseFact>,
  before: readonly RootFact[] = [],
  beforeCases?: ReadonlyMap<string, CaseFact>,
): Pick<RecurrenceTheme, 'heldNot' | 'verifiedIn' | 'recurredIn'> {
  const verified: { r: RootFact; t: number }[] = [];
  for (const r of cluster.roots) if (r.verifiedAt !== null) verified.push({ r, t: ms(r.verifiedAt) });
  for (const r of before) verified.push({ r, t: ms(r.verifiedAt!) });
  if (verified.length === 0) return { heldNot: false, verifiedIn: null, recurredIn: null };
  verified.sort((a, b) => a.t - b.t);
  // When each member's case happened, read once (a sort comparing through the map costs more).
  const byDate = cluster.roots.map((r) => ({ r, t: caseById.get(r.caseId)!.atMs })).sort((a, b) => a.t - b.t);
  let byCase: Map<string, RootFact[]> | undefined;
  for (const { r: v, t: at } of verified) {
    // The first member of another case that happened after `at` (binary search, then skip v's case).
    let lo = 0;
    let hi = byDate.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byDate[mid]!.t > at) hi = mid;
      else lo = mid + 1;
    }
    let back: { r: RootFact; t: number } | null = null;
    for (let i = lo; i < byDate.length; i++) {
      if (byDate[i]!.r.caseId !== v.caseId) {
        back = byDate[i]!;
        break;
      }
    }
    // The same case: a root cause written down after the check.
    if (!byCase) {
      byCase = new Map();
      for (const r of cluster.roots) {
        const l = byCase.get(r.caseId);
        if (l) l.push(r);
        else byCase.set(r.caseId, [r]);
      }
    }
    for (const r of byCase.get(v.caseId) ?? []) {
      if (r === v) continue;
      const t = ms(r.createdAt);
      if (t > at && (back === null || t < back.t)) back = { r, t };
    }
    if (back) {
      const where = caseById.get(v.caseId) ?? beforeCases!.get(v.caseId)!;
      return { heldNot: true, verifiedIn: { case: caseRef(where), checkedAt: v.verifiedAt! }, recurredIn: caseRef(caseById.get(back.r.caseId)!) };
    }
  }
  return { heldNot: false, verifiedIn: null, recurredIn: null };
}

/** The window before the period, for "new": its themes and root-cause texts by theme. */
export interface PriorWindow {
  themes: Set<CauseTheme>;
  texts: Map<CauseTheme, Comparable[]>;
  /** The same texts, for finding the very same words at once. */
  exact: Map<CauseTheme, Set<string>>;
}

export function priorWindow(roots: readonly RootFact[]): PriorWindow {
  const themes = new Set<CauseTheme>();
  const texts = new Map<CauseTheme, Map<string, Comparable>>();
  for (const r of roots) {
    themes.add(r.theme);
    const c = prepare(r.text);
    if (!c.text) continue;
    let m = texts.get(r.theme);
    if (!m) texts.set(r.theme, (m = new Map()));
    m.set(c.text, c);
  }
  return { themes, texts: new Map([...texts].map(([k, m]) => [k, [...m.values()]])), exact: new Map([...texts].map(([k, m]) => [k, new Set(m.keys())])) };
}

/** Whether a text of the cluster was in the window before (the same words, or nearly). */
function seen(prior: PriorWindow, cluster: Cluster): boolean {
  const texts = prior.texts.get(cluster.theme);
  if (!texts) return false;
  const exact = prior.exact.get(cluster.theme)!;
  if (cluster.texts.some((t) => exact.has(t.text))) return true;
  return texts.some((p) => cluster.texts.some((t) => reachable(p, t) && similarity(p, t) >= LOOK_ALIKE));
}

/** Two texts too different in length cannot reach LOOK_ALIKE (the coefficient is at most
 *  2·short/(short+long)): not compared. */
const reachable = (x: Comparable, y: Comparable) => x.text === y.text || (2 * Math.min(x.size, y.size)) / (x.size + y.size) >= LOOK_ALIKE;

/** For each recurring cluster, the root causes verified before the period that are the same root
 *  cause (its theme, and the same or nearly the same words as one of its members). Found through an
 *  index of the clusters' character pairs, so thousands of verified root causes cost little. */
function verifiedBefore(recurring: readonly Cluster[], roots: readonly RootFact[]): RootFact[][] {
  const out: RootFact[][] = recurring.map(() => []);
  if (roots.length === 0) return out;
  type Member = { cluster: number; c: Comparable };
  const exact = new Map<string, Set<number>>();
  const byPair = new Map<string, Member[]>();
  recurring.forEach((cluster, i) => {
    for (const c of cluster.texts) {
      const k = `${cluster.theme}\u0000${c.text}`;
      let e = exact.get(k);
      if (!e) exact.set(k, (e = new Set()));
      e.add(i);
      for (const g of c.pairs.keys()) {
        const pk = `${cluster.theme}\u0000${g}`;
        const l = byPair.get(pk);
        if (l) l.push({ cluster: i, c });
        else byPair.set(pk, [{ cluster: i, c }]);
      }
    }
  });
  const matches = new Map<string, Set<number>>();
  for (const r of roots) {
    const c = prepare(r.text);
    if (!c.text) continue;
    const k = `${r.theme}\u0000${c.text}`;
    let found = matches.get(k);
    if (!found) {
      found = new Set(exact.get(k) ?? []);
      for (const g of c.pairs.keys()) {
        for (const m of byPair.get(`${r.theme}\u0000${g}`) ?? []) {
          if (!found.has(m.cluster) && reachable(c, m.c) && similarity(c, m.c) >= LOOK_ALIKE) found.add(m.cluster);
        }
      }
      matches.set(k, found);
    }
    for (const i of found) out[i]!.push(r);
  }
  return out;
}

/** At most this many recurring themes are returned (most cases first); the rest are in the drill. */
export const RECURRENCE_LIMIT = 100;

/** Whether case a comes after case b (when it happened, then by id). */
const later = (a: CaseFact, b: CaseFact) => a.atMs > b.atMs || (a.atMs === b.atMs && a.id > b.id);

export function recurrence(model: Model, language: Language, prior: PriorWindow | null, all: Cluster[] = clusters(model), history?: History): Insights['recurrence'] {
  const total = model.cases.length;
  const themes: RecurrenceTheme[] = [];
  const recurring = all.filter((cluster) => {
    let first: string | undefined;
    for (const r of cluster.roots) {
      if (first === undefined) first = r.caseId;
      else if (r.caseId !== first) return true;
    }
    return false;
  });
  const before = history ? verifiedBefore(recurring, history.roots) : null;
  for (const [index, cluster] of recurring.entries()) {
    const caseIds = [...new Set(cluster.roots.map((r) => r.caseId))];
    // Only the newest few are named (the drill lists them all): picked in one pass, not sorted.
    const newest: CaseFact[] = [];
    for (const id of caseIds) {
      const c = model.caseById.get(id)!;
      let i = newest.length;
      while (i > 0 && later(c, newest[i - 1]!)) i--;
      if (i < RECURRENCE_CASES) {
        newest.splice(i, 0, c);
        if (newest.length > RECURRENCE_CASES) newest.pop();
      }
    }
    const earliest = cluster.roots.find((r) => r.key === cluster.id)!;
    const seenBefore = prior !== null && seen(prior, cluster);
    themes.push({
      id: cluster.id,
      theme: cluster.theme,
      themeLabel: themeLabel(cluster.theme, language),
      text: earliest.text,
      // The ids of every case would be most of the answer.
      cases: newest.map(caseRef),
      caseCount: caseIds.length,
      ...heldNot(cluster, model.caseById, before?.[index], history?.caseById),
      labels: frequencyLabels(caseIds.length, total, prior !== null && !seenBefore),
    });
  }
  themes.sort((a, b) => b.caseCount - a.caseCount || Number(b.heldNot) - Number(a.heldNot) || (a.id < b.id ? -1 : 1));

  const casesByTheme = new Map<CauseTheme, Set<string>>();
  for (const r of model.roots) {
    let s = casesByTheme.get(r.theme);
    if (!s) casesByTheme.set(r.theme, (s = new Set()));
    s.add(r.caseId);
  }
  const frequencies: ThemeFrequency[] = CAUSE_THEMES.filter((t) => casesByTheme.has(t))
    .map((theme) => {
      const cases = casesByTheme.get(theme)!.size;
      return { theme, label: themeLabel(theme, language), cases, share: total ? cases / total : 0, labels: frequencyLabels(cases, total, prior !== null && !prior.themes.has(theme)) };
    })
    .sort((a, b) => b.cases - a.cases || CAUSE_THEMES.indexOf(a.theme) - CAUSE_THEMES.indexOf(b.theme));
  return { themes: themes.slice(0, RECURRENCE_LIMIT), frequencies };
}

// ---------------------------------------------------------------------------------------------
// Trends

/** Every month from `first` to `last` (YYYY-MM), both included. */
export function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  const [ly, lm] = last.split('-').map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** The median (the mean of the middle two for an even count) and the 90th percentile (nearest
 *  rank) of the values; null for none. */
export function medianP90(values: number[]): { median: number | null; p90: number | null } {
  if (values.length === 0) return { median: null, p90: null };
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, p90: s[Math.max(0, Math.ceil(0.9 * s.length) - 1)]! };
}

const HOUR = 3_600_000;

export interface ActionFact {
  kind: (typeof ACTION_KINDS)[number];
  /** The latest check's result, null without one. */
  latest: string | null;
}

export function trends(model: Model, actions: readonly ActionFact[], overdue: Trends['overdue']): Trends {
  return trendsOf(tallyOf(model, actions), overdue);
}

/** The median and nearest-rank p90 of numbers already sorted. */
function sortedStats(s: readonly number[]): { median: number | null; p90: number | null } {
  if (s.length === 0) return { median: null, p90: null };
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, p90: s[Math.max(0, Math.ceil(0.9 * s.length) - 1)]! };
}

export function trendsOf(tally: Tally, overdue: Trends['overdue']): Trends {
  let first: string | undefined;
  let last: string | undefined;
  for (const m of tally.months.keys()) {
    if (first === undefined || m < first) first = m;
    if (last === undefined || m > last) last = m;
  }
  const months = first !== undefined ? monthRange(first, last!) : [];
  const none = () => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const stats = (which: 'detect' | 'resolve') =>
    months.map((month) => {
      const values = tally.months.get(month)?.[which].values ?? [];
      return { month, n: values.length, ...sortedStats(values) };
    });
  const verifiedEffective = ACTION_KINDS.map((kind) => {
    const { actions, effective } = tally.actions.get(kind)!;
    return { kind, actions, effective, share: actions ? effective / actions : 0 };
  });
  return {
    casesPerMonth: months.map((month) => {
      const m = tally.months.get(month);
      return { month, total: m?.total ?? 0, bySeverity: m ? { ...m.bySeverity } : none() };
    }),
    timeToDetect: stats('detect'),
    timeToResolve: stats('resolve'),
    verifiedEffective,
    overdue,
  };
}

// ---------------------------------------------------------------------------------------------
// Journey

const TOP = 3;

function top(counts: Map<string, number>, label?: (key: string) => string): JourneyCell['topThemes'] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP)
    .map(([key, count]) => ({ key, ...(label ? { label: label(key) } : {}), count }));
}

/** One cell per fixed touchpoint, then the organisation's own touchpoints in use (most cases
 *  first). A case is at a touchpoint when it is its own or that of one of its root causes. */
export function journey(model: Model, language: Language, emotions: ReadonlyMap<string, number>, extraOwn: readonly string[] = []): { cells: JourneyCell[]; ownTouchpoints: string[] } {
  return journeyOf(tallyOf(model), language, emotions, extraOwn);
}

export function journeyOf(tally: Tally, language: Language, emotions: ReadonlyMap<string, number>, extraOwn: readonly string[] = []): { cells: JourneyCell[]; ownTouchpoints: string[] } {
  const at = tally.touchpoints;
  const own = [...at.keys()].filter((t) => !isFixedTouchpoint(t)).sort((a, b) => at.get(b)!.cases - at.get(a)!.cases || a.localeCompare(b) || (a < b ? -1 : a > b ? 1 : 0));
  for (const t of extraOwn) if (!isFixedTouchpoint(t) && !own.includes(t)) own.push(t);
  const order = [...TOUCHPOINTS, ...own];
  let hottest = 0;
  for (const tp of at.values()) if (tp.weight > hottest) hottest = tp.weight;
  const cells = order.map((touchpoint) => {
    const tp = at.get(touchpoint);
    let worst: Severity | null = null;
    if (tp) for (const s of SEVERITIES) if (tp.severities.has(s) && (worst === null || SEVERITY_WEIGHT[s] > SEVERITY_WEIGHT[worst])) worst = s;
    return {
      touchpoint,
      cases: tp?.cases ?? 0,
      heat: { score: hottest && tp ? tp.weight / hottest : 0, worst },
      topThemes: top(tp?.themes ?? new Map(), (k) => themeLabel(k as CauseTheme, language)),
      topServqual: top(tp?.servqual ?? new Map()),
      emotion: emotions.get(touchpoint) ?? null,
    };
  });
  return { cells, ownTouchpoints: own };
}

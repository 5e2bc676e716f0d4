import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CasePatch } from '../../shared/domain/case';
import { defaultCauseFields, type Cause, type Category } from '../../shared/domain/fishbone';
import type { Insights } from '../../shared/domain/insights';
import { defaultActionFields, type RootCauseRef } from '../../shared/domain/plan';
import { defaultWhyFields } from '../../shared/domain/whys';
import { frequencyLabels, medianP90, monthRange, pareto } from '../../electron/backend/insights/figures';
import { readCaseDocuments, storeDocument, withNewIds } from '../../electron/backend/case-file';
import { CHANGE_LOG_KEEP, compactChangeLog } from '../../electron/backend/insights/change-log';
import { InsightsService } from '../../electron/backend/insights/service';
import { MIGRATIONS, type Migration } from '../../electron/backend/migrations';
import { KanoChartService } from '../../electron/backend/kano-chart';
import { dumpDatabase, manualClock, useBackend, withConnection, type Backend } from '../support/backend';

/** The insights figures on a constructed library, through the API, with exact expected values. */

const { start } = useBackend();

interface Root {
  text: string;
  servqual?: Cause['servqual'];
  touchpoint?: string | null;
  status?: Cause['status'];
}

function cause(root: Root): Cause {
  return { ...defaultCauseFields(root.text), id: randomUUID(), isRootCause: true, status: root.status ?? 'confirmed', servqual: root.servqual ?? null, touchpoint: root.touchpoint ?? null, children: [] };
}

function category(label: string, templateKey: string | null, roots: Root[]): Category {
  // A cause that is not a root cause beside them: it must not count.
  return { id: randomUUID(), label, templateKey, causes: [...roots.map(cause), { ...defaultCauseFields('Just a contributing factor'), id: randomUUID(), children: [] }] };
}

function newCase(b: Backend, patch: CasePatch, categories: Category[], template: string | null = '5m1e'): { id: string; causes: Cause[] } {
  const created = b.ok('cases:create', { language: 'en', title: patch.title ?? 'Case' });
  const revision = b.ok('cases:update', { id: created.case.id, revision: created.case.revision, patch }).revision;
  b.ok('fishbone:apply', { caseId: created.case.id, revision, command: { type: 'replace', fishbone: { effect: null, template, orientation: 'head_right', categories } } });
  return { id: created.case.id, causes: categories.flatMap((c) => c.causes.filter((x) => x.isRootCause)) };
}

function addAction(b: Backend, caseId: string, fields: Partial<ReturnType<typeof defaultActionFields>>, refs: RootCauseRef[], checks: { result: 'effective' | 'partly' | 'not_effective'; checkedAt: string }[] = []) {
  const id = randomUUID();
  b.ok('plan:apply', {
    caseId,
    command: {
      type: 'addAction',
      index: 0,
      action: { ...defaultActionFields(fields.title ?? 'Fix it'), ...fields, rootCauses: refs, id, progress: [], checks: checks.map((c) => ({ id: randomUUID(), evidence: '', checkedBy: '', ...c })) },
    },
  });
  return id;
}

const fb = (c: Cause): RootCauseRef => ({ source: 'fishbone', id: c.id });

/** Four live cases and one in the trash:
 *  A 2026-01-10 high, 客服中心, delivery: people "Pickers were moved without training" (assurance,
 *    at delivery), method "No script for delays" (responsiveness); a corrective action on the first,
 *    verified effective on 2026-01-20.
 *  B 2026-02-05 critical, Logistics: the same root cause again under 4P's people (punctuation and
 *    case differ), and 沟通 (a category of the team's own) "客服没有及时告知客户" (empathy).
 *  C 2026-02-20 low, 客服中心, own touchpoint 小程序预约: "Staff" (own category) with the pickers
 *    again, and a 5-Whys analysis about the problem with one root cause (theme other).
 *  D 2026-03-15 medium, Logistics, delivery: machine "Stock not synced after the rollback"
 *    (reliability) with a 5-Whys analysis about it whose one root is the same root cause; a root
 *    cause ruled out (does not count); an open preventive action due 2026-03-20 (overdue).
 *  E in the trash. */
function library(): { b: Backend; ids: Record<'A' | 'B' | 'C' | 'D', string>; people: Cause } {
  const clock = manualClock('2026-04-01T00:00:00.000Z');
  const b = start({ now: clock.now });
  const a = newCase(
    b,
    { title: 'A late deliveries', occurredAt: '2026-01-10T08:00:00.000Z', detectedAt: '2026-01-10T10:00:00.000Z', resolvedAt: '2026-01-11T08:00:00.000Z', severity: 'high', department: '客服中心', scenarioType: 'cross_department', motFailure: 'service_delay', touchpoint: 'delivery', tags: ['peak'] },
    [category('People', 'people', [{ text: 'Pickers were moved without training', servqual: 'assurance', touchpoint: 'delivery' }]), category('Method', 'method', [{ text: 'No script for delays', servqual: 'responsiveness' }])],
  );
  addAction(b, a.id, { title: 'Train pickers', kind: 'corrective', status: 'verified' }, [fb(a.causes[0]!)], [{ result: 'effective', checkedAt: '2026-01-20T00:00:00.000Z' }]);
  const bCase = newCase(
    b,
    { title: 'B parcels lost', occurredAt: '2026-02-05T08:00:00.000Z', detectedAt: '2026-02-05T12:00:00.000Z', resolvedAt: '2026-02-07T08:00:00.000Z', severity: 'critical', department: 'Logistics', scenarioType: 'cross_department', motFailure: 'service_delay', touchpoint: 'after_sales_resolution' },
    [category('People', 'people', [{ text: 'pickers were moved, without training!' }]), category('沟通', null, [{ text: '客服没有及时告知客户', servqual: 'empathy' }])],
    '4p',
  );
  const c = newCase(
    b,
    { title: 'C booking failed', occurredAt: '2026-02-20T08:00:00.000Z', severity: 'low', department: '客服中心', scenarioType: 'emergency', motFailure: 'staff_attitude', touchpoint: '小程序预约', tags: ['peak', 'vip'] },
    [category('Staff', null, [{ text: 'Pickers were moved without training.' }])],
    null,
  );
  const why = { ...defaultWhyFields('No staffing plan for the peak'), id: randomUUID(), isRootCause: true, status: 'verified' as const, stopReason: 'controllable' as const, children: [] };
  b.ok('whys:apply', { caseId: c.id, command: { type: 'addAnalysis', index: 0, analysis: { id: randomUUID(), startCauseId: null, question: '', direction: 'LR', whys: [{ ...defaultWhyFields('Too few pickers'), id: randomUUID(), children: [why] }] } } });
  const d = newCase(
    b,
    { title: 'D wrong stock shown', occurredAt: '2026-03-15T08:00:00.000Z', detectedAt: '2026-03-15T09:00:00.000Z', severity: 'medium', department: 'Logistics', scenarioType: 'other', motFailure: 'product_quality', touchpoint: 'delivery' },
    [category('Machine', 'machine', [{ text: 'Stock not synced after the rollback', servqual: 'reliability' }]), category('Environment', 'environment', [{ text: 'Weather', status: 'ruled_out' }])],
  );
  const dWhy = { ...defaultWhyFields('Release checklist skipped the stock sync'), id: randomUUID(), isRootCause: true, status: 'verified' as const, stopReason: 'controllable' as const, children: [] };
  b.ok('whys:apply', { caseId: d.id, command: { type: 'addAnalysis', index: 0, analysis: { id: randomUUID(), startCauseId: d.causes[0]!.id, question: '', direction: 'LR', whys: [dWhy] } } });
  addAction(b, d.id, { title: 'Add stock sync to the checklist', kind: 'preventive', status: 'in_progress', dueAt: '2026-03-20T00:00:00.000Z', owner: 'Li Wei' }, [{ source: 'whys', id: dWhy.id }]);
  const e = newCase(b, { title: 'E trashed', occurredAt: '2026-01-15T08:00:00.000Z', severity: 'critical', department: 'Logistics', touchpoint: 'delivery' }, [category('People', 'people', [{ text: 'Pickers were moved without training' }])]);
  b.ok('cases:trash', { id: e.id });
  return { b, ids: { A: a.id, B: bCase.id, C: c.id, D: d.id }, people: a.causes[0]! };
}

const bars = (p: Insights['pareto'][keyof Insights['pareto']]) => p.bars.map((x) => [x.key, x.count]);

describe('insights figures on a constructed library', () => {
  it('counts exact Pareto bars per dimension, with shares, the running share and the 80% cut', () => {
    const { b } = library();
    const insights = b.ok('insights:get', { language: 'en' });
    expect(insights.totals).toEqual({ cases: 4, rootCauses: 7, actions: 2, from: '2026-01-10T08:00:00.000Z', to: '2026-03-15T08:00:00.000Z' });
    // Theme: A people + method, B people (4P) + communication (沟通 by keyword), C people (Staff)
    // + other (a why about the problem), D machine (its why is the same root cause, Weather ruled out).
    expect(bars(insights.pareto.theme)).toEqual([['people', 3], ['communication', 1], ['machine', 1], ['method', 1], ['other', 1]]);
    expect(insights.pareto.theme.bars[0]).toEqual({ key: 'people', label: 'People', count: 3, share: 3 / 7, cumulativeShare: 3 / 7 });
    expect(insights.pareto.theme.bars.map((x) => x.cumulativeShare)).toEqual([3 / 7, 4 / 7, 5 / 7, 6 / 7, 1]);
    expect(insights.pareto.theme).toMatchObject({ unit: 'rootCauses', total: 7, cut: 4 });
    expect(bars(insights.pareto.servqual)).toEqual([['assurance', 1], ['empathy', 1], ['reliability', 1], ['responsiveness', 1]]);
    expect(insights.pareto.servqual).toMatchObject({ total: 4, cut: 4 });
    expect(bars(insights.pareto.motFailure)).toEqual([['service_delay', 2], ['product_quality', 1], ['staff_attitude', 1]]);
    expect(insights.pareto.motFailure).toMatchObject({ unit: 'cases', total: 4, cut: 3 });
    expect(bars(insights.pareto.scenarioType)).toEqual([['cross_department', 2], ['emergency', 1], ['other', 1]]);
    expect(bars(insights.pareto.department)).toEqual([['Logistics', 2], ['客服中心', 2]]);
    expect(insights.pareto.department.cut).toBe(2);
    // Labels that are data come in the query's language.
    expect(b.ok('insights:get', { language: 'zh-CN' }).pareto.theme.bars.map((x) => x.label)).toEqual(['人员', '沟通', '设备与系统', '方法', '其他']);
  });

  it('finds a root cause that came back after its fix was verified effective', () => {
    const { b, ids, people } = library();
    const { recurrence } = b.ok('insights:get', { language: 'en' });
    expect(recurrence.themes).toHaveLength(1);
    const [theme] = recurrence.themes;
    expect(theme).toMatchObject({ id: `fishbone:${people.id}`, theme: 'people', themeLabel: 'People', text: 'Pickers were moved without training', heldNot: true, labels: ['frequent'] });
    expect(theme!.caseCount).toBe(3);
    expect(theme!.cases.map((c) => c.id)).toEqual([ids.C, ids.B, ids.A]);
    expect(theme!.verifiedIn).toEqual({ case: { id: ids.A, title: 'A late deliveries', occurredAt: '2026-01-10T08:00:00.000Z' }, checkedAt: '2026-01-20T00:00:00.000Z' });
    expect(theme!.recurredIn!.id).toBe(ids.B);
    expect(recurrence.frequencies.map((f) => [f.theme, f.cases, f.labels])).toEqual([
      ['people', 3, ['frequent']],
      ['machine', 1, ['frequent']],
      ['method', 1, ['frequent']],
      ['communication', 1, ['frequent']],
      ['other', 1, ['frequent']],
    ]);
  });

  it('does not flag a recurrence whose fix was verified after it came back', () => {
    const clock = manualClock('2026-04-01T00:00:00.000Z');
    const b = start({ now: clock.now });
    const x = newCase(b, { title: 'X', occurredAt: '2026-01-10T08:00:00.000Z' }, [category('People', 'people', [{ text: 'Pickers were moved without training' }])]);
    newCase(b, { title: 'Y', occurredAt: '2026-02-10T08:00:00.000Z' }, [category('People', 'people', [{ text: 'Pickers were moved without training' }])]);
    addAction(b, x.id, { status: 'verified' }, [fb(x.causes[0]!)], [{ result: 'effective', checkedAt: '2026-03-01T00:00:00.000Z' }]);
    const [theme] = b.ok('insights:get', { language: 'en' }).recurrence.themes;
    expect(theme).toMatchObject({ heldNot: false, verifiedIn: null, recurredIn: null });
    // A different theme with the same words is not the same root cause.
    newCase(b, { title: 'Z', occurredAt: '2026-02-11T08:00:00.000Z' }, [category('Machine', 'machine', [{ text: 'Pickers were moved without training' }])]);
    expect(b.ok('insights:get', { language: 'en' }).recurrence.themes[0]!.cases.map((c) => c.title)).toEqual(['Y', 'X']);
  });

  it('labels themes new in the period against the window before it', () => {
    const { b, ids } = library();
    // Feb 1 - Mar 31: the window before is Dec 3 - Jan 31 and holds case A (people, method).
    const insights = b.ok('insights:get', { language: 'en', from: '2026-02-01T00:00:00.000Z', to: '2026-03-31T23:59:59.999Z' });
    expect(insights.totals.cases).toBe(3);
    expect(insights.recurrence.frequencies.map((f) => [f.theme, f.cases, f.labels])).toEqual([
      ['people', 2, ['frequent']],
      ['machine', 1, ['frequent', 'new']],
      ['communication', 1, ['frequent', 'new']],
      ['other', 1, ['frequent', 'new']],
    ]);
    // The pickers came back in B and C; seen before the period, so not new. The fix verified in A
    // (before the period) did not hold: they came back in B, in the period.
    expect(insights.recurrence.themes.map((t) => [t.cases.map((c) => c.id), t.labels, t.heldNot])).toEqual([[[ids.C, ids.B], ['frequent'], true]]);
  });

  it('counts a fix verified effective before the period that did not hold in it', () => {
    const { b, ids } = library();
    const period = { language: 'en', from: '2026-02-01T00:00:00.000Z', to: '2026-03-31T23:59:59.999Z' } as const;
    const [theme] = b.ok('insights:get', period).recurrence.themes;
    // A (January, outside the period) verified the fix on January 20; B (February 5) brought it back.
    expect(theme).toMatchObject({
      caseCount: 2,
      heldNot: true,
      verifiedIn: { case: { id: ids.A, title: 'A late deliveries', occurredAt: '2026-01-10T08:00:00.000Z' }, checkedAt: '2026-01-20T00:00:00.000Z' },
      recurredIn: { id: ids.B },
    });
    // Still only the period's cases are counted and named.
    expect(theme!.cases.map((c) => c.id)).toEqual([ids.C, ids.B]);
    // The other filters still apply to the cases before the period: A is not in Logistics.
    expect(b.ok('insights:get', { ...period, department: 'Logistics' }).recurrence.themes).toEqual([]);
    expect(b.ok('insights:get', { ...period, tag: 'peak' }).recurrence.themes).toEqual([]);
  });

  it('names only the newest cases of a recurring theme, with the count of all; the drill lists every one', () => {
    const b = start();
    const ids = Array.from({ length: 5 }, (_, i) =>
      newCase(b, { title: `Case ${i}`, occurredAt: `2026-0${i + 1}-10T08:00:00.000Z` }, [category('People', 'people', [{ text: 'Pickers were moved without training' }])]).id,
    );
    const [theme] = b.ok('insights:get', { language: 'en' }).recurrence.themes;
    expect(theme!.caseCount).toBe(5);
    expect(theme!.cases.map((c) => c.id)).toEqual([ids[4], ids[3], ids[2]]);
    const drill = b.ok('insights:drill', { language: 'en', dimension: 'recurrence', key: theme!.id });
    expect(drill.total).toBe(5);
    expect(drill.cases.map((c) => c.id)).toEqual([...ids].reverse());
  });

  it('gives monthly trends: cases by severity, median and p90 times, verified share, overdue actions', () => {
    const { b, ids } = library();
    const { trends } = b.ok('insights:get', { language: 'en' });
    expect(trends.casesPerMonth).toEqual([
      { month: '2026-01', total: 1, bySeverity: { low: 0, medium: 0, high: 1, critical: 0 } },
      { month: '2026-02', total: 2, bySeverity: { low: 1, medium: 0, high: 0, critical: 1 } },
      { month: '2026-03', total: 1, bySeverity: { low: 0, medium: 1, high: 0, critical: 0 } },
    ]);
    expect(trends.timeToDetect).toEqual([
      { month: '2026-01', n: 1, median: 2, p90: 2 },
      { month: '2026-02', n: 1, median: 4, p90: 4 },
      { month: '2026-03', n: 1, median: 1, p90: 1 },
    ]);
    expect(trends.timeToResolve).toEqual([
      { month: '2026-01', n: 1, median: 24, p90: 24 },
      { month: '2026-02', n: 1, median: 48, p90: 48 },
      { month: '2026-03', n: 0, median: null, p90: null },
    ]);
    expect(trends.verifiedEffective).toEqual([
      { kind: 'containment', actions: 0, effective: 0, share: 0 },
      { kind: 'corrective', actions: 1, effective: 1, share: 1 },
      { kind: 'preventive', actions: 1, effective: 0, share: 0 },
      { kind: 'improvement', actions: 0, effective: 0, share: 0 },
    ]);
    expect(trends.overdue.count).toBe(1);
    expect(trends.overdue.top[0]).toMatchObject({ title: 'Add stock sync to the checklist', owner: 'Li Wei', kind: 'preventive', daysOverdue: 12, case: { id: ids.D } });
  });

  it('fills the journey cells: cases, severity heat, top themes and SERVQUAL, emotion', () => {
    const { b } = library();
    expect(b.ok('insights:setEmotion', { touchpoint: 'delivery', score: -2 })).toEqual({ journey: null, touchpoint: 'delivery', score: -2 });
    b.ok('insights:setEmotion', { journey: 'retail', touchpoint: 'retail_checkout', score: 1 });
    const { journey } = b.ok('insights:get', { language: 'en' });
    const cell = (t: string) => journey.cells.find((c) => c.touchpoint === t)!;
    expect(journey.ownTouchpoints).toEqual(['小程序预约']);
    expect(journey.cells.map((c) => c.touchpoint).slice(-2)).toEqual(['other', '小程序预约']);
    // delivery: A (its own and its root cause's) and D: high 3 + medium 2 = 5, the hottest.
    expect(cell('delivery')).toEqual({
      touchpoint: 'delivery',
      cases: 2,
      heat: { score: 1, worst: 'high' },
      topThemes: [{ key: 'machine', label: 'Machines and systems', count: 1 }, { key: 'method', label: 'Method', count: 1 }, { key: 'people', label: 'People', count: 1 }],
      topServqual: [{ key: 'assurance', count: 1 }, { key: 'reliability', count: 1 }, { key: 'responsiveness', count: 1 }],
      emotion: -2,
    });
    expect(cell('after_sales_resolution')).toMatchObject({ cases: 1, heat: { score: 0.8, worst: 'critical' }, emotion: null });
    expect(cell('小程序预约')).toMatchObject({ cases: 1, heat: { score: 0.2, worst: 'low' } });
    expect(cell('inquiry')).toMatchObject({ cases: 0, heat: { score: 0, worst: null }, topThemes: [] });
    expect(journey.emotions).toEqual([{ journey: 'retail', touchpoint: 'retail_checkout', score: 1 }]);
    // Cleared with null.
    b.ok('insights:setEmotion', { touchpoint: 'delivery', score: null });
    expect(b.ok('insights:get', { language: 'en' }).journey.cells.find((c) => c.touchpoint === 'delivery')!.emotion).toBeNull();
  });

  it('drills into the cases behind a bar, a month segment, a cell and a recurring theme', () => {
    const { b, ids, people } = library();
    const drill = (dimension: string, key: string, extra: object = {}) => b.ok('insights:drill', { language: 'en', dimension: dimension as 'theme', key, ...extra });
    expect(drill('theme', 'people').cases.map((c) => c.id)).toEqual([ids.C, ids.B, ids.A]);
    expect(drill('servqual', 'empathy').cases.map((c) => c.id)).toEqual([ids.B]);
    expect(drill('motFailure', 'service_delay').cases.map((c) => c.id)).toEqual([ids.B, ids.A]);
    expect(drill('department', 'Logistics').cases.map((c) => c.id)).toEqual([ids.D, ids.B]);
    expect(drill('month', '2026-02', { severity: 'critical' }).cases.map((c) => c.id)).toEqual([ids.B]);
    expect(drill('touchpoint', 'delivery').cases.map((c) => c.id)).toEqual([ids.D, ids.A]);
    expect(drill('recurrence', `fishbone:${people.id}`).cases.map((c) => c.id)).toEqual([ids.C, ids.B, ids.A]);
    const page = drill('theme', 'people', { limit: 1, offset: 1 });
    expect(page).toEqual({ total: 3, cases: [{ id: ids.B, title: 'B parcels lost', severity: 'critical', step: 'identify', occurredAt: '2026-02-05T08:00:00.000Z', department: 'Logistics', scenarioType: 'cross_department', motFailure: 'service_delay' }] });
    expect(drill('theme', 'authority')).toEqual({ total: 0, cases: [] });
  });

  it('applies the shared filters as search does', () => {
    const { b, ids } = library();
    expect(b.ok('insights:get', { language: 'en', severity: 'critical' }).totals.cases).toBe(1);
    const tagged = b.ok('insights:get', { language: 'en', tag: 'VIP' });
    expect(tagged.totals).toMatchObject({ cases: 1, rootCauses: 2 });
    expect(bars(tagged.pareto.theme)).toEqual([['other', 1], ['people', 1]]);
    expect(b.ok('insights:get', { language: 'en', department: 'logistics' }).pareto.department.bars).toEqual([{ key: 'Logistics', count: 2, share: 1, cumulativeShare: 1 }]);
    expect(b.ok('insights:get', { language: 'en', touchpoint: '小程序预约' }).totals.cases).toBe(1);
    expect(b.ok('insights:drill', { language: 'en', tag: 'peak', dimension: 'theme', key: 'people' }).cases.map((c) => c.id)).toEqual([ids.C, ids.A]);
    const none = b.ok('insights:get', { language: 'en', from: '2030-01-01T00:00:00.000Z' });
    expect(none.totals).toMatchObject({ cases: 0, rootCauses: 0 });
    expect(none.pareto.theme).toEqual({ dimension: 'theme', unit: 'rootCauses', total: 0, bars: [], cut: 0 });
    expect(none.trends.casesPerMonth).toEqual([]);
  });

  it('answers from the current data after an edit here or a write by another connection', () => {
    const { b, ids } = library();
    expect(b.ok('insights:get', { language: 'en' }).totals.rootCauses).toBe(7);
    expect(b.ok('insights:drill', { language: 'en', dimension: 'theme', key: 'product' }).total).toBe(0);
    // An edit through the API: a new root cause in D.
    newCase(b, { title: 'F', occurredAt: '2026-03-20T08:00:00.000Z' }, [category('Product', 'product', [{ text: 'Wrong label on the box' }])]);
    expect(b.ok('insights:get', { language: 'en' }).totals.rootCauses).toBe(8);
    expect(b.ok('insights:drill', { language: 'en', dimension: 'theme', key: 'product' }).total).toBe(1);
    // Another program (the command line) writes to the same file.
    withConnection(b.path, (db) => db.prepare("UPDATE causes SET is_root_cause = 0 WHERE case_id = ? AND text = 'No script for delays'").run(ids.A));
    expect(b.ok('insights:get', { language: 'en' }).totals.rootCauses).toBe(7);
  });

  it('after edits through the API reads only the edited cases again, and answers exactly as a fresh read', () => {
    const { b, ids } = library();
    const queries = [{ language: 'en' }, { language: 'en', from: '2026-02-01T00:00:00.000Z', to: '2026-03-31T23:59:59.999Z' }, { language: 'zh-CN', department: 'Logistics' }] as const;
    // A fresh service on its own connection: nothing cached, every case read.
    const fresh = (q: (typeof queries)[number]) => withConnection(b.path, (db) => new InsightsService(db, manualClock('2026-04-01T00:00:00.000Z').now).get(q));
    const same = (q: (typeof queries)[number]) => {
      const here = b.ok('insights:get', q);
      const there = fresh(q);
      expect(here).toEqual(there);
      return here;
    };
    for (const q of queries) same(q);
    // B's pickers root cause is no longer a root cause: the theme recurs in A and C only.
    const { case: bCase } = b.ok('cases:get', { id: ids.B });
    const fishbone = b.ok('fishbone:get', { caseId: ids.B }).fishbone;
    const categories = fishbone.categories.map((c) => ({ ...c, causes: c.causes.map((x) => (x.text.startsWith('pickers') ? { ...x, isRootCause: false } : x)) }));
    b.ok('fishbone:apply', { caseId: ids.B, revision: bCase.revision, command: { type: 'replace', fishbone: { ...fishbone, categories } } });
    // C gets an action verified effective; D changes department.
    addAction(b, ids.C, { title: 'Script the call', kind: 'preventive', status: 'verified' }, [], [{ result: 'effective', checkedAt: '2026-03-01T00:00:00.000Z' }]);
    const { case: d } = b.ok('cases:get', { id: ids.D });
    b.ok('cases:update', { id: ids.D, revision: d.revision, patch: { department: '客服中心' } });
    const after = queries.map(same);
    expect(after[0]!.totals.rootCauses).toBe(6);
    expect(after[0]!.recurrence.themes.map((t) => [t.caseCount, t.cases.map((c) => c.id)])).toEqual([[2, [ids.C, ids.A]]]);
    expect(after[0]!.trends.verifiedEffective.find((v) => v.kind === 'preventive')).toMatchObject({ effective: 1 });
    expect(after[2]!.totals.cases).toBe(1);
  });

  it('follows cases deleted, trashed and added by another connection, without reading every case again', () => {
    const { b, ids } = library();
    const fresh = (q: object) => withConnection(b.path, (db) => new InsightsService(db, manualClock('2026-04-01T00:00:00.000Z').now).get(q as never));
    expect(b.ok('insights:get', { language: 'en' }).totals).toMatchObject({ cases: 4, rootCauses: 7 });
    b.ok('insights:get', { language: 'en', department: 'Logistics' });
    // Another program deletes B (its root causes go with it) and trashes C, past the repositories.
    withConnection(b.path, (db) => {
      db.prepare('DELETE FROM cases WHERE id = ?').run(ids.B);
      db.prepare("UPDATE cases SET deleted_at = '2026-03-31T00:00:00.000Z' WHERE id = ?").run(ids.C);
    });
    const after = b.ok('insights:get', { language: 'en' });
    expect(after.totals).toMatchObject({ cases: 2, rootCauses: 3 });
    expect(after.recurrence.themes).toEqual([]);
    expect(after).toEqual(fresh({ language: 'en' }));
    expect(b.ok('insights:get', { language: 'en', department: 'Logistics' }).totals.cases).toBe(1);
    expect(b.ok('insights:drill', { language: 'en', dimension: 'theme', key: 'people' }).cases.map((c) => c.id)).toEqual([ids.A]);
    // And adds a case with a root cause of its own, written row by row.
    const id = randomUUID();
    const categoryId = randomUUID();
    withConnection(b.path, (db) => {
      const at = '2026-03-25T08:00:00.000Z';
      db.prepare("INSERT INTO cases (id, title, severity, department, occurred_at, created_at, updated_at) VALUES (?, 'G added elsewhere', 'critical', 'Logistics', ?, ?, ?)").run(id, at, at, at);
      db.prepare("INSERT INTO fishbone_categories (id, case_id, position, label, template_key, created_at, updated_at) VALUES (?, ?, 0, 'People', 'people', ?, ?)").run(categoryId, id, at, at);
      db.prepare("INSERT INTO causes (id, case_id, category_id, position, text, status, is_root_cause, created_at, updated_at) VALUES (?, ?, ?, 0, 'Pickers were moved without training', 'confirmed', 1, ?, ?)").run(randomUUID(), id, categoryId, at, at);
    });
    const added = b.ok('insights:get', { language: 'en' });
    expect(added.totals).toMatchObject({ cases: 3, rootCauses: 4 });
    expect(added.recurrence.themes.map((t) => [t.caseCount, t.cases.map((c) => c.id), t.heldNot])).toEqual([[2, [id, ids.A], true]]);
    expect(added).toEqual(fresh({ language: 'en' }));
    expect(b.ok('insights:get', { language: 'en', department: 'Logistics' }).totals.cases).toBe(2);
    // Only the changed cases were read again: the log holds them, newest last.
    const changed = withConnection(b.path, (db) => db.prepare('SELECT case_id FROM case_change_log GROUP BY case_id ORDER BY max(seq) DESC LIMIT 3').pluck().all());
    expect(new Set(changed)).toEqual(new Set([id, ids.C, ids.B]));
  });

  it('reads every case again when the log rows after what it saw were dropped, and answers as a fresh read', () => {
    const { b, ids } = library();
    const fresh = () => withConnection(b.path, (db) => new InsightsService(db, manualClock('2026-04-01T00:00:00.000Z').now).get({ language: 'en' }));
    expect(b.ok('insights:get', { language: 'en' }).totals).toMatchObject({ cases: 4, rootCauses: 7 });
    // Another connection changes A, then trims the log to its newest row: the rows naming A are gone.
    const dropped = withConnection(b.path, (db) => {
      db.prepare("UPDATE causes SET is_root_cause = 0 WHERE case_id = ? AND text = 'No script for delays'").run(ids.A);
      db.prepare("UPDATE cases SET department = 'Logistics' WHERE id = ?").run(ids.C);
      const before = db.prepare('SELECT max(seq) FROM case_change_log').pluck().get() as number;
      const n = compactChangeLog(db, 1);
      // The newest row stays, so the next one follows it.
      expect(db.prepare('SELECT seq FROM case_change_log').pluck().all()).toEqual([before]);
      db.prepare("UPDATE cases SET department = '客服中心' WHERE id = ?").run(ids.D);
      expect(db.prepare('SELECT seq FROM case_change_log ORDER BY seq').pluck().all()).toEqual([before, before + 1]);
      return n;
    });
    expect(dropped).toBeGreaterThan(0);
    const after = b.ok('insights:get', { language: 'en' });
    expect(after.totals).toMatchObject({ cases: 4, rootCauses: 6 });
    expect(after).toEqual(fresh());
    expect(b.ok('insights:get', { language: 'en', department: 'Logistics' }).totals.cases).toBe(2);
  });

  it('an import logs each case it wrote once, with the triggers back as they were, and a failed one changes nothing', () => {
    const { b, ids } = library();
    const triggers = () => withConnection(b.path, (db) => db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).all());
    const log = () => withConnection(b.path, (db) => db.prepare('SELECT case_id FROM case_change_log ORDER BY seq').pluck().all() as string[]);
    const before = triggers();
    expect(before.filter((t) => (t as { name: string }).name.includes('_logged_'))).toHaveLength(36);
    expect(b.ok('insights:get', { language: 'en' }).totals).toMatchObject({ cases: 4, rootCauses: 7 });
    const logged = log();
    // Two copies of A (its root causes with it) and B stored over itself, in one bulk write.
    const [docA, docB] = readCaseDocuments(b.library, [ids.A, ids.B]);
    const copies = [withNewIds(docA!, new Map()), withNewIds(docA!, new Map())];
    b.library.bulkTransaction((queue) => {
      for (const doc of [...copies, docB!]) {
        storeDocument(b.library, doc);
        queue(doc.case.id);
      }
    });
    expect(triggers()).toEqual(before);
    expect(log().slice(logged.length)).toEqual([...copies.map((c) => c.case.id), ids.B]);
    const fresh = withConnection(b.path, (db) => new InsightsService(db, manualClock('2026-04-01T00:00:00.000Z').now).get({ language: 'en' }));
    const after = b.ok('insights:get', { language: 'en' });
    expect(after.totals).toMatchObject({ cases: 6, rootCauses: 11 });
    expect(after).toEqual(fresh);
    // A raw write after it is still seen: the triggers work again.
    withConnection(b.path, (db) => db.prepare("UPDATE causes SET is_root_cause = 0 WHERE case_id = ? AND text = 'No script for delays'").run(copies[0]!.case.id));
    expect(b.ok('insights:get', { language: 'en' }).totals.rootCauses).toBe(10);
    // A bulk write that fails leaves the triggers, the log and the cases as they were.
    const dump = dumpDatabase(b.path);
    expect(() =>
      b.library.bulkTransaction(() => {
        storeDocument(b.library, withNewIds(docA!, new Map()));
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(triggers()).toEqual(before);
    expect(dumpDatabase(b.path)).toEqual(dump);
    expect(log().length).toBe(logged.length + 3 + 1);
  });

  it('a library written at schema 11 (one row per case in case_changes) upgrades to the log and keeps answering', () => {
    const shipped = [...MIGRATIONS];
    let path: string;
    let ids: Record<'A' | 'B' | 'C' | 'D', string>;
    try {
      (MIGRATIONS as Migration[]).length = shipped.filter((m) => m.version <= 11).length;
      const built = library();
      ids = built.ids;
      path = built.b.path;
      expect(withConnection(path, (db) => db.prepare('SELECT count(*) FROM case_changes').pluck().get())).toBe(5);
      built.b.library.close();
    } finally {
      (MIGRATIONS as Migration[]).splice(0, MIGRATIONS.length, ...shipped);
    }
    const b = start({ path, now: manualClock('2026-04-01T00:00:00.000Z').now });
    const schema = withConnection(path, (db) => db.prepare(`SELECT type, name FROM sqlite_master WHERE name LIKE 'case_change%' OR name GLOB '*_changed_*' OR name GLOB '*_logged_*'`).all() as { type: string; name: string }[]);
    expect(schema.filter((o) => o.type === 'trigger' && o.name.includes('_changed_'))).toEqual([]);
    expect(schema.filter((o) => o.type === 'trigger' && o.name.includes('_logged_'))).toHaveLength(36);
    expect(schema.filter((o) => o.type === 'table').map((o) => o.name)).toEqual(['case_change_log']);
    expect(b.ok('insights:get', { language: 'en' }).totals).toMatchObject({ cases: 4, rootCauses: 7 });
    withConnection(path, (db) => db.prepare("UPDATE causes SET is_root_cause = 0 WHERE case_id = ? AND text = 'No script for delays'").run(ids.A));
    expect(b.ok('insights:get', { language: 'en' }).totals.rootCauses).toBe(6);
  });

  it('keeps the newest rows of the log when a library is opened and after an import', () => {
    const { b } = library();
    const extra = CHANGE_LOG_KEEP + 5000;
    const top = withConnection(b.path, (db) => {
      db.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) INSERT INTO case_change_log (case_id) SELECT 'gone' FROM n`).run(extra);
      return db.prepare('SELECT max(seq) FROM case_change_log').pluck().get() as number;
    });
    const kept = () => withConnection(b.path, (db) => db.prepare('SELECT count(*), min(seq), max(seq) FROM case_change_log').raw().get());
    b.library.open(b.path);
    expect(kept()).toEqual([CHANGE_LOG_KEEP, top - CHANGE_LOG_KEEP + 1, top]);
    expect(b.ok('insights:get', { language: 'en' }).totals).toMatchObject({ cases: 4, rootCauses: 7 });
    // An import (a bulk write) trims it in its own transaction.
    withConnection(b.path, (db) => db.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) INSERT INTO case_change_log (case_id) SELECT 'gone' FROM n`).run());
    b.library.bulkTransaction(() => null);
    expect(kept()).toEqual([CHANGE_LOG_KEEP, top - CHANGE_LOG_KEEP + 11, top + 10]);
  });

  it('after many kinds of edits, here and by another connection, answers exactly as a fresh read (insights and KANO)', () => {
    const { b, ids } = library();
    const queries = [
      { language: 'en' },
      { language: 'zh-CN', from: '2026-02-01T00:00:00.000Z', to: '2026-03-31T23:59:59.999Z' },
      { language: 'en', from: '2026-02-15T00:00:00.000Z' },
      { language: 'en', department: 'Logistics' },
      { language: 'en', tag: 'peak' },
    ] as const;
    const clock = manualClock('2026-04-01T00:00:00.000Z');
    const check = (step: string) => {
      for (const q of queries) {
        const here = b.ok('insights:get', q);
        const there = withConnection(b.path, (db) => new InsightsService(db, clock.now).get(q));
        expect(here, `${step}: ${JSON.stringify(q)}`).toEqual(there);
        const { language: _l, ...filters } = q;
        expect(b.ok('kano:chart', filters), `${step}: KANO ${JSON.stringify(q)}`).toEqual(withConnection(b.path, (db) => new KanoChartService(db).chart(filters)));
      }
    };
    const need = (text: string, met = false) => ({ id: randomUUID(), text, kano: null, met, answers: [{ id: randomUUID(), functional: 'expect' as const, dysfunctional: 'dislike' as const, respondent: '' }] });
    check('start');
    const steps: [string, () => void][] = [
      ['needs added', () => [ids.A, ids.B, ids.D].forEach((caseId, i) => b.ok('needs:apply', { caseId, command: { type: 'addNeed', index: 0, need: need(i === 1 ? 'Delivery on time!' : 'Delivery on time', i === 2) } }))],
      ['a title', () => b.ok('cases:update', { id: ids.A, revision: b.ok('cases:get', { id: ids.A }).case.revision, patch: { title: 'A renamed' } })],
      ['a severity and a touchpoint', () => b.ok('cases:update', { id: ids.C, revision: b.ok('cases:get', { id: ids.C }).case.revision, patch: { severity: 'critical', touchpoint: 'delivery' } })],
      ['a date moved into the period', () => b.ok('cases:update', { id: ids.A, revision: b.ok('cases:get', { id: ids.A }).case.revision, patch: { occurredAt: '2026-02-20T08:00:00.000Z' } })],
      ['a tag', () => b.ok('cases:update', { id: ids.D, revision: b.ok('cases:get', { id: ids.D }).case.revision, patch: { tags: ['peak'] } })],
      ['a root cause reworded by another connection', () => withConnection(b.path, (db) => db.prepare("UPDATE causes SET text = 'Stock was not synced after a rollback' WHERE case_id = ? AND is_root_cause = 1 AND text LIKE 'Stock%'").run(ids.D))],
      ['an action verified', () => addAction(b, ids.B, { title: 'Pair new pickers', kind: 'preventive', status: 'verified' }, [], [{ result: 'effective', checkedAt: '2026-02-10T00:00:00.000Z' }])],
      ['a case trashed and restored', () => (b.ok('cases:trash', { id: ids.B }), check('trashed'), b.ok('cases:restore', { id: ids.B }))],
      ['a need met by another connection', () => withConnection(b.path, (db) => db.prepare('UPDATE customer_needs SET met = 1 WHERE case_id = ?').run(ids.B))],
      ['a new case', () => newCase(b, { title: 'H', occurredAt: '2026-03-30T08:00:00.000Z', department: 'Logistics' }, [category('People', 'people', [{ text: 'Pickers were moved without training', touchpoint: 'delivery' }])])],
      ['a case deleted by another connection', () => withConnection(b.path, (db) => db.prepare('DELETE FROM cases WHERE id = ?').run(ids.C))],
    ];
    for (const [step, run] of steps) {
      run();
      check(step);
    }
  });

  it('refuses bad input with validation and changes nothing', () => {
    const { b } = library();
    const reason = (method: string, payload: unknown) => {
      const error = b.fail(method, payload);
      expect(error.code).toBe('validation');
      return error.issues!.map((i) => `${i.path.join('.')}:${i.reason}`);
    };
    expect(reason('insights:get', { language: 'en', from: '2026-13-01' })).toEqual(['from:invalid_format']);
    expect(reason('insights:get', { language: 'fr' })).toEqual(['language:invalid_choice']);
    expect(reason('insights:get', { language: 'en', from: '2026-03-01T00:00:00Z', to: '2026-02-01T00:00:00Z' })).toEqual(['to:period_reversed']);
    expect(reason('insights:get', { language: 'en', colour: 'red' })).toEqual(['colour:unknown_field']);
    expect(reason('insights:get', { language: 'en', department: 'x'.repeat(100_000) })).toEqual(['department:too_long']);
    expect(reason('insights:drill', { language: 'en', dimension: 'colour', key: 'red' })).toEqual(['dimension:invalid_choice']);
    expect(reason('insights:drill', { language: 'en', dimension: 'theme', key: 'x'.repeat(1_000) })).toEqual(['key:too_long']);
    expect(reason('insights:drill', { language: 'en', dimension: 'theme', key: '' })).toEqual(['key:required']);
    expect(reason('insights:drill', { language: 'en', dimension: 'theme', key: 'people', limit: 10_000 })).toEqual(['limit:too_long']);
    expect(reason('insights:setEmotion', { touchpoint: 'delivery', score: 5 })).toEqual(['score:out_of_range']);
    expect(reason('insights:setEmotion', { touchpoint: 'delivery', score: 1.5 })).toEqual(['score:invalid_type']);
    expect(reason('insights:setEmotion', { journey: 'mars', touchpoint: 'delivery', score: 1 })).toEqual(['journey:invalid_choice']);
    expect(reason('insights:report', { language: 'en', format: 'docx' })).toEqual(['format:invalid_choice']);
    expect(b.ok('insights:get', { language: 'en' }).journey.cells.every((c) => c.emotion === null)).toBe(true);
  });

  it('writes the insights report as HTML into the exports folder, in both languages', async () => {
    const { b } = library();
    const zh = await b.okAsync('insights:report', { language: 'zh-CN', format: 'html', timeZone: 'Asia/Shanghai' });
    // Named like case reports: the library, what, the language and the day it was made.
    expect(zh.fileName).toMatch(/^library-insights-zh-CN-\d{4}-\d{2}-\d{2}\.html$/);
    expect(existsSync(zh.path)).toBe(true);
    const html = readFileSync(zh.path, 'utf8');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('洞察：跨案例的规律');
    expect((html.match(/<svg role="img"/g) ?? []).length).toBe(8);
    expect(html).toContain('按原因主题统计的根本原因');
    expect(html).toContain('<th scope="row">人员</th>');
    expect(html).toContain('措施未能持续');
    expect(html).toContain('Add stock sync to the checklist');
    const again = await b.okAsync('insights:report', { language: 'zh-CN', format: 'html', timeZone: 'Asia/Shanghai' });
    expect(again.fileName).toBe(zh.fileName.replace('.html', ' (2).html'));
    const en = readFileSync((await b.okAsync('insights:report', { language: 'en', format: 'html', severity: 'critical' })).path, 'utf8');
    expect(en).toContain('Filters: Severity: Critical');
    expect(en).toContain('1 cases');
  });
});

describe('insights building blocks', () => {
  it('cuts a Pareto at the bar that reaches 80%, exactly', () => {
    expect(pareto('theme', 'rootCauses', ['a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'b', 'c']).cut).toBe(1);
    expect(pareto('theme', 'rootCauses', ['a', 'a', 'a', 'a', 'a', 'a', 'a', 'b', 'c', 'd']).cut).toBe(2);
    expect(pareto('theme', 'rootCauses', ['b', 'a', '', null]).bars.map((x) => x.key)).toEqual(['a', 'b']);
  });

  it("labels frequent, rare and new as PagerDuty does", () => {
    expect(frequencyLabels(20, 100, false)).toEqual(['frequent']);
    expect(frequencyLabels(19, 100, false)).toEqual([]);
    expect(frequencyLabels(5, 100, true)).toEqual(['rare', 'new']);
    expect(frequencyLabels(6, 100, false)).toEqual([]);
  });

  it('takes medians and nearest-rank p90s and lists every month', () => {
    expect(medianP90([4, 1, 3, 2])).toEqual({ median: 2.5, p90: 4 });
    expect(medianP90(Array.from({ length: 10 }, (_, i) => i + 1))).toEqual({ median: 5.5, p90: 9 });
    expect(medianP90([])).toEqual({ median: null, p90: null });
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

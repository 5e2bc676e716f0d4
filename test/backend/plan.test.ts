import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CASE_SORTS } from '../../shared/domain/case';
import { defaultCauseFields, type Category, type Cause, type Fishbone } from '../../shared/domain/fishbone';
import { PlanCommand } from '../../shared/domain/plan-commands';
import { isOverdue, type CasePlan, type RootCauseRef } from '../../shared/domain/plan';
import { defaultWhyFields, type Why, type WhyAnalysis } from '../../shared/domain/whys';
import { prng } from '../bench/dataset';
import { dumpDatabase, manualClock, useBackend, type Backend } from '../support/backend';
import { contentDump, documentChecks, expectContiguousPositions, PLAN, rewriteRowsInOrder, rowsOf, stampsOf } from '../support/documents';
import { newAction, newCheck, newFeedback, newImprovement, newLesson, newNote, PLAN_COMMAND_TYPES, randomPlanCommand } from '../support/plans';

const { start, tempDir } = useBackend();

// ---------------------------------------------------------------------------------------------
// A case with a fishbone, 5-Whys and a plan, and ways to read the tables

const cause = (text: string, fields: Partial<Cause> = {}): Cause => ({ id: randomUUID(), ...defaultCauseFields(text), children: [], ...fields });
const why = (answer: string, fields: Partial<Why> = {}): Why => ({ id: randomUUID(), ...defaultWhyFields(answer), children: [], ...fields });
const id = () => randomUUID();

/** Fishbone: People: B (confirmed root cause), C · Process: D. 5-Whys: W1 (verified root cause) > W2. */
function analysisFixture() {
  const B = cause('客服未回电', { status: 'confirmed', isRootCause: true });
  const C = cause('Supervisor on leave', { status: 'ruled_out' });
  const D = cause('Refund needs three approvals', { status: 'confirmed', isRootCause: true });
  const people: Category = { id: id(), label: 'People', templateKey: 'people', causes: [B, C] };
  const process: Category = { id: id(), label: 'Process', templateKey: 'process', causes: [D] };
  const fishbone: Fishbone = { effect: 'Refunds take two weeks', template: 'six_m', orientation: 'head_right', categories: [people, process] };
  const W2 = why('The checklist was never updated', { status: 'verified', isRootCause: true, stopReason: 'controllable' });
  const W1 = why('Agents did not know the policy', { status: 'verified', isRootCause: true, children: [W2] });
  const analysis: WhyAnalysis = { id: id(), startCauseId: B.id, question: '', direction: 'LR', whys: [W1] };
  return { fishbone, people, process, B, C, D, analysis, W1, W2 };
}

const fb = (c: { id: string }): RootCauseRef => ({ source: 'fishbone', id: c.id });
const wr = (w: { id: string }): RootCauseRef => ({ source: 'whys', id: w.id });

/** A1 (in progress; root causes B and W2; notes P1, P2; check K1 partly), A2 (cancelled; root cause
 *  D), A3 (planned, none); feedback F1, F2; lessons L1, L2; improvements I1, I2. */
function planFixture(a: ReturnType<typeof analysisFixture>) {
  const P1 = newNote(id(), 'Rota drafted', '2026-05-02T09:00:00.000Z');
  const P2 = newNote(id(), '排班表已发布', '2026-05-04T10:00:00+08:00');
  const K1 = newCheck(id(), 'partly', { evidence: 'Complaints down 30%', checkedBy: '李娜' });
  const A1 = newAction(id(), 'Call back within 2 hours', { status: 'in_progress', owner: 'Wang', dueAt: '2026-05-10T00:00:00.000Z', rootCauses: [fb(a.B), wr(a.W2)], impact: 'high' }, { progress: [P1, P2], checks: [K1] });
  const A2 = newAction(id(), 'Change courier', { status: 'cancelled', cancelReason: 'Contract runs to 2027', rootCauses: [fb(a.D)], kind: 'preventive' });
  const A3 = newAction(id(), 'Train agents', { effort: 'high' });
  const F1 = newFeedback(id(), 'Customer thanked us', '2026-05-06T09:00:00.000Z');
  const F2 = newFeedback(id(), '客户仍不满意');
  const L1 = newLesson(id(), 'Escalate earlier', { appliesTouchpoint: 'after_sales_first_contact' });
  const L2 = newLesson(id(), 'The courier called us', { kind: 'got_lucky', appliesScenario: 'emergency', appliesDepartment: '物流部' });
  const I1 = newImprovement(id(), 'Refund approval in one step');
  const I2 = newImprovement(id(), 'Monthly drill', 'training');
  const plan: CasePlan = { actions: [A1, A2, A3], feedback: [F1, F2], lessons: [L1, L2], improvements: [I1, I2] };
  return { plan, A1, A2, A3, P1, P2, K1, F1, F2, L1, L2, I1, I2 };
}

/** Every command that builds the plan fixture from an empty plan. */
function buildCommands(plan: CasePlan): PlanCommand[] {
  return [
    ...plan.actions.map((action, index): PlanCommand => ({ type: 'addAction', index, action })),
    ...plan.feedback.map((feedback, index): PlanCommand => ({ type: 'addFeedback', index, feedback })),
    ...plan.lessons.map((lesson, index): PlanCommand => ({ type: 'addLesson', index, lesson })),
    ...plan.improvements.map((improvement, index): PlanCommand => ({ type: 'addImprovement', index, improvement })),
  ];
}

function newCase(b: Backend, title = 'Plan'): string {
  return b.ok('cases:create', { language: 'en', title }).case.id;
}

function caseWithFixture(b: Backend) {
  const a = analysisFixture();
  const p = planFixture(a);
  const caseId = newCase(b);
  b.ok('fishbone:apply', { caseId, command: { type: 'replace', fishbone: a.fishbone } });
  b.ok('whys:apply', { caseId, command: { type: 'addAnalysis', index: 0, analysis: a.analysis } });
  for (const command of buildCommands(p.plan)) b.ok('plan:apply', { caseId, command });
  return { caseId, a, f: p };
}
type Fixture = ReturnType<typeof caseWithFixture>;

const { stored, applyAndCheck, expectRefused, expectDuplicateRefused, expectInverseRestores, expectEveryCommandType, expectMissingCase, expectTrashedRefused, expectDamaged, expectSameAfterReopen } = documentChecks(PLAN);

const PLAN_TABLES = ['actions', 'action_root_causes', 'action_progress', 'effectiveness_checks', 'customer_feedback', 'lessons', 'improvements'];

/** Positions are 0..n-1 in every list: per case for actions, feedback, lessons and improvements;
 *  per action for notes, checks and root causes. */
function expectContiguous(b: Backend, caseId: string) {
  const lists = [
    ['actions', 'case_id', `SELECT case_id AS grp, position FROM actions WHERE case_id = ?`],
    ['customer_feedback', 'case_id', `SELECT case_id AS grp, position FROM customer_feedback WHERE case_id = ?`],
    ['lessons', 'case_id', `SELECT case_id AS grp, position FROM lessons WHERE case_id = ?`],
    ['improvements', 'case_id', `SELECT case_id AS grp, position FROM improvements WHERE case_id = ?`],
    ['action_progress', '', `SELECT x.action_id AS grp, x.position FROM action_progress x JOIN actions a ON a.id = x.action_id WHERE a.case_id = ?`],
    ['effectiveness_checks', '', `SELECT x.action_id AS grp, x.position FROM effectiveness_checks x JOIN actions a ON a.id = x.action_id WHERE a.case_id = ?`],
    ['action_root_causes', '', `SELECT x.action_id AS grp, x.position FROM action_root_causes x JOIN actions a ON a.id = x.action_id WHERE a.case_id = ?`],
  ] as const;
  for (const [table, , sql] of lists) expectContiguousPositions(rowsOf(b.path, `${sql} ORDER BY 1, 2`, caseId), table);
}

const causeStatus = (b: Backend, caseId: string) => {
  const out: Record<string, { status: string; isRootCause: boolean }> = {};
  const walk = (list: Cause[]) => list.forEach((c) => ((out[c.id] = { status: c.status, isRootCause: c.isRootCause }), walk(c.children)));
  b.ok('fishbone:get', { caseId }).fishbone.categories.forEach((c) => walk(c.causes));
  return out;
};
const whyStatus = (b: Backend, caseId: string) => {
  const out: Record<string, { status: string; isRootCause: boolean }> = {};
  const walk = (list: Why[]) => list.forEach((w) => ((out[w.id] = { status: w.status, isRootCause: w.isRootCause }), walk(w.children)));
  b.ok('whys:get', { caseId }).analyses.forEach((a) => walk(a.whys));
  return out;
};

// ---------------------------------------------------------------------------------------------

describe('reading the plan', () => {
  it('of a new case gives empty lists, at the case revision', () => {
    const b = start();
    const caseId = newCase(b);
    b.ok('cases:update', { id: caseId, revision: 0, patch: { problem: 'x' } });
    expect(stored(b, caseId)).toEqual({ plan: { actions: [], feedback: [], lessons: [], improvements: [] }, revision: 1 });
  });

  it('of a missing case is not_found', () => {
    expectMissingCase(start(), { type: 'addLesson', index: 0, lesson: newLesson(id(), 'x') });
  });

  it('gives back exactly what was stored, in order', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    expect(stored(b, caseId)).toEqual({ plan: f.plan, revision: 2 + buildCommands(f.plan).length });
  });

  it('is the same after the file is closed and opened again by a new connection', () => {
    expectSameAfterReopen(start, tempDir(), (first) => {
      const { caseId, f } = caseWithFixture(first);
      applyAndCheck(first, caseId, { type: 'moveAction', id: f.A3.id, index: 0 });
      applyAndCheck(first, caseId, { type: 'addProgress', actionId: f.A1.id, index: 0, note: newNote(id(), '最早的记录', '2026-04-01T00:00:00+08:00') });
      return caseId;
    });
  });

  it('orders every list by position whatever order the rows were written in', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    rewriteRowsInOrder(b.path, PLAN_TABLES, 'position DESC');
    expect(stored(b, caseId).plan).toEqual(f.plan);
  });
});

describe('every command', () => {
  const cases: Array<[string, (f: Fixture) => PlanCommand]> = [
    ['addAction (first, with root causes of both kinds)', ({ a }) => ({ type: 'addAction', index: 0, action: newAction(id(), 'Apology letter', { kind: 'containment', rootCauses: [wr(a.W1), fb(a.C)] }) })],
    [
      'addAction (past the end, with its notes and checks)',
      ({ a }) => ({
        type: 'addAction',
        index: 99,
        action: newAction(id(), 'Restored', { status: 'done', rootCauses: [fb(a.B)] }, { progress: [newNote(id(), 'a'), newNote(id(), 'b')], checks: [newCheck(id(), 'effective')] }),
      }),
    ],
    ['updateAction (every field)', ({ f, a }) =>
      ({
        type: 'updateAction',
        id: f.A3.id,
        patch: {
          title: '培训客服',
          description: 'Two sessions',
          kind: 'improvement',
          owner: '张三',
          dueAt: '2026-06-01T09:00:00+08:00',
          priority: 'high',
          impact: 'low',
          effort: 'low',
          expectedEffect: 'Fewer repeat calls',
          status: 'cancelled',
          cancelReason: 'Merged into A1',
          rootCauses: [wr(a.W2), fb(a.D), wr(a.W1)],
        },
      })],
    ['updateAction (root causes reordered)', ({ f, a }) => ({ type: 'updateAction', id: f.A1.id, patch: { rootCauses: [wr(a.W2), fb(a.B)] } })],
    ['updateAction (root causes cleared)', ({ f }) => ({ type: 'updateAction', id: f.A2.id, patch: { rootCauses: [], status: 'planned' } })],
    ['moveAction (first to last)', ({ f }) => ({ type: 'moveAction', id: f.A1.id, index: 2 })],
    ['removeAction (with notes, checks and root causes)', ({ f }) => ({ type: 'removeAction', id: f.A1.id })],
    ['addProgress (between two notes)', ({ f }) => ({ type: 'addProgress', actionId: f.A1.id, index: 1, note: newNote(id(), 'Half done', '2026-05-03T00:00:00.000Z') })],
    ['addProgress (to an action without notes)', ({ f }) => ({ type: 'addProgress', actionId: f.A3.id, index: 5, note: newNote(id(), 'Trainer booked') })],
    ['updateProgress', ({ f }) => ({ type: 'updateProgress', id: f.P2.id, patch: { note: 'Published to all shifts', at: '2026-05-05T08:00:00.000Z' } })],
    ['removeProgress', ({ f }) => ({ type: 'removeProgress', id: f.P1.id })],
    ['addCheck', ({ f }) => ({ type: 'addCheck', actionId: f.A1.id, index: 0, check: newCheck(id(), 'effective', { checkedBy: 'QA', evidence: 'Survey' }) })],
    ['updateCheck', ({ f }) => ({ type: 'updateCheck', id: f.K1.id, patch: { result: 'effective', checkedAt: '2026-06-01T00:00:00-05:00', checkedBy: '' } })],
    ['removeCheck', ({ f }) => ({ type: 'removeCheck', id: f.K1.id })],
    ['addFeedback', () => ({ type: 'addFeedback', index: 1, feedback: newFeedback(id(), 'Called to confirm', '2026-05-08T00:00:00.000Z') })],
    ['updateFeedback', ({ f }) => ({ type: 'updateFeedback', id: f.F1.id, patch: { at: null, note: '客户表示感谢' } })],
    ['removeFeedback', ({ f }) => ({ type: 'removeFeedback', id: f.F2.id })],
    ['addLesson', () => ({ type: 'addLesson', index: 0, lesson: newLesson(id(), 'Log every call', { kind: 'went_well', appliesScenario: 'contract_dispute' }) })],
    ['updateLesson', ({ f }) => ({ type: 'updateLesson', id: f.L2.id, patch: { appliesScenario: null, appliesTouchpoint: 'delivery', text: 'Luck is not a plan' } })],
    ['moveLesson', ({ f }) => ({ type: 'moveLesson', id: f.L2.id, index: 0 })],
    ['removeLesson', ({ f }) => ({ type: 'removeLesson', id: f.L1.id })],
    ['addImprovement', () => ({ type: 'addImprovement', index: 2, improvement: newImprovement(id(), 'Agents may refund up to ¥200', 'authorisation') })],
    ['updateImprovement', ({ f }) => ({ type: 'updateImprovement', id: f.I1.id, patch: { area: 'communication' } })],
    ['moveImprovement', ({ f }) => ({ type: 'moveImprovement', id: f.I1.id, index: 1 })],
    ['removeImprovement', ({ f }) => ({ type: 'removeImprovement', id: f.I2.id })],
  ];

  it.each(cases)('%s: is stored as the pure function gives it, and its inverse restores the rows', (_name, make) => {
    const clock = manualClock();
    const b = start({ now: clock.now });
    const fixture = caseWithFixture(b);
    const { caseId } = fixture;
    expectInverseRestores(b, caseId, make(fixture), clock, () => expectContiguous(b, caseId));
  });

  it('covers every command type', () => {
    expectEveryCommandType(cases.map(([name]) => name));
  });
});

describe('the rows written', () => {
  const stamps = (path: string, caseId: string) =>
    stampsOf(path, caseId, [
      'SELECT id, created_at, updated_at FROM actions WHERE case_id = ?',
      'SELECT x.id, x.created_at, x.updated_at FROM action_progress x JOIN actions a ON a.id = x.action_id WHERE a.case_id = ?',
      'SELECT x.id, x.created_at, x.updated_at FROM effectiveness_checks x JOIN actions a ON a.id = x.action_id WHERE a.case_id = ?',
      'SELECT id, created_at, updated_at FROM customer_feedback WHERE case_id = ?',
      'SELECT id, created_at, updated_at FROM lessons WHERE case_id = ?',
      'SELECT id, created_at, updated_at FROM improvements WHERE case_id = ?',
    ]);

  it('are only those that changed, stamped with the clock, and the revision moves once', () => {
    const clock = manualClock('2026-04-01T10:00:00.000Z');
    const b = start({ now: clock.now });
    const { caseId, f } = caseWithFixture(b);
    const t0 = '2026-04-01T10:00:00.000Z';
    const initial = stamps(b.path, caseId);
    expect(Object.keys(initial)).toHaveLength(3 + 2 + 1 + 2 + 2 + 2);
    expect(Object.values(initial).every((s) => s === `${t0} ${t0}`)).toBe(true);

    clock.advance(60_000);
    const t1 = '2026-04-01T10:01:00.000Z';
    b.ok('plan:apply', { caseId, command: { type: 'updateProgress', id: f.P2.id, patch: { note: 'Changed' } } });
    const afterT1 = { ...initial, [f.P2.id]: `${t0} ${t1}` };
    expect(stamps(b.path, caseId)).toEqual(afterT1);

    // A3 moves to the front: all three actions change position; nothing inside them is written.
    clock.advance(60_000);
    const t2 = '2026-04-01T10:02:00.000Z';
    b.ok('plan:apply', { caseId, command: { type: 'moveAction', id: f.A3.id, index: 0 } });
    const afterT2 = { ...afterT1, [f.A1.id]: `${t0} ${t2}`, [f.A2.id]: `${t0} ${t2}`, [f.A3.id]: `${t0} ${t2}` };
    expect(stamps(b.path, caseId)).toEqual(afterT2);

    // A new lesson at the end: only its row.
    clock.advance(60_000);
    const t3 = '2026-04-01T10:03:00.000Z';
    const lesson = newLesson(id(), 'Write it down');
    b.ok('plan:apply', { caseId, command: { type: 'addLesson', index: 9, lesson } });
    expect(stamps(b.path, caseId)).toEqual({ ...afterT2, [lesson.id]: `${t3} ${t3}` });

    expect(b.ok('cases:get', { id: caseId }).case).toMatchObject({ revision: 2 + buildCommands(f.plan).length + 3, updatedAt: t3 });
  });

  it('are in the columns of the schema, root causes as one row each with its position', () => {
    const b = start();
    const { caseId, f, a } = caseWithFixture(b);
    expect(rowsOf(b.path, 'SELECT id, case_id, position, title, kind, owner, due_at, priority, impact, effort, status, cancel_reason FROM actions WHERE id = ?', f.A1.id)).toEqual([
      {
        id: f.A1.id,
        case_id: caseId,
        position: 0,
        title: 'Call back within 2 hours',
        kind: 'corrective',
        owner: 'Wang',
        due_at: '2026-05-10T00:00:00.000Z',
        priority: 'medium',
        impact: 'high',
        effort: 'medium',
        status: 'in_progress',
        cancel_reason: '',
      },
    ]);
    expect(rowsOf(b.path, 'SELECT action_id, cause_id, why_id, position FROM action_root_causes ORDER BY action_id = ? DESC, position', f.A1.id)).toEqual([
      { action_id: f.A1.id, cause_id: a.B.id, why_id: null, position: 0 },
      { action_id: f.A1.id, cause_id: null, why_id: a.W2.id, position: 1 },
      { action_id: f.A2.id, cause_id: a.D.id, why_id: null, position: 0 },
    ]);
    expect(rowsOf(b.path, 'SELECT id, action_id, position, at, note FROM action_progress WHERE id = ?', f.P2.id)).toEqual([
      { id: f.P2.id, action_id: f.A1.id, position: 1, at: '2026-05-04T10:00:00+08:00', note: '排班表已发布' },
    ]);
    expect(rowsOf(b.path, 'SELECT id, case_id, position, at, note FROM customer_feedback WHERE id = ?', f.F2.id)).toEqual([
      { id: f.F2.id, case_id: caseId, position: 1, at: null, note: '客户仍不满意' },
    ]);
  });

  it('leave other cases, the fishbone and the 5-Whys alone', () => {
    const b = start();
    const one = caseWithFixture(b);
    const other = caseWithFixture(b);
    const otherBefore = stored(b, other.caseId);
    const fishbone = b.ok('fishbone:get', { caseId: one.caseId });
    const whys = b.ok('whys:get', { caseId: one.caseId });
    applyAndCheck(b, one.caseId, { type: 'removeAction', id: one.f.A1.id });
    applyAndCheck(b, one.caseId, { type: 'updateLesson', id: one.f.L1.id, patch: { text: 'Changed' } });
    expect(stored(b, other.caseId)).toEqual(otherBefore);
    expect(b.ok('fishbone:get', { caseId: one.caseId })).toEqual({ ...fishbone, revision: fishbone.revision + 2 });
    expect(b.ok('whys:get', { caseId: one.caseId })).toEqual({ ...whys, revision: whys.revision + 2 });
  });
});

describe('a command that cannot apply changes nothing', () => {
  it.each<[string, (f: Fixture) => PlanCommand]>([
    ['updateAction', () => ({ type: 'updateAction', id: id(), patch: { title: 'x' } })],
    ['moveAction', () => ({ type: 'moveAction', id: id(), index: 0 })],
    ['removeAction (a lesson id)', ({ f }) => ({ type: 'removeAction', id: f.L1.id })],
    ['addProgress (missing action)', () => ({ type: 'addProgress', actionId: id(), index: 0, note: newNote(id(), 'x') })],
    ['addCheck (a note id as action)', ({ f }) => ({ type: 'addCheck', actionId: f.P1.id, index: 0, check: newCheck(id(), 'effective') })],
    ['updateProgress (a check id)', ({ f }) => ({ type: 'updateProgress', id: f.K1.id, patch: { note: 'x' } })],
    ['removeCheck', () => ({ type: 'removeCheck', id: id() })],
    ['updateFeedback', () => ({ type: 'updateFeedback', id: id(), patch: { note: 'x' } })],
    ['moveLesson (an improvement id)', ({ f }) => ({ type: 'moveLesson', id: f.I1.id, index: 0 })],
    ['removeImprovement', () => ({ type: 'removeImprovement', id: id() })],
  ])('naming something missing (%s) is not_found', (_name, make) => {
    const b = start();
    const fixture = caseWithFixture(b);
    expectRefused(b, fixture.caseId, make(fixture), { code: 'not_found' });
  });

  it.each<[string, (f: Fixture) => PlanCommand, string]>([
    ['cancelling without a reason', ({ f }) => ({ type: 'updateAction', id: f.A3.id, patch: { status: 'cancelled' } }), 'cancel_reason_required'],
    ['clearing a cancelled action’s reason', ({ f }) => ({ type: 'updateAction', id: f.A2.id, patch: { cancelReason: '  ' } }), 'cancel_reason_required'],
    ['adding a cancelled action without a reason', () => ({ type: 'addAction', index: 0, action: newAction(id(), 'x', { status: 'cancelled' }) }), 'cancel_reason_required'],
    ['naming a root cause twice', ({ f, a }) => ({ type: 'updateAction', id: f.A3.id, patch: { rootCauses: [fb(a.B), wr(a.W1), fb(a.B)] } }), 'duplicate'],
    ['adding an action with a used id', ({ f }) => ({ type: 'addAction', index: 0, action: newAction(f.A2.id, 'x') }), 'duplicate'],
    ['adding an action whose note reuses an id', ({ f }) => ({ type: 'addAction', index: 0, action: newAction(id(), 'x', {}, { progress: [newNote(f.F1.id, 'x')] }) }), 'duplicate'],
    ['adding a lesson with an action id', ({ f }) => ({ type: 'addLesson', index: 0, lesson: newLesson(f.A1.id, 'x') }), 'duplicate'],
  ])('%s is a validation error', (_name, make, reason) => {
    const b = start();
    const fixture = caseWithFixture(b);
    expectRefused(b, fixture.caseId, make(fixture), { code: 'validation', issues: [expect.objectContaining({ reason })] });
  });

  it.each<[string, (f: Fixture, other: Fixture) => RootCauseRef]>([
    ['a fishbone cause of another case', (_f, other) => fb(other.a.B)],
    ['a 5-Whys answer of another case', (_f, other) => wr(other.a.W2)],
    ['a cause that does not exist', () => ({ source: 'fishbone', id: id() })],
    ['a why that does not exist', () => ({ source: 'whys', id: id() })],
    ['a why named as a fishbone cause', ({ a }) => fb(a.W1)],
    ['a cause named as a why', ({ a }) => wr(a.B)],
    ['a fishbone category', ({ a }) => fb(a.people)],
    ['a 5-Whys analysis', ({ a }) => wr(a.analysis)],
    ['an action', ({ f }) => fb(f.A2)],
  ])('a root cause that is %s is refused as invalid_reference', (_name, make) => {
    const b = start();
    const fixture = caseWithFixture(b);
    const other = caseWithFixture(b);
    const ref = make(fixture, other);
    const error = { code: 'validation', issues: [{ path: ['rootCauses'], reason: 'invalid_reference' }] };
    expectRefused(b, fixture.caseId, { type: 'updateAction', id: fixture.f.A3.id, patch: { rootCauses: [fb(fixture.a.C), ref] } }, error);
    expectRefused(b, fixture.caseId, { type: 'addAction', index: 1, action: newAction(id(), 'x', { rootCauses: [ref] }) }, error);
  });

  it('adding items whose ids another case uses is a validation error, and nothing is left behind', () => {
    const b = start();
    const one = caseWithFixture(b);
    const other = caseWithFixture(b);
    const refused = (command: PlanCommand) => expectDuplicateRefused(b, other.caseId, command);
    // Ids are unique across the library. The refusal comes from an insert after earlier rows of the
    // same command were written: they are rolled back.
    refused({ type: 'addAction', index: 0, action: newAction(id(), 'fresh', { rootCauses: [fb(other.a.B)] }, { progress: [newNote(id(), 'fresh'), newNote(one.f.P1.id, 'stolen')] }) });
    refused({ type: 'addAction', index: 0, action: newAction(one.f.A1.id, 'stolen') });
    refused({ type: 'addCheck', actionId: other.f.A3.id, index: 0, check: newCheck(one.f.K1.id, 'effective') });
    refused({ type: 'addImprovement', index: 0, improvement: newImprovement(one.f.I1.id, 'stolen') });
    expect(b.logged).toEqual([]);
  });

  it('on a case in the trash is a conflict, though the plan can still be read', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    const update: PlanCommand = { type: 'updateAction', id: f.A1.id, patch: { title: 'x' } };
    expectTrashedRefused(b, caseId, f.plan, [update, { type: 'removeLesson', id: id() }], update);
  });

  it('on a damaged file is refused as damaged', () => {
    expectDamaged(start, tempDir(), { type: 'removeLesson', id: randomUUID() });
  });
});

describe('root causes', () => {
  it('may be any causes and whys of the case, in any order, added to what an action holds', () => {
    const b = start();
    const { caseId, f, a } = caseWithFixture(b);
    applyAndCheck(b, caseId, { type: 'updateAction', id: f.A1.id, patch: { rootCauses: [fb(a.B), wr(a.W2), fb(a.C)] } });
    applyAndCheck(b, caseId, { type: 'updateAction', id: f.A2.id, patch: { rootCauses: [wr(a.W2), fb(a.D)] } });
  });

  it('go from the plan with the fishbone cause or the why they name', () => {
    const b = start();
    const { caseId, f, a } = caseWithFixture(b);
    b.ok('fishbone:apply', { caseId, command: { type: 'removeCause', id: a.B.id } });
    expect(stored(b, caseId).plan.actions[0]!.rootCauses).toEqual([wr(a.W2)]);
    b.ok('whys:apply', { caseId, command: { type: 'removeWhy', id: a.W1.id } });
    expect(stored(b, caseId).plan.actions[0]!.rootCauses).toEqual([]);
    // The plan's undo of an older edit that named the removed cause is refused, changing nothing.
    expectRefused(b, caseId, { type: 'updateAction', id: f.A1.id, patch: { rootCauses: [fb(a.B)] } }, { code: 'validation', issues: [{ path: ['rootCauses'], reason: 'invalid_reference' }] });
    // A reordered list after a removal stays contiguous.
    applyAndCheck(b, caseId, { type: 'updateAction', id: f.A1.id, patch: { rootCauses: [fb(a.D), fb(a.C)] } });
    expectContiguous(b, caseId);
  });

  it('leave with their action, and the trash emptied takes the whole plan', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    const kept = caseWithFixture(b);
    applyAndCheck(b, caseId, { type: 'removeAction', id: f.A1.id });
    for (const table of ['action_root_causes', 'action_progress', 'effectiveness_checks']) {
      expect(rowsOf(b.path, `SELECT * FROM ${table} WHERE action_id = ?`, f.A1.id)).toEqual([]);
    }
    b.ok('cases:trash', { id: caseId });
    b.ok('cases:emptyTrash', {});
    // What is left in every plan table is the kept case's plan, whole.
    for (const table of PLAN_TABLES) {
      const ofKept = ['actions', 'customer_feedback', 'lessons', 'improvements'].includes(table)
        ? `SELECT count(*) AS n FROM ${table} WHERE case_id = ?`
        : `SELECT count(*) AS n FROM ${table} x JOIN actions a ON a.id = x.action_id WHERE a.case_id = ?`;
      const all = rowsOf<{ n: number }>(b.path, `SELECT count(*) AS n FROM ${table}`)[0]!.n;
      expect(all, table).toBeGreaterThan(0);
      expect(rowsOf<{ n: number }>(b.path, ofKept, kept.caseId)[0]!.n, table).toBe(all);
    }
    expect(stored(b, kept.caseId).plan).toEqual(kept.f.plan);
  });
});

describe('a check found not effective', () => {
  it('reopens its action’s root causes in the same transaction, keeping their root-cause flags', () => {
    const clock = manualClock('2026-06-01T00:00:00.000Z');
    const b = start({ now: clock.now });
    const { caseId, f, a } = caseWithFixture(b);
    const causes = causeStatus(b, caseId);
    const whys = whyStatus(b, caseId);
    clock.advance(60_000);
    const { revision } = b.ok('plan:apply', { caseId, command: { type: 'addCheck', actionId: f.A1.id, index: 1, check: newCheck(id(), 'not_effective') } });

    // A1 names B and W2: B goes back to investigating, W2 to hypothesis; the others stay.
    expect(causeStatus(b, caseId)).toEqual({ ...causes, [a.B.id]: { status: 'investigating', isRootCause: true } });
    expect(whyStatus(b, caseId)).toEqual({ ...whys, [a.W2.id]: { status: 'hypothesis', isRootCause: true } });
    // One revision for the whole command, and the reopened rows carry the command's stamp.
    expect(b.ok('fishbone:get', { caseId }).revision).toBe(revision);
    expect(b.ok('cases:get', { id: caseId }).case.revision).toBe(revision);
    expect(rowsOf(b.path, 'SELECT updated_at FROM causes WHERE id IN (?, ?) ORDER BY id = ? DESC', a.B.id, a.D.id, a.B.id)).toEqual([
      { updated_at: '2026-06-01T00:01:00.000Z' },
      { updated_at: '2026-06-01T00:00:00.000Z' },
    ]);
    expect(rowsOf(b.path, 'SELECT updated_at FROM whys WHERE id = ?', a.W2.id)).toEqual([{ updated_at: '2026-06-01T00:01:00.000Z' }]);
  });

  it('reopens when an existing check is updated to it, and not again when it only changes its evidence', () => {
    const b = start();
    const { caseId, f, a } = caseWithFixture(b);
    applyAndCheck(b, caseId, { type: 'updateCheck', id: f.K1.id, patch: { result: 'not_effective' } });
    expect(causeStatus(b, caseId)[a.B.id]!.status).toBe('investigating');
    expect(whyStatus(b, caseId)[a.W2.id]!.status).toBe('hypothesis');

    // The team confirms B again; a later edit of the same check leaves it confirmed.
    b.ok('fishbone:apply', { caseId, command: { type: 'updateCause', id: a.B.id, patch: { status: 'confirmed' } } });
    applyAndCheck(b, caseId, { type: 'updateCheck', id: f.K1.id, patch: { evidence: 'Complaints up again' } });
    expect(causeStatus(b, caseId)[a.B.id]!.status).toBe('confirmed');
  });

  it('is not undone with the check: removing it leaves the root causes reopened', () => {
    const b = start();
    const { caseId, f, a } = caseWithFixture(b);
    const { inverse } = applyAndCheck(b, caseId, { type: 'updateCheck', id: f.K1.id, patch: { result: 'not_effective' } });
    applyAndCheck(b, caseId, inverse);
    expect(stored(b, caseId).plan.actions[0]!.checks[0]!.result).toBe('partly');
    expect(causeStatus(b, caseId)[a.B.id]).toEqual({ status: 'investigating', isRootCause: true });
    expect(whyStatus(b, caseId)[a.W2.id]).toEqual({ status: 'hypothesis', isRootCause: true });
  });

  it('reopens nothing for another result, for an action without root causes, or on other actions', () => {
    const b = start();
    const { caseId, f } = caseWithFixture(b);
    const causes = causeStatus(b, caseId);
    const whys = whyStatus(b, caseId);
    applyAndCheck(b, caseId, { type: 'addCheck', actionId: f.A1.id, index: 0, check: newCheck(id(), 'effective') });
    applyAndCheck(b, caseId, { type: 'updateCheck', id: f.K1.id, patch: { result: 'partly', evidence: 'y' } });
    applyAndCheck(b, caseId, { type: 'addCheck', actionId: f.A3.id, index: 0, check: newCheck(id(), 'not_effective') });
    expect(causeStatus(b, caseId)).toEqual(causes);
    expect(whyStatus(b, caseId)).toEqual(whys);
  });

  it('reopens a ruled-out cause too, and an action brought back with such a check reopens again', () => {
    const b = start();
    const { caseId, f, a } = caseWithFixture(b);
    applyAndCheck(b, caseId, { type: 'updateAction', id: f.A3.id, patch: { rootCauses: [fb(a.C), wr(a.W1)] } });
    applyAndCheck(b, caseId, { type: 'addCheck', actionId: f.A3.id, index: 0, check: newCheck(id(), 'not_effective') });
    expect(causeStatus(b, caseId)[a.C.id]).toEqual({ status: 'investigating', isRootCause: false });
    expect(whyStatus(b, caseId)[a.W1.id]).toEqual({ status: 'hypothesis', isRootCause: true });

    const { inverse } = applyAndCheck(b, caseId, { type: 'removeAction', id: f.A3.id });
    b.ok('fishbone:apply', { caseId, command: { type: 'updateCause', id: a.C.id, patch: { status: 'ruled_out' } } });
    applyAndCheck(b, caseId, inverse);
    expect(causeStatus(b, caseId)[a.C.id]!.status).toBe('investigating');
  });

  it('whose root cause is refused changes no status', () => {
    const b = start();
    const { caseId, a } = caseWithFixture(b);
    const other = caseWithFixture(b);
    expectRefused(
      b,
      caseId,
      { type: 'addAction', index: 0, action: newAction(id(), 'x', { rootCauses: [fb(a.D), fb(other.a.B)] }, { checks: [newCheck(id(), 'not_effective')] }) },
      { code: 'validation' },
    );
    expect(causeStatus(b, other.caseId)[other.a.B.id]!.status).toBe('confirmed');
    expect(causeStatus(b, caseId)[a.D.id]!.status).toBe('confirmed');
  });
});

describe('case fields for steps 4 and 5', () => {
  it('summary, follow-up date and close reason are stored and read back', () => {
    const b = start();
    const caseId = newCase(b);
    const created = b.ok('cases:get', { id: caseId }).case;
    expect(created).toMatchObject({ summary: '', followUpAt: null, closeReason: '' });
    const summary = '总结：the refunds now take two days.\n'.repeat(2000);
    const updated = b.ok('cases:update', { id: caseId, revision: 0, patch: { summary, followUpAt: '2026-09-01T09:00:00+08:00', closeReason: 'Handed to QA' } });
    expect(updated).toMatchObject({ summary, followUpAt: '2026-09-01T09:00:00+08:00', closeReason: 'Handed to QA', revision: 1 });
    expect(b.ok('cases:get', { id: caseId }).case).toEqual(updated);
    expect(rowsOf(b.path, 'SELECT summary = ? AS same, follow_up_at, close_reason FROM cases WHERE id = ?', summary, caseId)).toEqual([
      { same: 1, follow_up_at: '2026-09-01T09:00:00+08:00', close_reason: 'Handed to QA' },
    ]);
    b.ok('cases:update', { id: caseId, revision: 1, patch: { followUpAt: null } });
    expect(b.ok('cases:get', { id: caseId }).case.followUpAt).toBeNull();
    expect(b.fail('cases:update', { id: caseId, revision: 2, patch: { followUpAt: 'next week' } })).toMatchObject({
      code: 'validation',
      issues: [{ path: ['patch', 'followUpAt'], reason: 'invalid_format' }],
    });
    expect(b.fail('cases:update', { id: caseId, revision: 2, patch: { closeReason: 'x'.repeat(501) } })).toMatchObject({
      code: 'validation',
      issues: [{ path: ['patch', 'closeReason'], reason: 'too_long' }],
    });
  });
});

describe('closing a case', () => {
  const closeRefused = { code: 'validation', issues: [{ path: ['closeReason'], reason: 'close_reason_required' }] };

  function caseWithActions(b: Backend, statuses: Array<'planned' | 'in_progress' | 'done' | 'verified' | 'cancelled'>) {
    const caseId = newCase(b);
    statuses.forEach((status, index) =>
      b.ok('plan:apply', { caseId, command: { type: 'addAction', index, action: newAction(id(), `A${index}`, { status, cancelReason: status === 'cancelled' ? 'n/a' : '' }) } }),
    );
    return { caseId, revision: b.ok('cases:get', { id: caseId }).case.revision };
  }

  it.each([['planned'], ['in_progress'], ['done']] as const)('with an action %s needs a reason; without one it is refused and nothing changes', (status) => {
    const b = start();
    const { caseId, revision } = caseWithActions(b, ['verified', status, 'cancelled']);
    const rows = dumpDatabase(b.path);
    expect(b.fail('cases:update', { id: caseId, revision, patch: { status: 'closed' } })).toMatchObject(closeRefused);
    expect(b.fail('cases:update', { id: caseId, revision, patch: { status: 'closed', closeReason: '   ', summary: 'Done' } })).toMatchObject(closeRefused);
    expect(dumpDatabase(b.path)).toEqual(rows);
    expect(b.logged).toEqual([]);
    expect(b.ok('cases:update', { id: caseId, revision, patch: { status: 'closed', closeReason: 'Customer moved away' } })).toMatchObject({
      status: 'closed',
      closeReason: 'Customer moved away',
    });
  });

  it('with a reason stored earlier is allowed', () => {
    const b = start();
    const { caseId, revision } = caseWithActions(b, ['in_progress']);
    b.ok('cases:update', { id: caseId, revision, patch: { closeReason: 'Escalated to head office' } });
    expect(b.ok('cases:update', { id: caseId, revision: revision + 1, patch: { status: 'closed' } }).status).toBe('closed');
  });

  it('clearing the stored reason in the same patch is refused', () => {
    const b = start();
    const { caseId, revision } = caseWithActions(b, ['planned']);
    b.ok('cases:update', { id: caseId, revision, patch: { closeReason: 'x' } });
    expect(b.fail('cases:update', { id: caseId, revision: revision + 1, patch: { status: 'closed', closeReason: '' } })).toMatchObject(closeRefused);
  });

  it('with every action verified or cancelled, or none at all, needs no reason', () => {
    const b = start();
    const finished = caseWithActions(b, ['verified', 'cancelled', 'verified']);
    expect(b.ok('cases:update', { id: finished.caseId, revision: finished.revision, patch: { status: 'closed' } }).status).toBe('closed');
    const empty = caseWithActions(b, []);
    expect(b.ok('cases:update', { id: empty.caseId, revision: empty.revision, patch: { status: 'closed' } }).status).toBe('closed');
  });

  it('is checked on the change to closed only: archiving, and a closed case taking new actions, are not refused', () => {
    const b = start();
    const { caseId, revision } = caseWithActions(b, ['planned']);
    expect(b.ok('cases:update', { id: caseId, revision, patch: { status: 'archived' } }).status).toBe('archived');
    const done = caseWithActions(b, []);
    b.ok('cases:update', { id: done.caseId, revision: done.revision, patch: { status: 'closed' } });
    b.ok('plan:apply', { caseId: done.caseId, command: { type: 'addAction', index: 0, action: newAction(id(), 'Follow-up call') } });
    const r = b.ok('cases:get', { id: done.caseId }).case.revision;
    expect(b.ok('cases:update', { id: done.caseId, revision: r, patch: { status: 'closed', title: 'Renamed' } }).title).toBe('Renamed');
  });

  it('a stale revision is a conflict first, whatever the actions', () => {
    const b = start();
    const { caseId, revision } = caseWithActions(b, ['planned']);
    expect(b.fail('cases:update', { id: caseId, revision: revision - 1, patch: { status: 'closed' } })).toMatchObject({ code: 'conflict', reason: 'stale' });
  });
});

describe('the library list', () => {
  it('counts each case’s open actions past their due date at the clock’s now, whatever their offset', () => {
    const clock = manualClock('2026-05-10T12:00:00.000Z');
    const b = start({ now: clock.now });
    const caseId = newCase(b, 'With actions');
    newCase(b, 'Without actions');
    const add = (title: string, status: 'planned' | 'in_progress' | 'done' | 'verified' | 'cancelled', dueAt: string | null) =>
      b.ok('plan:apply', { caseId, command: { type: 'addAction', index: 99, action: newAction(id(), title, { status, dueAt, cancelReason: status === 'cancelled' ? 'n/a' : '' }) } });
    add('past, planned', 'planned', '2026-05-09T00:00:00.000Z');
    add('past, in progress, +08:00', 'in_progress', '2026-05-10T19:59:00+08:00'); // 11:59Z
    add('future as text, past as an instant', 'planned', '2026-05-10T13:00:00+02:00'); // 11:00Z
    add('past as text, future as an instant', 'planned', '2026-05-10T08:00:00-05:00'); // 13:00Z
    add('exactly now', 'planned', '2026-05-10T12:00:00.000Z');
    add('no due date', 'planned', null);
    add('past, done', 'done', '2026-05-01T00:00:00.000Z');
    add('past, verified', 'verified', '2026-05-01T00:00:00.000Z');
    add('past, cancelled', 'cancelled', '2026-05-01T00:00:00.000Z');
    const overdue = () => Object.fromEntries(b.ok('cases:list', {}).items.map((i) => [i.title, i.overdueActions]));
    expect(overdue()).toEqual({ 'With actions': 3, 'Without actions': 0 });

    // The same rule as the domain's isOverdue.
    const { plan } = stored(b, caseId);
    const now = clock.now();
    expect(plan.actions.filter((a) => isOverdue(a, now)).map((a) => a.title)).toEqual([
      'past, planned',
      'past, in progress, +08:00',
      'future as text, past as an instant',
    ]);

    clock.advance(60 * 60_000 + 1); // 13:00:00.001Z: "exactly now" and the -05:00 one are now past too
    expect(overdue()).toEqual({ 'With actions': 5, 'Without actions': 0 });

    b.ok('plan:apply', { caseId, command: { type: 'updateAction', id: plan.actions[0]!.id, patch: { status: 'done' } } });
    expect(overdue()['With actions']).toBe(4);
    b.ok('cases:trash', { id: caseId });
    expect(b.ok('cases:list', { trashed: true }).items.map((i) => i.overdueActions)).toEqual([4]);
  });
});

describe('the library list, sorted and paged', () => {
  it.each(CASE_SORTS)('gives each row its own overdue count (%s, one row a page)', (sort) => {
    const clock = manualClock('2026-05-10T12:00:00.000Z');
    const b = start({ now: clock.now });
    const wanted: Record<string, number> = { Bravo: 1, Alpha: 2, Charlie: 3, Delta: 0 };
    for (const [title, overdue] of Object.entries(wanted)) {
      clock.advance(60_000);
      const caseId = newCase(b, title);
      for (let i = 0; i < overdue + 1; i++) {
        // One more than wanted, the last one due tomorrow.
        const dueAt = i < overdue ? '2026-05-01T00:00:00.000Z' : '2026-05-11T12:00:00.000Z';
        b.ok('plan:apply', { caseId, command: { type: 'addAction', index: i, action: newAction(id(), `${title} ${i}`, { dueAt }) } });
      }
    }
    const seen: Record<string, number> = {};
    for (let offset = 0; offset < 4; offset++) {
      const [item] = b.ok('cases:list', { sort, limit: 1, offset }).items;
      seen[item!.title] = item!.overdueActions;
    }
    expect(seen).toEqual(wanted);
    expect(b.ok('cases:list', { sort }).items.map((i) => i.title)).toEqual(
      [0, 1, 2, 3].map((offset) => b.ok('cases:list', { sort, limit: 1, offset }).items[0]!.title),
    );
  });
});

describe('a long random session', () => {
  it.each([20260501, 7, 1234])('stays equal to the pure function after every command, with contiguous positions, and undoes back to the start (seed %i)', (seed) => {
    const rnd = prng(seed);
    const int = (n: number) => Math.floor(rnd() * n);
    const b = start();
    const { caseId, a } = caseWithFixture(b);
    const refs = [fb(a.B), fb(a.C), fb(a.D), wr(a.W1), wr(a.W2)];
    const startRows = contentDump(b.path, PLAN_TABLES);
    const startPlan = stored(b, caseId).plan;
    const undo: PlanCommand[] = [];
    const seen = new Set<string>();

    for (let step = 0; step < 160; step++) {
      const command = randomPlanCommand(stored(b, caseId).plan, int, randomUUID, refs, step);
      seen.add(command.type);
      undo.push(applyAndCheck(b, caseId, command).inverse);
      if (step % 10 === 0) expectContiguous(b, caseId);
    }
    expectContiguous(b, caseId);
    expect([...seen].sort()).toEqual([...PLAN_COMMAND_TYPES].sort());
    while (undo.length) applyAndCheck(b, caseId, undo.pop()!);
    expectContiguous(b, caseId);
    expect(stored(b, caseId).plan).toEqual(startPlan);
    expect(contentDump(b.path, PLAN_TABLES)).toEqual(startRows);
  });
});

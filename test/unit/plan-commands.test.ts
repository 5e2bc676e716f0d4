import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CausewayError } from '../../shared/contract/errors';
import { applyPlanCommand, PlanCommand, planIds, rootCausesToReopen } from '../../shared/domain/plan-commands';
import { CasePlan, emptyPlan, type RootCauseRef } from '../../shared/domain/plan';
import { newAction, newCheck, newFeedback, newImprovement, newLesson, newNote, PLAN_COMMAND_TYPES, randomPlanCommand } from '../support/plans';

const uuid = (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;
const cause = (n: number): RootCauseRef => ({ source: 'fishbone', id: uuid(900 + n) });
const whyRef = (n: number): RootCauseRef => ({ source: 'whys', id: uuid(950 + n) });

/** Three actions (the first with two notes and a check, the second cancelled), two of each other list. */
function base(): CasePlan {
  return {
    actions: [
      newAction(uuid(1), 'Call back within 2 hours', { rootCauses: [cause(1), whyRef(1)], status: 'in_progress' }, {
        progress: [newNote(uuid(11), 'Rota drafted'), newNote(uuid(12), '排班表已发布', '2026-05-04T10:00:00+08:00')],
        checks: [newCheck(uuid(13), 'partly')],
      }),
      newAction(uuid(2), 'New courier', { status: 'cancelled', cancelReason: 'Contract runs to 2027', rootCauses: [cause(2)] }),
      newAction(uuid(3), 'Train agents', { kind: 'preventive' }),
    ],
    feedback: [newFeedback(uuid(21), 'Customer thanked us', '2026-05-06T09:00:00.000Z'), newFeedback(uuid(22), '客户仍不满意')],
    lessons: [newLesson(uuid(31), 'Escalate earlier'), newLesson(uuid(32), 'The courier called us', { kind: 'got_lucky' })],
    improvements: [newImprovement(uuid(41), 'Refund approval in one step'), newImprovement(uuid(42), 'Monthly drill', 'training')],
  };
}

/** Applies a command (checked against the schema), checks purity and that the inverse restores the start. */
function roundTrip(start: CasePlan, command: PlanCommand): CasePlan {
  expect(PlanCommand.safeParse(command).success).toBe(true);
  const before = structuredClone(start);
  const { plan, inverse } = applyPlanCommand(start, command);
  expect(start).toEqual(before); // pure
  expect(CasePlan.safeParse(plan).success).toBe(true);
  expect(PlanCommand.safeParse(inverse).success).toBe(true);
  expect(applyPlanCommand(plan, inverse).plan).toEqual(before);
  return plan;
}

const refused = (command: PlanCommand, expected: object) => {
  const start = base();
  const before = structuredClone(start);
  expect(() => applyPlanCommand(start, command)).toThrow(expect.objectContaining(expected));
  expect(start).toEqual(before);
};

describe('plan commands', () => {
  it('add, update, move and remove actions; removing one takes its notes and checks, and undo brings them back', () => {
    const added = roundTrip(base(), { type: 'addAction', index: 1, action: newAction(uuid(4), 'Apology letter', { kind: 'containment' }) });
    expect(added.actions.map((a) => a.id)).toEqual([uuid(1), uuid(4), uuid(2), uuid(3)]);
    const last = roundTrip(base(), { type: 'addAction', index: 99, action: newAction(uuid(4), 'x') });
    expect(last.actions.at(-1)!.id).toBe(uuid(4));
    const updated = roundTrip(base(), { type: 'updateAction', id: uuid(3), patch: { status: 'done', owner: '王经理', dueAt: '2026-06-01T00:00:00.000Z', impact: 'high', rootCauses: [whyRef(2)] } });
    expect(updated.actions[2]).toMatchObject({ status: 'done', owner: '王经理', impact: 'high', rootCauses: [whyRef(2)], title: 'Train agents' });
    const moved = roundTrip(base(), { type: 'moveAction', id: uuid(1), index: 2 });
    expect(moved.actions.map((a) => a.id)).toEqual([uuid(2), uuid(3), uuid(1)]);
    const removed = roundTrip(base(), { type: 'removeAction', id: uuid(1) });
    expect(planIds(removed).has(uuid(11))).toBe(false);
    const { inverse } = applyPlanCommand(base(), { type: 'removeAction', id: uuid(1) });
    expect(inverse).toEqual({ type: 'addAction', index: 0, action: base().actions[0] });
  });

  it('add, update and remove progress notes and checks inside their action', () => {
    const note = roundTrip(base(), { type: 'addProgress', actionId: uuid(3), index: 0, note: newNote(uuid(50), 'Trainer booked') });
    expect(note.actions[2]!.progress.map((p) => p.id)).toEqual([uuid(50)]);
    const between = roundTrip(base(), { type: 'addProgress', actionId: uuid(1), index: 1, note: newNote(uuid(51), 'Half done') });
    expect(between.actions[0]!.progress.map((p) => p.id)).toEqual([uuid(11), uuid(51), uuid(12)]);
    expect(roundTrip(base(), { type: 'updateProgress', id: uuid(12), patch: { note: 'Published', at: '2026-05-05T00:00:00Z' } }).actions[0]!.progress[1]).toEqual({
      id: uuid(12),
      note: 'Published',
      at: '2026-05-05T00:00:00Z',
    });
    expect(roundTrip(base(), { type: 'removeProgress', id: uuid(11) }).actions[0]!.progress.map((p) => p.id)).toEqual([uuid(12)]);
    const { inverse } = applyPlanCommand(base(), { type: 'removeProgress', id: uuid(12) });
    expect(inverse).toEqual({ type: 'addProgress', actionId: uuid(1), index: 1, note: base().actions[0]!.progress[1] });

    const check = roundTrip(base(), { type: 'addCheck', actionId: uuid(2), index: 0, check: newCheck(uuid(60), 'effective') });
    expect(check.actions[1]!.checks).toHaveLength(1);
    expect(roundTrip(base(), { type: 'updateCheck', id: uuid(13), patch: { result: 'not_effective', evidence: 'Complaints went up' } }).actions[0]!.checks[0]).toMatchObject({
      result: 'not_effective',
      evidence: 'Complaints went up',
    });
    expect(roundTrip(base(), { type: 'removeCheck', id: uuid(13) }).actions[0]!.checks).toEqual([]);
  });

  it('add, update, move and remove feedback, lessons and improvements', () => {
    expect(roundTrip(base(), { type: 'addFeedback', index: 0, feedback: newFeedback(uuid(70), 'Called to confirm') }).feedback.map((f) => f.id)).toEqual([uuid(70), uuid(21), uuid(22)]);
    expect(roundTrip(base(), { type: 'updateFeedback', id: uuid(22), patch: { at: '2026-05-07T00:00:00.000Z' } }).feedback[1]!.at).toBe('2026-05-07T00:00:00.000Z');
    expect(roundTrip(base(), { type: 'removeFeedback', id: uuid(21) }).feedback.map((f) => f.id)).toEqual([uuid(22)]);

    expect(roundTrip(base(), { type: 'addLesson', index: 1, lesson: newLesson(uuid(80), 'Log every call', { kind: 'went_well' }) }).lessons.map((l) => l.id)).toEqual([uuid(31), uuid(80), uuid(32)]);
    expect(roundTrip(base(), { type: 'updateLesson', id: uuid(31), patch: { appliesTouchpoint: 'delivery', appliesScenario: 'emergency', appliesDepartment: '物流部' } }).lessons[0]).toMatchObject({
      appliesTouchpoint: 'delivery',
      appliesScenario: 'emergency',
      appliesDepartment: '物流部',
    });
    expect(roundTrip(base(), { type: 'moveLesson', id: uuid(31), index: 5 }).lessons.map((l) => l.id)).toEqual([uuid(32), uuid(31)]);
    expect(roundTrip(base(), { type: 'removeLesson', id: uuid(32) }).lessons).toHaveLength(1);

    expect(roundTrip(base(), { type: 'addImprovement', index: 2, improvement: newImprovement(uuid(90), 'Grant refunds up to ¥200', 'authorisation') }).improvements.map((x) => x.id)).toEqual([
      uuid(41),
      uuid(42),
      uuid(90),
    ]);
    expect(roundTrip(base(), { type: 'updateImprovement', id: uuid(42), patch: { area: 'communication' } }).improvements[1]!.area).toBe('communication');
    expect(roundTrip(base(), { type: 'moveImprovement', id: uuid(42), index: 0 }).improvements.map((x) => x.id)).toEqual([uuid(42), uuid(41)]);
    expect(roundTrip(base(), { type: 'removeImprovement', id: uuid(41) }).improvements.map((x) => x.id)).toEqual([uuid(42)]);
  });

  it('an update restores only the fields it changed', () => {
    const { inverse } = applyPlanCommand(base(), { type: 'updateAction', id: uuid(2), patch: { status: 'planned', title: 'Courier review' } });
    expect(inverse).toEqual({ type: 'updateAction', id: uuid(2), patch: { status: 'cancelled', title: 'New courier' } });
  });

  it('refuses a missing item or action as not_found', () => {
    const missing = uuid(777);
    refused({ type: 'updateAction', id: missing, patch: { title: 'x' } }, { code: 'not_found' });
    refused({ type: 'moveAction', id: missing, index: 0 }, { code: 'not_found' });
    refused({ type: 'removeAction', id: missing }, { code: 'not_found' });
    refused({ type: 'addProgress', actionId: missing, index: 0, note: newNote(uuid(100), 'x') }, { code: 'not_found' });
    refused({ type: 'addCheck', actionId: uuid(21), index: 0, check: newCheck(uuid(100), 'effective') }, { code: 'not_found' });
    refused({ type: 'updateProgress', id: uuid(13), patch: { note: 'a check id is not a note' } }, { code: 'not_found' });
    refused({ type: 'removeCheck', id: uuid(11) }, { code: 'not_found' });
    refused({ type: 'removeFeedback', id: uuid(31) }, { code: 'not_found' });
    refused({ type: 'moveLesson', id: uuid(41), index: 0 }, { code: 'not_found' });
    refused({ type: 'updateImprovement', id: uuid(31), patch: { text: 'x' } }, { code: 'not_found' });
  });

  it('refuses a cancelled action without a reason, a root cause named twice and a used id', () => {
    const issue = (reason: string) => ({ code: 'validation', extra: { issues: [expect.objectContaining({ reason })] } });
    refused({ type: 'updateAction', id: uuid(3), patch: { status: 'cancelled' } }, issue('cancel_reason_required'));
    refused({ type: 'updateAction', id: uuid(3), patch: { status: 'cancelled', cancelReason: '   ' } }, issue('cancel_reason_required'));
    refused({ type: 'updateAction', id: uuid(2), patch: { cancelReason: '' } }, issue('cancel_reason_required'));
    refused({ type: 'addAction', index: 0, action: newAction(uuid(5), 'x', { status: 'cancelled' }) }, issue('cancel_reason_required'));
    refused({ type: 'updateAction', id: uuid(3), patch: { rootCauses: [cause(1), whyRef(1), cause(1)] } }, issue('duplicate'));
    refused({ type: 'addAction', index: 0, action: newAction(uuid(5), 'x', { rootCauses: [whyRef(3), whyRef(3)] }) }, issue('duplicate'));
    // The same id under the other source is another root cause.
    roundTrip(base(), { type: 'updateAction', id: uuid(3), patch: { rootCauses: [cause(5), { source: 'whys', id: cause(5).id }] } });
    refused({ type: 'addAction', index: 0, action: newAction(uuid(1), 'x') }, issue('duplicate'));
    refused({ type: 'addLesson', index: 0, lesson: newLesson(uuid(41), 'an improvement id') }, issue('duplicate'));
    refused({ type: 'addAction', index: 0, action: newAction(uuid(5), 'x', {}, { progress: [newNote(uuid(12), 'a used note id')] }) }, issue('duplicate'));
    refused({ type: 'addAction', index: 0, action: newAction(uuid(5), 'x', {}, { progress: [newNote(uuid(6), 'a')], checks: [newCheck(uuid(6), 'effective')] }) }, issue('duplicate'));
    refused({ type: 'addProgress', actionId: uuid(3), index: 0, note: newNote(uuid(3), 'its own action id') }, issue('duplicate'));
    // A done action may keep the reason it once had for cancelling; a cancelled one may change it.
    roundTrip(base(), { type: 'updateAction', id: uuid(2), patch: { status: 'planned' } });
    roundTrip(base(), { type: 'updateAction', id: uuid(2), patch: { cancelReason: 'Budget moved to Q3' } });
  });

  it('refuses one item past a list limit', () => {
    const full: CasePlan = { ...emptyPlan(), actions: [newAction(uuid(1), 'a', {}, { checks: Array.from({ length: 200 }, (_, i) => newCheck(uuid(2000 + i), 'partly')) })] };
    expect(() => applyPlanCommand(full, { type: 'addCheck', actionId: uuid(1), index: 0, check: newCheck(uuid(3), 'effective') })).toThrow(
      expect.objectContaining({ code: 'validation', extra: { issues: [{ path: ['checks'], reason: 'too_many' }] } }),
    );
    const lessons: CasePlan = { ...emptyPlan(), lessons: Array.from({ length: 1000 }, (_, i) => newLesson(uuid(5000 + i), 'l')) };
    expect(() => applyPlanCommand(lessons, { type: 'addLesson', index: 0, lesson: newLesson(uuid(3), 'one more') })).toThrow(CausewayError);
  });

  it('names the root causes a check found not effective, once each, only when it becomes so', () => {
    const start = base();
    const notEffective = applyPlanCommand(start, { type: 'updateCheck', id: uuid(13), patch: { result: 'not_effective' } }).plan;
    expect(rootCausesToReopen(start, notEffective)).toEqual([cause(1), whyRef(1)]);
    // Already not effective before: nothing to reopen when only the evidence changes.
    const evidence = applyPlanCommand(notEffective, { type: 'updateCheck', id: uuid(13), patch: { evidence: 'survey' } }).plan;
    expect(rootCausesToReopen(notEffective, evidence)).toEqual([]);
    // A second not-effective check on an action sharing a root cause: each ref once.
    const shared = applyPlanCommand(start, { type: 'updateAction', id: uuid(3), patch: { rootCauses: [whyRef(1), cause(3)] } }).plan;
    const two = applyPlanCommand(shared, { type: 'addCheck', actionId: uuid(3), index: 0, check: newCheck(uuid(14), 'not_effective') }).plan;
    const both = applyPlanCommand(two, { type: 'updateCheck', id: uuid(13), patch: { result: 'not_effective' } }).plan;
    expect(rootCausesToReopen(shared, both)).toEqual([cause(1), whyRef(1), cause(3)]);
    // Removing, or another result, reopens nothing; an action restored with such a check does.
    expect(rootCausesToReopen(notEffective, applyPlanCommand(notEffective, { type: 'removeCheck', id: uuid(13) }).plan)).toEqual([]);
    expect(rootCausesToReopen(start, applyPlanCommand(start, { type: 'updateCheck', id: uuid(13), patch: { result: 'effective' } }).plan)).toEqual([]);
    const { plan: gone, inverse } = applyPlanCommand(notEffective, { type: 'removeAction', id: uuid(1) });
    expect(rootCausesToReopen(gone, applyPlanCommand(gone, inverse).plan)).toEqual([cause(1), whyRef(1)]);
  });

  it('its schema refuses empty titles and notes, unknown keys, and lists inside an action patch', () => {
    const id = uuid(1);
    expect(PlanCommand.safeParse({ type: 'updateAction', id, patch: { title: '  ' } }).success).toBe(false);
    expect(PlanCommand.safeParse({ type: 'updateAction', id, patch: { progress: [] } }).success).toBe(false);
    expect(PlanCommand.safeParse({ type: 'updateAction', id, patch: { impact: 'huge' } }).success).toBe(false);
    expect(PlanCommand.safeParse({ type: 'updateProgress', id, patch: { note: '' } }).success).toBe(false);
    expect(PlanCommand.safeParse({ type: 'updateProgress', id, patch: { id } }).success).toBe(false);
    expect(PlanCommand.safeParse({ type: 'moveProgress', id, index: 0 }).success).toBe(false);
    expect(PlanCommand.safeParse({ type: 'removeLesson', id, extra: 1 }).success).toBe(false);
    expect(PlanCommand.safeParse({ type: 'updateAction', id, patch: { rootCauses: [{ source: 'timeline', id }] } }).success).toBe(false);
    expect(PLAN_COMMAND_TYPES).toHaveLength(21);
  });

  it('any sequence of commands undone in reverse gives back the start (property)', () => {
    const refs = [cause(1), cause(2), cause(3), whyRef(1), whyRef(2)];
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.boolean(), fc.array(fc.array(fc.nat(), { minLength: 12, maxLength: 12 }), { maxLength: 40 }), (fromBase, steps) => {
        const start = fromBase ? base() : emptyPlan();
        let plan = start;
        const undo: PlanCommand[] = [];
        let fresh = 10_000;
        steps.forEach((picks, step) => {
          let k = 0;
          const int = (n: number) => picks[k++ % picks.length]! % n;
          const command = randomPlanCommand(plan, int, () => uuid(fresh++), refs, step);
          seen.add(command.type);
          const applied = applyPlanCommand(plan, PlanCommand.parse(command));
          expect(CasePlan.safeParse(applied.plan).success).toBe(true);
          plan = applied.plan;
          undo.push(applied.inverse);
        });
        for (const inverse of undo.reverse()) plan = applyPlanCommand(plan, inverse).plan;
        expect(plan).toEqual(start);
      }),
      { numRuns: 300 },
    );
    expect([...seen].sort()).toEqual([...PLAN_COMMAND_TYPES].sort());
  });
});

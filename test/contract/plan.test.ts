import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultActionFields } from '../../shared/domain/plan';
import { LIMITS } from '../../shared/domain/vocabulary';
import { defaultWhyFields } from '../../shared/domain/whys';
import { useBackend, type Backend } from '../support/backend';
import { expectMalformedRefused, malformedGetPayloads, seedFishbone, type ExpectedIssues } from '../support/documents';

const { start } = useBackend();

/** A case with one fishbone cause, one why, and a plan holding one item of each list, so commands
 *  have real ids to name. */
function seeded(b: Backend) {
  const causeId = randomUUID();
  const caseId = seedFishbone(b, { causeId });
  const ids = {
    caseId,
    causeId,
    whyId: randomUUID(),
    actionId: randomUUID(),
    noteId: randomUUID(),
    checkId: randomUUID(),
    feedbackId: randomUUID(),
    lessonId: randomUUID(),
    improvementId: randomUUID(),
  };
  b.ok('whys:apply', {
    caseId,
    command: { type: 'addAnalysis', index: 0, analysis: { id: randomUUID(), startCauseId: null, question: '', direction: 'LR', whys: [{ id: ids.whyId, ...defaultWhyFields('No budget'), children: [] }] } },
  });
  b.ok('plan:apply', {
    caseId,
    command: {
      type: 'addAction',
      index: 0,
      action: {
        id: ids.actionId,
        ...defaultActionFields('Train the team'),
        rootCauses: [{ source: 'fishbone', id: ids.causeId }],
        progress: [{ id: ids.noteId, at: '2026-05-01T00:00:00.000Z', note: 'Booked' }],
        checks: [{ id: ids.checkId, result: 'partly', evidence: '', checkedAt: '2026-05-20T00:00:00.000Z', checkedBy: '' }],
      },
    },
  });
  b.ok('plan:apply', { caseId, command: { type: 'addFeedback', index: 0, feedback: { id: ids.feedbackId, at: null, note: 'Happy' } } });
  b.ok('plan:apply', {
    caseId,
    command: { type: 'addLesson', index: 0, lesson: { id: ids.lessonId, kind: 'went_well', text: 'Fast', appliesDepartment: '', appliesTouchpoint: null, appliesScenario: null } },
  });
  b.ok('plan:apply', { caseId, command: { type: 'addImprovement', index: 0, improvement: { id: ids.improvementId, area: 'process', text: 'One step' } } });
  return ids;
}
type Ids = ReturnType<typeof seeded>;

const newAction = (fields: Record<string, unknown> = {}) => ({ id: randomUUID(), ...defaultActionFields('New'), progress: [], checks: [], ...fields });

describe('plan:apply refuses a malformed command as validation, and writes nothing', () => {
  const payloads: Array<[string, (ids: Ids) => unknown, ExpectedIssues]> = [
    ['an unknown command type', ({ caseId }) => ({ caseId, command: { type: 'explode' } }), [{ path: ['command', 'type'] }]],
    ['a 5-Whys command', ({ caseId, whyId }) => ({ caseId, command: { type: 'removeWhy', id: whyId } }), [{ path: ['command', 'type'] }]],
    ['a move of a progress note (they have none)', ({ caseId, noteId }) => ({ caseId, command: { type: 'moveProgress', id: noteId, index: 0 } }), [{ path: ['command', 'type'] }]],
    ['no command', ({ caseId }) => ({ caseId }), [{ path: ['command'], reason: 'invalid_type' }]],
    ['no caseId', ({ lessonId }) => ({ command: { type: 'removeLesson', id: lessonId } }), [{ path: ['caseId'], reason: 'invalid_type' }]],
    ['an extra key on the payload', ({ caseId, lessonId }) => ({ caseId, command: { type: 'removeLesson', id: lessonId }, by: 'me' }), [{ path: ['by'], reason: 'unknown_field' }]],
    ['an extra key on the command', ({ caseId, lessonId }) => ({ caseId, command: { type: 'removeLesson', id: lessonId, by: 'me' } }), [{ path: ['command', 'by'], reason: 'unknown_field' }]],
    ['an extra key in an action patch', ({ caseId, actionId }) => ({ caseId, command: { type: 'updateAction', id: actionId, patch: { colour: 'red' } } }), [{ path: ['command', 'patch', 'colour'], reason: 'unknown_field' }]],
    ['progress in an action patch', ({ caseId, actionId }) => ({ caseId, command: { type: 'updateAction', id: actionId, patch: { progress: [] } } }), [{ path: ['command', 'patch', 'progress'], reason: 'unknown_field' }]],
    ['an id in a lesson patch', ({ caseId, lessonId }) => ({ caseId, command: { type: 'updateLesson', id: lessonId, patch: { id: randomUUID() } } }), [{ path: ['command', 'patch', 'id'], reason: 'unknown_field' }]],
    ['an action without checks', ({ caseId }) => {
      const { checks: _, ...action } = newAction();
      return { caseId, command: { type: 'addAction', index: 0, action } };
    }, [{ path: ['command', 'action', 'checks'], reason: 'invalid_type' }]],
    ['an action without impact', ({ caseId }) => {
      const { impact: _, ...action } = newAction();
      return { caseId, command: { type: 'addAction', index: 0, action } };
    }, [{ path: ['command', 'action', 'impact'] }]],
    ['an empty title', ({ caseId, actionId }) => ({ caseId, command: { type: 'updateAction', id: actionId, patch: { title: ' ' } } }), [{ path: ['command', 'patch', 'title'], reason: 'required' }]],
    ['a title of 501 characters', ({ caseId, actionId }) => ({ caseId, command: { type: 'updateAction', id: actionId, patch: { title: 'x'.repeat(LIMITS.shortText + 1) } } }), [{ path: ['command', 'patch', 'title'], reason: 'too_long' }]],
    ['an empty progress note', ({ caseId, noteId }) => ({ caseId, command: { type: 'updateProgress', id: noteId, patch: { note: '' } } }), [{ path: ['command', 'patch', 'note'], reason: 'required' }]],
    ['evidence over the limit', ({ caseId, checkId }) => ({ caseId, command: { type: 'updateCheck', id: checkId, patch: { evidence: 'e'.repeat(LIMITS.longText + 1) } } }), [{ path: ['command', 'patch', 'evidence'], reason: 'too_long' }]],
    ['an unknown status', ({ caseId, actionId }) => ({ caseId, command: { type: 'updateAction', id: actionId, patch: { status: 'abandoned' } } }), [{ path: ['command', 'patch', 'status'], reason: 'invalid_choice' }]],
    ['an unknown impact', ({ caseId, actionId }) => ({ caseId, command: { type: 'updateAction', id: actionId, patch: { impact: 'huge' } } }), [{ path: ['command', 'patch', 'impact'], reason: 'invalid_choice' }]],
    ['an unknown check result', ({ caseId, checkId }) => ({ caseId, command: { type: 'updateCheck', id: checkId, patch: { result: 'worse' } } }), [{ path: ['command', 'patch', 'result'], reason: 'invalid_choice' }]],
    ['an unknown improvement area', ({ caseId, improvementId }) => ({ caseId, command: { type: 'updateImprovement', id: improvementId, patch: { area: 'budget' } } }), [{ path: ['command', 'patch', 'area'], reason: 'invalid_choice' }]],
    ['an unknown root-cause source', ({ caseId, actionId, causeId }) => ({ caseId, command: { type: 'updateAction', id: actionId, patch: { rootCauses: [{ source: 'timeline', id: causeId }] } } }), [{ path: ['command', 'patch', 'rootCauses', 0, 'source'] }]],
    ['a root cause with an extra key', ({ caseId, actionId, causeId }) => ({ caseId, command: { type: 'updateAction', id: actionId, patch: { rootCauses: [{ source: 'fishbone', id: causeId, weight: 1 }] } } }), [{ path: ['command', 'patch', 'rootCauses', 0, 'weight'], reason: 'unknown_field' }]],
    ['a due date that is not an instant', ({ caseId, actionId }) => ({ caseId, command: { type: 'updateAction', id: actionId, patch: { dueAt: 'next Friday' } } }), [{ path: ['command', 'patch', 'dueAt'], reason: 'invalid_format' }]],
    ['a check without its date', ({ caseId, actionId }) => ({ caseId, command: { type: 'addCheck', actionId, index: 0, check: { id: randomUUID(), result: 'effective', evidence: '', checkedBy: '' } } }), [{ path: ['command', 'check', 'checkedAt'] }]],
    ['a non-uuid caseId', ({ lessonId }) => ({ caseId: 'case-1', command: { type: 'removeLesson', id: lessonId } }), [{ path: ['caseId'], reason: 'invalid_format' }]],
    ['a non-uuid new action id', ({ caseId }) => ({ caseId, command: { type: 'addAction', index: 0, action: newAction({ id: 'mine' }) } }), [{ path: ['command', 'action', 'id'], reason: 'invalid_format' }]],
    ['a non-uuid actionId', ({ caseId }) => ({ caseId, command: { type: 'addProgress', actionId: 'a', index: 0, note: { id: randomUUID(), at: '2026-05-01T00:00:00Z', note: 'x' } } }), [{ path: ['command', 'actionId'], reason: 'invalid_format' }]],
    ['a negative index', ({ caseId, lessonId }) => ({ caseId, command: { type: 'moveLesson', id: lessonId, index: -1 } }), [{ path: ['command', 'index'] }]],
    ['a fractional index', ({ caseId }) => ({ caseId, command: { type: 'addAction', index: 0.5, action: newAction() } }), [{ path: ['command', 'index'] }]],
    ['too many root causes', ({ caseId, actionId }) => ({ caseId, command: { type: 'updateAction', id: actionId, patch: { rootCauses: Array.from({ length: 201 }, () => ({ source: 'whys', id: randomUUID() })) } } }), [{ path: ['command', 'patch', 'rootCauses'], reason: 'too_long' }]],
  ];

  it.each(payloads)('%s', (_name, make, expected) => {
    const b = start();
    expectMalformedRefused(b, 'plan:apply', make(seeded(b)), expected);
  });
});

describe('plan:get', () => {
  it.each(malformedGetPayloads())('refuses %s as validation', (_name, payload, issue) => {
    const b = start();
    expect(b.fail('plan:get', payload)).toMatchObject({ code: 'validation', issues: [issue] });
  });

  it('answers in the output contract after every kind of write', () => {
    const b = start();
    const ids = seeded(b);
    const { caseId } = ids;
    b.ok('plan:apply', {
      caseId,
      command: {
        type: 'updateAction',
        id: ids.actionId,
        patch: { status: 'cancelled', cancelReason: 'Merged', dueAt: '2026-06-01T00:00:00+08:00', impact: 'high', rootCauses: [{ source: 'whys', id: ids.whyId }] },
      },
    });
    b.ok('whys:apply', { caseId, command: { type: 'updateWhy', id: ids.whyId, patch: { status: 'verified' } } });
    b.ok('plan:apply', { caseId, command: { type: 'updateCheck', id: ids.checkId, patch: { result: 'not_effective' } } });
    b.ok('plan:apply', { caseId, command: { type: 'updateLesson', id: ids.lessonId, patch: { appliesTouchpoint: 'delivery', appliesScenario: 'emergency' } } });
    b.ok('plan:apply', { caseId, command: { type: 'updateFeedback', id: ids.feedbackId, patch: { at: '2026-05-02T00:00:00.000Z' } } });
    // The test backend checks every output against its schema: a row mapped wrongly fails here.
    expect(b.ok('plan:get', { caseId })).toMatchObject({
      revision: 11,
      plan: {
        actions: [{ id: ids.actionId, status: 'cancelled', impact: 'high', rootCauses: [{ source: 'whys', id: ids.whyId }], progress: [{ id: ids.noteId }], checks: [{ result: 'not_effective' }] }],
        feedback: [{ at: '2026-05-02T00:00:00.000Z' }],
        lessons: [{ appliesTouchpoint: 'delivery', appliesScenario: 'emergency' }],
        improvements: [{ id: ids.improvementId }],
      },
    });
    expect(b.ok('whys:get', { caseId }).analyses[0]!.whys[0]!.status).toBe('hypothesis');
  });

  it('cases:list answers with the overdue count in its output contract', () => {
    const b = start();
    seeded(b);
    expect(b.ok('cases:list', {}).items[0]!.overdueActions).toBe(0);
  });
});

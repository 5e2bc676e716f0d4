import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultCaseFields, type TimelineEvent, type TimelineEventFields } from '../../shared/domain/case';
import { LIMITS } from '../../shared/domain/vocabulary';
import { dumpDatabase, manualClock, positionsOf, useBackend, type Backend } from '../support/backend';

const { start } = useBackend();

const event = (description: string, kind: TimelineEventFields['kind'] = 'other', at: string | null = null): TimelineEventFields => ({
  at,
  description,
  kind,
});

/** A case whose timeline holds events A, B, C... in that order. */
function caseWith(b: Backend, names: string[]) {
  const { id } = b.ok('cases:create', { language: 'en' }).case;
  for (const n of names) b.ok('timeline:add', { caseId: id, event: event(n) });
  return { caseId: id, events: b.ok('cases:get', { id }).timeline };
}

const descriptions = (timeline: TimelineEvent[]) => timeline.map((e) => e.description);
const revisionOf = (b: Backend, id: string) => b.ok('cases:get', { id }).case.revision;

/** Positions are 0..n-1 with no gap or repeat, in the table itself. */
function expectContiguous(b: Backend, caseId: string) {
  const rows = positionsOf(b.path, caseId);
  expect(rows.map((r) => r.position)).toEqual(rows.map((_, i) => i));
}

describe('adding an event', () => {
  it('at the end gives it the next position and moves the case revision on', () => {
    const clock = manualClock('2026-02-01T00:00:00.000Z');
    const b = start({ now: clock.now });
    const { id: caseId } = b.ok('cases:create', { language: 'zh-CN' }).case;
    clock.advance(1000);

    const first = b.ok('timeline:add', { caseId, event: event('客户首次来电投诉', 'detected', '2026-01-31T09:00:00.000+08:00') });
    expect(first).toEqual({
      revision: 1,
      event: {
        id: expect.any(String),
        caseId,
        position: 0,
        at: '2026-01-31T09:00:00.000+08:00',
        description: '客户首次来电投诉',
        kind: 'detected',
        createdAt: '2026-02-01T00:00:01.000Z',
        updatedAt: '2026-02-01T00:00:01.000Z',
      },
    });
    const second = b.ok('timeline:add', { caseId, event: event('Escalated', 'escalated') });
    expect(second).toMatchObject({ revision: 2, event: { position: 1 } });
    expect(b.ok('cases:get', { id: caseId })).toMatchObject({
      case: { revision: 2, updatedAt: '2026-02-01T00:00:01.000Z' },
      timeline: [first.event, second.event],
    });
  });

  it('at an index shifts the later events down', () => {
    const b = start();
    const { caseId } = caseWith(b, ['A', 'B', 'C']);
    b.ok('timeline:add', { caseId, event: event('first'), index: 0 });
    b.ok('timeline:add', { caseId, event: event('middle'), index: 2 });
    expect(descriptions(b.ok('cases:get', { id: caseId }).timeline)).toEqual(['first', 'A', 'middle', 'B', 'C']);
    expectContiguous(b, caseId);
  });

  it('at an index past the end appends it', () => {
    const b = start();
    const { caseId } = caseWith(b, ['A', 'B']);
    expect(b.ok('timeline:add', { caseId, event: event('Z'), index: 99 }).event.position).toBe(2);
    expectContiguous(b, caseId);
  });

  it('under an id the client chose keeps that id', () => {
    const b = start();
    const { caseId } = caseWith(b, ['A']);
    const id = randomUUID();
    const added = b.ok('timeline:add', { caseId, id, event: event('typed before the write returned'), index: 0 });
    expect(added.event).toMatchObject({ id, caseId, position: 0 });
    expect(b.ok('cases:get', { id: caseId }).timeline.map((e) => e.id)[0]).toBe(id);
  });

  it('under an id already taken is a conflict and writes nothing', () => {
    const b = start();
    const { caseId, events } = caseWith(b, ['A', 'B']);
    const other = caseWith(b, ['x']);
    const before = dumpDatabase(b.path);
    for (const [target, id] of [
      [caseId, events[1]!.id],
      [other.caseId, events[0]!.id],
    ] as const) {
      expect(b.fail('timeline:add', { caseId: target, id, event: event('duplicate'), index: 0 })).toMatchObject({ code: 'conflict', reason: 'exists' });
    }
    expect(dumpDatabase(b.path)).toEqual(before);
  });

  it('under an id that is not a uuid is a validation error', () => {
    const b = start();
    const { caseId } = caseWith(b, []);
    expect(b.fail('timeline:add', { caseId, id: 'row-1', event: event('x') })).toMatchObject({
      code: 'validation',
      issues: [{ path: ['id'], reason: 'invalid_format' }],
    });
  });

  it('to an unknown case is not_found and writes nothing', () => {
    const b = start();
    caseWith(b, ['A']);
    const before = dumpDatabase(b.path);
    expect(b.fail('timeline:add', { caseId: randomUUID(), event: event('x') })).toMatchObject({ code: 'not_found' });
    expect(dumpDatabase(b.path)).toEqual(before);
  });

  it(`beyond ${LIMITS.timelineEvents} events is refused and writes nothing`, () => {
    const b = start();
    const full = b.library.repo.create(
      defaultCaseFields('Full'),
      Array.from({ length: LIMITS.timelineEvents }, (_, i) => event(`e${i}`)),
    );
    const before = dumpDatabase(b.path);
    expect(b.fail('timeline:add', { caseId: full.case.id, event: event('one too many') })).toMatchObject({ code: 'validation', reason: 'too_many' });
    expect(dumpDatabase(b.path)).toEqual(before);
  });

  it.each([
    [{ event: { at: null, description: 'x', kind: 'meeting' } }, ['event', 'kind'], 'invalid_choice'],
    [{ event: { description: 'x', kind: 'other' } }, ['event', 'at'], 'invalid_type'],
    [{ event: { at: 'noon', description: 'x', kind: 'other' } }, ['event', 'at'], 'invalid_format'],
    [{ event: { at: null, description: 'x'.repeat(100_001), kind: 'other' } }, ['event', 'description'], 'too_long'],
    [{ event: { at: null, description: 'x', kind: 'other', id: 'mine' } }, ['event', 'id'], 'unknown_field'],
    [{ event: { at: null, description: 'x', kind: 'other' }, index: -1 }, ['index'], 'too_small'],
    [{ event: { at: null, description: 'x', kind: 'other' }, index: 0.5 }, ['index'], 'invalid_type'],
  ])('with %j is a validation error naming the field', (payload, path, reason) => {
    const b = start();
    const { caseId } = caseWith(b, ['A']);
    const before = dumpDatabase(b.path);
    const error = b.fail('timeline:add', { caseId, ...payload });
    expect(error.code).toBe('validation');
    expect(error.issues).toContainEqual({ path, reason });
    expect(dumpDatabase(b.path)).toEqual(before);
  });
});

describe('updating an event', () => {
  it('changes only the patched fields and moves the case revision on', () => {
    const clock = manualClock('2026-02-01T00:00:00.000Z');
    const b = start({ now: clock.now });
    const { caseId, events } = caseWith(b, ['A', 'B']);
    const revision = revisionOf(b, caseId);
    clock.advance(5000);

    const { revision: next, event: updated } = b.ok('timeline:update', {
      id: events[1]!.id,
      patch: { description: 'B, corrected', at: '2026-01-30T12:00:00.000Z' },
    });
    expect(next).toBe(revision + 1);
    expect(updated).toEqual({ ...events[1], description: 'B, corrected', at: '2026-01-30T12:00:00.000Z', updatedAt: '2026-02-01T00:00:05.000Z' });

    const cleared = b.ok('timeline:update', { id: events[1]!.id, patch: { at: null, kind: 'resolved' } });
    expect(cleared.event).toMatchObject({ at: null, kind: 'resolved', description: 'B, corrected' });
    expect(b.ok('cases:get', { id: caseId }).timeline[0]).toEqual(events[0]);
  });

  it('of an unknown event is not_found and writes nothing', () => {
    const b = start();
    caseWith(b, ['A']);
    const before = dumpDatabase(b.path);
    expect(b.fail('timeline:update', { id: randomUUID(), patch: { description: 'x' } })).toMatchObject({ code: 'not_found' });
    expect(dumpDatabase(b.path)).toEqual(before);
  });

  it('refuses a position in the patch: order changes go through move', () => {
    const b = start();
    const { events } = caseWith(b, ['A', 'B']);
    expect(b.fail('timeline:update', { id: events[0]!.id, patch: { position: 1 } })).toMatchObject({
      code: 'validation',
      issues: [{ path: ['patch', 'position'], reason: 'unknown_field' }],
    });
  });
});

describe('moving an event', () => {
  it.each([
    ['last to first', 4, 0, ['E', 'A', 'B', 'C', 'D']],
    ['first to last', 0, 4, ['B', 'C', 'D', 'E', 'A']],
    ['into the middle', 0, 2, ['B', 'C', 'A', 'D', 'E']],
    ['backwards into the middle', 3, 1, ['A', 'D', 'B', 'C', 'E']],
    ['past the end', 1, 50, ['A', 'C', 'D', 'E', 'B']],
    ['onto itself', 2, 2, ['A', 'B', 'C', 'D', 'E']],
  ])('%s keeps positions contiguous', (_name, from, to, order) => {
    const b = start();
    const { caseId, events } = caseWith(b, ['A', 'B', 'C', 'D', 'E']);
    const revision = revisionOf(b, caseId);
    const moved = b.ok('timeline:move', { id: events[from]!.id, toIndex: to });
    expect(moved.revision).toBe(revision + 1);
    expect(descriptions(moved.timeline)).toEqual(order);
    expect(moved.timeline.map((e) => e.position)).toEqual([0, 1, 2, 3, 4]);
    expect(b.ok('cases:get', { id: caseId }).timeline).toEqual(moved.timeline);
    expectContiguous(b, caseId);
  });

  it('touches only its own case', () => {
    const b = start();
    const one = caseWith(b, ['A', 'B', 'C']);
    const other = caseWith(b, ['x', 'y']);
    const otherRevision = revisionOf(b, other.caseId);
    b.ok('timeline:move', { id: one.events[2]!.id, toIndex: 0 });
    expect(b.ok('cases:get', { id: other.caseId }).timeline).toEqual(other.events);
    expect(revisionOf(b, other.caseId)).toBe(otherRevision);
  });

  it('of an unknown event is not_found', () => {
    const b = start();
    caseWith(b, ['A']);
    expect(b.fail('timeline:move', { id: randomUUID(), toIndex: 0 })).toMatchObject({ code: 'not_found' });
  });
});

describe('removing an event', () => {
  it('renumbers the rest and moves the case revision on', () => {
    const b = start();
    const { caseId, events } = caseWith(b, ['A', 'B', 'C', 'D']);
    const revision = revisionOf(b, caseId);
    const removed = b.ok('timeline:remove', { id: events[1]!.id });
    expect(removed.revision).toBe(revision + 1);
    expect(descriptions(removed.timeline)).toEqual(['A', 'C', 'D']);
    expect(removed.timeline.map((e) => e.position)).toEqual([0, 1, 2]);
    expectContiguous(b, caseId);

    b.ok('timeline:remove', { id: events[3]!.id });
    b.ok('timeline:remove', { id: events[0]!.id });
    const last = b.ok('timeline:remove', { id: events[2]!.id });
    expect(last.timeline).toEqual([]);
  });

  it('twice is not_found the second time', () => {
    const b = start();
    const { events } = caseWith(b, ['A']);
    b.ok('timeline:remove', { id: events[0]!.id });
    expect(b.fail('timeline:remove', { id: events[0]!.id })).toMatchObject({ code: 'not_found' });
  });
});

describe('every timeline change', () => {
  it('makes an editor holding the previous case revision stale', () => {
    const b = start();
    const { caseId, events } = caseWith(b, ['A', 'B']);
    const steps: (() => unknown)[] = [
      () => b.ok('timeline:add', { caseId, event: event('C') }),
      () => b.ok('timeline:update', { id: events[0]!.id, patch: { kind: 'action' } }),
      () => b.ok('timeline:move', { id: events[0]!.id, toIndex: 1 }),
      () => b.ok('timeline:remove', { id: events[1]!.id }),
    ];
    for (const step of steps) {
      const held = revisionOf(b, caseId);
      step();
      expect(b.fail('cases:update', { id: caseId, revision: held, patch: { title: 'stale edit' } })).toMatchObject({ code: 'conflict', reason: 'stale' });
    }
    expect(revisionOf(b, caseId)).toBe(2 + steps.length);
  });
});

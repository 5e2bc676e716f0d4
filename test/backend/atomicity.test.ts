/** Multi-row writes are all-or-nothing. Each test plants a trigger that aborts one statement
 *  part-way through a write (after earlier rows have changed) and checks nothing partial remains. */
import { describe, expect, it } from 'vitest';
import { dumpDatabase, useBackend, withConnection, type Backend } from '../support/backend';

const { start } = useBackend();

/** Adds a trigger through a second connection to the live file; the library sees it at once. */
function plantTrigger(b: Backend, sql: string) {
  withConnection(b.path, (db) => db.exec(sql));
}

function caseWith(b: Backend, names: string[]) {
  const { id } = b.ok('cases:create', { language: 'en', title: 'Atomic' }).case;
  for (const description of names) b.ok('timeline:add', { caseId: id, event: { at: null, description, kind: 'other' } });
  return { caseId: id, events: b.ok('cases:get', { id }).timeline };
}

/** Runs a write that must fail on the planted trigger, and checks every table is as before. */
function expectAllOrNothing(b: Backend, method: string, payload: unknown) {
  const before = dumpDatabase(b.path);
  expect(b.fail(method, payload)).toMatchObject({ code: 'storage', reason: 'SQLITE_CONSTRAINT_TRIGGER' });
  expect(dumpDatabase(b.path)).toEqual(before);
  expect(b.logged).toHaveLength(1);
}

describe('a write interrupted part-way leaves nothing behind', () => {
  it('updating a case and its tags', () => {
    const b = start();
    const { caseId } = caseWith(b, []);
    plantTrigger(b, `CREATE TRIGGER boom BEFORE INSERT ON case_tags WHEN NEW.tag = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    expectAllOrNothing(b, 'cases:update', { id: caseId, revision: 0, patch: { title: 'Half saved?', tags: ['fine', 'boom'] } });
    expect(b.ok('cases:get', { id: caseId }).case).toMatchObject({ title: 'Atomic', revision: 0, tags: [] });
  });

  it('adding an event at an index (after the later events were shifted)', () => {
    const b = start();
    const { caseId } = caseWith(b, ['A', 'B', 'C']);
    plantTrigger(b, `CREATE TRIGGER boom BEFORE INSERT ON timeline_events WHEN NEW.description = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    expectAllOrNothing(b, 'timeline:add', { caseId, event: { at: null, description: 'boom', kind: 'other' }, index: 0 });
  });

  it('updating an event (after the case revision moved on)', () => {
    const b = start();
    const { events } = caseWith(b, ['A', 'B']);
    plantTrigger(b, `CREATE TRIGGER boom BEFORE UPDATE ON timeline_events WHEN NEW.description = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    expectAllOrNothing(b, 'timeline:update', { id: events[1]!.id, patch: { description: 'boom' } });
  });

  it('moving an event (after some positions were rewritten)', () => {
    const b = start();
    const { events } = caseWith(b, ['A', 'B', 'C', 'D', 'E']);
    // Moving E to the front rewrites E->0, A->1, B->2, then fails on C->3.
    plantTrigger(b, `CREATE TRIGGER boom BEFORE UPDATE OF position ON timeline_events WHEN NEW.position = 3 BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    expectAllOrNothing(b, 'timeline:move', { id: events[4]!.id, toIndex: 0 });
  });

  it('removing an event (after it was deleted, while renumbering)', () => {
    const b = start();
    const { events } = caseWith(b, ['A', 'B', 'C', 'D']);
    plantTrigger(b, `CREATE TRIGGER boom BEFORE UPDATE OF position ON timeline_events WHEN NEW.position = 1 BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    expectAllOrNothing(b, 'timeline:remove', { id: events[0]!.id });
  });

  it('emptying the trash (after the first case and its events were deleted)', () => {
    const b = start();
    const first = caseWith(b, ['fine']);
    const second = caseWith(b, ['boom']);
    b.ok('cases:trash', { id: first.caseId });
    b.ok('cases:trash', { id: second.caseId });
    plantTrigger(b, `CREATE TRIGGER boom BEFORE DELETE ON timeline_events WHEN OLD.description = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    expectAllOrNothing(b, 'cases:emptyTrash', {});
    expect(b.ok('cases:list', {}).trashCount).toBe(2);
  });

  it('loading the demo cases (after the first case was stored)', () => {
    const b = start();
    plantTrigger(b, `CREATE TRIGGER boom BEFORE INSERT ON timeline_events WHEN NEW.description LIKE '%on-premises%' BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    expectAllOrNothing(b, 'demo:load', { language: 'en' });
    expect(b.ok('cases:list', {}).total).toBe(0);
  });

  it('and the library keeps working once the cause is gone', () => {
    const b = start();
    const { events } = caseWith(b, ['A', 'B', 'C', 'D', 'E']);
    plantTrigger(b, `CREATE TRIGGER boom BEFORE UPDATE OF position ON timeline_events WHEN NEW.position = 3 BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    expect(b.fail('timeline:move', { id: events[4]!.id, toIndex: 0 })).toMatchObject({ code: 'storage' });
    plantTrigger(b, 'DROP TRIGGER boom');
    const moved = b.ok('timeline:move', { id: events[4]!.id, toIndex: 0 });
    expect(moved.timeline.map((e) => e.description)).toEqual(['E', 'A', 'B', 'C', 'D']);
  });
});

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { manualClock, useBackend, withConnection, type Backend } from '../support/backend';

const { start } = useBackend();

const count = (path: string, sql: string, ...params: unknown[]) =>
  withConnection(path, (db) => db.prepare(sql).pluck().get(...params) as number, { readonly: true });

/** A case with a timeline and tags, so a delete has rows to cascade to. */
function caseWithTimeline(b: Backend, title: string, events = 3): string {
  const { id } = b.ok('cases:create', { language: 'en', title }).case;
  b.ok('cases:update', { id, revision: 0, patch: { tags: ['a', 'b'] } });
  for (let i = 0; i < events; i++) b.ok('timeline:add', { caseId: id, event: { at: null, description: `${title} ${i}`, kind: 'other' } });
  return id;
}

describe('trashing a case', () => {
  it('takes it out of the list, keeps it readable, and marks when it happened', () => {
    const clock = manualClock('2026-01-01T00:00:00.000Z');
    const b = start({ now: clock.now });
    const id = caseWithTimeline(b, 'To the bin');
    clock.advance(1000);
    const trashed = b.ok('cases:trash', { id });
    expect(trashed).toMatchObject({ id, deletedAt: '2026-01-01T00:00:01.000Z', revision: 5 });
    expect(b.ok('cases:list', {})).toMatchObject({ total: 0, trashCount: 1 });
    expect(b.ok('cases:get', { id }).timeline).toHaveLength(3);
  });

  it('and restoring it brings it back with its timeline and tags', () => {
    const b = start();
    const id = caseWithTimeline(b, 'Round trip');
    b.ok('cases:trash', { id });
    const restored = b.ok('cases:restore', { id });
    expect(restored).toMatchObject({ id, deletedAt: null, tags: ['a', 'b'] });
    const page = b.ok('cases:list', {});
    expect(page.items.map((i) => i.id)).toEqual([id]);
    expect(page.trashCount).toBe(0);
    expect(b.ok('cases:get', { id }).timeline.map((e) => e.description)).toEqual(['Round trip 0', 'Round trip 1', 'Round trip 2']);
  });

  it('moves the revision on, so an editor holding the old revision gets a conflict', () => {
    const b = start();
    const { id } = b.ok('cases:create', { language: 'en' }).case;
    b.ok('cases:trash', { id });
    b.ok('cases:restore', { id });
    expect(b.fail('cases:update', { id, revision: 0, patch: { title: 'old view' } })).toMatchObject({ code: 'conflict', reason: 'stale' });
  });

  it('keeps timeline edits out while the case is in the trash', () => {
    const b = start();
    const id = caseWithTimeline(b, 'Binned', 1);
    const [event] = b.ok('cases:get', { id }).timeline;
    b.ok('cases:trash', { id });
    expect(b.fail('timeline:add', { caseId: id, event: { at: null, description: 'x', kind: 'other' } })).toMatchObject({
      code: 'conflict',
      reason: 'trashed',
    });
    expect(b.fail('timeline:remove', { id: event!.id })).toMatchObject({ code: 'conflict', reason: 'trashed' });
    expect(b.ok('cases:get', { id }).timeline).toHaveLength(1);
  });

  it.each(['cases:trash', 'cases:restore'] as const)('%s of an unknown case is not_found', (method) => {
    const b = start();
    expect(b.fail(method, { id: randomUUID() })).toMatchObject({ code: 'not_found' });
  });
});

describe('emptying the trash', () => {
  it('deletes only trashed cases, cascading to their timeline events and tags, and returns how many', () => {
    const b = start();
    const keep = caseWithTimeline(b, 'Keep', 2);
    const goneA = caseWithTimeline(b, 'Gone A', 3);
    const goneB = caseWithTimeline(b, 'Gone B', 4);
    b.ok('cases:trash', { id: goneA });
    b.ok('cases:trash', { id: goneB });
    expect(count(b.path, 'SELECT count(*) FROM timeline_events')).toBe(9);

    expect(b.ok('cases:emptyTrash', {})).toEqual({ removed: 2 });

    expect(b.ok('cases:list', {})).toMatchObject({ total: 1, trashCount: 0 });
    expect(b.ok('cases:list', { trashed: true }).items).toEqual([]);
    for (const id of [goneA, goneB]) {
      expect(b.fail('cases:get', { id })).toMatchObject({ code: 'not_found' });
      expect(count(b.path, 'SELECT count(*) FROM timeline_events WHERE case_id = ?', id)).toBe(0);
      expect(count(b.path, 'SELECT count(*) FROM case_tags WHERE case_id = ?', id)).toBe(0);
    }
    expect(count(b.path, 'SELECT count(*) FROM timeline_events WHERE case_id = ?', keep)).toBe(2);
    expect(count(b.path, 'SELECT count(*) FROM case_tags WHERE case_id = ?', keep)).toBe(2);
    expect(withConnection(b.path, (db) => db.pragma('foreign_key_check'), { readonly: true })).toEqual([]);
  });

  it('with nothing in the trash removes nothing', () => {
    const b = start();
    caseWithTimeline(b, 'Live', 1);
    expect(b.ok('cases:emptyTrash', {})).toEqual({ removed: 0 });
    expect(b.ok('cases:list', {}).total).toBe(1);
  });

  it('refuses a payload', () => {
    const b = start();
    expect(b.fail('cases:emptyTrash', { all: true })).toMatchObject({ code: 'validation' });
  });
});

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultCauseFields } from '../../shared/domain/fishbone';
import { dumpDatabase, useBackend, withConnection, type Backend } from '../support/backend';

const { start } = useBackend();

/** Several people on one case, each window with the revision it last read. */

const ev = (description: string) => ({ at: null, description, kind: 'other' as const });

function newCase(b: Backend) {
  const detail = b.ok('cases:create', { language: 'en' });
  return { id: detail.case.id, revision: detail.case.revision };
}

const stale = { code: 'conflict', reason: 'stale' };

describe('every write names the revision it was based on', () => {
  it('two windows: a stale window cannot launder its revision through a timeline write (the reported repro)', () => {
    const b = start();
    const { id, revision: r0 } = newCase(b);
    // A reads r0; B saves the problem at r0.
    const b1 = b.ok('cases:update', { id, revision: r0, patch: { problem: 'written by B' } });
    expect(b1.revision).toBe(r0 + 1);
    // A, still showing the old text, adds an event based on r0: refused, nothing written.
    const before = dumpDatabase(b.path);
    expect(b.fail('timeline:add', { caseId: id, revision: r0, event: ev('added by A') })).toMatchObject(stale);
    expect(dumpDatabase(b.path)).toEqual(before);
    // Nor can A then overwrite B's text with any revision it was told by its own writes.
    expect(b.fail('cases:update', { id, revision: r0, patch: { problem: 'A overwrites' } })).toMatchObject(stale);
    expect(b.ok('cases:get', { id }).case.problem).toBe('written by B');
  });

  it.each([
    ['timeline:update', (eventId: string) => ({ id: eventId, patch: { description: 'stale' } })],
    ['timeline:move', (eventId: string) => ({ id: eventId, toIndex: 1 })],
    ['timeline:remove', (eventId: string) => ({ id: eventId })],
  ] as const)('refuses a stale %s and changes nothing', (method, input) => {
    const b = start();
    const { id } = newCase(b);
    const first = b.ok('timeline:add', { caseId: id, revision: 0, event: ev('first') });
    b.ok('timeline:add', { caseId: id, revision: first.revision, event: ev('second') });
    const before = dumpDatabase(b.path);
    expect(b.fail(method, { ...input(first.event.id), revision: first.revision })).toMatchObject(stale);
    expect(dumpDatabase(b.path)).toEqual(before);
  });

  it('accepts each write based on the current revision, each moving it on by one', () => {
    const b = start();
    const { id } = newCase(b);
    const added = b.ok('timeline:add', { caseId: id, revision: 0, event: ev('first') });
    expect(added.revision).toBe(1);
    const updated = b.ok('timeline:update', { id: added.event.id, revision: 1, patch: { description: 'changed' } });
    expect(updated.revision).toBe(2);
    expect(b.ok('cases:update', { id, revision: 2, patch: { title: 'Next' } }).revision).toBe(3);
  });

  it('refuses stale document commands (fishbone, whys, plan) before working them out', () => {
    const b = start();
    const { id } = newCase(b);
    const categoryId = randomUUID();
    const r1 = b.ok('fishbone:apply', { caseId: id, revision: 0, command: { type: 'addCategory', index: 0, category: { id: categoryId, label: 'People', templateKey: null, causes: [] } } }).revision;
    const causeId = randomUUID();
    const r2 = b.ok('fishbone:apply', {
      caseId: id,
      revision: r1,
      command: { type: 'addCause', parent: { categoryId, causeId: null }, index: 0, cause: { id: causeId, ...defaultCauseFields('Staff not trained'), children: [] } },
    }).revision;
    // Window B edits the cause's text; window A, still at r2, edits the same text.
    b.ok('fishbone:apply', { caseId: id, revision: r2, command: { type: 'updateCause', id: causeId, patch: { text: 'B' } } });
    const before = dumpDatabase(b.path);
    expect(b.fail('fishbone:apply', { caseId: id, revision: r2, command: { type: 'updateCause', id: causeId, patch: { text: 'A' } } })).toMatchObject(stale);
    // A command that would trip over the newer document (a removed cause) is still reported as stale.
    expect(b.fail('fishbone:apply', { caseId: id, revision: r2, command: { type: 'removeCause', id: randomUUID() } })).toMatchObject(stale);
    expect(
      b.fail('whys:apply', {
        caseId: id,
        revision: r2,
        command: { type: 'addAnalysis', index: 0, analysis: { id: randomUUID(), startCauseId: null, question: 'Why?', direction: 'TB', whys: [] } },
      }),
    ).toMatchObject(stale);
    expect(b.fail('plan:apply', { caseId: id, revision: r2, command: { type: 'addFeedback', index: 0, feedback: { id: randomUUID(), at: null, note: 'x' } } })).toMatchObject(
      stale,
    );
    expect(dumpDatabase(b.path)).toEqual(before);
    expect(b.ok('fishbone:get', { caseId: id }).fishbone.categories[0]!.causes[0]!.text).toBe('B');
  });

  it('still refuses a write to a trashed case as trashed, whatever its base', () => {
    const b = start();
    const { id } = newCase(b);
    b.ok('cases:trash', { id });
    expect(b.fail('timeline:add', { caseId: id, revision: 1, event: ev('x') })).toMatchObject({ code: 'conflict', reason: 'trashed' });
  });
});

describe('operation ids make a re-sent write safe', () => {
  it('answers a replayed operation with its first reply: applied once, not refused as stale', () => {
    const b = start();
    const { id } = newCase(b);
    const opId = randomUUID();
    const input = { caseId: id, revision: 0, opId, event: ev('sent twice') };
    const first = b.ok('timeline:add', input);
    const again = b.ok('timeline:add', input);
    expect(again).toEqual(first);
    expect(b.ok('cases:get', { id }).timeline.map((e) => e.description)).toEqual(['sent twice']);
    expect(b.ok('cases:get', { id }).case.revision).toBe(1);

    const update = { id, revision: 1, opId: randomUUID(), patch: { problem: 'once' } };
    const saved = b.ok('cases:update', update);
    expect(b.ok('cases:update', update)).toEqual(saved);
    expect(b.ok('cases:get', { id }).case.revision).toBe(2);
  });

  it('applies a replayed document command once', () => {
    const b = start();
    const { id } = newCase(b);
    const command = { type: 'addCategory' as const, index: 0, category: { id: randomUUID(), label: 'People', templateKey: null, causes: [] } };
    const opId = randomUUID();
    expect(b.ok('fishbone:apply', { caseId: id, revision: 0, opId, command })).toEqual({ revision: 1 });
    expect(b.ok('fishbone:apply', { caseId: id, revision: 0, opId, command })).toEqual({ revision: 1 });
    expect(b.ok('fishbone:get', { caseId: id }).fishbone.categories).toHaveLength(1);
  });

  it('forgets a refused write: the same operation applies once it is valid', () => {
    const b = start();
    const { id } = newCase(b);
    const opId = randomUUID();
    expect(b.fail('cases:update', { id, revision: 5, opId, patch: { problem: 'x' } })).toMatchObject(stale);
    expect(b.ok('cases:update', { id, revision: 0, opId, patch: { problem: 'x' } }).revision).toBe(1);
  });

  it('refuses an operation id reused for another method', () => {
    const b = start();
    const { id } = newCase(b);
    const opId = randomUUID();
    b.ok('cases:update', { id, revision: 0, opId, patch: { problem: 'x' } });
    expect(b.fail('timeline:add', { caseId: id, revision: 1, opId, event: ev('y') })).toMatchObject({ code: 'conflict', reason: 'op_reused' });
  });

  it('keeps applied operations in their own table, in the write transaction', () => {
    const b = start();
    const { id } = newCase(b);
    const opId = randomUUID();
    b.ok('cases:update', { id, revision: 0, opId, patch: { problem: 'x' } });
    const rows = withConnection(b.path, (db) => db.prepare('SELECT op_id, method FROM applied_ops').all());
    expect(rows).toEqual([{ op_id: opId, method: 'cases:update' }]);
  });
});

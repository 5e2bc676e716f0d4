import { describe, expect, it } from 'vitest';
import { ApiFailure } from '../../renderer/src/api/failure';
import { SaveQueue, type PendingWrite } from '../../renderer/src/state/save-queue';

/** The page's localStorage, as a plain map. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

const LIB_A = 'causeway.outbox:/data/a.sqlite';
const LIB_B = 'causeway.outbox:/data/b.sqlite';
const tick = () => new Promise((ok) => setTimeout(ok, 0));

const update = (caseId: string, base: number, seen: Record<string, unknown> = {}): PendingWrite => ({
  method: 'cases:update',
  caseId,
  doc: 'case',
  input: { id: caseId },
  base,
  seen,
});

/** A runner that records what it was asked to send, and can fail the next send. */
function recorder() {
  const sent: { method: string; patch: Record<string, unknown>; opId?: string; base?: number }[] = [];
  let failNext: ApiFailure | null = null;
  const runner = async (write: PendingWrite, patch: Record<string, unknown>) => {
    await Promise.resolve();
    if (failNext) {
      const f = failNext;
      failNext = null;
      throw f;
    }
    sent.push({ method: write.method, patch, opId: write.opId, base: write.base });
  };
  return { sent, runner, failOnce: (f: ApiFailure) => (failNext = f) };
}

const stored = (storage: Storage, key = LIB_A) => JSON.parse(storage.getItem(key) ?? '[]') as { key: string; patch: Record<string, unknown>; write: PendingWrite }[];
const network = () => new ApiFailure({ code: 'internal', message: 'Failed to fetch', reason: 'network' });

describe('the outbox', () => {
  it('keeps queued writes as plain data in storage until they are acknowledged', async () => {
    const storage = new MemoryStorage();
    const q = new SaveQueue(10_000);
    const r = recorder();
    q.setRunner(r.runner);
    q.persistTo(storage, LIB_A);
    q.enqueueWrite('case', update('c1', 4, { problem: '' }), { problem: 'typ' });
    q.enqueueWrite('case', update('c1', 4, { problem: 'ignored: the first seen value is kept' }), { problem: 'typed' });
    q.enqueueWrite('add:e1', { method: 'timeline:add', caseId: 'c1', doc: 'case', input: { caseId: 'c1', id: 'e1', event: { at: null, description: 'x', kind: 'other' } }, base: 4 });
    await tick();
    expect(stored(storage)).toEqual([
      { key: 'case', patch: { problem: 'typed' }, write: update('c1', 4, { problem: '' }) },
      { key: 'add:e1', patch: {}, write: expect.objectContaining({ method: 'timeline:add', input: expect.objectContaining({ id: 'e1' }) }) },
    ]);
    await q.flush();
    expect(r.sent.map((s) => [s.method, s.patch])).toEqual([
      ['cases:update', { problem: 'typed' }],
      ['timeline:add', {}],
    ]);
    expect(storage.getItem(LIB_A)).toBeNull();
  });

  it('sends what a previous page left, in order and ahead of new edits, after a reload', async () => {
    const storage = new MemoryStorage();
    const before = new SaveQueue(10_000);
    before.setRunner(recorder().runner);
    before.persistTo(storage, LIB_A);
    before.enqueueWrite('case', update('c1', 7, { problem: '' }), { problem: 'typed, then reloaded' });
    before.enqueueWrite('event:e1', { method: 'timeline:update', caseId: 'c1', doc: 'case', input: { id: 'e1' }, base: 7 }, { description: 'later' });
    before.persistNow(); // pagehide

    // The reloaded page: a new queue over the same storage.
    const after = new SaveQueue(10_000);
    const r = recorder();
    after.setRunner(r.runner);
    after.enqueueWrite('case', update('c1', 7, { title: 'Old' }), { title: 'New title' }); // typed before the library was known
    after.persistTo(storage, LIB_A);
    expect(after.restore()).toBe(2);
    expect(after.current.kind).toBe('saving');
    await after.flush();
    expect(r.sent.map((s) => [s.method, s.patch])).toEqual([
      ['cases:update', { problem: 'typed, then reloaded' }],
      ['timeline:update', { description: 'later' }],
      ['cases:update', { title: 'New title' }],
    ]);
    expect(storage.getItem(LIB_A)).toBeNull();
  });

  it('re-sends a write whose reply was lost with the same operation id, apart from edits made since', async () => {
    const storage = new MemoryStorage();
    const q = new SaveQueue(10_000);
    const r = recorder();
    q.setRunner(r.runner);
    q.persistTo(storage, LIB_A);
    q.enqueueWrite('case', update('c1', 1, { problem: '' }), { problem: 'first' });
    r.failOnce(network());
    await q.flush();
    expect(q.current).toMatchObject({ kind: 'failed', error: { reason: 'network' } });
    const [kept] = stored(storage);
    expect(kept!.write.opId).toMatch(/^[0-9a-f-]{36}$/);

    q.enqueueWrite('case', update('c1', 1, { problem: '' }), { problem: 'first and more' });
    // Still away: the same two writes wait, however often it is tried.
    r.failOnce(network());
    await q.retry();
    expect(q.pendingWrites().map((p) => [p.patch, p.write.opId === kept!.write.opId])).toEqual([
      [{ problem: 'first' }, true],
      [{ problem: 'first and more' }, false],
    ]);
    await q.retry();
    expect(r.sent).toEqual([
      { method: 'cases:update', patch: { problem: 'first' }, opId: kept!.write.opId, base: 1 },
      { method: 'cases:update', patch: { problem: 'first and more' }, opId: expect.any(String), base: 1 },
    ]);
    expect(r.sent[1]!.opId).not.toBe(kept!.write.opId);
    expect(storage.getItem(LIB_A)).toBeNull();
  });

  it('keeps the operation id of a write in flight when the page goes away, so the next page sends it again as it was', async () => {
    const storage = new MemoryStorage();
    const q = new SaveQueue(10_000);
    let release!: () => void;
    q.setRunner(() => new Promise<void>((ok) => (release = ok)));
    q.persistTo(storage, LIB_A);
    q.enqueueWrite('case', update('c1', 3, { problem: '' }), { problem: 'in flight' });
    const flushing = q.flush();
    await tick();
    const [inFlight] = stored(storage);
    expect(inFlight).toMatchObject({ key: 'case', patch: { problem: 'in flight' }, write: { opId: expect.any(String) } });

    const next = new SaveQueue(10_000);
    const r = recorder();
    next.setRunner(r.runner);
    next.persistTo(storage, LIB_A);
    next.restore();
    await next.flush();
    expect(r.sent).toEqual([{ method: 'cases:update', patch: { problem: 'in flight' }, opId: inFlight!.write.opId, base: 3 }]);
    release();
    await flushing;
  });

  it('takes later edits into a refused write, as a new operation', async () => {
    const q = new SaveQueue(10_000);
    const r = recorder();
    q.setRunner(r.runner);
    q.enqueueWrite('case', update('c1', 1, { title: 'Old' }), { title: 'x' });
    r.failOnce(new ApiFailure({ code: 'storage', message: 'disk full' }));
    await q.flush();
    q.enqueueWrite('case', update('c1', 1, { problem: '' }), { problem: 'p' });
    await q.retry();
    expect(r.sent).toHaveLength(1);
    expect(r.sent[0]!.patch).toEqual({ title: 'x', problem: 'p' });
  });

  it('never mixes two libraries', async () => {
    const storage = new MemoryStorage();
    const a = new SaveQueue(10_000);
    a.setRunner(recorder().runner);
    a.persistTo(storage, LIB_A);
    a.enqueueWrite('case', update('c1', 0), { problem: 'library A' });
    a.persistNow();

    const b = new SaveQueue(10_000);
    const r = recorder();
    b.setRunner(r.runner);
    b.persistTo(storage, LIB_B);
    expect(b.restore()).toBe(0);
    await b.flush();
    expect(r.sent).toEqual([]);
    expect(stored(storage, LIB_A)).toHaveLength(1);
  });

  it('moves queued writes on to the revision this page produced, for the documents it names', () => {
    const q = new SaveQueue(10_000);
    q.setRunner(recorder().runner);
    q.enqueueWrite('case', update('c1', 5), { problem: 'p' });
    q.enqueueWrite('command:1', { method: 'fishbone:apply', caseId: 'c1', doc: 'fishbone', input: { caseId: 'c1', command: { type: 'resetVotes' } }, base: 5 });
    q.enqueueWrite('command:2', { method: 'whys:apply', caseId: 'c1', doc: 'whys', input: { caseId: 'c1', command: {} }, base: 4 });
    q.rebase(5, 6, ['case', 'plan']);
    expect(q.pendingWrites().map((p) => p.write.base)).toEqual([6, 5, 4]);
  });

  it('ignores storage it cannot read', () => {
    const storage = new MemoryStorage();
    storage.setItem(LIB_A, '{not json');
    const q = new SaveQueue(10_000);
    q.setRunner(recorder().runner);
    q.persistTo(storage, LIB_A);
    expect(q.restore()).toBe(0);
    expect(q.hasPending).toBe(false);
  });
});

describe('the outbox across libraries', () => {
  it('leaves one library\'s writes in its storage when another is opened, and takes them up again when it is back', async () => {
    const storage = new MemoryStorage();
    const q = new SaveQueue(10_000);
    const r = recorder();
    q.setRunner(r.runner);
    expect(q.persistTo(storage, LIB_A)).toBe(true);
    q.enqueueWrite('case', update('c1', 0), { problem: 'for library A' });
    expect(q.persistTo(storage, LIB_A)).toBe(false); // the same library asked again: nothing to restore
    expect(q.pendingWrites()).toHaveLength(1);

    expect(q.persistTo(storage, LIB_B)).toBe(true);
    expect(q.restore()).toBe(0);
    expect(q.hasPending).toBe(false);
    await q.flush();
    expect(r.sent).toEqual([]);

    expect(q.persistTo(storage, LIB_A)).toBe(true);
    expect(q.restore()).toBe(1);
    await q.flush();
    expect(r.sent.map((s) => s.patch)).toEqual([{ problem: 'for library A' }]);
  });
});

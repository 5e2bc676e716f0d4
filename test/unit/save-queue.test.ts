import { describe, expect, it } from 'vitest';
import { ApiFailure } from '../../renderer/src/api/failure';
import { SaveQueue, type SaveStatus } from '../../renderer/src/state/save-queue';

function recorder() {
  const sent: { key: string; patch: Record<string, unknown> }[] = [];
  let failNext: ApiFailure | null = null;
  const run = (key: string) => async (patch: Record<string, unknown>) => {
    await Promise.resolve();
    if (failNext) {
      const f = failNext;
      failNext = null;
      throw f;
    }
    sent.push({ key, patch });
  };
  return { sent, run, failOnce: (f: ApiFailure) => (failNext = f) };
}

describe('SaveQueue', () => {
  it('coalesces edits of one key into one write with the latest values', async () => {
    const q = new SaveQueue(10_000);
    const r = recorder();
    q.enqueue('case', { title: 'a' }, r.run('case'));
    q.enqueue('case', { title: 'ab' }, r.run('case'));
    q.enqueue('case', { problem: 'p' }, r.run('case'));
    expect(q.current.kind).toBe('saving');
    await q.flush();
    expect(r.sent).toEqual([{ key: 'case', patch: { title: 'ab', problem: 'p' } }]);
    expect(q.current.kind).toBe('saved');
  });

  it('sends writes in the order they were first queued, one at a time', async () => {
    const q = new SaveQueue(0);
    const order: string[] = [];
    let inFlight = 0;
    const run = (key: string) => async () => {
      inFlight++;
      expect(inFlight).toBe(1);
      await new Promise((ok) => setTimeout(ok, 5));
      order.push(key);
      inFlight--;
    };
    q.enqueue('add:1', {}, run('add:1'), true);
    q.enqueue('event:1', { description: 'x' }, run('event:1'));
    q.enqueue('move:1', {}, run('move:1'), true);
    await q.flush();
    expect(order).toEqual(['add:1', 'event:1', 'move:1']);
  });

  it('keeps a failed write with everything typed since, and sends it all on retry', async () => {
    const q = new SaveQueue(10_000);
    const r = recorder();
    const statuses: SaveStatus['kind'][] = [];
    q.subscribe((s) => statuses.push(s.kind));
    r.failOnce(new ApiFailure({ code: 'storage', message: 'disk full' }));
    q.enqueue('case', { problem: 'first' }, r.run('case'));
    await q.flush();
    expect(q.current).toEqual({ kind: 'failed', error: { code: 'storage', message: 'disk full' } });
    expect(r.sent).toEqual([]);

    q.enqueue('other', { x: 1 }, r.run('other')); // waits behind the failed write
    await Promise.resolve();
    expect(q.current.kind).toBe('failed');
    await q.retry();
    expect(r.sent).toEqual([
      { key: 'case', patch: { problem: 'first' } },
      { key: 'other', patch: { x: 1 } },
    ]);
    expect(q.current.kind).toBe('saved');
    expect(statuses).toContain('failed');
  });

  it('retries by itself when the user edits the data that failed', async () => {
    const q = new SaveQueue(0);
    const r = recorder();
    r.failOnce(new ApiFailure({ code: 'validation', message: 'bad' }));
    q.enqueue('case', { title: 'x' }, r.run('case'));
    await q.flush();
    expect(q.current.kind).toBe('failed');
    q.enqueue('case', { title: 'fixed' }, r.run('case'));
    await new Promise((ok) => setTimeout(ok, 10));
    await q.flush();
    expect(r.sent).toEqual([{ key: 'case', patch: { title: 'fixed' } }]);
    expect(q.current.kind).toBe('saved');
  });

  it('withdraws a field whose queued value the user no longer has', async () => {
    const q = new SaveQueue(10_000);
    const r = recorder();
    q.enqueue('case', { title: 'old', problem: 'p' }, r.run('case'));
    q.withdraw('case', ['title']);
    await q.flush();
    expect(r.sent).toEqual([{ key: 'case', patch: { problem: 'p' } }]);
  });

  it('reports pending work until the last write is done', async () => {
    const q = new SaveQueue(10_000);
    const r = recorder();
    expect(q.hasPending).toBe(false);
    q.enqueue('case', { title: 't' }, r.run('case'));
    expect(q.hasPending).toBe(true);
    await q.flush();
    expect(q.hasPending).toBe(false);
  });

  it('counts a held text as pending and never says saved while it is held', async () => {
    const q = new SaveQueue(10_000);
    const r = recorder();
    q.hold('field', () => undefined);
    expect(q.hasPending).toBe(true);
    expect(q.current.kind).toBe('saving');
    // Another write finishing while the field still holds unqueued text: not "saved".
    q.enqueue('case', { title: 't' }, r.run('case'));
    await q.flush();
    expect(r.sent).toEqual([{ key: 'case', patch: { title: 't' } }]);
    expect(q.current.kind).toBe('saving');
    expect(q.hasPending).toBe(true);
    q.release('field');
    expect(q.hasPending).toBe(false);
    expect(q.current.kind).toBe('saved');
  });

  it('goes back to what it said when a held text is put back without a write', () => {
    const q = new SaveQueue(10_000);
    expect(q.current.kind).toBe('idle');
    q.hold('field', () => undefined);
    expect(q.current.kind).toBe('saving');
    q.release('field');
    expect(q.current.kind).toBe('idle');
    q.release('field'); // a second release changes nothing
    expect(q.current.kind).toBe('idle');
  });

  it('settle() queues every held text so a flush sends it', async () => {
    const q = new SaveQueue(10_000);
    const r = recorder();
    let typed = 'half a sente';
    q.hold('evidence', () => {
      q.enqueue('evidence', { evidence: typed }, r.run('evidence'));
      q.release('evidence');
    });
    // Holding again replaces the callback: the latest text is what gets queued.
    typed = 'half a sentence';
    q.hold('invalid', () => undefined); // a text that cannot be saved stays held
    q.settle();
    await q.flush();
    expect(r.sent).toEqual([{ key: 'evidence', patch: { evidence: 'half a sentence' } }]);
    expect(q.hasPending).toBe(true);
    expect(q.current.kind).toBe('saving');
    q.release('invalid');
    expect(q.current.kind).toBe('saved');
  });

  it('keeps showing a failure while a text is held', async () => {
    const q = new SaveQueue(10_000);
    const r = recorder();
    r.failOnce(new ApiFailure({ code: 'storage', message: 'disk full' }));
    q.enqueue('case', { problem: 'p' }, r.run('case'));
    await q.flush();
    q.hold('field', () => undefined);
    expect(q.current.kind).toBe('failed');
    q.release('field');
    expect(q.current.kind).toBe('failed');
    await q.retry();
    expect(q.current.kind).toBe('saved');
  });
});

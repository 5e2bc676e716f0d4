import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultCauseFields } from '../../shared/domain/fishbone';
import { useBackend, type Backend } from '../support/backend';

/** The page's stores and outbox, in Node, over a real backend on a real SQLite file: the desktop
 *  bridge (window.causeway) is the backend's dispatch. "Window B" is the backend called directly. */

const { start } = useBackend();
let backend: Backend;
const bridge = new Proxy(
  {},
  { get: (_t, method: string) => async (input: unknown) => backend.dispatch(method, JSON.parse(JSON.stringify(input ?? {}))) },
);
(globalThis as unknown as { window: unknown }).window = { causeway: bridge };

let page: {
  workspace: typeof import('../../renderer/src/state/workspace');
  fishbone: typeof import('../../renderer/src/state/fishbone');
  whys: typeof import('../../renderer/src/state/whys');
};
beforeAll(async () => {
  page = {
    workspace: await import('../../renderer/src/state/workspace'),
    fishbone: await import('../../renderer/src/state/fishbone'),
    whys: await import('../../renderer/src/state/whys'),
  };
});

const revision = (id: string) => backend.ok('cases:get', { id }).case.revision;

describe('a stale write from this page', () => {
  it('goes over a change to another field without asking, shows it, and is a conflict on the same field', async () => {
    backend = start();
    const { queue, useWorkspace } = page.workspace;
    const id = backend.ok('cases:create', { language: 'en' }).case.id;
    await useWorkspace.getState().open(id);

    backend.ok('cases:update', { id, revision: revision(id), patch: { problem: 'from window B' } });
    useWorkspace.getState().edit('department', 'Billing', true);
    await queue.flush();
    expect(queue.current.kind).toBe('saved');
    expect(backend.ok('cases:get', { id }).case).toMatchObject({ department: 'Billing', problem: 'from window B' });
    expect(useWorkspace.getState().draft).toMatchObject({ department: 'Billing', problem: 'from window B' });

    backend.ok('cases:update', { id, revision: revision(id), patch: { problem: 'from window B, again' } });
    useWorkspace.getState().edit('problem', 'from this page', true);
    await queue.flush();
    expect(queue.current).toMatchObject({ kind: 'failed', error: { code: 'conflict', reason: 'stale' } });
    expect(backend.ok('cases:get', { id }).case.problem).toBe('from window B, again');
    expect(useWorkspace.getState().draft?.problem).toBe('from this page');

    await useWorkspace.getState().keepMine();
    expect(queue.current.kind).toBe('saved');
    expect(backend.ok('cases:get', { id }).case.problem).toBe('from this page');
  });

  it('cannot launder a stale copy through a timeline write (the reported two-window repro)', async () => {
    backend = start();
    const { queue, useWorkspace } = page.workspace;
    const id = backend.ok('cases:create', { language: 'en' }).case.id;
    await useWorkspace.getState().open(id);
    backend.ok('cases:update', { id, revision: revision(id), patch: { problem: 'from window B' } });
    // This page types over the old text, then adds an event: the field edit goes first and is refused.
    useWorkspace.getState().edit('problem', 'typed over the old text');
    useWorkspace.getState().addEvent({ at: null, description: 'added here', kind: 'other' });
    await queue.flush();
    expect(queue.current).toMatchObject({ kind: 'failed', error: { code: 'conflict' } });
    expect(backend.ok('cases:get', { id }).case.problem).toBe('from window B');

    await useWorkspace.getState().reload();
    expect(useWorkspace.getState().draft?.problem).toBe('from window B');
    expect(queue.hasPending).toBe(false);
  });

  it('re-applies a command whose target nobody else changed, and refuses one over a newer text of the same node', async () => {
    backend = start();
    const { queue, useWorkspace } = page.workspace;
    const { useFishbone } = page.fishbone;
    const id = backend.ok('cases:create', { language: 'en' }).case.id;
    const [one, two] = [randomUUID(), randomUUID()];
    backend.ok('fishbone:apply', {
      caseId: id,
      command: {
        type: 'addCategory',
        index: 0,
        category: {
          id: randomUUID(),
          label: 'People',
          templateKey: null,
          causes: [
            { id: one, ...defaultCauseFields('one'), children: [] },
            { id: two, ...defaultCauseFields('two'), children: [] },
          ],
        },
      },
    });
    await useWorkspace.getState().open(id);
    await useFishbone.getState().load(id);
    const texts = () => backend.ok('fishbone:get', { caseId: id }).fishbone.categories[0]!.causes.map((c) => c.text);

    backend.ok('fishbone:apply', { caseId: id, revision: revision(id), command: { type: 'updateCause', id: one, patch: { text: 'one, by B' } } });
    useFishbone.getState().run({ type: 'updateCause', id: two, patch: { text: 'two, here' } });
    await queue.flush();
    expect(queue.current.kind).toBe('saved');
    expect(texts()).toEqual(['one, by B', 'two, here']);
    expect(useFishbone.getState().doc!.categories[0]!.causes.map((c) => c.text)).toEqual(['one, by B', 'two, here']);

    backend.ok('fishbone:apply', { caseId: id, revision: revision(id), command: { type: 'updateCause', id: two, patch: { text: 'two, by B' } } });
    useFishbone.getState().run({ type: 'updateCause', id: two, patch: { text: 'two, here again' } });
    await queue.flush();
    expect(queue.current).toMatchObject({ kind: 'failed', error: { code: 'conflict', reason: 'stale' } });
    expect(texts()).toEqual(['one, by B', 'two, by B']);

    await useWorkspace.getState().reload();
    expect(useFishbone.getState().doc!.categories[0]!.causes.map((c) => c.text)).toEqual(['one, by B', 'two, by B']);
  });

  it('merges timeline edits field by field, and refuses one over a newer text of the same event', async () => {
    backend = start();
    const { queue, useWorkspace } = page.workspace;
    const id = backend.ok('cases:create', { language: 'en' }).case.id;
    const added = backend.ok('timeline:add', { caseId: id, revision: 0, event: { at: null, description: 'first call', kind: 'other' } });
    await useWorkspace.getState().open(id);
    backend.ok('timeline:update', { id: added.event.id, revision: revision(id), patch: { kind: 'detected' } });
    useWorkspace.getState().editEvent(added.event.id, { description: 'first call, 09:10' }, true);
    await queue.flush();
    expect(queue.current.kind).toBe('saved');
    expect(backend.ok('cases:get', { id }).timeline[0]).toMatchObject({ kind: 'detected', description: 'first call, 09:10' });
    expect(useWorkspace.getState().timeline[0]).toMatchObject({ kind: 'detected', description: 'first call, 09:10' });

    backend.ok('timeline:update', { id: added.event.id, revision: revision(id), patch: { description: 'by B' } });
    useWorkspace.getState().editEvent(added.event.id, { description: 'here' }, true);
    await queue.flush();
    expect(queue.current).toMatchObject({ kind: 'failed', error: { code: 'conflict' } });
    expect(backend.ok('cases:get', { id }).timeline[0]!.description).toBe('by B');
    await useWorkspace.getState().reload();
  });

  it('re-applies a 5-Whys command on another analysis after a change elsewhere', async () => {
    backend = start();
    const { queue, useWorkspace } = page.workspace;
    const { useWhys } = page.whys;
    const id = backend.ok('cases:create', { language: 'en' }).case.id;
    const [first, second] = [randomUUID(), randomUUID()];
    for (const [index, analysisId] of [first, second].entries()) {
      backend.ok('whys:apply', {
        caseId: id,
        command: { type: 'addAnalysis', index, analysis: { id: analysisId, startCauseId: null, question: `Q${index}`, direction: 'TB', whys: [] } },
      });
    }
    await useWorkspace.getState().open(id);
    await useWhys.getState().load(id);
    backend.ok('whys:apply', { caseId: id, revision: revision(id), command: { type: 'updateAnalysis', id: first, patch: { question: 'Q0 by B' } } });
    useWhys.getState().run({ type: 'updateAnalysis', id: second, patch: { question: 'Q1 here' } });
    await queue.flush();
    expect(queue.current.kind).toBe('saved');
    expect(backend.ok('whys:get', { caseId: id }).analyses.map((a) => a.question)).toEqual(['Q0 by B', 'Q1 here']);
    expect(useWhys.getState().doc!.map((a) => a.question)).toEqual(['Q0 by B', 'Q1 here']);
  });

  it('does not take its own edit in flight for someone else\'s', async () => {
    backend = start();
    const { queue, useWorkspace } = page.workspace;
    const id = backend.ok('cases:create', { language: 'en' }).case.id;
    await useWorkspace.getState().open(id);
    const real = backend.dispatch;
    let meddled = false;
    backend = {
      ...backend,
      dispatch: ((method: string, payload: unknown) => {
        const result = real(method, payload);
        // Right after this page's first save lands, and while the user types on, window B edits another field.
        if (method === 'cases:update' && !meddled) {
          meddled = true;
          useWorkspace.getState().edit('problem', 'one, two', true);
          real('cases:update', { id, revision: revision(id), patch: { department: 'Billing' } });
        }
        return result;
      }) as Backend['dispatch'],
    };
    useWorkspace.getState().edit('problem', 'one', true);
    await queue.flush();
    expect(queue.current.kind).toBe('saved');
    expect(backend.ok('cases:get', { id }).case).toMatchObject({ problem: 'one, two', department: 'Billing' });
  });

  it('answers a write sent twice (a lost reply) once', async () => {
    backend = start();
    const { queue, useWorkspace } = page.workspace;
    const id = backend.ok('cases:create', { language: 'en' }).case.id;
    await useWorkspace.getState().open(id);
    const real = backend.dispatch;
    let lose = true;
    // The first timeline:add is applied, but its reply never arrives.
    backend = {
      ...backend,
      dispatch: ((method: string, payload: unknown) => {
        const result = real(method, payload);
        if (method === 'timeline:add' && lose) {
          lose = false;
          return { ok: false, error: { code: 'internal', message: 'Failed to fetch', reason: 'network' } };
        }
        return result;
      }) as Backend['dispatch'],
    };
    useWorkspace.getState().addEvent({ at: null, description: 'once', kind: 'other' });
    await queue.flush();
    expect(queue.current).toMatchObject({ kind: 'failed', error: { reason: 'network' } });
    await queue.retry();
    expect(queue.current.kind).toBe('saved');
    expect(backend.ok('cases:get', { id }).timeline.map((e) => e.description)).toEqual(['once']);
    // ... and this page's next write is on the revision that write produced, not refused as stale.
    useWorkspace.getState().edit('problem', 'after the replay', true);
    await queue.flush();
    expect(queue.current.kind).toBe('saved');
    expect(backend.ok('cases:get', { id }).case.problem).toBe('after the replay');
  });
});

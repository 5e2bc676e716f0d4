import { beforeEach, describe, expect, it, vi } from 'vitest';

// The store saves through the case's queue, whose module reaches the host through api/client; the
// client is replaced so the store runs here without a page. Nothing here calls it.
vi.mock('../../renderer/src/api/client', () => ({ call: vi.fn(), bridge: {} }));

const { createCommandStore, discardBurst, inBurst } = await import('../../renderer/src/state/command-store');
const { queue } = await import('../../renderer/src/state/workspace');

/** A document of named texts; a command sets one text and its inverse puts the old one back. */
type Doc = Record<string, string>;
interface SetText {
  id: string;
  text: string;
}

function makeStore() {
  const sent: SetText[] = [];
  // The queue sends commands as data through its runner: record what reaches it.
  queue.setRunner(async (write) => {
    await Promise.resolve();
    sent.push(write.input.command as SetText);
  });
  const store = createCommandStore<Doc, SetText, { from: string | null }>({
    fetch: async () => ({ doc: { a: 'before', b: 'other' }, revision: 1 }),
    method: 'fishbone:apply',
    doc: 'fishbone',
    apply: (doc, command) => {
      if (!(command.id in doc)) throw new Error(`no node ${command.id}`);
      return { doc: { ...doc, [command.id]: command.text }, inverse: { id: command.id, text: doc[command.id]! } };
    },
    isViewOnly: () => false,
    exists: (doc, id) => id in doc,
    fallback: () => null,
    textOf: (doc, id) => doc[id] ?? '',
  });
  return { store, sent };
}

describe('command store coalescing', () => {
  beforeEach(() => queue.reset());

  it('makes one undo step and one write of a burst saved before the queue sends', async () => {
    const { store, sent } = makeStore();
    await store.getState().load('case-1');
    const { run } = store.getState();
    run({ id: 'a', text: 'h' }, { coalesce: 'burst-1' });
    run({ id: 'a', text: 'he' }, { coalesce: 'burst-1' });
    run({ id: 'a', text: 'hello' }, { coalesce: 'burst-1' });
    expect(store.getState().doc).toEqual({ a: 'hello', b: 'other' });
    expect(store.getState().undoStack).toHaveLength(1);
    await queue.flush();
    // The queued write was replaced, not sent three times.
    expect(sent).toEqual([{ id: 'a', text: 'hello' }]);
    store.getState().undo();
    expect(store.getState().doc!.a).toBe('before');
    await queue.flush();
    expect(sent.at(-1)).toEqual({ id: 'a', text: 'before' });
  });

  it('keeps one undo step when the burst saves again after its first write was sent', async () => {
    const { store, sent } = makeStore();
    await store.getState().load('case-1');
    store.getState().run({ id: 'a', text: 'first' }, { coalesce: 'burst-1' });
    await queue.flush();
    store.getState().run({ id: 'a', text: 'first and second' }, { coalesce: 'burst-1' });
    await queue.flush();
    expect(sent).toEqual([
      { id: 'a', text: 'first' },
      { id: 'a', text: 'first and second' },
    ]);
    expect(store.getState().undoStack).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().doc!.a).toBe('before');
    store.getState().redo();
    expect(store.getState().doc!.a).toBe('first and second');
  });

  it('starts a new step for another burst, or when another step came between', async () => {
    const { store } = makeStore();
    await store.getState().load('case-1');
    const { run } = store.getState();
    run({ id: 'a', text: 'x' }, { coalesce: 'burst-1' });
    run({ id: 'b', text: 'y' }, { coalesce: 'burst-2' });
    run({ id: 'a', text: 'xx' }, { coalesce: 'burst-1' });
    run({ id: 'a', text: 'xxx' });
    run({ id: 'a', text: 'xxxx' });
    expect(store.getState().undoStack).toHaveLength(5);
    await queue.flush();
  });

  it('runs only the first command of an inBurst save in the burst', async () => {
    const { store } = makeStore();
    await store.getState().load('case-1');
    const { run } = store.getState();
    inBurst('burst-1', () => run({ id: 'a', text: 'one' }));
    inBurst('burst-1', () => {
      run({ id: 'a', text: 'two' });
      run({ id: 'b', text: 'not part of it' });
    });
    const stack = store.getState().undoStack;
    expect(stack).toHaveLength(2);
    expect(stack[0]).toMatchObject({ forward: { id: 'a', text: 'two' }, inverse: { id: 'a', text: 'before' } });
    expect(stack[1]).toMatchObject({ forward: { id: 'b', text: 'not part of it' }, inverse: { id: 'b', text: 'other' } });
    await queue.flush();
  });

  it('discards a burst (Escape): the text before it, no redo step, its unsent write replaced', async () => {
    const { store, sent } = makeStore();
    await store.getState().load('case-1');
    store.getState().run({ id: 'a', text: 'typo' }, { coalesce: 'burst-1' });
    expect(discardBurst('other-burst')).toBe(false);
    expect(discardBurst('burst-1')).toBe(true);
    expect(store.getState().doc!.a).toBe('before');
    expect(store.getState().undoStack).toHaveLength(0);
    expect(store.getState().redoStack).toHaveLength(0);
    await queue.flush();
    expect(sent).toEqual([{ id: 'a', text: 'before' }]);
  });

  it('holds the queue while text typed in place differs from the node, and settles it on leaving', async () => {
    const { store, sent } = makeStore();
    await store.getState().load('case-1');
    store.setState({
      settleEdit: () => {
        const { editing, run } = store.getState();
        if (editing && run({ id: editing.id, text: editing.text })) store.setState({ editing: null });
      },
    });
    store.getState().startEdit('a');
    expect(queue.hasPending).toBe(false);
    store.getState().setEditText('typed in place');
    expect(queue.hasPending).toBe(true);
    expect(queue.current.kind).toBe('saving');
    queue.settle();
    await queue.flush();
    expect(sent).toEqual([{ id: 'a', text: 'typed in place' }]);
    expect(queue.hasPending).toBe(false);
    expect(queue.current.kind).toBe('saved');

    // Cancelled: nothing to keep, nothing pending.
    store.getState().startEdit('b');
    store.getState().setEditText('changed my mind');
    expect(queue.hasPending).toBe(true);
    store.getState().cancelEdit();
    expect(queue.hasPending).toBe(false);

    // A new node being drafted counts once it has text.
    store.getState().startDraft({ from: 'a' });
    expect(queue.hasPending).toBe(false);
    store.getState().setEditText('new node');
    expect(queue.hasPending).toBe(true);
    store.getState().cancelEdit();
    expect(queue.hasPending).toBe(false);
  });
});

import { create } from 'zustand';
import { CausewayError } from '../../../shared/contract/errors';
import { ApiFailure } from '../api/failure';
import { baseOf, deepEqual, registerDoc, setBase } from './outbox';
import type { DocName, PendingWrite, WriteMethod } from './save-queue';
import { queue } from './workspace';

/** The state of a tree editor (the fishbone, the 5-Whys) over one case's document. Every edit is a
 *  command: applied here at once with the same pure function the backend runs, queued for saving
 *  behind the case's other writes, and kept with its inverse as one undo step. Selection, the text
 *  being typed and the viewport are not history. */

export const DRAFT_ID = 'draft';

/** A node of a diagram, by id (the fishbone's head is 'head', a 5-Whys question its analysis id). */
export type NodeRef = string;

export interface Editing {
  id: NodeRef;
  text: string;
  /** A reason key (`required`, `too_long`) shown in place; the edit is not saved until fixed. */
  error: string | null;
}

interface HistoryEntry<Command> {
  forward: Command;
  inverse: Command;
  /** The burst of typing this step stands for: later saves of the same burst replace `forward`. */
  coalesce?: string;
  /** The save queue's job for `forward`: a coalesced save not sent yet replaces it, never doubles it. */
  queueKey?: string;
}

export interface RunOptions {
  /** A key naming one burst of typing in one field of one node: consecutive saves with the same key
   *  are one undo step (the first one's inverse is kept, the command is the latest). */
  coalesce?: string;
}

/** The burst that the next `run` inside `inBurst` belongs to (see inBurst). */
let ambientBurst: string | null = null;

/** Runs `save` so that the one command it runs joins the typing burst `key` (the text fields'
 *  saves go through callbacks that run one command each; this spares each of them a parameter). */
export function inBurst<T>(key: string, save: () => T): T {
  const before = ambientBurst;
  ambientBurst = key;
  try {
    return save();
  } finally {
    ambientBurst = before;
  }
}

const burstStores: Array<{ discard(key: string): boolean }> = [];

/** Escape in a text field: takes back what a burst of typing has saved, without a redo step.
 *  False when no editor's last step is that burst. */
export function discardBurst(key: string): boolean {
  return burstStores.some((store) => store.discard(key));
}

let storeCount = 0;

export interface CommandState<Doc, Command, Draft> {
  caseId: string | null;
  doc: Doc | null;
  loadError: unknown;
  /** The last command that could not apply (the view translates it). */
  lastError: unknown;
  selected: NodeRef | null;
  editing: Editing | null;
  /** A node being created: shown in place while its text is typed, stored once it has some. */
  draft: Draft | null;
  undoStack: HistoryEntry<Command>[];
  redoStack: HistoryEntry<Command>[];
  load(caseId: string): Promise<void>;
  /** Fetches a case's document before anything shows it (app start): the first `load` of that
   *  case then takes this result instead of fetching it again. */
  prefetch(caseId: string): Promise<void>;
  /** Applies a command; false (and lastError set) when it cannot apply. */
  run(command: Command, options?: RunOptions): boolean;
  /** Takes back the last step if it is the burst `key` (see discardBurst). */
  discard(key: string): boolean;
  /** Ends in-place editing by saving its text (set by the editor's code): the save queue calls it
   *  before the page goes away, so a label being typed is not lost. */
  settleEdit: (() => unknown) | null;
  undo(): void;
  redo(): void;
  select(id: NodeRef | null): void;
  startEdit(id: NodeRef, text?: string): void;
  setEditText(text: string): void;
  startDraft(draft: Draft & { from: NodeRef | null }): void;
  cancelEdit(): void;
  setEditError(error: string | null): void;
}

export interface CommandStoreConfig<Doc, Command> {
  fetch(caseId: string): Promise<{ doc: Doc; revision: number }>;
  /** The method that stores a command, and the document it changes (see outbox.ts). */
  method: WriteMethod;
  doc: DocName;
  apply(doc: Doc, command: Command): { doc: Doc; inverse: Command };
  isViewOnly(command: Command): boolean;
  exists(doc: Doc, id: NodeRef): boolean;
  /** Where the selection goes when the selected node disappears (its parent, say). */
  fallback(before: Doc, selected: NodeRef): NodeRef | null;
  /** The editable text of a node. */
  textOf(doc: Doc, id: NodeRef): string;
}

const HISTORY_LIMIT = 500;

export function createCommandStore<Doc, Command, Draft extends { from: NodeRef | null }>(config: CommandStoreConfig<Doc, Command>) {
  const holdKey = `edit-in-place:${++storeCount}`;
  const store = create<CommandState<Doc, Command, Draft>>((set, get) => {
    let loading: { caseId: string; promise: Promise<void> } | null = null;
    /** A prefetched document nothing has asked for yet (see `prefetch`). */
    let fresh: string | null = null;

    const keep = (doc: Doc, selected: NodeRef | null) => (selected && (selected === DRAFT_ID || config.exists(doc, selected)) ? selected : null);

    /** The stored document with this page's pending commands on it (after a reload, or once a
     *  newer version is read): a command that no longer applies is left for the queue to report. */
    const withPending = (caseId: string, stored: Doc): Doc => {
      let doc = stored;
      for (const { write } of queue.pendingWrites()) {
        if (write.caseId !== caseId || write.doc !== config.doc) continue;
        try {
          doc = config.apply(doc, write.input.command as Command).doc;
        } catch {
          // Shown as a conflict when it is sent.
        }
      }
      return doc;
    };

    const show = (caseId: string, stored: Doc, revision: number) => {
      setBase(caseId, config.doc, revision);
      const doc = withPending(caseId, stored);
      set({ doc, selected: keep(doc, get().selected) });
    };

    const reloadFrom = async (caseId: string) => {
      const { doc, revision } = await config.fetch(caseId);
      show(caseId, doc, revision);
      set({ undoStack: [], redoStack: [], editing: null, draft: null });
    };

    registerDoc(config.doc, {
      fetch: async (caseId) => {
        const { doc, revision } = await config.fetch(caseId);
        return { value: doc, revision };
      },
      // The command overwrites the same values in the newer document exactly when its inverse there
      // is the one it had here.
      stillApplies: (value, write: PendingWrite) => {
        try {
          return deepEqual(config.apply(value as Doc, write.input.command as Command).inverse, write.inverse);
        } catch {
          return false;
        }
      },
      adopt: (caseId, value, revision) => {
        if (get().caseId === caseId) show(caseId, value as Doc, revision);
      },
      reload: async (caseId) => {
        if (get().caseId === caseId) await reloadFrom(caseId);
      },
      // A refusal by the database (the document changed elsewhere) reloads it instead of blocking
      // the queue; a storage failure stays queued for retry.
      refused: async (caseId, failure) => {
        set({ lastError: failure });
        if (get().caseId === caseId) await reloadFrom(caseId);
      },
    });

    /** Queues the write, as data, with the revision the document was read at and the command's
     *  inverse (what it overwrites). A save coalesced into a burst of typing names the queue job of
     *  the burst's first command: while that job waits, the newer command replaces it. */
    const send = (caseId: string, command: Command, inverse: Command, queueKey: string) => {
      queue.enqueueWrite(
        queueKey,
        { method: config.method, caseId, doc: config.doc, input: { caseId, command }, base: baseOf(caseId, config.doc), inverse },
        {},
        true,
      );
    };

    const applyLocal = (command: Command, queueKey = `command:${crypto.randomUUID()}`): Command | null => {
      const { doc, caseId, selected } = get();
      if (!doc || !caseId) return null;
      try {
        const applied = config.apply(doc, command);
        const kept = keep(applied.doc, selected);
        set({ doc: applied.doc, lastError: null, selected: kept ?? (selected ? config.fallback(doc, selected) : null) });
        send(caseId, command, applied.inverse, queueKey);
        return applied.inverse;
      } catch (e) {
        set({ lastError: e instanceof CausewayError ? new ApiFailure(e.toJSON()) : e });
        return null;
      }
    };

    return {
      caseId: null,
      doc: null,
      loadError: null,
      lastError: null,
      selected: null,
      editing: null,
      draft: null,
      undoStack: [],
      redoStack: [],

      load(caseId) {
        // Several callers may ask at once (app start, the workspace, the step): one request serves all.
        const prefetched = fresh === caseId;
        fresh = null;
        if (loading?.caseId === caseId) return loading.promise;
        // A document fetched at app start and not yet shown is as new as a second request would be,
        // and taking it spares the view a second layout of the whole diagram.
        if (prefetched && get().caseId === caseId && get().doc !== null) return Promise.resolve();
        if (get().caseId !== caseId) set({ caseId, doc: null, selected: null, editing: null, draft: null, undoStack: [], redoStack: [], loadError: null });
        const promise = reloadFrom(caseId)
          .catch((e: unknown) => {
            if (get().caseId === caseId) set({ loadError: e });
          })
          .finally(() => {
            if (loading?.promise === promise) loading = null;
          });
        loading = { caseId, promise };
        return promise;
      },

      prefetch(caseId) {
        const promise = get().load(caseId);
        fresh = caseId;
        return promise;
      },

      run(command, options) {
        const coalesce = options?.coalesce ?? ambientBurst ?? undefined;
        // Only the first command of a save joins its burst.
        ambientBurst = null;
        const top = get().undoStack.at(-1);
        if (coalesce && top?.coalesce === coalesce && !config.isViewOnly(command)) {
          if (!applyLocal(command, top.queueKey)) return false;
          set({ undoStack: [...get().undoStack.slice(0, -1), { ...top, forward: command }], redoStack: [] });
          return true;
        }
        const queueKey = `command:${crypto.randomUUID()}`;
        const inverse = applyLocal(command, queueKey);
        if (!inverse) return false;
        if (!config.isViewOnly(command)) set({ undoStack: [...get().undoStack, { forward: command, inverse, coalesce, queueKey }].slice(-HISTORY_LIMIT), redoStack: [] });
        return true;
      },

      discard(key) {
        const top = get().undoStack.at(-1);
        if (!top || top.coalesce !== key) return false;
        // Same queue job: if the burst's save is not sent yet, nothing of it is.
        if (!applyLocal(top.inverse, top.queueKey)) return false;
        set({ undoStack: get().undoStack.slice(0, -1) });
        return true;
      },

      settleEdit: null,

      undo() {
        const entry = get().undoStack.at(-1);
        if (!entry) return;
        const inverse = applyLocal(entry.inverse);
        if (!inverse) return;
        set({ undoStack: get().undoStack.slice(0, -1), redoStack: [...get().redoStack, { forward: entry.inverse, inverse }] });
      },

      redo() {
        const entry = get().redoStack.at(-1);
        if (!entry) return;
        const inverse = applyLocal(entry.inverse);
        if (!inverse) return;
        set({ redoStack: get().redoStack.slice(0, -1), undoStack: [...get().undoStack, { forward: entry.inverse, inverse }] });
      },

      select(id) {
        if (get().selected !== id) set({ selected: id });
      },

      startEdit(id, text) {
        const { doc } = get();
        if (!doc) return;
        set({ selected: id, editing: { id, text: text ?? config.textOf(doc, id), error: null }, draft: null });
      },

      setEditText(text) {
        const editing = get().editing;
        if (editing) set({ editing: { ...editing, text, error: null } });
      },

      startDraft(draft) {
        set({ draft, editing: { id: DRAFT_ID, text: '', error: null }, selected: DRAFT_ID });
      },

      cancelEdit() {
        const { draft, selected } = get();
        set({ editing: null, draft: null, selected: draft ? draft.from : selected });
      },

      setEditError(error) {
        const editing = get().editing;
        if (editing) set({ editing: { ...editing, error } });
      },
    };
  });

  burstStores.push(store.getState());
  // Text typed in place (a node's label, a new node) is saved when the edit ends; until then it is
  // pending, so the header does not say saved and leaving the page asks first (and saves it).
  store.subscribe((s) => {
    const { editing, doc, draft } = s;
    const typed = editing !== null && doc !== null && (draft !== null ? editing.text.trim() !== '' : editing.text !== config.textOf(doc, editing.id));
    if (typed) queue.hold(holdKey, () => void store.getState().settleEdit?.());
    else queue.release(holdKey);
  });
  return store;
}

import { create } from 'zustand';
import { CausewayError } from '../../../shared/contract/errors';
import { applyCommand, isViewOnly, type FishboneCommand } from '../../../shared/domain/fishbone-commands';
import { findCause, type Fishbone } from '../../../shared/domain/fishbone';
import { call } from '../api/client';
import { ApiFailure } from '../api/failure';
import { queue, useWorkspace } from './workspace';

/** The fishbone editor's state. Every edit is a command: applied here at once with the same pure
 *  function the backend runs, queued for saving behind the case's other writes, and kept with its
 *  inverse as one undo step. Selection, the text being typed and the viewport are not history. */

export const DRAFT_ID = 'draft';

/** A node of the diagram: the head, a category or a cause. */
export type NodeRef = string;

export type Draft =
  | { kind: 'cause'; categoryId: string; causeId: string | null; index: number; from: NodeRef | null }
  | { kind: 'category'; index: number; from: NodeRef | null };

export interface Editing {
  id: NodeRef;
  text: string;
  /** A reason key (`required`, `too_long`) shown in place; the edit is not saved until fixed. */
  error: string | null;
}

interface HistoryEntry {
  forward: FishboneCommand;
  inverse: FishboneCommand;
}

export interface FishboneState {
  caseId: string | null;
  fishbone: Fishbone | null;
  loadError: unknown;
  /** The last command the editor could not apply (already translated by the view). */
  lastError: unknown;
  selected: NodeRef | null;
  editing: Editing | null;
  draft: Draft | null;
  undoStack: HistoryEntry[];
  redoStack: HistoryEntry[];
  load(caseId: string): Promise<void>;
  /** Applies a command; false (and lastError set) when it cannot apply. */
  run(command: FishboneCommand): boolean;
  undo(): void;
  redo(): void;
  select(id: NodeRef | null): void;
  startEdit(id: NodeRef, text?: string): void;
  setEditText(text: string): void;
  startDraft(draft: Draft): void;
  cancelEdit(): void;
  setEditError(error: string | null): void;
}

const HISTORY_LIMIT = 500;

function exists(fishbone: Fishbone, id: NodeRef | null): boolean {
  if (!id) return false;
  if (id === 'head') return true;
  return fishbone.categories.some((c) => c.id === id) || findCause(fishbone, id) !== null;
}

export const useFishbone = create<FishboneState>((set, get) => {
  let loading: { caseId: string; promise: Promise<void> } | null = null;

  /** Queues the write. A refusal by the database (the diagram changed elsewhere) reloads the
   *  diagram instead of blocking the queue; a storage failure stays queued for retry. */
  const send = (caseId: string, command: FishboneCommand) => {
    queue.enqueue(
      `fishbone:${crypto.randomUUID()}`,
      {},
      async () => {
        try {
          const { revision } = await call('fishbone:apply', { caseId, command });
          useWorkspace.setState({ revision });
        } catch (e) {
          if (e instanceof ApiFailure && (e.error.code === 'validation' || e.error.code === 'not_found')) {
            set({ lastError: e });
            if (get().caseId === caseId) await reloadFrom(caseId);
            return;
          }
          throw e;
        }
      },
      true,
    );
  };

  const reloadFrom = async (caseId: string) => {
    const { fishbone, revision } = await call('fishbone:get', { caseId });
    useWorkspace.setState({ revision });
    const selected = get().selected;
    set({ fishbone, undoStack: [], redoStack: [], selected: exists(fishbone, selected) ? selected : null, editing: null, draft: null });
  };

  const applyLocal = (command: FishboneCommand): FishboneCommand | null => {
    const { fishbone, caseId } = get();
    if (!fishbone || !caseId) return null;
    try {
      const applied = applyCommand(fishbone, command);
      const selected = get().selected;
      set({ fishbone: applied.fishbone, lastError: null, selected: exists(applied.fishbone, selected) ? selected : fallbackSelection(fishbone, selected) });
      send(caseId, command);
      return applied.inverse;
    } catch (e) {
      set({ lastError: e instanceof CausewayError ? new ApiFailure(e.toJSON()) : e });
      return null;
    }
  };

  return {
    caseId: null,
    fishbone: null,
    loadError: null,
    lastError: null,
    selected: null,
    editing: null,
    draft: null,
    undoStack: [],
    redoStack: [],

    load(caseId) {
      // Several callers may ask at once (app start, the workspace, the step): one request serves all.
      if (loading?.caseId === caseId) return loading.promise;
      if (get().caseId !== caseId) set({ caseId, fishbone: null, selected: null, editing: null, draft: null, undoStack: [], redoStack: [], loadError: null });
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

    run(command) {
      const inverse = applyLocal(command);
      if (!inverse) return false;
      if (!isViewOnly(command)) {
        const undoStack = [...get().undoStack, { forward: command, inverse }].slice(-HISTORY_LIMIT);
        set({ undoStack, redoStack: [] });
      }
      return true;
    },

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
      const { fishbone } = get();
      if (!fishbone) return;
      let current = '';
      if (id === 'head') current = fishbone.effect ?? '';
      else current = fishbone.categories.find((c) => c.id === id)?.label ?? findCause(fishbone, id)?.cause.text ?? '';
      set({ selected: id, editing: { id, text: text ?? current, error: null }, draft: null });
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

/** After a removal, selection moves to where the user was: the parent, else the category. */
function fallbackSelection(before: Fishbone, selected: NodeRef | null): NodeRef | null {
  if (!selected || selected === 'head') return selected;
  const found = findCause(before, selected);
  if (found) return found.parent?.id ?? found.category.id;
  return before.categories.some((c) => c.id === selected) ? 'head' : null;
}

import type { TFunction } from 'i18next';
import { useCallback, useMemo } from 'react';
import type { NodeRef } from '../../state/command-store';
import type { TreeEditorStore } from '../editor/outline-tree';
import type { DiagramBox, DiagramCanvasProps } from './DiagramCanvas';
import { runEditIntent, type EditorActions, type Intent } from './keys';

/** What both tree editors' diagrams wire the same way between their command store and
 *  DiagramCanvas: the selection, in-place editing, undo and redo, the edits of keys.ts and which
 *  boxes can be dragged. Each diagram says where a move goes in its own geometry (`moveTo`). Every
 *  callback is stable while its inputs are, so the canvas keeps its memos. */
export function useTreeCanvas({ store, actions, rootId, draggable, moveTo, t }: {
  store: TreeEditorStore;
  /** The editor's verbs (its actions.ts); a stable object. */
  actions: EditorActions;
  /** The node at the root: its text may be emptied (it then shows what it stands for). */
  rootId: NodeRef;
  /** The kind of box that can be dragged. */
  draggable: string;
  /** Where a move (up, down, left, right, home, end) takes the selection from `current`; undefined
   *  for an intent that is not a move here. Called only while the store has a document. */
  moveTo(kind: Intent['kind'], current: NodeRef | null): NodeRef | null | undefined;
  t: TFunction;
}): Pick<DiagramCanvasProps, 'selected' | 'editing' | 'canDrag' | 'onSelect' | 'onEdit' | 'onIntent' | 'edit'> {
  const selected = store((s) => s.selected);
  const editing = store((s) => s.editing);

  const onIntent = useCallback(
    (intent: Intent, current: NodeRef | null) => {
      const { doc, select, startEdit, undo, redo } = store.getState();
      if (!doc) return;
      if (intent.kind === 'undo') return undo();
      if (intent.kind === 'redo') return redo();
      const to = moveTo(intent.kind, current);
      if (to !== undefined) return select(to);
      if (current) runEditIntent(intent, current, { select, startEdit, ...actions, remove: (id) => actions.remove(id, t) });
    },
    [store, actions, moveTo, t],
  );

  const edit = useMemo(
    () => ({
      setText: (text: string) => store.getState().setEditText(text),
      commit: actions.commitEdit,
      addChild: actions.addChild,
      cancel: () => store.getState().cancelEdit(),
      blur() {
        const now = store.getState().editing;
        if (!now) return;
        // The root may be emptied (the fishbone's head then shows the problem, a question the cause
        // or the problem it asks about); anything else empty is dropped.
        if (now.text.trim() || now.id === rootId) actions.commitEdit();
        else store.getState().cancelEdit();
      },
    }),
    [store, actions, rootId],
  );

  const canDrag = useCallback((box: DiagramBox) => box.kind === draggable, [draggable]);
  const onSelect = useCallback((id: NodeRef | null) => store.getState().select(id), [store]);
  const onEdit = useCallback((id: NodeRef) => store.getState().startEdit(id), [store]);

  return { selected, editing, canDrag, onSelect, onEdit, onIntent, edit };
}

import type { TFunction } from 'i18next';
import { createContext, useContext, useId, useLayoutEffect, useMemo, useRef, useState, type ComponentType, type CSSProperties, type FocusEvent, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { issueText } from '../../i18n/errors';
import { DRAFT_ID, type Editing, type NodeRef } from '../../state/command-store';
import { intentOf, type EditorActions } from '../diagram/keys';

/** What the tree editors' outlines (the fishbone's, the 5 Whys') share: a WAI-ARIA tree with flat
 *  markup and levels, the editing grammar of keys.ts, focus that follows the selection while the
 *  user is in the tree, in-place editing and drafts (OutlineView). Each outline builds its rows and
 *  names them (its OutlineKit); rows are memoised by the outline and get only primitives and their
 *  node, so an edit re-renders the changed row and its ancestors, not a thousand rows. */

/** The part of a command store (command-store.ts) an outline uses. */
export interface TreeEditorState {
  doc: unknown;
  selected: NodeRef | null;
  editing: Editing | null;
  select(id: NodeRef | null): void;
  startEdit(id: NodeRef, text?: string): void;
  setEditText(text: string): void;
  cancelEdit(): void;
  undo(): void;
  redo(): void;
}

export interface TreeEditorStore {
  <U>(selector: (state: TreeEditorState) => U): U;
  getState(): TreeEditorState;
}

export const isField = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export const itemOf = (target: EventTarget | null): HTMLElement | null =>
  target instanceof Element ? (target.closest<HTMLElement>('[role="treeitem"]') ?? null) : null;

/** What the rows' in-place editors need from the outline (OutlineView provides it). */
const EditorContext = createContext<{ store: TreeEditorStore; actions: EditorActions; onDone: (focusItem: boolean) => void } | null>(null);

/** What the in-place editor edits on a row: the field's name, whether Shift+Enter makes a new line,
 *  and whether an empty text is saved (rather than dropped). */
export interface RowEdit {
  label: string;
  multiline: boolean;
  allowEmpty: boolean;
}

/** The in-place editor of the row being edited (or of the draft). It alone follows the text as
 *  it is typed. Enter saves (Shift+Enter is a new line when `multiline`), Tab saves and asks for
 *  a child, Escape cancels; leaving the field saves, or drops an empty text unless `allowEmpty`.
 *  Saving is the editor's `commitEdit`: the node edited or made, or null when refused (the reason
 *  is shown in place). */
function OutlineEditor({ label, multiline, allowEmpty }: RowEdit) {
  const { store, actions, onDone } = useContext(EditorContext)!;
  const commit = actions.commitEdit;
  const { t } = useTranslation();
  const errorId = useId();
  const text = store((s) => s.editing?.text ?? '');
  const reason = store((s) => s.editing?.error ?? null);
  const { setEditText, cancelEdit } = store.getState();
  const ref = useRef<HTMLTextAreaElement>(null);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Take focus unless someone is typing in another field (the panel, say).
    const active = document.activeElement;
    if (active && active !== document.body && isField(active) && active !== el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    e.stopPropagation();
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'Enter' && !(e.shiftKey && multiline)) {
      e.preventDefault();
      if (commit()) onDone(true);
    } else if (e.key === 'Tab' && !e.shiftKey) {
      e.preventDefault();
      const id = commit();
      if (id) actions.addChild(id);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      cancelEdit();
      onDone(true);
    }
  };

  const onBlur = () => {
    const editing = store.getState().editing;
    // Gone already (committed or cancelled by a key), or the whole window lost focus.
    if (!editing || !document.hasFocus()) return;
    if (editing.text.trim() || allowEmpty) commit();
    else cancelEdit();
  };

  const error = reason ? issueText(t, reason, label) : null;
  return (
    <span className="outline-editor">
      <textarea
        ref={ref}
        value={text}
        rows={Math.min(6, Math.max(1, Math.ceil(text.length / 60), text.split('\n').length))}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => setEditText(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
        onClick={(e) => e.stopPropagation()}
        onDoubleClick={(e) => e.stopPropagation()}
      />
      {error && (
        <span id={errorId} className="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

/** Where a row stands in the tree. */
export interface OutlineRowBase {
  id: NodeRef;
  level: number;
  setSize: number;
  posInSet: number;
  expanded: boolean | undefined;
}

/** What the outline tells each row besides the row itself. */
export interface OutlineRowState {
  t: TFunction;
  selected: boolean;
  editing: boolean;
  tabStop: boolean;
}

/** One row of an outline. Its accessible name comes from its content: the visible `text` plus
 *  visually hidden words around it (`name` contains `text`), so what a screen reader says always
 *  contains what a sighted user reads. `marker` comes before the text, `trail` (hidden while
 *  editing) after it; both are decoration, hidden from assistive technology by the caller. */
export function TreeItem({ id, className, level, setSize, posInSet, expanded, selected, editing, tabStop, toggle, name, text, marker, edit, trail }: OutlineRowBase &
  Omit<OutlineRowState, 't'> & {
    className: string;
    /** Whether a click on the arrow collapses or expands the row. */
    toggle: boolean;
    name: string;
    text: string;
    marker?: ReactNode;
    /** What the in-place editor edits while `editing`. */
    edit: RowEdit;
    trail?: ReactNode;
  }) {
  const at = text ? name.indexOf(text) : -1;
  const [before, after] = at >= 0 ? [name.slice(0, at), name.slice(at + text.length)] : [name, ''];
  const style = { '--level': level } as CSSProperties;
  return (
    <div
      role="treeitem"
      data-id={id}
      className={className}
      style={style}
      aria-level={level}
      aria-setsize={setSize}
      aria-posinset={posInSet}
      aria-expanded={expanded}
      aria-selected={selected}
      tabIndex={editing ? undefined : tabStop ? 0 : -1}
    >
      <span className="outline-toggle" aria-hidden="true" data-toggle={toggle ? 'true' : undefined}>
        {expanded === undefined ? '' : expanded ? '▾' : '▸'}
      </span>
      {marker}
      {editing ? (
        <OutlineEditor {...edit} />
      ) : (
        <>
          {before && <span className="visually-hidden">{before}</span>}
          <span className="outline-text">{at >= 0 ? text : ''}</span>
          {after && <span className="visually-hidden">{after}</span>}
        </>
      )}
      {!editing && trail}
    </div>
  );
}

export type OutlineDirection = 'up' | 'down' | 'parent' | 'child';

/** An editor's side of its outline, one per editor. */
export interface OutlineKit<R extends OutlineRowBase> {
  store: TreeEditorStore;
  /** The editor's verbs (its actions.ts). */
  actions: EditorActions;
  /** Where an arrow key goes from a node of the tree whose root is `rootId`. */
  navigate(rootId: NodeRef, from: NodeRef, direction: OutlineDirection): NodeRef | null;
  /** The last visible node (End). */
  last(rootId: NodeRef): NodeRef | null;
  /** One row, memoised by the editor: it gets only primitives and its node. */
  Row: ComponentType<R & OutlineRowState>;
  /** Whether Left/Right collapse and expand this row (rather than only move). */
  collapsible(row: R): boolean;
  /** The i18n keys of the tree's name, of the help above it and of the note while the tree has
   *  nothing but its root. */
  keys: { label: string; help: string; empty: string };
  className: string;
}

/** The editor's menu for a node (its FishboneMenu or WhyMenu), at a place inside the outline. */
export type OutlineMenu = (id: NodeRef, x: number, y: number, close: () => void) => ReactNode;

/** An outline: its help, a note while the tree has nothing but its root, and the tree of the
 *  editor's rows (`rows`, the root first). The root row (`rootId`) is where Home goes and what
 *  holds the tab stop by default; it cannot be removed from the outline. `menu` is the same menu
 *  as the diagram's, opened with Shift+F10, the context-menu key or a right click. */
export function OutlineView<R extends OutlineRowBase>({ kit, rows, rootId, menu }: { kit: OutlineKit<R>; rows: readonly R[]; rootId: NodeRef; menu?: OutlineMenu }) {
  const { t } = useTranslation();
  const helpId = useId();
  const box = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState<{ id: NodeRef; x: number; y: number } | null>(null);
  /** Opens the menu at a point of the window, placed inside the outline. */
  const openMenu = (id: NodeRef, clientX: number, clientY: number) => {
    if (!menu) return;
    const r = box.current?.getBoundingClientRect();
    setOpen({ id, x: clientX - (r?.left ?? 0), y: clientY - (r?.top ?? 0) });
  };
  const { selected, editingId, tabStop, onDone, treeProps, focusItem } = useOutlineTree(kit, rows, rootId, t, menu ? openMenu : undefined);
  const editor = useMemo(() => ({ store: kit.store, actions: kit.actions, onDone }), [kit, onDone]);
  const { Row } = kit;
  return (
    <div className={`${kit.className} outline-with-menu`} ref={box}>
      {open &&
        menu?.(open.id, open.x, open.y, () => {
          setOpen(null);
          // Back to the row the menu was opened on (unless its verb took focus elsewhere).
          requestAnimationFrame(() => {
            if (!document.activeElement || document.activeElement === document.body) focusItem(kit.store.getState().selected ?? open.id);
          });
        })}
      <p id={helpId} className="outline-help muted">
        {t(kit.keys.help)}
      </p>
      {rows.length === 1 && <p className="muted">{t(kit.keys.empty)}</p>}
      <div role="tree" aria-label={t(kit.keys.label)} aria-describedby={helpId} className="outline-tree" {...treeProps}>
        <EditorContext.Provider value={editor}>
          {rows.map((row) => (
            <Row key={row.id} {...row} t={t} selected={row.id === selected} editing={row.id === editingId} tabStop={row.id === tabStop} />
          ))}
        </EditorContext.Provider>
      </div>
    </div>
  );
}

/** The tree's behaviour: which item holds the tab stop, focus following the selection, and the
 *  keys, clicks and double clicks of keys.ts. */
function useOutlineTree<R extends OutlineRowBase>(
  kit: OutlineKit<R>,
  rows: readonly R[],
  rootId: NodeRef,
  t: TFunction,
  openMenu?: (id: NodeRef, clientX: number, clientY: number) => void,
) {
  const { store, collapsible, actions } = kit;
  const { toggleCollapse, shift, addChild, addSibling } = actions;
  const navigate = (from: NodeRef, direction: OutlineDirection) => kit.navigate(rootId, from, direction);
  const last = () => kit.last(rootId);
  const remove = (id: NodeRef) => actions.remove(id, t);
  const selected = store((s) => s.selected);
  const editingId = store((s) => s.editing?.id ?? null);
  const { select, startEdit, undo, redo } = store.getState();
  const treeRef = useRef<HTMLDivElement>(null);
  /** Set by the outline's own keys and clicks: the next render moves focus to the selection. */
  const wantFocus = useRef(false);
  /** The outline's own keys expect focus to follow whatever the command selects; only for the
   *  render that command causes (a command that changes nothing must not steal focus later). */
  const expectFocus = () => {
    wantFocus.current = true;
    requestAnimationFrame(() => {
      wantFocus.current = false;
    });
  };
  /** The item that keeps the tab stop when nothing is selected (after Escape, say). */
  const [active, setActive] = useState<string | null>(null);

  const visible = useMemo(() => new Set(rows.map((r) => r.id)), [rows]);
  const tabStop = selected && visible.has(selected) ? selected : active && visible.has(active) ? active : rootId;

  const focusItem = (id: string | null) => {
    const el = id ? treeRef.current?.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"]`) : null;
    if (!el) return;
    if (!el.contains(document.activeElement)) el.focus({ preventScroll: true });
    el.scrollIntoView({ block: 'nearest' });
  };

  // Focus follows the selection while the user is in the outline. Otherwise (the panel changed
  // it, say) a newly selected row is only scrolled into view.
  const scrolledTo = useRef<string | null>(null);
  useLayoutEffect(() => {
    const tree = treeRef.current;
    if (!tree || !selected || selected === editingId) return;
    const inside = tree.contains(document.activeElement) && !isField(document.activeElement);
    if (wantFocus.current || inside) focusItem(selected);
    else if (scrolledTo.current !== selected) tree.querySelector<HTMLElement>(`[data-id="${CSS.escape(selected)}"]`)?.scrollIntoView({ block: 'nearest' });
    scrolledTo.current = selected;
  }, [selected, rows, editingId]);

  // A stable callback for the editor, so rows keep their memo.
  const onDoneRef = useRef((focus: boolean) => {
    if (!focus) return;
    // The editor is unmounting: the render that removes it focuses the item (see the effect above).
    expectFocus();
  });

  const go = (id: string | null) => {
    if (!id) return;
    expectFocus();
    select(id);
    setActive(id);
    focusItem(id);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (isField(e.target) || e.nativeEvent.isComposing) return;
    const item = itemOf(e.target);
    const id = item?.dataset.id;
    if (!id || id === DRAFT_ID) return;
    if (!store.getState().doc) return;
    const intent = intentOf(e);
    const row = rows.find((r) => r.id === id);
    if (!intent || !row) return;
    // With nothing selected (after Escape) Tab leaves the tree, as everywhere else.
    if (intent.kind === 'addChild' && store.getState().selected !== id) return;
    if (intent.kind === 'escape' && !store.getState().selected) return;
    e.preventDefault();
    e.stopPropagation();
    switch (intent.kind) {
      case 'undo':
      case 'redo':
        expectFocus();
        return intent.kind === 'undo' ? undo() : redo();
      case 'moveUp':
      case 'moveDown':
        expectFocus();
        select(id);
        return shift(id, intent.kind === 'moveUp' ? -1 : 1);
      case 'up':
      case 'down':
        return go(navigate(id, intent.kind));
      case 'home':
        return go(rootId);
      case 'end':
        return go(last() ?? rootId);
      case 'right':
        if (collapsible(row) && row.expanded === false) {
          select(id);
          return toggleCollapse(id);
        }
        if (row.expanded) return go(navigate(id, 'child'));
        return select(id);
      case 'left':
        if (collapsible(row) && row.expanded === true) {
          select(id);
          return toggleCollapse(id);
        }
        if (id === rootId) return select(id);
        return go(navigate(id, 'parent'));
      case 'escape':
        setActive(id);
        return select(null);
      case 'addChild':
        return addChild(id);
      case 'addSibling':
        return addSibling(id);
      case 'edit':
        return startEdit(id);
      case 'remove':
        if (id === rootId) return;
        expectFocus();
        return remove(id);
      case 'collapse':
        select(id);
        return toggleCollapse(id);
      case 'menu': {
        if (!openMenu || !item) return;
        select(id);
        // Under the row's text, as the diagram places it under the node.
        const r = (item.querySelector('.outline-text') ?? item).getBoundingClientRect();
        return openMenu(id, r.left, r.bottom);
      }
      case 'type':
        return startEdit(id, intent.text);
    }
  };

  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const item = itemOf(e.target);
    const id = item?.dataset.id;
    if (!id || id === DRAFT_ID || isField(e.target)) return;
    if (e.target instanceof Element && e.target.closest('[data-toggle]')) toggleCollapse(id);
    go(id);
  };

  const onDoubleClick = (e: MouseEvent<HTMLDivElement>) => {
    const id = itemOf(e.target)?.dataset.id;
    if (!id || id === DRAFT_ID || isField(e.target)) return;
    if (e.target instanceof Element && e.target.closest('[data-toggle]')) return;
    startEdit(id);
  };

  const onContextMenu = (e: MouseEvent<HTMLDivElement>) => {
    const id = itemOf(e.target)?.dataset.id;
    if (!openMenu || !id || id === DRAFT_ID || isField(e.target)) return;
    e.preventDefault();
    go(id);
    openMenu(id, e.clientX, e.clientY);
  };

  const onFocus = (e: FocusEvent<HTMLDivElement>) => {
    if (isField(e.target)) return;
    const id = itemOf(e.target)?.dataset.id;
    if (!id || id === DRAFT_ID || e.target !== itemOf(e.target)) return;
    setActive(id);
    // The focused item is the selected one (coming back with Tab included); Escape deselects
    // without moving focus, so Tab can leave.
    if (!store.getState().editing) select(id);
  };

  return {
    selected,
    editingId,
    tabStop,
    /** For the rows' editors. */
    onDone: onDoneRef.current,
    focusItem,
    /** Spread on the element with role="tree". */
    treeProps: { ref: treeRef, onKeyDown, onClick, onDoubleClick, onFocus, onContextMenu },
  };
}

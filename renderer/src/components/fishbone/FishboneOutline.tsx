import type { TFunction } from 'i18next';
import { memo, useId, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type FocusEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { countCauses, type Cause, type Fishbone } from '../../../../shared/domain/fishbone';
import { issueText } from '../../i18n/errors';
import { DRAFT_ID, useFishbone, type Draft } from '../../state/fishbone';
import { addChild, addSibling, commitEdit, navigate, readingOrder, remove, shift, toggleCollapse } from './actions';
import { intentOf } from '../diagram/keys';

/** The whole diagram as a tree view (WAI-ARIA tree pattern, flat markup with levels): the way to
 *  read and edit the fishbone with a screen reader, or as a list. Same keys as the diagram. Rows
 *  are memoised and get only primitives and the cause itself, so an edit re-renders the changed
 *  row and its ancestors, not a thousand rows. */

type RowKind = 'head' | 'category' | 'cause' | 'draft';

interface Row {
  kind: RowKind;
  id: string;
  level: number;
  setSize: number;
  posInSet: number;
  text: string;
  cause: Cause | null;
  /** Causes in a category (for a category row). */
  count: number;
  expanded: boolean | undefined;
  /** What the in-place editor edits on this row. */
  edits: 'head' | 'category' | 'cause';
}

function buildRows(fishbone: Fishbone, effect: string, draft: Draft | null): Row[] {
  const rows: Row[] = [];
  let draftPlaced = draft === null;
  const draftRow = (level: number, setSize: number, posInSet: number, edits: 'category' | 'cause'): Row => {
    draftPlaced = true;
    return { kind: 'draft', id: DRAFT_ID, level, setSize, posInSet, text: '', cause: null, count: 0, expanded: undefined, edits };
  };
  const causeDraftIn = (categoryId: string, causeId: string | null) =>
    draft?.kind === 'cause' && draft.categoryId === categoryId && draft.causeId === causeId ? draft : null;

  const walk = (list: Cause[], categoryId: string, parentId: string | null, level: number) => {
    const here = causeDraftIn(categoryId, parentId);
    const size = list.length + (here ? 1 : 0);
    const at = here ? Math.min(Math.max(0, here.index), list.length) : -1;
    let pos = 1;
    list.forEach((cause, i) => {
      if (i === at) rows.push(draftRow(level, size, pos++, 'cause'));
      const withChildren = cause.children.length > 0 || causeDraftIn(categoryId, cause.id) !== null;
      rows.push({
        kind: 'cause',
        id: cause.id,
        level,
        setSize: size,
        posInSet: pos++,
        text: cause.text,
        cause,
        count: 0,
        expanded: withChildren ? !cause.collapsed : undefined,
        edits: 'cause',
      });
      if (!cause.collapsed) walk(cause.children, categoryId, cause.id, level + 1);
    });
    if (at === list.length) rows.push(draftRow(level, size, pos, 'cause'));
  };

  const categoryDraft = draft?.kind === 'category' ? draft : null;
  const categories = fishbone.categories;
  const size = categories.length + (categoryDraft ? 1 : 0);
  const at = categoryDraft ? Math.min(Math.max(0, categoryDraft.index), categories.length) : -1;
  rows.push({
    kind: 'head',
    id: 'head',
    level: 1,
    setSize: 1,
    posInSet: 1,
    text: effect,
    cause: null,
    count: 0,
    expanded: size > 0 ? true : undefined,
    edits: 'head',
  });
  let pos = 1;
  categories.forEach((category, i) => {
    if (i === at) rows.push(draftRow(2, size, pos++, 'category'));
    const withChildren = category.causes.length > 0 || causeDraftIn(category.id, null) !== null;
    rows.push({
      kind: 'category',
      id: category.id,
      level: 2,
      setSize: size,
      posInSet: pos++,
      text: category.label,
      cause: null,
      count: countCauses(category.causes),
      expanded: withChildren ? true : undefined,
      edits: 'category',
    });
    walk(category.causes, category.id, null, 3);
  });
  if (at === categories.length) rows.push(draftRow(2, size, pos, 'category'));
  // A draft under something hidden still needs its editor: put it at the end.
  if (!draftPlaced && draft) rows.push(draftRow(draft.kind === 'category' ? 2 : 3, 1, 1, draft.kind));
  return rows;
}

const isField = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

const itemOf = (target: EventTarget | null): HTMLElement | null =>
  target instanceof Element ? (target.closest<HTMLElement>('[role="treeitem"]') ?? null) : null;

function fieldName(t: TFunction, edits: Row['edits']): string {
  return edits === 'head' ? t('fishbone.panel.effect') : edits === 'category' ? t('fishbone.panel.label') : t('fishbone.panel.text');
}

/** The in-place editor of the row being edited (or of the draft). It alone follows the text as
 *  it is typed. */
function OutlineEditor({ edits, onDone }: { edits: Row['edits']; onDone: (focusItem: boolean) => void }) {
  const { t } = useTranslation();
  const errorId = useId();
  const text = useFishbone((s) => s.editing?.text ?? '');
  const reason = useFishbone((s) => s.editing?.error ?? null);
  const { setEditText, cancelEdit } = useFishbone.getState();
  const ref = useRef<HTMLTextAreaElement>(null);
  const label = fieldName(t, edits);

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
    if (e.key === 'Enter' && !(e.shiftKey && edits === 'cause')) {
      e.preventDefault();
      if (commitEdit()) onDone(true);
    } else if (e.key === 'Tab' && !e.shiftKey) {
      e.preventDefault();
      const id = commitEdit();
      if (id) addChild(id);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      cancelEdit();
      onDone(true);
    }
  };

  const onBlur = () => {
    const editing = useFishbone.getState().editing;
    // Gone already (committed or cancelled by a key), or the whole window lost focus.
    if (!editing || !document.hasFocus()) return;
    if (editing.text.trim() || editing.id === 'head') commitEdit();
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

function accessibleName(t: TFunction, row: Row): string {
  const sep = t('fishbone.outline.separator');
  if (row.kind === 'head') return t('fishbone.outline.head', { text: row.text });
  if (row.kind === 'category') return [t('fishbone.outline.category', { text: row.text }), t('fishbone.panel.causeCount', { count: row.count })].join(sep);
  if (row.kind === 'draft') return row.edits === 'category' ? t('fishbone.canvas.newCategory') : t('fishbone.canvas.newCause');
  const cause = row.cause!;
  const parts = [cause.text, t('fishbone.outline.status', { status: t(`enum.causeStatus.${cause.status}`) })];
  if (cause.isRootCause) parts.push(t('fishbone.canvas.rootCause'));
  if (cause.votes > 0) parts.push(t('fishbone.canvas.votes', { count: cause.votes }));
  if (cause.collapsed && cause.children.length > 0) parts.push(t('fishbone.canvas.hiddenCauses', { count: countCauses(cause.children) }));
  return parts.join(sep);
}

const OutlineRow = memo(function OutlineRow({ t, kind, id, level, setSize, posInSet, text, cause, count, expanded, edits, selected, editing, tabStop, onDone }: Row & {
  t: TFunction;
  selected: boolean;
  editing: boolean;
  tabStop: boolean;
  onDone: (focusItem: boolean) => void;
}) {
  const row: Row = { kind, id, level, setSize, posInSet, text, cause, count, expanded, edits };
  // The item's name comes from its content: the visible text plus hidden words around it (status,
  // votes...), so what a screen reader says always contains what a sighted user reads.
  const name = accessibleName(t, row);
  const shownText = kind === 'draft' ? '' : text;
  const at = shownText ? name.indexOf(shownText) : -1;
  const [before, after] = at >= 0 ? [name.slice(0, at), name.slice(at + shownText.length)] : [name, ''];
  const style = { '--level': level } as CSSProperties;
  const statusClass = cause ? ` status-${cause.status}${cause.isRootCause ? ' is-root' : ''}` : '';
  return (
    <div
      role="treeitem"
      data-id={id}
      className={`outline-item outline-${kind}${statusClass}`}
      style={style}
      aria-level={level}
      aria-setsize={setSize}
      aria-posinset={posInSet}
      aria-expanded={expanded}
      aria-selected={selected}
      tabIndex={editing ? undefined : tabStop ? 0 : -1}
    >
      <span className="outline-toggle" aria-hidden="true" data-toggle={kind === 'cause' && expanded !== undefined ? 'true' : undefined}>
        {expanded === undefined ? '' : expanded ? '▾' : '▸'}
      </span>
      {kind === 'cause' && cause && <span className="outline-status" aria-hidden="true" title={t(`enum.causeStatus.${cause.status}`)} />}
      {editing ? (
        <OutlineEditor edits={edits} onDone={onDone} />
      ) : (
        <>
          {before && <span className="visually-hidden">{before}</span>}
          <span className="outline-text">{at >= 0 ? shownText : ''}</span>
          {after && <span className="visually-hidden">{after}</span>}
        </>
      )}
      {!editing && kind === 'category' && (
        <span className="outline-count muted" aria-hidden="true">
          {count}
        </span>
      )}
      {!editing && cause && (
        <span className="outline-marks" aria-hidden="true">
          {cause.isRootCause && <span className="outline-root">{t('fishbone.outline.rootMark')}</span>}
          {cause.votes > 0 && <span className="outline-votes">+{cause.votes}</span>}
          {cause.collapsed && cause.children.length > 0 && <span className="outline-hidden">…{countCauses(cause.children)}</span>}
        </span>
      )}
    </div>
  );
});

export function FishboneOutline({ effect }: { effect: string }) {
  const { t } = useTranslation();
  const helpId = useId();
  const fishbone = useFishbone((s) => s.doc);
  const selected = useFishbone((s) => s.selected);
  const draft = useFishbone((s) => s.draft);
  const editingId = useFishbone((s) => s.editing?.id ?? null);
  const { select, startEdit, undo, redo } = useFishbone.getState();
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

  const rows = useMemo(() => (fishbone ? buildRows(fishbone, effect, draft) : []), [fishbone, effect, draft]);
  const visible = useMemo(() => new Set(rows.map((r) => r.id)), [rows]);
  const tabStop = selected && visible.has(selected) ? selected : active && visible.has(active) ? active : 'head';

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

  if (!fishbone) return <p aria-busy="true">{t('fishbone.loading')}</p>;

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
    const fb = useFishbone.getState().doc;
    if (!fb) return;
    const intent = intentOf(e);
    const row = rows.find((r) => r.id === id);
    if (!intent || !row) return;
    // With nothing selected (after Escape) Tab leaves the tree, as everywhere else.
    if (intent.kind === 'addChild' && useFishbone.getState().selected !== id) return;
    if (intent.kind === 'escape' && !useFishbone.getState().selected) return;
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
        return go(navigate(fb, id, intent.kind));
      case 'home':
        return go('head');
      case 'end':
        return go(readingOrder(fb).at(-1) ?? 'head');
      case 'right':
        if (row.kind === 'cause' && row.expanded === false) {
          select(id);
          return toggleCollapse(id);
        }
        if (row.expanded) return go(navigate(fb, id, 'child'));
        return select(id);
      case 'left':
        if (row.kind === 'cause' && row.expanded === true) {
          select(id);
          return toggleCollapse(id);
        }
        if (row.kind === 'head') return select(id);
        return go(navigate(fb, id, 'parent'));
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
        if (row.kind === 'head') return;
        expectFocus();
        return remove(id, t);
      case 'collapse':
        select(id);
        return toggleCollapse(id);
      case 'menu':
        return;
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

  const onFocus = (e: FocusEvent<HTMLDivElement>) => {
    if (isField(e.target)) return;
    const id = itemOf(e.target)?.dataset.id;
    if (!id || id === DRAFT_ID || e.target !== itemOf(e.target)) return;
    setActive(id);
    // The focused item is the selected one (coming back with Tab included); Escape deselects
    // without moving focus, so Tab can leave.
    if (!useFishbone.getState().editing) select(id);
  };

  return (
    <div className="fishbone-outline">
      <p id={helpId} className="outline-help muted">
        {t('fishbone.outline.help')}
      </p>
      {fishbone.categories.length === 0 && !draft && <p className="muted">{t('fishbone.empty')}</p>}
      <div
        ref={treeRef}
        role="tree"
        aria-label={t('fishbone.outline.label')}
        aria-describedby={helpId}
        className="outline-tree"
        onKeyDown={onKeyDown}
        onClick={onClick}
        onDoubleClick={onDoubleClick}
        onFocus={onFocus}
      >
        {rows.map((row) => (
          <OutlineRow
            key={row.id}
            {...row}
            t={t}
            selected={row.id === selected}
            editing={row.id === editingId}
            tabStop={row.id === tabStop}
            onDone={onDoneRef.current}
          />
        ))}
      </div>
    </div>
  );
}

import type { TFunction } from 'i18next';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { containsCause, defaultCauseFields, findCause, topVoted, type Cause, type Fishbone } from '../../../../shared/domain/fishbone';
import type { FishboneCommand } from '../../../../shared/domain/fishbone-commands';
import { layoutFishbone } from '../../../../shared/layout/fishbone';
import { DRAFT_ID, useFishbone, type Draft, type Editing, type NodeRef } from '../../state/fishbone';
import { DiagramCanvas, type DiagramBox, type Drop, type NodeLook } from '../diagram/DiagramCanvas';
import type { Intent } from '../diagram/keys';
import { useTreeCanvas } from '../diagram/tree-canvas';
import { editorActions, navigate, nodeText, readingOrder, shorten } from './actions';
import { FishboneMenu } from './FishboneMenu';

/** The diagram as drawn: the stored fishbone plus what is being typed (a new cause or category
 *  appears where it will go, and an edited text re-flows as it is typed). */
export function viewOf(fishbone: Fishbone, draft: Draft | null, editing: Editing | null): Fishbone {
  let view = fishbone;
  if (editing && editing.id !== DRAFT_ID && editing.id !== 'head') {
    const category = view.categories.find((c) => c.id === editing.id);
    if (category) view = { ...view, categories: view.categories.map((c) => (c === category ? { ...c, label: editing.text } : c)) };
    else view = mapCause(view, editing.id, (c) => ({ ...c, text: editing.text }));
  }
  if (draft?.kind === 'category') {
    const categories = [...view.categories];
    categories.splice(draft.index, 0, { id: DRAFT_ID, label: editing?.text ?? '', templateKey: null, causes: [] });
    view = { ...view, categories };
  } else if (draft?.kind === 'cause') {
    const cause: Cause = { ...defaultCauseFields(editing?.text ?? ''), id: DRAFT_ID, children: [] };
    const insert = (list: Cause[]) => {
      const copy = [...list];
      copy.splice(draft.index, 0, cause);
      return copy;
    };
    view = {
      ...view,
      categories: view.categories.map((c) => {
        if (c.id !== draft.categoryId) return c;
        if (draft.causeId === null) return { ...c, causes: insert(c.causes) };
        return { ...c, causes: mapList(c.causes, draft.causeId, (p) => ({ ...p, children: insert(p.children) })) };
      }),
    };
  }
  return view;
}

function mapList(list: Cause[], id: string, change: (c: Cause) => Cause): Cause[] {
  return list.map((c) => (c.id === id ? change(c) : c.children.length ? { ...c, children: mapList(c.children, id, change) } : c));
}

function mapCause(fishbone: Fishbone, id: string, change: (c: Cause) => Cause): Fishbone {
  return { ...fishbone, categories: fishbone.categories.map((c) => ({ ...c, causes: mapList(c.causes, id, change) })) };
}

function indexCauses(fishbone: Fishbone): Map<string, Cause> {
  const map = new Map<string, Cause>();
  const visit = (list: Cause[]) => {
    for (const c of list) {
      map.set(c.id, c);
      visit(c.children);
    }
  };
  for (const category of fishbone.categories) visit(category.causes);
  return map;
}

/** The command a drop makes, or null when it would change nothing or is not allowed. */
export function dropCommand(fishbone: Fishbone, id: string, target: Drop): FishboneCommand | null {
  const moving = findCause(fishbone, id);
  if (!moving) return null;
  const category = fishbone.categories.find((c) => c.id === target.id);
  if (category) return { type: 'moveCause', id, parent: { categoryId: category.id, causeId: null }, index: category.causes.length };
  const onto = findCause(fishbone, target.id);
  if (!onto || target.id === id) return null;
  if (containsCause(moving.cause, target.id)) return null;
  if (target.mode === 'inside') return { type: 'moveCause', id, parent: { categoryId: onto.category.id, causeId: onto.cause.id }, index: onto.cause.children.length };
  let index = onto.index + (target.mode === 'after' ? 1 : 0);
  const sameList = onto.siblings === moving.siblings;
  if (sameList && moving.index < index) index -= 1;
  if (sameList && moving.index === index) return null;
  return { type: 'moveCause', id, parent: { categoryId: onto.category.id, causeId: onto.parent?.id ?? null }, index };
}

/** The fishbone on the shared diagram canvas: its layout, how its boxes look, what keys and drops
 *  mean here. */
export function FishboneCanvas({ effect, onAskWhy }: { effect: string; onAskWhy?: (causeId: string) => void }) {
  const { t } = useTranslation();
  const fishbone = useFishbone((s) => s.doc)!;
  const draft = useFishbone((s) => s.draft);

  const orientation = fishbone.orientation;
  const moveTo = useCallback(
    (kind: Intent['kind'], current: NodeRef | null) => {
      const fb = useFishbone.getState().doc!;
      const towardHead = orientation === 'head_right' ? 'right' : 'left';
      switch (kind) {
        case 'up':
        case 'down':
          return navigate(fb, current, kind);
        case 'left':
        case 'right':
          return navigate(fb, current, kind === towardHead ? 'parent' : 'child');
        case 'home':
          return 'head';
        case 'end':
          return readingOrder(fb).at(-1) ?? 'head';
      }
      return undefined;
    },
    [orientation],
  );
  const canvas = useTreeCanvas({ store: useFishbone, actions: editorActions, rootId: 'head', draggable: 'cause', moveTo, t });
  const { selected, editing } = canvas;

  const view = useMemo(() => viewOf(fishbone, draft, editing), [fishbone, draft, editing]);
  const headText = editing?.id === 'head' ? editing.text || effect : effect;
  const layout = useMemo(() => layoutFishbone(view, headText, { wideNodeId: editing?.id ?? null }), [view, headText, editing?.id]);
  const causes = useMemo(() => indexCauses(view), [view]);
  const top = useMemo(() => topVoted(fishbone), [fishbone]);

  const look = useCallback(
    (box: DiagramBox): NodeLook => {
      const cause = box.kind === 'cause' ? causes.get(box.id) : undefined;
      const full = box.kind === 'head' ? headText : box.kind === 'category' ? (view.categories.find((c) => c.id === box.id)?.label ?? '') : (cause?.text ?? '');
      return {
        full,
        status: cause?.status ?? null,
        root: cause?.isRootCause ?? false,
        votes: cause?.votes ?? 0,
        top: top.has(box.id),
        hasChildren: (cause?.children.length ?? 0) > 0,
        votesLabel: cause?.votes ? t('fishbone.canvas.votes', { count: cause.votes }) : '',
        hiddenLabel: box.hidden ? t('fishbone.canvas.hiddenCauses', { count: box.hidden }) : '',
      };
    },
    [causes, view, top, headText, t],
  );

  const dropTarget = useCallback((draggedId: string, over: DiagramBox, relativeY: number): Drop | null => {
    if (over.kind === 'head') return null;
    if (over.kind === 'category') return { id: over.id, mode: 'inside' };
    const fb = useFishbone.getState().doc;
    const moving = fb && findCause(fb, draggedId);
    if (moving && containsCause(moving.cause, over.id)) return null;
    return { id: over.id, mode: relativeY < 0.3 ? 'before' : relativeY > 0.7 ? 'after' : 'inside' };
  }, []);

  const onDrop = useCallback((draggedId: string, target: Drop) => {
    const { doc, run, select } = useFishbone.getState();
    const command = doc && dropCommand(doc, draggedId, target);
    if (command && run(command)) select(draggedId);
  }, []);

  const renderMenu = useCallback(
    (id: NodeRef, x: number, y: number, close: () => void) => <FishboneMenu id={id} x={x} y={y} onClose={close} onAskWhy={onAskWhy} />,
    [onAskWhy],
  );

  return (
    <DiagramCanvas
      {...canvas}
      label={t('fishbone.canvas.label')}
      help={t('fishbone.canvas.help')}
      shape={layout}
      look={look}
      dropTarget={dropTarget}
      onDrop={onDrop}
      renderMenu={renderMenu}
      announce={selected && selected !== DRAFT_ID ? describeNode(fishbone, selected, effect, t) : ''}
    />
  );
}

/** One sentence a screen reader says when the selection moves. */
export function describeNode(fishbone: Fishbone, id: NodeRef, effect: string, t: TFunction): string {
  const text = shorten(nodeText(fishbone, id, effect), 120);
  if (id === 'head') return `${t('fishbone.head')}: ${text}`;
  const category = fishbone.categories.find((c) => c.id === id);
  if (category) return `${t('fishbone.canvas.category')}: ${text}`;
  const found = findCause(fishbone, id);
  if (!found) return text;
  const parts = [text, t(`enum.causeStatus.${found.cause.status}`)];
  if (found.cause.isRootCause) parts.push(t('fishbone.canvas.rootCause'));
  if (found.cause.votes) parts.push(t('fishbone.canvas.votes', { count: found.cause.votes }));
  if (found.cause.collapsed && found.cause.children.length) parts.push(t('fishbone.canvas.hiddenCauses', { count: found.cause.children.length }));
  return parts.join(', ');
}

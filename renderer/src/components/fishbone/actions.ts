import type { TFunction } from 'i18next';
import { causeText, countCauses, findCause, type Cause, type CauseFields, type Fishbone } from '../../../../shared/domain/fishbone';
import { defaultCauseFields } from '../../../../shared/domain/fishbone';
import { issuesFromZod } from '../../../../shared/contract/errors';
import { Category } from '../../../../shared/domain/fishbone';
import { DRAFT_ID, useFishbone, type NodeRef } from '../../state/fishbone';
import type { EditorActions } from '../diagram/keys';

/** The editor's verbs, shared by the keyboard, the context menu, the outline and the side panel,
 *  so every way of doing a thing does the same thing. */

const state = () => useFishbone.getState();

export function categoryOf(fishbone: Fishbone, id: NodeRef) {
  return fishbone.categories.find((c) => c.id === id) ?? null;
}

/** Enter: a new sibling right after the node (a category after a category). */
export function addSibling(id: NodeRef): void {
  const { doc: fishbone } = state();
  if (!fishbone) return;
  if (id === 'head') return addCategory(fishbone.categories.length, id);
  const category = categoryOf(fishbone, id);
  if (category) return addCategory(fishbone.categories.indexOf(category) + 1, id);
  const found = findCause(fishbone, id);
  if (!found) return;
  state().startDraft({ kind: 'cause', categoryId: found.category.id, causeId: found.parent?.id ?? null, index: found.index + 1, from: id });
}

/** Tab: a new cause under the node (a cause on a category's bone, a category for the head). */
export function addChild(id: NodeRef): void {
  const { doc: fishbone } = state();
  if (!fishbone) return;
  if (id === 'head') return addCategory(fishbone.categories.length, id);
  const category = categoryOf(fishbone, id);
  if (category) {
    state().startDraft({ kind: 'cause', categoryId: category.id, causeId: null, index: category.causes.length, from: id });
    return;
  }
  const found = findCause(fishbone, id);
  if (!found) return;
  if (found.cause.collapsed) state().run({ type: 'updateCause', id, patch: { collapsed: false } });
  state().startDraft({ kind: 'cause', categoryId: found.category.id, causeId: id, index: found.cause.children.length, from: id });
}

export function addCategory(index: number, from: NodeRef | null): void {
  state().startDraft({ kind: 'category', index, from });
}

/** Ends in-place editing. Empty text is refused in place: the editor stays open with the reason.
 *  Returns the id of the node that was edited or created, or null when nothing was saved. */
export function commitEdit(): NodeRef | null {
  const { editing, draft, doc: fishbone, run, setEditError, cancelEdit } = state();
  if (!editing || !fishbone) return null;
  const text = editing.text;
  if (editing.id === 'head') {
    const effect = text.trim() ? text.trim() : null;
    if (effect !== fishbone.effect) {
      if (!run({ type: 'setEffect', effect })) return keepOpen();
    }
    useFishbone.setState({ editing: null });
    return 'head';
  }
  if (draft?.kind === 'category' || (editing.id !== DRAFT_ID && categoryOf(fishbone, editing.id))) {
    const parsed = Category.shape.label.safeParse(text);
    if (!parsed.success) {
      setEditError(issuesFromZod(parsed.error)[0]?.reason ?? 'generic');
      return null;
    }
    if (draft?.kind === 'category') {
      const id = crypto.randomUUID();
      if (!run({ type: 'addCategory', index: draft.index, category: { id, label: parsed.data, templateKey: null, causes: [] } })) return keepOpen();
      useFishbone.setState({ editing: null, draft: null, selected: id });
      return id;
    }
    const category = categoryOf(fishbone, editing.id)!;
    if (parsed.data !== category.label && !run({ type: 'renameCategory', id: category.id, label: parsed.data })) return keepOpen();
    useFishbone.setState({ editing: null });
    return category.id;
  }
  const parsed = causeText.safeParse(text);
  if (!parsed.success) {
    setEditError(issuesFromZod(parsed.error)[0]?.reason ?? 'generic');
    return null;
  }
  if (draft?.kind === 'cause') {
    const cause: Cause = { ...defaultCauseFields(parsed.data), id: crypto.randomUUID(), children: [] };
    if (!run({ type: 'addCause', parent: { categoryId: draft.categoryId, causeId: draft.causeId }, index: draft.index, cause })) return keepOpen();
    useFishbone.setState({ editing: null, draft: null, selected: cause.id });
    return cause.id;
  }
  const found = findCause(fishbone, editing.id);
  if (!found) {
    cancelEdit();
    return null;
  }
  if (parsed.data !== found.cause.text && !run({ type: 'updateCause', id: found.cause.id, patch: { text: parsed.data } })) return keepOpen();
  useFishbone.setState({ editing: null });
  return found.cause.id;
}

function keepOpen(): null {
  state().setEditError('generic');
  return null;
}

/** Delete: removes the node and everything under it, asking first when there is something under it. */
export function remove(id: NodeRef, t: TFunction, confirm: (message: string) => boolean = (m) => window.confirm(m)): void {
  const { doc: fishbone, run } = state();
  if (!fishbone || id === 'head') return;
  const category = categoryOf(fishbone, id);
  if (category) {
    const count = countCauses(category.causes);
    if (count > 0 && !confirm(t('fishbone.canvas.confirmRemoveCategory', { count, text: category.label }))) return;
    run({ type: 'removeCategory', id });
    return;
  }
  const found = findCause(fishbone, id);
  if (!found) return;
  const count = countCauses(found.cause.children);
  if (count > 0 && !confirm(t('fishbone.canvas.confirmRemove', { count, text: shorten(found.cause.text) }))) return;
  run({ type: 'removeCause', id });
}

export function shorten(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function toggleCollapse(id: NodeRef): void {
  const { doc: fishbone, run } = state();
  const found = fishbone && findCause(fishbone, id);
  if (!found || found.cause.children.length === 0) return;
  run({ type: 'updateCause', id, patch: { collapsed: !found.cause.collapsed } });
}

export function vote(id: NodeRef, delta: 1 | -1): void {
  const { doc: fishbone, run } = state();
  if (fishbone && findCause(fishbone, id)) run({ type: 'vote', id, delta });
}

export function toggleRootCause(id: NodeRef): void {
  const { doc: fishbone, run } = state();
  const found = fishbone && findCause(fishbone, id);
  if (found) run({ type: 'updateCause', id, patch: { isRootCause: !found.cause.isRootCause } });
}

/** Whether the cause is (still) there. */
export function hasCause(id: NodeRef): boolean {
  const fishbone = state().doc;
  return !!fishbone && findCause(fishbone, id) !== null;
}

/** The side panel's edits: changes a cause's fields while it is still there (the panel may be
 *  saving on its way out). True when it is gone, else whether the command applied. */
export function updateCause(id: NodeRef, patch: Partial<CauseFields>): boolean {
  return !hasCause(id) || state().run({ type: 'updateCause', id, patch });
}

/** Alt+Up/Down: moves a cause among its siblings, or a category among the categories. */
export function shift(id: NodeRef, delta: -1 | 1): void {
  const { doc: fishbone, run } = state();
  if (!fishbone) return;
  const category = categoryOf(fishbone, id);
  if (category) {
    const index = fishbone.categories.indexOf(category) + delta;
    if (index >= 0 && index < fishbone.categories.length) run({ type: 'moveCategory', id, index });
    return;
  }
  const found = findCause(fishbone, id);
  if (!found) return;
  const index = found.index + delta;
  if (index < 0 || index >= found.siblings.length) return;
  run({ type: 'moveCause', id, parent: { categoryId: found.category.id, causeId: found.parent?.id ?? null }, index });
}

/** The diagram's nodes in reading order (head, then each category and its visible causes). */
export function readingOrder(fishbone: Fishbone): NodeRef[] {
  const out: NodeRef[] = ['head'];
  const walk = (list: Cause[]) => {
    for (const c of list) {
      out.push(c.id);
      if (!c.collapsed) walk(c.children);
    }
  };
  for (const category of fishbone.categories) {
    out.push(category.id);
    walk(category.causes);
  }
  return out;
}

export type Direction = 'up' | 'down' | 'parent' | 'child';

/** Where an arrow key takes the selection: up/down through the reading order, "parent" towards
 *  the head, "child" to the first thing under the node (expanding a collapsed cause first). */
export function navigate(fishbone: Fishbone, from: NodeRef | null, direction: Direction): NodeRef | null {
  const order = readingOrder(fishbone);
  if (!from || !order.includes(from)) return order[0] ?? null;
  const i = order.indexOf(from);
  if (direction === 'up') return order[Math.max(0, i - 1)]!;
  if (direction === 'down') return order[Math.min(order.length - 1, i + 1)]!;
  if (from === 'head') return direction === 'child' ? (fishbone.categories[0]?.id ?? 'head') : 'head';
  const category = categoryOf(fishbone, from);
  if (category) return direction === 'parent' ? 'head' : (category.causes[0]?.id ?? from);
  const found = findCause(fishbone, from)!;
  if (direction === 'parent') return found.parent?.id ?? found.category.id;
  if (found.cause.children.length === 0) return from;
  if (found.cause.collapsed) {
    state().run({ type: 'updateCause', id: from, patch: { collapsed: false } });
  }
  return found.cause.children[0]!.id;
}

/** The text of a node as a reader sees it (for labels and confirmations). */
export function nodeText(fishbone: Fishbone, id: NodeRef, effect: string): string {
  if (id === 'head') return effect;
  return categoryOf(fishbone, id)?.label ?? findCause(fishbone, id)?.cause.text ?? '';
}

/** The verbs the diagram and the outline share (diagram/keys.ts). */
export const editorActions: EditorActions = { shift, addSibling, addChild, toggleCollapse, remove, commitEdit };

// A label typed in place is saved before the page goes away (see the command store's settleEdit).
useFishbone.setState({ settleEdit: commitEdit });

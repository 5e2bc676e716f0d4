import type { TFunction } from 'i18next';
import { create } from 'zustand';
import { issuesFromZod } from '../../../../shared/contract/errors';
import { walk } from '../../../../shared/domain/tree';
import { countWhys, defaultWhyFields, findWhy, newAnalysis, WhyAnalysis, whyAnswer, type Why, type WhyAnalyses, type WhyFields } from '../../../../shared/domain/whys';
import { parseRoute, routeHash, useRoute, type AnalysisTool, type Route } from '../../state/route';
import { DRAFT_ID, useWhys, type NodeRef } from '../../state/whys';
import type { EditorActions } from '../diagram/keys';
import type { DiagramView } from '../diagram/Toolbar';

/** The 5-Whys editor's verbs, shared by the keyboard, the menu, the outline and the side panel.
 *  The grammar is the fishbone's: Enter gives another answer to the same why, Tab asks "why?"
 *  below. */

const state = () => useWhys.getState();

/** Which tool step 2 shows, which analysis is open and whether each tool shows its diagram or its
 *  outline: view state, never history. All of it is in the address, so a reload keeps it. */
export const useAnalysisView = create<{
  tool: AnalysisTool;
  analysisId: string | null;
  views: Record<AnalysisTool, DiagramView>;
  /** An analysis just opened by "Ask why" or made new: the editor moves focus to its question. */
  focusRequest: string | null;
  show(tool: AnalysisTool, analysisId?: string | null): void;
  setView(tool: AnalysisTool, view: DiagramView): void;
}>((set) => {
  const initial = parseRoute(window.location.hash);
  const fromAddress = initial.name === 'case' ? initial : null;
  const tool = fromAddress?.tool ?? 'fishbone';
  return {
    tool,
    analysisId: fromAddress?.analysisId ?? null,
    focusRequest: null,
    views: { fishbone: 'diagram', whys: 'diagram', [tool]: fromAddress?.outline ? 'outline' : 'diagram' },
    show: (tool, analysisId) => {
      set(analysisId === undefined ? { tool } : { tool, analysisId });
      syncAddress();
    },
    setView: (tool, view) => {
      set((s) => ({ views: { ...s.views, [tool]: view } }));
      syncAddress();
    },
  };
});

/** Writes the shown tool, analysis and view into the address, on the case's analysis step. A new
 *  tool is a history entry (as before); another analysis or view of the same tool replaces it. */
function syncAddress(): void {
  const { route, go, replace } = useRoute.getState();
  if (route.name !== 'case' || (route.step !== 'analyse' && route.step !== null)) return;
  const { tool, analysisId, views } = useAnalysisView.getState();
  const next: Route = { name: 'case', id: route.id, step: 'analyse', tool };
  if (tool === 'whys' && analysisId) next.analysisId = analysisId;
  if (views[tool] === 'outline') next.outline = true;
  if (routeHash(next) === routeHash(route)) return;
  if (route.tool !== tool) go(next);
  else replace(next);
}

export const isQuestion = (doc: WhyAnalyses, id: NodeRef) => doc.some((a) => a.id === id);

/** Opens the analysis that asks why about this fishbone cause, creating it the first time. */
export function askWhy(causeId: string): void {
  const { doc, run } = state();
  if (!doc) return;
  const existing = doc.find((a) => a.startCauseId === causeId);
  if (existing) return openAnalysis(existing.id);
  const analysis = newAnalysis(crypto.randomUUID(), causeId);
  if (run({ type: 'addAnalysis', index: doc.length, analysis })) openAnalysis(analysis.id);
}

/** Shows an analysis with its question selected, and focus on it (not on the page body). */
function openAnalysis(id: string): void {
  useAnalysisView.setState({ focusRequest: id });
  useAnalysisView.getState().show('whys', id);
  state().select(id);
}

/** A new analysis of the problem statement. */
export function newProblemAnalysis(): void {
  const { doc, run } = state();
  if (!doc) return;
  const analysis = newAnalysis(crypto.randomUUID(), null);
  if (run({ type: 'addAnalysis', index: doc.length, analysis })) openAnalysis(analysis.id);
}

/** Enter: another answer to the same why (on the question: a first answer). */
export function addSibling(id: NodeRef): void {
  const { doc, startDraft } = state();
  if (!doc) return;
  const analysis = doc.find((a) => a.id === id);
  if (analysis) return startDraft({ analysisId: id, parentId: null, index: analysis.whys.length, from: id });
  const found = findWhy(doc, id);
  if (found) startDraft({ analysisId: found.analysis.id, parentId: found.parent?.id ?? null, index: found.index + 1, from: id });
}

/** Tab: "why?" about this answer (on the question: a first answer). */
export function addChild(id: NodeRef): void {
  const { doc, startDraft, run } = state();
  if (!doc) return;
  const analysis = doc.find((a) => a.id === id);
  if (analysis) return startDraft({ analysisId: id, parentId: null, index: analysis.whys.length, from: id });
  const found = findWhy(doc, id);
  if (!found) return;
  if (found.why.collapsed) run({ type: 'updateWhy', id, patch: { collapsed: false } });
  startDraft({ analysisId: found.analysis.id, parentId: id, index: found.why.children.length, from: id });
}

/** Ends in-place editing; empty answers are refused in place. Returns the node edited or made. */
export function commitEdit(): NodeRef | null {
  const { editing, draft, doc, run, setEditError, cancelEdit } = state();
  if (!editing || !doc) return null;
  if (editing.id !== DRAFT_ID && isQuestion(doc, editing.id)) {
    const parsed = WhyAnalysis.shape.question.safeParse(editing.text.trim());
    if (!parsed.success) {
      setEditError(issuesFromZod(parsed.error)[0]?.reason ?? 'generic');
      return null;
    }
    const analysis = doc.find((a) => a.id === editing.id)!;
    if (parsed.data !== analysis.question && !run({ type: 'updateAnalysis', id: analysis.id, patch: { question: parsed.data } })) return keepOpen();
    useWhys.setState({ editing: null });
    return analysis.id;
  }
  const parsed = whyAnswer.safeParse(editing.text);
  if (!parsed.success) {
    setEditError(issuesFromZod(parsed.error)[0]?.reason ?? 'generic');
    return null;
  }
  if (draft) {
    const why: Why = { ...defaultWhyFields(parsed.data), id: crypto.randomUUID(), children: [] };
    if (!run({ type: 'addWhy', analysisId: draft.analysisId, parentId: draft.parentId, index: draft.index, why })) return keepOpen();
    useWhys.setState({ editing: null, draft: null, selected: why.id });
    return why.id;
  }
  const found = findWhy(doc, editing.id);
  if (!found) {
    cancelEdit();
    return null;
  }
  if (parsed.data !== found.why.answer && !run({ type: 'updateWhy', id: found.why.id, patch: { answer: parsed.data } })) return keepOpen();
  useWhys.setState({ editing: null });
  return found.why.id;
}

function keepOpen(): null {
  state().setEditError('generic');
  return null;
}

/** Delete: a why with everything under it (asking first when there is something under it), or a
 *  whole analysis from its question. */
export function remove(id: NodeRef, t: TFunction, confirm: (message: string) => boolean = (m) => window.confirm(m)): void {
  const { doc, run } = state();
  if (!doc) return;
  const analysis = doc.find((a) => a.id === id);
  if (analysis) {
    const count = countWhys(analysis.whys);
    if (count > 0 && !confirm(t('whys.confirmRemoveAnalysis', { count }))) return;
    if (run({ type: 'removeAnalysis', id })) {
      const next = state().doc?.[0]?.id ?? null;
      useAnalysisView.getState().show('whys', next);
      state().select(next);
    }
    return;
  }
  const found = findWhy(doc, id);
  if (!found) return;
  const count = countWhys(found.why.children);
  if (count > 0 && !confirm(t('whys.confirmRemove', { count, text: shorten(found.why.answer) }))) return;
  run({ type: 'removeWhy', id });
}

export function shorten(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function toggleCollapse(id: NodeRef): void {
  const { doc, run } = state();
  const found = doc && findWhy(doc, id);
  if (found && found.why.children.length) run({ type: 'updateWhy', id, patch: { collapsed: !found.why.collapsed } });
}

export function toggleRootCause(id: NodeRef): void {
  const { doc, run } = state();
  const found = doc && findWhy(doc, id);
  if (!found) return;
  const root = !found.why.isRootCause;
  // Marking a root cause asks for the reason to stop; until it is given, "we can fix it" is the usual one.
  run({ type: 'updateWhy', id, patch: root ? { isRootCause: true, stopReason: found.why.stopReason ?? 'controllable' } : { isRootCause: false, stopReason: null } });
}

/** Whether the answer is (still) there. */
export function hasWhy(id: NodeRef): boolean {
  const doc = state().doc;
  return !!doc && findWhy(doc, id) !== null;
}

/** The side panel's edits: changes an answer's fields while it is still there (the panel may be
 *  saving on its way out). True when it is gone, else whether the command applied. */
export function updateWhy(id: NodeRef, patch: Partial<WhyFields>): boolean {
  return !hasWhy(id) || state().run({ type: 'updateWhy', id, patch });
}

/** Alt+Up/Down: another order among the answers to the same why. */
export function shift(id: NodeRef, delta: -1 | 1): void {
  const { doc, run } = state();
  const found = doc && findWhy(doc, id);
  if (!found) return;
  const index = found.index + delta;
  if (index >= 0 && index < found.siblings.length) run({ type: 'moveWhy', id, parentId: found.parent?.id ?? null, index });
}

/** An analysis's nodes in reading order: the question, then its visible whys depth first. */
export function readingOrder(analysis: WhyAnalysis): NodeRef[] {
  const out: NodeRef[] = [analysis.id];
  const visit = (list: Why[]) => {
    for (const w of list) {
      out.push(w.id);
      if (!w.collapsed) visit(w.children);
    }
  };
  visit(analysis.whys);
  return out;
}

export type Direction = 'up' | 'down' | 'parent' | 'child';

export function navigate(doc: WhyAnalyses, analysisId: string, from: NodeRef | null, direction: Direction): NodeRef | null {
  const analysis = doc.find((a) => a.id === analysisId);
  if (!analysis) return null;
  const order = readingOrder(analysis);
  if (!from || !order.includes(from)) return order[0]!;
  const i = order.indexOf(from);
  if (direction === 'up') return order[Math.max(0, i - 1)]!;
  if (direction === 'down') return order[Math.min(order.length - 1, i + 1)]!;
  if (from === analysis.id) return direction === 'child' ? (analysis.whys[0]?.id ?? from) : from;
  const found = findWhy(doc, from)!;
  if (direction === 'parent') return found.parent?.id ?? analysis.id;
  if (!found.why.children.length) return from;
  if (found.why.collapsed) state().run({ type: 'updateWhy', id: from, patch: { collapsed: false } });
  return found.why.children[0]!.id;
}

/** Every why of an analysis, flat, with its depth (for lists and counts). */
export function flatWhys(analysis: WhyAnalysis): Array<{ why: Why; depth: number }> {
  const out: Array<{ why: Why; depth: number }> = [];
  walk(analysis.whys, (why, depth) => out.push({ why, depth }));
  return out;
}

/** The verbs the diagram and the outline share (diagram/keys.ts). */
export const editorActions: EditorActions = { shift, addSibling, addChild, toggleCollapse, remove, commitEdit };

// An answer typed in place is saved before the page goes away (see the command store's settleEdit).
useWhys.setState({ settleEdit: commitEdit });

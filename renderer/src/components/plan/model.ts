import { useMemo } from 'react';
import { create } from 'zustand';
import { findCause } from '../../../../shared/domain/fishbone';
import { defaultActionFields, refKey, type Action, type ActionFields, type RootCauseRef } from '../../../../shared/domain/plan';
import { coveredRootCauses, type RootCauseStatus } from '../../../../shared/domain/root-causes';
import { ACTION_KINDS, ACTION_STATUSES, LEVELS } from '../../../../shared/domain/vocabulary';
import { findWhy, questionText } from '../../../../shared/domain/whys';
import type { Language } from '../../../../shared/i18n/languages';
import { useFishbone } from '../../state/fishbone';
import { usePlan } from '../../state/plan';
import { useDistinctRootCauses } from '../../state/root-causes';
import { useWhys } from '../../state/whys';
import { useWorkspace } from '../../state/workspace';

/** What step 3 (制定方案) works with besides the plan store: the case's root causes from both
 *  tools, the table's view state (sort, filters, table or matrix), the new-action form, and the
 *  few plan edits the step makes in more than one place. */

export type ActionKind = ActionFields['kind'];
export type ActionStatus = ActionFields['status'];
export type Level = ActionFields['priority'];

// ---------------------------------------------------------------------------------------------
// Root causes

/** One place a root cause was found. */
export interface RootCausePlaceItem {
  ref: RootCauseRef;
  key: string;
  /** The fishbone category, or the 5-Whys question. */
  where: string;
  /** For "show in the analysis": the analysis a 5-Whys answer belongs to. */
  analysisId: string | null;
}

/** One distinct root cause (see shared/domain/root-causes.ts); `ref`, `key`, `where` and
 *  `analysisId` are those of its canonical place, the first in `places`. */
export interface RootCauseItem extends RootCausePlaceItem {
  /** 1-based, in the order the analysis lists them: fishbone first, then the 5 Whys. */
  n: number;
  text: string;
  status: RootCauseStatus;
  places: RootCausePlaceItem[];
}

/** The case's distinct root causes from the fishbone and the 5 Whys, numbered as one list (RC1,
 *  RC2…): one found by both tools is one item. */
export function useRootCauses(): RootCauseItem[] {
  const fishbone = useFishbone((s) => s.doc);
  const { roots } = useDistinctRootCauses();
  const problem = useWorkspace((s) => s.draft?.problem ?? '');
  return useMemo(() => {
    const causeText = (id: string) => (fishbone ? (findCause(fishbone, id)?.cause.text ?? null) : null);
    return roots.map((root) => {
      const places = root.places.map((p) =>
        p.source === 'fishbone'
          ? { ref: p.ref, key: p.key, where: p.category.label, analysisId: null }
          : { ref: p.ref, key: p.key, where: questionText(p.analysis, causeText, problem), analysisId: p.analysis.id },
      );
      return { ...places[0]!, n: root.n, text: root.text, status: root.status, places };
    });
  }, [fishbone, roots, problem]);
}

/** Every place's key to its root cause item. */
export function rootsByPlace(roots: readonly RootCauseItem[]): Map<string, RootCauseItem> {
  const out = new Map<string, RootCauseItem>();
  for (const root of roots) for (const p of root.places) out.set(p.key, root);
  return out;
}

/** The text of a linked cause that is no longer on the root-cause list (unmarked, or removed: null). */
export function refText(ref: RootCauseRef): string | null {
  if (ref.source === 'fishbone') {
    const fishbone = useFishbone.getState().doc;
    return fishbone ? (findCause(fishbone, ref.id)?.cause.text ?? null) : null;
  }
  const analyses = useWhys.getState().doc;
  return analyses ? (findWhy(analyses, ref.id)?.why.answer ?? null) : null;
}

/** How many actions address each root cause (by its key), through any of its places; an action
 *  linking two places of one root cause counts once. Cancelled actions do not count. */
export function coverage(actions: readonly Action[], roots: readonly RootCauseItem[]): Map<string, number> {
  return coveredRootCauses(actions, rootsByPlace(roots));
}

// ---------------------------------------------------------------------------------------------
// Dates: a due date is a day; it is stored as the end of that day in local time, so an action is
// overdue only once its whole day has passed.

const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatDay(iso: string | null, language: Language): string {
  if (!iso) return '';
  let f = dateFormats.get(language);
  if (!f) {
    f = new Intl.DateTimeFormat(language, { dateStyle: 'medium' });
    dateFormats.set(language, f);
  }
  return f.format(new Date(iso));
}

export function toDayInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(d.getFullYear()).padStart(4, '0')}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function fromDayInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 0);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

// ---------------------------------------------------------------------------------------------
// Sorting and filtering the table (the matrix shows the same filtered actions).

export const COLUMNS = ['order', 'title', 'kind', 'owner', 'due', 'priority', 'impact', 'effort', 'status', 'rootCauses'] as const;
export type Column = (typeof COLUMNS)[number];
export type Direction = 'ascending' | 'descending';

export interface Filters {
  kind: ActionKind | null;
  status: ActionStatus | null;
  text: string;
}

export type View = 'table' | 'matrix';

/** The new-action form: where it was opened from (the toolbar, or a root cause it will address). */
export interface Draft {
  rootCause: RootCauseRef | null;
}

interface PlanViewState {
  caseId: string | null;
  view: View;
  sort: { column: Column; direction: Direction };
  filters: Filters;
  draft: Draft | null;
  /** Resets the view for another case. */
  forCase(caseId: string | null): void;
  setView(view: View): void;
  sortBy(column: Column): void;
  setFilters(patch: Partial<Filters>): void;
  clearFilters(): void;
  openDraft(draft: Draft): void;
  closeDraft(): void;
}

const NO_FILTERS: Filters = { kind: null, status: null, text: '' };
const BY_ORDER = { column: 'order' as Column, direction: 'ascending' as Direction };

export const usePlanView = create<PlanViewState>((set, get) => ({
  caseId: null,
  view: 'table',
  sort: BY_ORDER,
  filters: NO_FILTERS,
  draft: null,
  forCase(caseId) {
    if (get().caseId !== caseId) set({ caseId, sort: BY_ORDER, filters: NO_FILTERS, draft: null });
  },
  setView: (view) => set({ view }),
  sortBy(column) {
    const { sort } = get();
    set({ sort: { column, direction: sort.column === column && sort.direction === 'ascending' ? 'descending' : 'ascending' } });
  },
  setFilters: (patch) => set({ filters: { ...get().filters, ...patch } }),
  clearFilters: () => set({ filters: NO_FILTERS }),
  openDraft: (draft) => set({ draft }),
  closeDraft: () => set({ draft: null }),
}));

export const hasFilters = (f: Filters) => f.kind !== null || f.status !== null || f.text.trim() !== '';

export function filterActions(actions: readonly Action[], f: Filters): Action[] {
  const words = f.text.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return actions.filter((a) => {
    if (f.kind && a.kind !== f.kind) return false;
    if (f.status && a.status !== f.status) return false;
    const hay = `${a.title}\n${a.owner}`.toLocaleLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

const rank = (list: readonly string[], v: string) => list.indexOf(v);

/** Sorted copy; ties keep the plan's order. Actions without an owner or a due date go last. */
export function sortActions(actions: readonly Action[], sort: { column: Column; direction: Direction }, language: Language): Action[] {
  const order = new Map(actions.map((a, i) => [a.id, i]));
  const collator = new Intl.Collator(language, { sensitivity: 'base', numeric: true });
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const compare = (a: Action, b: Action): number => {
    switch (sort.column) {
      case 'order':
        return 0;
      case 'title':
        return collator.compare(a.title, b.title);
      case 'owner':
        return collator.compare(a.owner, b.owner);
      case 'kind':
        return rank(ACTION_KINDS, a.kind) - rank(ACTION_KINDS, b.kind);
      case 'status':
        return rank(ACTION_STATUSES, a.status) - rank(ACTION_STATUSES, b.status);
      case 'priority':
      case 'impact':
      case 'effort':
        return rank(LEVELS, a[sort.column]) - rank(LEVELS, b[sort.column]);
      case 'due':
        return Date.parse(a.dueAt!) - Date.parse(b.dueAt!);
      case 'rootCauses':
        return a.rootCauses.length - b.rootCauses.length;
    }
  };
  const missing = (a: Action) => (sort.column === 'owner' && !a.owner.trim()) || (sort.column === 'due' && a.dueAt === null);
  return [...actions].sort((a, b) => {
    const ma = missing(a);
    const mb = missing(b);
    if (ma !== mb) return ma ? 1 : -1;
    const c = ma ? 0 : compare(a, b) * sign;
    return c !== 0 ? c : (order.get(a.id)! - order.get(b.id)!) * (sort.column === 'order' ? sign : 1);
  });
}

// ---------------------------------------------------------------------------------------------
// Edits

const plan = () => usePlan.getState();

/** Adds an action at the end of the plan and selects it; its id, or null when it was refused. */
export function addAction(fields: Partial<ActionFields> & { title: string }): string | null {
  const { doc, run, select } = plan();
  if (!doc) return null;
  const id = crypto.randomUUID();
  const action: Action = { ...defaultActionFields(fields.title), ...fields, id, progress: [], checks: [] };
  if (!run({ type: 'addAction', index: doc.actions.length, action })) return null;
  select(id);
  return id;
}

/** Runs an update only while the action is still there (a field may save on its way out). */
export function updateAction(id: string, patch: Partial<ActionFields>): boolean {
  const { doc, run } = plan();
  if (!doc?.actions.some((a) => a.id === id)) return true;
  return run({ type: 'updateAction', id, patch });
}

/** Moves an action to where `before` is in the plan (one step up or down among the shown rows). */
export function moveActionTo(id: string, to: string): void {
  const { doc, run } = plan();
  const index = doc?.actions.findIndex((a) => a.id === to) ?? -1;
  if (index >= 0) run({ type: 'moveAction', id, index });
}

/** After React has re-rendered (reordering moves DOM nodes, which drops focus): focus goes back to
 *  `keep`, or to `fallback()` when `keep` is gone or disabled. */
export function refocus(keep: HTMLElement | null, fallback: () => HTMLElement | null | undefined): void {
  requestAnimationFrame(() => {
    if (keep?.isConnected && !(keep as HTMLButtonElement).disabled) keep.focus();
    else fallback()?.focus();
  });
}

// ---------------------------------------------------------------------------------------------
// Countermeasure ideas (管理对策) from the domain brief.

export const COUNTERMEASURES = [
  { key: 'empower', kind: 'preventive' },
  { key: 'training', kind: 'preventive' },
  { key: 'communication', kind: 'corrective' },
  { key: 'feedback', kind: 'improvement' },
  { key: 'complaints', kind: 'corrective' },
  { key: 'remedy', kind: 'containment' },
] as const satisfies ReadonlyArray<{ key: string; kind: ActionKind }>;

// ---------------------------------------------------------------------------------------------
// The impact / effort matrix: rows from high impact down, columns from low effort up.

export const MATRIX_IMPACT = ['high', 'medium', 'low'] as const satisfies readonly Level[];
export const MATRIX_EFFORT = ['low', 'medium', 'high'] as const satisfies readonly Level[];

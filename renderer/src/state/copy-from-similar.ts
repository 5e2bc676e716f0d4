import { defaultCauseFields, type Cause, type Category } from '../../../shared/domain/fishbone';
import { defaultActionFields, type Action, type Lesson } from '../../../shared/domain/plan';
import type { SimilarCase } from '../../../shared/domain/search';
import { ACTION_KINDS } from '../../../shared/domain/vocabulary';
import { useFishbone } from './fishbone';
import { usePlan } from './plan';

/** Copies from a similar past case into the open one. Each copy is one command of the editor that
 *  owns that part (the plan for a lesson or an action, the fishbone for a root cause), so it joins
 *  that editor's history: Ctrl+Z there, or `undoCopy`, takes it back. */

type Store = typeof usePlan | typeof useFishbone;

/** A made copy: which history it is in, and its entry there (undone only while it is the last). */
export interface Copy {
  store: Store;
  entry: unknown;
}

async function loaded(store: Store, caseId: string): Promise<boolean> {
  const s = store.getState();
  if (s.caseId !== caseId || s.doc === null) await s.load(caseId);
  return store.getState().caseId === caseId && store.getState().doc !== null;
}

function made(store: Store): Copy {
  return { store, entry: store.getState().undoStack.at(-1) };
}

export async function copyLesson(caseId: string, lesson: Lesson): Promise<Copy | null> {
  if (!(await loaded(usePlan, caseId))) return null;
  const { doc, run } = usePlan.getState();
  const copy: Lesson = { ...lesson, id: crypto.randomUUID() };
  return run({ type: 'addLesson', index: doc!.lessons.length, lesson: copy }) ? made(usePlan) : null;
}

export async function copyAction(caseId: string, action: SimilarCase['actions'][number]): Promise<Copy | null> {
  if (!(await loaded(usePlan, caseId))) return null;
  const { doc, run } = usePlan.getState();
  // Only what the suggestion carries is copied: the title and the kind. Owner, dates and status
  // belong to the other case; the copy starts as a planned action of this one.
  const kind = (ACTION_KINDS as readonly string[]).includes(action.kind) ? (action.kind as Action['kind']) : 'corrective';
  const copy: Action = { ...defaultActionFields(action.title), kind, id: crypto.randomUUID(), progress: [], checks: [] };
  return run({ type: 'addAction', index: doc!.actions.length, action: copy }) ? made(usePlan) : null;
}

/** A root cause becomes a cause marked as root cause, on a category named for copies (made along
 *  with the first copy, in the same command, so one undo takes back both). */
export async function copyRootCause(caseId: string, root: SimilarCase['rootCauses'][number], categoryLabel: string): Promise<Copy | null> {
  if (!(await loaded(useFishbone, caseId))) return null;
  const { doc, run } = useFishbone.getState();
  const cause: Cause = { ...defaultCauseFields(root.text), isRootCause: true, evidence: root.evidence, id: crypto.randomUUID(), children: [] };
  const existing = doc!.categories.find((c) => c.label === categoryLabel);
  const ok = existing
    ? run({ type: 'addCause', parent: { categoryId: existing.id, causeId: null }, index: existing.causes.length, cause })
    : run({
        type: 'addCategory',
        index: doc!.categories.length,
        category: { id: crypto.randomUUID(), label: categoryLabel, templateKey: null, causes: [cause] } satisfies Category,
      });
  return ok ? made(useFishbone) : null;
}

/** Takes a copy back if nothing was done in that editor since; false otherwise. */
export function undoCopy(copy: Copy): boolean {
  const s = copy.store.getState();
  if (s.undoStack.at(-1) !== copy.entry) return false;
  s.undo();
  return true;
}

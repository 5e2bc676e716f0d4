import { z } from 'zod';
import { CausewayError } from '../contract/errors';
import { Id } from './case';
import {
  Action,
  ActionFields,
  CustomerFeedback,
  EffectivenessCheck,
  Improvement,
  Lesson,
  ProgressNote,
  refKey,
  type CasePlan,
  type RootCauseRef,
} from './plan';
import { LIMITS } from './vocabulary';

/** Every change to a case's plan (steps 3-5) is one of these commands, applied by the same pure
 *  function in the editor (at once, keeping the inverse for undo) and in the backend (in one
 *  transaction). One command is one undo step.
 *
 *  The plan holds six ordered lists: actions, each action's progress notes and effectiveness
 *  checks, customer feedback, lessons and improvements. Each list has the same four commands
 *  (add at an index, update with a patch, move to an index, remove); progress notes, checks and
 *  feedback are kept in the order they were written and have no move. */

const index = z.number().int().min(0).max(LIMITS.planItems);

export const ActionPatch = ActionFields.partial().strict();
export const ProgressPatch = ProgressNote.omit({ id: true }).partial().strict();
export const CheckPatch = EffectivenessCheck.omit({ id: true }).partial().strict();
export const FeedbackPatch = CustomerFeedback.omit({ id: true }).partial().strict();
export const LessonPatch = Lesson.omit({ id: true }).partial().strict();
export const ImprovementPatch = Improvement.omit({ id: true }).partial().strict();

export const PlanCommand = z.discriminatedUnion('type', [
  /** Also restores a removed action with its progress notes and checks (the inverse of removeAction). */
  z.object({ type: z.literal('addAction'), index, action: Action }).strict(),
  z.object({ type: z.literal('updateAction'), id: Id, patch: ActionPatch }).strict(),
  z.object({ type: z.literal('moveAction'), id: Id, index }).strict(),
  z.object({ type: z.literal('removeAction'), id: Id }).strict(),

  z.object({ type: z.literal('addProgress'), actionId: Id, index, note: ProgressNote }).strict(),
  z.object({ type: z.literal('updateProgress'), id: Id, patch: ProgressPatch }).strict(),
  z.object({ type: z.literal('removeProgress'), id: Id }).strict(),

  /** A check whose result is `not_effective` reopens the action's root causes (see PlanRepo). */
  z.object({ type: z.literal('addCheck'), actionId: Id, index, check: EffectivenessCheck }).strict(),
  z.object({ type: z.literal('updateCheck'), id: Id, patch: CheckPatch }).strict(),
  z.object({ type: z.literal('removeCheck'), id: Id }).strict(),

  z.object({ type: z.literal('addFeedback'), index, feedback: CustomerFeedback }).strict(),
  z.object({ type: z.literal('updateFeedback'), id: Id, patch: FeedbackPatch }).strict(),
  z.object({ type: z.literal('removeFeedback'), id: Id }).strict(),

  z.object({ type: z.literal('addLesson'), index, lesson: Lesson }).strict(),
  z.object({ type: z.literal('updateLesson'), id: Id, patch: LessonPatch }).strict(),
  z.object({ type: z.literal('moveLesson'), id: Id, index }).strict(),
  z.object({ type: z.literal('removeLesson'), id: Id }).strict(),

  z.object({ type: z.literal('addImprovement'), index, improvement: Improvement }).strict(),
  z.object({ type: z.literal('updateImprovement'), id: Id, patch: ImprovementPatch }).strict(),
  z.object({ type: z.literal('moveImprovement'), id: Id, index }).strict(),
  z.object({ type: z.literal('removeImprovement'), id: Id }).strict(),
]);
export type PlanCommand = z.infer<typeof PlanCommand>;
export type PlanCommandType = PlanCommand['type'];

export interface AppliedPlan {
  plan: CasePlan;
  /** Applying this to the result gives back the plan that was passed in. */
  inverse: PlanCommand;
}

const invalid = (path: Array<string | number>, reason: string, message: string): never => {
  throw new CausewayError('validation', message, { issues: [{ path, reason }] });
};
const clamp = (i: number, length: number) => Math.min(Math.max(0, i), length);

// ---------------------------------------------------------------------------------------------
// The ordered lists, described once each; the four operations below work on any of them.

type Entry = { id: string };

const NOUNS = ['Action', 'Progress', 'Check', 'Feedback', 'Lesson', 'Improvement'] as const;
type Noun = (typeof NOUNS)[number];
type Op = 'add' | 'update' | 'move' | 'remove';

/** One list of the plan where items of a kind live, and how to put a changed list back. */
interface Slot {
  /** The action the list belongs to, for the lists inside an action. */
  actionId: string | null;
  items: readonly Entry[];
  put(items: Entry[]): CasePlan;
}

interface ListKind {
  /** For messages: "No progress note … in this plan." */
  what: string;
  /** The key of the new item in an add command. */
  payload: 'action' | 'note' | 'check' | 'feedback' | 'lesson' | 'improvement';
  /** The key of the list, for a validation issue's path. */
  list: string;
  max: number;
  /** Inside an action: an add names the action (`actionId`). */
  nested: boolean;
  slots(plan: CasePlan): Slot[];
  /** Rules an item must keep after an add or an update. */
  check?(item: Entry): void;
}

type TopKey = 'actions' | 'feedback' | 'lessons' | 'improvements';
type ActionListKey = 'progress' | 'checks';

const topLevel =
  (key: TopKey) =>
  (plan: CasePlan): Slot[] => [{ actionId: null, items: plan[key], put: (items) => ({ ...plan, [key]: items }) }];

const inAction =
  (key: ActionListKey) =>
  (plan: CasePlan): Slot[] =>
    plan.actions.map((action, i) => ({
      actionId: action.id,
      items: action[key],
      put: (items) => {
        const actions = [...plan.actions];
        actions[i] = { ...action, [key]: items };
        return { ...plan, actions };
      },
    }));

/** An action's own rules: a cancelled action says why, and names each root cause once. */
function checkAction(item: Entry): void {
  const action = item as Action;
  if (action.status === 'cancelled' && action.cancelReason.trim() === '') {
    invalid(['cancelReason'], 'cancel_reason_required', 'A cancelled action needs a reason.');
  }
  const refs = new Set(action.rootCauses.map(refKey));
  if (refs.size !== action.rootCauses.length) invalid(['rootCauses'], 'duplicate', 'An action names a root cause twice.');
}

/** The limits of the Action schema (a restored action comes with its lists, checked by the schema;
 *  these bound one more item added to them). */
const ACTION_PROGRESS_MAX = 1000;
const ACTION_CHECKS_MAX = 200;

const KINDS: Record<Noun, ListKind> = {
  Action: { what: 'action', payload: 'action', list: 'actions', max: LIMITS.planItems, nested: false, slots: topLevel('actions'), check: checkAction },
  Progress: { what: 'progress note', payload: 'note', list: 'progress', max: ACTION_PROGRESS_MAX, nested: true, slots: inAction('progress') },
  Check: { what: 'effectiveness check', payload: 'check', list: 'checks', max: ACTION_CHECKS_MAX, nested: true, slots: inAction('checks') },
  Feedback: { what: 'feedback', payload: 'feedback', list: 'feedback', max: LIMITS.planItems, nested: false, slots: topLevel('feedback') },
  Lesson: { what: 'lesson', payload: 'lesson', list: 'lessons', max: LIMITS.planItems, nested: false, slots: topLevel('lessons') },
  Improvement: { what: 'improvement', payload: 'improvement', list: 'improvements', max: LIMITS.planItems, nested: false, slots: topLevel('improvements') },
};

function parseType(type: PlanCommandType): [Op, Noun] {
  const m = /^(add|update|move|remove)([A-Z][A-Za-z]*)$/.exec(type);
  const noun = m?.[2] as Noun | undefined;
  if (!m || !noun || !NOUNS.includes(noun)) throw new CausewayError('validation', `Unknown plan command ${type}.`);
  return [m[1] as Op, noun];
}

/** Every id the plan uses: ids are unique across all its lists. */
export function planIds(plan: CasePlan): Set<string> {
  const out = new Set<string>();
  for (const a of plan.actions) {
    out.add(a.id);
    for (const p of a.progress) out.add(p.id);
    for (const c of a.checks) out.add(c.id);
  }
  for (const list of [plan.feedback, plan.lessons, plan.improvements]) for (const x of list) out.add(x.id);
  return out;
}

/** The ids an incoming item carries: its own, and for an action its notes' and checks'. */
function idsOf(noun: Noun, item: Entry): string[] {
  if (noun !== 'Action') return [item.id];
  const action = item as Action;
  return [action.id, ...action.progress.map((p) => p.id), ...action.checks.map((c) => c.id)];
}

function checkNewIds(plan: CasePlan, incoming: string[]): void {
  const existing = planIds(plan);
  for (const id of incoming) {
    if (existing.has(id)) invalid(['id'], 'duplicate', `Id ${id} is already used in this plan.`);
    existing.add(id);
  }
}

function find(kind: ListKind, plan: CasePlan, id: string): { slot: Slot; at: number } {
  for (const slot of kind.slots(plan)) {
    const at = slot.items.findIndex((x) => x.id === id);
    if (at >= 0) return { slot, at };
  }
  throw new CausewayError('not_found', `No ${kind.what} ${id} in this plan.`);
}

function slotOfAction(kind: ListKind, plan: CasePlan, actionId: string): Slot {
  const slot = kind.slots(plan).find((s) => s.actionId === actionId);
  if (!slot) throw new CausewayError('not_found', `No action ${actionId} in this plan.`);
  return slot;
}

/** The fields a command may carry, seen without their per-type names. */
interface LooseCommand {
  type: PlanCommandType;
  id?: string;
  actionId?: string;
  index?: number;
  patch?: Record<string, unknown>;
  [payload: string]: unknown;
}

/** Applies one command. Throws `not_found` for a missing item or action and `validation` for one
 *  that would break the plan (a duplicate id, a cancelled action without a reason, a root cause
 *  named twice by one action, a limit). Pure. */
export function applyPlanCommand(plan: CasePlan, command: PlanCommand): AppliedPlan {
  const [op, noun] = parseType(command.type);
  const kind = KINDS[noun];
  const c = command as unknown as LooseCommand;
  const inverse = (fields: Record<string, unknown>) => ({ type: `${op === 'add' ? 'remove' : op === 'remove' ? 'add' : op}${noun}`, ...fields }) as PlanCommand;

  switch (op) {
    case 'add': {
      const item = c[kind.payload] as Entry;
      const slot = kind.nested ? slotOfAction(kind, plan, c.actionId!) : kind.slots(plan)[0]!;
      checkNewIds(plan, idsOf(noun, item));
      kind.check?.(item);
      if (slot.items.length >= kind.max) invalid([kind.list], 'too_many', `Too many ${kind.what} items.`);
      const items = [...slot.items];
      items.splice(clamp(c.index!, items.length), 0, item);
      return { plan: slot.put(items), inverse: inverse({ id: item.id }) };
    }

    case 'update': {
      const { slot, at } = find(kind, plan, c.id!);
      const before = slot.items[at] as Entry & Record<string, unknown>;
      const patch = Object.fromEntries(Object.entries(c.patch!).filter(([, v]) => v !== undefined));
      const old: Record<string, unknown> = {};
      for (const key of Object.keys(patch)) old[key] = before[key];
      const after = { ...before, ...patch };
      kind.check?.(after);
      const items = [...slot.items];
      items[at] = after;
      return { plan: slot.put(items), inverse: inverse({ id: before.id, patch: old }) };
    }

    case 'move': {
      const { slot, at } = find(kind, plan, c.id!);
      const items = [...slot.items];
      const moved = items.splice(at, 1)[0]!;
      items.splice(clamp(c.index!, items.length), 0, moved);
      return { plan: slot.put(items), inverse: inverse({ id: moved.id, index: at }) };
    }

    case 'remove': {
      const { slot, at } = find(kind, plan, c.id!);
      const removed = slot.items[at]!;
      return {
        plan: slot.put(slot.items.filter((_, i) => i !== at)),
        inverse: inverse({ ...(kind.nested ? { actionId: slot.actionId } : {}), index: at, [kind.payload]: removed }),
      };
    }
  }
}

/** The root causes a command asks to reopen: those of every action holding an effectiveness check
 *  that is `not_effective` after the command and was not before it (a check added with that result,
 *  or updated to it — including one coming back by undo). Each ref is given once. */
export function rootCausesToReopen(before: CasePlan, after: CasePlan): RootCauseRef[] {
  const wasNotEffective = new Set<string>();
  for (const a of before.actions) for (const check of a.checks) if (check.result === 'not_effective') wasNotEffective.add(check.id);
  const out = new Map<string, RootCauseRef>();
  for (const a of after.actions) {
    if (!a.checks.some((check) => check.result === 'not_effective' && !wasNotEffective.has(check.id))) continue;
    for (const ref of a.rootCauses) out.set(refKey(ref), ref);
  }
  return [...out.values()];
}

import { PlanCommand } from '../../shared/domain/plan-commands';
import {
  defaultActionFields,
  type Action,
  type ActionFields,
  type CasePlan,
  type CustomerFeedback,
  type EffectivenessCheck,
  type Improvement,
  type Lesson,
  type ProgressNote,
  type RootCauseRef,
} from '../../shared/domain/plan';
import { ACTION_KINDS, ACTION_STATUSES, EFFECTIVENESS, IMPROVEMENT_AREAS, LESSON_KINDS, LEVELS, TOUCHPOINTS } from '../../shared/domain/vocabulary';

/** Plan items for tests, and random but valid plan commands for the property tests. */

type NewId = () => string;

export const newAction = (id: string, title: string, fields: Partial<ActionFields> = {}, lists: Partial<Pick<Action, 'progress' | 'checks'>> = {}): Action => ({
  id,
  ...defaultActionFields(title),
  ...fields,
  progress: lists.progress ?? [],
  checks: lists.checks ?? [],
});
export const newNote = (id: string, note: string, at = '2026-05-02T09:00:00.000Z'): ProgressNote => ({ id, at, note });
export const newCheck = (id: string, result: EffectivenessCheck['result'], fields: Partial<Omit<EffectivenessCheck, 'id' | 'result'>> = {}): EffectivenessCheck => ({
  id,
  result,
  evidence: '',
  checkedAt: '2026-05-20T09:00:00.000Z',
  checkedBy: '',
  ...fields,
});
export const newFeedback = (id: string, note: string, at: string | null = null): CustomerFeedback => ({ id, at, note });
export const newLesson = (id: string, text: string, fields: Partial<Omit<Lesson, 'id' | 'text'>> = {}): Lesson => ({
  id,
  kind: 'went_wrong',
  text,
  appliesDepartment: '',
  appliesTouchpoint: null,
  appliesScenario: null,
  ...fields,
});
export const newImprovement = (id: string, text: string, area: Improvement['area'] = 'process'): Improvement => ({ id, area, text });

export const PLAN_COMMAND_TYPES = PlanCommand.options.map((o) => o.shape.type.value);

/** Instants in several offsets: all valid, none equal as text. */
const INSTANTS = ['2026-05-01T08:00:00.000Z', '2026-05-03T16:30:00+08:00', '2026-06-01T00:00:00.000-05:00', '2026-05-10T12:00:00Z'];

/** A command that applies to `plan`, chosen with `int` (0..n-1), naming new items with `newId` and
 *  root causes among `refs`. Every command type is reachable from a plan that has something of
 *  each list; a cancelled action is always given a reason. */
export function randomPlanCommand(plan: CasePlan, int: (n: number) => number, newId: NewId, refs: readonly RootCauseRef[], step = 0): PlanCommand {
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number) => int(1000) < p * 1000;
  const someRefs = () => refs.filter(() => chance(0.3));
  const notes = plan.actions.flatMap((a) => a.progress);
  const checks = plan.actions.flatMap((a) => a.checks);
  const actionFields = (): Partial<ActionFields> => {
    const status = pick(ACTION_STATUSES);
    return {
      status,
      cancelReason: status === 'cancelled' || chance(0.2) ? `reason ${step}` : '',
      kind: pick(ACTION_KINDS),
      priority: pick(LEVELS),
      impact: pick(LEVELS),
      effort: pick(LEVELS),
      dueAt: chance(0.5) ? pick(INSTANTS) : null,
      owner: chance(0.5) ? `owner ${step}` : '',
      rootCauses: someRefs(),
    };
  };

  const types: PlanCommand['type'][] = ['addAction', 'addFeedback', 'addLesson', 'addImprovement'];
  if (plan.actions.length) types.push('addAction', 'updateAction', 'updateAction', 'moveAction', 'removeAction', 'addProgress', 'addProgress', 'addCheck', 'addCheck');
  if (notes.length) types.push('updateProgress', 'removeProgress');
  if (checks.length) types.push('updateCheck', 'updateCheck', 'removeCheck');
  if (plan.feedback.length) types.push('updateFeedback', 'removeFeedback');
  if (plan.lessons.length) types.push('updateLesson', 'moveLesson', 'removeLesson');
  if (plan.improvements.length) types.push('updateImprovement', 'moveImprovement', 'removeImprovement');

  const type = pick(types);
  const index = (length: number) => int(length + 2);
  switch (type) {
    case 'addAction': {
      const progress = chance(0.4) ? [newNote(newId(), `note ${step}`, pick(INSTANTS))] : [];
      const withChecks = chance(0.3) ? [newCheck(newId(), pick(EFFECTIVENESS), { checkedAt: pick(INSTANTS) })] : [];
      return { type, index: index(plan.actions.length), action: newAction(newId(), `Action ${step}`, actionFields(), { progress, checks: withChecks }) };
    }
    case 'updateAction': {
      const action = pick(plan.actions);
      const patches: Array<Partial<ActionFields>> = [
        { title: `Renamed ${step}` },
        { status: pick(['planned', 'in_progress', 'done', 'verified'] as const) },
        { status: 'cancelled', cancelReason: `No budget ${step}` },
        { rootCauses: someRefs() },
        actionFields(),
        { description: `Why and how ${step}`, expectedEffect: `Fewer complaints ${step}` },
        { dueAt: chance(0.5) ? pick(INSTANTS) : null },
      ];
      return { type, id: action.id, patch: pick(patches) };
    }
    case 'moveAction':
      return { type, id: pick(plan.actions).id, index: index(plan.actions.length) };
    case 'removeAction':
      return { type, id: pick(plan.actions).id };
    case 'addProgress': {
      const action = pick(plan.actions);
      return { type, actionId: action.id, index: index(action.progress.length), note: newNote(newId(), `progress ${step}`, pick(INSTANTS)) };
    }
    case 'updateProgress':
      return { type, id: pick(notes).id, patch: chance(0.5) ? { note: `edited ${step}` } : { at: pick(INSTANTS), note: `moved ${step}` } };
    case 'removeProgress':
      return { type, id: pick(notes).id };
    case 'addCheck': {
      const action = pick(plan.actions);
      return { type, actionId: action.id, index: index(action.checks.length), check: newCheck(newId(), pick(EFFECTIVENESS), { checkedAt: pick(INSTANTS), checkedBy: `checker ${step}` }) };
    }
    case 'updateCheck':
      return { type, id: pick(checks).id, patch: chance(0.6) ? { result: pick(EFFECTIVENESS) } : { evidence: `survey ${step}`, checkedAt: pick(INSTANTS) } };
    case 'removeCheck':
      return { type, id: pick(checks).id };
    case 'addFeedback':
      return { type, index: index(plan.feedback.length), feedback: newFeedback(newId(), `feedback ${step}`, chance(0.5) ? pick(INSTANTS) : null) };
    case 'updateFeedback':
      return { type, id: pick(plan.feedback).id, patch: chance(0.5) ? { note: `heard ${step}` } : { at: chance(0.5) ? pick(INSTANTS) : null } };
    case 'removeFeedback':
      return { type, id: pick(plan.feedback).id };
    case 'addLesson':
      return {
        type,
        index: index(plan.lessons.length),
        lesson: newLesson(newId(), `lesson ${step}`, { kind: pick(LESSON_KINDS), appliesTouchpoint: chance(0.5) ? pick(TOUCHPOINTS) : null }),
      };
    case 'updateLesson':
      return {
        type,
        id: pick(plan.lessons).id,
        patch: chance(0.5) ? { text: `learnt ${step}`, kind: pick(LESSON_KINDS) } : { appliesDepartment: `dept ${step}`, appliesScenario: chance(0.5) ? 'emergency' : null },
      };
    case 'moveLesson':
      return { type, id: pick(plan.lessons).id, index: index(plan.lessons.length) };
    case 'removeLesson':
      return { type, id: pick(plan.lessons).id };
    case 'addImprovement':
      return { type, index: index(plan.improvements.length), improvement: newImprovement(newId(), `improve ${step}`, pick(IMPROVEMENT_AREAS)) };
    case 'updateImprovement':
      return { type, id: pick(plan.improvements).id, patch: chance(0.5) ? { text: `better ${step}` } : { area: pick(IMPROVEMENT_AREAS) } };
    case 'moveImprovement':
      return { type, id: pick(plan.improvements).id, index: index(plan.improvements.length) };
    case 'removeImprovement':
      return { type, id: pick(plan.improvements).id };
    default:
      throw new Error(`no generator for ${type}`);
  }
}

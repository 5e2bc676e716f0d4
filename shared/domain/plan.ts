import { z } from 'zod';
import { Id, Instant, Touchpoint, ScenarioType } from './case';
import { ACTION_KINDS, ACTION_STATUSES, EFFECTIVENESS, IMPROVEMENT_AREAS, LESSON_KINDS, LEVELS, LIMITS } from './vocabulary';

/** Steps 3-5 of a case: the action plan (制定方案), its execution and feedback (执行与反馈), and the
 *  summary and improvement (总结与改进) — as one document per case, changed by commands like the
 *  diagrams are. */

const shortText = z.string().max(LIMITS.shortText, { error: 'too_long' });
const longText = z.string().max(LIMITS.longText, { error: 'too_long' });
const required = (schema: z.ZodString) => schema.trim().min(1, { error: 'required' });

export const ActionKind = z.enum(ACTION_KINDS);
export const ActionStatus = z.enum(ACTION_STATUSES);
export type ActionStatus = z.infer<typeof ActionStatus>;
export const Level = z.enum(LEVELS);
export const Effectiveness = z.enum(EFFECTIVENESS);
export const LessonKind = z.enum(LESSON_KINDS);
export const ImprovementArea = z.enum(IMPROVEMENT_AREAS);

/** A root cause an action addresses: a fishbone cause or a 5-Whys answer. */
export const RootCauseRef = z.discriminatedUnion('source', [
  z.object({ source: z.literal('fishbone'), id: Id }).strict(),
  z.object({ source: z.literal('whys'), id: Id }).strict(),
]);
export type RootCauseRef = z.infer<typeof RootCauseRef>;

export const ProgressNote = z.object({ id: Id, at: Instant, note: required(longText) }).strict();
export type ProgressNote = z.infer<typeof ProgressNote>;

export const EffectivenessCheck = z
  .object({ id: Id, result: Effectiveness, evidence: longText, checkedAt: Instant, checkedBy: shortText })
  .strict();
export type EffectivenessCheck = z.infer<typeof EffectivenessCheck>;

export const ActionFields = z.object({
  title: required(shortText),
  description: longText,
  kind: ActionKind,
  owner: shortText,
  dueAt: Instant.nullable(),
  priority: Level,
  /** Impact and effort place the action on the impact / effort matrix. */
  impact: Level,
  effort: Level,
  /** Expected effect, feasibility and resources (可行性与资源配置). */
  expectedEffect: longText,
  status: ActionStatus,
  cancelReason: shortText,
  rootCauses: z.array(RootCauseRef).max(200),
});
export type ActionFields = z.infer<typeof ActionFields>;

export const Action = ActionFields.extend({
  id: Id,
  progress: z.array(ProgressNote).max(1000),
  checks: z.array(EffectivenessCheck).max(200),
}).strict();
export type Action = z.infer<typeof Action>;

export const CustomerFeedback = z.object({ id: Id, at: Instant.nullable(), note: required(longText) }).strict();
export type CustomerFeedback = z.infer<typeof CustomerFeedback>;

export const Lesson = z
  .object({
    id: Id,
    kind: LessonKind,
    text: required(longText),
    appliesDepartment: shortText,
    appliesTouchpoint: Touchpoint.nullable(),
    appliesScenario: ScenarioType.nullable(),
  })
  .strict();
export type Lesson = z.infer<typeof Lesson>;

export const Improvement = z.object({ id: Id, area: ImprovementArea, text: required(longText) }).strict();
export type Improvement = z.infer<typeof Improvement>;

export const CasePlan = z.object({
  actions: z.array(Action).max(LIMITS.planItems),
  feedback: z.array(CustomerFeedback).max(LIMITS.planItems),
  lessons: z.array(Lesson).max(LIMITS.planItems),
  improvements: z.array(Improvement).max(LIMITS.planItems),
});
export type CasePlan = z.infer<typeof CasePlan>;

export const emptyPlan = (): CasePlan => ({ actions: [], feedback: [], lessons: [], improvements: [] });

export const defaultActionFields = (title: string): ActionFields => ({
  title,
  description: '',
  kind: 'corrective',
  owner: '',
  dueAt: null,
  priority: 'medium',
  impact: 'medium',
  effort: 'medium',
  expectedEffect: '',
  status: 'planned',
  cancelReason: '',
  rootCauses: [],
});

/** Open actions: not done, verified or cancelled. */
export const isOpen = (a: Pick<Action, 'status'>) => a.status === 'planned' || a.status === 'in_progress' || a.status === 'blocked';

/** Past its due date and still open, at `now`. */
export function isOverdue(a: Pick<Action, 'status' | 'dueAt'>, now: Date): boolean {
  return isOpen(a) && a.dueAt !== null && Date.parse(a.dueAt) < now.getTime();
}

/** Done but not yet shown to work. */
export const isUnverified = (a: Pick<Action, 'status'>) => a.status === 'done';

export const refKey = (r: RootCauseRef) => `${r.source}:${r.id}`;

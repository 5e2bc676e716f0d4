import { applyPlanCommand, type PlanCommand } from '../../../shared/domain/plan-commands';
import type { CasePlan } from '../../../shared/domain/plan';
import { call } from '../api/client';
import { createCommandStore, type CommandState, type NodeRef } from './command-store';

/** Steps 3-5's state (see command-store.ts): the case's action plan, execution records, feedback,
 *  lessons and improvements, changed by undoable commands. */

type NoDraft = { from: NodeRef | null };
export type PlanState = CommandState<CasePlan, PlanCommand, NoDraft>;

function ids(plan: CasePlan): Set<string> {
  const out = new Set<string>();
  for (const a of plan.actions) {
    out.add(a.id);
    for (const p of a.progress) out.add(p.id);
    for (const c of a.checks) out.add(c.id);
  }
  for (const list of [plan.feedback, plan.lessons, plan.improvements]) for (const x of list) out.add(x.id);
  return out;
}

export const usePlan = createCommandStore<CasePlan, PlanCommand, NoDraft>({
  fetch: async (caseId) => {
    const { plan, revision } = await call('plan:get', { caseId });
    return { doc: plan, revision };
  },
  method: 'plan:apply',
  doc: 'plan',
  apply: (doc, command) => {
    const { plan, inverse } = applyPlanCommand(doc, command);
    return { doc: plan, inverse };
  },
  isViewOnly: () => false,
  exists: (doc, id) => ids(doc).has(id),
  fallback: () => null,
  textOf: (doc, id) => doc.actions.find((a) => a.id === id)?.title ?? '',
});

import { useEffect, type KeyboardEvent } from 'react';
import { rootCausesToReopen, type PlanCommand } from '../../../../shared/domain/plan-commands';
import type { CasePlan } from '../../../../shared/domain/plan';
import { useFishbone } from '../../state/fishbone';
import { loadRootCauseLinks } from '../../state/root-causes';
import { usePlan } from '../../state/plan';
import { useWhys } from '../../state/whys';
import { queue, useWorkspace } from '../../state/workspace';

/** Steps 4 and 5 change the plan through these: one command is one undo step. A change that makes
 *  an effectiveness check "not effective" has the backend reopen the action's root causes, so the
 *  fishbone and the 5 Whys are read again once it is stored. */

async function reloadAnalysis(caseId: string): Promise<void> {
  await queue.flush();
  if (queue.current.kind === 'failed' || useWorkspace.getState().caseId !== caseId) return;
  await Promise.all([useFishbone.getState().load(caseId), useWhys.getState().load(caseId)]);
}

function afterChange(before: CasePlan | null): void {
  const { doc: after, caseId } = usePlan.getState();
  if (before && after && caseId && rootCausesToReopen(before, after).length > 0) void reloadAnalysis(caseId);
}

export function runPlan(command: PlanCommand): boolean {
  const before = usePlan.getState().doc;
  const ok = usePlan.getState().run(command);
  if (ok) afterChange(before);
  return ok;
}

export function undoPlan(): void {
  const before = usePlan.getState().doc;
  usePlan.getState().undo();
  afterChange(before);
}

export function redoPlan(): void {
  const before = usePlan.getState().doc;
  usePlan.getState().redo();
  afterChange(before);
}

/** Loads the case's plan (and the analysis its actions link to) when the step opens. */
export function usePlanOf(caseId: string | null): void {
  useEffect(() => {
    if (!caseId) return;
    if (usePlan.getState().caseId !== caseId || usePlan.getState().doc === null) void usePlan.getState().load(caseId);
    if (useFishbone.getState().caseId !== caseId) void useFishbone.getState().load(caseId);
    if (useWhys.getState().caseId !== caseId) void useWhys.getState().load(caseId);
    loadRootCauseLinks(caseId);
  }, [caseId]);
}

const TEXT_INPUTS = new Set(['text', 'search', 'email', 'url', 'tel', 'number', 'password']);

/** Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y anywhere in the step undo and redo the plan's commands; a text
 *  field being typed in keeps its own undo. */
export function onHistoryKey(e: KeyboardEvent<HTMLElement>): void {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.nativeEvent.isComposing) return;
  const key = e.key.toLowerCase();
  if (key !== 'z' && key !== 'y') return;
  const target = e.target as HTMLElement;
  if (target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && TEXT_INPUTS.has(target.type)) || target.isContentEditable) return;
  e.preventDefault();
  if (key === 'y' || e.shiftKey) redoPlan();
  else undoPlan();
}

export const newId = () => crypto.randomUUID();

/** Now, as the value of a datetime-local field. */
export function nowLocal(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

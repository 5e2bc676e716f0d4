import { useMemo } from 'react';
import { applyRootCauseCommand, distinctRootCauses, mergeOffers, rootCauseIndex, type RootCause, type RootCauseCommand, type RootCauseLinks, type MergeOffer } from '../../../shared/domain/root-causes';
import { findCause } from '../../../shared/domain/fishbone';
import type { RootCauseRef } from '../../../shared/domain/plan';
import { findWhy } from '../../../shared/domain/whys';
import { call } from '../api/client';
import { createCommandStore, type CommandState, type NodeRef } from './command-store';
import { useFishbone } from './fishbone';
import { useWhys } from './whys';

/** What the team said about which root causes are one (see shared/domain/root-causes.ts), as a
 *  document changed by undoable commands like the diagrams; and the case's distinct root causes,
 *  from the fishbone, the 5 Whys and these links, as every step shows them. */

type NoDraft = { from: NodeRef | null };
export type RootCauseLinksState = CommandState<RootCauseLinks, RootCauseCommand, NoDraft>;

export const useRootCauseLinks = createCommandStore<RootCauseLinks, RootCauseCommand, NoDraft>({
  fetch: async (caseId) => {
    const { links, revision } = await call('roots:get', { caseId });
    return { doc: links, revision };
  },
  method: 'roots:apply',
  doc: 'roots',
  apply: (doc, command) => {
    const { links, inverse } = applyRootCauseCommand(doc, command);
    return { doc: links, inverse };
  },
  isViewOnly: () => false,
  exists: () => false,
  fallback: () => null,
  textOf: () => '',
});

/** The database drops a link with either of its places (removing a cause, a why or an analysis
 *  cascades, and undoing that removal does not bring the link back). The same happens here when a
 *  diagram edit removes a place, so the list never shows a merge the database no longer holds; the
 *  links' undo history, which may name the dropped link, goes with it. */
function dropLinksOfRemovedPlaces(): void {
  const { doc, caseId } = useRootCauseLinks.getState();
  const fishbone = useFishbone.getState();
  const whys = useWhys.getState();
  if (!doc?.length || !fishbone.doc || !whys.doc || fishbone.caseId !== caseId || whys.caseId !== caseId) return;
  const exists = (ref: RootCauseRef) => (ref.source === 'fishbone' ? findCause(fishbone.doc!, ref.id) !== null : findWhy(whys.doc!, ref.id) !== null);
  const kept = doc.filter((l) => exists(l.a) && exists(l.b));
  if (kept.length !== doc.length) useRootCauseLinks.setState({ doc: kept, undoStack: [], redoStack: [] });
}
useFishbone.subscribe((s, prev) => s.doc !== prev.doc && dropLinksOfRemovedPlaces());
useWhys.subscribe((s, prev) => s.doc !== prev.doc && dropLinksOfRemovedPlaces());

/** Loads the links of a case unless they are loaded already. */
export function loadRootCauseLinks(caseId: string): void {
  const s = useRootCauseLinks.getState();
  if (s.caseId !== caseId || s.doc === null) void s.load(caseId);
}

export interface DistinctRootCauses {
  roots: RootCause[];
  /** Every place's key to its root cause. */
  index: Map<string, RootCause>;
}

/** The last result, for the three documents it came from: every card of step 4 asks, and the
 *  documents change far less often than those render. */
let last: { fishbone: unknown; analyses: unknown; links: unknown; result: DistinctRootCauses } | null = null;

/** The case's distinct root causes as they stand in the three documents. */
export function useDistinctRootCauses(): DistinctRootCauses {
  const fishbone = useFishbone((s) => s.doc);
  const analyses = useWhys((s) => s.doc);
  const links = useRootCauseLinks((s) => s.doc);
  if (last?.fishbone !== fishbone || last.analyses !== analyses || last.links !== links) {
    const roots = distinctRootCauses(fishbone, analyses, links ?? []);
    last = { fishbone, analyses, links, result: { roots, index: rootCauseIndex(roots) } };
  }
  return last.result;
}

/** The pairs step 2 offers to merge. */
export function useMergeOffers(roots: readonly RootCause[]): MergeOffer[] {
  const links = useRootCauseLinks((s) => s.doc);
  return useMemo(() => mergeOffers(roots, links ?? []), [roots, links]);
}

/** Runs a merge or a separation; false when it could not apply (the store keeps the error). */
export const runRootCauseCommand = (command: RootCauseCommand): boolean => useRootCauseLinks.getState().run(command);

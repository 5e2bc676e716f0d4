import { applyCommand, isViewOnly, type FishboneCommand } from '../../../shared/domain/fishbone-commands';
import { findCause, type Fishbone } from '../../../shared/domain/fishbone';
import { call } from '../api/client';
import { createCommandStore, type CommandState, type NodeRef } from './command-store';

export { DRAFT_ID, type Editing, type NodeRef } from './command-store';

/** The fishbone editor's state (see command-store.ts). The head is the node 'head'. */

export type Draft =
  | { kind: 'cause'; categoryId: string; causeId: string | null; index: number; from: NodeRef | null }
  | { kind: 'category'; index: number; from: NodeRef | null };

export type FishboneState = CommandState<Fishbone, FishboneCommand, Draft>;

function exists(fishbone: Fishbone, id: NodeRef): boolean {
  return id === 'head' || fishbone.categories.some((c) => c.id === id) || findCause(fishbone, id) !== null;
}

export const useFishbone = createCommandStore<Fishbone, FishboneCommand, Draft>({
  fetch: async (caseId) => {
    const { fishbone, revision } = await call('fishbone:get', { caseId });
    return { doc: fishbone, revision };
  },
  method: 'fishbone:apply',
  doc: 'fishbone',
  apply: (doc, command) => {
    const { fishbone, inverse } = applyCommand(doc, command);
    return { doc: fishbone, inverse };
  },
  isViewOnly,
  exists,
  // After a removal, selection moves to where the user was: the parent, else the category.
  fallback: (before, selected) => {
    if (selected === 'head') return selected;
    const found = findCause(before, selected);
    if (found) return found.parent?.id ?? found.category.id;
    return before.categories.some((c) => c.id === selected) ? 'head' : null;
  },
  textOf: (fishbone, id) => {
    if (id === 'head') return fishbone.effect ?? '';
    return fishbone.categories.find((c) => c.id === id)?.label ?? findCause(fishbone, id)?.cause.text ?? '';
  },
});

import { applyNeedCommand, hasNeedId, type CustomerNeeds, type NeedCommand } from '../../../shared/domain/needs';
import { call } from '../api/client';
import { createCommandStore, type CommandState, type NodeRef } from './command-store';

/** Step 1's customer needs (see command-store.ts): the needs and their KANO answers, changed by
 *  undoable commands. */

type NoDraft = { from: NodeRef | null };
export type NeedsState = CommandState<CustomerNeeds, NeedCommand, NoDraft>;

export const useNeeds = createCommandStore<CustomerNeeds, NeedCommand, NoDraft>({
  fetch: async (caseId) => {
    const { needs, revision } = await call('needs:get', { caseId });
    return { doc: needs, revision };
  },
  method: 'needs:apply',
  doc: 'needs',
  apply: (doc, command) => {
    const { needs, inverse } = applyNeedCommand(doc, command);
    return { doc: needs, inverse };
  },
  isViewOnly: () => false,
  exists: hasNeedId,
  fallback: () => null,
  textOf: (doc, id) => doc.find((n) => n.id === id)?.text ?? '',
});

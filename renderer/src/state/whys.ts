import { applyWhyCommand, isWhyViewOnly, type WhyCommand } from '../../../shared/domain/why-commands';
import { findWhy, type WhyAnalyses } from '../../../shared/domain/whys';
import { call } from '../api/client';
import { createCommandStore, type CommandState, type NodeRef } from './command-store';

export { DRAFT_ID, type Editing, type NodeRef } from './command-store';

/** The 5-Whys editor's state (see command-store.ts): all of a case's analyses, one shown at a time.
 *  An analysis's question is the node with the analysis's id. */

export type WhyDraft = { analysisId: string; parentId: string | null; index: number; from: NodeRef | null };

export type WhysState = CommandState<WhyAnalyses, WhyCommand, WhyDraft>;

export const useWhys = createCommandStore<WhyAnalyses, WhyCommand, WhyDraft>({
  fetch: async (caseId) => {
    const { analyses, revision } = await call('whys:get', { caseId });
    return { doc: analyses, revision };
  },
  method: 'whys:apply',
  doc: 'whys',
  apply: (doc, command) => {
    const { analyses, inverse } = applyWhyCommand(doc, command);
    return { doc: analyses, inverse };
  },
  isViewOnly: isWhyViewOnly,
  exists: (doc, id) => doc.some((a) => a.id === id) || findWhy(doc, id) !== null,
  fallback: (before, selected) => {
    const found = findWhy(before, selected);
    return found ? (found.parent?.id ?? found.analysis.id) : null;
  },
  textOf: (doc, id) => doc.find((a) => a.id === id)?.question ?? findWhy(doc, id)?.why.answer ?? '',
});

/** Which analysis the editor shows (view state, not history). */
export function analysisOf(doc: WhyAnalyses, selected: NodeRef | null): string | null {
  if (!selected) return null;
  if (doc.some((a) => a.id === selected)) return selected;
  return findWhy(doc, selected)?.analysis.id ?? null;
}

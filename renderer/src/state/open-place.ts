import type { SearchPart } from '../../../shared/domain/search';
import type { Step } from '../../../shared/domain/vocabulary';
import { useAnalysisView } from '../components/whys/actions';
import { useFishbone } from './fishbone';
import { usePlan } from './plan';
import { useRoute } from './route';
import { useWhys } from './whys';

/** A place in a case found elsewhere (a search hit, a similar case's root cause or lesson): the
 *  part it is in, and the item (a cause, a why, an action...) when it is one. */
export interface Place {
  caseId: string;
  part: SearchPart;
  itemId: string | null;
  analysisId: string | null;
}

/** The step that shows each part of a case. */
export const STEP_OF_PART: Record<SearchPart, Step> = {
  title: 'identify',
  problem: 'identify',
  customerExperience: 'identify',
  customerImpact: 'identify',
  notes: 'identify',
  tags: 'identify',
  department: 'identify',
  location: 'identify',
  timeline: 'identify',
  need: 'identify',
  cause: 'analyse',
  why: 'analyse',
  action: 'design',
  progress: 'execute',
  check: 'execute',
  feedback: 'execute',
  summary: 'improve',
  lesson: 'improve',
  improvement: 'improve',
};

/** Opens the case on the step that shows the place, and for a cause, a why or an action with that
 *  item selected in its editor. The editors' stores reset their selection when they load another
 *  case, so the item is selected once its case's document has loaded. */
export async function openPlace(place: Place): Promise<void> {
  const { caseId, part, itemId, analysisId } = place;
  const { go } = useRoute.getState();
  if (part === 'cause') {
    useAnalysisView.getState().show('fishbone');
    go({ name: 'case', id: caseId, step: 'analyse', tool: 'fishbone' });
    if (!itemId) return;
    await useFishbone.getState().load(caseId);
    if (useFishbone.getState().caseId === caseId) useFishbone.getState().select(itemId);
    return;
  }
  if (part === 'why') {
    useAnalysisView.getState().show('whys', analysisId);
    go({ name: 'case', id: caseId, step: 'analyse', tool: 'whys', ...(analysisId ? { analysisId } : {}) });
    if (!itemId) return;
    await useWhys.getState().load(caseId);
    if (useWhys.getState().caseId === caseId) useWhys.getState().select(itemId);
    return;
  }
  go({ name: 'case', id: caseId, step: STEP_OF_PART[part] });
  if (part === 'action' && itemId) {
    await usePlan.getState().load(caseId);
    if (usePlan.getState().caseId === caseId) usePlan.getState().select(itemId);
  }
}

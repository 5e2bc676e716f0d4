import type { CaseSnapshot } from '../../shared/report/snapshot';
import type { Library } from './library';

/** One case as the report needs it: the case, its timeline, the fishbone, every 5-Whys analysis,
 *  the plan, the root-cause links, the customer needs and the team sessions, read through the repositories in one read transaction, so no write can land
 *  between two parts of it. `not_found` for a case that does not exist; `damaged` when the file
 *  cannot be used. `generatedAt` travels with it, so the report code never reads a clock. */
export function caseSnapshot(library: Library, caseId: string, generatedAt: string): CaseSnapshot & { generatedAt: string } {
  return library.read(() => {
    const detail = library.repo.get(caseId);
    const { fishbone } = library.fishbones.get(caseId);
    const { analyses } = library.whys.get(caseId);
    const { plan } = library.plans.get(caseId);
    const { links } = library.rootCauses.get(caseId);
    const { needs } = library.needs.get(caseId);
    const retroSessions = library.retros.list(caseId);
    return { case: detail.case, timeline: detail.timeline, fishbone, analyses, plan, rootCauseLinks: links, needs, retroSessions, generatedAt };
  });
}

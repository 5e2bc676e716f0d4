import { create } from 'zustand';
import { STEPS, type Step } from '../../../shared/domain/vocabulary';

/** Step 2's two tools; the one shown is part of the address, so a reload or a link comes back to it. */
export type AnalysisTool = 'fishbone' | 'whys';

/** Step 2's address may also say which 5-Whys analysis is open and that the outline is shown
 *  rather than the diagram: a reload keeps what the reader was looking at. */
export type Route =
  | { name: 'library' }
  | { name: 'lessons' }
  | { name: 'insights'; query?: string }
  | { name: 'case'; id: string; step: Step | null; tool?: AnalysisTool; analysisId?: string; outline?: boolean };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const CASE_HASH = new RegExp(`^#/case/(${UUID})(?:/(\\w+))?(?:/(fishbone|whys))?(?:/(${UUID}))?(?:/(outline))?$`);

const LESSONS_HASH = '#/lessons';
/** The insights screen; its filters, section and drill-down follow as a query string (see
 *  state/insights.ts), so Back returns to the figures as they were. */
const INSIGHTS_HASH = /^#\/insights(?:\?(.*))?$/;

export function parseRoute(hash: string): Route {
  const m = CASE_HASH.exec(hash);
  if (m) {
    const step = (STEPS as readonly string[]).includes(m[2] ?? '') ? (m[2] as Step) : null;
    const tool = step === 'analyse' && m[3] ? (m[3] as AnalysisTool) : undefined;
    if (!tool) return { name: 'case', id: m[1]!, step };
    const route: Route = { name: 'case', id: m[1]!, step, tool };
    if (tool === 'whys' && m[4]) route.analysisId = m[4];
    if (m[5]) route.outline = true;
    return route;
  }
  if (hash === LESSONS_HASH) return { name: 'lessons' };
  const insights = INSIGHTS_HASH.exec(hash);
  if (insights) return insights[1] ? { name: 'insights', query: insights[1] } : { name: 'insights' };
  return { name: 'library' };
}

export function routeHash(route: Route): string {
  if (route.name === 'lessons') return LESSONS_HASH;
  if (route.name === 'insights') return route.query ? `#/insights?${route.query}` : '#/insights';
  if (route.name !== 'case') return '#/';
  let tool = '';
  if (route.step === 'analyse' && route.tool) {
    tool = `/${route.tool}`;
    if (route.tool === 'whys' && route.analysisId) tool += `/${route.analysisId}`;
    if (route.outline) tool += '/outline';
  }
  return `#/case/${route.id}${route.step ? `/${route.step}` : ''}${tool}`;
}

interface RouteState {
  route: Route;
  go(route: Route): void;
  /** The same place seen differently (another analysis, the outline): the address changes without
   *  a history entry of its own, so Back still leaves the step. */
  replace(route: Route): void;
}

/** The route lives in the URL fragment so a reload returns to the same case and step. */
export const useRoute = create<RouteState>((set) => {
  window.addEventListener('hashchange', () => set({ route: parseRoute(window.location.hash) }));
  return {
    route: parseRoute(window.location.hash),
    go(route) {
      const hash = routeHash(route);
      if (window.location.hash !== hash) window.location.hash = hash;
      set({ route });
    },
    replace(route) {
      const hash = routeHash(route);
      if (window.location.hash !== hash) window.history.replaceState(window.history.state, '', hash);
      set({ route });
    },
  };
});

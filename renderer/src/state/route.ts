import { create } from 'zustand';
import { STEPS, type Step } from '../../../shared/domain/vocabulary';

/** Step 2's two tools; the one shown is part of the address, so a reload or a link comes back to it. */
export type AnalysisTool = 'fishbone' | 'whys';

export type Route = { name: 'library' } | { name: 'case'; id: string; step: Step | null; tool?: AnalysisTool };

export function parseRoute(hash: string): Route {
  const m = /^#\/case\/([0-9a-f-]{36})(?:\/(\w+))?(?:\/(fishbone|whys))?$/.exec(hash);
  if (m) {
    const step = (STEPS as readonly string[]).includes(m[2] ?? '') ? (m[2] as Step) : null;
    const tool = step === 'analyse' && m[3] ? (m[3] as AnalysisTool) : undefined;
    return tool ? { name: 'case', id: m[1]!, step, tool } : { name: 'case', id: m[1]!, step };
  }
  return { name: 'library' };
}

export function routeHash(route: Route): string {
  if (route.name !== 'case') return '#/';
  const tool = route.step === 'analyse' && route.tool ? `/${route.tool}` : '';
  return `#/case/${route.id}${route.step ? `/${route.step}` : ''}${tool}`;
}

interface RouteState {
  route: Route;
  go(route: Route): void;
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
  };
});

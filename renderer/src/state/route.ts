import { create } from 'zustand';
import { STEPS, type Step } from '../../../shared/domain/vocabulary';

export type Route = { name: 'library' } | { name: 'case'; id: string; step: Step | null };

export function parseRoute(hash: string): Route {
  const m = /^#\/case\/([0-9a-f-]{36})(?:\/(\w+))?$/.exec(hash);
  if (m) {
    const step = (STEPS as readonly string[]).includes(m[2] ?? '') ? (m[2] as Step) : null;
    return { name: 'case', id: m[1]!, step };
  }
  return { name: 'library' };
}

export function routeHash(route: Route): string {
  return route.name === 'case' ? `#/case/${route.id}${route.step ? `/${route.step}` : ''}` : '#/';
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

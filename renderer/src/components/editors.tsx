import { lazy, type ComponentType } from 'react';

/** The diagram editors' code (React Flow and the layouts) is split from the main bundle: the
 *  library and step 1 never need it. A case fetches it as soon as it opens (`preloadEditors`),
 *  and once it is here the editors render at once: a suspended lazy component would make React
 *  hold the finished diagram back for its fallback-throttling pause (about 300 ms). */
function preloadable<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const preload = () => (pending ??= load().then((c) => (loaded = c)));
  const Lazy = lazy(() => preload().then((c) => ({ default: c })));
  function Editor(props: P) {
    const Loaded = loaded;
    return Loaded ? <Loaded {...props} /> : <Lazy {...props} />;
  }
  return Object.assign(Editor, { preload });
}

export const FishboneCanvas = preloadable(() => import('./fishbone/FishboneCanvas').then((m) => m.FishboneCanvas));
export const WhyCanvas = preloadable(() => import('./whys/WhyCanvas').then((m) => m.WhyCanvas));

export function preloadEditors(): void {
  void FishboneCanvas.preload();
  void WhyCanvas.preload();
}

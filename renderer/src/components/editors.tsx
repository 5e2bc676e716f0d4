import { useEffect, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';

/** The diagram editors' code (React Flow and the layouts) is split from the main bundle: the
 *  library and step 1 never need it. A case fetches it as soon as it opens (`preloadEditors`).
 *  Once it is here an editor renders at once; before, it shows a note and renders when the code
 *  arrives. Deliberately not React.lazy: a component that suspends makes React hold the finished
 *  diagram back for its fallback-throttling pause (about 300 ms) whenever the code arrives while
 *  the page is rendering, which is exactly when a case is opened from a link or a reload. */
function preloadable<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (pending ??= load().then(
      (c) => (loaded = c),
      (e: unknown) => {
        pending = null; // a later mount may try again
        throw e;
      },
    ));

  function Editor(props: P) {
    const { t } = useTranslation();
    const [state, setState] = useState<{ component: ComponentType<P> | null; failed: boolean }>(() => ({ component: loaded, failed: false }));
    useEffect(() => {
      if (state.component || state.failed) return;
      let live = true;
      preload().then(
        (component) => live && setState({ component, failed: false }),
        () => live && setState({ component: null, failed: true }),
      );
      return () => {
        live = false;
      };
    }, [state]);
    const Loaded = state.component ?? loaded;
    if (Loaded) return <Loaded {...props} />;
    if (state.failed)
      return (
        <p role="alert" className="error">
          {t('diagram.editorFailed')}
        </p>
      );
    return <p aria-busy="true">{t('diagram.loadingEditor')}</p>;
  }
  return Object.assign(Editor, { preload });
}

export const FishboneCanvas = preloadable(() => import('./fishbone/FishboneCanvas').then((m) => m.FishboneCanvas));
export const WhyCanvas = preloadable(() => import('./whys/WhyCanvas').then((m) => m.WhyCanvas));

/** Starts fetching both editors' code; resolves when it is here (never rejects: a failure shows in
 *  place when an editor is rendered). */
export function preloadEditors(): Promise<void> {
  return Promise.all([FishboneCanvas.preload(), WhyCanvas.preload()]).then(
    () => undefined,
    () => undefined,
  );
}

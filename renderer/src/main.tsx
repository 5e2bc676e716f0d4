import './zod-config';
import { StrictMode } from 'react';
import { call } from './api/client';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { preloadEditors } from './components/editors';
import { setupI18n } from './i18n/setup';
import { useFishbone } from './state/fishbone';
import { parseRoute } from './state/route';
import { useWorkspace } from './state/workspace';
import { useWhys } from './state/whys';
import './styles.css';

// The database's state, and when opening straight into a case (a reload, a link) the case, its
// diagrams and the editors' code, are fetched while the translations load and React starts, not
// one after the other once the page is up. The views take these results as they mount.
const status = call('db:status', {});
const initial = parseRoute(window.location.hash);
const early: Promise<unknown>[] = [status.catch(() => undefined)];
if (initial.name === 'case') {
  early.push(useWorkspace.getState().prefetch(initial.id), useFishbone.getState().prefetch(initial.id), useWhys.getState().prefetch(initial.id));
  if (initial.step === 'analyse') early.push(preloadEditors());
}

await setupI18n();
// The first render waits (briefly: all of it is local) for what it will show, so a case opened
// from a link is drawn once, complete, rather than as an empty frame, then the case, then the
// diagram, each a full render and layout of the page. None of these promises rejects.
await Promise.race([Promise.all(early), new Promise((ok) => setTimeout(ok, 1000))]);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App initialStatus={status} />
  </StrictMode>,
);

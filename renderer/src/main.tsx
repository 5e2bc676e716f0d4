import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { preloadEditors } from './components/editors';
import { setupI18n } from './i18n/setup';
import { useFishbone } from './state/fishbone';
import { parseRoute } from './state/route';
import { useWorkspace } from './state/workspace';
import { useWhys } from './state/whys';
import './styles.css';

// Opening straight into a case (a reload, a link): the case, its diagrams and the editors' code are
// fetched while the translations load, not one after the other once the page is up.
const initial = parseRoute(window.location.hash);
if (initial.name === 'case') {
  void useWorkspace.getState().open(initial.id);
  void useFishbone.getState().load(initial.id);
  void useWhys.getState().load(initial.id);
  if (initial.step === 'analyse') preloadEditors();
}

await setupI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

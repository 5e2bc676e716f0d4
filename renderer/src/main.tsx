import './zod-config';
import { StrictMode } from 'react';
import { call } from './api/client';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { preloadEditors } from './components/editors';
import { setupI18n } from './i18n/setup';
import { useFishbone } from './state/fishbone';
import { parseRoute } from './state/route';
import { keepOutboxOf, OUTBOX_PREFIX, queue, useWorkspace } from './state/workspace';
import { connectedStatus } from './api/connected';
import { useWhys } from './state/whys';
import './styles.css';

// The database's state, and when opening straight into a case (a reload, a link) the case, its
// diagrams and the editors' code, are fetched while the translations load and React starts, not
// one after the other once the page is up. The views take these results as they mount.
//
// Before any of the case is read, the edits an earlier page of this library left unsent (a reload
// while they were queued, a host that was away) are sent, so what is read is what the user typed.
// While the host is away the page waits for it (see connection.ts) rather than failing.
const status = connectedStatus().then(async (s) => {
  if (s.state === 'ok') {
    if (keepOutboxOf(s.path) > 0) await queue.flush();
  }
  return s;
});
const initial = parseRoute(window.location.hash);
const early: Promise<unknown>[] = [status.catch(() => undefined)];
// Only a page with writes left behind waits for them before reading the case; the usual start
// asks for everything at once.
const leftBehind = Object.keys(window.localStorage).some((key) => key.startsWith(OUTBOX_PREFIX));
if (initial.name === 'case') {
  early.push(
    (leftBehind ? status : Promise.resolve())
      .then(() =>
        Promise.all([useWorkspace.getState().prefetch(initial.id), useFishbone.getState().prefetch(initial.id), useWhys.getState().prefetch(initial.id)]),
      )
      .catch(() => undefined),
  );
  if (initial.step === 'analyse') early.push(preloadEditors());
}
// Writes still queued when the page goes away are in storage already; this catches the last
// keystrokes of the same task.
window.addEventListener('pagehide', () => queue.persistNow());

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

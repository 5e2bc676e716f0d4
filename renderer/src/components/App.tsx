import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DbStatus } from '../../../shared/contract/contract';
import type { Language } from '../../../shared/i18n/languages';
import { bridge, call } from '../api/client';
import { describeError } from '../i18n/errors';
import { formatDateTime } from '../i18n/format';
import { useLibrary } from '../state/library';
import { useLibraries } from '../state/libraries';
import { useRoute } from '../state/route';
import { keepOutboxOf } from '../state/workspace';
import { CaseWorkspace } from './CaseWorkspace';
import { useLeaveGuard } from './leave-guard';
import { ConnectionBanner } from './ConnectionBanner';
import { LibrariesDialog } from './LibrariesDialog';
import { LibraryScreen } from './LibraryScreen';
import { LessonsScreen } from './search/LessonsScreen';
import { NewCaseDialog } from './NewCaseDialog';
import { RecoveryScreen } from './RecoveryScreen';
import { SettingsDialog } from './SettingsDialog';
import { Toasts, useToasts } from './Toast';
import { focusWhenReady } from './focus-when-ready';

/** The insights screen and its charting library load when first opened: the library's start does
 *  not wait for them. */
const InsightsScreen = lazy(() => import('./insights/InsightsScreen').then((m) => ({ default: m.InsightsScreen })));

/** How often an open library's state is asked again, to notice damage found after opening. */
const STATUS_POLL_MS = 15_000;

/** initialStatus: the database's state, asked for at start (see main.tsx); used on first mount. */
export function App({ initialStatus }: { initialStatus?: Promise<DbStatus> }) {
  const { t, i18n } = useTranslation();
  const route = useRoute((s) => s.route);
  const go = useRoute((s) => s.go);
  const refreshLibrary = useLibrary((s) => s.refresh);
  const show = useToasts((s) => s.show);
  const [status, setStatus] = useState<DbStatus | null>(null);
  const [statusError, setStatusError] = useState<unknown>(null);
  const [newCaseOpen, setNewCaseOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [librariesOpen, setLibrariesOpen] = useState(false);
  const currentLibrary = useLibraries((s) => s.state?.current);
  const loadLibraries = useLibraries((s) => s.load);
  useLeaveGuard();

  const [early, setEarly] = useState(initialStatus);
  const loadStatus = useCallback(() => {
    // Another library may be open now (the desktop's File menu): its own unsent writes, not the last one's.
    call('db:status', {}).then((s) => {
      if (s.state === 'ok') keepOutboxOf(s.path);
      setStatus(s);
    }, setStatusError);
  }, []);
  useEffect(() => {
    if (!early) return loadStatus();
    let live = true;
    early.then(
      (s) => live && setStatus(s),
      // A failed early request is asked once more; a second failure is shown.
      () => live && setEarly(undefined),
    );
    return () => {
      live = false;
    };
  }, [early, loadStatus]);

  // The header names the open library; asked again whenever another file is open.
  const openPath = status?.path;
  useEffect(() => {
    if (openPath) loadLibraries().catch(() => undefined);
  }, [openPath, loadLibraries]);

  // The full integrity check runs after the library has opened (and before each backup); when it
  // finds damage the backend closes the file, and this notices it and shows the recovery screen.
  const healthy = status?.state === 'ok';
  useEffect(() => {
    if (!healthy) return;
    const timer = setInterval(() => {
      call('db:status', {}).then(
        // A new state, or a backup failure appearing or going away, is shown; otherwise nothing changes.
        (s) => setStatus((old) => (old && s.state === 'ok' && old.state === 'ok' && old.backupFailed?.at === s.backupFailed?.at ? old : s)),
        () => undefined,
      );
    }, STATUS_POLL_MS);
    return () => clearInterval(timer);
  }, [healthy]);

  const loadDemo = useCallback(async () => {
    try {
      const { caseIds } = await call('demo:load', { language: i18n.language as Language });
      show(t('library.demoLoaded', { count: caseIds.length }));
      go({ name: 'library' });
      void refreshLibrary();
    } catch (e) {
      show(describeError(t, e));
    }
  }, [i18n.language, show, t, go, refreshLibrary]);

  useEffect(() => {
    const offMenu = bridge.onMenuCommand?.((command) => {
      if (command === 'newCase') setNewCaseOpen(true);
      if (command === 'loadDemo') void loadDemo();
    });
    const offDb = bridge.onDbChanged?.(() => {
      loadStatus();
      go({ name: 'library' });
      void refreshLibrary();
    });
    return () => {
      offMenu?.();
      offDb?.();
    };
  }, [loadDemo, loadStatus, go, refreshLibrary]);

  useEffect(() => {
    document.title = t('app.name');
  }, [t]);

  let content;
  if (statusError) {
    content = (
      <main id="main">
        <p role="alert" className="error">
          {describeError(t, statusError)}
        </p>
      </main>
    );
  } else if (!status) {
    // Waiting for the database's state (in browser mode, perhaps for the host: see ConnectionBanner).
    content = (
      <main id="main" aria-busy="true">
        <h1 className="visually-hidden">{t('app.name')}</h1>
      </main>
    );
  } else if (status.state === 'damaged') {
    content = <RecoveryScreen status={status} onStatus={setStatus} />;
  } else if (route.name === 'case') {
    content = <CaseWorkspace id={route.id} step={route.step} />;
  } else if (route.name === 'lessons') {
    content = <LessonsScreen />;
  } else if (route.name === 'insights') {
    content = (
      <Suspense
        fallback={
          <main id="main" aria-busy="true">
            <p>{t('insightsUi.loading')}</p>
          </main>
        }
      >
        <InsightsScreen query={route.query} />
      </Suspense>
    );
  } else {
    content = <LibraryScreen onNewCase={() => setNewCaseOpen(true)} onLoadDemo={() => void loadDemo()} />;
  }

  return (
    <>
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <a
          className="brand"
          href="#/"
          onClick={(e) => {
            e.preventDefault();
            go({ name: 'library' });
          }}
        >
          <span className="brand-mark" aria-hidden="true">
            ⟶
          </span>
          {t('app.name')}
          <span className="brand-tagline">{t('app.tagline')}</span>
        </a>
        <div className="header-actions">
          {currentLibrary && (
            <button
              type="button"
              className={`library-badge library-colour-${currentLibrary.colour}`}
              onClick={() => setLibrariesOpen(true)}
            >
              <span className="library-swatch" aria-hidden="true" />
              <span className="library-badge-label">{t('libraries.headerLabel')}</span>
              <span className="library-badge-name">{currentLibrary.name}</span>
              <span className="visually-hidden">{t('libraries.headerHint')}</span>
            </button>
          )}
          <button type="button" onClick={() => setSettingsOpen(true)}>
            {t('nav.settings')}
          </button>
        </div>
      </header>
      {status?.state === 'ok' && status.backupFailed && (
        <p className="read-only-banner backup-failed-banner" role="alert">
          {t('backupFailed.banner', { date: formatDateTime(status.backupFailed.at, i18n.language as Language), folder: status.backupFailed.folder })}
        </p>
      )}
      {status?.state === 'ok' && status.readOnly && (
        <p className="read-only-banner" role="status">
          {t('readOnly.banner')}
        </p>
      )}
      <ConnectionBanner />
      {content}
      <NewCaseDialog
        open={newCaseOpen}
        onClose={() => setNewCaseOpen(false)}
        onCreated={(id) => {
          setNewCaseOpen(false);
          go({ name: 'case', id, step: null });
          // Focus goes to the new case (its title, ready to be typed over), not to the page body.
          focusWhenReady(() => document.querySelector<HTMLInputElement>('.problem-step input[name="title"]'), 5000, (el) => (el as HTMLInputElement).select());
        }}
      />
      <SettingsDialog open={settingsOpen} onClose={() => setSettingsOpen(false)} />
      <LibrariesDialog
        open={librariesOpen}
        onClose={() => setLibrariesOpen(false)}
        onSwitched={(next) => {
          // Another library is open: its own unsent writes, its own cases, nothing of the last one's.
          if (next.status.state === 'ok') keepOutboxOf(next.status.path);
          setStatus(next.status);
          go({ name: 'library' });
          void refreshLibrary();
          if (next.status.state === 'ok') {
            setLibrariesOpen(false);
            show(t('libraries.switched', { name: next.current.name }));
          } else {
            setLibrariesOpen(false);
          }
        }}
      />
      <Toasts />
    </>
  );
}

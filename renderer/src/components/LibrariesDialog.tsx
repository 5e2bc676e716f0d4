import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LibraryState } from '../../../shared/contract/contract';
import { LIBRARY_COLOURS, LIBRARY_NAME_MAX, type LibraryColour } from '../../../shared/domain/libraries';
import type { Language } from '../../../shared/i18n/languages';
import { bridge, call } from '../api/client';
import { describeError } from '../i18n/errors';
import { formatDateTime } from '../i18n/format';
import { switchLibrary, useLibraries } from '../state/libraries';
import { Dialog } from './Dialog';

/** The colour choice as a group of radio buttons: arrow keys move between them, as for any radio group. */
function ColourPicker({ name, value, onChange, legend }: { name: string; value: LibraryColour; onChange: (c: LibraryColour) => void; legend: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className="colour-picker">
      <legend>{legend}</legend>
      {LIBRARY_COLOURS.map((c) => (
        <label key={c} className="colour-choice">
          <input type="radio" name={name} value={c} checked={value === c} onChange={() => onChange(c)} />
          <span className={`library-swatch library-colour-${c}`} aria-hidden="true" />
          <span>{t(`libraries.colours.${c}`)}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** Libraries (one per client): the open one (rename, colour, close), the recent list, a new
 *  library by name, and another file by path (or, in the desktop app, the native dialog).
 *  `onSwitched` is told whenever another library is now open. */
export function LibrariesDialog({ open, onClose, onSwitched }: { open: boolean; onClose: () => void; onSwitched: (state: LibraryState) => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const state = useLibraries((s) => s.state);
  const load = useLibraries((s) => s.load);
  const setState = useLibraries((s) => s.set);
  const [name, setName] = useState('');
  const [newName, setNewName] = useState('');
  const [newColour, setNewColour] = useState<LibraryColour>('blue');
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const desktop = (bridge as { shell?: string }).shell === 'electron';

  useEffect(() => {
    if (!open) return;
    setError(null);
    setNotice(null);
    load().then((s) => setName(s.current.name), (e) => setError(describeError(t, e)));
  }, [open, load, t]);

  const run = async (work: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await work();
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  /** Another library may be open afterwards: the app resets what it shows. */
  const switching = (action: () => Promise<LibraryState>) =>
    run(async () => {
      const before = state?.current.path;
      const next = await switchLibrary(action);
      setName(next.current.name);
      if (next.current.path !== before || next.status.state !== 'ok') onSwitched(next);
    });

  const update = (action: () => Promise<LibraryState>, message?: (s: LibraryState) => string) =>
    run(async () => {
      const next = await action();
      setState(next);
      if (message) setNotice(message(next));
    });

  if (!state) {
    return (
      <Dialog open={open} onClose={onClose} labelledBy="libraries-title" className="libraries-dialog">
        <h2 id="libraries-title">{t('libraries.title')}</h2>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </Dialog>
    );
  }
  const current = state.current;
  const others = state.recent.filter((e) => e.path !== current.path);

  return (
    <Dialog open={open} onClose={onClose} labelledBy="libraries-title" className="libraries-dialog">
      <h2 id="libraries-title">{t('libraries.title')}</h2>
      <p className="muted">{t('libraries.intro')}</p>

      <section aria-labelledby="library-current-title" className={`library-current library-colour-${current.colour}`}>
        <h3 id="library-current-title">{t('libraries.current')}</h3>
        <form
          className="library-rename"
          onSubmit={(e) => {
            e.preventDefault();
            void update(() => call('library:rename', { path: current.path, name }), (s) => t('libraries.renamed', { name: s.current.name }));
          }}
        >
          <label className="field">
            <span>{t('libraries.name')}</span>
            <input type="text" name="library-name" value={name} maxLength={LIBRARY_NAME_MAX} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" disabled={busy || name.trim() === '' || name.trim() === current.name}>
            {t('libraries.rename')}
          </button>
        </form>
        <ColourPicker
          name="library-colour"
          legend={t('libraries.colour')}
          value={current.colour}
          onChange={(colour) => {
            // Shown at once (a radio button must follow the click); the list as stored replaces it.
            setState({ ...state, current: { ...current, colour } });
            void update(() => call('library:setColour', { path: current.path, colour }));
          }}
        />
        <dl className="info">
          <dt>{t('libraries.file')}</dt>
          <dd>
            <code>{current.path}</code>
          </dd>
        </dl>
        <button type="button" onClick={() => void switching(() => call('library:close', {}))} disabled={busy} aria-describedby="library-close-hint">
          {t('libraries.close')}
        </button>
        <p className="muted" id="library-close-hint">
          {t('libraries.closeHint')}
        </p>
      </section>

      {others.length > 0 && (
        <section aria-labelledby="library-recent-title">
          <h3 id="library-recent-title">{t('libraries.recent')}</h3>
          <ul className="library-recent">
            {others.map((entry) => (
              <li key={entry.path}>
                <span className={`library-swatch library-colour-${entry.colour}`} aria-hidden="true" />
                <span className="library-recent-text">
                  <strong>{entry.name}</strong>
                  <code>{entry.path}</code>
                  <span className="muted">{t('libraries.lastOpened', { date: formatDateTime(entry.lastOpenedAt, language) })}</span>
                </span>
                <button type="button" disabled={busy} aria-label={t('libraries.openNamed', { name: entry.name })} onClick={() => void switching(() => call('library:open', { path: entry.path }))}>
                  {t('libraries.open')}
                </button>
                <button type="button" className="link" disabled={busy} aria-label={t('libraries.forgetNamed', { name: entry.name })} onClick={() => void update(() => call('library:forget', { path: entry.path }))}>
                  {t('libraries.forget')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="library-new-title">
        <h3 id="library-new-title">{t('libraries.create')}</h3>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void switching(async () => {
              const next = await call('library:create', { name: newName, colour: newColour });
              setNewName('');
              return next;
            });
          }}
        >
          <label className="field">
            <span>{t('libraries.name')}</span>
            <input type="text" name="new-library-name" value={newName} maxLength={LIBRARY_NAME_MAX} onChange={(e) => setNewName(e.target.value)} aria-describedby="library-new-hint" />
          </label>
          <p className="muted" id="library-new-hint">
            {t('libraries.createHint', { folder: state.createDir })}
          </p>
          <ColourPicker name="new-library-colour" legend={t('libraries.colour')} value={newColour} onChange={setNewColour} />
          <button type="submit" className="primary" disabled={busy}>
            {t('libraries.createButton')}
          </button>
        </form>
      </section>

      <section aria-labelledby="library-other-title">
        <h3 id="library-other-title">{t('libraries.openOther')}</h3>
        <form
          className="open-other"
          onSubmit={(e) => {
            e.preventDefault();
            if (path.trim()) void switching(() => call('library:open', { path: path.trim() }));
          }}
        >
          <label className="field">
            <span>{t('libraries.path')}</span>
            <input type="text" name="library-path" value={path} onChange={(e) => setPath(e.target.value)} aria-describedby="library-path-hint" />
          </label>
          <button type="submit" disabled={busy || path.trim() === ''}>
            {t('libraries.open')}
          </button>
          {desktop && (
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void switching(async () => {
                  const { state: next } = await call('library:openDialog', {});
                  return next;
                })
              }
            >
              {t('libraries.choose')}
            </button>
          )}
        </form>
        <p className="muted" id="library-path-hint">
          {t('libraries.pathHint')}
        </p>
      </section>

      <p role="status" aria-live="polite" className="library-notice">
        {notice}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={onClose}>
          {t('libraries.done')}
        </button>
      </div>
    </Dialog>
  );
}

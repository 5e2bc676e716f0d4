import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_FILE_LIMITS, type CaseFileImportResult, type CaseFilePreview, type ImportMode, type Resolution } from '../../../../shared/domain/case-file';
import type { Language } from '../../../../shared/i18n/languages';
import { bridge, call, uploadCaseFile } from '../../api/client';
import { describeError } from '../../i18n/errors';
import { formatDateTime } from '../../i18n/format';
import { Dialog } from '../Dialog';

/** The desktop app has a native open dialog (`casefile:chooseFile`); browser mode uses the page's
 *  file input and uploads the file to the host. */
const desktop = () => (bridge as { shell?: string }).shell === 'electron';

/** Import a `.causeway` file: pick it (the desktop app's open dialog gives its path; in a browser it
 *  is uploaded to the host, which streams it to a temporary file, up to CASE_FILE_LIMITS.uploadBytes),
 *  read its preview (nothing written yet: which cases exist here, which side is newer),
 *  choose a copy (the default) or a merge with every conflict decided side by side, import, then
 *  open an imported case. */
export function CaseFileImportDialog({ open, onClose, onImported, onOpenCase }: { open: boolean; onClose: () => void; onImported: () => void; onOpenCase: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const input = useRef<HTMLInputElement>(null);
  /** The file as the backend reads it: a path (chosen in the desktop app, or where the upload went). */
  const [source, setSource] = useState<{ path: string; name: string } | null>(null);
  const [uploading, setUploading] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [preview, setPreview] = useState<CaseFilePreview | null>(null);
  const [mode, setMode] = useState<ImportMode>('copy');
  const [resolutions, setResolutions] = useState<Record<string, Resolution>>({});
  const [busy, setBusy] = useState<'reading' | 'importing' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<CaseFileImportResult | null>(null);

  useEffect(() => {
    if (!open) return;
    setSource(null);
    setPassphrase('');
    setPreview(null);
    setMode('copy');
    setResolutions({});
    setError(null);
    setResult(null);
  }, [open]);

  const read = async () => {
    if (!source || busy) return;
    setBusy('reading');
    setError(null);
    setPreview(null);
    setResult(null);
    try {
      setPreview(await call('casefile:preview', { source: { path: source.path }, ...(passphrase ? { passphrase } : {}) }));
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(null);
    }
  };

  const conflicts = preview?.cases.filter((c) => c.comparison === 'conflict') ?? [];
  const unresolved = mode === 'merge' && conflicts.some((c) => !resolutions[c.id]);

  const run = async () => {
    if (!source || !preview || busy) return;
    if (unresolved) {
      setError(t('caseFilesUi.unresolved'));
      return;
    }
    setBusy('importing');
    setError(null);
    try {
      const done = await call('casefile:import', {
        source: { path: source.path },
        ...(passphrase ? { passphrase } : {}),
        mode,
        ...(mode === 'merge' && conflicts.length ? { resolutions } : {}),
      });
      setResult(done);
      onImported();
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(null);
    }
  };

  const side = (s: { revision: number; updatedAt: string } | null) => (s ? t('caseFilesUi.side', { revision: s.revision, date: formatDateTime(s.updatedAt, language) }) : t('caseFilesUi.notHere'));
  /** The title of an imported case, by its id here (a copy's new id maps back to the file's). */
  const titleOf = (id: string) => {
    const fileId = result?.idMap ? (Object.entries(result.idMap).find(([, to]) => to === id)?.[0] ?? id) : id;
    return preview?.cases.find((c) => c.id === fileId)?.file.title ?? id;
  };

  return (
    <Dialog open={open} onClose={onClose} labelledBy="casefile-import-title" className="casefile-dialog">
      <h2 id="casefile-import-title">{t('caseFilesUi.importTitle')}</h2>
      <form
        className="casefile-pick"
        onSubmit={(e) => {
          e.preventDefault();
          void read();
        }}
      >
        {desktop() ? (
          <div className="field">
            <span>{t('caseFilesUi.file')}</span>
            <button
              type="button"
              onClick={async () => {
                setError(null);
                try {
                  const { path } = await call('casefile:chooseFile', {});
                  if (!path) return;
                  setPreview(null);
                  setResult(null);
                  setSource({ path, name: path.split(/[\\/]/).pop() ?? path });
                } catch (e) {
                  setError(describeError(t, e));
                }
              }}
            >
              {t('caseFileDialog.choose')}
            </button>
            {source && <span>{t('caseFileDialog.chosen', { name: source.name })}</span>}
          </div>
        ) : (
          <label className="field">
            <span>{t('caseFilesUi.file')}</span>
            <input
              ref={input}
              type="file"
              name="case-file"
              accept=".causeway"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                setPreview(null);
                setResult(null);
                setError(null);
                setSource(null);
                if (!file) return;
                // Refused before sending: the host would refuse it anyway, after reading it.
                if (file.size > CASE_FILE_LIMITS.uploadBytes) return setError(t('caseFilesUi.error.upload_too_large'));
                setUploading(true);
                try {
                  const { path } = await uploadCaseFile(file);
                  setSource({ path, name: file.name });
                } catch (err) {
                  setError(describeError(t, err));
                } finally {
                  setUploading(false);
                }
              }}
            />
          </label>
        )}
        <label className="field">
          <span>{t('caseFilesUi.passphraseImport')}</span>
          <input type="password" name="import-passphrase" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
        </label>
        <button type="submit" disabled={!source || busy !== null || uploading} aria-busy={uploading || undefined}>
          {busy === 'reading' ? t('caseFilesUi.reading') : t('caseFilesUi.read')}
        </button>
      </form>

      {preview && (
        <section aria-labelledby="casefile-preview-title" className="casefile-preview">
          <h3 id="casefile-preview-title">{source?.name}</h3>
          <p>
            {t('caseFilesUi.manifest', { date: formatDateTime(preview.manifest.createdAt, language), version: preview.manifest.appVersion, count: preview.manifest.caseCount })}{' '}
            {preview.manifest.anonymised && <span className="tag">{t('caseFilesUi.anonymised')}</span>}{' '}
            {preview.manifest.encrypted && <span className="tag">{t('caseFilesUi.encrypted')}</span>}
          </p>
          <div className="casefile-hits">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('caseFilesUi.colTitle')}</th>
                  <th scope="col">{t('caseFilesUi.colCompare')}</th>
                  <th scope="col">{t('caseFilesUi.colFile')}</th>
                  <th scope="col">{t('caseFilesUi.colHere')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.cases.map((c) => (
                  <tr key={c.id} data-comparison={c.comparison}>
                    <th scope="row">{c.file.title}</th>
                    <td>{t(`caseFilesUi.comparison.${c.comparison}`)}</td>
                    <td>{side(c.file)}</td>
                    <td>
                      {c.here && c.here.title !== c.file.title && <div>{c.here.title}</div>}
                      {side(c.here)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run();
            }}
          >
            <fieldset>
              <legend>{t('caseFilesUi.mode')}</legend>
              <label className="radio">
                <input type="radio" name="import-mode" value="copy" checked={mode === 'copy'} onChange={() => setMode('copy')} />
                {t('caseFilesUi.modeCopy')}
              </label>
              <label className="radio">
                <input type="radio" name="import-mode" value="merge" checked={mode === 'merge'} onChange={() => setMode('merge')} />
                {t('caseFilesUi.modeMerge')}
              </label>
            </fieldset>
            {mode === 'merge' &&
              conflicts.map((c) => (
                <fieldset key={c.id} className="casefile-conflict">
                  <legend>{t('caseFilesUi.resolve', { title: c.file.title })}</legend>
                  <div className="casefile-sides">
                    {(['mine', 'theirs'] as const).map((choice) => {
                      const s = choice === 'mine' ? c.here : c.file;
                      return (
                        <label key={choice} className="casefile-side">
                          <input type="radio" name={`resolve-${c.id}`} checked={resolutions[c.id] === choice} onChange={() => setResolutions({ ...resolutions, [c.id]: choice })} />
                          <span>
                            <strong>{t(`caseFilesUi.${choice}`)}</strong>
                            <span>{s?.title}</span>
                            <span className="muted">{side(s)}</span>
                          </span>
                        </label>
                      );
                    })}
                  </div>
                </fieldset>
              ))}
            <button type="submit" className="primary" disabled={busy !== null || result !== null}>
              {busy === 'importing' ? t('caseFilesUi.importing') : t('caseFilesUi.import')}
            </button>
          </form>
        </section>
      )}

      <div role="status" aria-live="polite" className="casefile-result">
        {result && (
          <>
            <p>
              {t('caseFilesUi.imported', { count: result.imported.length })} {result.skipped.length > 0 && t('caseFilesUi.skipped', { count: result.skipped.length })}
            </p>
            <ul className="casefile-imported">
              {result.imported.map((id) => (
                <li key={id}>
                  <button type="button" className="link" onClick={() => onOpenCase(id)}>
                    {t('caseFilesUi.open', { title: titleOf(id) })}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t('caseFilesUi.close')}
        </button>
      </div>
    </Dialog>
  );
}

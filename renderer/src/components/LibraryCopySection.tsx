import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../shared/contract/contract';
import type { Language } from '../../../shared/i18n/languages';
import { bridge, call, fetchExport } from '../api/client';
import { describeError } from '../i18n/errors';
import { downloadBlob } from './diagram/export';

type Outcome = { kind: 'idle' } | { kind: 'busy' } | ({ kind: 'done'; downloaded: boolean } & Output<'db:saveCopy'>) | { kind: 'failed'; error: unknown };

const revealer = () => (bridge as { showExportInFolder?: (path: string) => unknown }).showExportInFolder;

function formatSize(bytes: number, language: Language): string {
  const [unit, size] = bytes >= 1024 * 1024 ? ['megabyte', 1024 * 1024] : ['kilobyte', 1024];
  return new Intl.NumberFormat(language, { style: 'unit', unit, maximumFractionDigits: 1 }).format(bytes / (size as number));
}

/** "Save a copy of this library", in Settings: a consistent copy made by the backend (VACUUM INTO)
 *  into the exports folder. The desktop app offers to show it in its folder (File › Save a Copy
 *  asks where instead); in a browser it is also handed over as a download. */
export function LibraryCopySection() {
  const { t, i18n } = useTranslation();
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const reveal = revealer();
  const busy = outcome.kind === 'busy';

  const save = async () => {
    if (busy) return;
    setOutcome({ kind: 'busy' });
    try {
      const copy = await call('db:saveCopy', {});
      let downloaded = false;
      if (!reveal) {
        downloadBlob(await fetchExport(copy.fileName), copy.fileName);
        downloaded = true;
      }
      setOutcome({ kind: 'done', downloaded, ...copy });
    } catch (error) {
      setOutcome({ kind: 'failed', error });
    }
  };

  return (
    <section className="library-copy" aria-labelledby="library-copy-title">
      <h3 id="library-copy-title">{t('libraryCopy.title')}</h3>
      <p className="muted" id="library-copy-hint">
        {t('libraryCopy.hint')}
      </p>
      <div className="library-copy-actions">
        <button type="button" onClick={() => void save()} disabled={busy} aria-busy={busy || undefined} aria-describedby="library-copy-hint">
          {busy ? t('libraryCopy.saving') : t('libraryCopy.save')}
        </button>
        {outcome.kind === 'done' && reveal && (
          <button type="button" onClick={() => void reveal(outcome.path)}>
            {t('libraryCopy.openFolder')}
          </button>
        )}
      </div>
      <p role="status" aria-live="polite" className="library-copy-result">
        {outcome.kind === 'done' && (
          <>
            <span>{t('libraryCopy.saved', { file: outcome.fileName, size: formatSize(outcome.bytes, i18n.language as Language), count: outcome.cases })}</span>
            {outcome.downloaded && <span>{t('libraryCopy.downloaded')}</span>}
            <span>
              {t('libraryCopy.location')} <code>{outcome.path}</code>
            </span>
          </>
        )}
      </p>
      {outcome.kind === 'failed' && (
        <p role="alert" className="error">
          {describeError(t, outcome.error)}
        </p>
      )}
    </section>
  );
}

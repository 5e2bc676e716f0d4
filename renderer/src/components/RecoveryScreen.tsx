import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DbStatus } from '../../../shared/contract/contract';
import type { Language } from '../../../shared/i18n/languages';
import { call } from '../api/client';
import { describeError } from '../i18n/errors';
import { formatDateTime } from '../i18n/format';

type Damaged = Extract<DbStatus, { state: 'damaged' }>;

/** Shown instead of the library when the database file cannot be used. Nothing here writes to the
 *  damaged file: restoring moves it aside and opening another file leaves it alone. */
export function RecoveryScreen({ status, onStatus }: { status: Damaged; onStatus: (s: DbStatus) => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const knownReasons = ['not_sqlite', 'not_causeway', 'truncated', 'empty', 'quick_check', 'integrity_check', 'newer_schema', 'edited_migration', 'migration_failed', 'read_only_upgrade', 'unreadable'];
  const reason = knownReasons.includes(status.reason) ? status.reason : 'unreadable';

  const run = async (action: () => Promise<DbStatus>) => {
    setError(null);
    try {
      onStatus(await action());
    } catch (e) {
      setError(describeError(t, e));
    }
  };

  const restore = (id: string, createdAt: string) => {
    if (!window.confirm(t('recovery.restoreConfirm', { date: formatDateTime(createdAt, language) }))) return;
    void run(() => call('db:restoreBackup', { id }));
  };

  return (
    <main id="main" className="recovery" aria-labelledby="recovery-title">
      <h1 id="recovery-title">{t('recovery.title')}</h1>
      <p className="recovery-reason" role="alert">
        {t(`recovery.reason.${reason}` as 'recovery.reason.unreadable')}
      </p>
      <p>{t('recovery.intro')}</p>
      <dl className="info">
        <dt>{t('recovery.file')}</dt>
        <dd>
          <code>{status.path}</code>
        </dd>
      </dl>
      <details>
        <summary>{t('recovery.detail')}</summary>
        <pre>{status.detail}</pre>
      </details>

      <section aria-labelledby="backups-title">
        <h2 id="backups-title">{t('recovery.backups')}</h2>
        {status.backups.length === 0 ? (
          <p className="muted">{t('recovery.noBackups')}</p>
        ) : (
          <>
            <button type="button" className="primary" onClick={() => restore(status.backups[0]!.id, status.backups[0]!.createdAt)}>
              {t('recovery.restoreNewest')}
            </button>
            <ul className="backups">
              {status.backups.map((b) => (
                <li key={b.id}>
                  <span>
                    {formatDateTime(b.createdAt, language)} · {t(`recovery.backupReason.${b.reason}`)} · {t('recovery.backupCases', { count: b.cases })} · {new Intl.NumberFormat(language, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }).format(b.bytes / 1024)}
                  </span>
                  <button type="button" onClick={() => restore(b.id, b.createdAt)}>
                    {t('recovery.restore')}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="open-other-title">
        <h2 id="open-other-title">{t('recovery.openOther')}</h2>
        <form
          className="open-other"
          onSubmit={(e) => {
            e.preventDefault();
            if (path.trim()) void run(() => call('db:openFile', { path: path.trim() }));
          }}
        >
          <label className="field">
            <span>{t('recovery.openOtherPath')}</span>
            <input type="text" value={path} onChange={(e) => setPath(e.target.value)} />
          </label>
          <button type="submit">{t('recovery.open')}</button>
        </form>
      </section>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </main>
  );
}

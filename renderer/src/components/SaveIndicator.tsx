import { useTranslation } from 'react-i18next';
import { describeError } from '../i18n/errors';
import { ApiFailure } from '../api/client';
import { useWorkspace } from '../state/workspace';
import { issueText } from '../i18n/errors';

export function SaveIndicator() {
  const { t } = useTranslation();
  const save = useWorkspace((s) => s.save);
  const fieldErrors = useWorkspace((s) => s.fieldErrors);
  const retry = useWorkspace((s) => s.retry);
  const reload = useWorkspace((s) => s.reload);
  const keepMine = useWorkspace((s) => s.keepMine);

  const localProblems = Object.entries(fieldErrors).map(([field, reason]) => issueText(t, reason!, t(`caseForm.${field}`)));
  if (localProblems.length > 0) {
    return (
      <div className="save save-failed" role="status" data-state="failed">
        {t('save.failed', { reason: localProblems.join(' ') })}
      </div>
    );
  }
  if (save.kind === 'failed') {
    // A stale revision can be resolved here; a case moved to the trash elsewhere must be restored first.
    const conflict = save.error.code === 'conflict' && save.error.reason !== 'trashed';
    const reason = describeError(t, new ApiFailure(save.error));
    return (
      <div className="save save-failed" role="alert" data-state="failed">
        <span>{conflict ? t('save.conflict') : t('save.failed', { reason })}</span>
        {!conflict && <span className="muted">{save.error.reason === 'network' ? t('connection.saveWillRetry') : t('save.keepText')}</span>}
        {conflict ? (
          <>
            <button type="button" onClick={() => void keepMine()}>
              {t('save.keepMine')}
            </button>
            <button
              type="button"
              onClick={() => {
                if (window.confirm(t('save.reloadConfirm'))) void reload();
              }}
            >
              {t('save.reload')}
            </button>
          </>
        ) : (
          <button type="button" onClick={() => void retry()}>
            {t('save.retry')}
          </button>
        )}
      </div>
    );
  }
  const text = save.kind === 'saving' ? t('save.saving') : save.kind === 'saved' ? t('save.saved') : t('save.idle');
  return (
    <div className={`save save-${save.kind}`} role="status" data-state={save.kind}>
      {text}
    </div>
  );
}

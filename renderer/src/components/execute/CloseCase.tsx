import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CaseFields } from '../../../../shared/domain/case';
import { isOpen, isUnverified } from '../../../../shared/domain/plan';
import { issueText } from '../../i18n/errors';
import { usePlan } from '../../state/plan';
import { useWorkspace } from '../../state/workspace';
import { Dialog } from '../Dialog';

/** Closing the case. With open or unverified actions the reason is asked first and kept with the
 *  case (the backend refuses such a close without one); otherwise the case closes at once. */
export function CloseCase() {
  const { t } = useTranslation();
  const id = useId();
  const status = useWorkspace((s) => s.draft?.status ?? 'open');
  const closeReason = useWorkspace((s) => s.draft?.closeReason ?? '');
  const edit = useWorkspace((s) => s.edit);
  const actions = usePlan((s) => s.doc?.actions ?? null);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  const open = actions?.filter(isOpen).length ?? 0;
  const unverified = actions?.filter(isUnverified).length ?? 0;

  const close = () => {
    if (open + unverified > 0) {
      setReason(closeReason);
      setError(null);
      setAsking(true);
    } else {
      edit('status', 'closed', true);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = CaseFields.shape.closeReason.safeParse(reason.trim());
    if (reason.trim() === '' || !parsed.success) {
      setError(reason.trim() === '' ? 'required' : 'too_long');
      return;
    }
    // One save: both fields go in the same patch, the reason with the close.
    edit('closeReason', parsed.data);
    edit('status', 'closed', true);
    setAsking(false);
  };

  return (
    <section className="close-case" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t('execute.close.heading')}</h3>
      {status === 'closed' ? (
        <>
          <p className="closed-state">
            <strong>{t('execute.close.closed')}</strong>
          </p>
          {closeReason.trim() && <p className="close-reason">{t('execute.close.reasonKept', { reason: closeReason })}</p>}
          <button type="button" onClick={() => edit('status', 'open', true)}>
            {t('execute.close.reopen')}
          </button>
        </>
      ) : (
        <>
          <p>
            {status === 'open' ? t('execute.close.open') : t(`enum.status.${status}`)}{' '}
            {open + unverified > 0 && <span className="muted">{t('execute.close.unfinished', { open, unverified })}</span>}
          </p>
          <button type="button" className="primary" onClick={close} disabled={actions === null}>
            {t('execute.close.button')}
          </button>
        </>
      )}
      <Dialog open={asking} onClose={() => setAsking(false)} labelledBy={`${id}-title`}>
        <form onSubmit={submit} noValidate>
          <h2 id={`${id}-title`}>{t('execute.close.title')}</h2>
          <p>{t('execute.close.intro', { open, unverified })}</p>
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t('execute.close.reason')}</label>
            <textarea
              id={`${id}-reason`}
              rows={3}
              value={reason}
              required
              autoFocus
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(e) => {
                setReason(e.target.value);
                setError(null);
              }}
            />
            {error && (
              <span className="field-error" id={`${id}-error`} role="alert">
                {issueText(t, error, t('execute.close.reason'))}
              </span>
            )}
          </div>
          <div className="dialog-actions">
            <button type="button" onClick={() => setAsking(false)}>
              {t('execute.close.cancel')}
            </button>
            <button type="submit" className="primary">
              {t('execute.close.confirm')}
            </button>
          </div>
        </form>
      </Dialog>
    </section>
  );
}

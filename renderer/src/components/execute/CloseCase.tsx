import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CaseFields } from '../../../../shared/domain/case';
import { isOpen, isUnverified } from '../../../../shared/domain/plan';
import { usePlan } from '../../state/plan';
import { useWorkspace } from '../../state/workspace';
import { ReasonDialog, useReason } from './ReasonDialog';

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
  const reason = useReason(CaseFields.shape.closeReason);

  const open = actions?.filter(isOpen).length ?? 0;
  const unverified = actions?.filter(isUnverified).length ?? 0;

  const close = () => {
    if (open + unverified > 0) {
      reason.reset(closeReason);
      setAsking(true);
    } else {
      edit('status', 'closed', true);
    }
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
      <ReasonDialog
        open={asking}
        reason={reason}
        title={t('execute.close.title')}
        intro={t('execute.close.intro', { open, unverified })}
        label={t('execute.close.reason')}
        back={t('execute.close.cancel')}
        confirm={t('execute.close.confirm')}
        onClose={() => setAsking(false)}
        onConfirm={(value) => {
          // One save: both fields go in the same patch, the reason with the close.
          edit('closeReason', value);
          edit('status', 'closed', true);
          setAsking(false);
        }}
      />
    </section>
  );
}

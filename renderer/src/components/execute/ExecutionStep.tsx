import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isOpen, isOverdue, isUnverified } from '../../../../shared/domain/plan';
import { describeError } from '../../i18n/errors';
import { usePlan } from '../../state/plan';
import { useRoute } from '../../state/route';
import { useWorkspace } from '../../state/workspace';
import { ActionCard } from './ActionCard';
import { CloseCase } from './CloseCase';
import { DatedNotes } from './DatedNotes';
import { HistoryBar } from './HistoryBar';
import { newId, onHistoryKey, runPlan, usePlanOf } from './plan-run';

/** The clock the overdue marks are measured against, moved on every minute. */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** Step 4, execution and feedback (执行与反馈): each action's status, progress and effect, the
 *  customer's feedback after the fix, and closing the case. */
export function ExecutionStep() {
  const { t } = useTranslation();
  const caseId = useWorkspace((s) => s.caseId);
  const go = useRoute((s) => s.go);
  const plan = usePlan((s) => (s.caseId === caseId ? s.doc : null));
  const loadError = usePlan((s) => s.loadError);
  const now = useNow();
  usePlanOf(caseId);

  const actions = plan?.actions ?? [];
  const counts = {
    open: actions.filter(isOpen).length,
    overdue: actions.filter((a) => isOverdue(a, now)).length,
    unverified: actions.filter(isUnverified).length,
    verified: actions.filter((a) => a.status === 'verified').length,
  };

  return (
    <section className="execute-step" aria-labelledby="execute-title" onKeyDown={onHistoryKey}>
      <div className="step-title-row">
        <h2 id="execute-title">{t('steps.execute')}</h2>
        <HistoryBar />
      </div>
      <p className="intro muted">{t('execute.intro')}</p>
      {loadError ? (
        <p role="alert" className="error">
          {describeError(t, loadError)}
        </p>
      ) : !plan ? (
        <p aria-busy="true" className="muted">
          {t('execute.loading')}
        </p>
      ) : (
        <>
          <section className="execute-actions" aria-labelledby="execute-actions-title">
            <h3 id="execute-actions-title">
              {t('execute.actions')} <span className="muted">({actions.length})</span>
            </h3>
            {actions.length === 0 ? (
              <div className="empty">
                <p>{t('execute.noActions')}</p>
                <button type="button" onClick={() => caseId && go({ name: 'case', id: caseId, step: 'design' })}>
                  {t('execute.goDesign')}
                </button>
              </div>
            ) : (
              <>
                <p className="execute-counts">{t('execute.counts', counts)}</p>
                <ol className="action-cards">
                  {actions.map((action, i) => (
                    <ActionCard key={action.id} action={action} index={i} now={now} />
                  ))}
                </ol>
              </>
            )}
          </section>
          <section className="customer-feedback" aria-labelledby="feedback-title">
            <h3 id="feedback-title">{t('execute.feedback.heading')}</h3>
            <p className="muted">{t('execute.feedback.intro')}</p>
            <DatedNotes
              items={plan.feedback}
              dateRequired={false}
              keep="feedback"
              labels={{
                empty: t('execute.feedback.empty'),
                at: t('execute.feedback.at'),
                note: t('execute.feedback.note'),
                add: t('execute.feedback.add'),
                remove: t('execute.feedback.remove'),
                removeConfirm: t('execute.feedback.removeConfirm'),
                noDate: t('execute.feedback.noDate'),
              }}
              onAdd={(at, note) => runPlan({ type: 'addFeedback', index: plan.feedback.length, feedback: { id: newId(), at, note } })}
              onRemove={(id) => runPlan({ type: 'removeFeedback', id })}
            />
          </section>
          <CloseCase />
        </>
      )}
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import { describeError } from '../../i18n/errors';
import { usePlan } from '../../state/plan';
import { redoPlan, undoPlan } from './plan-run';

/** Undo and redo of the plan's commands, and the last command that could not apply. */
export function HistoryBar() {
  const { t } = useTranslation();
  const canUndo = usePlan((s) => s.undoStack.length > 0);
  const canRedo = usePlan((s) => s.redoStack.length > 0);
  const lastError = usePlan((s) => s.lastError);
  return (
    <>
      <div className="plan-history" role="toolbar" aria-label={t('execute.history.label')}>
        <button type="button" onClick={undoPlan} disabled={!canUndo} aria-keyshortcuts="Control+Z" title={`${t('execute.history.undo')} (Ctrl+Z)`}>
          ↶ {t('execute.history.undo')}
        </button>
        <button type="button" onClick={redoPlan} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z Control+Y" title={`${t('execute.history.redo')} (Ctrl+Shift+Z)`}>
          ↷ {t('execute.history.redo')}
        </button>
      </div>
      {lastError ? (
        <p role="alert" className="error plan-error">
          {describeError(t, lastError)}
        </p>
      ) : null}
    </>
  );
}

import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/i18n/languages';
import { describeError, issueText } from '../../i18n/errors';
import { usePlan } from '../../state/plan';
import { useWorkspace } from '../../state/workspace';
import { HistoryBar } from '../execute/HistoryBar';
import { onHistoryKey, usePlanOf } from '../execute/plan-run';
import { hasVeryLongLine } from '../long-lines';
import { Improvements } from './Improvements';
import { Lessons } from './Lessons';
import { ReportPanel } from './ReportPanel';

/** Step 5, summary and improvement (总结与改进): the case's summary, its lessons and the
 *  improvements to standards, a follow-up review date, and the lessons-learned report. */
export function ImproveStep() {
  const { t } = useTranslation();
  const caseId = useWorkspace((s) => s.caseId);
  const loaded = usePlan((s) => s.caseId === caseId && s.doc !== null);
  const loadError = usePlan((s) => s.loadError);
  usePlanOf(caseId);

  return (
    <section className="improve-step" aria-labelledby="improve-title" onKeyDown={onHistoryKey}>
      <div className="step-title-row">
        <h2 id="improve-title">{t('steps.improve')}</h2>
        <HistoryBar />
      </div>
      <p className="intro muted">{t('improve.intro')}</p>
      <div className="improve-top">
        <Summary />
        <FollowUp />
      </div>
      {loadError ? (
        <p role="alert" className="error">
          {describeError(t, loadError)}
        </p>
      ) : !loaded ? (
        <p aria-busy="true" className="muted">
          {t('execute.loading')}
        </p>
      ) : (
        <div className="improve-lists">
          <Lessons />
          <Improvements />
        </div>
      )}
      <ReportPanel />
    </section>
  );
}

/** The summary is a case field: typed into the draft and saved a moment later, like step 1's. */
function Summary() {
  const { t } = useTranslation();
  const id = useId();
  const value = useWorkspace((s) => s.draft?.summary ?? '');
  const reason = useWorkspace((s) => s.fieldErrors.summary);
  const edit = useWorkspace((s) => s.edit);
  const label = t('improve.summary');
  const error = reason ? issueText(t, reason, label) : null;
  const veryLong = hasVeryLongLine(value);
  return (
    <div className="field improve-summary">
      <label htmlFor={id}>{label}</label>
      <span className="hint" id={`${id}-hint`}>
        {t('improve.summaryHint')}
      </span>
      <textarea
        id={id}
        name="summary"
        rows={7}
        value={value}
        spellCheck={!veryLong}
        wrap={veryLong ? 'off' : 'soft'}
        aria-invalid={error ? true : undefined}
        aria-describedby={[`${id}-hint`, `${id}-count`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
        onChange={(e) => edit('summary', e.target.value)}
      />
      <span className="char-count muted" id={`${id}-count`}>
        {t('caseForm.characters', { count: value.length })}
      </span>
      {error && (
        <span className="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** A calendar date stored as an instant at local noon, so the day is the same in any nearby zone. */
function toDateInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function fromDateInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12, 0, 0).toISOString();
}

function FollowUp() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const value = useWorkspace((s) => s.draft?.followUpAt ?? null);
  const edit = useWorkspace((s) => s.edit);
  const language = i18n.language as Language;
  const date = value ? new Intl.DateTimeFormat(language, { dateStyle: 'full' }).format(new Date(value)) : null;
  const passed = value !== null && toDateInput(value) < toDateInput(new Date().toISOString());
  return (
    <fieldset className="follow-up">
      <legend>{t('improve.followUp.heading')}</legend>
      <div className="field">
        <label htmlFor={id}>{t('improve.followUp.label')}</label>
        <input id={id} type="date" value={toDateInput(value)} aria-describedby={`${id}-hint ${id}-state`} onChange={(e) => edit('followUpAt', fromDateInput(e.target.value), true)} />
        <span className="hint" id={`${id}-hint`}>
          {t('improve.followUp.hint')}
        </span>
      </div>
      <p id={`${id}-state`} className={passed ? 'follow-up-state overdue-text' : 'follow-up-state'}>
        {date ? (passed ? t('improve.followUp.passed', { date }) : t('improve.followUp.due', { date })) : <span className="muted">{t('improve.followUp.none')}</span>}
      </p>
    </fieldset>
  );
}

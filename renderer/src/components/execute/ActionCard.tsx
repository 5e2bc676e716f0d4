import { memo, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { findCause } from '../../../../shared/domain/fishbone';
import { resolveRefs } from '../../../../shared/domain/root-causes';
import { isOverdue, type Action, type ActionStatus, type RootCauseRef } from '../../../../shared/domain/plan';
import { ACTION_STATUSES, EFFECTIVENESS, LIMITS } from '../../../../shared/domain/vocabulary';
import { findWhy } from '../../../../shared/domain/whys';
import type { Language } from '../../../../shared/i18n/languages';
import { formatDateTime, fromLocalInput } from '../../i18n/format';
import { useFishbone } from '../../state/fishbone';
import { useDistinctRootCauses } from '../../state/root-causes';
import { useWhys } from '../../state/whys';
import { VocabularyOptions } from '../editor/Choice';
import { checkWith, CommitText } from '../editor/CommitText';
import { useKeptText } from '../kept-text';
import { DatedNotes } from './DatedNotes';
import { DateTimeField } from './DateTimeField';
import { newId, nowLocal, runPlan } from './plan-run';
import { ReasonDialog, useReason } from './ReasonDialog';
import { z } from 'zod';

type Result = (typeof EFFECTIVENESS)[number];

const reasonSchema = z.string().trim().min(1, { error: 'required' }).max(LIMITS.shortText, { error: 'too_long' });
const checkReason = checkWith(reasonSchema);

/** One action of step 4: its status, progress notes and effectiveness checks. */
export const ActionCard = memo(function ActionCard({ action, index, now }: { action: Action; index: number; now: Date }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const headingId = useId();
  const [cancelling, setCancelling] = useState(false);
  const overdue = isOverdue(action, now);
  const checkable = action.status === 'done' || action.status === 'verified';
  const due = action.dueAt ? formatDateTime(action.dueAt, language) : null;

  const setStatus = (status: ActionStatus) => {
    if (status === action.status) return;
    if (status === 'cancelled') setCancelling(true);
    else runPlan({ type: 'updateAction', id: action.id, patch: { status } });
  };

  return (
    <li className={`action-card status-${action.status}${overdue ? ' is-overdue' : ''}`}>
      <article aria-labelledby={headingId}>
        <header className="action-head">
          <h4 id={headingId}>
            <span className="action-no" aria-hidden="true">
              {index + 1}
            </span>
            <span className="action-title">{action.title}</span>
          </h4>
          <span className="badge action-kind">{t(`enum.actionKind.${action.kind}`)}</span>
          {overdue && <span className="badge overdue-badge">{t('execute.overdue')}</span>}
          <label className="field-inline action-status">
            <span>{t('execute.status')}</span>
            <select value={action.status} onChange={(e) => setStatus(e.target.value as ActionStatus)}>
              <VocabularyOptions options={ACTION_STATUSES} prefix="enum.actionStatus" />
            </select>
          </label>
        </header>
        <p className="action-meta">
          <span>{action.owner.trim() ? t('execute.owner', { owner: action.owner }) : <span className="muted">{t('execute.noOwner')}</span>}</span>
          <span className={overdue ? 'overdue-text' : undefined}>
            {due ? (overdue ? t('execute.overdueSince', { date: due }) : t('execute.due', { date: due })) : <span className="muted">{t('execute.noDue')}</span>}
          </span>
        </p>
        {action.description.trim() && <p className="action-description">{action.description}</p>}
        <LinkedRootCauses refs={action.rootCauses} />
        {action.status === 'cancelled' && (
          <CommitText
            key={`${action.id}-reason`}
            label={t('execute.cancelReason')}
            value={action.cancelReason}
            single
            check={checkReason}
            save={(cancelReason) => runPlan({ type: 'updateAction', id: action.id, patch: { cancelReason } })}
          />
        )}

        <div className="action-sections">
          <section className="action-progress" aria-label={`${t('execute.progress.heading')}: ${action.title}`}>
            <h5>{t('execute.progress.heading')}</h5>
            <DatedNotes
              items={action.progress}
              dateRequired
              collapsible
              keep={`progress:${action.id}`}
              labels={{
                empty: t('execute.progress.empty'),
                at: t('execute.progress.at'),
                note: t('execute.progress.note'),
                add: t('execute.progress.add'),
                remove: t('execute.progress.remove'),
                removeConfirm: t('execute.progress.removeConfirm'),
              }}
              onAdd={(at, note) => runPlan({ type: 'addProgress', actionId: action.id, index: action.progress.length, note: { id: newId(), at: at!, note } })}
              onRemove={(id) => runPlan({ type: 'removeProgress', id })}
            />
          </section>
          <section className="action-checks" aria-label={`${t('execute.checks.heading')}: ${action.title}`}>
            <h5>{t('execute.checks.heading')}</h5>
            <Checks action={action} checkable={checkable} />
          </section>
        </div>
      </article>
      <CancelDialog
        open={cancelling}
        title={action.title}
        onClose={() => setCancelling(false)}
        onConfirm={(cancelReason) => {
          if (runPlan({ type: 'updateAction', id: action.id, patch: { status: 'cancelled', cancelReason } })) setCancelling(false);
        }}
      />
    </li>
  );
});

/** The root causes an action addresses, each once with one status, however many of its places the
 *  action links (see shared/domain/root-causes.ts); a link to a cause that is no longer a root
 *  cause shows that cause's own status. */
function LinkedRootCauses({ refs }: { refs: readonly RootCauseRef[] }) {
  const { t } = useTranslation();
  const fishbone = useFishbone((s) => s.doc);
  const analyses = useWhys((s) => s.doc);
  const { index } = useDistinctRootCauses();
  if (refs.length === 0) return <p className="muted action-roots-none">{t('execute.noRootCauses')}</p>;
  return (
    <div className="action-roots">
      <span className="action-roots-label">{t('execute.rootCauses')}</span>
      <ul>
        {resolveRefs(refs, index).map(({ root, ref }) => {
          if (root) {
            // Reopened: a fishbone place back to investigating, or a 5-Whys place back to hypothesis.
            const reopened = root.places.some((p) => (p.source === 'fishbone' ? p.status === 'investigating' : p.status === 'hypothesis'));
            return (
              <li key={root.key} data-ref={root.ref.id} data-places={root.places.length} className={reopened ? 'root-reopened' : undefined}>
                {t('execute.rootStatus', { text: root.text, status: t(`enum.causeStatus.${root.status}`) })}
              </li>
            );
          }
          let text: string | null = null;
          let status: string | null = null;
          let reopened = false;
          if (ref.source === 'fishbone' && fishbone) {
            const found = findCause(fishbone, ref.id)?.cause;
            if (found) {
              text = found.text;
              status = t(`enum.causeStatus.${found.status}`);
              reopened = found.status === 'investigating';
            }
          } else if (ref.source === 'whys' && analyses) {
            const found = findWhy(analyses, ref.id)?.why;
            if (found) {
              text = found.answer;
              status = t(`enum.whyStatus.${found.status}`);
              reopened = found.status === 'hypothesis';
            }
          }
          const loaded = ref.source === 'fishbone' ? fishbone !== null : analyses !== null;
          return (
            <li key={`${ref.source}:${ref.id}`} data-ref={ref.id} className={reopened ? 'root-reopened' : undefined}>
              {text !== null && status !== null ? t('execute.rootStatus', { text, status }) : loaded ? <span className="muted">{t('execute.removedCause')}</span> : '…'}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Checks({ action, checkable }: { action: Action; checkable: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const notEffective = action.checks.some((c) => c.result === 'not_effective');
  const last = action.checks.at(-1);
  return (
    <>
      {action.checks.length === 0 ? (
        <p className="muted dated-empty">{checkable ? t('execute.checks.empty') : t('execute.checks.notYet')}</p>
      ) : (
        <ol className="dated-notes checks-list">
          {action.checks.map((check) => {
            const date = formatDateTime(check.checkedAt, language);
            return (
              <li key={check.id} className={`check-${check.result}`}>
                <div className="dated-head">
                  <span className={`badge result-badge result-${check.result}`}>{t(`enum.effectiveness.${check.result}`)}</span>
                  <time dateTime={check.checkedAt}>{date}</time>
                  {check.checkedBy.trim() && <span className="muted">{t('execute.checks.by', { name: check.checkedBy })}</span>}
                  <button
                    type="button"
                    className="subtle icon"
                    aria-label={`${t('execute.checks.remove')}: ${date}`}
                    title={t('execute.checks.remove')}
                    onClick={() => {
                      if (window.confirm(t('execute.checks.removeConfirm'))) runPlan({ type: 'removeCheck', id: check.id });
                    }}
                  >
                    ✕
                  </button>
                </div>
                {check.evidence.trim() && <p className="dated-text">{check.evidence}</p>}
              </li>
            );
          })}
        </ol>
      )}
      {notEffective && (
        <p className="reopened-note" role="note">
          {action.rootCauses.length ? t('execute.checks.reopened') : t('execute.checks.reopenedNone')}
        </p>
      )}
      {action.status === 'done' && last?.result === 'effective' && (
        <button type="button" onClick={() => runPlan({ type: 'updateAction', id: action.id, patch: { status: 'verified' } })}>
          {t('execute.checks.markVerified')}
        </button>
      )}
      {checkable && <CheckForm action={action} />}
    </>
  );
}

function CheckForm({ action }: { action: Action }) {
  const { t } = useTranslation();
  const id = useId();
  const [result, setResult] = useState<Result>('effective');
  const [evidence, setEvidence] = useKeptText(`check-evidence:${action.id}`);
  const [at, setAt] = useState(nowLocal);
  const [by, setBy] = useKeptText(`check-by:${action.id}`);
  // A check typed before a reload shows again where it was being written.
  const [open, setOpen] = useState(evidence !== '' || by !== '');
  const [atError, setAtError] = useState<string | null>(null);

  const show = (next: boolean) => {
    setOpen(next);
    setAtError(null);
    if (next) setAt(nowLocal());
    requestAnimationFrame(() => document.getElementById(next ? `${id}-result` : `${id}-open`)?.focus());
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checkedAt = fromLocalInput(at);
    if (!checkedAt) {
      setAtError('required');
      document.getElementById(`${id}-at`)?.focus();
      return;
    }
    const ok = runPlan({
      type: 'addCheck',
      actionId: action.id,
      index: action.checks.length,
      check: { id: newId(), result, evidence: evidence.trim(), checkedAt, checkedBy: by.trim() },
    });
    if (!ok) return;
    setEvidence('');
    setBy('');
    show(false);
  };

  if (!open) {
    return (
      <button type="button" id={`${id}-open`} className="add-toggle" aria-expanded="false" onClick={() => show(true)}>
        + {t('execute.checks.add')}
      </button>
    );
  }
  return (
    <form className="check-form" onSubmit={submit} noValidate>
      <div className="check-form-row">
        <div className="field">
          <label htmlFor={`${id}-result`}>{t('execute.checks.result')}</label>
          <select id={`${id}-result`} value={result} onChange={(e) => setResult(e.target.value as Result)}>
            <VocabularyOptions options={EFFECTIVENESS} prefix="enum.effectiveness" />
          </select>
        </div>
        <DateTimeField
          id={`${id}-at`}
          label={t('execute.checks.checkedAt')}
          value={at}
          required
          error={atError}
          onChange={(value) => {
            setAt(value);
            setAtError(null);
          }}
        />
        <div className="field">
          <label htmlFor={`${id}-by`}>{t('execute.checks.checkedBy')}</label>
          <input id={`${id}-by`} type="text" value={by} maxLength={LIMITS.shortText} onChange={(e) => setBy(e.target.value)} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-evidence`}>{t('execute.checks.evidence')}</label>
        <textarea id={`${id}-evidence`} rows={2} value={evidence} aria-describedby={`${id}-evidence-hint`} onChange={(e) => setEvidence(e.target.value)} />
        <span className="hint" id={`${id}-evidence-hint`}>
          {t('execute.checks.evidenceHint')}
        </span>
      </div>
      <div className="form-buttons">
        <button type="submit">{t('execute.checks.add')}</button>
        <button type="button" className="subtle" onClick={() => show(false)}>
          {t('execute.cancelForm')}
        </button>
      </div>
    </form>
  );
}

function CancelDialog({ open, title, onClose, onConfirm }: { open: boolean; title: string; onClose: () => void; onConfirm: (reason: string) => void }) {
  const { t } = useTranslation();
  const reason = useReason(reasonSchema);
  return (
    <ReasonDialog
      open={open}
      reason={reason}
      title={t('execute.cancel.title')}
      intro={t('execute.cancel.intro', { title })}
      label={t('execute.cancelReason')}
      back={t('execute.cancel.back')}
      confirm={t('execute.cancel.confirm')}
      onClose={onClose}
      onConfirm={(value) => {
        onConfirm(value);
        reason.reset('');
      }}
    />
  );
}

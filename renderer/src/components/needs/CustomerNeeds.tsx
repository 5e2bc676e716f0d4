import { memo, useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { betterWorse, countAnswers, evaluate, KANO_ANSWERS, KANO_CATEGORIES, needCategory, type KanoAnswer, type KanoCategory } from '../../../../shared/domain/kano';
import { NeedFields, type CustomerNeed, type NeedCommand } from '../../../../shared/domain/needs';
import { describeError, issueText } from '../../i18n/errors';
import { useNeeds } from '../../state/needs';
import { useWorkspace } from '../../state/workspace';
import { checkWith, CommitText } from '../editor/CommitText';
import { Choice } from '../editor/Choice';
import { newId } from '../execute/plan-run';
import { OrderedEntry } from '../improve/OrderControls';

/** Step 1's customer needs (换位思考): what the customer needed, each classified by KANO directly
 *  or from answer pairs to the functional / dysfunctional questions, with whether the case met it
 *  and, once answers exist, Better / Worse. Every change is one undoable command. */

const checkText = checkWith(NeedFields.shape.text);
const run = (command: NeedCommand) => useNeeds.getState().run(command);

const TEXT_INPUTS = new Set(['text', 'search']);

/** Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y in the list undo and redo its commands; a field being typed in
 *  keeps its own undo. */
function onHistoryKey(e: KeyboardEvent<HTMLElement>): void {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.nativeEvent.isComposing) return;
  const key = e.key.toLowerCase();
  if (key !== 'z' && key !== 'y') return;
  const target = e.target as HTMLElement;
  if (target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && TEXT_INPUTS.has(target.type)) || target.isContentEditable) return;
  e.preventDefault();
  if (key === 'y' || e.shiftKey) useNeeds.getState().redo();
  else useNeeds.getState().undo();
}

export const formatCoefficient = (language: string, value: number) =>
  new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'auto' }).format(value === 0 ? 0 : value);

export function CustomerNeedsSection() {
  const { t } = useTranslation();
  const caseId = useWorkspace((s) => s.caseId);
  const needs = useNeeds((s) => (s.caseId === caseId ? s.doc : null));
  const loadError = useNeeds((s) => s.loadError);
  const lastError = useNeeds((s) => s.lastError);
  const canUndo = useNeeds((s) => s.undoStack.length > 0);
  const canRedo = useNeeds((s) => s.redoStack.length > 0);

  useEffect(() => {
    if (caseId && (useNeeds.getState().caseId !== caseId || useNeeds.getState().doc === null)) void useNeeds.getState().load(caseId);
  }, [caseId]);

  return (
    <section className="customer-needs" aria-labelledby="needs-title" onKeyDown={onHistoryKey}>
      <div className="step-title-row">
        <h3 id="needs-title">{t('needs.heading')}</h3>
        <div className="plan-history" role="toolbar" aria-label={t('execute.history.label')}>
          <button type="button" onClick={() => useNeeds.getState().undo()} disabled={!canUndo} aria-keyshortcuts="Control+Z" title={`${t('execute.history.undo')} (Ctrl+Z)`}>
            ↶ {t('execute.history.undo')}
          </button>
          <button type="button" onClick={() => useNeeds.getState().redo()} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z Control+Y" title={`${t('execute.history.redo')} (Ctrl+Shift+Z)`}>
            ↷ {t('execute.history.redo')}
          </button>
        </div>
      </div>
      <p className="muted">{t('needs.intro')}</p>
      {lastError ? (
        <p role="alert" className="error plan-error">
          {describeError(t, lastError)}
        </p>
      ) : null}
      {loadError ? (
        <p role="alert" className="error">
          {describeError(t, loadError)}
        </p>
      ) : needs === null ? (
        <p aria-busy="true" className="muted">
          {t('needs.loading')}
        </p>
      ) : (
        <>
          {needs.length === 0 ? (
            <p className="muted dated-empty">{t('needs.empty')}</p>
          ) : (
            <ol className="entries needs-list">
              {needs.map((need, i) => (
                <NeedEntry key={need.id} need={need} index={i} count={needs.length} />
              ))}
            </ol>
          )}
          <AddNeed count={needs.length} />
        </>
      )}
    </section>
  );
}

function AddNeed({ count }: { count: number }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkText(text);
    if ('reason' in checked) {
      setError(checked.reason);
      document.getElementById(`${id}-text`)?.focus();
      return;
    }
    if (run({ type: 'addNeed', index: count, need: { id: newId(), text: checked.value, kano: null, met: false, answers: [] } })) {
      setText('');
      setError(null);
    }
  };
  return (
    <form className="add-entry add-need" onSubmit={submit} noValidate>
      <div className="field add-entry-text">
        <label htmlFor={`${id}-text`}>{t('needs.newText')}</label>
        <input
          id={`${id}-text`}
          type="text"
          value={text}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
        />
        {error && (
          <span className="field-error" id={`${id}-error`} role="alert">
            {issueText(t, error, t('needs.newText'))}
          </span>
        )}
      </div>
      <button type="submit">{t('needs.add')}</button>
    </form>
  );
}

const NeedEntry = memo(function NeedEntry({ need, index, count }: { need: CustomerNeed; index: number; count: number }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const label = t('needs.item', { n: index + 1 });
  const update = (patch: Partial<Omit<CustomerNeed, 'id' | 'answers'>>) => run({ type: 'updateNeed', id: need.id, patch });
  const category = needCategory(need);
  const counts = countAnswers(need.answers);
  const bw = need.answers.length > 0 ? betterWorse(counts) : null;
  const failedMustBe = category === 'M' && !need.met;
  const categoryName = (c: KanoCategory) => t(`needs.category.${c}`);
  return (
    <OrderedEntry
      index={index}
      count={count}
      label={label}
      className={`entry need${failedMustBe ? ' need-failed-must-be' : ''}`}
      labels={{ moveUp: t('needs.moveUp'), moveDown: t('needs.moveDown'), remove: t('needs.remove'), removeConfirm: t('needs.removeConfirm') }}
      onMove={(to) => run({ type: 'moveNeed', id: need.id, index: to })}
      onRemove={() => run({ type: 'removeNeed', id: need.id })}
    >
      <CommitText key={`${need.id}:text`} label={label} value={need.text} single check={checkText} save={(text) => update({ text })} />
      <div className="entry-row need-classify">
        <Choice<KanoCategory>
          label={t('needs.direct')}
          value={need.kano}
          options={KANO_CATEGORIES}
          prefix="needs.category"
          none={t('needs.fromAnswers')}
          onChange={(kano) => update({ kano })}
        />
        <div className="field checkbox-field">
          <label htmlFor={`${id}-met`}>
            <input id={`${id}-met`} type="checkbox" checked={need.met} onChange={(e) => update({ met: e.target.checked })} /> {t('needs.met')}
          </label>
        </div>
      </div>
      <p className="need-result" aria-live="polite">
        <strong>
          {category === null
            ? t('needs.resultNone')
            : need.kano === null
              ? t('needs.resultFromAnswers', { category: categoryName(category), count: need.answers.length })
              : t('needs.result', { category: categoryName(category) })}
        </strong>
        {bw && (
          <>
            {' · '}
            <span title={t('needs.betterWorseHint')}>
              {t('needs.betterWorse', { better: formatCoefficient(i18n.language, bw.better), worse: formatCoefficient(i18n.language, bw.worse) })}
            </span>
          </>
        )}
        {failedMustBe && <span className="badge need-badge"> {t('needs.failedMustBe')}</span>}
      </p>
      <Answers need={need} />
    </OrderedEntry>
  );
});

function Answers({ need }: { need: CustomerNeed }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <details className="need-answers" open={need.answers.length > 0 ? true : undefined}>
      <summary>{t('needs.answers', { count: need.answers.length })}</summary>
      {need.answers.length > 0 && (
        <table className="answers-table">
          <caption className="visually-hidden">{t('needs.answers', { count: need.answers.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('needs.respondent')}</th>
              <th scope="col">{t('needs.functional')}</th>
              <th scope="col">{t('needs.dysfunctional')}</th>
              <th scope="col">{t('needs.pairCategory')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('needs.removeAnswer')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {need.answers.map((a, i) => (
              <tr key={a.id}>
                <td>{a.respondent || <span className="muted">{t('needs.anonymous')}</span>}</td>
                <td>{t(`needs.answer.${a.functional}`)}</td>
                <td>{t(`needs.answer.${a.dysfunctional}`)}</td>
                <td>{t(`needs.category.${evaluate(a.functional, a.dysfunctional)}`)}</td>
                <td>
                  <button type="button" className="danger" aria-label={`${t('needs.removeAnswer')}: ${t('needs.answerLabel', { n: i + 1 })}`} onClick={() => run({ type: 'removeAnswer', id: a.id })}>
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddAnswer needId={need.id} count={need.answers.length} formId={id} />
    </details>
  );
}

function AddAnswer({ needId, count, formId }: { needId: string; count: number; formId: string }) {
  const { t } = useTranslation();
  const [functional, setFunctional] = useState<KanoAnswer>('like');
  const [dysfunctional, setDysfunctional] = useState<KanoAnswer>('dislike');
  const [respondent, setRespondent] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (run({ type: 'addAnswer', needId, index: count, answer: { id: newId(), functional, dysfunctional, respondent: respondent.trim() } })) setRespondent('');
  };
  return (
    <form className="add-answer" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${formId}-who`}>{t('needs.respondent')}</label>
        <input id={`${formId}-who`} type="text" maxLength={500} value={respondent} onChange={(e) => setRespondent(e.target.value)} />
      </div>
      <AnswerSelect id={`${formId}-f`} label={t('needs.functional')} value={functional} onChange={setFunctional} />
      <AnswerSelect id={`${formId}-d`} label={t('needs.dysfunctional')} value={dysfunctional} onChange={setDysfunctional} />
      <p className="pair-preview" aria-live="polite">
        {t('needs.result', { category: t(`needs.category.${evaluate(functional, dysfunctional)}`) })}
      </p>
      <button type="submit">{t('needs.addAnswer')}</button>
    </form>
  );
}

function AnswerSelect({ id, label, value, onChange }: { id: string; label: string; value: KanoAnswer; onChange: (v: KanoAnswer) => void }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as KanoAnswer)}>
        {KANO_ANSWERS.map((a) => (
          <option key={a} value={a}>
            {t(`needs.answer.${a}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

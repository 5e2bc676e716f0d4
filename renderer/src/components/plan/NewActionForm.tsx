import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionFields } from '../../../../shared/domain/plan';
import { ACTION_KINDS } from '../../../../shared/domain/vocabulary';
import { issuesFromZod } from '../../../../shared/contract/errors';
import { issueText } from '../../i18n/errors';
import { usePendingForm } from '../leave-guard';
import { addAction, usePlanView, type ActionKind, type RootCauseItem } from './model';

/** The inline row where a new action is named: the title field takes focus at once; an empty title
 *  is refused in place. Opened from the toolbar, or from a root cause it will then address. */
export function NewActionForm({ rootCause }: { rootCause: RootCauseItem | null }) {
  const { t } = useTranslation();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<ActionKind>('corrective');
  const [reason, setReason] = useState<string | null>(null);
  const close = usePlanView((s) => s.closeDraft);
  // Created on submit: until then the typed title is pending (see usePendingForm).
  usePendingForm(title.trim() !== '');

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  const label = t('plan.draft.title');
  const error = reason ? issueText(t, reason, t('plan.editor.title')) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = ActionFields.shape.title.safeParse(title);
    if (!parsed.success) {
      setReason(issuesFromZod(parsed.error)[0]?.reason ?? 'generic');
      inputRef.current?.focus();
      return;
    }
    const added = addAction({ title: parsed.data, kind, rootCauses: rootCause ? [rootCause.ref] : [] });
    if (!added) {
      setReason('generic');
      return;
    }
    close();
    // The new action is selected: its editor opens beside the table; take the user there.
    requestAnimationFrame(() => document.querySelector<HTMLElement>('.plan-editor h4')?.focus());
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  };

  return (
    <form className="plan-draft" aria-label={t('plan.draft.label')} onSubmit={submit} onKeyDown={onKeyDown} noValidate>
      {rootCause && (
        <p className="plan-draft-for muted" id={`${id}-for`}>
          {t('plan.draft.for', { id: t('plan.roots.id', { n: rootCause.n }), text: rootCause.text })}
        </p>
      )}
      <div className="plan-draft-fields">
        <div className="field plan-draft-title">
          <label htmlFor={id}>{label}</label>
          <input
            ref={inputRef}
            id={id}
            type="text"
            value={title}
            placeholder={t('plan.draft.placeholder')}
            aria-invalid={error ? true : undefined}
            aria-describedby={[rootCause ? `${id}-for` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
            onChange={(e) => {
              setTitle(e.target.value);
              setReason(null);
            }}
          />
          {error && (
            <span className="field-error" id={`${id}-error`} role="alert">
              {error}
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('plan.editor.kind')}</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as ActionKind)}>
            {ACTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`enum.actionKind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="plan-draft-buttons">
          <button type="submit" className="primary">
            {t('plan.draft.add')}
          </button>
          <button type="button" onClick={close}>
            {t('plan.draft.cancel')}
          </button>
        </div>
      </div>
    </form>
  );
}

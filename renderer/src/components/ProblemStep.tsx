import { memo, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseFields } from '../../../shared/domain/case';
import { templateGuidance, type GuidedField } from '../../../shared/domain/templates';
import { CASE_STATUSES, isFixedTouchpoint, MOT_FAILURES, SCENARIO_TYPES, SEVERITIES, TOUCHPOINTS } from '../../../shared/domain/vocabulary';
import { call } from '../api/client';
import type { Language } from '../../../shared/i18n/languages';
import { issueText } from '../i18n/errors';
import { fromLocalInput, toLocalInput } from '../i18n/format';
import { useWorkspace } from '../state/workspace';
import { hasVeryLongLine } from './long-lines';
import { CustomerNeedsSection } from './needs/CustomerNeeds';
import { TimelineEditor } from './TimelineEditor';

type TextField = 'title' | 'problem' | 'customerExperience' | 'customerImpact' | 'location' | 'department' | 'reporter' | 'facilitator' | 'reference' | 'notes';

function Field({ label, hint, guidance, error, children, id }: { label: string; hint?: string; guidance?: string; error?: string; children: ReactNode; id: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {guidance && (
        <span className="hint guidance" id={`${id}-guidance`}>
          {guidance}
        </span>
      )}
      {children}
      {error && (
        <span className="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

function useFieldError(field: keyof CaseFields, label: string): string | undefined {
  const { t } = useTranslation();
  const reason = useWorkspace((s) => s.fieldErrors[field]);
  return reason ? issueText(t, reason, label) : undefined;
}

/** A template's prompt for a field, in the interface language: guidance beside the field, never its text. */
function useGuidance(field: TextField): string | undefined {
  const { t, i18n } = useTranslation();
  const templateId = useWorkspace((s) => s.draft?.templateId ?? null);
  if (field !== 'problem' && field !== 'customerExperience' && field !== 'customerImpact') return undefined;
  const prompt = templateGuidance(templateId, field satisfies GuidedField, i18n.language as Language);
  return prompt ? t('caseMore.guidance', { prompt }) : undefined;
}

function TextInput({ field, multiline, hint, label: givenLabel }: { field: TextField; multiline?: boolean; hint?: string; label?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const value = useWorkspace((s) => s.draft?.[field] ?? '');
  const edit = useWorkspace((s) => s.edit);
  const guidance = useGuidance(field);
  const label = givenLabel ?? t(`caseForm.${field}` as string);
  const error = useFieldError(field, label);
  const veryLong = multiline === true && hasVeryLongLine(value);
  const describedBy =
    [hint ? `${id}-hint` : '', guidance ? `${id}-guidance` : '', error ? `${id}-error` : '', multiline ? `${id}-count` : ''].filter(Boolean).join(' ') || undefined;
  const props = {
    id,
    name: field,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    onChange: (e: { target: { value: string } }) => edit(field, e.target.value),
  };
  return (
    <Field label={label} hint={hint} guidance={guidance} error={error} id={id}>
      {multiline ? (
        <>
          <textarea {...props} rows={5} spellCheck={!veryLong} wrap={veryLong ? 'off' : 'soft'} />
          <span className="char-count muted" id={`${id}-count`}>
            {t('caseForm.characters', { count: value.length })}
            {veryLong && ` · ${t('caseForm.longLine')}`}
          </span>
        </>
      ) : (
        <input type="text" {...props} />
      )}
    </Field>
  );
}

function DateInput({ field }: { field: 'occurredAt' | 'detectedAt' | 'resolvedAt' }) {
  const { t } = useTranslation();
  const id = useId();
  const value = useWorkspace((s) => s.draft?.[field] ?? null);
  const edit = useWorkspace((s) => s.edit);
  return (
    <Field label={t(`caseForm.${field}` as string)} id={id}>
      <input id={id} type="datetime-local" value={toLocalInput(value)} onChange={(e) => edit(field, fromLocalInput(e.target.value), true)} />
    </Field>
  );
}

function Choice<F extends 'severity' | 'scenarioType' | 'motFailure' | 'status' | 'touchpoint'>({ field, options, prefix, nullable }: {
  field: F;
  options: readonly string[];
  prefix: string;
  nullable?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const value = useWorkspace((s) => s.draft?.[field] ?? null);
  const edit = useWorkspace((s) => s.edit);
  return (
    <Field label={t(`caseForm.${field}` as string)} id={id}>
      <select id={id} value={value ?? ''} onChange={(e) => edit(field, (e.target.value || null) as CaseFields[F], true)}>
        {nullable && <option value="">{t('caseForm.none')}</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {t(`${prefix}.${o}` as string)}
          </option>
        ))}
      </select>
    </Field>
  );
}

const NEW_TOUCHPOINT = '__new__';
const OWN = 'own:';

/** The touchpoint: one of the fixed journeys', one of the organisation's own already used in the
 *  library, or a new one typed in (kept as typed). */
function TouchpointField() {
  const { t } = useTranslation();
  const id = useId();
  const value = useWorkspace((s) => s.draft?.touchpoint ?? null);
  const edit = useWorkspace((s) => s.edit);
  const ownLabel = t('caseMore.ownTouchpoint');
  const error = useFieldError('touchpoint', ownLabel);
  const [known, setKnown] = useState<string[]>([]);
  const [typing, setTyping] = useState(false);
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    call('cases:touchpoints', {}).then(setKnown, () => setKnown([]));
  }, []);
  const custom = value !== null && !isFixedTouchpoint(value);
  const own = useMemo(() => (custom && !known.includes(value) && !typing ? [value, ...known] : known), [custom, known, value, typing]);
  const selected = typing ? NEW_TOUCHPOINT : value === null ? '' : custom ? OWN + value : value;

  const choose = (choice: string) => {
    if (choice === NEW_TOUCHPOINT) {
      setTyping(true);
      setText('');
      requestAnimationFrame(() => input.current?.focus());
      return;
    }
    setTyping(false);
    edit('touchpoint', choice === '' ? null : choice.startsWith(OWN) ? choice.slice(OWN.length) : choice, true);
  };

  return (
    <Field label={t('caseForm.touchpoint')} error={error} id={id}>
      <select id={id} value={selected} onChange={(e) => choose(e.target.value)}>
        <option value="">{t('caseForm.none')}</option>
        {TOUCHPOINTS.map((o) => (
          <option key={o} value={o}>
            {t(`enum.touchpoint.${o}`)}
          </option>
        ))}
        {own.length > 0 && (
          <optgroup label={t('caseMore.ownTouchpoints')}>
            {own.map((o) => (
              <option key={o} value={OWN + o}>
                {o}
              </option>
            ))}
          </optgroup>
        )}
        <option value={NEW_TOUCHPOINT}>{t('caseMore.newTouchpoint')}</option>
      </select>
      {typing && (
        <input
          ref={input}
          type="text"
          className="own-touchpoint"
          aria-label={ownLabel}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          value={text}
          maxLength={200}
          onChange={(e) => {
            setText(e.target.value);
            edit('touchpoint', e.target.value.trim() || null);
          }}
          onBlur={() => text.trim() && !error && setTyping(false)}
        />
      )}
    </Field>
  );
}

/** A list edited as text (one per line, or comma separated); the text is the user's until they leave. */
function ListInput({ field, separator }: { field: 'participants' | 'tags'; separator: RegExp }) {
  const { t } = useTranslation();
  const id = useId();
  const initial = useWorkspace((s) => s.draft?.[field] ?? []);
  const edit = useWorkspace((s) => s.edit);
  const [text, setText] = useState(() => initial.join(field === 'tags' ? ', ' : '\n'));
  const label = t(`caseForm.${field}`);
  const error = useFieldError(field, label);
  const onChange = (value: string) => {
    setText(value);
    const items = [...new Set(value.split(separator).map((s) => s.trim()).filter(Boolean))];
    edit(field, items);
  };
  const hint = t(field === 'tags' ? 'caseForm.tagsHint' : 'caseForm.participantsHint');
  const common = { id, value: text, 'aria-describedby': `${id}-hint`, 'aria-invalid': error ? true : undefined };
  return (
    <Field label={label} hint={hint} error={error} id={id}>
      {field === 'tags' ? (
        <input type="text" {...common} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <textarea {...common} rows={3} onChange={(e) => onChange(e.target.value)} />
      )}
    </Field>
  );
}

/** Memoised: the header above it re-renders as the title is typed; the form need not. */
export const ProblemStep = memo(function ProblemStep() {
  const { t } = useTranslation();
  const caseId = useWorkspace((s) => s.caseId);
  return (
    <section className="problem-step" aria-labelledby="problem-heading" key={caseId}>
      <h2 id="problem-heading">{t('caseForm.heading')}</h2>
      <p className="intro muted">{t('caseForm.intro')}</p>
      <div className="form-grid">
        <div className="form-main">
          <TextInput field="title" />
          <TextInput field="problem" multiline hint={t('caseForm.problemHint')} />
          <TextInput field="customerExperience" multiline />
          <TextInput field="customerImpact" multiline />
          <TextInput field="notes" multiline label={t('caseMore.notes')} hint={t('caseMore.notesHint')} />
        </div>
        <div className="form-side">
          <fieldset>
            <legend>{t('caseForm.classification')}</legend>
            <TextInput field="reference" label={t('caseMore.reference')} hint={t('caseMore.referenceHint')} />
            <Choice field="severity" options={SEVERITIES} prefix="enum.severity" />
            <Choice field="scenarioType" options={SCENARIO_TYPES} prefix="enum.scenarioType" />
            <Choice field="motFailure" options={MOT_FAILURES} prefix="enum.motFailure" />
            <TouchpointField />
            <Choice field="status" options={CASE_STATUSES} prefix="enum.status" />
            <ListInput field="tags" separator={/[,，、]/} />
          </fieldset>
          <fieldset>
            <legend>{t('caseForm.when')}</legend>
            <DateInput field="occurredAt" />
            <DateInput field="detectedAt" />
            <DateInput field="resolvedAt" />
          </fieldset>
          <fieldset>
            <legend>{t('caseForm.people')}</legend>
            <TextInput field="location" />
            <TextInput field="department" />
            <TextInput field="reporter" />
            <TextInput field="facilitator" />
            <ListInput field="participants" separator={/\n/} />
          </fieldset>
        </div>
      </div>
      <TimelineEditor />
      <CustomerNeedsSection />
    </section>
  );
});

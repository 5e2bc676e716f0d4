import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../../shared/domain/vocabulary';
import { issueText } from '../../i18n/errors';
import { useKeptText } from '../kept-text';

/** A form adding one entry of a kind (a lesson, an improvement): the kind from a fixed vocabulary,
 *  and its text, which is required. Ctrl+Enter in the text adds it. */
export function AddEntry<K extends string>({ kinds, prefix, initialKind, labels, keep, onAdd }: {
  kinds: readonly K[];
  prefix: string;
  initialKind: K;
  labels: { kind: string; text: string; add: string };
  /** Names the entry being typed, kept across a reload until it is added (see kept-text.ts). */
  keep: string;
  onAdd: (kind: K, text: string) => boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [kind, setKind] = useState<K>(initialKind);
  const [text, setText] = useKeptText(keep);
  const [error, setError] = useState<string | null>(null);
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const value = text.trim();
    const bad = value === '' ? 'required' : value.length > LIMITS.longText ? 'too_long' : null;
    setError(bad);
    if (bad) {
      document.getElementById(`${id}-text`)?.focus();
      return;
    }
    if (onAdd(kind, value)) setText('');
  };
  return (
    <form className="add-entry" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-kind`}>{labels.kind}</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as K)}>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {t(`${prefix}.${k}` as string)}
            </option>
          ))}
        </select>
      </div>
      <div className="field add-entry-text">
        <label htmlFor={`${id}-text`}>{labels.text}</label>
        <textarea
          id={`${id}-text`}
          rows={2}
          value={text}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.nativeEvent.isComposing) submit();
          }}
        />
        {error && (
          <span className="field-error" id={`${id}-error`} role="alert">
            {issueText(t, error, labels.text)}
          </span>
        )}
      </div>
      <button type="submit">{labels.add}</button>
    </form>
  );
}

import { useTranslation } from 'react-i18next';
import { issueText } from '../../i18n/errors';

/** A labelled date and time (datetime-local) with its error in place. `id` is the input's; the
 *  error's is `${id}-error`. */
export function DateTimeField({ id, label, value, required, error, onChange }: {
  id: string;
  label: string;
  value: string;
  required: boolean;
  /** A reason key (`required`), or null. */
  error: string | null;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="datetime-local"
        value={value}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <span className="field-error" id={`${id}-error`} role="alert">
          {issueText(t, error, label)}
        </span>
      )}
    </div>
  );
}

import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** A labelled select over a fixed vocabulary, each option translated as `${prefix}.${value}`.
 *  With `none` the empty choice is offered; without it a value is required, and a stored empty
 *  value shows `placeholder` (not selectable) until one is chosen. */
export function Choice<V extends string>({ label, value, options, prefix, none, placeholder, required, onChange }: {
  label: string;
  value: V | null;
  options: readonly V[];
  prefix: string;
  /** The label of the empty choice; without it there is none. */
  none?: string;
  /** Shown while the value is empty and there is no empty choice. */
  placeholder?: string;
  required?: boolean;
  onChange: (value: V | null) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} required={required} onChange={(e) => onChange((e.target.value || null) as V | null)}>
        {none !== undefined && <option value="">{none}</option>}
        {none === undefined && value === null && placeholder !== undefined && (
          <option value="" disabled>
            {placeholder}
          </option>
        )}
        <VocabularyOptions options={options} prefix={prefix} />
      </select>
    </div>
  );
}

/** A select's options over a fixed vocabulary, each translated as `${prefix}.${value}`. */
export function VocabularyOptions({ options, prefix }: { options: readonly string[]; prefix: string }) {
  const { t } = useTranslation();
  return options.map((o) => (
    <option key={o} value={o}>
      {t(`${prefix}.${o}` as string)}
    </option>
  ));
}

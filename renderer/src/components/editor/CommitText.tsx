import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { issuesFromZod } from '../../../../shared/contract/errors';
import { issueText } from '../../i18n/errors';
import { hasVeryLongLine } from '../long-lines';

/** The side panels' text field (the fishbone's and the 5 Whys'): the text is the user's while they
 *  type and becomes one command (one undo step) when they leave the field. */

/** Either the value to save or the reason (`required`, `too_long`) it cannot be saved. */
export type Check = (text: string) => { value: string } | { reason: string };

const reasonOf = (error: z.ZodError) => issuesFromZod(error)[0]?.reason ?? 'generic';

/** A check from a schema of the stored text: its output is what is saved. */
export function checkWith(schema: z.ZodType<string, string>): Check {
  return (text) => {
    const parsed = schema.safeParse(text);
    return parsed.success ? { value: parsed.data } : { reason: reasonOf(parsed.error) };
  };
}

/** A text field whose edit is committed as one command on blur, Ctrl/Cmd+Enter (or Enter for a
 *  single line), and when the panel switches to another node. Escape puts back the saved text.
 *  `save` returns false when the command could not apply. */
export function CommitText({ label, hint, value, placeholder, single, rows = 4, check, save }: {
  label: string;
  hint?: string;
  value: string;
  placeholder?: string;
  single?: boolean;
  rows?: number;
  check: Check;
  save: (value: string) => boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [reason, setReason] = useState<string | null>(null);
  const shown = draft ?? value;

  const commit = () => {
    if (draft === null) return;
    const result = check(draft);
    if ('reason' in result) {
      setReason(result.reason);
      return;
    }
    if (result.value !== value && !save(result.value)) {
      setReason('generic');
      return;
    }
    setDraft(null);
    setReason(null);
  };

  // Selecting another node re-mounts the panel before this field sees a blur: save on the way out.
  const commitRef = useRef(commit);
  useLayoutEffect(() => {
    commitRef.current = commit;
  });
  useEffect(() => () => commitRef.current(), []);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'Enter' && (single || e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      commit();
    } else if (e.key === 'Escape' && draft !== null) {
      e.preventDefault();
      e.stopPropagation();
      setDraft(null);
      setReason(null);
    }
  };

  const error = reason ? issueText(t, reason, label) : null;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value: shown,
    placeholder,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    onChange: (e: { target: { value: string } }) => {
      setDraft(e.target.value);
      setReason(null);
    },
    onBlur: commit,
    onKeyDown,
  };
  const veryLong = !single && hasVeryLongLine(shown);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {single ? <input type="text" {...common} /> : <textarea {...common} rows={rows} spellCheck={!veryLong} wrap={veryLong ? 'off' : 'soft'} />}
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { issueText } from '../../i18n/errors';
import { Dialog } from '../Dialog';
import { usePendingForm } from '../leave-guard';

/** A reason being written in a ReasonDialog and its error. Kept by whoever opens the dialog, so
 *  it decides what the field holds when the dialog opens again. */
export function useReason(schema: z.ZodType<string, string>) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  return {
    text,
    error,
    change(next: string) {
      setText(next);
      setError(null);
    },
    /** Starts over from `initial`, without an error. */
    reset(initial: string) {
      setText(initial);
      setError(null);
    },
    /** The reason to keep (trimmed, as `schema` makes it), or null with the error shown when it is
     *  missing or too long. */
    check(): string | null {
      const trimmed = text.trim();
      const parsed = schema.safeParse(trimmed);
      if (trimmed === '' || !parsed.success) {
        setError(trimmed === '' ? 'required' : 'too_long');
        return null;
      }
      return parsed.data;
    },
  };
}

export type Reason = ReturnType<typeof useReason>;

/** A dialog that asks for a required reason before going on (cancelling an action, closing a case
 *  with unfinished actions). */
export function ReasonDialog({ open, reason, title, intro, label, back, confirm, onClose, onConfirm }: {
  open: boolean;
  reason: Reason;
  title: string;
  intro: string;
  label: string;
  /** The button that closes the dialog without going on. */
  back: string;
  confirm: string;
  onClose: () => void;
  onConfirm: (reason: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  // A reason typed here is saved only with the step it asks for, so it cannot be saved as it is
  // typed; until then it counts as pending, and leaving the page asks first.
  const [openedWith, setOpenedWith] = useState<string | null>(null);
  if (open && openedWith === null) setOpenedWith(reason.text);
  if (!open && openedWith !== null) setOpenedWith(null);
  usePendingForm(open && openedWith !== null && reason.text !== openedWith);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = reason.check();
    if (value !== null) onConfirm(value);
  };
  return (
    <Dialog open={open} onClose={onClose} labelledBy={`${id}-title`}>
      <form onSubmit={submit} noValidate>
        <h2 id={`${id}-title`}>{title}</h2>
        <p>{intro}</p>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{label}</label>
          <textarea
            id={`${id}-reason`}
            rows={3}
            value={reason.text}
            required
            autoFocus
            aria-invalid={reason.error ? true : undefined}
            aria-describedby={reason.error ? `${id}-error` : undefined}
            onChange={(e) => reason.change(e.target.value)}
          />
          {reason.error && (
            <span className="field-error" id={`${id}-error`} role="alert">
              {issueText(t, reason.error, label)}
            </span>
          )}
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {back}
          </button>
          <button type="submit" className="primary">
            {confirm}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

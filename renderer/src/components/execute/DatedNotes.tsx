import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/i18n/languages';
import { LIMITS } from '../../../../shared/domain/vocabulary';
import { issueText } from '../../i18n/errors';
import { useKeptText } from '../kept-text';
import { formatDateTime, fromLocalInput } from '../../i18n/format';
import { DateTimeField } from './DateTimeField';
import { nowLocal } from './plan-run';

export interface DatedNote {
  id: string;
  at: string | null;
  note: string;
}

/** A list of dated notes, oldest first as written, and a form to add one: the date starts at now,
 *  the note is required. Used for an action's progress notes and for the customer's feedback. */
export function DatedNotes({ items, labels, dateRequired, collapsible = false, keep, onAdd, onRemove }: {
  items: readonly DatedNote[];
  /** Names the note being typed, kept across a reload until it is added (see kept-text.ts). */
  keep: string;
  labels: { empty: string; at: string; note: string; add: string; remove: string; removeConfirm: string; noDate?: string };
  dateRequired: boolean;
  /** The form shows behind a button (one per action card keeps the cards short). */
  collapsible?: boolean;
  onAdd: (at: string | null, note: string) => boolean;
  onRemove: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const id = useId();
  const [at, setAt] = useState(nowLocal);
  const [note, setNote] = useKeptText(keep);
  const [noteError, setNoteError] = useState<string | null>(null);
  const [atError, setAtError] = useState<string | null>(null);
  // A note typed before a reload shows again where it was being written.
  const [open, setOpen] = useState(!collapsible || note !== '');

  const show = (next: boolean) => {
    setOpen(next);
    setNoteError(null);
    setAtError(null);
    if (next) setAt(nowLocal());
    requestAnimationFrame(() => document.getElementById(next ? `${id}-note` : `${id}-open`)?.focus());
  };

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const when = fromLocalInput(at);
    const text = note.trim();
    const badNote = text === '' ? 'required' : note.length > LIMITS.longText ? 'too_long' : null;
    const badAt = dateRequired && !when ? 'required' : null;
    setNoteError(badNote);
    setAtError(badAt);
    if (badNote || badAt) {
      document.getElementById(badAt ? `${id}-at` : `${id}-note`)?.focus();
      return;
    }
    if (!onAdd(when, text)) return;
    setNote('');
    setAt(nowLocal());
    if (collapsible) show(false);
  };

  return (
    <>
      {items.length === 0 ? (
        <p className="muted dated-empty">{labels.empty}</p>
      ) : (
        <ol className="dated-notes">
          {items.map((item) => {
            const date = item.at ? formatDateTime(item.at, language) : (labels.noDate ?? '');
            return (
              <li key={item.id}>
                <div className="dated-head">
                  {item.at ? <time dateTime={item.at}>{date}</time> : <span className="muted">{date}</span>}
                  <button
                    type="button"
                    className="subtle icon"
                    aria-label={`${labels.remove}: ${date}`}
                    title={labels.remove}
                    onClick={() => {
                      if (window.confirm(labels.removeConfirm)) onRemove(item.id);
                    }}
                  >
                    ✕
                  </button>
                </div>
                <p className="dated-text">{item.note}</p>
              </li>
            );
          })}
        </ol>
      )}
      {!open ? (
        <button type="button" id={`${id}-open`} className="add-toggle" aria-expanded="false" onClick={() => show(true)}>
          + {labels.add}
        </button>
      ) : (
      <form className="dated-form" onSubmit={submit} noValidate>
        <DateTimeField
          id={`${id}-at`}
          label={labels.at}
          value={at}
          required={dateRequired}
          error={atError}
          onChange={(value) => {
            setAt(value);
            setAtError(null);
          }}
        />
        <div className="field dated-note-field">
          <label htmlFor={`${id}-note`}>{labels.note}</label>
          <textarea
            id={`${id}-note`}
            rows={2}
            value={note}
            required
            aria-invalid={noteError ? true : undefined}
            aria-describedby={noteError ? `${id}-note-error` : undefined}
            onChange={(e) => {
              setNote(e.target.value);
              setNoteError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.nativeEvent.isComposing) submit();
            }}
          />
          {noteError && (
            <span className="field-error" id={`${id}-note-error`} role="alert">
              {issueText(t, noteError, labels.note)}
            </span>
          )}
        </div>
        <div className="form-buttons">
          <button type="submit">{labels.add}</button>
          {collapsible && (
            <button type="button" className="subtle" onClick={() => show(false)}>
              {t('execute.cancelForm')}
            </button>
          )}
        </div>
      </form>
      )}
    </>
  );
}

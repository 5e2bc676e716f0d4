import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { issuesFromZod } from '../../../../shared/contract/errors';
import { issueText } from '../../i18n/errors';
import { discardBurst, inBurst } from '../../state/command-store';
import { queue } from '../../state/workspace';
import { hasVeryLongLine } from '../long-lines';

/** The text fields of the side panels and the plan's editors: what is typed is saved as a command
 *  once typing pauses, without leaving the field, and at once on leaving it. Until then the field
 *  holds the save queue (the header does not say saved, leaving the page asks and saves it). The
 *  saves of one burst of typing (while the field keeps focus) are one undo step. */

/** How long typing must pause before the text is saved. */
export const TYPING_PAUSE_MS = 500;

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

/** A text field saved as you type (see above), and at once on blur, Ctrl/Cmd+Enter (or Enter for a
 *  single line) and when the panel switches to another node. Escape puts back the text from before
 *  the burst of typing. `save` runs one command and returns false when it could not apply. */
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
  const holdKey = `text:${id}`;
  /** The text typed, ahead of the render (the pause timer and the queue read it). */
  const typed = useRef<string | null>(null);
  /** The burst of typing under way: its undo key, the stored text before it, whether it saved. */
  const burst = useRef<{ key: string; before: string; saved: boolean } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** An input method is composing (pinyin not yet turned into characters): not a pause to save at. */
  const composing = useRef(false);

  const stopTimer = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };

  /** Saves the typed text as part of the burst; false when it cannot be saved (shown in place). */
  const store = (text: string): boolean => {
    const result = check(text);
    if ('reason' in result) {
      setReason(result.reason);
      return false;
    }
    if (result.value !== value) {
      const current = (burst.current ??= { key: crypto.randomUUID(), before: value, saved: false });
      if (!inBurst(current.key, () => save(result.value))) {
        setReason('generic');
        return false;
      }
      current.saved = true;
    }
    setReason(null);
    return true;
  };

  const restartTimer = () => {
    stopTimer();
    timer.current = setTimeout(() => latest.current.pause(), TYPING_PAUSE_MS);
  };

  /** Typing paused (or, `leaving`, the page is going away): save, and stay in the burst. */
  const pause = (leaving = false) => {
    stopTimer();
    if (typed.current === null) return;
    if (composing.current && !leaving) return restartTimer();
    if (store(typed.current)) queue.release(holdKey);
  };

  /** Leaving the field: save and end the burst. Text that cannot be saved stays, still held. */
  const commit = () => {
    stopTimer();
    if (typed.current === null) return;
    if (!store(typed.current)) return;
    typed.current = null;
    burst.current = null;
    setDraft(null);
    queue.release(holdKey);
  };

  const putBack = () => {
    stopTimer();
    const current = burst.current;
    // Undo what the burst saved; if another step came after it, save the old text as a new step.
    if (current?.saved && !discardBurst(current.key) && current.before !== value) save(current.before);
    typed.current = null;
    burst.current = null;
    setDraft(null);
    setReason(null);
    queue.release(holdKey);
  };

  // Selecting another node re-mounts the panel before this field sees a blur: save on the way out.
  // Text that cannot be saved goes with the field, so it no longer holds the queue.
  const latest = useRef({ pause, commit });
  useLayoutEffect(() => {
    latest.current = { pause, commit };
  });
  useEffect(
    () => () => {
      latest.current.commit();
      queue.release(holdKey);
    },
    [holdKey],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'Enter' && (single || e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      commit();
    } else if (e.key === 'Escape' && draft !== null) {
      e.preventDefault();
      e.stopPropagation();
      putBack();
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
      typed.current = e.target.value;
      setDraft(e.target.value);
      setReason(null);
      queue.hold(holdKey, () => latest.current.pause(true));
      restartTimer();
    },
    onCompositionStart: () => {
      composing.current = true;
    },
    onCompositionEnd: () => {
      composing.current = false;
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

import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/i18n/languages';
import { addDays, formatDayInput, parseDayInput, today } from './day-input';

/** A calendar day of the insights filters, typed and shown in the app's language (day-input.ts).
 *  What is typed is applied on Enter or on leaving the field; text that is not a day is refused
 *  with a message and the filter stays as it was. Up and Down move a day, Esc puts the applied day
 *  back. */
export function DayInput({ label, value, invalid, onCommit }: { label: string; value: string | undefined; invalid?: boolean; onCommit(day: string | undefined): void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const id = useId();
  const shown = value ? formatDayInput(value, language) : '';
  const [text, setText] = useState(shown);
  const [refused, setRefused] = useState<string | null>(null);
  // The applied day changed (Back, a link, clearing the filters) or the language did: show it.
  useEffect(() => {
    setText(shown);
    setRefused(null);
  }, [shown]);

  const commit = () => {
    const day = parseDayInput(text, language);
    if (day === undefined) {
      setRefused(text.trim());
      return;
    }
    setRefused(null);
    setText(day ? formatDayInput(day, language) : '');
    if ((day ?? undefined) !== value) onCommit(day ?? undefined);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      commit();
    } else if (e.key === 'Escape' && (text !== shown || refused)) {
      // Only when there is something to undo: Esc otherwise belongs to the screen.
      e.preventDefault();
      e.stopPropagation();
      setText(shown);
      setRefused(null);
    } else if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      const from = parseDayInput(text, language) ?? value ?? today();
      setRefused(null);
      setText(formatDayInput(addDays(from, e.key === 'ArrowUp' ? 1 : -1), language));
    }
  };

  // Today, as the examples of the forms understood.
  const iso = today();
  const example = formatDayInput(iso, language);
  return (
    <span className="day-input">
      <label className="field-inline">
        <span>{label}</span>
        <input
          type="text"
          lang={language}
          value={text}
          size={language === 'en' ? 12 : 13}
          autoComplete="off"
          spellCheck={false}
          placeholder={t('insightsUi.day.placeholder', { example })}
          aria-invalid={invalid || refused !== null || undefined}
          aria-describedby={refused !== null ? `${id}-error` : `${id}-hint`}
          onChange={(e) => setText(e.target.value)}
          onBlur={commit}
          onKeyDown={onKeyDown}
        />
      </label>
      <span id={`${id}-hint`} className="visually-hidden">
        {t('insightsUi.day.hint', { example, iso })}
      </span>
      {refused !== null && (
        <span id={`${id}-error`} role="alert" className="error day-input-error">
          {t('insightsUi.day.invalid', { text: refused, example, iso })}
        </span>
      )}
    </span>
  );
}

import type { Language } from '../../../../shared/i18n/languages';
import { formatNumber } from '../../i18n/format';

/** Figures of the insights as the reader's language writes them (Intl). */

const percent = new Map<Language, Intl.NumberFormat>();
export function formatShare(share: number, language: Language): string {
  let f = percent.get(language);
  if (!f) {
    f = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 });
    percent.set(language, f);
  }
  return f.format(share);
}

const months = new Map<Language, Intl.DateTimeFormat>();
/** A calendar month of the figures (`2026-03`, UTC) as "Mar 2026" / "2026年3月". */
export function formatMonth(month: string, language: Language): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  let f = months.get(language);
  if (!f) {
    f = new Intl.DateTimeFormat(language, { year: 'numeric', month: 'short', timeZone: 'UTC' });
    months.set(language, f);
  }
  return f.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

const days = new Map<Language, Intl.DateTimeFormat>();
export function formatDay(iso: string | null, language: Language): string {
  if (!iso) return '';
  let f = days.get(language);
  if (!f) {
    f = new Intl.DateTimeFormat(language, { dateStyle: 'medium' });
    days.set(language, f);
  }
  return f.format(new Date(iso));
}

const hours = new Map<Language, Intl.NumberFormat>();
/** Hours with one decimal at most (the unit is said by the caller's text). */
export function formatHours(value: number | null, language: Language): string {
  if (value === null) return '–';
  let f = hours.get(language);
  if (!f) {
    f = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
    hours.set(language, f);
  }
  return f.format(value);
}

export { formatNumber };

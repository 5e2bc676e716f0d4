import type { Language } from '../i18n/languages';

/** Dates, numbers, lists and catalog strings written the way the report's language writes them.
 *  Deterministic: the time zone is always given (UTC unless the caller says otherwise), so the same
 *  snapshot gives the same text on any machine. */
export interface Formatter {
  language: Language;
  timeZone: string;
  /** An instant as a date and time ("Mar 5, 2026, 8:30 AM" / "2026年3月5日 08:30"). */
  dateTime(iso: string): string;
  /** An instant as a calendar date in the zone ("Mar 5, 2026" / "2026年3月5日"). */
  date(iso: string): string;
  number(n: number): string;
  /** "a, b, and c" / "a、b和c". */
  list(items: readonly string[]): string;
  /** "a, b, c" / "a、b、c": items that are not a sentence's enumeration (tags). */
  join(items: readonly string[]): string;
  /** A catalog string with its {{name}} and {{name, number}} placeholders filled. */
  fill(template: string, values?: Record<string, string | number>): string;
  /** The plural form of `key` (`key_one`, `key_other`) for `count`, filled with count. */
  plural(forms: Record<string, string>, key: string, count: number, values?: Record<string, string | number>): string;
}

export function createFormatter(language: Language, timeZone = 'UTC'): Formatter {
  // Throws a RangeError for an unknown zone: better than a report in the wrong zone.
  const dateTimeFormat = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const dateFormat = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone });
  const numberFormat = new Intl.NumberFormat(language);
  const listFormat = new Intl.ListFormat(language, { style: 'long', type: 'conjunction' });
  const pluralRules = new Intl.PluralRules(language);

  const instant = (iso: string, format: Intl.DateTimeFormat) => {
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? iso : format.format(ms);
  };

  const fill = (template: string, values: Record<string, string | number> = {}) =>
    template.replace(/\{\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?\}\}/g, (whole, name: string, style: string | undefined) => {
      const value = values[name];
      if (value === undefined) return whole;
      if (typeof value === 'number') return style === 'number' || style === undefined ? numberFormat.format(value) : String(value);
      return value;
    });

  return {
    language,
    timeZone,
    dateTime: (iso) => instant(iso, dateTimeFormat),
    date: (iso) => instant(iso, dateFormat),
    number: (n) => numberFormat.format(n),
    list: (items) => listFormat.format(items),
    join: (items) => items.join(language === 'zh-CN' ? '、' : ', '),
    fill,
    plural: (forms, key, count, values = {}) => {
      const template = forms[`${key}_${pluralRules.select(count)}`] ?? forms[`${key}_other`] ?? key;
      return fill(template, { ...values, count });
    },
  };
}

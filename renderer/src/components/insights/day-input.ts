import type { Language } from '../../../../shared/i18n/languages';

/** Calendar days typed and shown in the app's language, not the browser's: `<input type="date">`
 *  writes and reads the browser's locale (12/07/2026 in a Chinese interface on an American
 *  machine), so the insights filters take text instead. Shown as the app writes a day elsewhere
 *  ("Dec 7, 2026" / "2026年12月7日"); read in any of the forms people type in either language. Pure. */

const formats = new Map<Language, Intl.DateTimeFormat>();

/** A YYYY-MM-DD day as the app's language writes it. */
export function formatDayInput(day: string, language: Language): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  let f = formats.get(language);
  if (!f) {
    // The day itself, wherever the machine is: read and written in UTC.
    f = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' });
    formats.set(language, f);
  }
  return f.format(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A month's name or its abbreviation of three letters or more ("Dec", "Sept.", "December"),
 *  1-12; 0 when it is none. */
function monthOf(word: string): number {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return 0;
  return MONTHS.findIndex((name) => name.startsWith(w)) + 1;
}

/** YYYY-MM-DD when year, month and day make a real calendar day (no 30 February). */
function day(year: number, month: number, date: number): string | undefined {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || date < 1) return undefined;
  const t = new Date(Date.UTC(year, month - 1, date));
  if (t.getUTCMonth() !== month - 1 || t.getUTCDate() !== date) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
}

/** What was typed, as a YYYY-MM-DD day: `null` for nothing (no date: the filter is cleared) and
 *  `undefined` for text that is not a day. Read in either language: 2026-12-07, 2026/12/7,
 *  2026.12.7, 2026年12月7日 (full-width digits too), Dec 7, 2026, 7 December 2026; and the numeric
 *  form the language writes, month first in English (12/7/2026; Intl's "en" is American). */
export function parseDayInput(text: string, language: Language): string | null | undefined {
  const t = text.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (t === '') return null;
  let m = /^(\d{4}) ?[-/.] ?(\d{1,2}) ?[-/.] ?(\d{1,2})$/.exec(t);
  if (m) return day(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?[日号]?$/.exec(t);
  if (m) return day(Number(m[1]), Number(m[2]), Number(m[3]));
  // "Dec 7, 2026", "December 7 2026"
  m = /^([A-Za-z]+\.?) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/.exec(t);
  if (m) return day(Number(m[3]), monthOf(m[1]!), Number(m[2]));
  // "7 Dec 2026", "7 December, 2026"
  m = /^(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+\.?),? (\d{4})$/.exec(t);
  if (m) return day(Number(m[3]), monthOf(m[2]!), Number(m[1]));
  if (language === 'en') {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
    if (m) return day(Number(m[3]), Number(m[1]), Number(m[2]));
  }
  return undefined;
}

/** The day `days` after a YYYY-MM-DD day (before, when negative). */
export function addDays(dayText: string, days: number): string {
  const [y, mo, d] = dayText.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d + days));
  return `${String(t.getUTCFullYear()).padStart(4, '0')}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

/** Today on this machine's calendar, YYYY-MM-DD (where the arrow keys start in an empty field). */
export function today(now = new Date()): string {
  return `${String(now.getFullYear()).padStart(4, '0')}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

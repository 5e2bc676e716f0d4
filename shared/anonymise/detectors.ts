import type { AnonymiseKind } from '../domain/case-file';

/** The detectors of personal data in free text, both languages. Pure; no name lists (people's
 *  names come from the case itself and the user's dictionary, see anonymise.ts). Each returns
 *  candidates; `findAll` keeps the non-overlapping ones by priority (an ID number is not also read
 *  as a bank card, a card's digits not as a phone). */

export interface Span {
  kind: AnonymiseKind;
  start: number;
  end: number;
  text: string;
  /** The value normalised, so the same number written two ways gets one pseudonym. */
  key: string;
}

const digits = (s: string) => s.replace(/\D/g, '');

/** ISO 7064 MOD 11-2 check of an 18-character resident ID number (GB 11643). */
export function validResidentId(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * weights[i]!;
  return '10X98765432'[sum % 11] === id[17]!.toUpperCase();
}

/** The Luhn check that bank card numbers pass. */
export function luhn(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return number.length > 0 && sum % 10 === 0;
}

// Latin letters and digits around a number mean it is part of a longer token (an order number
// "SO13800138000", a product code): never a phone, ID or card. Chinese characters are no boundary
// ("电话13800138000" is a phone).
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const RESIDENT_ID = /(?<![0-9A-Za-z])\d{6}(?:[ -]?\d{4}){2}[ -]?\d{3}[\dXx](?![0-9A-Za-z])/g;
const CARD = /(?<![0-9A-Za-z+])(?:\d{13,19}|\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,3})?)(?![0-9A-Za-z])/g;
const CN_MOBILE = /(?<![0-9A-Za-z+])(?:(?:\+|00)86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![0-9A-Za-z])/g;
const INTL_PHONE = /(?<![0-9A-Za-z+])(?:\+|00)[1-9]\d{0,2}(?:[ -]?\(\d{1,4}\)|[ -]?\d{1,5}){2,5}(?![0-9A-Za-z])/g;

function matches(re: RegExp, text: string, each: (m: RegExpExecArray) => Span | null): Span[] {
  const out: Span[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const span = each(m);
    if (span) out.push(span);
  }
  return out;
}

const span = (kind: AnonymiseKind, m: RegExpExecArray, key: string): Span => ({ kind, start: m.index, end: m.index + m[0].length, text: m[0], key: `${kind}:${key}` });

/** Every pattern-detected value in `text` (not names), non-overlapping, in order. */
export function findPatterns(text: string): Span[] {
  // Cheap test first: most texts have no digit and no @.
  if (!/[\d@]/.test(text)) return [];
  const found: Span[] = [];
  if (text.includes('@')) found.push(...matches(EMAIL, text, (m) => span('email', m, m[0].toLowerCase())));
  found.push(
    ...matches(RESIDENT_ID, text, (m) => {
      const id = m[0].replace(/[ -]/g, '').toUpperCase();
      return validResidentId(id) ? span('id_number', m, id) : null;
    }),
  );
  found.push(
    ...matches(CARD, text, (m) => {
      const n = digits(m[0]);
      return n.length >= 13 && n.length <= 19 && luhn(n) ? span('bank_card', m, n) : null;
    }),
  );
  found.push(...matches(CN_MOBILE, text, (m) => span('phone', m, digits(m[0]).slice(-11))));
  found.push(
    ...matches(INTL_PHONE, text, (m) => {
      const n = digits(m[0]);
      if (n.length < 8 || n.length > 15) return null;
      // +86 / 0086 mobiles are the Chinese detector's (same key whichever way they are written).
      const cn = /^(?:00)?861[3-9]\d{9}$/.test(n);
      return span('phone', m, cn ? n.slice(-11) : n.replace(/^00/, ''));
    }),
  );
  return keepFirst(found);
}

const PRIORITY: Record<AnonymiseKind, number> = { email: 0, id_number: 1, bank_card: 2, phone: 3, name: 4 };

/** The non-overlapping spans, the higher-priority (then the longer, then the earlier) one kept. */
export function keepFirst(spans: Span[]): Span[] {
  const ordered = [...spans].sort((a, b) => PRIORITY[a.kind] - PRIORITY[b.kind] || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Span[] = [];
  for (const s of ordered) if (!kept.some((k) => s.start < k.end && k.start < s.end)) kept.push(s);
  return kept.sort((a, b) => a.start - b.start);
}

const LATIN = /[A-Za-z]/;

/** Finds known names in text: a map from the first two characters (lower-cased) to the names that
 *  start with them, longest first, so thousands of names cost a lookup per character, not a regex
 *  alternation per character. A Latin name must stand as a word ("Ann" is not in "Annual"). */
export class NameFinder {
  private readonly byPrefix = new Map<string, string[]>();
  readonly size: number;

  constructor(names: Iterable<string>) {
    const unique = new Set<string>();
    for (const n of names) {
      const name = n.trim().toLowerCase();
      if ([...name].length >= 2) unique.add(name);
    }
    for (const name of unique) {
      const key = name.slice(0, 2);
      const list = this.byPrefix.get(key) ?? [];
      list.push(name);
      this.byPrefix.set(key, list);
    }
    for (const list of this.byPrefix.values()) list.sort((a, b) => b.length - a.length);
    this.size = unique.size;
  }

  find(text: string): Span[] {
    if (this.size === 0 || text.length < 2) return [];
    const lower = text.toLowerCase();
    // toLowerCase keeps positions only when lengths agree (it does for CJK and ASCII; a rare
    // letter whose lower case is longer makes us fall back to exact case).
    const hay = lower.length === text.length ? lower : text;
    const out: Span[] = [];
    for (let i = 0; i < hay.length - 1; ) {
      const list = this.byPrefix.get(hay.slice(i, i + 2));
      let matched = 0;
      if (list) {
        for (const name of list) {
          if (!hay.startsWith(name, i)) continue;
          const end = i + name.length;
          if (LATIN.test(name[0]!) && i > 0 && /[A-Za-z0-9]/.test(hay[i - 1]!)) continue;
          if (LATIN.test(name[name.length - 1]!) && end < hay.length && /[A-Za-z0-9]/.test(hay[end]!)) continue;
          out.push({ kind: 'name', start: i, end, text: text.slice(i, end), key: `name:${name}` });
          matched = name.length;
          break;
        }
      }
      i += matched || 1;
    }
    return out;
  }
}

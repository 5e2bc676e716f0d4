/** File names for exports, the same in the app and the backend. Pure. */

/** Characters no file system takes (Windows is the strictest), controls, and the direction
 *  overrides that could make a name read differently from what it is. */
const UNSAFE = /[/\\:*?"<>|\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const MAX_CHARS = 80;
/** UTF-8 bytes for the title: 80 Chinese characters, and the suffix still fits in the usual 255. */
const MAX_BYTES = 240;

const graphemes = (text: string): string[] =>
  typeof Intl.Segmenter === 'function' ? Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (s) => s.segment) : Array.from(text);

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/** A title made safe as a file name on every OS: Chinese and other letters kept; / \ : * ? " < >
 *  | and control characters dropped; white space (line breaks too) collapsed to one space; no leading or trailing dots or
 *  spaces; at most 80 characters (never splitting one); `fallback` when nothing is left. */
export function safeFileName(title: string, fallback = 'fishbone'): string {
  // Line breaks and tabs separate words: they become spaces before the other controls go.
  let name = title.normalize('NFC').replace(/\s+/g, ' ').replace(UNSAFE, '').replace(/ {2,}/g, ' ').trim();
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  const chars = graphemes(name);
  if (chars.length > MAX_CHARS) name = chars.slice(0, MAX_CHARS).join('');
  while (utf8Length(name) > MAX_BYTES) name = graphemes(name).slice(0, -1).join('');
  name = name.replace(/[.\s]+$/, '');
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  return name || fallback;
}

/** The longest file name most file systems take (ext4, NTFS, APFS): 255 bytes of UTF-8. */
export const NAME_MAX_BYTES = 255;

/** `<title>-<what>.<ext>`, or `<what>.<ext>` for a case without a usable title. The whole name
 *  stays within 255 bytes with `reserveBytes` to spare (for a temporary suffix or a " (2)" added
 *  later): the title is what gets shorter, never split inside a character. */
export function exportFileName(title: string, what: string, ext: string, reserveBytes = 0): string {
  const tail = `-${what}.${ext}`;
  let base = safeFileName(title, '');
  const budget = NAME_MAX_BYTES - reserveBytes - utf8Length(tail);
  if (utf8Length(base) > budget) {
    const chars = graphemes(base);
    while (chars.length && utf8Length(chars.join('')) > budget) chars.pop();
    base = chars.join('').replace(/[.\s]+$/, '');
  }
  return base ? `${base}${tail}` : `${what}.${ext}`;
}

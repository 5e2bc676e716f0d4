/** Chromium re-lays out a whole paragraph on every keystroke; one of tens of thousands of mixed
 *  Chinese and Latin characters (a pasted log, say) takes over a second per key when wrapped. Such
 *  text is shown unwrapped (and unchecked for spelling), which keeps typing responsive. */
const VERY_LONG_LINE = 10_000;
export function hasVeryLongLine(text: string): boolean {
  if (text.length < VERY_LONG_LINE) return false;
  let start = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
    if (nl - start >= VERY_LONG_LINE) return true;
    start = nl + 1;
  }
  return text.length - start >= VERY_LONG_LINE;
}

/** The report's HTML made fit for the preview frame. The frame's document inherits the app's
 *  Content Security Policy, which refuses inline <style> elements and style attributes (a parsed
 *  document inherits it too, so they are taken out of the text before anything parses it). The
 *  styles are then given to the frame as a constructed style sheet, which the policy allows, once
 *  it has loaded. Anything active is dropped on the way; the frame runs no script anyway (it is
 *  sandboxed without allow-scripts). */

export interface PreviewDoc {
  /** The document without styles, scripts or external references. */
  html: string;
  /** Every style of the document, in order; style attributes last, as rules that win like them. */
  css: string;
}

const ACTIVE = 'script, link, base, iframe, frame, object, embed, meta[http-equiv], noscript, form';
const STYLE_ELEMENT = /<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi;
/** A start tag. Text and attribute values of the report are escaped, so `<` and `>` only delimit tags. */
const START_TAG = /<[a-zA-Z][^<>]*>/g;
const STYLE_ATTRIBUTE = /\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')/i;

const ENTITIES: Record<string, string> = { quot: '"', apos: "'", amp: '&', lt: '<', gt: '>' };
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** `a: b; c: d` with each declaration made `!important`, as an inline style outranks the sheets. */
function important(declarations: string): string {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (const ch of declarations) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ';' && depth === 0) {
      out.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  out.push(current);
  return out
    .map((d) => d.trim())
    .filter((d) => d.includes(':'))
    .map((d) => (/!\s*important$/i.test(d) ? d : `${d} !important`))
    .join('; ');
}

export function forPreview(source: string): PreviewDoc {
  const sheets: string[] = [];
  const inline: string[] = [];
  let n = 0;
  const text = source
    .replace(STYLE_ELEMENT, (_, css: string) => {
      sheets.push(css);
      return '';
    })
    .replace(START_TAG, (tag) =>
      tag.replace(STYLE_ATTRIBUTE, (_, double: string | undefined, single: string | undefined) => {
        const key = String(n++);
        inline.push(`[data-preview-style="${key}"] { ${important(decodeEntities(double ?? single ?? ''))} }`);
        return ` data-preview-style="${key}"`;
      }),
    );
  // A parsed document is never rendered: nothing in it loads or runs.
  const doc = new DOMParser().parseFromString(text, 'text/html');
  for (const el of Array.from(doc.querySelectorAll(ACTIVE))) el.remove();
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) if (/^on/i.test(attr.name)) el.removeAttribute(attr.name);
  }
  return { html: `<!doctype html>\n${doc.documentElement.outerHTML}`, css: [...sheets, ...inline].join('\n') };
}

/** Gives a loaded frame its styles. False when the frame's document cannot be reached. */
export function applyPreviewStyles(frame: HTMLIFrameElement, css: string): boolean {
  const doc = frame.contentDocument;
  const view = doc?.defaultView as (Window & typeof globalThis) | null | undefined;
  if (!doc || !view) return false;
  const sheet = new view.CSSStyleSheet();
  // @import is not allowed in a constructed sheet; the report has none (it is self-contained).
  sheet.replaceSync(css);
  doc.adoptedStyleSheets = [sheet];
  return true;
}

import { CATALOGS } from '../../../shared/i18n/catalogs';
import { LANGUAGES, type Language } from '../../../shared/i18n/languages';

/** Nothing but this server's own script and style; no inline script, no frames, no forms posting elsewhere. */
export const PHONE_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The first language the phone's Accept-Language asks for that we have (zh-* -> zh-CN), else English. */
export function phoneLanguage(acceptLanguage: string | undefined): Language {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'en';
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The phone page: a shell the script fills in, with both languages' strings as a JSON data block
 *  (not executed, so the CSP needs no 'unsafe-inline'). */
export function phonePageHtml({ joinCode, acceptLanguage }: { joinCode: string; acceptLanguage: string | undefined }): string {
  const language = phoneLanguage(acceptLanguage);
  const strings = Object.fromEntries(LANGUAGES.map((l) => [l, CATALOGS[l].retroPhones.phone]));
  // `<` escaped so no text in the catalogs can end the data block.
  const data = JSON.stringify({ language, joinCode, strings }).replace(/</g, '\\u003c');
  const t = CATALOGS[language].retroPhones.phone;
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(t.title)}</title>
<link rel="stylesheet" href="/r/${joinCode}/phone.css">
</head>
<body>
<main id="app" aria-live="polite"><p>${escapeHtml(t.loading)}</p></main>
<script type="application/json" id="phone-data">${data}</script>
<script src="/r/${joinCode}/phone.js"></script>
</body>
</html>
`;
}

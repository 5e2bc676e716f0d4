import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { CustomScheme } from 'electron';
import { CONTENT_SECURITY_POLICY, CONTENT_TYPES } from '../backend/http-host';

export const APP_SCHEME = 'app';
export const APP_HOST = 'causeway';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** `standard` gives the page a real origin (relative URLs, storage), `secure` a secure context, and
 *  `supportFetchAPI` lets the same-origin module scripts load. `corsEnabled` stays off, so no other
 *  origin may read these files. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** Whether a URL belongs to the app's own origin. Parsed by parts: Node reports `null` as the
 *  origin of any scheme it does not know, so comparing `.origin` would accept nothing. */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '' && u.port === '';
  } catch {
    return false;
  }
}

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' },
  });
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Serves the built renderer for `app://causeway/…`: files under `rootDir` only, `index.html` for
 *  anything else (the renderer routes in the page), always with the app's CSP. */
export function createAppProtocolHandler(rootDir: string): (request: Request) => Promise<Response> {
  const root = resolve(rootDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    if (!isAppUrl(request.url)) return plain(404, 'Not found');
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url).pathname);
    } catch {
      return plain(400, 'Bad request');
    }
    if (pathname.includes('\0')) return plain(400, 'Bad request');
    // URL parsing already folds plain `..`; an encoded slash or a backslash can still climb out.
    let file = resolve(join(root, pathname));
    if (file !== root && !file.startsWith(root + sep)) return plain(403, 'Forbidden');
    if (!(await isFile(file))) file = join(root, 'index.html');
    if (!(await isFile(file))) return plain(503, 'The renderer is not built. Run: npm run build');
    const body = request.method === 'HEAD' ? null : await readFile(file);
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      },
    });
  };
}

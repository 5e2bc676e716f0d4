import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import { CASE_FILE_LIMITS } from '../../shared/domain/case-file';
import type { AnyDispatch } from './dispatch';

/** The same CSP the desktop window uses: nothing but this origin. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** How long the rest of a refused, too-large body is read and thrown away before the connection is cut. */
const DRAIN_MS = 2000;
/** Content types of the built renderer's files, for this host and the desktop app:// protocol alike. */
export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
};

export interface HostOptions {
  dispatch: AnyDispatch;
  /** Built renderer (index.html and assets). */
  staticDir: string;
  port?: number;
  /** The library's secret (see session-secret.ts): the same one across restarts, so a page keeps
   *  its session when the host comes back on the same port. A fresh random one when absent. */
  token?: string;
  /** The folder whose files `POST /download/<name>` hands out (the exports folder): how browser
   *  mode offers a saved copy of the library as a download. */
  downloadDir?: () => string;
}

export interface Host {
  server: Server;
  url: string;
  /** The address to open: the token travels in the fragment, which browsers never send to a server. */
  appUrl: string;
  token: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function sameText(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The session cookie's name and value. Browsers share cookies between every port of 127.0.0.1,
 *  so both name the port, and the value is derived from the secret (never the secret itself): a
 *  server on another port sees only a value that opens this port's API, not the secret. */
export function sessionCookie(token: string, port: number): { name: string; value: string } {
  return { name: `causeway_session_${port}`, value: createHmac('sha256', token).update(`session:127.0.0.1:${port}`).digest('hex') };
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** A request names this host as 127.0.0.1 (or localhost) on our port, so a page on another site
 *  that resolves its own name to 127.0.0.1 (DNS rebinding) reads and drives nothing. */
function ownHost(req: IncomingMessage, port: number): boolean {
  return [`127.0.0.1:${port}`, `localhost:${port}`].includes(req.headers.host ?? '');
}

/** An API call from a browser comes from this very origin: its Origin, when sent, is ours, and its
 *  fetch metadata, when sent, says same-origin. (A link from elsewhere may still open the page.) */
function ownOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host}`) return false;
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin';
}

/** The body, or null when it is larger than allowed. Reading stops at the limit; the caller
 *  answers and then drains or cuts the connection (see refuseTooLarge). */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        req.off('end', onEnd);
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

/** Answers 413 and closes the connection: the client gets its answer, the rest of the body is read
 *  and thrown away for a moment (so the answer is not lost to a reset), then the socket is cut
 *  rather than left waiting for bytes nobody will read. */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, message = 'Request too large.', reason = 'too_long'): void {
  const text = JSON.stringify({ ok: false, error: { code: 'validation', message, reason } });
  res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
  res.end(text);
  req.resume();
  const cut = setTimeout(() => req.socket.destroy(), DRAIN_MS);
  cut.unref();
  req.socket.once('close', () => clearTimeout(cut));
  req.once('end', () => {
    clearTimeout(cut);
    req.socket.destroySoon?.();
  });
}

/** A case file uploaded from the page (`POST /upload`), streamed into `dir` under a new name as it
 *  arrives, never held in memory: the answer names the file by its path, which casefile:preview and
 *  casefile:import then read like any other. A body over the limit is refused (413, reason
 *  `casefile_upload_too_large`) and what was written of it removed; so is a body cut short. Files
 *  older than a day are removed at each upload (the folder goes with the host). */
async function receiveUpload(req: IncomingMessage, res: ServerResponse, dir: string): Promise<void> {
  const tooLarge = () => refuseTooLarge(req, res, 'The file is too large to upload.', 'casefile_upload_too_large');
  if (Number(req.headers['content-length'] ?? 0) > CASE_FILE_LIMITS.uploadBytes) return tooLarge();
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    const old = join(dir, name);
    if (now - statSync(old).mtimeMs > 24 * 3600_000) rmSync(old, { force: true });
  }
  const path = join(dir, `${randomUUID()}.causeway`);
  const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  let size = 0;
  const outcome = await new Promise<'ok' | 'too_large' | 'failed'>((done) => {
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > CASE_FILE_LIMITS.uploadBytes) {
        req.unpipe(out);
        done('too_large');
      }
    });
    req.once('aborted', () => done('failed'));
    req.once('error', () => done('failed'));
    out.once('error', () => done('failed'));
    out.once('finish', () => done(size <= CASE_FILE_LIMITS.uploadBytes ? 'ok' : 'too_large'));
    req.pipe(out);
  });
  if (outcome !== 'ok') {
    out.destroy();
    rmSync(path, { force: true });
    if (outcome === 'too_large') return tooLarge();
    if (!res.headersSent) send(res, 400, { ok: false, error: { code: 'validation', message: 'The upload was cut short.', reason: 'casefile_corrupt' } });
    return;
  }
  send(res, 200, { ok: true, value: { path, bytes: size } });
}

/** One file of `dir`, named by its plain name (no folder part), as an attachment. */
function sendDownload(res: ServerResponse, dir: string, name: string): void {
  const file = join(dir, name);
  if (!name || name !== basename(name) || name.startsWith('.') || !existsSync(file) || !statSync(file).isFile()) {
    return send(res, 404, { ok: false, error: { code: 'not_found', message: 'No such file.' } });
  }
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': statSync(file).size,
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  createReadStream(file).pipe(res);
}

/** Serves the renderer and the API on 127.0.0.1 only, for browser mode and end-to-end tests. */
export async function startHost({ dispatch, staticDir, port = 0, token = randomBytes(24).toString('hex'), downloadDir }: HostOptions): Promise<Host> {
  const root = resolve(staticDir);
  // Known once listening; no request arrives before.
  let bound = 0;
  /** Uploaded case files (see receiveUpload): made at the first upload, removed with the host. */
  let uploads: string | null = null;
  let cookie = { name: '', value: '' };
  /** How a request proves it comes from our page: the token from the address it was opened at (a
   *  header), or the cookie that header earned it earlier; null when it does neither. */
  const authorisedBy = (req: IncomingMessage): 'header' | 'cookie' | null =>
    sameText(req.headers['x-causeway-token'] as string | undefined, token)
      ? 'header'
      : sameText(cookieValue(req.headers.cookie, cookie.name), cookie.value)
        ? 'cookie'
        : null;
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      // A page from another site must not drive the API, even with the port guessed.
      if (!ownHost(req, bound)) return send(res, 403, { ok: false, error: { code: 'unauthorized', message: 'Foreign host.' } });
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
        if (!ownOrigin(req)) return send(res, 403, { ok: false, error: { code: 'unauthorized', message: 'Foreign origin.' } });
        if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'validation', message: 'POST only.' } });
        // The page proves itself with the token from the address it was opened at (a header), or
        // with the cookie that header earned it earlier: a new tab, a bookmark, a reload after
        // the host restarted. The cookie is HttpOnly and SameSite=Strict, so no other site's page
        // sends it and no script reads it.
        const by = authorisedBy(req);
        if (!by) return send(res, 401, { ok: false, error: { code: 'unauthorized', message: 'Missing or wrong token.' } });
        if (by === 'header') res.setHeader('set-cookie', `${cookie.name}=${cookie.value}; HttpOnly; SameSite=Strict; Path=/`);
        const body = await readBody(req);
        if (body === null) return refuseTooLarge(req, res);
        let payload: unknown;
        try {
          payload = body ? JSON.parse(body) : {};
        } catch {
          return send(res, 400, { ok: false, error: { code: 'validation', message: 'Body is not JSON.' } });
        }
        const result = await dispatch(decodeURIComponent(url.pathname.slice('/api/'.length)), payload);
        return send(res, 200, result);
      }
      if (url.pathname === '/upload') {
        if (!ownOrigin(req)) return send(res, 403, { ok: false, error: { code: 'unauthorized', message: 'Foreign origin.' } });
        if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'validation', message: 'POST only.' } });
        if (!authorisedBy(req)) return send(res, 401, { ok: false, error: { code: 'unauthorized', message: 'Missing or wrong token.' } });
        uploads ??= mkdtempSync(join(tmpdir(), 'causeway-uploads-'));
        return await receiveUpload(req, res, uploads);
      }
      if (url.pathname.startsWith('/download/') && downloadDir) {
        if (!ownOrigin(req)) return send(res, 403, { ok: false, error: { code: 'unauthorized', message: 'Foreign origin.' } });
        if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'validation', message: 'POST only.' } });
        if (!authorisedBy(req)) return send(res, 401, { ok: false, error: { code: 'unauthorized', message: 'Missing or wrong token.' } });
        return sendDownload(res, downloadDir(), decodeURIComponent(url.pathname.slice('/download/'.length)));
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { ok: false });
      let file = normalize(join(root, decodeURIComponent(url.pathname)));
      if (!file.startsWith(root + sep) && file !== root) return send(res, 403, { ok: false });
      if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
      if (!existsSync(file)) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
        return res.end('The renderer is not built. Run: npm run build');
      }
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch (e) {
      // A malformed %-escape in the path is the client's mistake, not the host's.
      if (e instanceof URIError) return send(res, 400, { ok: false, error: { code: 'validation', message: 'Malformed URL.' } });
      send(res, 500, { ok: false, error: { code: 'internal', message: (e as Error).message } });
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  bound = (server.address() as AddressInfo).port;
  cookie = sessionCookie(token, bound);
  const url = `http://127.0.0.1:${bound}`;
  return {
    server,
    url,
    appUrl: `${url}/#token=${token}`,
    token,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => {
          if (uploads) rmSync(uploads, { recursive: true, force: true });
          ok();
        });
      }),
  };
}

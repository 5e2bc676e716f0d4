import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import type { AnyDispatch } from './dispatch';

/** The same CSP the desktop window uses: nothing but this origin. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const MAX_BODY_BYTES = 8 * 1024 * 1024;
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

function tokenMatches(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
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
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      // A page from another site must not drive the API, even with the port guessed.
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'validation', message: 'POST only.' } });
        if (!tokenMatches(req.headers['x-causeway-token'] as string | undefined, token)) {
          return send(res, 401, { ok: false, error: { code: 'unauthorized', message: 'Missing or wrong token.' } });
        }
        const body = await readBody(req);
        if (body === null) return send(res, 413, { ok: false, error: { code: 'validation', message: 'Request too large.', reason: 'too_long' } });
        let payload: unknown;
        try {
          payload = body ? JSON.parse(body) : {};
        } catch {
          return send(res, 400, { ok: false, error: { code: 'validation', message: 'Body is not JSON.' } });
        }
        const result = await dispatch(decodeURIComponent(url.pathname.slice('/api/'.length)), payload);
        return send(res, 200, result);
      }
      if (url.pathname.startsWith('/download/') && downloadDir) {
        if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'validation', message: 'POST only.' } });
        if (!tokenMatches(req.headers['x-causeway-token'] as string | undefined, token)) {
          return send(res, 401, { ok: false, error: { code: 'unauthorized', message: 'Missing or wrong token.' } });
        }
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
  const { port: bound } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${bound}`;
  return {
    server,
    url,
    appUrl: `${url}/#token=${token}`,
    token,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, sessionCookie, startHost, type Host } from '../../electron/backend/http-host';
import { librarySecret, rememberPort, rememberedPort } from '../../electron/backend/session-secret';
import { useBackend, type Backend } from '../support/backend';

const { tempDir, start } = useBackend();

const INDEX = '<!doctype html><div id="root">Causeway test page</div>';
const SCRIPT = 'console.log("app");';
const SECRET = 'top secret: outside the static folder';

const hosts: Host[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

/** A host over a temp static folder (with a secret file and a package.json one level up). */
async function serve(options: { index?: boolean } = {}): Promise<{ host: Host; backend: Backend; root: string }> {
  const base = tempDir();
  const root = join(base, 'www');
  mkdirSync(join(root, 'assets'), { recursive: true });
  if (options.index !== false) writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets', 'app.js'), SCRIPT);
  writeFileSync(join(root, 'assets', 'style.css'), 'body{}');
  writeFileSync(join(base, 'secret.txt'), SECRET);
  writeFileSync(join(base, 'package.json'), JSON.stringify({ name: 'secret-package', secret: SECRET }));
  const backend = start({ path: join(base, 'library.sqlite') });
  const host = await startHost({ dispatch: backend.dispatch, staticDir: root, port: 0 });
  hosts.push(host);
  return { host, backend, root };
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with the path sent exactly as written (fetch would normalise `..` away first). */
function raw(host: Host, path: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<RawResponse> {
  const { port } = new URL(host.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(port), path, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

async function api(host: Host, method: string, body: unknown, token: string | null = host.token) {
  const res = await fetch(`${host.url}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { 'x-causeway-token': token }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as { ok: boolean; value?: unknown; error?: Record<string, unknown> } };
}

const caseCount = (backend: Backend) => backend.ok('cases:list', {}).total;

describe('the API', () => {
  it('runs a valid call and answers {ok: true, value}', async () => {
    const { host, backend } = await serve();
    const created = await api(host, 'cases:create', { language: 'en', title: 'Over HTTP' });
    expect(created.status).toBe(200);
    expect(created.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.json).toMatchObject({ ok: true, value: { case: { title: 'Over HTTP', revision: 0 }, timeline: [] } });
    expect(backend.ok('cases:list', {}).items.map((i) => i.title)).toEqual(['Over HTTP']);
  });

  it('answers with exactly what dispatch answers, for successes and every kind of failure', async () => {
    const { host, backend } = await serve();
    const id = backend.ok('cases:create', { language: 'zh-CN' }).case.id;
    const calls: [string, unknown][] = [
      ['cases:get', { id }],
      ['cases:update', { id, revision: 0, patch: { title: '', severity: 'urgent', colour: 'red' } }],
      ['cases:update', { id, revision: 7, patch: { title: 'stale' } }],
      ['cases:get', { id: 'not-a-uuid' }],
      ['cases:list', { limit: 0, step: 'nope' }],
      ['timeline:add', { caseId: id, event: { at: 'noon', description: 1, kind: 'x' } }],
      ['no:such-method', {}],
    ];
    for (const [method, payload] of calls) {
      const overHttp = await api(host, method, payload);
      expect(overHttp.status).toBe(200);
      expect(overHttp.json, method).toEqual(backend.dispatch(method, payload));
    }
  });

  it('treats an empty body as an empty payload', async () => {
    const { host } = await serve();
    const res = await api(host, 'cases:list', '');
    expect(res.json).toMatchObject({ ok: true, value: { total: 0 } });
  });

  it('accepts a percent-encoded method name', async () => {
    const { host } = await serve();
    const res = await fetch(`${host.url}/api/cases%3Alist`, { method: 'POST', headers: { 'x-causeway-token': host.token }, body: '{}' });
    expect(await res.json()).toMatchObject({ ok: true });
  });

  describe('without the right token', () => {
    it.each([
      ['no token', null],
      ['a wrong token', 'f'.repeat(48)],
      ['a token of another length', 'abc'],
      ['an empty token', ''],
    ])('refuses %s with 401 unauthorized and writes nothing', async (_name, token) => {
      const { host, backend } = await serve();
      const res = await api(host, 'cases:create', { language: 'en' }, token);
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      expect(caseCount(backend)).toBe(0);
    });

    it('also refuses the token in the query string or the URL fragment', async () => {
      const { host, backend } = await serve();
      for (const path of [`/api/cases:create?token=${host.token}`, `/api/cases:create#token=${host.token}`]) {
        const res = await raw(host, path, { method: 'POST', body: '{"language":"en"}' });
        expect(res.status).toBe(401);
      }
      expect(caseCount(backend)).toBe(0);
    });
  });

  it.each([
    ['GET', '/api'],
    ['GET', '/api/cases:list'],
    ['GET', '/api/cases:create'],
    ['PUT', '/api/cases:create'],
    ['DELETE', '/api/cases:emptyTrash'],
  ])('answers %s %s with 405, even with the token, and writes nothing', async (method, path) => {
    const { host, backend } = await serve();
    const res = await raw(host, path, { method, headers: { 'x-causeway-token': host.token }, body: method === 'GET' ? undefined : '{"language":"en"}' });
    expect(res.status).toBe(405);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false });
    expect(res.body).not.toContain('Causeway test page');
    expect(caseCount(backend)).toBe(0);
  });

  it.each(['{not json', '<xml/>', '{"language":"en"', 'undefined'])('refuses a body that is not JSON (%s) with 400 validation', async (body) => {
    const { host, backend } = await serve();
    const res = await api(host, 'cases:create', body);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(caseCount(backend)).toBe(0);
  });

  it('refuses a body over 8 MB with 413 and writes nothing', async () => {
    const { host, backend } = await serve();
    const valid = JSON.stringify({ language: 'en', title: 'Smuggled' });
    const padded = valid + ' '.repeat(8 * 1024 * 1024 + 1 - valid.length);
    const res = await api(host, 'cases:create', padded);
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ ok: false, error: { code: 'validation', reason: 'too_long' } });
    expect(caseCount(backend)).toBe(0);
  });

  it('accepts a body of exactly 8 MB', async () => {
    const { host, backend } = await serve();
    const valid = JSON.stringify({ language: 'en', title: 'Just fits' });
    const res = await api(host, 'cases:create', valid + ' '.repeat(8 * 1024 * 1024 - valid.length));
    expect(res.status).toBe(200);
    expect(res.json.ok).toBe(true);
    expect(caseCount(backend)).toBe(1);
  });

  it('keeps serving after a failed request', async () => {
    const { host } = await serve();
    await api(host, 'cases:create', '{broken');
    await raw(host, '/%E0%A4%A');
    expect((await api(host, 'cases:list', {})).json.ok).toBe(true);
  });
});

describe('static files', () => {
  it('are served with the content-security-policy and nosniff headers', async () => {
    const { host } = await serve();
    for (const [path, type, body] of [
      ['/', 'text/html; charset=utf-8', INDEX],
      ['/index.html', 'text/html; charset=utf-8', INDEX],
      ['/assets/app.js', 'text/javascript; charset=utf-8', SCRIPT],
      ['/assets/style.css', 'text/css; charset=utf-8', 'body{}'],
    ] as const) {
      const res = await fetch(`${host.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe(type);
      expect(res.headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(await res.text(), path).toBe(body);
    }
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
  });

  it('fall back to index.html for client-side routes', async () => {
    const { host } = await serve();
    const res = await fetch(`${host.url}/cases/123/timeline`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await res.text()).toBe(INDEX);
  });

  it('answer HEAD with headers only', async () => {
    const { host } = await serve();
    const res = await raw(host, '/assets/app.js', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.body).toBe('');
  });

  it('refuse other methods', async () => {
    const { host } = await serve();
    expect((await raw(host, '/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('say plainly when the renderer is not built', async () => {
    const { host } = await serve({ index: false });
    const res = await fetch(`${host.url}/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('not built');
  });

  it.each([
    '/../package.json',
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/package.json',
    '/..%2fsecret.txt',
    '/%2e%2e%2fpackage.json',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/%2e%2e%5c..%5csecret.txt',
    '//../secret.txt',
    '/assets/../../../../../../etc/passwd',
    '/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  ])('never escape the static folder: %s', async (path) => {
    const { host } = await serve();
    const res = await raw(host, path);
    expect(res.body).not.toContain('secret');
    expect(res.body).not.toContain('root:');
    expect([200, 403]).toContain(res.status);
    if (res.status === 200) expect(res.body).toBe(INDEX);
  });

  it('refuse with 403 a path whose decoded form climbs out', async () => {
    const { host } = await serve();
    for (const path of ['/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e%2fpackage.json']) {
      const res = await raw(host, path);
      expect(res.status, path).toBe(403);
      expect(res.headers['content-security-policy'], path).toBeUndefined();
    }
  });

  it('answer a malformed %-escape with 400', async () => {
    const { host } = await serve();
    const res = await raw(host, '/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'validation' } });
  });
});

describe('the listening socket', () => {
  const reachable = (address: string, port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = connect({ host: address, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });

  it('is bound to 127.0.0.1 only, on the port the OS gave it', async () => {
    const { host } = await serve();
    const address = host.server.address();
    expect(address).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    const port = (address as { port: number }).port;
    expect(port).toBeGreaterThan(0);
    expect(host.url).toBe(`http://127.0.0.1:${port}`);
    expect(await reachable('127.0.0.1', port)).toBe(true);
    expect(await reachable('::1', port)).toBe(false);
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && i.family === 'IPv4' && !i.internal)
      .map((i) => i!.address);
    for (const ip of external) expect(await reachable(ip, port), ip).toBe(false);
  });

  it('hands out the app address with the token in the fragment, which browsers never send', async () => {
    const { host } = await serve();
    expect(host.token).toMatch(/^[0-9a-f]{48}$/);
    expect(host.appUrl).toBe(`${host.url}/#token=${host.token}`);
  });

  it('uses a given token and a fresh random one otherwise', async () => {
    const { host, backend } = await serve();
    const dir = tempDir();
    writeFileSync(join(dir, 'index.html'), INDEX);
    const fixed = await startHost({ dispatch: backend.dispatch, staticDir: dir, token: 'given-token' });
    const other = await startHost({ dispatch: backend.dispatch, staticDir: dir });
    hosts.push(fixed, other);
    expect(fixed.token).toBe('given-token');
    expect((await api(fixed, 'cases:list', {})).json.ok).toBe(true);
    expect(other.token).not.toBe(host.token);
    expect(other.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('stops accepting connections once closed', async () => {
    const { host } = await serve();
    const port = Number(new URL(host.url).port);
    await host.close();
    hosts.splice(hosts.indexOf(host), 1);
    expect(await reachable('127.0.0.1', port)).toBe(false);
  });
});

describe('the browser session', () => {
  const cookieOf = (res: RawResponse) => String(res.headers['set-cookie'] ?? '');

  it('trades the token for an HttpOnly, SameSite=Strict cookie named for the port, which alone opens the API', async () => {
    const { host, backend } = await serve();
    const port = Number(new URL(host.url).port);
    const first = await raw(host, '/api/cases:list', { method: 'POST', headers: { 'x-causeway-token': host.token }, body: '{}' });
    expect(first.status).toBe(200);
    const { name, value } = sessionCookie(host.token, port);
    expect(cookieOf(first)).toBe(`${name}=${value}; HttpOnly; SameSite=Strict; Path=/`);
    expect(value).not.toContain(host.token);
    // A new tab or a bookmark has no token, only the cookie.
    const created = await raw(host, '/api/cases:create', { method: 'POST', headers: { cookie: `other=1; ${name}=${value}` }, body: '{"language":"en"}' });
    expect(created.status).toBe(200);
    expect(caseCount(backend)).toBe(1);
    expect(cookieOf(created)).toBe('');
  });

  it.each([
    ['a wrong value', (name: string) => `${name}=${'0'.repeat(64)}`],
    ['the value of another port', (_name: string, token: string, port: number) => `causeway_session_${port}=${sessionCookie(token, port + 1).value}`],
    ['the raw token', (name: string, token: string) => `${name}=${token}`],
  ])('refuses a cookie with %s', async (_label, make) => {
    const { host, backend } = await serve();
    const port = Number(new URL(host.url).port);
    const res = await raw(host, '/api/cases:create', { method: 'POST', headers: { cookie: make(sessionCookie(host.token, port).name, host.token, port) }, body: '{"language":"en"}' });
    expect(res.status).toBe(401);
    expect(caseCount(backend)).toBe(0);
  });

  it('keeps the cookie valid across a restart with the same secret and port', async () => {
    const { host, backend } = await serve();
    const port = Number(new URL(host.url).port);
    const { name, value } = sessionCookie(host.token, port);
    await host.close();
    hosts.splice(hosts.indexOf(host), 1);
    const dir = tempDir();
    writeFileSync(join(dir, 'index.html'), INDEX);
    const again = await startHost({ dispatch: backend.dispatch, staticDir: dir, port, token: host.token });
    hosts.push(again);
    const res = await raw(again, '/api/cases:list', { method: 'POST', headers: { cookie: `${name}=${value}` }, body: '{}' });
    expect(res.status).toBe(200);
  });

  it.each([
    ['a foreign Host (DNS rebinding)', { host: 'evil.example:PORT' }],
    ['a foreign Origin', { origin: 'http://evil.example' }],
    ['the Origin of another port', { origin: 'http://127.0.0.1:1' }],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }],
    ['a same-site fetch from another port', { 'sec-fetch-site': 'same-site' }],
  ])('refuses %s with 403 even with the token, and writes nothing', async (_label, extra) => {
    const { host, backend } = await serve();
    const port = new URL(host.url).port;
    const headers = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, v.replace('PORT', port)]));
    const res = await raw(host, '/api/cases:create', { method: 'POST', headers: { 'x-causeway-token': host.token, ...headers }, body: '{"language":"en"}' });
    expect(res.status).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(caseCount(backend)).toBe(0);
  });

  it('accepts its own origin and localhost', async () => {
    const { host } = await serve();
    const port = new URL(host.url).port;
    const cases: Record<string, string>[] = [{ origin: host.url, 'sec-fetch-site': 'same-origin' }, { host: `localhost:${port}`, origin: `http://localhost:${port}` }];
    for (const headers of cases) {
      const res = await raw(host, '/api/cases:list', { method: 'POST', headers: { 'x-causeway-token': host.token, ...headers }, body: '{}' });
      expect(res.status).toBe(200);
    }
  });

  it('keeps one secret per library in the user-data folder, readable by its owner only, and the last port', () => {
    const userData = tempDir();
    const a = librarySecret(userData, '/data/a.sqlite');
    expect(a).toMatch(/^[0-9a-f]{48}$/);
    expect(librarySecret(userData, '/data/a.sqlite')).toBe(a);
    expect(librarySecret(userData, '/data/b.sqlite')).not.toBe(a);
    const files = join(userData, 'browser-sessions');
    for (const name of readdirSync(files)) expect(statSync(join(files, name)).mode & 0o777).toBe(0o600);
    expect(rememberedPort(userData, '/data/a.sqlite')).toBe(0);
    rememberPort(userData, '/data/a.sqlite', 41234);
    expect(rememberedPort(userData, '/data/a.sqlite')).toBe(41234);
    expect(rememberedPort(userData, '/data/b.sqlite')).toBe(0);
  });
});

describe('a body over the limit', () => {
  it('gets its 413 and the connection is closed, not left hanging, even on a kept-alive socket', async () => {
    const { host, backend } = await serve();
    const port = Number(new URL(host.url).port);
    const outcome = await new Promise<{ status: number; body: string; closedAfterMs: number }>((resolve, reject) => {
      const started = Date.now();
      let answer: { status: number; body: string } | null = null;
      const req = request(
        { host: '127.0.0.1', port, path: '/api/cases:create', method: 'POST', headers: { 'x-causeway-token': host.token, connection: 'keep-alive', 'content-length': String(9 * 1024 * 1024) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => (answer = { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', () => undefined); // the server may stop reading the rest: the answer is what counts
      req.on('socket', (socket) =>
        socket.once('close', () => (answer ? resolve({ ...answer, closedAfterMs: Date.now() - started }) : reject(new Error('closed without an answer')))),
      );
      // Most of the declared body, past the limit, then nothing: a client that stalls must not hold the socket open.
      req.write(Buffer.alloc(8 * 1024 * 1024 + 512 * 1024, 0x20));
      setTimeout(() => reject(new Error('the socket was left hanging')), 8000).unref();
    });
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body)).toMatchObject({ ok: false, error: { code: 'validation', reason: 'too_long' } });
    expect(outcome.closedAfterMs).toBeLessThan(6000);
    expect(caseCount(backend)).toBe(0);
    expect((await api(host, 'cases:list', {})).json.ok).toBe(true);
  });
});

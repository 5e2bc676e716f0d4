import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/backend/http-host';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler, isAppUrl } from '../../electron/main/protocol';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();
let root: string;
let outside: string;
let serve: (request: Request) => Promise<Response>;

beforeEach(() => {
  const base = tempDir();
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Causeway</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  outside = join(base, 'secret.txt');
  writeFileSync(outside, 'TOP SECRET');
  serve = createAppProtocolHandler(root);
});

const get = (url: string, method = 'GET') => serve(new Request(url, { method }));

describe('app:// protocol', () => {
  it('registers a standard, secure, fetch-capable scheme without opening it to other origins', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });

  it('serves the renderer with the content security policy', async () => {
    const res = await get('app://causeway/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>Causeway</title>');
  });

  it('serves assets with their type and the same policy', async () => {
    const res = await get('app://causeway/assets/app.js');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await res.text()).toBe('console.log(1)');
  });

  it('falls back to index.html for unknown paths and the bare origin', async () => {
    for (const url of ['app://causeway/cases/42', 'app://causeway/', 'app://causeway/assets']) {
      const res = await get(url);
      expect(res.status, url).toBe(200);
      expect(await res.text(), url).toContain('<title>Causeway</title>');
    }
  });

  it('refuses paths that climb out of the renderer folder', async () => {
    for (const url of [
      'app://causeway/..%2fsecret.txt',
      'app://causeway/assets/..%2f..%2fsecret.txt',
      'app://causeway/..%5csecret.txt',
      'app://causeway/%2e%2e%2fsecret.txt',
    ]) {
      const res = await get(url);
      const body = await res.text();
      expect(body, url).not.toContain('TOP SECRET');
      if (process.platform !== 'win32' && url.includes('%5c')) continue; // a backslash is a file-name character here
      expect(res.status, url).toBe(403);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('never reads absolute paths smuggled through the URL', async () => {
    const res = await get(`app://causeway/${encodeURIComponent(outside)}`);
    expect(await res.text()).not.toContain('TOP SECRET');
  });

  it('rejects malformed escapes, NUL bytes, other hosts and writes', async () => {
    expect((await get('app://causeway/%E0%A4%A')).status).toBe(400);
    expect((await get('app://causeway/index.html%00.js')).status).toBe(400);
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
    expect((await get('app://causeway/index.html', 'POST')).status).toBe(405);
  });

  it('answers HEAD without a body', async () => {
    const res = await get('app://causeway/index.html', 'HEAD');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('says so when the renderer has not been built', async () => {
    const res = await createAppProtocolHandler(join(tempDir(), 'missing'))(new Request('app://causeway/index.html'));
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/npm run build/);
  });

  it('recognises only the app origin as its own', () => {
    expect(isAppUrl('app://causeway/index.html')).toBe(true);
    expect(isAppUrl('app://causeway/#/cases/1')).toBe(true);
    for (const url of ['file:///work/main/dist/renderer/index.html', 'http://127.0.0.1:5173/', 'https://causeway/', 'app://evil/', 'app://causeway.evil/', 'app://user@causeway/', 'app://causeway:81/', 'not a url', '', null, undefined]) {
      expect(isAppUrl(url), String(url)).toBe(false);
    }
  });
});

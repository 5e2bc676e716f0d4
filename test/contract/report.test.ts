import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatch } from '../../electron/backend/dispatch';
import { createHandlers, type Handlers } from '../../electron/backend/handlers';
import { startHost, type Host } from '../../electron/backend/http-host';
import { exportsDir } from '../../electron/backend/report-export';
import { ApiError, CausewayError } from '../../shared/contract/errors';
import { ASYNC_METHODS, METHOD_NAMES } from '../../shared/contract/methods';
import { useBackend, type Backend } from '../support/backend';

const { start, tempDir } = useBackend();

const MISSING = '00000000-0000-4000-8000-000000000000';

function withCase(b: Backend): string {
  return b.ok('cases:create', { language: 'zh-CN', title: '门店排队投诉' }).case.id;
}

describe('report:preview and report:export refuse malformed input as validation, and write nothing', () => {
  type Payload = (caseId: string) => unknown;
  const cases: Array<[string, Payload, Array<{ path: Array<string | number>; reason?: string }>]> = [
    ['no caseId', () => ({ language: 'en', layout: 'steps' }), [{ path: ['caseId'], reason: 'invalid_type' }]],
    ['a caseId that is not a uuid', () => ({ caseId: 'case-1', language: 'en', layout: 'steps' }), [{ path: ['caseId'], reason: 'invalid_format' }]],
    ['an unknown language', (caseId) => ({ caseId, language: 'fr', layout: 'steps' }), [{ path: ['language'], reason: 'invalid_choice' }]],
    ['no language', (caseId) => ({ caseId, layout: 'steps' }), [{ path: ['language'], reason: 'invalid_choice' }]],
    ['an unknown layout', (caseId) => ({ caseId, language: 'en', layout: '6sigma' }), [{ path: ['layout'], reason: 'invalid_choice' }]],
    ['an unknown time zone', (caseId) => ({ caseId, language: 'en', layout: 'steps', timeZone: 'Mars/Olympus_Mons' }), [{ path: ['timeZone'], reason: 'invalid_choice' }]],
    ['a time zone too long', (caseId) => ({ caseId, language: 'en', layout: 'steps', timeZone: 'x'.repeat(101) }), [{ path: ['timeZone'], reason: 'too_long' }]],
    ['an unknown field', (caseId) => ({ caseId, language: 'en', layout: 'steps', path: '/etc/passwd' }), [{ path: ['path'], reason: 'unknown_field' }]],
  ];

  it.each(cases)('report:preview: %s', (_name, payload, issues) => {
    const b = start();
    const error = b.fail('report:preview', payload(withCase(b)));
    expect(ApiError.safeParse(error).success).toBe(true);
    expect(error.code).toBe('validation');
    expect(error.issues).toEqual(expect.arrayContaining(issues.map((i) => expect.objectContaining(i))));
  });

  it.each([
    ...cases.map(([name, payload, issues]): [string, Payload, typeof issues] => [name, (id) => ({ ...(payload(id) as object), format: 'md' }), issues]),
    ['no format', (caseId: string) => ({ caseId, language: 'en', layout: 'steps' }), [{ path: ['format'], reason: 'invalid_choice' }]],
    ['an unknown format', (caseId: string) => ({ caseId, language: 'en', layout: 'steps', format: 'rtf' }), [{ path: ['format'], reason: 'invalid_choice' }]],
    ['a file name of its own', (caseId: string) => ({ caseId, language: 'en', layout: 'steps', format: 'md', fileName: '../../x.md' }), [{ path: ['fileName'], reason: 'unknown_field' }]],
  ] as Array<[string, Payload, Array<{ path: Array<string | number>; reason?: string }>]>)('report:export: %s', async (_name, payload, issues) => {
    const b = start();
    const error = await b.failAsync('report:export', payload(withCase(b)));
    expect(error.code).toBe('validation');
    expect(error.issues).toEqual(expect.arrayContaining(issues.map((i) => expect.objectContaining(i))));
    expect(existsSync(exportsDir(b.path))).toBe(false);
  });

  it('refuses an invalid report:export at once, without a promise (validation comes before the handler)', () => {
    const b = start();
    const result = b.dispatch('report:export', { caseId: 'x' });
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('answers a well-formed call for a missing case with not_found', async () => {
    const b = start();
    expect(b.fail('report:preview', { caseId: MISSING, language: 'en', layout: 'a3' })).toMatchObject({ code: 'not_found' });
    expect(await b.failAsync('report:export', { caseId: MISSING, language: 'en', layout: 'a3', format: 'html' })).toMatchObject({ code: 'not_found' });
  });

  it('accepts every layout and format the contract lists, with or without a time zone', async () => {
    const b = start();
    const caseId = withCase(b);
    for (const layout of ['steps', '8d', 'a3'] as const) {
      expect(b.ok('report:preview', { caseId, language: 'en', layout }).html).toContain('<html lang="en">');
      const out = await b.okAsync('report:export', { caseId, language: 'zh-CN', layout, format: 'md', timeZone: 'Asia/Shanghai' });
      expect(out).toMatchObject({ fileName: expect.stringMatching(/^门店排队投诉-report/), bytes: expect.any(Number) });
    }
  });
});

describe('asynchronous dispatch', () => {
  it("marks report:export, the case-file methods that read or write files (age is asynchronous), the native library and case-file dialogs and opening or closing the phones' server of a team session, and only them, as asynchronous", () => {
    expect([...ASYNC_METHODS]).toEqual(['report:export', 'casefile:export', 'casefile:preview', 'casefile:import', 'library:openDialog', 'insights:report', 'retro:openLan', 'retro:closeLan', 'casefile:chooseFile']);
    for (const name of ASYNC_METHODS) expect(METHOD_NAMES).toContain(name);
  });

  it('answers synchronous methods synchronously and asynchronous ones with a promise that never rejects', async () => {
    const b = start();
    const caseId = withCase(b);
    expect(b.dispatch('report:preview', { caseId, language: 'en', layout: 'steps' })).not.toBeInstanceOf(Promise);
    const pending = b.dispatch('report:export', { caseId, language: 'en', layout: 'steps', format: 'md' });
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).resolves.toMatchObject({ ok: true });
    await expect(b.dispatch('report:export', { caseId: MISSING, language: 'en', layout: 'steps', format: 'md' })).resolves.toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  function dispatchWith(override: Partial<Handlers>) {
    const { library } = start();
    const logged: unknown[] = [];
    const handlers = { ...createHandlers({ library, version: 'test', shell: 'browser' }), ...override } as Handlers;
    return { dispatch: createDispatch(handlers, { log: (e) => logged.push(e) }), logged, library };
  }
  const input = { caseId: MISSING, language: 'en', layout: 'steps', format: 'pdf' };

  it('turns a rejected typed error into its result, unlogged', async () => {
    const { dispatch, logged } = dispatchWith({
      'report:export': async () => {
        throw new CausewayError('internal', 'no chromium', { reason: 'pdf_unavailable' });
      },
    });
    await expect(dispatch('report:export', input)).resolves.toEqual({ ok: false, error: { code: 'internal', message: 'no chromium', reason: 'pdf_unavailable' } });
    expect(logged).toEqual([]);
  });

  it('turns a storage failure and an unexpected one into storage and internal, logged', async () => {
    const io = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    const a = dispatchWith({ 'report:export': () => Promise.reject(io) });
    await expect(a.dispatch('report:export', input)).resolves.toEqual({ ok: false, error: { code: 'storage', message: 'disk I/O error', reason: 'SQLITE_IOERR' } });
    expect(a.logged).toEqual([io]);
    const b = dispatchWith({ 'report:export': () => Promise.reject(new TypeError('oops')) });
    await expect(b.dispatch('report:export', input)).resolves.toEqual({ ok: false, error: { code: 'internal', message: 'oops' } });
  });

  it('checks an asynchronous result against the output schema too', async () => {
    const { dispatch } = dispatchWith({ 'report:export': async () => ({ fileName: 'x', path: '/x' }) as never });
    await expect(dispatch('report:export', input)).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('report:export over HTTP (browser mode)', () => {
  const hosts: Host[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.close();
  });

  it('waits for the file and answers with where it went; validation failures answer as they do in-process', async () => {
    const b = start();
    const caseId = withCase(b);
    const host = await startHost({ dispatch: b.dispatch, staticDir: tempDir(), port: 0 });
    hosts.push(host);
    const post = async (body: unknown) => {
      const res = await fetch(`${host.url}/api/report:export`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-causeway-token': host.token },
        body: JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as { ok: boolean; value?: { path: string; bytes: number }; error?: unknown } };
    };
    const done = await post({ caseId, language: 'en', layout: 'steps', format: 'md' });
    expect(done.status).toBe(200);
    expect(done.json.ok).toBe(true);
    expect(readFileSync(done.json.value!.path).byteLength).toBe(done.json.value!.bytes);
    const refused = await post({ caseId, language: 'en', layout: 'steps', format: 'exe' });
    expect(refused.json).toEqual(await b.dispatch('report:export', { caseId, language: 'en', layout: 'steps', format: 'exe' }));
  });

  it('hands an exported file back for the browser to download, behind the token, and nothing outside the exports folder', async () => {
    const b = start();
    const caseId = withCase(b);
    const host = await startHost({ dispatch: b.dispatch, staticDir: tempDir(), port: 0, downloadDir: () => exportsDir(b.path) });
    hosts.push(host);
    const exported = await b.okAsync('report:export', { caseId, language: 'zh-CN', layout: 'a3', format: 'html' });
    const get = (fileName: string, token = host.token) =>
      fetch(`${host.url}/download/${encodeURIComponent(fileName)}`, { method: 'POST', headers: { 'x-causeway-token': token } });
    const file = await get(exported.fileName);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain(encodeURIComponent(exported.fileName));
    expect(Buffer.from(await file.arrayBuffer()).equals(readFileSync(exported.path))).toBe(true);
    expect((await get(exported.fileName, 'wrong')).status).toBe(401);
    for (const fileName of ['../library.sqlite', '/etc/passwd', '..\\library.sqlite', 'missing.pdf', '.']) {
      expect((await get(fileName)).status, fileName).toBe(404);
    }
  });

});

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packCaseFile, readCaseDocuments } from '../../electron/backend/case-file';
import { startHost, type Host } from '../../electron/backend/http-host';
import { CASE_FILE_LIMITS, CaseDocument } from '../../shared/domain/case-file';
import { useBackend } from '../support/backend';
import { fullSnapshot } from '../support/report-fixtures';

const { tempDir, start } = useBackend();
const hosts: Host[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

async function serve() {
  const root = join(tempDir(), 'www');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'index.html'), '<div id="root"></div>');
  const backend = start({ path: join(tempDir(), 'library.sqlite') });
  const host = await startHost({ dispatch: backend.dispatch, staticDir: root, port: 0 });
  hosts.push(host);
  return { host, backend };
}

const upload = (host: Host, body: Uint8Array, token: string | null = host.token) =>
  fetch(`${host.url}/upload`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', ...(token ? { 'x-causeway-token': token } : {}) }, body: Buffer.from(body) });

/** A chunked upload of `bytes` zero bytes, sent in 1 MB pieces as fast as the host takes them. */
function streamZeros(host: Host, bytes: number): Promise<{ status: number; body: string }> {
  const { port } = new URL(host.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(port), path: '/upload', method: 'POST', headers: { 'x-causeway-token': host.token, 'transfer-encoding': 'chunked' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    // The host cuts the connection once it has answered: what is still being sent then fails.
    req.on('error', () => undefined);
    req.on('close', () => undefined);
    const piece = Buffer.alloc(1024 * 1024);
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
    setTimeout(() => reject(new Error('no answer')), 60_000).unref();
  });
}

describe('browser mode: a case file is uploaded to a temporary file, then imported from its path', () => {
  it('streams the bytes to a file the import then reads; the folder goes with the host', async () => {
    const { host, backend } = await serve();
    const snapshot = fullSnapshot('zh-CN');
    const doc = CaseDocument.parse({ ...snapshot, rootCauseLinks: snapshot.rootCauseLinks ?? [] });
    const bytes = await packCaseFile([doc], { version: 'test', now: new Date(), anonymised: false });
    const res = await upload(host, bytes);
    expect(res.status).toBe(200);
    const { value } = (await res.json()) as { value: { path: string; bytes: number } };
    expect(value.bytes).toBe(bytes.byteLength);
    expect(readFileSync(value.path).equals(Buffer.from(bytes))).toBe(true);
    const preview = await backend.okAsync('casefile:preview', { source: { path: value.path } });
    expect(preview.cases).toHaveLength(1);
    const result = await backend.okAsync('casefile:import', { source: { path: value.path }, mode: 'merge' });
    expect(result.imported).toEqual([doc.case.id]);
    expect(readCaseDocuments(backend.library, [doc.case.id])[0]!.case.title).toBe(doc.case.title);
    await host.close();
    hosts.splice(0);
    expect(existsSync(dirname(value.path))).toBe(false);
  });

  it('refuses an upload without the token, and one that says it is over the limit before reading it', async () => {
    const { host } = await serve();
    expect((await upload(host, new Uint8Array(10), null)).status).toBe(401);
    const { port } = new URL(host.url);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: Number(port), path: '/upload', method: 'POST', headers: { 'x-causeway-token': host.token, 'content-length': String(CASE_FILE_LIMITS.uploadBytes + 1) } },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write('x');
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.reason).toBe('casefile_upload_too_large');
  });

  it('stops a streamed upload at the limit, answers 413 with the translated reason, and keeps nothing of it', { timeout: 90_000 }, async () => {
    const { host } = await serve();
    const answer = await streamZeros(host, CASE_FILE_LIMITS.uploadBytes + 4 * 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.reason).toBe('casefile_upload_too_large');
    // What was written of it is gone: a later upload is alone in the folder.
    const res = await upload(host, new Uint8Array([0x50, 0x4b, 3, 4]));
    const { value } = (await res.json()) as { value: { path: string } };
    expect(readdirSync(dirname(value.path))).toEqual([value.path.split('/').pop()]);
  });
});

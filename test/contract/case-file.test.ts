import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readCaseDocuments } from '../../electron/backend/case-file';
import { startHost, type Host } from '../../electron/backend/http-host';
import { useBackend } from '../support/backend';

/** Case files through the browser-mode host: export, download by name, upload as base64. */

const { start, tempDir } = useBackend();
const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

describe('case files in browser mode', () => {
  it('exports, downloads the file by its name, and imports it into another library from its bytes', { timeout: 60_000 }, async () => {
    const a = start();
    a.ok('demo:load', { language: 'en' });
    const hostA = await startHost({ dispatch: a.dispatch, staticDir: tempDir(), port: 0, downloadDir: () => a.library.copyDir });
    hosts.push(hostA);
    const api = async (host: Host, method: string, body: unknown) => {
      const res = await fetch(`${host.url}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-causeway-token': host.token }, body: JSON.stringify(body) });
      return (await res.json()) as { ok: boolean; value?: any; error?: any };
    };
    const exported = await api(hostA, 'casefile:export', { all: true });
    expect(exported.ok).toBe(true);
    const download = await fetch(`${hostA.url}/download/${encodeURIComponent(exported.value.fileName)}`, { method: 'POST', headers: { 'x-causeway-token': hostA.token } });
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.byteLength).toBe(exported.value.bytes);

    const b = start({ path: join(tempDir(), 'b.sqlite') });
    const hostB = await startHost({ dispatch: b.dispatch, staticDir: tempDir(), port: 0 });
    hosts.push(hostB);
    const base64 = bytes.toString('base64');
    const preview = await api(hostB, 'casefile:preview', { source: { base64 } });
    expect(preview.ok).toBe(true);
    expect(preview.value.cases.every((c: { comparison: string }) => c.comparison === 'new')).toBe(true);
    const imported = await api(hostB, 'casefile:import', { source: { base64 }, mode: 'merge' });
    expect(imported.value.imported.length).toBe(exported.value.cases);
    expect(readCaseDocuments(b.library, b.library.repo.liveIds())).toEqual(readCaseDocuments(a.library, a.library.repo.liveIds()));

    // Bad input through the host is the same typed refusal.
    const refused = await api(hostB, 'casefile:preview', { source: { base64: Buffer.from('not a case file').toString('base64') } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation', reason: 'casefile_not_case_file' } });
    const both = await api(hostB, 'casefile:export', { all: true, caseIds: [imported.value.imported[0]] });
    expect(both).toMatchObject({ ok: false, error: { code: 'validation' } });
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCaseDocuments, withNewIds } from '../../electron/backend/case-file';
import type { CaseDocument } from '../../shared/domain/case-file';
import { sha256, useBackend, type Backend } from '../support/backend';
import { readZip } from '../support/zip';

const { start, tempDir } = useBackend();

/** Every document of a library, in creation order. */
const docsOf = (b: Backend): CaseDocument[] => readCaseDocuments(b.library, b.library.repo.liveIds());

/** A document with its ids replaced by their position of first appearance, so a copy (new ids)
 *  compares equal to its original when everything else is the same. */
function normaliseIds(doc: CaseDocument): CaseDocument {
  const map = new Map<string, string>();
  const renamed = withNewIds(doc, new Map());
  // withNewIds gives random ids: number them in reading order instead.
  const text = JSON.stringify(renamed);
  return JSON.parse(text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
    if (!map.has(id)) map.set(id, `id-${map.size}`);
    return map.get(id)!;
  })) as CaseDocument;
}

describe('case files: export and import', () => {
  it('exports the sample library and imports it as a copy and as a merge, every part exactly', { timeout: 60_000 }, async () => {
    const a = start();
    a.ok('demo:load', { language: 'zh-CN' });
    a.ok('demo:load', { language: 'en' });
    const original = docsOf(a);
    expect(original.length).toBeGreaterThan(4);
    const exported = await a.okAsync('casefile:export', { all: true });
    expect(exported.cases).toBe(original.length);
    expect(exported.fileName.endsWith('.causeway')).toBe(true);
    const entries = readZip(readFileSync(exported.path));
    expect(entries.has('manifest.json')).toBe(true);
    const manifest = JSON.parse(new TextDecoder().decode(entries.get('manifest.json')));
    expect(manifest).toMatchObject({ formatVersion: 1, anonymised: false, encrypted: false, caseIds: original.map((d) => d.case.id) });

    // Merge into an empty library: the same ids, everything identical.
    const merged = start({ path: join(tempDir(), 'b.sqlite') });
    const preview = await merged.okAsync('casefile:preview', { source: { path: exported.path } });
    expect(preview.cases.map((c) => c.comparison)).toEqual(original.map(() => 'new'));
    const result = await merged.okAsync('casefile:import', { source: { path: exported.path }, mode: 'merge' });
    expect(result.imported).toEqual(original.map((d) => d.case.id));
    expect(docsOf(merged)).toEqual(original);

    // A second merge of the same file finds every case the same and writes nothing.
    const before = sha256(merged.path);
    const again = await merged.okAsync('casefile:import', { source: { path: exported.path }, mode: 'merge' });
    expect(again).toMatchObject({ imported: [], conflicts: [] });
    expect(sha256(merged.path)).toBe(before);

    // Copy (from the bytes, as browser mode sends them): new ids everywhere, the same content.
    const copied = start({ path: join(tempDir(), 'c.sqlite') });
    const base64 = readFileSync(exported.path).toString('base64');
    const copy = await copied.okAsync('casefile:import', { source: { base64 } });
    expect(copied.library.repo.liveIds().length).toBe(original.length);
    const copies = readCaseDocuments(copied.library, original.map((d) => copy.idMap![d.case.id]!));
    expect(copies.length).toBe(original.length);
    const oldIds = new Set(JSON.stringify(original).match(/[0-9a-f]{8}-[0-9a-f-]{27}/g));
    for (const id of JSON.stringify(copies).match(/[0-9a-f]{8}-[0-9a-f-]{27}/g)!) expect(oldIds.has(id)).toBe(false);
    expect(copies.map(normaliseIds)).toEqual(original.map(normaliseIds));
    expect(Object.keys(copy.idMap!)).toEqual(original.map((d) => d.case.id));
  });
});

import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importOpened, openCaseFile, openSource, packCaseFile, readCaseDocuments, storeDocument } from '../../electron/backend/case-file';
import { CaseDocument } from '../../shared/domain/case-file';
import { dumpDatabase, useBackend } from '../support/backend';
import { fullSnapshot } from '../support/report-fixtures';

const { start, tempDir } = useBackend();

const sample = (language: 'zh-CN' | 'en'): CaseDocument => {
  const snapshot = fullSnapshot(language);
  return CaseDocument.parse({ ...snapshot, rootCauseLinks: snapshot.rootCauseLinks ?? [] });
};

/** The sample case under fresh ids (a copy of it), `n` times. */
function copies(n: number): CaseDocument[] {
  const base = sample('zh-CN');
  return Array.from({ length: n }, () => {
    const ids = new Map<string, string>();
    return CaseDocument.parse(
      JSON.parse(JSON.stringify(base), (_k, v: unknown) =>
        typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v) ? (ids.get(v) ?? ids.set(v, randomUUID()).get(v)) : v,
      ),
    );
  });
}

describe('case file import: all of it or nothing', () => {
  // The repositories' writes join the import's transaction without savepoints of their own: a
  // write refused part-way through (here the last case's action names a cause it does not have,
  // which only the plan repository can see) must still undo every case written before it.
  it.each(['copy', 'merge'] as const)('a write refused in the last case leaves the library as it was (%s)', async (mode) => {
    const b = start();
    b.library.transaction(() => storeDocument(b.library, sample('en')));
    const before = dumpDatabase(b.path);
    const docs = copies(3);
    const bad = docs[2]!;
    bad.plan.actions[0]!.rootCauses = [{ source: 'fishbone', id: randomUUID() }];
    const bytes = await packCaseFile(docs, { version: 'test', now: new Date(), anonymised: false });
    await expect(openCaseFile(bytes).then((opened) => importOpened(b.library, opened, { mode }))).rejects.toMatchObject({ code: 'validation' });
    expect(dumpDatabase(b.path)).toEqual(before);

    // The connection is left as it was: a good file imports, and a later edit that fails is
    // undone on its own (its savepoint) inside an ordinary transaction.
    const good = await packCaseFile(docs.slice(0, 2), { version: 'test', now: new Date(), anonymised: false });
    const path = join(tempDir(), 'good.causeway');
    writeFileSync(path, good);
    const result = await b.okAsync('casefile:import', { source: { path }, mode });
    expect(result.imported).toHaveLength(2);
    expect(b.ok('cases:list', {}).total).toBe(3);
    const id = result.imported[0]!;
    const caught = b.library.transaction(() => {
      try {
        b.library.plans.store(id, [{ type: 'addAction', index: 0, action: { ...docs[0]!.plan.actions[0]!, id: randomUUID(), progress: [], checks: [], rootCauses: [{ source: 'fishbone', id: randomUUID() }] } }]);
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return 'stored';
    });
    expect(caught).toBe('validation');
    expect(readCaseDocuments(b.library, [id])[0]!.plan.actions).toHaveLength(docs[0]!.plan.actions.length);
  });
});

describe('the import after a preview', () => {
  // The preview's reading of the file (unpacked, checked, decrypted: scrypt) is used by the import
  // that follows it, once, and only for the very same bytes and passphrase.
  it('reuses what the preview read for the same file and passphrase, once', async () => {
    const docs = copies(2);
    const bytes = await packCaseFile(docs, { version: 'test', now: new Date(), anonymised: false, passphrase: 'pass 1', workFactor: 10 });
    const path = join(tempDir(), 'enc.causeway');
    writeFileSync(path, bytes);
    const previewed = await openSource({ path }, 'pass 1', 'keep');
    expect(await openSource({ path }, 'pass 1', 'take')).toBe(previewed);
    // Taken: the next import reads the file again.
    const again = await openSource({ path }, 'pass 1', 'take');
    expect(again).not.toBe(previewed);
    expect(again.docs).toEqual(previewed.docs);

    // Another passphrase is checked again (and refused); the same bytes under another name are the same file.
    await openSource({ path }, 'pass 1', 'keep');
    await expect(openSource({ path }, 'wrong', 'take')).rejects.toMatchObject({ extra: { reason: 'casefile_wrong_passphrase' } });
    const kept = await openSource({ base64: Buffer.from(bytes).toString('base64') }, 'pass 1', 'keep');
    expect(await openSource({ path }, 'pass 1', 'take')).toBe(kept);

    // A file changed after its preview is read again.
    await openSource({ path }, 'pass 1', 'keep');
    writeFileSync(path, await packCaseFile(docs.slice(0, 1), { version: 'test', now: new Date(), anonymised: false, passphrase: 'pass 1', workFactor: 10 }));
    expect((await openSource({ path }, 'pass 1', 'take')).docs).toHaveLength(1);
  });

  it('preview then import through the API imports what the file holds', async () => {
    const b = start();
    const docs = copies(2);
    const path = join(tempDir(), 'plain.causeway');
    writeFileSync(path, await packCaseFile(docs, { version: 'test', now: new Date(), anonymised: false }));
    const preview = await b.okAsync('casefile:preview', { source: { path } });
    expect(preview.cases.map((c) => c.comparison)).toEqual(['new', 'new']);
    await b.okAsync('casefile:import', { source: { path }, mode: 'merge' });
    expect(readCaseDocuments(b.library, docs.map((d) => d.case.id))).toEqual(docs);
    // Imported once: a second preview sees them as the same.
    expect((await b.okAsync('casefile:preview', { source: { path } })).cases.map((c) => c.comparison)).toEqual(['same', 'same']);
  });
});

import { describe, expect, it } from 'vitest';
import { importOpened, readCaseDocuments, withNewIds } from '../../electron/backend/case-file';
import type { CaseDocument } from '../../shared/domain/case-file';
import { dumpDatabase, useBackend, type Backend } from '../support/backend';

/** How the search index is written in bulk: an import indexes its cases in one batch at the end
 *  of its transaction. */

const { start, tempDir } = useBackend();

const q = (b: Backend, query: string) => b.ok('search:query', { q: query, limit: 100 });
const casesFound = (b: Backend, query: string) => [...new Set(q(b, query).hits.map((h) => h.caseId))].sort();

/** Each case's indexed documents (part and text), in a stable order: two libraries holding the
 *  same cases under other ids compare equal through `ids`. */
function indexedDocs(b: Backend, ids: Map<string, string> = new Map()): string[] {
  const db = (b.library as unknown as { state: { db: import('better-sqlite3').Database } }).state.db;
  return (db.prepare('SELECT case_id, part, text FROM search_docs').all() as { case_id: string; part: string; text: string }[])
    .map((r) => `${ids.get(r.case_id) ?? r.case_id}\t${r.part}\t${r.text}`)
    .sort();
}

/** The FTS index's own consistency check (throws when an entry is missing or extra). */
function ftsIntact(b: Backend): void {
  const db = (b.library as unknown as { state: { db: import('better-sqlite3').Database } }).state.db;
  db.prepare(`INSERT INTO search_fts (search_fts) VALUES ('integrity-check')`).run();
}

const opened = (docs: CaseDocument[]) => ({
  manifest: { format: 'causeway-case-file', formatVersion: 1, appVersion: 'test', createdAt: '2026-12-01T00:00:00.000Z', caseIds: docs.map((d) => d.case.id), checksums: {}, anonymised: false, encrypted: false },
  docs,
  encrypted: false,
}) as Parameters<typeof importOpened>[1];

describe('search index: imports', () => {
  it('indexes every imported case, as a copy and as a merge, exactly as its own writes would', { timeout: 60_000 }, () => {
    const a = start();
    a.ok('demo:load', { language: 'zh-CN' });
    a.ok('demo:load', { language: 'en' });
    // A case with nothing but a title and a timeline: no diagram, analysis or plan to write.
    const bare = a.ok('cases:create', { language: 'en', title: 'Zebrafish tank leak' }).case.id;
    const docs = readCaseDocuments(a.library, a.library.repo.liveIds());

    const merged = start({ path: `${tempDir()}/merged.sqlite` });
    importOpened(merged.library, opened(docs), { mode: 'merge' });
    expect(indexedDocs(merged)).toEqual(indexedDocs(a));
    expect(casesFound(merged, 'zebrafish')).toEqual([bare]);
    ftsIntact(merged);

    const copied = start({ path: `${tempDir()}/copied.sqlite` });
    const result = importOpened(copied.library, opened(docs), { mode: 'copy' });
    const back = new Map(Object.entries(result.idMap!).map(([from, to]) => [to, from]));
    expect(indexedDocs(copied, back)).toEqual(indexedDocs(a));
    expect(casesFound(copied, 'zebrafish')).toEqual([result.idMap![bare]]);
    for (const word of ['延误', '培训', 'customer', 'refund']) {
      expect(casesFound(copied, word).map((id) => back.get(id)).sort(), word).toEqual(casesFound(a, word));
    }
    ftsIntact(copied);

    // Merging the file's newer version of a case replaces its documents: the old words go.
    const doc = structuredClone(docs.find((d) => d.case.id === bare)!);
    doc.case.title = 'Axolotl tank leak';
    doc.case.revision += 5;
    doc.case.updatedAt = '2027-01-01T00:00:00.000Z';
    importOpened(merged.library, opened([doc]), { mode: 'merge' });
    expect(casesFound(merged, 'zebrafish')).toEqual([]);
    expect(casesFound(merged, 'axolotl')).toEqual([bare]);
    ftsIntact(merged);
  });

  it('indexes nothing when an import fails, and the next write is indexed as usual', () => {
    const a = start();
    a.ok('demo:load', { language: 'en' });
    const [first, second] = readCaseDocuments(a.library, a.library.repo.liveIds()).map((d) => withNewIds(d, new Map()));
    const b = start({ path: `${tempDir()}/b.sqlite` });
    b.ok('cases:create', { language: 'en', title: 'Kept before the import' });
    const before = dumpDatabase(b.path);
    // The second case reuses a timeline event id of the first: its insert fails after the first
    // case is written, so the whole import rolls back.
    const clash = structuredClone(second!);
    clash.timeline[0]!.id = first!.timeline[0]!.id;
    expect(() => importOpened(b.library, opened([first!, clash]), { mode: 'merge' })).toThrow();
    expect(dumpDatabase(b.path)).toEqual(before);
    const later = b.ok('cases:create', { language: 'en', title: 'Narwhal sighting' }).case.id;
    expect(casesFound(b, 'narwhal')).toEqual([later]);
    ftsIntact(b);
  });
});

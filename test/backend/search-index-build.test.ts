import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importOpened, readCaseDocuments, withNewIds } from '../../electron/backend/case-file';
import { Library } from '../../electron/backend/library';
import { RANKING, filterSql, indexMatch, queryWords, search } from '../../electron/backend/search/query';
import type { Prepare } from '../../electron/backend/sql';
import { defaultCaseFields } from '../../shared/domain/case';
import { cachedPrepare } from '../../electron/backend/sql';
import type { CaseDocument } from '../../shared/domain/case-file';
import { backendFor, dumpDatabase, useBackend, withConnection, type Backend } from '../support/backend';

/** How the search index is written in bulk: an import indexes its cases in one batch at the end
 *  of its transaction, and a stale index is built in the background, chunk by chunk. */

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

/** A library closed with its index marked stale (as one written by an older builder is). */
function staleLibrary(b: Backend, extraCases: number): string {
  b.ok('demo:load', { language: 'zh-CN' });
  b.ok('demo:load', { language: 'en' });
  for (let i = 0; i < extraCases; i++) b.ok('cases:create', { language: 'en', title: `Filler case ${i}` });
  const path = b.path;
  b.library.close();
  withConnection(path, (db) => db.prepare(`UPDATE search_meta SET value = 'older' WHERE key = 'builder'`).run());
  return path;
}

const caseCount = (path: string) => withConnection(path, (db) => db.prepare('SELECT count(*) FROM cases').pluck().get() as number);

/** What the index should hold: every case's documents as a build from scratch writes them. */
function rebuiltDocs(b: Backend): string[] {
  const copy = `${b.path}.check.sqlite`;
  b.library.saveCopy(copy);
  withConnection(copy, (db) => db.prepare(`DELETE FROM search_meta WHERE key = 'builder'`).run());
  const fresh = backendFor(new Library(copy));
  try {
    return indexedDocs(fresh);
  } finally {
    fresh.library.close();
  }
}

describe('search index: built in the background', () => {
  it('answers searches while it builds, says how far it has got, and indexes edits made meanwhile', () => {
    const path = staleLibrary(start(), 12);
    const steps: (() => void)[] = [];
    const b = start({ path, indexChunkCases: 3, indexChunkMs: Infinity, scheduleIndexBuild: (run) => steps.push(run) });
    const total = b.library.repo.liveIds().length;
    // Open at once: nothing indexed yet, and the answer says so.
    expect(q(b, 'filler')).toMatchObject({ total: 0, indexing: { done: 0, total } });
    expect(b.library.indexProgress()).toEqual({ done: 0, total });

    steps.shift()!();
    const after = q(b, 'filler').indexing!;
    expect(after).toEqual({ done: 3, total });

    // Edits while the build runs: a case already indexed, one not reached yet, a new case, one
    // trashed. Each write indexes its own case, and the build writes what it reaches again.
    const ids = b.library.repo.liveIds();
    const [early, late, gone] = [ids[0]!, ids.at(-1)!, ids.at(-2)!];
    b.library.repo.update(early, b.library.repo.getCase(early).revision, { title: 'Pelican early edit' });
    b.library.repo.update(late, b.library.repo.getCase(late).revision, { title: 'Flamingo late edit' });
    const created = b.ok('cases:create', { language: 'zh-CN', title: '鹈鹕新案例' }).case.id;
    b.ok('cases:trash', { id: gone });
    expect(casesFound(b, 'flamingo')).toEqual([late]);

    let guard = 0;
    while (steps.length > 0 && guard++ < 1000) steps.shift()!();
    expect(b.library.indexProgress()).toBeNull();
    expect(q(b, 'filler').indexing).toBeUndefined();
    expect(casesFound(b, 'pelican')).toEqual([early]);
    expect(casesFound(b, 'flamingo')).toEqual([late]);
    expect(casesFound(b, '鹈鹕')).toEqual([created]);
    const fillers = b.library.repo.liveIds().filter((id) => b.library.repo.getCase(id).title.startsWith('Filler'));
    expect(casesFound(b, 'filler')).toEqual(fillers.sort());
    expect(casesFound(b, 'filler')).not.toContain(gone);
    expect(indexedDocs(b)).toEqual(rebuiltDocs(b));
    ftsIntact(b);
  });

  it('starts again at the next open when the process is killed half way through a build', async () => {
    const path = staleLibrary(start(), 10);
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../support/index-build-child.ts'), path, '3'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('built-some')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`child exited (${code}) before building`)));
    });
    await new Promise((resolve) => child.once('close', resolve));
    // Half built: some cases indexed, the builder's version not recorded.
    const half = withConnection(path, (db) => ({
      docs: db.prepare('SELECT count(DISTINCT case_id) FROM search_docs').pluck().get() as number,
      builder: db.prepare(`SELECT value FROM search_meta WHERE key = 'builder'`).pluck().get(),
    }));
    // (A step stops early when it runs long: the first one loads the segmenter's dictionary.)
    expect(half.docs).toBeGreaterThan(0);
    expect(half.docs).toBeLessThan(caseCount(path));
    expect(half.builder).toBeUndefined();
    const again = start({ path });
    expect(again.library.indexProgress()).toBeNull();
    expect(q(again, 'filler').total).toBe(10);
    expect(indexedDocs(again)).toEqual(rebuiltDocs(again));
    ftsIntact(again);
  }, 60_000);
});

describe('similar cases: root causes', () => {
  it('name the 5-Whys analysis of a root found there, so opening it lands in that analysis', () => {
    const b = start();
    b.ok('demo:load', { language: 'zh-CN' });
    b.ok('demo:load', { language: 'en' });
    let whysRoots = 0;
    for (const caseId of b.library.repo.liveIds()) {
      for (const similar of b.ok('search:similar', { caseId, limit: 5 })) {
        const analyses = b.library.whys.get(similar.caseId).analyses;
        for (const root of similar.rootCauses) {
          const [source, id] = root.key.split(':');
          if (source !== 'whys') {
            expect(root.analysisId).toBeNull();
            continue;
          }
          whysRoots++;
          const holder = analyses.find((a) => JSON.stringify(a.whys).includes(`"id":"${id}"`));
          expect(holder, root.key).toBeDefined();
          expect(root.analysisId).toBe(holder!.id);
        }
      }
    }
    expect(whysRoots).toBeGreaterThan(0);
  });
});

describe('search: a very common word', () => {
  it('ranks the page among the newest cases\u2019 hits, counts all of them, and ranks a deep page over all', () => {
    const b = start();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      // Some old and some new cases say it more often (they rank higher by bm25).
      const title = i % 7 === 0 ? `Gizmo gizmo gizmo report ${i}` : `Gizmo report number ${i} with more words in it`;
      ids.push(b.ok('cases:create', { language: 'en', title }).case.id);
    }
    const db = (b.library as unknown as { state: { db: import('better-sqlite3').Database } }).state.db;
    const stmt = cachedPrepare(db as never);
    const base = { q: 'gizmo', sort: 'relevance' as const, offset: 0, limit: 5 };
    const full = search(stmt, { ...base, limit: 30 }, { allUpTo: 1_000, windowHits: 1_000 });
    expect(full.total).toBe(30);
    const windowed = search(stmt, base, { allUpTo: 10, windowHits: 10 });
    expect({ total: windowed.total, cases: windowed.cases }).toEqual({ total: 30, cases: 30 });
    // The newest ten cases (a third of the hits), in bm25 order.
    const newest = new Set(ids.slice(-10));
    expect(windowed.hits.map((h) => h.caseId)).toEqual(full.hits.filter((h) => newest.has(h.caseId)).slice(0, 5).map((h) => h.caseId));
    expect(windowed.hits[0]!.caseTitle).toMatch(/^Gizmo gizmo gizmo/);
    // A page past the window's half is ranked over every hit.
    const deep = search(stmt, { ...base, offset: 10 }, { allUpTo: 10, windowHits: 10 });
    expect(deep.hits.map((h) => h.caseId)).toEqual(full.hits.slice(10, 15).map((h) => h.caseId));
  });
});

describe('search: sorted by date', () => {
  /** Cases whose dates are not in the order they were written: some share a date (then the case id
   *  decides), some have none (then the date they were recorded counts), two are in the trash. */
  function library() {
    const b = start();
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const day = i % 9 === 4 ? 10 : Math.floor(next() * 300);
      const occurredAt = i % 5 === 0 ? null : new Date(Date.UTC(2025, 0, 1) + day * 86_400_000).toISOString();
      const words = ['gizmo', i % 3 === 0 ? 'sprocket' : 'cog', i === 17 || i === 41 ? 'widget' : 'plain'].join(' ');
      const fields = {
        ...defaultCaseFields(`Case ${i} ${words}`),
        problem: i % 2 === 0 ? `The gizmo failed ${words}` : 'Nothing to say',
        notes: i % 4 === 0 ? `gizmo notes ${i}` : '',
        occurredAt,
        severity: (['low', 'medium', 'high'] as const)[i % 3]!,
      };
      ids.push(b.library.repo.create(fields).case.id);
    }
    b.library.repo.trash(ids[3]!);
    b.library.repo.trash(ids[30]!);
    const db = (b.library as unknown as { state: { db: import('better-sqlite3').Database } }).state.db;
    return { b, ids, db, stmt: cachedPrepare(db as never) };
  }

  /** The page as it was read before: every hit joined to its case and sorted. */
  function joinedAndSorted(stmt: Prepare, input: Parameters<typeof search>[1]) {
    const params: unknown[] = [];
    const where = filterSql(input, params);
    const match = indexMatch(stmt, queryWords(input.q));
    const from = `FROM search_fts f JOIN search_docs d ON d.id = f.rowid JOIN cases c ON c.id = d.case_id WHERE search_fts MATCH ? AND ${where.join(' AND ')}`;
    const page = stmt(`SELECT d.case_id, d.part, d.item_id ${from} ORDER BY coalesce(c.occurred_at, c.created_at) DESC, c.id, d.id LIMIT ? OFFSET ?`)
      .all(match, ...params, input.limit, input.offset) as { case_id: string; part: string; item_id: string | null }[];
    const counts = stmt(`SELECT count(*) AS total, count(DISTINCT d.case_id) AS cases ${from}`).get(match, ...params) as { total: number; cases: number };
    return { page: page.map((r) => [r.case_id, r.part, r.item_id]), ...counts };
  }

  it('gives the same pages and counts as joining every hit and sorting, by both ways of reading the cases', () => {
    const { ids, db, stmt } = library();
    const dated = (db.prepare('SELECT id FROM cases WHERE deleted_at IS NULL ORDER BY coalesce(occurred_at, created_at) DESC, id').pluck().all() as string[]);
    // The dates are not in the order the cases were written.
    expect(dated).not.toEqual(ids.filter((_, i) => i !== 3 && i !== 30).reverse());
    const day = new Date(Date.UTC(2025, 0, 1) + 10 * 86_400_000).toISOString();
    let compared = 0;
    for (const q of ['gizmo', 'sprocket', 'widget', 'gizmo sprocket', 'gizm', 'nothing']) {
      for (const filters of [{}, { severity: 'high' as const }, { from: '2025-03-01T00:00:00.000Z' }, { from: day, to: day }]) {
        for (const [offset, limit] of [[0, 5], [3, 7], [0, 200], [40, 20], [500, 10]] as const) {
          const input = { q, sort: 'date' as const, offset, limit, ...filters };
          const expected = joinedAndSorted(stmt, input);
          // Every case hit looked up and sorted, and the library read by date.
          for (const sortCost of [0, Infinity]) {
            const got = search(stmt, input, RANKING, { sortCost });
            const label = JSON.stringify({ ...input, sortCost });
            expect(got.hits.map((h) => [h.caseId, h.part, h.itemId]), label).toEqual(expected.page);
            expect({ total: got.total, cases: got.cases }, label).toEqual({ total: expected.total, cases: expected.cases });
            compared += expected.page.length;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
    // Several cases share a date (then the case id orders them).
    expect(db.prepare(`SELECT count(*) FROM cases WHERE occurred_at = ?`).pluck().get(day)).toBeGreaterThan(3);
  });

  it('reads the cases newest first from the index on the date, without sorting them', () => {
    const { db } = library();
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT s.num FROM cases c JOIN search_cases s ON s.case_id = c.id WHERE c.deleted_at IS NULL ORDER BY coalesce(c.occurred_at, c.created_at) DESC, c.id`).all() as { detail: string }[]).map((r) => r.detail);
    expect(plan.join('\n')).toContain('cases_by_date');
    expect(plan.join('\n')).not.toContain('TEMP B-TREE');
  });
});

import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storeDocument } from '../../electron/backend/case-file';
import { documentDocs } from '../../electron/backend/search/document-docs';
import { caseDocs, rebuildIndex, type SearchDoc } from '../../electron/backend/search/search-index';
import { cachedPrepare } from '../../electron/backend/sql';
import type { CaseDocument } from '../../shared/domain/case-file';
import { walkCauses } from '../../shared/domain/fishbone';
import { walk } from '../../shared/domain/tree';
import { realisticDocs } from '../bench/case-file-docs';
import { useBackend, withConnection, type Backend } from '../support/backend';
import { caseArb } from '../support/case-documents';

/** An import indexes each case from the document it stores (documentDocs) instead of reading the
 *  case's texts back (caseDocs): the two must give the same documents, and an imported library
 *  the same index as one rebuilt from its rows. */

const { start, tempDir } = useBackend();

const line = (d: SearchDoc) => JSON.stringify([d.part, d.itemId, d.analysisId, d.actionId, d.text]);
/** Documents as a multiset: causes and whys are read `ORDER BY ..., position`, which leaves the
 *  order of siblings' children of the same position open. */
const multiset = (docs: readonly SearchDoc[]) => docs.map(line).sort();
/** The parts whose order the rows fix. */
const ordered = (docs: readonly SearchDoc[]) => docs.filter((d) => d.part !== 'cause' && d.part !== 'why').map(line);

const readBack = (path: string, ids: readonly string[]) =>
  withConnection(path, (db) => {
    const stmt = cachedPrepare(db);
    return ids.map((id) => caseDocs(stmt, id));
  });

// Texts that the rules around blank texts, tags and the database's encoding have to get right:
// blanks, surrounding spaces, astral characters (whose UTF-16 order is not SQLite's) and lone
// surrogate halves (which SQLite stores as U+FFFD).
const PIECES = ['', ' ', '\n', '\t', 'a', 'B', '中', '\uff01', '😀', '\ud800', '\udc00', 'x y', '。'];
const rough = fc.array(fc.constantFrom(...PIECES), { maxLength: 5 }).map((p) => p.join(''));
const roughTag = fc.array(fc.constantFrom(...PIECES.filter((p) => p.trim() !== '')), { minLength: 1, maxLength: 3 }).map((p) => ` ${p.join('')} `);

/** A case document with rough texts in every field that may be blank, tags repeated and
 *  untrimmed (as a document that did not come through the schema may hold them), and sometimes in
 *  the trash. */
const roughDocArb = fc
  .record({
    doc: caseArb,
    texts: fc.array(rough, { minLength: 24, maxLength: 24 }),
    tags: fc.array(roughTag, { maxLength: 4 }),
    trashed: fc.boolean(),
  })
  .map(({ doc, texts, tags, trashed }): CaseDocument => {
    let t = 0;
    const next = () => texts[t++ % texts.length]!;
    const c = { ...doc.case };
    for (const key of ['problem', 'customerExperience', 'customerImpact', 'summary', 'notes', 'department', 'location'] as const) c[key] = next();
    c.tags = [...c.tags, ...tags, ...c.tags.slice(0, 1)];
    if (trashed) c.deletedAt = c.updatedAt;
    const out: CaseDocument = { ...doc, case: c, timeline: doc.timeline.map((e) => ({ ...e, description: next() })) };
    walkCauses(out.fishbone, (cause) => void (cause.evidence = next()));
    for (const a of out.analyses) {
      a.question = next();
      walk(a.whys, (w) => void ((w.evidence = next()), (w.stopNote = next())));
    }
    for (const a of out.plan.actions) {
      a.description = next();
      a.expectedEffect = next();
      for (const e of a.checks) e.evidence = next();
    }
    for (const l of out.plan.lessons) l.appliesDepartment = next();
    return out;
  });

describe('search documents from a case document', () => {
  it('are the documents read back from the rows the document is stored as (random documents)', { timeout: 180_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(caseArb, roughDocArb), { minLength: 1, maxLength: 4 }), async (docs) => {
        const b = start();
        b.library.transaction(() => docs.forEach((d) => storeDocument(b.library, d)));
        const back = readBack(b.path, docs.map((d) => d.case.id));
        docs.forEach((doc, i) => {
          const mine = documentDocs(doc);
          expect(multiset(mine)).toEqual(multiset(back[i]!));
          expect(ordered(mine)).toEqual(ordered(back[i]!));
        });
        b.library.close();
      }),
      { numRuns: 60, endOnFailure: true },
    );
  });

  it('are the documents read back for the realistic cases of the benchmark', { timeout: 60_000 }, () => {
    const b = start();
    const docs = realisticDocs(60);
    b.library.transaction(() => docs.forEach((d) => storeDocument(b.library, d)));
    const back = readBack(b.path, docs.map((d) => d.case.id));
    let count = 0;
    docs.forEach((doc, i) => {
      const mine = documentDocs(doc);
      count += mine.length;
      expect(multiset(mine)).toEqual(multiset(back[i]!));
      expect(ordered(mine)).toEqual(ordered(back[i]!));
    });
    // Every part of a realistic case is there: about 70 documents a case.
    expect(count).toBeGreaterThan(60 * 30);
  });
});

// ---------------------------------------------------------------------------------------------
// An imported library's index against the same library's index rebuilt from its rows.

/** Each case's documents (without their ids) and the index's vocabulary with its counts: equal
 *  snapshots mean the same hits for every query. */
function indexSnapshot(path: string) {
  return withConnection(path, (db) => {
    const docs = new Map<string, string[]>();
    for (const r of db.prepare('SELECT case_id, part, item_id, analysis_id, action_id, text FROM search_docs').all() as Record<string, string | null>[]) {
      const list = docs.get(r.case_id!) ?? [];
      list.push(JSON.stringify([r.part, r.item_id, r.analysis_id, r.action_id, r.text]));
      docs.set(r.case_id!, list);
    }
    // No document without its case's number (what lets a case without one skip the delete).
    const orphans = db.prepare('SELECT count(*) FROM search_docs d WHERE NOT EXISTS (SELECT 1 FROM search_cases s WHERE s.case_id = d.case_id)').pluck().get();
    // Each document's index entry: the rows' ids are the index's.
    const entries = db.prepare('SELECT count(*) FROM search_fts').pluck().get();
    return {
      docs: Object.fromEntries([...docs].map(([id, list]) => [id, list.sort()]).sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1))),
      vocab: db.prepare('SELECT term, doc, cnt FROM search_vocab ORDER BY term').all(),
      orphans,
      entries,
      total: db.prepare('SELECT count(*) FROM search_docs').pluck().get(),
    };
  });
}

async function importInto(source: Backend, mode: 'copy' | 'merge'): Promise<Backend> {
  const file = await source.okAsync('casefile:export', { all: true });
  const b = start({ path: join(tempDir(), `${mode}.sqlite`) });
  await b.okAsync('casefile:import', { source: { path: file.path }, mode });
  return b;
}

describe('an imported library is indexed as a rebuild of its index would index it', () => {
  it('as copies and as a merge, random and realistic cases', { timeout: 180_000 }, async () => {
    const docs = [...fc.sample(caseArb, { numRuns: 20, seed: 7 }), ...realisticDocs(40)];
    const source = start();
    source.library.transaction(() => docs.forEach((d) => storeDocument(source.library, d)));
    for (const mode of ['copy', 'merge'] as const) {
      const b = await importInto(source, mode);
      const imported = indexSnapshot(b.path);
      expect(Object.keys(imported.docs)).toHaveLength(docs.length);
      expect(imported.orphans).toBe(0);
      expect(imported.entries).toBe(imported.total);
      const hits = b.ok('search:query', { q: docs[docs.length - 1]!.case.title.split(/\s+/)[0]! });
      expect(hits.total).toBeGreaterThan(0);
      b.library.close();
      withConnection(b.path, (db) => rebuildIndex(db));
      expect(indexSnapshot(b.path)).toEqual(imported);
    }
  });
});

describe('a case imported over one already indexed keeps none of its old documents', () => {
  it('merged over a case with other texts: the old texts are not found, the new ones are', { timeout: 60_000 }, async () => {
    const [doc] = realisticDocs(1);
    const a = start();
    a.library.transaction(() => storeDocument(a.library, { ...doc!, case: { ...doc!.case, title: 'Gadwall outage', tags: ['gadwall'] } }));
    const b = await importInto(a, 'merge');
    const id = doc!.case.id;
    expect(b.ok('search:query', { q: 'gadwall' }).hits.map((h) => h.caseId)).toContain(id);
    // A later version of the case in the file, with other texts.
    const { revision } = a.ok('cases:get', { id }).case;
    a.ok('cases:update', { id, revision, patch: { title: 'Pochard outage', tags: ['pochard'] } });
    const file = await a.okAsync('casefile:export', { caseIds: [id] });
    expect(await b.okAsync('casefile:import', { source: { path: file.path }, mode: 'merge' })).toMatchObject({ imported: [id] });
    expect(b.ok('search:query', { q: 'gadwall' }).total).toBe(0);
    expect(b.ok('search:query', { q: 'pochard' }).hits.map((h) => h.part).sort()).toEqual(['tags', 'title']);
  });

  it('a case written in a batch without being stored anew (it keeps its number) has its old documents replaced', () => {
    const b = start();
    const [doc] = realisticDocs(1);
    b.library.transaction(() => storeDocument(b.library, { ...doc!, case: { ...doc!.case, title: 'Smew outage' } }));
    const id = doc!.case.id;
    expect(b.ok('search:query', { q: 'smew' }).total).toBe(1);
    b.library.bulkTransaction(() => {
      const { revision } = b.library.repo.getCase(id);
      b.library.repo.update(id, revision, { title: 'Goosander outage' });
    });
    expect(b.ok('search:query', { q: 'smew' }).total).toBe(0);
    expect(b.ok('search:query', { q: 'goosander' }).total).toBe(1);
    expect(indexSnapshot(b.path).orphans).toBe(0);
  });

  it('documents given for a case go stale when a write touches the case later in the batch', () => {
    const b = start();
    const [doc] = realisticDocs(1);
    const id = doc!.case.id;
    b.library.bulkTransaction((queue) => {
      storeDocument(b.library, { ...doc!, case: { ...doc!.case, title: 'Scaup outage' } });
      queue(id, documentDocs({ ...doc!, case: { ...doc!.case, title: 'Scaup outage' } }));
      const { revision } = b.library.repo.getCase(id);
      b.library.repo.update(id, revision, { title: 'Eider outage' });
    });
    expect(b.ok('search:query', { q: 'scaup' }).total).toBe(0);
    expect(b.ok('search:query', { q: 'eider' }).total).toBe(1);
  });
});

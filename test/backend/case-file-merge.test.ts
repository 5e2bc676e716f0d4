import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCaseDocuments, storeDocument, withNewIds } from '../../electron/backend/case-file';
import { CaseDocument } from '../../shared/domain/case-file';
import type { RootCauseRef } from '../../shared/domain/plan';
import { dumpDatabase, manualClock, useBackend, type Backend } from '../support/backend';
import { caseArb } from '../support/case-documents';
import { fullSnapshot } from '../support/report-fixtures';

const { start, tempDir } = useBackend();
const docsOf = (b: Backend) => readCaseDocuments(b.library, b.library.repo.liveIds());
const asDoc = (s: ReturnType<typeof fullSnapshot>) => CaseDocument.parse({ ...s, rootCauseLinks: s.rootCauseLinks ?? [] });

/** The same document with ids numbered in reading order: a copy compares equal to its original.
 *  A root-cause link is a pair without a direction (the store writes its two places in id order),
 *  so each pair is put in one order after numbering. */
function normaliseIds(doc: CaseDocument): string {
  const map = new Map<string, string>();
  const numbered = JSON.parse(
    JSON.stringify(doc).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
      if (!map.has(id)) map.set(id, `id-${map.size}`);
      return map.get(id)!;
    }),
  ) as CaseDocument;
  const key = (r: RootCauseRef) => `${r.source}:${r.id}`;
  numbered.rootCauseLinks = numbered.rootCauseLinks
    .map((l) => (key(l.a) <= key(l.b) ? l : { ...l, a: l.b, b: l.a }))
    .sort((x, y) => (key(x.a) + key(x.b) < key(y.a) + key(y.b) ? -1 : 1));
  return JSON.stringify(numbered);
}

describe('merge by case id', () => {
  async function twoLibraries() {
    const clock = manualClock('2027-01-01T08:00:00.000Z');
    const a = start({ now: clock.now });
    a.library.transaction(() => storeDocument(a.library, asDoc(fullSnapshot('zh-CN'))));
    const id = a.library.repo.liveIds()[0]!;
    const first = await a.okAsync('casefile:export', { caseIds: [id] });
    const b = start({ path: join(tempDir(), 'b.sqlite'), now: clock.now });
    await b.okAsync('casefile:import', { source: { path: first.path }, mode: 'merge' });
    return { a, b, id, clock };
  }
  const edit = (x: Backend, id: string, title: string) => {
    const { revision } = x.ok('cases:get', { id }).case;
    x.ok('cases:update', { id, revision, patch: { title } });
  };

  it('the newer side wins: the file when only it changed, this library when only it did', { timeout: 60_000 }, async () => {
    const { a, b, id, clock } = await twoLibraries();
    clock.advance(60_000);
    edit(a, id, 'Changed in A');
    const newer = await a.okAsync('casefile:export', { caseIds: [id] });
    expect((await b.okAsync('casefile:preview', { source: { path: newer.path } })).cases[0]).toMatchObject({ comparison: 'newer_in_file' });
    expect(await b.okAsync('casefile:import', { source: { path: newer.path }, mode: 'merge' })).toMatchObject({ imported: [id], conflicts: [] });
    expect(docsOf(b)).toEqual(docsOf(a));

    // Now only B changes: the same file is older than B.
    clock.advance(60_000);
    edit(b, id, 'Changed in B');
    expect((await b.okAsync('casefile:preview', { source: { path: newer.path } })).cases[0]).toMatchObject({ comparison: 'newer_here' });
    const before = dumpDatabase(b.path);
    expect(await b.okAsync('casefile:import', { source: { path: newer.path }, mode: 'merge' })).toMatchObject({ imported: [], skipped: [id] });
    expect(dumpDatabase(b.path)).toEqual(before);
  });

  it('both changed: listed as a conflict, left alone unresolved, then resolved either way', { timeout: 60_000 }, async () => {
    const { a, b, id, clock } = await twoLibraries();
    clock.advance(60_000);
    edit(a, id, 'A’s title');
    edit(b, id, 'B’s title');
    const file = await a.okAsync('casefile:export', { caseIds: [id] });
    const preview = await b.okAsync('casefile:preview', { source: { path: file.path } });
    expect(preview.cases[0]).toMatchObject({ comparison: 'conflict', file: { title: 'A’s title' }, here: { title: 'B’s title' } });

    const before = dumpDatabase(b.path);
    expect(await b.okAsync('casefile:import', { source: { path: file.path }, mode: 'merge' })).toMatchObject({ imported: [], conflicts: [id] });
    expect(dumpDatabase(b.path)).toEqual(before);
    expect(await b.okAsync('casefile:import', { source: { path: file.path }, mode: 'merge', resolutions: { [id]: 'mine' } })).toMatchObject({ imported: [], skipped: [id], conflicts: [] });
    expect(dumpDatabase(b.path)).toEqual(before);

    const revisionHere = b.ok('cases:get', { id }).case.revision;
    expect(await b.okAsync('casefile:import', { source: { path: file.path }, mode: 'merge', resolutions: { [id]: 'theirs' } })).toMatchObject({ imported: [id], conflicts: [] });
    const [theirs] = docsOf(b);
    const [fromA] = docsOf(a);
    expect(theirs!.case.title).toBe('A’s title');
    // Every part is A's; the revision moves past B's so a window still showing B's version is refused as stale.
    expect({ ...theirs, case: { ...theirs!.case, revision: 0 } }).toEqual({ ...fromA, case: { ...fromA!.case, revision: 0 } });
    expect(theirs!.case.revision).toBe(revisionHere + 1);
    expect(b.call('cases:update', { id, revision: revisionHere, patch: { title: 'stale' } })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

// ---------------------------------------------------------------------------------------------
// The property: any case, exported and imported (merge into an empty library, and as a copy),
// reads back exactly.

describe('round trip property', () => {
  it('a case stored over another with the same id reads back as the new one, nothing of the old left', { timeout: 120_000 }, () => {
    // storeDocument reads nothing back before writing (storeExact's delete takes every row of the
    // old case with it): a table that did not cascade would leave old rows in the new case.
    fc.assert(
      fc.property(caseArb, caseArb, (first, second) => {
        const a = start();
        a.library.transaction(() => storeDocument(a.library, first));
        const over = withNewIds(second, new Map([[second.case.id, first.case.id]]));
        a.library.bulkTransaction(() => storeDocument(a.library, over));
        // The same as the new one stored in an empty library (which orders a link's ends its own way).
        const b = start({ path: join(tempDir(), `${randomUUID()}.sqlite`) });
        b.library.transaction(() => storeDocument(b.library, over));
        expect(readCaseDocuments(a.library, [first.case.id])).toEqual(readCaseDocuments(b.library, [first.case.id]));
        a.library.close();
        b.library.close();
      }),
      { numRuns: 30, endOnFailure: true },
    );
  });

  it('any case exported and imported, as a merge and as a copy, reads back exactly', { timeout: 180_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(caseArb, { minLength: 1, maxLength: 3 }), async (docs) => {
        const a = start();
        a.library.transaction(() => docs.forEach((d) => storeDocument(a.library, d)));
        const stored = readCaseDocuments(a.library, docs.map((d) => d.case.id));
        // What was stored is the document itself: nothing dropped on the way in.
        expect(stored).toEqual(docs);
        const out = await a.okAsync('casefile:export', { caseIds: docs.map((d) => d.case.id) });
        const merged = start({ path: join(tempDir(), 'm.sqlite') });
        await merged.okAsync('casefile:import', { source: { path: out.path }, mode: 'merge' });
        expect(readCaseDocuments(merged.library, docs.map((d) => d.case.id))).toEqual(stored);
        const copied = start({ path: join(tempDir(), 'c.sqlite') });
        const { idMap } = await copied.okAsync('casefile:import', { source: { path: out.path } });
        const copies = readCaseDocuments(copied.library, docs.map((d) => idMap![d.case.id]!));
        expect(copies.map(normaliseIds)).toEqual(stored.map(normaliseIds));
        for (const [from, to] of Object.entries(idMap!)) expect(from).not.toBe(to);
      }),
      { numRuns: 30, endOnFailure: true },
    );
  });
});

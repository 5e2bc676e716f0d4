import type { SearchPart } from '../../../shared/domain/search';
import type { Db } from '../database';
import type { Prepare } from '../sql';
import { cachedPrepare } from '../sql';
import { memoSegmented, segmented } from './segment';

/** The search index's rows (tables from migration 6): one document per case field or item, written
 *  in the same transaction as the write that changed it. */

/** Raise when what a document holds or how it is segmented changes: libraries indexed by another
 *  version are rebuilt when opened. */
export const INDEX_BUILDER_VERSION = '2';

export interface SearchDoc {
  part: SearchPart;
  itemId: string | null;
  analysisId: string | null;
  actionId: string | null;
  text: string;
}

type Row = Record<string, unknown>;

const join = (...texts: unknown[]) =>
  texts
    .filter((t): t is string => typeof t === 'string' && t.trim() !== '')
    .join('\n');
/** How a document joins an item's fields (the texts that are not blank, a line each). */
export { join as joinTexts };

/** Every searchable text of a case, as documents. A case field is one document; an item (a cause
 *  and its evidence, a why and its evidence...) is one document with its id, so a hit opens it.
 *  A case in the trash has none: search never finds it, so the index need not hold it, and a
 *  search without filters then reads its hits without checking each against the trash. */
export function caseDocs(stmt: Prepare, caseId: string): SearchDoc[] {
  const c = stmt(
    'SELECT title, problem, customer_experience, customer_impact, summary, notes, department, location, deleted_at FROM cases WHERE id = ?',
  ).get(caseId) as Row | undefined;
  if (!c || c.deleted_at !== null) return [];
  const docs: SearchDoc[] = [];
  const add = (part: SearchPart, text: string, itemId: string | null = null, analysisId: string | null = null, actionId: string | null = null) => {
    if (text.trim()) docs.push({ part, itemId, analysisId, actionId, text });
  };
  add('title', c.title as string);
  add('problem', c.problem as string);
  add('customerExperience', c.customer_experience as string);
  add('customerImpact', c.customer_impact as string);
  add('summary', c.summary as string);
  add('notes', c.notes as string);
  add('department', c.department as string);
  add('location', c.location as string);
  // The repositories' statements are shared through their cache: none is switched to pluck here.
  add('tags', (stmt('SELECT tag FROM case_tags WHERE case_id = ? ORDER BY tag').all(caseId) as { tag: string }[]).map((r) => r.tag).join(' '));
  for (const r of stmt('SELECT id, description FROM timeline_events WHERE case_id = ? ORDER BY position').all(caseId) as Row[]) {
    add('timeline', r.description as string, r.id as string);
  }
  for (const r of stmt('SELECT id, text, evidence FROM causes WHERE case_id = ? ORDER BY category_id, position').all(caseId) as Row[]) {
    add('cause', join(r.text, r.evidence), r.id as string);
  }
  for (const a of stmt('SELECT id, question FROM why_analyses WHERE case_id = ? ORDER BY position').all(caseId) as Row[]) {
    add('why', a.question as string, null, a.id as string);
  }
  for (const r of stmt(
    'SELECT w.id, w.analysis_id, w.answer, w.evidence, w.stop_note FROM whys w JOIN why_analyses a ON a.id = w.analysis_id WHERE a.case_id = ? ORDER BY a.position, w.position',
  ).all(caseId) as Row[]) {
    add('why', join(r.answer, r.evidence, r.stop_note), r.id as string, r.analysis_id as string);
  }
  for (const r of stmt('SELECT id, title, description, expected_effect, cancel_reason FROM actions WHERE case_id = ? ORDER BY position').all(caseId) as Row[]) {
    add('action', join(r.title, r.description, r.expected_effect, r.cancel_reason), r.id as string);
  }
  for (const r of stmt(
    'SELECT p.id, p.action_id, p.note FROM action_progress p JOIN actions a ON a.id = p.action_id WHERE a.case_id = ? ORDER BY a.position, p.position',
  ).all(caseId) as Row[]) {
    add('progress', r.note as string, r.id as string, null, r.action_id as string);
  }
  for (const r of stmt(
    'SELECT e.id, e.action_id, e.evidence FROM effectiveness_checks e JOIN actions a ON a.id = e.action_id WHERE a.case_id = ? ORDER BY a.position, e.position',
  ).all(caseId) as Row[]) {
    add('check', r.evidence as string, r.id as string, null, r.action_id as string);
  }
  for (const r of stmt('SELECT id, note FROM customer_feedback WHERE case_id = ? ORDER BY position').all(caseId) as Row[]) {
    add('feedback', r.note as string, r.id as string);
  }
  for (const r of stmt('SELECT id, text, applies_department FROM lessons WHERE case_id = ? ORDER BY position').all(caseId) as Row[]) {
    add('lesson', join(r.text, r.applies_department), r.id as string);
  }
  for (const r of stmt('SELECT id, text FROM improvements WHERE case_id = ? ORDER BY position').all(caseId) as Row[]) {
    add('improvement', r.text as string, r.id as string);
  }
  // Customer needs came with migration 7: a library being upgraded step by step is indexed before
  // it has them. (A library indexed before 7 had no needs, so its index needs no rebuild.)
  if (stmt(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'customer_needs'`).get()) {
    for (const r of stmt('SELECT id, text FROM customer_needs WHERE case_id = ? ORDER BY position').all(caseId) as Row[]) {
      add('need', r.text as string, r.id as string);
    }
  }
  return docs;
}

const keyOf = (d: { part: string; itemId: string | null; analysisId: string | null }) => `${d.part}\u0000${d.itemId ?? ''}\u0000${d.analysisId ?? ''}`;

/** Brings a case's documents up to date with its rows. Only the documents whose text changed are
 *  segmented and re-indexed (one edit touches one), so a write pays for its own change only. Call
 *  it inside the write's transaction, after the write. */
export function indexCase(stmt: Prepare, caseId: string): void {
  // A library still at an older schema (being upgraded step by step) has no index yet.
  const present = stmt(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_docs'`);
  if (!present.get()) return;
  // Inside a batch (an import), the case is indexed once, when the batch ends, from its rows (any
  // documents given for it before this write are out of date).
  const pending = batches.get(present.database);
  if (pending) {
    pending.set(caseId, undefined);
    return;
  }
  const next = caseDocs(stmt, caseId);
  const stored = new Map<string, Row>();
  for (const r of stmt('SELECT id, part, item_id, analysis_id, action_id, text FROM search_docs WHERE case_id = ?').all(caseId) as Row[]) {
    stored.set(keyOf({ part: r.part as string, itemId: r.item_id as string | null, analysisId: r.analysis_id as string | null }), r);
  }
  const changed: SearchDoc[] = [];
  for (const doc of next) {
    const key = keyOf(doc);
    const row = stored.get(key);
    stored.delete(key);
    if (row && row.text === doc.text && row.action_id === doc.actionId) continue;
    if (row) stmt('DELETE FROM search_docs WHERE id = ?').run(row.id);
    changed.push(doc);
  }
  // What is left was removed from the case (the trigger takes its index entry with it).
  for (const row of stored.values()) stmt('DELETE FROM search_docs WHERE id = ?').run(row.id);
  if (changed.length === 0) return;
  const { num, next_doc: first } = caseNumber(stmt, caseId);
  if (first + changed.length < DOCS_PER_CASE) {
    changed.forEach((doc, i) => insertDoc(stmt, caseId, num * DOCS_PER_CASE + first + i, doc));
    stmt('UPDATE search_cases SET next_doc = ? WHERE num = ?').run(first + changed.length, num);
    return;
  }
  // The case's ids are used up (a million edits): number its documents again from 0.
  stmt('DELETE FROM search_docs WHERE case_id = ?').run(caseId);
  next.forEach((doc, i) => insertDoc(stmt, caseId, num * DOCS_PER_CASE + i, doc));
  stmt('UPDATE search_cases SET next_doc = ? WHERE num = ?').run(next.length, num);
}

/** The cases written during each connection's open batch (see `batchIndexing`), each with its
 *  documents when the caller gave them. */
const batches = new WeakMap<Db, Map<string, readonly SearchDoc[] | undefined>>();

/** Names a case to index when the batch ends; `docs`, when given, are its documents as they are
 *  now (an import's, made from the document it just stored), used instead of reading them back. */
export type QueueCase = (caseId: string, docs?: readonly SearchDoc[]) => void;

/** Runs `work` (inside the caller's write transaction) with the index updates of its writes put
 *  off: every case it writes is indexed once at the end, from scratch, instead of once per write
 *  with a diff against its stored documents (an import writes each case through five
 *  repositories). `queue` names a case to index that no repository write touched, or gives a
 *  case's documents; a repository write to the case after that forgets them (they would be
 *  stale), so the case's documents are then read from its rows. `written`, when given, is told
 *  every case the work wrote. If `work` throws, nothing is indexed and the caller's transaction
 *  rolls the writes back. A batch inside a batch joins the outer one. */
export function batchIndexing<T>(db: Db, work: (queue: QueueCase) => T, written?: (caseIds: Iterable<string>) => void): T {
  const outer = batches.get(db);
  if (outer) return work((id, docs) => void outer.set(id, docs));
  const pending = new Map<string, readonly SearchDoc[] | undefined>();
  batches.set(db, pending);
  let value: T;
  try {
    value = work((id, docs) => void pending.set(id, docs));
  } finally {
    batches.delete(db);
  }
  // Every case the work wrote (each repository write names its case here): for the change log.
  written?.(pending.keys());
  const stmt = cachedPrepare(db);
  const segment = memoSegmented();
  for (const [id, docs] of pending) reindexCase(stmt, id, segment, docs);
  return value;
}

/** Writes a case's documents from scratch: the stored ones go (their index entries with them) and
 *  every current one (`docs`, or read from its rows) is inserted, without comparing (a case just
 *  imported or not yet indexed). */
export function reindexCase(stmt: Prepare, caseId: string, segment: (text: string) => string = segmented, docs?: readonly SearchDoc[]): void {
  const next = docs ?? caseDocs(stmt, caseId);
  const numbered = stmt('SELECT num, next_doc FROM search_cases WHERE case_id = ?').get(caseId) as { num: number; next_doc: number } | undefined;
  // A document is only ever written after its case's number (and goes with it, by cascade): a
  // case without one, as every case an import writes is (storing a case deletes it first), has
  // no documents to delete, and looking would cost an index probe for nothing.
  if (numbered) stmt('DELETE FROM search_docs WHERE case_id = ?').run(caseId);
  // A case that is gone (or has no text) keeps no number.
  if (next.length === 0) return;
  const { num, next_doc: stored } = numbered ?? newCaseNumber(stmt, caseId);
  // Ids continue after the deleted ones (an id is not reused while its index entry may linger).
  const first = stored + next.length < DOCS_PER_CASE ? stored : 0;
  next.forEach((doc, i) => insertDoc(stmt, caseId, num * DOCS_PER_CASE + first + i, doc, segment));
  stmt('UPDATE search_cases SET next_doc = ? WHERE num = ?').run(first + next.length, num);
}

/** A document's id is its case's number times this, plus a count. */
export const DOCS_PER_CASE = 2 ** 20;
/** The case's number from a document id, in SQL. */
export const CASE_OF_ROWID = 'rowid >> 20';

function caseNumber(stmt: Prepare, caseId: string): { num: number; next_doc: number } {
  const row = stmt('SELECT num, next_doc FROM search_cases WHERE case_id = ?').get(caseId) as { num: number; next_doc: number } | undefined;
  return row ?? newCaseNumber(stmt, caseId);
}

function newCaseNumber(stmt: Prepare, caseId: string): { num: number; next_doc: number } {
  return stmt('INSERT INTO search_cases (case_id) VALUES (?) RETURNING num, next_doc').get(caseId) as { num: number; next_doc: number };
}

function insertDoc(stmt: Prepare, caseId: string, id: number, doc: SearchDoc, segment: (text: string) => string = segmented): void {
  stmt('INSERT INTO search_docs (id, case_id, part, item_id, analysis_id, action_id, text) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    id,
    caseId,
    doc.part,
    doc.itemId,
    doc.analysisId,
    doc.actionId,
    doc.text,
  );
  stmt('INSERT INTO search_fts (rowid, body) VALUES (?, ?)').run(id, segment(doc.text));
}

/** Whether the index was built, by this version of the builder. */
export function indexIsCurrent(db: Db): boolean {
  if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_meta'`).get()) return true;
  const row = db.prepare(`SELECT value FROM search_meta WHERE key = 'builder'`).get() as { value: string } | undefined;
  return row?.value === INDEX_BUILDER_VERSION;
}

/** How far a build of the index has got: cases indexed, of the cases there were when it began. */
export interface IndexProgress {
  done: number;
  total: number;
}

/** A build writes at most this many cases per transaction, and stops a chunk after about this
 *  long, so that writes (and searches) of the user wait at most one chunk. */
const CHUNK_CASES = 500;
const CHUNK_MS = 40;
/** The pages of index one merge step writes. */
const MERGE_PAGES = 500;

/** A build of the whole index, a chunk at a time (each chunk its own transaction), for a library
 *  written before the index or by another version of the builder. The first step empties the
 *  index and forgets the builder's version, so a build cut short (a crash, the app closed) starts
 *  again at the next open. Writes between chunks index their own cases as always (indexCase); a
 *  chunk that reaches a case indexed that way writes it again, from its rows, so every case ends
 *  up indexed as it is, and cases created meanwhile were indexed by their own writes. */
export class IndexBuild {
  private readonly stmt: Prepare;
  private readonly ids: string[];
  private done = 0;
  private finished = false;
  /** Texts repeated across cases are segmented once per build. */
  private readonly segment = memoSegmented(4_000_000);

  constructor(
    private readonly db: Db,
    private readonly chunkCases = CHUNK_CASES,
    private readonly chunkMs = CHUNK_MS,
  ) {
    this.stmt = cachedPrepare(db);
    this.ids = db
      .transaction(() => {
        // The index emptied first: the documents' trigger then has no entry left to look for.
        db.exec(`DELETE FROM search_meta WHERE key = 'builder'; INSERT INTO search_fts (search_fts) VALUES ('delete-all'); DELETE FROM search_docs; UPDATE search_cases SET next_doc = 0;`);
        return db.prepare('SELECT id FROM cases ORDER BY rowid').pluck(true).all() as string[];
      })
      .immediate();
  }

  progress(): IndexProgress {
    return { done: this.done, total: this.ids.length };
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** Indexes the next chunk of cases, or, once all are, merges the index a step at a time into
   *  one b-tree segment (every query then reads fewer pages) and, after the last step, records the
   *  builder's version. Returns whether the build is finished. */
  step(): boolean {
    if (this.finished) return true;
    const { db, stmt } = this;
    if (this.done < this.ids.length) {
      db.transaction(() => {
        const started = performance.now();
        const end = Math.min(this.ids.length, this.done + this.chunkCases);
        while (this.done < end) {
          reindexCase(stmt, this.ids[this.done]!, this.segment);
          this.done++;
          if (performance.now() - started > this.chunkMs) break;
        }
      }).immediate();
      return false;
    }
    // The merge a step at a time ('optimize' would write the whole index in one transaction: a
    // minute at 100,000 cases). A negative count merges across levels, as 'optimize' does; a merge
    // that changes (almost) nothing means the index is one segment.
    const merged = db
      .transaction(() => {
        const before = stmt('SELECT total_changes()').pluck(true).get() as number;
        stmt(`INSERT INTO search_fts (search_fts, rank) VALUES ('merge', ?)`).run(-MERGE_PAGES);
        const done = (stmt('SELECT total_changes()').pluck(true).get() as number) - before < 2;
        if (done) stmt(`INSERT INTO search_meta (key, value) VALUES ('builder', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(INDEX_BUILDER_VERSION);
        return done;
      })
      .immediate();
    this.finished = merged;
    return merged;
  }

  /** Runs the remaining steps now. */
  finish(): void {
    while (!this.step());
  }
}

/** Writes every case's documents again, now (chunk after chunk, without waiting in between).
 *  Returns the number of cases indexed. */
export function rebuildIndex(db: Db): number {
  const build = new IndexBuild(db);
  build.finish();
  return build.progress().total;
}

/** A build of the index if it is missing or stale (not started: the caller runs its steps), or
 *  null when it is current. */
export function staleIndexBuild(db: Db, chunkCases?: number, chunkMs?: number): IndexBuild | null {
  return indexIsCurrent(db) ? null : new IndexBuild(db, chunkCases, chunkMs);
}

/** Rebuilds the index now if it is missing or stale. */
export function ensureIndex(db: Db): void {
  staleIndexBuild(db)?.finish();
}

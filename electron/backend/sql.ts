import type { Statement } from 'better-sqlite3';
import { CausewayError } from '../../shared/contract/errors';
import type { Db } from './database';

/** Small pieces the repositories share for writing rows: a cached `prepare`, and the diff-based
 *  insert/update/delete of rows keyed by a caller-chosen id. The SQL itself stays in each
 *  repository; these only decide which statement runs for which row, and in what order. */

/** A repository's cached `prepare`. */
export type Prepare = (sql: string) => Statement;

/** A `prepare` that compiles each SQL text once for `db` and hands back the same Statement after. */
export function cachedPrepare(db: Db): Prepare {
  const stmts = new Map<string, Statement>();
  return (sql) => {
    let s = stmts.get(sql);
    if (!s) {
      s = db.prepare(sql);
      stmts.set(sql, s);
    }
    return s;
  };
}

/** Connections running an all-or-nothing batch (see `allOrNothing`). */
const batches = new WeakSet<Db>();

/** Runs a repository's write as one IMMEDIATE transaction. Inside another transaction
 *  better-sqlite3 makes it a savepoint, so a write that fails is undone alone and the caller may go
 *  on; inside `allOrNothing` it runs as a plain part of the batch instead. */
export function writeTransaction<T>(db: Db, work: () => T): T {
  return batches.has(db) ? work() : db.transaction(work).immediate();
}

/** Runs `work`, inside the caller's transaction, with the repositories' writes joining that
 *  transaction without a savepoint each. A savepoint in a transaction that has already written
 *  much copies every page it changes into a sub-journal first: for an import of 1,000 cases (five
 *  repository writes each) about a tenth of its time. The price is that a write failing inside
 *  `work` cannot be undone alone: the caller must let any error end the whole transaction, which
 *  is what an import does (all of it or nothing). */
export function allOrNothing<T>(db: Db, work: () => T): T {
  if (!db.inTransaction) throw new Error('allOrNothing runs inside a transaction');
  if (batches.has(db)) return work();
  batches.add(db);
  try {
    return work();
  } finally {
    batches.delete(db);
  }
}

/** How to write one kind of row: whether the stored row already holds an item, and how to insert
 *  or update it (each runs the repository's own statement). */
export interface RowWrites<Item, Row> {
  same(row: Row, item: Item): boolean;
  insert(item: Item): void;
  update(item: Item): void;
}

/** Inserts the items of `next` that have no stored row and updates those whose row differs, one at
 *  a time in the order given (callers that depend on foreign keys order `next` for them). An insert
 *  whose id is already used (primary key or unique) is refused as a `validation` error with reason
 *  `duplicate`. Returns the ids of the items that had a stored row: the kept ones. */
export function upsertRows<Item, Row>(
  next: Iterable<Item>,
  stored: ReadonlyMap<string, Row>,
  idOf: (item: Item) => string,
  writes: RowWrites<Item, Row>,
): Set<string> {
  const kept = new Set<string>();
  for (const item of next) {
    const id = idOf(item);
    const row = stored.get(id);
    if (!row) {
      try {
        writes.insert(item);
      } catch (e) {
        throw isDuplicate(e) ? duplicate(id) : e;
      }
      continue;
    }
    kept.add(id);
    if (!writes.same(row, item)) writes.update(item);
  }
  return kept;
}

/** Runs `deleteSql` (`DELETE FROM … WHERE id = ?`) for each id; prepares it only if there is one. */
export function deleteIds(prepare: Prepare, deleteSql: string, ids: Iterable<string>): void {
  let remove: Statement | undefined;
  for (const id of ids) (remove ??= prepare(deleteSql)).run(id);
}

const duplicate = (id: string): CausewayError =>
  new CausewayError('validation', `Id ${id} is already used.`, { issues: [{ path: ['id'], reason: 'duplicate' }] });

function isDuplicate(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

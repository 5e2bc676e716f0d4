import type { Db } from '../database';

/** The log of changed cases (migration 12) keeps its newest rows only. A reader further behind
 *  than this reads every case again, which it does anyway once more than a few hundred cases
 *  changed (`LIST_LIMIT` in case-mirror.ts): a thousand cases' import writes about 80,000 rows. */
export const CHANGE_LOG_KEEP = 100_000;

/** Drops the log's rows older than the newest `keep`. The newest row always stays, so the next
 *  row's number follows it (a reader never sees a number go back while the log is compacted). Call
 *  it in a write transaction, or alone. Returns the rows dropped. */
export function compactChangeLog(db: Db, keep = CHANGE_LOG_KEEP): number {
  // A library at an older schema (a test of upgrades builds one) has no log yet.
  if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'case_change_log'`).get()) return 0;
  return db.prepare('DELETE FROM case_change_log WHERE seq <= (SELECT max(seq) FROM case_change_log) - ?').run(Math.max(1, keep)).changes;
}

/** The change log's triggers (migration 12), found by name. */
const LOGGED_TRIGGERS = `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name GLOB '*_logged_*' ORDER BY name`;

/** Runs `work` inside the caller's write transaction with the change log's triggers taken off,
 *  then puts them back and logs each case `work` says it wrote, once. An import writes about 80
 *  rows per case, and each row's trigger costs a few microseconds more than the row: about 0.5 s
 *  of a 1,000-case import. SQLite's schema changes are part of the transaction: no other
 *  connection ever sees the triggers missing (it cannot write meanwhile, and a rollback brings
 *  them back with everything else). `work` must name every case it writes: the batch of an
 *  import does (see batchIndexing), as the search index needs the same. */
export function withChangeLogQuiet<T>(db: Db, work: (logged: (caseIds: Iterable<string>) => void) => T): T {
  if (!db.inTransaction) throw new Error('withChangeLogQuiet runs inside a transaction');
  const triggers = db.prepare(LOGGED_TRIGGERS).all() as { name: string; sql: string }[];
  if (triggers.length === 0) return work(() => undefined);
  for (const { name } of triggers) db.exec(`DROP TRIGGER "${name}"`);
  const cases = new Set<string>();
  const value = work((ids) => {
    for (const id of ids) cases.add(id);
  });
  for (const { sql } of triggers) db.exec(sql);
  db.prepare('INSERT INTO case_change_log (case_id) SELECT value FROM json_each(?)').run(JSON.stringify([...cases]));
  return value;
}

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

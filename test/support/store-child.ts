/** A second process on a case library, for the tests and the benchmark that need one: two
 *  processes writing the same file, and a process killed in the middle of its work. Every write
 *  that returned is acknowledged on stdout (`ack N`) only after SQLite has committed it.
 *
 *   node --import tsx test/support/store-child.ts <mode> <db> [count]
 *   modes: update (count rounds of edits of the cases in CAUSEWAY_CHILD_CASES, then a JSON summary),
 *          write, backup, migrate */
import { writeSync } from 'node:fs';
import { createDispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import { BACKUP_INTERVAL_MS, Library } from '../../electron/backend/library';
import { MIGRATIONS, type Migration } from '../../electron/backend/migrations';
import type { Result } from '../../shared/contract/errors';

const [mode, path, countArg] = process.argv.slice(2);
if (!mode || !path) throw new Error('usage: store-child <mode> <db> [count]');
const say = (line: string) => writeSync(1, `${line}\n`);

/** A migration that rewrites every case row: what upgrading a library written by an older build
 *  does, long enough to be killed part-way. The parent knows it by this name. */
const CRASH_TEST_MIGRATION: Migration = {
  version: 1000,
  name: 'crash test: rewrite every case',
  sql: `ALTER TABLE cases ADD COLUMN crash_test TEXT NOT NULL DEFAULT '';
UPDATE cases SET crash_test = title || '/' || id;
CREATE INDEX cases_crash_test ON cases (crash_test);`,
};

if (mode === 'migrate') (MIGRATIONS as Migration[]).push(CRASH_TEST_MIGRATION);
// The parent times a kill during the migration from here: everything is loaded, nothing opened yet.
say('starting');
const startedAt = performance.now();
let clock = Date.parse('2030-01-01T00:00:00.000Z');
const library = new Library(path, { now: () => new Date(clock) });
const dispatch = createDispatch(createHandlers({ library, version: 'child', shell: 'browser' }), { log: () => undefined });
const call = <T>(method: string, input: unknown): Result<T> => dispatch(method as 'db:status', input) as Result<T>;
const status = library.status();
if (status.state !== 'ok') {
  say(`damaged ${status.reason} ${status.detail}`);
  process.exit(3);
}
say(`open ${Math.round(performance.now() - startedAt)}`);

/** One round of read-then-write edits, as the editors send them. */
function editRound(ids: string[], i: number, who: string, run = call): Result<unknown>[] {
  const id = ids[i % ids.length]!;
  const detail = run<{ case: { revision: number } }>('cases:get', { id });
  return [
    detail.ok ? run('cases:update', { id, revision: detail.value.case.revision, patch: { title: `${who} ${i}` } }) : detail,
    run('fishbone:apply', { caseId: id, command: { type: 'setEffect', effect: `${who} ${i}` } }),
    run('fishbone:apply', { caseId: id, command: { type: 'resetVotes' } }),
  ];
}

if (mode === 'update') {
  // Edits that read, then write: the pattern that fails with SQLITE_BUSY_SNAPSHOT when the write
  // transaction starts deferred and the other process commits in between.
  const count = Number(countArg ?? 100);
  // The cases to edit (comma-separated ids), so that the two processes edit different cases and
  // every failure counted is a storage one, not a revision conflict.
  const ids = (process.env.CAUSEWAY_CHILD_CASES ?? '').split(',').filter(Boolean);
  if (ids.length === 0) throw new Error('update needs CAUSEWAY_CHILD_CASES');
  const failures: Record<string, number> = {};
  let ok = 0;
  for (let i = 0; i < count; i++) {
    for (const r of editRound(ids, i, 'child')) {
      if (r.ok) ok++;
      else failures[r.error.reason ?? r.error.code] = (failures[r.error.reason ?? r.error.code] ?? 0) + 1;
    }
  }
  say(JSON.stringify({ ok, failures }));
  library.close();
} else {
  // write, backup and migrate: acknowledged writes until killed.
  for (let n = 0; ; n++) {
    const r = call('cases:create', { language: 'en', title: `ack-${n}` });
    if (!r.ok) {
      say(`failed ${n} ${r.error.reason ?? r.error.code}: ${r.error.message}`);
      process.exit(4);
    }
    say(`ack ${n}`);
    if (mode === 'backup' && n % 3 === 0) {
      clock += BACKUP_INTERVAL_MS;
      if (library.backupIfDue()) say(`backup ${n}`);
    }
  }
}

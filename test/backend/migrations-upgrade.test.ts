/** Upgrading a library written by an earlier build. The migration list is the one thing replaced
 *  here: the test starts as today's build (migration 1 only), then "upgrades" to a build that also
 *  ships migration 2. Every database operation runs on real SQLite files. */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listBackups } from '../../electron/backend/backups';
import { Library } from '../../electron/backend/library';
import { MIGRATIONS, type Migration } from '../../electron/backend/migrations';
import { dumpDatabase, manualClock, sha256, useBackend, withConnection } from '../support/backend';

vi.mock('../../electron/backend/migrations', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../electron/backend/migrations')>();
  const list = [...real.MIGRATIONS];
  return {
    ...real,
    MIGRATIONS: list,
    get LATEST_VERSION() {
      return list.at(-1)!.version;
    },
  };
});

const SHIPPED = MIGRATIONS.length;
const upgradeTo = (...next: Migration[]) => (MIGRATIONS as Migration[]).push(...next);
afterEach(() => {
  (MIGRATIONS as Migration[]).length = SHIPPED;
});

const { start } = useBackend();

const V2: Migration = {
  version: 2,
  name: 'case owner',
  sql: `ALTER TABLE cases ADD COLUMN owner TEXT NOT NULL DEFAULT ''; CREATE TABLE case_notes (id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE, note TEXT NOT NULL);`,
};

/** A library as the previous build leaves it: schema 1, with cases in it, closed. */
function previousBuildLibrary(clock = manualClock()) {
  const old = start({ now: clock.now });
  expect(old.library.status()).toMatchObject({ state: 'ok', schemaVersion: 1 });
  const ids = ['Delivery late', '配送延误'].map((title) => old.ok('cases:create', { language: 'en', title }).case.id);
  old.ok('timeline:add', { caseId: ids[0]!, event: { at: null, description: 'first call', kind: 'detected' } });
  old.library.close();
  return { path: old.path, ids, rows: dumpDatabase(old.path) };
}

describe('opening a library written by an earlier build', () => {
  it('takes a pre-migrate backup, then applies the new migration and keeps the data', () => {
    const clock = manualClock('2026-04-01T10:00:00.000Z');
    const { path, ids } = previousBuildLibrary(clock);

    upgradeTo(V2);
    clock.advance(60_000);
    const upgraded = start({ path, now: clock.now });

    expect(upgraded.library.status()).toMatchObject({ state: 'ok', schemaVersion: 2 });
    const versions = withConnection(path, (db) => db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all());
    expect(versions).toEqual([1, 2]);
    expect(upgraded.ok('cases:get', { id: ids[0]! }).timeline.map((e) => e.description)).toEqual(['first call']);
    expect(upgraded.ok('cases:list', {}).total).toBe(2);

    const backups = upgraded.library.backups();
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatchObject({ reason: 'pre-migrate', createdAt: '2026-04-01T10:01:00.000Z' });
    expect(backups[0]!.id).toContain('pre-migrate');
  });

  it('leaves a backup that is a valid database at the old version with the old rows', () => {
    const { path, rows } = previousBuildLibrary();
    upgradeTo(V2);
    const upgraded = start({ path });
    const [backup] = upgraded.library.backups();

    const copy = new Database(backup!.file, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
      expect(copy.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(1);
      expect(copy.prepare(`SELECT count(*) FROM pragma_table_info('cases') WHERE name = 'owner'`).pluck().get()).toBe(0);
    } finally {
      copy.close();
    }
    expect(dumpDatabase(backup!.file)).toEqual(rows);
  });

  it('runs each pending migration once; reopening takes no further backup', () => {
    const { path } = previousBuildLibrary();
    upgradeTo(V2);
    start({ path }).library.close();
    const again = start({ path });
    expect(again.library.status()).toMatchObject({ state: 'ok', schemaVersion: 2 });
    expect(again.library.backups()).toHaveLength(1);
  });

  it('is refused by the older build once upgraded, without being changed', () => {
    const { path } = previousBuildLibrary();
    upgradeTo(V2);
    start({ path }).library.close();
    (MIGRATIONS as Migration[]).length = SHIPPED; // back to the older build
    const before = sha256(path);
    const older = start({ path });
    expect(older.library.status()).toMatchObject({ state: 'damaged', reason: 'newer_schema' });
    older.library.close();
    expect(sha256(path)).toBe(before);
  });

  it('rolls a failing migration back completely and reports the library as unusable, the backup still in place', () => {
    const { path, rows } = previousBuildLibrary();
    upgradeTo({ version: 2, name: 'broken', sql: `ALTER TABLE cases ADD COLUMN owner TEXT; INSERT INTO no_such_table VALUES (1);` });

    let error: unknown;
    let library: Library | undefined;
    try {
      library = new Library(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeUndefined();
    expect(library!.status()).toMatchObject({ state: 'damaged', reason: 'migration_failed' });
    library!.close();

    expect(dumpDatabase(path)).toEqual(rows);
    expect(withConnection(path, (db) => db.prepare(`SELECT count(*) FROM pragma_table_info('cases') WHERE name = 'owner'`).pluck().get())).toBe(0);
    const backups = listBackups(`${path}-backups`, path);
    expect(backups.map((b) => b.reason)).toEqual(['pre-migrate']);
    expect(existsSync(backups[0]!.file)).toBe(true);
  });
});

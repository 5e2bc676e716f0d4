import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultBackupDir } from '../../electron/backend/backups';
import { DamagedDatabaseError, openDatabase } from '../../electron/backend/database';
import { Library } from '../../electron/backend/library';
import { LATEST_VERSION, MIGRATIONS, checksum } from '../../electron/backend/migrations';
import { sha256, useBackend, withConnection } from '../support/backend';

const { tempDir, start } = useBackend();

const DOMAIN_TABLES = [
  'action_progress',
  'action_root_causes',
  'actions',
  'applied_ops',
  'case_change_log',
  'case_tags',
  'cases',
  'causes',
  'customer_feedback',
  'customer_needs',
  'effectiveness_checks',
  'fishbone_categories',
  'improvements',
  'kano_answers',
  'lessons',
  'retro_sessions',
  'root_cause_links',
  // The search index (migration 6): its documents, the FTS5 table with its shadow tables, its vocabulary, its builder version.
  'search_cases',
  'search_docs',
  'search_fts',
  'search_fts_config',
  'search_fts_data',
  'search_fts_docsize',
  'search_fts_idx',
  'search_meta',
  'search_vocab',
  'timeline_events',
  // Insights (migration 8): the emotion scores of touchpoints.
  'touchpoint_emotions',
  'why_analyses',
  'whys',
];

const tablesOf = (path: string) =>
  withConnection(path, (db) => (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name), {
    readonly: true,
  });

const schemaOf = (path: string) =>
  withConnection(path, (db) => db.prepare(`SELECT type, name, sql FROM sqlite_master ORDER BY type, name`).all(), { readonly: true });

const migrationRows = (path: string) =>
  withConnection(path, (db) => db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all(), { readonly: true });

describe('a fresh file', () => {
  it('is created at the latest schema version with every migration recorded by version and checksum', () => {
    const { path, library, ok } = start();
    expect(LATEST_VERSION).toBe(MIGRATIONS.at(-1)!.version);
    expect(library.status()).toEqual({ state: 'ok', path, schemaVersion: LATEST_VERSION });
    expect(migrationRows(path)).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name, checksum: checksum(m) })));
    expect(migrationRows(path)).toHaveLength(MIGRATIONS.length);
    expect(tablesOf(path)).toEqual([...DOMAIN_TABLES, 'schema_migrations'].sort());
    expect(withConnection(path, (db) => db.pragma('user_version', { simple: true }))).toBe(LATEST_VERSION);
    expect(ok('app:info', {})).toEqual({ version: 'test', schemaVersion: LATEST_VERSION, dbPath: path, shell: 'browser' });
  });

  it('takes no backup, since there is nothing to lose', () => {
    const { path } = start();
    expect(existsSync(defaultBackupDir(path))).toBe(false);
  });

  it('is opened with foreign keys enforced and the WAL journal', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'lib.sqlite'), { backupDir: join(dir, 'backups') });
    try {
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const orphan = db.prepare(
        `INSERT INTO timeline_events (id, case_id, position, created_at, updated_at) VALUES ('e', 'no-such-case', 0, 'x', 'x')`,
      );
      expect(() => orphan.run()).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }));
    } finally {
      db.close();
    }
  });

  it('treats an existing empty file as a new library', () => {
    const path = join(tempDir(), 'empty.sqlite');
    writeFileSync(path, '');
    const { library } = start({ path });
    expect(library.status()).toMatchObject({ state: 'ok', schemaVersion: LATEST_VERSION });
    expect(migrationRows(path)).toHaveLength(MIGRATIONS.length);
  });

  it('creates the folders leading to it', () => {
    const path = join(tempDir(), 'a', 'b', 'lib.sqlite');
    const { library } = start({ path });
    expect(library.status().state).toBe('ok');
    expect(existsSync(path)).toBe(true);
  });
});

describe('reopening', () => {
  it('is idempotent: no migration runs twice, no backup is taken and the data stays', () => {
    const first = start();
    const id = first.ok('cases:create', { language: 'en', title: 'Kept across restarts' }).case.id;
    const schema = schemaOf(first.path);
    first.library.close();

    for (let i = 0; i < 3; i++) {
      const again = start({ path: first.path });
      expect(again.library.status()).toMatchObject({ state: 'ok', schemaVersion: LATEST_VERSION });
      expect(again.ok('cases:get', { id }).case.title).toBe('Kept across restarts');
      again.library.close();
    }
    expect(migrationRows(first.path)).toHaveLength(MIGRATIONS.length);
    expect(schemaOf(first.path)).toEqual(schema);
    expect(existsSync(defaultBackupDir(first.path))).toBe(false);
  });
});

describe('a database this build must not migrate', () => {
  /** A real library file, then closed, with its migration records edited by another program. */
  function libraryFile(edit: string, journal: 'wal' | 'delete'): string {
    const { path, ok, library } = start();
    ok('cases:create', { language: 'en', title: 'Precious' });
    library.close();
    withConnection(path, (db) => {
      if (journal === 'delete') db.pragma('journal_mode = DELETE');
      db.exec(edit);
    });
    expect(readdirSync(join(path, '..')).filter((n) => n.endsWith('-wal'))).toEqual([]);
    return path;
  }

  const cases = [
    { reason: 'edited_migration', edit: `UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1` },
    { reason: 'newer_schema', edit: `INSERT INTO schema_migrations VALUES (999, 'from the future', 'abc', '2030-01-01T00:00:00.000Z')` },
  ] as const;

  for (const { reason, edit } of cases) {
    for (const journal of ['wal', 'delete'] as const) {
      it(`is refused as '${reason}' and left byte-identical (${journal} journal)`, () => {
        const path = libraryFile(edit, journal);
        const before = sha256(path);

        const { library, fail } = start({ path });
        expect(library.status()).toMatchObject({ state: 'damaged', reason, path });
        expect(fail('cases:list', {})).toMatchObject({ code: 'damaged', reason });
        expect(fail('cases:create', { language: 'en' })).toMatchObject({ code: 'damaged', reason });
        library.close();

        expect(sha256(path)).toBe(before);
        expect(existsSync(defaultBackupDir(path))).toBe(false);
      });
    }
  }

  it('is reported by openDatabase as a DamagedDatabaseError', () => {
    const path = libraryFile(cases[1].edit, 'wal');
    const open = () => openDatabase(path, { backupDir: join(tempDir(), 'b') });
    expect(open).toThrow(DamagedDatabaseError);
    expect(open).toThrow(expect.objectContaining({ code: 'damaged', damage: 'newer_schema', message: expect.stringContaining('999') }));
  });

  it('keeps being refused on every later open, never half-migrated', () => {
    const path = libraryFile(cases[0].edit, 'wal');
    const before = sha256(path);
    for (let i = 0; i < 2; i++) {
      const library = new Library(path);
      expect(library.status()).toMatchObject({ state: 'damaged', reason: 'edited_migration' });
      library.close();
    }
    expect(sha256(path)).toBe(before);
  });
});

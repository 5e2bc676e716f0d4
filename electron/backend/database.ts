import Database from 'better-sqlite3';
import { accessSync, closeSync, constants, copyFileSync, existsSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { CausewayError } from '../../shared/contract/errors';
import { createBackup, listBackups } from './backups';
import { compactChangeLog } from './insights/change-log';
import { LATEST_VERSION, MIGRATIONS, checksum } from './migrations';

export type Db = Database.Database;

/** Why a database file cannot be used. Each reason has a translated explanation in the UI. */
export type DamageReason =
  | 'not_sqlite'
  | 'not_causeway'
  | 'truncated'
  | 'empty'
  | 'quick_check'
  | 'integrity_check'
  | 'newer_schema'
  | 'edited_migration'
  | 'migration_failed'
  | 'read_only_upgrade'
  | 'unreadable';

export class DamagedDatabaseError extends CausewayError {
  constructor(
    readonly damage: DamageReason,
    detail: string,
  ) {
    super('damaged', detail, { reason: damage });
  }
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function hasWal(path: string): boolean {
  try {
    return statSync(`${path}-wal`).size > 0;
  } catch {
    return false;
  }
}

/** Cheap checks on the raw bytes, before SQLite touches the file, so that a file which is not a
 *  database, or is cut short, is reported as such and never written to. */
export function inspectFile(path: string): { reason: DamageReason; detail: string } | null {
  if (!existsSync(path)) return null;
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return null; // SQLite treats an empty file as a new database
    const header = Buffer.alloc(100);
    const read = readSync(fd, header, 0, 100, 0);
    if (read < 16 || !header.subarray(0, 16).equals(SQLITE_HEADER)) {
      return { reason: 'not_sqlite', detail: 'The file does not start with the SQLite header.' };
    }
    if (read < 100) return { reason: 'truncated', detail: `The file is only ${size} bytes long.` };
    const rawPageSize = header.readUInt16BE(16);
    const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
    const pageCount = header.readUInt32BE(28);
    const changeCounter = header.readUInt32BE(24);
    const validFor = header.readUInt32BE(92);
    if (size % pageSize !== 0) {
      return { reason: 'truncated', detail: `The file size ${size} is not a whole number of ${pageSize}-byte pages.` };
    }
    // With a WAL beside it, a checkpoint cut short (page 1 written, the file not yet grown) is normal:
    // the missing pages are in the WAL, and quick_check reads through it.
    if (pageCount > 0 && validFor === changeCounter && size < pageCount * pageSize && !hasWal(path)) {
      return { reason: 'truncated', detail: `The header records ${pageCount} pages but the file holds ${size / pageSize}.` };
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

/** SQLite takes an empty file for a new database, but an empty file where backups of a library
 *  exist is what a failed copy or a full disk leaves: damage, not a fresh start. Treating it as new
 *  would also let periodic backups of the empty library crowd out the good ones. */
function emptyWithBackups(path: string, backupDir: string): { reason: DamageReason; detail: string } | null {
  if (statSync(path).size > 0) return null;
  const backups = listBackups(backupDir, path);
  if (backups.length === 0) return null;
  return { reason: 'empty', detail: `The file is empty (0 bytes) and ${backups.length} backup(s) of it exist in ${backupDir}.` };
}

/** PRAGMA integrity_check on a read-only connection of its own: unlike quick_check it also finds
 *  index entries that do not match their rows (a flipped byte in an index page). Null when healthy. */
export function integrityCheck(path: string): { reason: DamageReason; detail: string } | null {
  let db: Db | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 3000');
    const problems = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((r) => r !== 'ok');
    return problems.length ? { reason: 'integrity_check', detail: problems.slice(0, 5).join('; ') } : null;
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return { reason: 'integrity_check', detail: (e as Error).message };
    throw e;
  } finally {
    db?.close();
  }
}

function quickCheck(path: string): { reason: DamageReason; detail: string } | null {
  let db: Db | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    if (problems.length) return { reason: 'quick_check', detail: problems.slice(0, 5).join('; ') };
    // Refuse a newer or edited schema here, on the read-only connection: opening it for writing
    // (and switching it to WAL) would already change the file.
    return checkApplied(appliedMigrations(db)) ?? checkOwnership(db);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') return { reason: 'not_sqlite', detail: (e as Error).message };
    if (code === 'SQLITE_CORRUPT') return { reason: 'quick_check', detail: (e as Error).message };
    return { reason: 'unreadable', detail: (e as Error).message };
  } finally {
    db?.close();
  }
}

export interface OpenOptions {
  backupDir: string;
  now?: () => Date;
}

/** Opens (creating if absent) and migrates a case library. Throws DamagedDatabaseError, leaving the
 *  file untouched, when the file is not a usable Causeway database. */
export function openDatabase(path: string, options: OpenOptions): Db {
  const existed = existsSync(path);
  if (existed) {
    let damage: { reason: DamageReason; detail: string } | null;
    try {
      damage = inspectFile(path) ?? emptyWithBackups(path, options.backupDir) ?? quickCheck(path);
    } catch (e) {
      // The bytes cannot even be read (a folder, no permission): say so rather than fail outright.
      damage = { reason: 'unreadable', detail: (e as Error).message };
    }
    if (damage) throw new DamagedDatabaseError(damage.reason, damage.detail);
  }
  let db: Db;
  try {
    db = new Database(path);
  } catch (e) {
    throw new DamagedDatabaseError('unreadable', (e as Error).message);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 3000');
    try {
      migrate(db, path, options);
      // The change log only grows while the library is in use: its oldest rows go at each open.
      compactChangeLog(db);
    } catch (e) {
      // Each migration ran in a transaction, so the file is as it was (and a backup was taken first).
      if (e instanceof CausewayError) throw e;
      throw new DamagedDatabaseError('migration_failed', (e as Error).message);
    }
    return db;
  } catch (e) {
    db.close();
    if (e instanceof CausewayError) throw e;
    const code = (e as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB') throw new DamagedDatabaseError('not_sqlite', (e as Error).message);
    if (code.startsWith('SQLITE_CORRUPT')) throw new DamagedDatabaseError('quick_check', (e as Error).message);
    throw new CausewayError('storage', (e as Error).message);
  }
}

/** Whether the library's file or folder cannot be written: a read-only disk or share, a folder
 *  without write permission. SQLite in WAL mode needs to create files beside the database even to
 *  read it, so such a library is opened through a private copy instead (see openReadOnly). */
export function isReadOnlyLocation(path: string): boolean {
  for (const target of [path, dirname(path)]) {
    try {
      accessSync(target, constants.W_OK);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return true;
    }
  }
  return false;
}

/** Opens a library that cannot be written, for viewing: its file (and any -wal beside it) is copied
 *  into a private temporary folder and that copy is opened read-only, so that it can be read,
 *  searched, exported and copied, and every write is refused. Checked as openDatabase checks; a
 *  library that would need an upgrade cannot be upgraded here and is reported as such. */
export function openReadOnly(path: string, options: OpenOptions): { db: Db; snapshotDir: string; file: string } {
  const damage = existsSync(path) ? emptyWithBackups(path, options.backupDir) : null;
  if (damage) throw new DamagedDatabaseError(damage.reason, damage.detail);
  const snapshotDir = mkdtempSync(join(tmpdir(), 'causeway-read-only-'));
  const file = join(snapshotDir, basename(path));
  try {
    try {
      copyFileSync(path, file);
      if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${file}-wal`);
    } catch (e) {
      throw new DamagedDatabaseError('unreadable', (e as Error).message);
    }
    const found = inspectFile(file) ?? quickCheck(file);
    if (found) throw new DamagedDatabaseError(found.reason, found.detail);
    const db = new Database(file, { readonly: true, fileMustExist: true });
    const done = new Set(appliedMigrations(db).map((m) => m.version));
    if (MIGRATIONS.some((m) => !done.has(m.version))) {
      db.close();
      throw new DamagedDatabaseError('read_only_upgrade', `${path} needs schema version ${LATEST_VERSION} and cannot be upgraded where it is: it is read-only.`);
    }
    db.pragma('foreign_keys = ON');
    return { db, snapshotDir, file };
  } catch (e) {
    rmSync(snapshotDir, { recursive: true, force: true });
    throw e;
  }
}

interface AppliedMigration {
  version: number;
  checksum: string;
}

export function appliedMigrations(db: Db): AppliedMigration[] {
  const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
  if (!table) return [];
  return db.prepare('SELECT version, checksum FROM schema_migrations ORDER BY version').all() as AppliedMigration[];
}

/** A database with tables but no migration record was made by another application: adding our
 *  tables to it would change someone else's file. */
function checkOwnership(db: Db): { reason: DamageReason; detail: string } | null {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
  if (tables.length === 0 || tables.includes('schema_migrations')) return null;
  return { reason: 'not_causeway', detail: `The database holds other tables (${tables.slice(0, 5).join(', ')}) and no Causeway schema.` };
}

/** Why the recorded migrations make the database unusable by this build, or null. */
function checkApplied(applied: AppliedMigration[]): { reason: DamageReason; detail: string } | null {
  const known = new Map(MIGRATIONS.map((m) => [m.version, m]));
  for (const row of applied) {
    const migration = known.get(row.version);
    if (!migration) {
      return {
        reason: 'newer_schema',
        detail: `The database has schema version ${row.version}; this build knows versions up to ${LATEST_VERSION}.`,
      };
    }
    if (checksum(migration) !== row.checksum) {
      return { reason: 'edited_migration', detail: `Migration ${row.version} (${migration.name}) differs from the one applied.` };
    }
  }
  return null;
}

function migrate(db: Db, path: string, options: OpenOptions): void {
  const applied = appliedMigrations(db);
  const refused = checkApplied(applied);
  if (refused) throw new DamagedDatabaseError(refused.reason, refused.detail);
  const done = new Set(applied.map((r) => r.version));
  const pending = MIGRATIONS.filter((m) => !done.has(m.version));
  if (pending.length === 0) return;

  const hasData = (db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as { n: number }).n > 0;
  // No backup, no migration: the file stays as it was (a full disk, a read-only backup folder).
  if (hasData) {
    try {
      createBackup(db, path, options.backupDir, 'pre-migrate', options.now?.() ?? new Date());
    } catch (e) {
      throw new DamagedDatabaseError('migration_failed', (e as Error).message);
    }
  }

  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, checksum(migration), (options.now?.() ?? new Date()).toISOString());
    }).immediate();
  }
  db.pragma(`user_version = ${LATEST_VERSION}`);
}

import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Backup } from '../../shared/contract/contract';
import { CausewayError } from '../../shared/contract/errors';

type BackupReason = Backup['reason'];
const REASONS: readonly BackupReason[] = ['pre-migrate', 'periodic', 'pre-restore'];
/** How many good backups of each reason are kept; older ones are pruned after a new one is taken. */
const KEEP = 10;
/** A backup is written under its final name plus this suffix, and renamed only once verified: a
 *  file that is cut short (a kill, a full disk) never carries a backup's name. */
const PARTIAL = '.partial';

const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-');
const unstamp = (s: string) => s.replace(/^(\d{4}-\d{2}-\d{2}T\d{2})-(\d{2})-(\d{2})-(\d{3}Z)$/, '$1:$2:$3.$4');

export function defaultBackupDir(dbPath: string): string {
  return `${dbPath}-backups`;
}

/** Flushes a file (or a folder's entries) to disk; a folder cannot be fsynced everywhere, so that is best effort. */
function fsyncPath(path: string, bestEffort = false): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch (e) {
    if (!bestEffort) throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The number of cases in a Causeway database file, or why it is not a usable one: opened read-only,
 *  quick_check passes, and it has the schema and the cases table. */
export function verifyCopy(file: string): { ok: true; cases: number } | { ok: false; detail: string } {
  let db: Database.Database | undefined;
  try {
    if (statSync(file).size === 0) return { ok: false, detail: 'The file is empty.' };
    db = new Database(file, { readonly: true, fileMustExist: true });
    const check = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check).filter((r) => r !== 'ok');
    if (check.length) return { ok: false, detail: check.slice(0, 3).join('; ') };
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
    if (!tables.includes('schema_migrations') || !tables.includes('cases')) return { ok: false, detail: 'The file holds no Causeway schema.' };
    return { ok: true, cases: db.prepare('SELECT count(*) FROM cases').pluck().get() as number };
  } catch (e) {
    return { ok: false, detail: (e as Error).message };
  } finally {
    db?.close();
  }
}

/** Verification results by file, valid while size and modification time are unchanged: listing
 *  the backups should not re-read every file each time the recovery screen asks. */
const verified = new Map<string, { size: number; mtimeMs: number; cases: number | null }>();

function casesIn(file: string): number | null {
  const { size, mtimeMs } = statSync(file);
  const cached = verified.get(file);
  if (cached && cached.size === size && cached.mtimeMs === mtimeMs) return cached.cases;
  const result = verifyCopy(file);
  const cases = result.ok ? result.cases : null;
  verified.set(file, { size, mtimeMs, cases });
  return cases;
}

/** A consistent copy of a live database (VACUUM INTO reads one snapshot and writes a compact file),
 *  written under a temporary name, verified, flushed and only then renamed: a backup that is listed
 *  is a whole one. Throws a `storage` error (reason `backup_failed`) and leaves nothing behind when
 *  any of it fails. */
export function createBackup(db: Database.Database, dbPath: string, dir: string, reason: BackupReason, now: Date): Backup {
  const file = join(dir, `${basename(dbPath)}.${reason}.${stamp(now)}.sqlite`);
  try {
    mkdirSync(dir, { recursive: true });
    removePartials(dir, dbPath);
    writeVerifiedCopy(db, file);
  } catch (e) {
    throw new CausewayError('storage', `The backup ${file} could not be written: ${(e as Error).message}`, { reason: 'backup_failed' });
  }
  prune(dir, dbPath, reason);
  return describe(dir, basename(file))!;
}

/** Writes `db` to `file` through a temporary name: VACUUM INTO, verify, fsync, rename, fsync the
 *  folder. Returns the number of cases copied. Replaces an existing file only with `replace`. */
export function writeVerifiedCopy(db: Database.Database, file: string, { replace = false } = {}): number {
  const partial = file + PARTIAL;
  try {
    rmSync(partial, { force: true });
    db.prepare('VACUUM INTO ?').run(partial);
    const result = verifyCopy(partial);
    if (!result.ok) throw new Error(`The copy does not verify: ${result.detail}`);
    fsyncPath(partial);
    if (!replace && existsSync(file)) throw new Error(`${file} already exists.`);
    renameSync(partial, file);
    fsyncPath(dirname(file), true);
    return result.cases;
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
}

/** Copies left by a backup that was killed before its rename. */
function removePartials(dir: string, dbPath: string): void {
  const prefix = `${basename(dbPath)}.`;
  for (const name of readdirSync(dir)) if (name.startsWith(prefix) && name.endsWith(PARTIAL)) rmSync(join(dir, name), { force: true });
}

function describe(dir: string, name: string): Backup | null {
  const m = /\.(pre-migrate|periodic|pre-restore)\.([0-9TZ-]+)\.sqlite$/.exec(name);
  if (!m) return null;
  const createdAt = unstamp(m[2]!);
  if (Number.isNaN(Date.parse(createdAt))) return null;
  const file = join(dir, name);
  const cases = casesIn(file);
  if (cases === null) return null;
  return { id: name, file, createdAt, bytes: statSync(file).size, reason: m[1] as BackupReason, cases };
}

/** The good backups, newest first. A file named like a backup that does not open, fails
 *  quick_check or has no Causeway schema (one written by an older build and cut short) is left
 *  where it is but never listed, offered or counted. */
export function listBackups(dir: string, dbPath: string): Backup[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const prefix = `${basename(dbPath)}.`;
  return readdirSync(dir)
    .filter((n) => n.startsWith(prefix))
    .map((n) => describe(dir, n))
    .filter((b): b is Backup => b !== null && REASONS.includes(b.reason))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Keeps the newest KEEP good backups of `reason`, and never the newest backup that holds cases,
 *  whatever its reason: backups of a library that was emptied must not push out the last copy of
 *  its cases. */
function prune(dir: string, dbPath: string, reason: BackupReason): void {
  const all = listBackups(dir, dbPath);
  const lastWithCases = all.find((b) => b.cases > 0);
  for (const old of all.filter((b) => b.reason === reason).slice(KEEP)) {
    if (old.id !== lastWithCases?.id) unlinkSync(old.file);
  }
}

/** Moves the current (damaged) file aside, never overwriting it, and puts the backup's copy in its
 *  place. The copy is made and verified under a temporary name first, so a failure part-way leaves
 *  the library as it was. */
export function restoreBackup(dbPath: string, backup: Backup, now: Date): string | null {
  const incoming = `${dbPath}.restoring`;
  try {
    copyFileSync(backup.file, incoming);
    fsyncPath(incoming);
    const result = verifyCopy(incoming);
    if (!result.ok) throw new CausewayError('storage', `The backup ${backup.id} does not verify: ${result.detail}`, { reason: 'backup_failed' });
  } catch (e) {
    rmSync(incoming, { force: true });
    throw e;
  }
  let movedTo: string | null = null;
  if (existsSync(dbPath)) {
    movedTo = `${dbPath}.damaged-${stamp(now)}`;
    for (let n = 2; existsSync(movedTo); n++) movedTo = `${dbPath}.damaged-${stamp(now)}-${n}`;
    renameSync(dbPath, movedTo);
  }
  for (const side of ['-wal', '-shm']) {
    if (existsSync(dbPath + side)) renameSync(dbPath + side, `${movedTo ?? dbPath}${side}`);
  }
  renameSync(incoming, dbPath);
  fsyncPath(dirname(dbPath), true);
  return movedTo;
}

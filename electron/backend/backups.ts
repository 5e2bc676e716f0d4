import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Backup } from '../../shared/contract/contract';
import type Database from 'better-sqlite3';

type BackupReason = Backup['reason'];
const REASONS: readonly BackupReason[] = ['pre-migrate', 'periodic', 'pre-restore'];
/** How many backups of each reason are kept; older ones are pruned after a new one is taken. */
const KEEP = 10;

const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-');
const unstamp = (s: string) => s.replace(/^(\d{4}-\d{2}-\d{2}T\d{2})-(\d{2})-(\d{2})-(\d{3}Z)$/, '$1:$2:$3.$4');

export function defaultBackupDir(dbPath: string): string {
  return `${dbPath}-backups`;
}

/** A consistent copy of a live database (VACUUM INTO reads one snapshot and writes a compact file). */
export function createBackup(db: Database.Database, dbPath: string, dir: string, reason: BackupReason, now: Date): Backup {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${basename(dbPath)}.${reason}.${stamp(now)}.sqlite`);
  db.prepare('VACUUM INTO ?').run(file);
  prune(dir, dbPath, reason);
  return describe(dir, basename(file))!;
}

function describe(dir: string, name: string): Backup | null {
  const m = /\.(pre-migrate|periodic|pre-restore)\.([0-9TZ-]+)\.sqlite$/.exec(name);
  if (!m) return null;
  const createdAt = unstamp(m[2]!);
  if (Number.isNaN(Date.parse(createdAt))) return null;
  const file = join(dir, name);
  return { id: name, file, createdAt, bytes: statSync(file).size, reason: m[1] as BackupReason };
}

/** Newest first. */
export function listBackups(dir: string, dbPath: string): Backup[] {
  if (!existsSync(dir)) return [];
  const prefix = `${basename(dbPath)}.`;
  return readdirSync(dir)
    .filter((n) => n.startsWith(prefix))
    .map((n) => describe(dir, n))
    .filter((b): b is Backup => b !== null && REASONS.includes(b.reason))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

function prune(dir: string, dbPath: string, reason: BackupReason): void {
  for (const old of listBackups(dir, dbPath).filter((b) => b.reason === reason).slice(KEEP)) unlinkSync(old.file);
}

/** Moves the current (damaged) file aside, never overwriting it, and puts the backup's copy in its place. */
export function restoreBackup(dbPath: string, backup: Backup, now: Date): string | null {
  let movedTo: string | null = null;
  if (existsSync(dbPath)) {
    movedTo = `${dbPath}.damaged-${stamp(now)}`;
    for (let n = 2; existsSync(movedTo); n++) movedTo = `${dbPath}.damaged-${stamp(now)}-${n}`;
    renameSync(dbPath, movedTo);
  }
  for (const side of ['-wal', '-shm']) {
    if (existsSync(dbPath + side)) renameSync(dbPath + side, `${movedTo ?? dbPath}${side}`);
  }
  copyFileSync(backup.file, dbPath);
  return movedTo;
}

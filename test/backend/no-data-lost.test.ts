import { closeSync, copyFileSync, existsSync, openSync, readSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackup, defaultBackupDir, listBackups } from '../../electron/backend/backups';
import { BACKUP_INTERVAL_MS } from '../../electron/backend/library';
import { manualClock, sha256, useBackend, withConnection } from '../support/backend';

/** The findings of "No data lost, ever": empty files, partial backups, retention, integrity. */

const { tempDir, start } = useBackend();

function libraryWithCases(count: number, now = manualClock().now) {
  const b = start({ path: join(tempDir(), 'lib.sqlite'), now });
  for (let i = 0; i < count; i++) b.ok('cases:create', { language: 'en', title: `Case ${i}` });
  return b;
}

/** A backup file as a kill part-way through VACUUM INTO left it (older builds wrote the final name directly). */
function partialCopyOf(file: string, to: string): void {
  copyFileSync(file, to);
  truncateSync(to, Math.floor(statSync(file).size / 3));
}

describe('an empty file at a library’s path', () => {
  it('is damage when backups of the library exist: reported empty, backups offered, the file left at 0 bytes', () => {
    const clock = manualClock();
    const b = libraryWithCases(3, clock.now);
    b.library.backupIfDue();
    const path = b.path;
    b.library.close();
    writeFileSync(path, '');

    const again = start({ path, now: clock.now });
    const status = again.ok('db:status', {});
    expect(status).toMatchObject({ state: 'damaged', reason: 'empty' });
    expect(status.state === 'damaged' && status.backups.map((x) => x.cases)).toEqual([3]);
    expect(again.fail('cases:list', {})).toMatchObject({ code: 'damaged', reason: 'empty' });
    clock.advance(BACKUP_INTERVAL_MS * 3);
    expect(again.library.backupIfDue()).toBeNull();
    again.library.close();
    expect(statSync(path).size).toBe(0);
    expect(listBackups(defaultBackupDir(path), path)).toHaveLength(1);
  });

  it('is restored from the backup with its cases', () => {
    const b = libraryWithCases(2);
    const backup = b.library.backupIfDue()!;
    const path = b.path;
    b.library.close();
    writeFileSync(path, '');
    const again = start({ path });
    expect(again.ok('db:restoreBackup', { id: backup.id })).toMatchObject({ state: 'ok' });
    expect(again.ok('cases:list', {}).total).toBe(2);
  });

  it('is still a new library when there is no backup of it (a file made by touch)', () => {
    const path = join(tempDir(), 'new.sqlite');
    writeFileSync(path, '');
    const b = start({ path });
    expect(b.ok('db:status', {})).toMatchObject({ state: 'ok' });
    expect(b.ok('cases:list', {}).total).toBe(0);
  });
});

describe('backups cut short', () => {
  it('are not listed, not offered first and not counted; restoring the newest gets the good one', () => {
    const clock = manualClock('2026-05-01T00:00:00.000Z');
    const b = libraryWithCases(4, clock.now);
    const good = b.library.backupIfDue()!;
    const dir = b.library.backupDir;
    // Newer files with backup names that a kill during VACUUM INTO left behind.
    partialCopyOf(good.file, join(dir, 'lib.sqlite.periodic.2026-05-01T01-00-00-000Z.sqlite'));
    writeFileSync(join(dir, 'lib.sqlite.pre-restore.2026-05-01T02-00-00-000Z.sqlite'), '');
    writeFileSync(join(dir, 'lib.sqlite.periodic.2026-05-01T03-00-00-000Z.sqlite'), Buffer.from('SQLite format 3\0', 'latin1'));

    expect(b.ok('db:backups', {}).map((x) => x.id)).toEqual([good.id]);
    b.library.close();
    truncateSync(b.path, 1000); // now the library itself is damaged
    const again = start({ path: b.path, now: clock.now });
    const status = again.ok('db:status', {});
    expect(status.state === 'damaged' && status.backups.map((x) => x.id)).toEqual([good.id]);
    expect(again.ok('db:restoreBackup', { id: good.id })).toMatchObject({ state: 'ok' });
    expect(again.ok('cases:list', {}).total).toBe(4);
    // The unusable files are left where they were, for whoever wants to look at them.
    expect(readdirSync(dir)).toHaveLength(4);
  });

  it('do not push good backups out of retention', () => {
    const clock = manualClock('2026-05-01T00:00:00.000Z');
    const b = libraryWithCases(1, clock.now);
    const first = b.library.backupIfDue()!;
    for (let i = 0; i < 12; i++) {
      clock.advance(60_000);
      partialCopyOf(first.file, join(b.library.backupDir, `lib.sqlite.periodic.2026-05-01T00-${String(i + 1).padStart(2, '0')}-00-000Z.sqlite`));
    }
    clock.advance(BACKUP_INTERVAL_MS);
    b.library.backupIfDue();
    expect(b.library.backups().map((x) => x.reason)).toEqual(['periodic', 'periodic']);
    expect(existsSync(first.file)).toBe(true);
  });

  it('leave no partial file behind and list only verified copies after a backup was killed before its rename', () => {
    const b = libraryWithCases(1);
    const dir = b.library.backupDir;
    const backup = b.library.backupIfDue()!;
    // What a kill between VACUUM INTO and the rename leaves.
    const stale = join(dir, 'lib.sqlite.periodic.2026-01-01T00-00-00-000Z.sqlite.partial');
    partialCopyOf(backup.file, stale);
    expect(b.library.backups()).toHaveLength(1);
    withConnection(b.path, (db) => createBackup(db, b.path, dir, 'pre-restore', new Date('2026-09-01T00:00:00.000Z')));
    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });
});

describe('retention', () => {
  it('never deletes the last backup that holds cases, however many backups of an empty library follow', () => {
    const clock = manualClock('2026-05-01T00:00:00.000Z');
    const b = libraryWithCases(2, clock.now);
    const withCases = b.library.backupIfDue()!;
    for (const c of b.ok('cases:list', {}).items) b.ok('cases:trash', { id: c.id });
    b.ok('cases:emptyTrash', {});
    for (let i = 0; i < 15; i++) {
      clock.advance(BACKUP_INTERVAL_MS);
      b.library.backupIfDue();
    }
    const kept = b.library.backups();
    expect(kept.filter((x) => x.cases === 0)).toHaveLength(10);
    expect(kept.filter((x) => x.cases > 0).map((x) => x.id)).toEqual([withCases.id]);
  });
});

describe('a failed periodic backup', () => {
  it('is a storage error with reason backup_failed, leaves nothing and is taken once the folder works again', () => {
    const clock = manualClock();
    const b = libraryWithCases(1, clock.now);
    const dir = b.library.backupDir;
    writeFileSync(dir, 'a file where the backup folder should be');
    expect(() => b.library.backupIfDue()).toThrow(expect.objectContaining({ code: 'storage', extra: { reason: 'backup_failed' } }));
    expect(b.ok('cases:list', {}).total).toBe(1);
    // Retried at the next tick: nothing was recorded as taken.
    rmSync(dir);
    expect(b.library.backupIfDue()).toMatchObject({ reason: 'periodic', cases: 1 });
  });
});

/** Flips one character of a row's id inside the cases_list_filter index: the b-tree stays well
 *  formed, so quick_check passes, but the index no longer matches its table. */
function corruptIndex(path: string): void {
  const { root, pageSize } = withConnection(path, (db) => {
    db.pragma('wal_checkpoint(TRUNCATE)');
    return {
      root: db.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'cases_list_filter'`).pluck().get() as number,
      pageSize: db.pragma('page_size', { simple: true }) as number,
    };
  });
  const fd = openSync(path, 'r+');
  const page = Buffer.alloc(pageSize);
  readSync(fd, page, 0, pageSize, pageSize * (root - 1));
  page[pageSize - 2]! ^= 0x01;
  writeSync(fd, page, 0, pageSize, pageSize * (root - 1));
  closeSync(fd);
  expect(withConnection(path, (db) => db.pragma('quick_check', { simple: true }), { readonly: true })).toBe('ok');
}

describe('index corruption that quick_check misses', () => {
  it('is found by the integrity check scheduled after open, which shows the recovery screen', () => {
    const b = libraryWithCases(5);
    const path = b.path;
    b.library.close();
    corruptIndex(path);
    const before = sha256(path);
    const scheduled: Array<() => void> = [];
    const again = start({ path, scheduleIntegrityCheck: (run) => scheduled.push(run) });
    expect(again.ok('db:status', {})).toMatchObject({ state: 'ok' }); // opening is not held up
    expect(scheduled).toHaveLength(1);
    scheduled[0]!();
    const status = again.ok('db:status', {});
    expect(status).toMatchObject({ state: 'damaged', reason: 'integrity_check' });
    expect(status.state === 'damaged' && status.detail).toMatch(/missing from index cases_list_filter/);
    expect(again.fail('cases:create', { language: 'en' })).toMatchObject({ code: 'damaged' });
    again.library.close();
    expect(sha256(path)).toBe(before);
  });

  it('stops the periodic backup before it is taken', () => {
    const b = libraryWithCases(5);
    const path = b.path;
    b.library.close();
    corruptIndex(path);
    const again = start({ path });
    expect(again.library.backupIfDue()).toBeNull();
    expect(again.library.status()).toMatchObject({ state: 'damaged', reason: 'integrity_check' });
    expect(listBackups(defaultBackupDir(path), path)).toEqual([]);
  });

  it('a check scheduled for a file that was closed or replaced since does nothing', () => {
    const b = libraryWithCases(5);
    const path = b.path;
    b.library.close();
    corruptIndex(path);
    const scheduled: Array<() => void> = [];
    const again = start({ path, scheduleIntegrityCheck: (run) => scheduled.push(run) });
    again.library.open(join(tempDir(), 'other.sqlite'));
    scheduled[0]!();
    expect(again.library.status()).toMatchObject({ state: 'ok' });
  });
});

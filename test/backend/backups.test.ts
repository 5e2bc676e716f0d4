import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackup, defaultBackupDir, listBackups } from '../../electron/backend/backups';
import { openDatabase } from '../../electron/backend/database';
import { BACKUP_INTERVAL_MS } from '../../electron/backend/library';
import { dumpDatabase, manualClock, useBackend, withConnection } from '../support/backend';

const { tempDir, start } = useBackend();

const MINUTE = 60_000;

/** An open database with a few cases in it, through the real open path. */
function liveDb() {
  const path = join(tempDir(), 'lib.sqlite');
  const b = start({ path });
  b.ok('cases:create', { language: 'en', title: 'One' });
  b.ok('cases:create', { language: 'zh-CN', templateId: 'emergency' });
  b.library.close();
  const db = openDatabase(path, { backupDir: defaultBackupDir(path) });
  return { path, db, dir: defaultBackupDir(path) };
}

describe('createBackup', () => {
  it('writes a named, described copy beside the library that holds the same rows', () => {
    const { path, db, dir } = liveDb();
    try {
      const backup = createBackup(db, path, dir, 'periodic', new Date('2026-03-04T05:06:07.089Z'));
      expect(dir).toBe(`${path}-backups`);
      expect(backup).toEqual({
        id: 'lib.sqlite.periodic.2026-03-04T05-06-07-089Z.sqlite',
        file: join(dir, 'lib.sqlite.periodic.2026-03-04T05-06-07-089Z.sqlite'),
        createdAt: '2026-03-04T05:06:07.089Z',
        bytes: statSync(backup.file).size,
        reason: 'periodic',
        cases: 2,
      });
      expect(readdirSync(dir).filter((n) => n.endsWith('.partial'))).toEqual([]);
      expect(backup.bytes).toBeGreaterThan(0);
      expect(withConnection(backup.file, (c) => c.pragma('quick_check', { simple: true }), { readonly: true })).toBe('ok');
      expect(dumpDatabase(backup.file)).toEqual(dumpDatabase(path));
    } finally {
      db.close();
    }
  });

  it('is a snapshot: later writes do not reach it', () => {
    const { path, db, dir } = liveDb();
    try {
      const backup = createBackup(db, path, dir, 'pre-restore', new Date('2026-03-04T00:00:00.000Z'));
      const before = dumpDatabase(backup.file);
      db.prepare(`UPDATE cases SET title = 'changed later'`).run();
      expect(dumpDatabase(backup.file)).toEqual(before);
      expect(dumpDatabase(path)).not.toEqual(before);
    } finally {
      db.close();
    }
  });

  it(`keeps the newest 10 of each reason, pruning only that reason`, () => {
    const { path, db, dir } = liveDb();
    try {
      const t0 = Date.parse('2026-01-01T00:00:00.000Z');
      createBackup(db, path, dir, 'pre-restore', new Date(t0 - MINUTE));
      const periodic = Array.from({ length: 13 }, (_, i) => createBackup(db, path, dir, 'periodic', new Date(t0 + i * MINUTE)));
      const listed = listBackups(dir, path);
      expect(listed.filter((b) => b.reason === 'periodic').map((b) => b.id)).toEqual(periodic.slice(3).reverse().map((b) => b.id));
      expect(listed.filter((b) => b.reason === 'pre-restore')).toHaveLength(1);
      for (const gone of periodic.slice(0, 3)) expect(existsSync(gone.file)).toBe(false);
      expect(readdirSync(dir)).toHaveLength(11);
    } finally {
      db.close();
    }
  });
});

describe('listBackups', () => {
  it('is empty when the folder does not exist', () => {
    expect(listBackups(join(tempDir(), 'nowhere'), join(tempDir(), 'lib.sqlite'))).toEqual([]);
  });

  it('lists newest first across reasons and ignores files that are not this library’s backups', () => {
    const { path, db, dir } = liveDb();
    try {
      const a = createBackup(db, path, dir, 'pre-migrate', new Date('2026-01-01T00:00:00.000Z'));
      const b = createBackup(db, path, dir, 'periodic', new Date('2026-01-03T00:00:00.000Z'));
      const c = createBackup(db, path, dir, 'pre-restore', new Date('2026-01-02T00:00:00.000Z'));
      for (const stray of [
        'other.sqlite.periodic.2026-01-05T00-00-00-000Z.sqlite',
        'lib.sqlite.weekly.2026-01-05T00-00-00-000Z.sqlite',
        'lib.sqlite.periodic.not-a-date.sqlite',
        'lib.sqlite.periodic.2026-13-45T99-00-00-000Z.sqlite',
        'notes.txt',
      ]) {
        writeFileSync(join(dir, stray), 'x');
      }
      expect(listBackups(dir, path).map((x) => x.id)).toEqual([b.id, c.id, a.id]);
    } finally {
      db.close();
    }
  });
});

describe('periodic backups of an open library', () => {
  it('are taken when due, then not again within the interval', () => {
    const clock = manualClock('2026-06-01T12:00:00.000Z');
    const b = start({ now: clock.now });
    b.ok('cases:create', { language: 'en' });

    const first = b.library.backupIfDue();
    expect(first).toMatchObject({ reason: 'periodic', createdAt: '2026-06-01T12:00:00.000Z' });
    expect(b.library.backupIfDue()).toBeNull();
    clock.advance(BACKUP_INTERVAL_MS - 1);
    expect(b.library.backupIfDue()).toBeNull();
    clock.advance(1);
    expect(b.library.backupIfDue()).toMatchObject({ createdAt: '2026-06-01T12:15:00.000Z' });
    expect(b.library.backupIfDue()).toBeNull();

    expect(BACKUP_INTERVAL_MS).toBe(15 * MINUTE);
    expect(b.ok('db:backups', {}).map((x) => x.createdAt)).toEqual(['2026-06-01T12:15:00.000Z', '2026-06-01T12:00:00.000Z']);
  });

  it('hold what the library held at that moment', () => {
    const clock = manualClock();
    const b = start({ now: clock.now });
    b.ok('cases:create', { language: 'en', title: 'Backed up' });
    const backup = b.library.backupIfDue()!;
    b.ok('cases:create', { language: 'en', title: 'Not yet' });
    const titles = withConnection(backup.file, (db) => db.prepare('SELECT title FROM cases').pluck().all(), { readonly: true });
    expect(titles).toEqual(['Backed up']);
  });

  it('do not count other kinds of backup towards the interval', () => {
    const clock = manualClock();
    const b = start({ now: clock.now });
    const periodic = b.library.backupIfDue()!;
    clock.advance(BACKUP_INTERVAL_MS);
    b.library.restore(periodic.id); // takes a pre-restore backup now
    expect(b.library.backups().map((x) => x.reason)).toEqual(['pre-restore', 'periodic']);
    expect(b.library.backupIfDue()).toMatchObject({ reason: 'periodic' });
  });

  it('are pruned to the newest 10 over a long session', () => {
    const clock = manualClock('2026-06-01T00:00:00.000Z');
    const b = start({ now: clock.now });
    const taken = [];
    for (let i = 0; i < 14; i++) {
      taken.push(b.library.backupIfDue()!.id);
      clock.advance(BACKUP_INTERVAL_MS);
    }
    const kept = b.library.backups();
    expect(kept.map((x) => x.id)).toEqual(taken.slice(4).reverse());
    expect(readdirSync(b.library.backupDir).filter((n) => n.startsWith(basename(b.path)))).toHaveLength(10);
  });

  it('are listed for the library they belong to only', () => {
    const clock = manualClock();
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const one = start({ path: join(dir, 'one.sqlite'), now: clock.now });
    const two = start({ path: join(dir, 'two.sqlite'), now: clock.now });
    one.library.backupIfDue();
    expect(one.ok('db:backups', {})).toHaveLength(1);
    expect(two.ok('db:backups', {})).toEqual([]);
  });
});

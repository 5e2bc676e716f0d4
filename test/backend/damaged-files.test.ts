import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readSync, readdirSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackup } from '../../electron/backend/backups';
import { inspectFile, openDatabase } from '../../electron/backend/database';
import { LATEST_VERSION } from '../../electron/backend/migrations';
import { manualClock, sha256, useBackend, withConnection, type Backend } from '../support/backend';

const { tempDir, start } = useBackend();

/** A closed library with enough cases to span many pages, and the titles it holds. */
function seededLibrary(path = join(tempDir(), 'library.sqlite'), count = 150) {
  const b = start({ path });
  for (let i = 0; i < count; i++) b.ok('cases:create', { language: i % 2 ? 'en' : 'zh-CN', templateId: 'emergency', title: `Case ${i}` });
  b.library.close();
  return path;
}

const damages = {
  not_sqlite(path: string) {
    writeFileSync(path, 'hello'.repeat(20_000));
  },
  truncated(path: string) {
    truncateSync(path, Math.floor(statSync(path).size / 2));
  },
  /** Garbage over the root page of the cases table: the header and schema stay readable. */
  quick_check(path: string) {
    const { root, pageSize } = withConnection(
      path,
      (db) => ({
        root: db.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'cases'`).pluck().get() as number,
        pageSize: db.pragma('page_size', { simple: true }) as number,
      }),
      { readonly: true },
    );
    expect(root).toBeGreaterThan(1);
    const fd = openSync(path, 'r+');
    writeSync(fd, randomBytes(pageSize), 0, pageSize, pageSize * (root - 1));
    closeSync(fd);
  },
} as const;

type Damage = keyof typeof damages;

/** Every method that needs the case store, with inputs that pass validation. */
function repoCalls(): [string, unknown][] {
  const id = randomUUID();
  return [
    ['cases:list', {}],
    ['cases:list', { trashed: true, search: 'x' }],
    ['cases:get', { id }],
    ['cases:create', { language: 'en' }],
    ['cases:create', { language: 'zh-CN', templateId: 'emergency' }],
    ['cases:update', { id, revision: 0, patch: { title: 'x' } }],
    ['cases:trash', { id }],
    ['cases:restore', { id }],
    ['cases:emptyTrash', {}],
    ['timeline:add', { caseId: id, event: { at: null, description: 'x', kind: 'other' } }],
    ['timeline:update', { id, patch: { description: 'y' } }],
    ['timeline:move', { id, toIndex: 0 }],
    ['timeline:remove', { id }],
    ['demo:load', { language: 'en' }],
  ];
}

describe.each(Object.keys(damages) as Damage[])('a file damaged as %s', (damage) => {
  it(`is reported damaged with reason '${damage}' and every case call fails with 'damaged'`, () => {
    const path = seededLibrary();
    damages[damage](path);
    const before = sha256(path);

    const b = start({ path });
    expect(b.library.status()).toMatchObject({ state: 'damaged', path, reason: damage, backups: [] });
    expect(b.ok('db:status', {})).toMatchObject({ state: 'damaged', reason: damage });
    expect(b.ok('app:info', {}).dbPath).toBe(path);
    for (const [method, payload] of repoCalls()) {
      expect(b.fail(method, payload), method).toMatchObject({ code: 'damaged', reason: damage });
    }
    expect(b.library.backupIfDue()).toBeNull();
    b.library.close();

    expect(sha256(path)).toBe(before);
  });

  it('is recognised before SQLite is asked to write to it', () => {
    const path = seededLibrary();
    damages[damage](path);
    const before = sha256(path);
    expect(() => openDatabase(path, { backupDir: join(tempDir(), 'b') })).toThrow(expect.objectContaining({ code: 'damaged', damage }));
    expect(sha256(path)).toBe(before);
  });
});

describe('raw header checks', () => {
  it('call a file with the SQLite header but shorter than a header truncated', () => {
    const path = join(tempDir(), 'short.sqlite');
    writeFileSync(path, Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(20)]));
    expect(inspectFile(path)).toMatchObject({ reason: 'truncated' });
  });

  it('call a file too short for the header not_sqlite', () => {
    const path = join(tempDir(), 'tiny.sqlite');
    writeFileSync(path, 'SQLite');
    expect(inspectFile(path)).toMatchObject({ reason: 'not_sqlite' });
  });

  it('cut at a page boundary is still caught by the recorded page count', () => {
    const path = seededLibrary();
    const pageSize = withConnection(path, (db) => db.pragma('page_size', { simple: true }) as number, { readonly: true });
    truncateSync(path, pageSize * 4);
    expect(inspectFile(path)).toMatchObject({ reason: 'truncated' });
  });

  it('pass a healthy library, a missing file and an empty file', () => {
    const path = seededLibrary(undefined, 5);
    expect(inspectFile(path)).toBeNull();
    expect(inspectFile(join(tempDir(), 'missing.sqlite'))).toBeNull();
    const empty = join(tempDir(), 'empty.sqlite');
    writeFileSync(empty, '');
    expect(inspectFile(empty)).toBeNull();
  });
});

describe('a library interrupted by a crash', () => {
  /** Cases written to the WAL only (no checkpoint), then the files copied as a power cut leaves them. */
  function crashedCopy(partialCheckpoint: boolean) {
    const path = seededLibrary(undefined, 5);
    const copy = join(tempDir(), 'crashed.sqlite');
    withConnection(path, (db) => {
      db.pragma('wal_autocheckpoint = 0');
      const insert = db.prepare(`INSERT INTO cases (id, title, problem, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`);
      const at = '2026-05-05T05:05:05.000Z';
      db.transaction(() => {
        for (let i = 0; i < 200; i++) insert.run(randomUUID(), `After crash ${i}`, 'p'.repeat(2000), at, at);
      })();
      copyFileSync(path, copy);
      copyFileSync(`${path}-wal`, `${copy}-wal`);
      if (partialCheckpoint) {
        // The checkpoint writes pages in order: page 1, with the new page count, reached the disk;
        // the pages that grow the file did not.
        db.pragma('wal_checkpoint(TRUNCATE)');
        const pageSize = db.pragma('page_size', { simple: true }) as number;
        const page1 = Buffer.alloc(pageSize);
        const from = openSync(path, 'r');
        readSync(from, page1, 0, pageSize, 0);
        closeSync(from);
        const to = openSync(copy, 'r+');
        writeSync(to, page1, 0, pageSize, 0);
        closeSync(to);
      }
    });
    return copy;
  }

  it.each([false, true])('opens with every committed case (checkpoint cut short: %s)', (partialCheckpoint) => {
    const copy = crashedCopy(partialCheckpoint);
    const b = start({ path: copy });
    expect(b.library.status()).toMatchObject({ state: 'ok' });
    expect(b.ok('cases:list', { search: 'After crash' }).total).toBe(200);
    expect(b.ok('cases:list', {}).total).toBe(205);
  });

  it('is still found damaged when cut short with a WAL that does not hold the missing pages', () => {
    const path = seededLibrary();
    const copy = join(tempDir(), 'cut.sqlite');
    withConnection(path, (db) => {
      db.pragma('wal_autocheckpoint = 0');
      db.prepare(`UPDATE cases SET location = 'x' WHERE title = 'Case 1'`).run();
      copyFileSync(path, copy);
      copyFileSync(`${path}-wal`, `${copy}-wal`);
    });
    truncateSync(copy, Math.floor(statSync(copy).size / 4096 / 2) * 4096); // whole pages, so only SQLite can tell
    const before = sha256(copy);
    const b = start({ path: copy });
    expect(b.library.status()).toMatchObject({ state: 'damaged', reason: 'quick_check' });
    b.library.close();
    expect(sha256(copy)).toBe(before);
  });
});

describe('restoring a damaged library from a backup', () => {
  /** A library with two backups taken at different moments, then damaged. */
  function damagedWithBackups(damage: Damage) {
    const clock = manualClock('2026-05-01T09:00:00.000Z');
    const b = start({ now: clock.now });
    b.ok('cases:create', { language: 'en', title: 'Before first backup' });
    expect(b.library.backupIfDue()).not.toBeNull();
    clock.advance(20 * 60_000);
    b.ok('cases:create', { language: 'en', title: 'Before second backup' });
    const newest = b.library.backupIfDue()!;
    b.ok('cases:create', { language: 'en', title: 'After the backups' });
    b.library.close();
    damages[damage](b.path);
    return { path: b.path, clock, newest, damagedHash: sha256(b.path) };
  }

  const titles = (b: Backend) => b.ok('cases:list', { sort: 'title_asc' }).items.map((i) => i.title);

  it.each(Object.keys(damages) as Damage[])('puts the damaged (%s) file aside unchanged and reopens with the backup', (damage) => {
    const { path, clock, newest, damagedHash } = damagedWithBackups(damage);
    clock.advance(60_000);
    const b = start({ path, now: clock.now });
    const status = b.library.status();
    expect(status).toMatchObject({ state: 'damaged', reason: damage });
    if (status.state !== 'damaged') throw new Error('unreachable');
    expect(status.backups.map((x) => x.id)).toEqual([newest.id, expect.stringContaining('periodic')]);

    const restored = b.ok('db:restoreBackup', { id: status.backups[0]!.id });
    expect(restored).toEqual({ state: 'ok', path, schemaVersion: LATEST_VERSION });
    expect(titles(b)).toEqual(['Before first backup', 'Before second backup']);

    const asideNames = readdirSync(dirname(path)).filter((n) => n.startsWith(`${basename(path)}.damaged-`) && !/-(wal|shm)$/.test(n));
    expect(asideNames).toEqual([`${basename(path)}.damaged-2026-05-01T09-21-00-000Z`]);
    expect(sha256(join(dirname(path), asideNames[0]!))).toBe(damagedHash);

    b.ok('cases:create', { language: 'en', title: 'Written after restore' });
    expect(titles(b)).toContain('Written after restore');
  });

  it('refuses an unknown backup id with not_found and changes nothing', () => {
    const { path, damagedHash } = damagedWithBackups('not_sqlite');
    const b = start({ path });
    expect(b.fail('db:restoreBackup', { id: 'library.sqlite.periodic.2020-01-01T00-00-00-000Z.sqlite' })).toMatchObject({ code: 'not_found' });
    expect(b.fail('db:restoreBackup', { id: '' })).toMatchObject({ code: 'validation' });
    expect(b.library.status()).toMatchObject({ state: 'damaged' });
    expect(sha256(path)).toBe(damagedHash);
  });

  it('never overwrites a file put aside earlier, even within the same millisecond', () => {
    const { path, clock, newest, damagedHash } = damagedWithBackups('not_sqlite');
    const b = start({ path, now: clock.now });
    b.library.restore(newest.id);
    b.library.close();
    writeFileSync(path, 'damaged again');
    const secondHash = sha256(path);

    const again = start({ path, now: clock.now });
    expect(again.library.status()).toMatchObject({ state: 'damaged', reason: 'not_sqlite' });
    again.library.restore(newest.id);
    expect(again.library.status().state).toBe('ok');

    const aside = readdirSync(dirname(path))
      .filter((n) => n.includes('.damaged-') && !/-(wal|shm)$/.test(n))
      .map((n) => sha256(join(dirname(path), n)))
      .sort();
    expect(aside).toEqual([damagedHash, secondHash].sort());
  });

  it('of a healthy library first takes a pre-restore backup of the current state', () => {
    const clock = manualClock();
    const b = start({ now: clock.now });
    b.ok('cases:create', { language: 'en', title: 'Old' });
    const periodic = b.library.backupIfDue()!;
    clock.advance(1000);
    b.ok('cases:create', { language: 'en', title: 'New' });

    b.ok('db:restoreBackup', { id: periodic.id });
    expect(titles(b)).toEqual(['Old']);
    const preRestore = b.library.backups().find((x) => x.reason === 'pre-restore')!;
    expect(preRestore).toMatchObject({ createdAt: '2026-03-01T08:00:01.000Z' });

    clock.advance(1000);
    b.ok('db:restoreBackup', { id: preRestore.id });
    expect(titles(b)).toEqual(['New', 'Old']);
  });
});

describe('opening another file', () => {
  it('switches from a damaged library to a good one and leaves the damaged file alone', () => {
    const damagedPath = seededLibrary(undefined, 5);
    damages.not_sqlite(damagedPath);
    const before = sha256(damagedPath);
    const goodPath = seededLibrary(join(tempDir(), 'good.sqlite'), 3);

    const b = start({ path: damagedPath });
    expect(b.library.status().state).toBe('damaged');
    expect(b.ok('db:openFile', { path: goodPath })).toEqual({ state: 'ok', path: goodPath, schemaVersion: LATEST_VERSION });
    expect(b.ok('cases:list', {}).total).toBe(3);
    expect(b.ok('app:info', {}).dbPath).toBe(goodPath);
    expect(sha256(damagedPath)).toBe(before);
  });

  it('switches from a good library to a damaged one, reporting it', () => {
    const damagedPath = seededLibrary(undefined, 5);
    damages.truncated(damagedPath);
    const b = start();
    expect(b.ok('db:openFile', { path: damagedPath })).toMatchObject({ state: 'damaged', reason: 'truncated', path: damagedPath });
    expect(b.fail('cases:list', {})).toMatchObject({ code: 'damaged', reason: 'truncated' });
  });

  it('creates a new library at a path that does not exist yet', () => {
    const b = start();
    b.ok('cases:create', { language: 'en' });
    const fresh = join(tempDir(), 'sub', 'fresh.sqlite');
    expect(b.ok('db:openFile', { path: fresh })).toMatchObject({ state: 'ok', path: fresh });
    expect(b.ok('cases:list', {}).total).toBe(0);
  });

  it('reopens the current file without losing anything', () => {
    const b = start();
    const { id } = b.ok('cases:create', { language: 'en', title: 'Same file' }).case;
    expect(b.ok('db:openFile', { path: b.path })).toMatchObject({ state: 'ok' });
    expect(b.ok('cases:get', { id }).case.title).toBe('Same file');
  });

  it('reports a path whose bytes cannot be read as unreadable, instead of failing', () => {
    const folder = join(tempDir(), 'a-folder.sqlite');
    mkdirSync(folder);
    const b = start();
    expect(b.ok('db:openFile', { path: folder })).toMatchObject({ state: 'damaged', reason: 'unreadable', path: folder });
    expect(b.fail('cases:list', {})).toMatchObject({ code: 'damaged', reason: 'unreadable' });
    expect(start({ path: folder }).library.status()).toMatchObject({ state: 'damaged', reason: 'unreadable' });
  });

  it('refuses a SQLite file of another application without adding tables to it', () => {
    const foreign = join(tempDir(), 'other-app.sqlite');
    withConnection(foreign, (db) => db.exec(`CREATE TABLE cases (id INTEGER PRIMARY KEY, something TEXT)`), { fileMustExist: false });
    const before = sha256(foreign);
    const b = start();
    expect(b.ok('db:openFile', { path: foreign })).toMatchObject({ state: 'damaged', reason: 'not_causeway', path: foreign });
    expect(b.fail('cases:list', {})).toMatchObject({ code: 'damaged', reason: 'not_causeway' });
    expect(sha256(foreign)).toBe(before);
    expect(withConnection(foreign, (db) => db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all(), { readonly: true })).toEqual(['cases']);
  });
});

describe('backups of a healthy file', () => {
  it('are healthy SQLite files themselves', () => {
    const path = seededLibrary(undefined, 20);
    const dir = tempDir();
    const db = openDatabase(path, { backupDir: dir });
    const backup = createBackup(db, path, dir, 'periodic', new Date('2026-01-01T00:00:00Z'));
    db.close();
    expect(inspectFile(backup.file)).toBeNull();
    expect(existsSync(backup.file)).toBe(true);
    expect(withConnection(backup.file, (c) => c.pragma('quick_check', { simple: true }), { readonly: true })).toBe('ok');
  });
});

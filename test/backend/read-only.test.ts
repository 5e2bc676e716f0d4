import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Library } from '../../electron/backend/library';
import { backendFor, useBackend, withConnection } from '../support/backend';
import { makeReadOnlyFolder, READ_ONLY_MEDIA } from '../support/read-only';

/** A library on read-only media: opened for viewing through a private copy, every write refused
 *  with reason read_only, and nothing created beside it. The media is real: a tmpfs remounted
 *  read-only when running as root (root ignores permissions), else a folder without write permission. */

const { tempDir, start } = useBackend();
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** A folder holding `files` (copied in), then made read-only. */
function readOnlyFolder(files: Record<string, string>): string {
  const dir = join(tempDir(), 'media');
  cleanups.push(makeReadOnlyFolder(dir, files));
  return dir;
}

describe.skipIf(!READ_ONLY_MEDIA)('a library on read-only media', () => {
  it('can be viewed, refuses every write with read_only, and creates nothing beside it', () => {
    const source = start({ path: join(tempDir(), 'lib.sqlite') });
    for (let i = 0; i < 3; i++) source.ok('cases:create', { language: 'en', title: `Case ${i}` });
    source.library.close();
    const dir = readOnlyFolder({ 'lib.sqlite': source.path });
    const before = readdirSync(dir);

    const b = start({ path: join(dir, 'lib.sqlite') });
    expect(b.ok('db:status', {})).toEqual({ state: 'ok', path: join(dir, 'lib.sqlite'), schemaVersion: expect.any(Number), readOnly: true });
    expect(b.ok('cases:list', {}).total).toBe(3);
    const id = b.ok('cases:list', {}).items[0]!.id;
    expect(b.ok('cases:get', { id }).case.id).toBe(id);
    expect(b.ok('fishbone:get', { caseId: id }).revision).toBeGreaterThanOrEqual(0);
    expect(b.fail('cases:create', { language: 'en' })).toMatchObject({ code: 'storage', reason: 'read_only' });
    expect(b.fail('cases:update', { id, revision: 0, patch: { title: 'x' } })).toMatchObject({ code: 'storage', reason: 'read_only' });
    expect(b.fail('fishbone:apply', { caseId: id, command: { type: 'resetVotes' } })).toMatchObject({ code: 'storage', reason: 'read_only' });
    expect(b.logged).toEqual([]);
    expect(b.library.backupIfDue()).toBeNull();
    expect(b.library.checkIntegrity()).toMatchObject({ state: 'ok', readOnly: true });
    // A copy can still be saved elsewhere, to go on working on it.
    const copy = b.library.saveCopy(join(tempDir(), 'elsewhere.sqlite'));
    expect(copy.cases).toBe(3);
    // Settings' "Save a copy" cannot write beside it: the copy goes to a folder of its own.
    const saved = b.ok('db:saveCopy', {});
    expect(saved.cases).toBe(3);
    expect(saved.path.startsWith(dir)).toBe(false);
    expect(readdirSync(dir)).toEqual(before);
  });

  it('reads edits still in the -wal file of a library that was not closed', () => {
    const live = start({ path: join(tempDir(), 'live.sqlite') });
    for (let i = 0; i < 4; i++) live.ok('cases:create', { language: 'zh-CN', title: `未关闭 ${i}` });
    expect(existsSync(`${live.path}-wal`)).toBe(true);
    const dir = readOnlyFolder({ 'live.sqlite': live.path, 'live.sqlite-wal': `${live.path}-wal` });
    const b = start({ path: join(dir, 'live.sqlite') });
    expect(b.ok('cases:list', {}).total).toBe(4);
  });

  it('that needs an upgrade is reported, not opened half-way', () => {
    const source = start({ path: join(tempDir(), 'old.sqlite') });
    source.library.close();
    withConnection(source.path, (db) => db.prepare('DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)').run());
    const dir = readOnlyFolder({ 'old.sqlite': source.path });
    const library = new Library(join(dir, 'old.sqlite'));
    cleanups.push(() => library.close());
    expect(backendFor(library).ok('db:status', {})).toMatchObject({ state: 'damaged', reason: 'read_only_upgrade' });
  });

  it('removes its private copy when closed', () => {
    const source = start({ path: join(tempDir(), 'lib.sqlite') });
    source.library.close();
    const dir = readOnlyFolder({ 'lib.sqlite': source.path });
    const library = new Library(join(dir, 'lib.sqlite'));
    const snapshot = (library as unknown as { state: { readOnly: { snapshotDir: string } } }).state.readOnly.snapshotDir;
    expect(existsSync(snapshot)).toBe(true);
    library.close();
    expect(existsSync(snapshot)).toBe(false);
  });
});

import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportsDir } from '../../electron/backend/report-export';
import { useBackend, withConnection } from '../support/backend';

const { tempDir, start } = useBackend();

describe('db:saveCopy', () => {
  it('writes a verified copy with every committed edit into the exports folder, never over an earlier one', () => {
    const b = start({ path: join(tempDir(), 'team.sqlite') });
    for (let i = 0; i < 3; i++) b.ok('cases:create', { language: 'zh-CN', title: `案例 ${i}` });
    const first = b.ok('db:saveCopy', {});
    expect(first).toMatchObject({ fileName: expect.stringMatching(/^team-copy-\d{4}-\d{2}-\d{2}\.sqlite$/), cases: 3 });
    expect(first.path).toBe(join(exportsDir(b.path), first.fileName));
    expect(withConnection(first.path, (c) => [c.pragma('integrity_check', { simple: true }), c.prepare('SELECT title FROM cases ORDER BY title').pluck().all()], { readonly: true })).toEqual([
      'ok',
      ['案例 0', '案例 1', '案例 2'],
    ]);
    b.ok('cases:create', { language: 'en', title: 'one more' });
    const second = b.ok('db:saveCopy', {});
    expect(second).toMatchObject({ fileName: first.fileName.replace('.sqlite', ' (2).sqlite'), cases: 4 });
    expect(withConnection(first.path, (c) => c.prepare('SELECT count(*) FROM cases').pluck().get(), { readonly: true })).toBe(3);
  });

  it('is refused with damaged while the library cannot be used', () => {
    const path = join(tempDir(), 'broken.sqlite');
    writeFileSync(path, 'not a database at all'.repeat(100));
    const b = start({ path });
    expect(b.fail('db:saveCopy', {})).toMatchObject({ code: 'damaged' });
    expect(existsSync(exportsDir(path))).toBe(false);
  });
});

describe('Library.saveCopy', () => {
  it('refuses the library itself (by any name), a folder, a device and, without replace, a file that exists', () => {
    const b = start();
    b.ok('cases:create', { language: 'en', title: 'x' });
    const link = join(tempDir(), 'link.sqlite');
    symlinkSync(b.path, link);
    const folder = join(tempDir(), 'folder');
    mkdirSync(folder);
    const existing = join(tempDir(), 'existing.sqlite');
    writeFileSync(existing, 'keep');
    const reasonFor = (target: string, replace = false) => {
      try {
        b.library.saveCopy(target, { replace });
        return 'written';
      } catch (e) {
        return (e as { extra?: { issues?: { reason: string }[] } }).extra?.issues?.[0]?.reason;
      }
    };
    expect(reasonFor(b.path, true)).toBe('same_as_library');
    expect(reasonFor(link, true)).toBe('same_as_library');
    expect(reasonFor(`${b.path}-wal`, true)).toBe('same_as_library');
    expect(reasonFor(folder, true)).toBe('is_folder');
    expect(reasonFor('/dev/null', true)).toBe('not_a_file');
    expect(reasonFor(existing)).toBe('exists');
    expect(reasonFor('')).toBe('required');
    expect(reasonFor(existing, true)).toBe('written');
    expect(withConnection(existing, (c) => c.prepare('SELECT count(*) FROM cases').pluck().get(), { readonly: true })).toBe(1);
  });
});

describe('db:openFile', () => {
  it('refuses a path with a NUL in it instead of opening the part before it', () => {
    const b = start();
    const other = join(tempDir(), 'other.sqlite');
    expect(b.fail('db:openFile', { path: `${other}\0.bak` })).toMatchObject({ code: 'validation', issues: [{ path: ['path'], reason: 'invalid_format' }] });
    expect(existsSync(other)).toBe(false);
    expect(b.library.dbPath).not.toBe(other);
  });
});

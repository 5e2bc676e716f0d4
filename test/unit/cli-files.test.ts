import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import { Library } from '../../electron/backend/library';
import { sha256, withConnection } from '../support/backend';
import { cli } from '../support/cli';

/** What the command line writes, and what it must never write over: the library itself, device
 *  nodes, files that exist (without --force), an empty file left where a library was. And
 *  `library copy`, the safe way to copy a library that is open. */

const LONG = { timeout: 60_000 };
let dir: string;
let db: string;
let caseId: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'causeway-cli-files-'));
  db = join(dir, 'lib.sqlite');
  const library = new Library(db);
  const dispatch = createDispatch(createHandlers({ library, version: 'test', shell: 'browser' }));
  const created = dispatch('cases:create', { language: 'en', title: 'Kept safe' });
  if (!created.ok) throw new Error(created.error.message);
  caseId = (created.value as { case: { id: string } }).case.id;
  library.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--out', () => {
  it('never names the open library, even with --force', LONG, async () => {
    const before = sha256(db);
    for (const out of [db, `${db}-wal`, join(dir, '.', 'lib.sqlite')]) {
      for (const force of [[], ['--force']]) {
        const run = await cli(['report', '--db', db, '--case', caseId, '--format', 'md', '--out', out, ...force]);
        expect(run.code, out).toBe(1);
        expect(run.stderr).toMatch(/is the open library .* Nothing was written/);
      }
    }
    expect(sha256(db)).toBe(before);
  });

  it('refuses a file that exists unless --force, then replaces it', LONG, async () => {
    const out = join(dir, 'existing.md');
    writeFileSync(out, 'keep me');
    const refused = await cli(['report', '--db', db, '--case', caseId, '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${out} already exists. Add --force to replace it`);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    const forced = await cli(['report', '--db', db, '--case', caseId, '--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('Kept safe');
  });

  it('never replaces a device node, even with --force', LONG, async () => {
    const run = await cli(['diagram', '--db', db, '--case', caseId, '--kind', 'fishbone', '--format', 'svg', '--out', '/dev/null', '--force']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not a regular file');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('refuses an empty --out', LONG, async () => {
    for (const args of [['--out', ''], ['--out=']]) {
      const run = await cli(['report', '--db', db, '--case', caseId, ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--out is empty');
    }
  });

  it('warns when the extension does not match the format written', LONG, async () => {
    const out = join(dir, 'diagram.png');
    const run = await cli(['diagram', '--db', db, '--case', caseId, '--kind', 'fishbone', '--format', 'svg', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`warning: ${out} is written as svg, but its extension ".png" says otherwise.`);
    expect(readFileSync(out, 'utf8')).toMatch(/^<svg/);
  });
});

describe('an empty library file', () => {
  it('is not written by commands that only read it', LONG, async () => {
    const empty = join(dir, 'empty.sqlite');
    writeFileSync(empty, '');
    const run = await cli(['cases', 'list', '--db', empty]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is empty (0 bytes)');
    expect(statSync(empty).size).toBe(0);
    expect(existsSync(`${empty}-wal`)).toBe(false);
  });
});

describe('library copy', () => {
  it('copies a library that another process has open, with the edits still in its -wal file', LONG, async () => {
    const live = join(dir, 'live.sqlite');
    const library = new Library(live);
    const dispatch = createDispatch(createHandlers({ library, version: 'test', shell: 'browser' }));
    for (let i = 0; i < 20; i++) dispatch('cases:create', { language: 'zh-CN', title: `案例 ${i}` });
    try {
      // The edits are in the WAL: a plain file copy would miss them.
      expect(statSync(`${live}-wal`).size).toBeGreaterThan(0);
      const naive = join(dir, 'naive.sqlite');
      writeFileSync(naive, readFileSync(live));
      const naiveCount = withConnection(naive, (c) => (c.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'cases'`).pluck().get() as number) ? (c.prepare('SELECT count(*) FROM cases').pluck().get() as number) : 0);
      expect(naiveCount).toBeLessThan(20);

      const out = join(dir, 'copies', 'live-copy.sqlite');
      const run = await cli(['library', 'copy', '--db', live, '--out', out]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(out);
      expect(run.stderr).toContain('The copy holds 20 cases');
      expect(existsSync(`${out}-wal`)).toBe(false);
      expect(withConnection(out, (c) => [c.pragma('integrity_check', { simple: true }), c.prepare('SELECT count(*) FROM cases').pluck().get()], { readonly: true })).toEqual(['ok', 20]);

      const again = await cli(['library', 'copy', '--db', live, '--out', out]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('already exists');
      const itself = await cli(['library', 'copy', '--db', live, '--out', live, '--force']);
      expect(itself.code).toBe(1);
      expect(itself.stderr).toContain('is the open library');
    } finally {
      library.close();
    }
  });

  it('writes <library>-copy-<date>.sqlite into a folder, and needs --out', LONG, async () => {
    const folder = join(dir, 'into');
    mkdirSync(folder);
    const run = await cli(['library', 'copy', '--db', db, '--out', folder]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/into\/lib-copy-\d{4}-\d{2}-\d{2}\.sqlite/);
    const missing = await cli(['library', 'copy', '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('library copy needs --out');
  });
});

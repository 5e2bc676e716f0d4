import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaseDocuments } from '../../electron/backend/case-file';
import { Library } from '../../electron/backend/library';
import { dumpDatabase, sha256 } from '../support/backend';
import { readZip } from '../support/zip';

/** `export` and `import` of case files on the command line, on real libraries. */

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'scripts', 'cli.ts');

function cli(args: string[], lang = 'en_US.UTF-8'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: { ...process.env, LANG: lang, LC_ALL: '', LC_MESSAGES: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const LONG = { timeout: 90_000 };
let dir: string;
let a: string;
const docsIn = (path: string) => {
  const library = new Library(path);
  try {
    return readCaseDocuments(library, library.repo.liveIds());
  } finally {
    library.close();
  }
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'causeway-cli-casefile-'));
  a = join(dir, 'a.sqlite');
  const run = await cli(['demo', '--db', a, '--lang', 'zh-CN']);
  if (run.code !== 0) throw new Error(run.stderr);
  writeFileSync(join(dir, 'pass.txt'), 'open sesame 芝麻开门\n');
  writeFileSync(join(dir, 'wrong.txt'), 'not it\n');
  writeFileSync(join(dir, 'names.txt'), '# client names\n顺丰\n\n');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli export / import', () => {
  it('exports everything anonymised and encrypted, and imports it as copies into a new library', LONG, async () => {
    const before = sha256(a);
    const out = join(dir, 'all.causeway');
    const exported = await cli(['export', '--db', a, '--all', '--anonymise', '--dictionary', join(dir, 'names.txt'), '--passphrase-file', join(dir, 'pass.txt'), '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(`Wrote ${out}`);
    expect(exported.stderr).toMatch(/3 cases, anonymised \(\d+ values replaced\), encrypted \(age\)\./);
    expect(readFileSync(out).subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    expect(sha256(a)).toBe(before);

    const b = join(dir, 'b.sqlite');
    const wrong = await cli(['import', '--db', b, '--in', out, '--passphrase-file', join(dir, 'wrong.txt')]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('The passphrase is wrong. Nothing was imported.');
    expect(existsSync(b)).toBe(false);

    const imported = await cli(['import', '--db', b, '--in', out, '--passphrase-file', join(dir, 'pass.txt')]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/3 cases, format 1, .*anonymised, encrypted/);
    expect(imported.stdout.match(/^  [0-9a-f-]{36}  new /gm)?.length).toBe(3);
    expect(imported.stdout).toContain('Imported 3 cases as copies with new ids:');
    const docs = docsIn(b);
    expect(docs.length).toBe(3);
    expect(JSON.stringify(docs)).toMatch(/人员A/);
  });

  it('exports by id and by title search; merges, listing a conflict, then taking theirs', LONG, async () => {
    const [first] = docsIn(a);
    const one = join(dir, 'one.causeway');
    const byId = await cli(['export', '--db', a, '--case', first!.case.id, '--out', one]);
    expect(byId.code, byId.stderr).toBe(0);
    expect(JSON.parse(Buffer.from(readZip(readFileSync(one)).get('manifest.json')!).toString()).caseIds).toEqual([first!.case.id]);

    const words = first!.case.title.slice(0, 4);
    const found = join(dir, 'found.causeway');
    const byWords = await cli(['export', '--db', a, '--q', words, '--out', found]);
    expect(byWords.code, byWords.stderr).toBe(0);
    expect(JSON.parse(Buffer.from(readZip(readFileSync(found)).get('manifest.json')!).toString()).caseIds).toContain(first!.case.id);
    expect((await cli(['export', '--db', a, '--q', 'no such words anywhere', '--out', join(dir, 'none.causeway')])).code).toBe(1);

    // B gets the case by merge, then both sides change it.
    const b = join(dir, 'merge-b.sqlite');
    expect((await cli(['import', '--db', b, '--in', one, '--merge'])).code).toBe(0);
    for (const [path, title] of [[a, 'Changed in A'], [b, 'Changed in B']] as const) {
      const library = new Library(path);
      const { revision } = library.repo.getCase(first!.case.id);
      library.repo.update(first!.case.id, revision, { title });
      library.close();
    }
    const changed = join(dir, 'changed.causeway');
    expect((await cli(['export', '--db', a, '--case', first!.case.id, '--out', changed])).code).toBe(0);
    const before = dumpDatabase(b);
    const listed = await cli(['import', '--db', b, '--in', changed, '--merge']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/conflict .*Changed in A/);
    expect(listed.stderr).toContain('changed on both sides');
    expect(dumpDatabase(b)).toEqual(before);
    const theirs = await cli(['import', '--db', b, '--in', changed, '--merge', '--theirs']);
    expect(theirs.stdout).toContain('Merged: 1 imported');
    expect(docsIn(b).find((d) => d.case.id === first!.case.id)!.case.title).toBe('Changed in A');
  });

  it('refuses wrong command lines (2) and unsafe targets or bad files (1), in the reader’s language', LONG, async () => {
    expect((await cli(['export', '--db', a, '--out', join(dir, 'x.causeway')])).code).toBe(2);
    expect((await cli(['export', '--db', a, '--all', '--case', 'x'])).code).toBe(2);
    expect((await cli(['import', '--db', a, '--in', join(dir, 'one.causeway'), '--theirs'])).code).toBe(2);
    const lib = await cli(['export', '--db', a, '--all', '--out', a, '--force']);
    expect(lib.code).toBe(1);
    expect(lib.stderr).toContain('Nothing was written');
    const exists = await cli(['export', '--db', a, '--all', '--out', join(dir, 'all.causeway')]);
    expect(exists.code).toBe(1);
    expect(exists.stderr).toContain('already exists');
    const warn = await cli(['export', '--db', a, '--all', '--out', join(dir, 'all.zip')]);
    expect(warn.stderr).toContain('warning');
    writeFileSync(join(dir, 'bad.causeway'), 'PK\u0003\u0004garbage');
    const before = dumpDatabase(a);
    const zh = await cli(['import', '--db', a, '--in', join(dir, 'bad.causeway')], 'zh_CN.UTF-8');
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain('案例文件已损坏或不完整。未导入任何内容。');
    expect(dumpDatabase(a)).toEqual(before);
    expect((await cli(['export', '--help'])).stdout).toContain('--passphrase-file');
  });
});

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaseDocuments } from '../../electron/backend/case-file';
import { Library } from '../../electron/backend/library';
import { cli } from '../support/cli';
import { readZip } from '../support/zip';

/** Encrypted case files are plain age files (https://age-encryption.org/v1, passphrase mode): the
 *  age command line (Debian's `age`, installed by .ci/run) opens what Causeway writes, and Causeway
 *  opens what the age command line writes. age reads a passphrase only from a terminal, so it runs
 *  under `script`, which gives it a pseudo-terminal fed from our stdin. */

const AGE = '/usr/bin/age';
const LONG = { timeout: 120_000 };

interface Run {
  code: number | null;
  output: string;
}

/** Runs `age args...` on a pseudo-terminal, typing each of `answers` (a passphrase, its
 *  confirmation) when age asks. */
function ageOnTerminal(args: string[], answers: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const command = [AGE, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let answered = 0;
    const onData = (d: Buffer) => {
      output += d.toString('utf8');
      // Each prompt ends with ": "; answer each once, in order.
      const prompts = (output.match(/passphrase[^:]*: /gi) ?? []).length;
      while (answered < prompts && answered < answers.length) child.stdin.write(`${answers[answered++]}\n`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const PASSPHRASE = 'correct horse battery 订书钉';
let dir: string;
let source: string;

const caseTitles = (path: string): string[] => {
  const library = new Library(path);
  try {
    return readCaseDocuments(library, library.repo.liveIds())
      .map((d) => d.case.title)
      .sort();
  } finally {
    library.close();
  }
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'causeway-age-'));
  source = join(dir, 'source.sqlite');
  const demo = await cli(['demo', '--db', source, '--lang', 'zh-CN']);
  if (demo.code !== 0) throw new Error(demo.stderr);
  writeFileSync(join(dir, 'pass.txt'), `${PASSPHRASE}\n`);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('case files and the age command line', () => {
  it('is installed (see .ci/run)', () => {
    expect(existsSync(AGE)).toBe(true);
  });

  it('age decrypts a case file Causeway encrypted: inside is the case-file zip', LONG, async () => {
    const out = join(dir, 'from-causeway.causeway');
    const exported = await cli(['export', '--db', source, '--all', '--passphrase-file', join(dir, 'pass.txt'), '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);

    const decrypted = await ageOnTerminal(['-d', '-o', 'plain.zip', out], [PASSPHRASE], dir);
    expect(decrypted.code, decrypted.output).toBe(0);
    const entries = readZip(readFileSync(join(dir, 'plain.zip')));
    const manifest = JSON.parse(new TextDecoder().decode(entries.get('manifest.json')!)) as { encrypted: boolean; caseIds: string[] };
    // The manifest says what the file was: encrypted, as age received it.
    expect(manifest.encrypted).toBe(true);
    expect(manifest.caseIds).toHaveLength(3);
    expect([...entries.keys()].filter((k) => k.startsWith('cases/'))).toHaveLength(3);

    const wrong = await ageOnTerminal(['-d', '-o', 'nothing.zip', out], ['not the passphrase'], dir);
    expect(wrong.code).not.toBe(0);
    expect(wrong.output).toMatch(/incorrect passphrase/);
    expect(existsSync(join(dir, 'nothing.zip'))).toBe(false);
  });

  it('Causeway imports a case file encrypted by age, and refuses it with a wrong passphrase', LONG, async () => {
    const plain = join(dir, 'plain.causeway');
    const exported = await cli(['export', '--db', source, '--all', '--out', plain]);
    expect(exported.code, exported.stderr).toBe(0);
    const sealed = join(dir, 'by-age.causeway');
    const encrypted = await ageOnTerminal(['-p', '-o', sealed, plain], [PASSPHRASE, PASSPHRASE], dir);
    expect(encrypted.code, encrypted.output).toBe(0);
    expect(readFileSync(sealed).subarray(0, 21).toString()).toBe('age-encryption.org/v1');

    const target = join(dir, 'target.sqlite');
    writeFileSync(join(dir, 'wrong.txt'), 'nope\n');
    const refused = await cli(['import', '--db', target, '--in', sealed, '--passphrase-file', join(dir, 'wrong.txt')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The passphrase is wrong. Nothing was imported.');

    const imported = await cli(['import', '--db', target, '--in', sealed, '--passphrase-file', join(dir, 'pass.txt')]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/3 cases, format 1, .*encrypted/);
    expect(caseTitles(target)).toEqual(caseTitles(source));
  });
});

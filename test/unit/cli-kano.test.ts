import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli';
import { runInProcess } from '../support/cli-in-process';

/** `needs` and `kano` on the command line, on a real library file holding the sample cases in both
 *  languages (whose needs are in shared/domain/demo-needs.ts). */

let dir: string;
let db: string;

const run = runInProcess;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'causeway-cli-kano-'));
  db = join(dir, 'library.sqlite');
  expect((await run('demo', '--db', db, '--lang', 'zh-CN')).code).toBe(0);
  expect((await run('demo', '--db', db, '--lang', 'en')).code).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const caseIdOf = async (words: string) => (JSON.parse((await run('search', '--db', db, '--q', words, '--json')).stdout) as { hits: { caseId: string }[] }).hits[0]!.caseId;

describe('needs', () => {
  it("lists a case's needs with category, met and Better / Worse, as text and JSON", async () => {
    const caseId = await caseIdOf('Singles');
    const r = await run('needs', '--db', db, '--case', caseId);
    expect(r.code).toBe(0);
    // Answers M, M, O, M: Better 1/4, Worse -4/4.
    expect(r.stdout.split('\n')).toEqual([
      'M  NOT MET  Better    -   Worse    -     0 answers  Delivered on the promised day',
      'M  NOT MET  Better  0.25  Worse -1.00    4 answers  Tell me the new arrival time when it is late',
      'A  met      Better  0.75  Worse -0.25    4 answers  A voucher to make up for the delay',
    ]);
    expect(r.stderr).toBe('3 needs.');
    const json = JSON.parse((await run('needs', '--db', db, '--case', caseId, '--json')).stdout) as { category: string; better: number | null; worse: number | null }[];
    expect(json.map((n) => [n.category, n.better, n.worse])).toEqual([
      ['M', null, null],
      ['M', 0.25, -1],
      ['A', 0.75, -0.25],
    ]);
  });

  it('refuses a missing option (2) and an unknown case (1)', async () => {
    expect((await run('needs', '--db', db)).code).toBe(2);
    const unknown = await run('needs', '--db', db, '--case', '0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect((await run('needs', '--help')).stdout).toContain('--case ID');
  });
});

describe('kano', () => {
  it('gives the figures across cases, failed must-be needs first, and follows the filters', async () => {
    const r = await run('kano', '--db', db, '--json');
    expect(r.code).toBe(0);
    const chart = JSON.parse(r.stdout) as { cases: number; needs: { text: string; category: string; cases: number; failed: number; better: number | null; worse: number | null }[] };
    expect(chart.cases).toBe(6);
    // "Keep me informed" is in two cases of each language: answers M, M, O, M and M, M.
    const informed = chart.needs.find((n) => n.text === 'Tell me the new arrival time when it is late')!;
    expect(informed).toMatchObject({ category: 'M', cases: 2, failed: 2, better: 1 / 6, worse: -1 });
    const text = await run('kano', '--db', db);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toContain('Better  Worse  cases failed  need');
    expect(lines.filter((l) => l.startsWith('!')).length).toBe(8);
    expect(lines[1]!.startsWith('!')).toBe(true);
    expect(text.stderr).toMatch(/^\d+ needs in 6 cases; 8 failed must-be\.$/);
    const low = JSON.parse((await run('kano', '--db', db, '--severity', 'low', '--json')).stdout) as { cases: number };
    expect(low.cases).toBeLessThan(6);
    expect((await run('kano', '--db', db, '--severity', 'huge')).code).toBe(1);
    expect((await run('kano', '--db', db, '--colour', 'red')).code).toBe(2);
  });

  it('runs as its own process', async () => {
    const r = await cli(['kano', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Tell me the new arrival time when it is late');
  }, 60_000);
});

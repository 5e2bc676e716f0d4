import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/cli-in-process';

/** `search`, `similar` and `lessons` on the command line, on a real library file holding the sample
 *  cases in both languages. */

let dir: string;
let db: string;

const run = runInProcess;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'causeway-cli-search-'));
  db = join(dir, 'library.sqlite');
  expect((await run('demo', '--db', db, '--lang', 'zh-CN')).code).toBe(0);
  expect((await run('demo', '--db', db, '--lang', 'en')).code).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('search', () => {
  it('prints case id, title, part and a snippet with the hits in [ ]', async () => {
    const r = await run('search', '--db', db, '--q', '培训');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^[0-9a-f-]{36} {2}双十一大促订单激增导致配送延误 +cause$/mu);
    expect(r.stdout).toContain('临时工上岗前没[培训]');
    expect(r.stderr).toMatch(/hits in 2 cases/u);
  });

  it('gives JSON, reads FTS syntax as text, filters and refuses a bad option with exit code 2', async () => {
    const json = JSON.parse((await run('search', '--db', db, '--q', 'delay', '--json')).stdout) as { hits: { caseId: string; part: string }[]; total: number };
    expect(json.total).toBeGreaterThan(0);
    expect(json.hits.every((h) => typeof h.caseId === 'string' && typeof h.part === 'string')).toBe(true);
    const syntax = await run('search', '--db', db, '--q', 'NEAR("delay*', '--json');
    expect(syntax.code).toBe(0);
    const none = JSON.parse((await run('search', '--db', db, '--q', 'delay', '--severity', 'low', '--json')).stdout) as { total: number };
    expect(none.total).toBeLessThan(json.total);
    expect((await run('search', '--db', db, '--q', 'x', '--sort', 'best')).code).toBe(2);
    expect((await run('search', '--db', db)).code).toBe(2);
    expect((await run('search', '--db', db, '--q', 'x', '--severity', 'huge')).code).toBe(1);
    expect((await run('search', '--help')).stdout).toContain('--q WORDS');
  });
});

describe('similar and lessons', () => {
  it('lists similar cases with their reasons, and refuses an unknown case', async () => {
    const list = JSON.parse((await run('search', '--db', db, '--q', '双十一', '--json')).stdout) as { hits: { caseId: string }[] };
    const caseId = list.hits[0]!.caseId;
    const r = await run('similar', '--db', db, '--case', caseId, '--json');
    expect(r.code).toBe(0);
    const cases = JSON.parse(r.stdout) as { caseId: string; reasons: unknown[] }[];
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.every((c) => c.caseId !== caseId && c.reasons.length > 0)).toBe(true);
    const text = await run('similar', '--db', db, '--case', caseId);
    expect(text.stdout).toMatch(/why: /u);
    const missing = await run('similar', '--db', db, '--case', '0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no case');
  });

  it('lists lessons by kind', async () => {
    const r = await run('lessons', '--db', db, '--kind', 'got_lucky', '--json');
    const { items, total } = JSON.parse(r.stdout) as { items: { lesson: { kind: string } | null }[]; total: number };
    expect(total).toBe(items.length);
    expect(total).toBeGreaterThan(0);
    expect(items.every((i) => i.lesson?.kind === 'got_lucky')).toBe(true);
    expect((await run('lessons', '--db', db, '--kind', 'lucky')).code).toBe(2);
  });
});

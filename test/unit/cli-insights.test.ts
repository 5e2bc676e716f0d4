import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/cli-in-process';
import type { Insights } from '../../shared/domain/insights';

/** `insights` on the command line, on a real library file holding the sample cases in both
 *  languages: the same figures as the API, as text or JSON, and the insights report. */

let dir: string;
let db: string;

const run = runInProcess;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'causeway-cli-insights-'));
  db = join(dir, 'library.sqlite');
  expect((await run('demo', '--db', db, '--lang', 'zh-CN')).code).toBe(0);
  expect((await run('demo', '--db', db, '--lang', 'en')).code).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('insights', () => {
  it('prints the figures as JSON, the same as insights:get, with filters', async () => {
    const all = JSON.parse((await run('insights', '--db', db, '--json')).stdout) as Insights;
    expect(all.totals.cases).toBe(6);
    expect(all.pareto.theme.total).toBe(all.totals.rootCauses);
    expect(all.pareto.theme.bars.reduce((n, b) => n + b.count, 0)).toBe(all.pareto.theme.total);
    expect(all.pareto.motFailure.bars.reduce((n, b) => n + b.count, 0)).toBe(6);
    const critical = JSON.parse((await run('insights', '--db', db, '--severity', 'critical', '--json')).stdout) as Insights;
    expect(critical.totals.cases).toBe(2);
    const dated = JSON.parse((await run('insights', '--db', db, '--from', '2026-10-01', '--to', '2026-10-31', '--json')).stdout) as Insights;
    expect(dated.trends.casesPerMonth.map((m) => m.month)).toEqual(['2026-10']);
    expect(dated.totals).toMatchObject({ from: '2026-10-01T00:00:00.000Z', to: '2026-10-31T23:59:59.999Z' });
  });

  it('prints the figures as text in the language asked for', async () => {
    const en = await run('insights', '--db', db, '--lang', 'en');
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('Insights: patterns across cases');
    expect(en.stdout).toMatch(/^Root causes by cause theme \(\d+\)$/mu);
    expect(en.stdout).toMatch(/^ {2}\* Process +\d+ +\d+% +\d+%$/mu);
    expect(en.stdout).toContain('Cases per month, by severity');
    expect(en.stdout).toContain('actions are past their due date');
    const zh = await run('insights', '--db', db, '--lang', 'zh-CN');
    expect(zh.stdout).toContain('按原因主题统计的根本原因');
    expect(zh.stdout).toContain('流程');
  });

  it('writes the insights report', async () => {
    const out = join(dir, 'insights.html');
    const r = await run('insights', 'report', '--db', db, '--out', out, '--lang', 'zh-CN');
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8')).toContain('洞察：跨案例的规律');
    const again = await run('insights', 'report', '--db', db, '--out', out);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
  });

  it('refuses a bad command line with exit code 2 and bad filters with 1', async () => {
    const option = await run('insights', '--db', db, '--colour', 'red');
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('Unknown option --colour for insights');
    const lang = await run('insights', '--db', db, '--lang', 'fr');
    expect(lang.code).toBe(2);
    expect(lang.stderr).toContain('--lang must be one of: zh-CN, en');
    const extra = await run('insights', 'chart', '--db', db);
    expect(extra.code).toBe(2);
    const reversed = await run('insights', '--db', db, '--from', '2026-12-01', '--to', '2026-11-01');
    expect(reversed.code).toBe(1);
    expect(reversed.stderr).toContain('to: period_reversed');
    const badDate = await run('insights', '--db', db, '--from', 'yesterday');
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toContain('from: invalid_format');
    const format = await run('insights', 'report', '--db', db, '--format', 'docx');
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format must be one of: html, pdf');
    expect((await run('insights', '--help')).stdout).toContain('npm run cli -- insights report');
  });
});

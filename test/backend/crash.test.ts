import { describe, expect, it } from 'vitest';
import { crashReport, crashTest } from '../support/crash';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();

/** SIGKILL during writes, during backups and during a migration: nothing acknowledged is lost and
 *  the file stays whole. A few runs here; `npm run bench` runs many more (test/bench/crash.bench.ts). */
describe('a process killed at a random moment', () => {
  it('loses no acknowledged write, leaves a file that passes integrity_check, and never a partial backup or migration', async () => {
    const summary = await crashTest(tempDir(), Number(process.env.CRASH_RUNS ?? 4), { seed: Date.now() % 100_000, migrateCases: 3000, log: process.env.CRASH_LOG ? console.log : undefined });
    console.log(crashReport(summary));
    expect(summary.failures).toEqual([]);
    expect(summary.runs.filter((r) => r.mode === 'write').reduce((n, r) => n + r.acknowledged, 0)).toBeGreaterThan(0);
  }, 120_000);
});

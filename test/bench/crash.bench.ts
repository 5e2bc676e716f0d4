/** npm run bench: the crash test at length. A child process writing acknowledged writes, one
 *  taking backups while it writes, and one migrating a library written by an older build are each
 *  SIGKILLed at random moments; after every kill the file is reopened and checked (every
 *  acknowledged write there, integrity_check ok, no half migration, no unusable backup listed).
 *  CRASH_RUNS sets the runs per mode (default 20). Exits non-zero if any run lost data. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crashReport, crashTest } from '../support/crash';

const runs = Number(process.env.CRASH_RUNS ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'causeway-crash-'));
try {
  const started = Date.now();
  const summary = await crashTest(dir, runs, { seed: 20_261_207, migrateCases: 5000, log: process.env.CRASH_LOG ? console.log : undefined });
  console.log(crashReport(summary));
  console.log(`  ${((Date.now() - started) / 1000).toFixed(1)} s; ${summary.failures.length === 0 ? 'PASS' : 'FAIL'}`);
  if (summary.failures.length) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** The crash test: a child process works on a case library (acknowledged writes, writes with
 *  periodic backups, or a migration of an older file), is SIGKILLed at a random moment, and the
 *  file is reopened and checked: every write the child acknowledged is there, integrity_check
 *  passes, a migration is all or nothing, and every listed backup is a whole one. Used by
 *  test/backend/crash.test.ts (a few runs) and test/bench/crash.bench.ts (many). */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defaultBackupDir, listBackups, verifyCopy } from '../../electron/backend/backups';
import { createDispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import { Library } from '../../electron/backend/library';

const CHILD = join(import.meta.dirname, 'store-child.ts');

export type CrashMode = 'write' | 'backup' | 'migrate';

export interface CrashRun {
  mode: CrashMode;
  /** Milliseconds from the child opening the library (for migrate: from just before it opens and
   *  migrates it) to the kill. */
  killedAfterMs: number;
  acknowledged: number;
  /** Acknowledged writes not found after the kill: must be 0. */
  lost: number;
  integrity: string;
  /** migrate: whether the killed migration had committed (it must be all or nothing either way). */
  migrated?: boolean;
  migrationConsistent?: boolean;
  /** migrate: how long opening (backup, migration) took, when the child got that far. */
  openedAfterMs?: number;
  /** backup: good backups listed, files with a backup's name that do not verify (must be 0), and
   *  .partial files a kill left behind (removed at the next backup, never listed). */
  backupsListed?: number;
  badBackupFiles?: number;
  partialFiles?: number;
  /** The parent's build opens the file afterwards as healthy. */
  reopened: boolean;
}

/** A library with `count` cases at `path`, closed and checkpointed (a single file). */
export function seedLibrary(path: string, count: number): void {
  const library = new Library(path);
  const dispatch = createDispatch(createHandlers({ library, version: 'crash', shell: 'browser' }));
  library.transaction(() => {
    for (let i = 0; i < count; i++) {
      const r = dispatch('cases:create', { language: i % 2 ? 'en' : 'zh-CN', title: `seed-${i}`, templateId: 'emergency' });
      if (!r.ok) throw new Error(r.error.message);
    }
  });
  library.close();
  const db = new Database(path);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** One run: spawn, wait `delayMs` (after "open", or after spawning for migrate), SIGKILL, check. */
export async function crashOnce(mode: CrashMode, path: string, delayMs: number, seeded: number): Promise<CrashRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, path], { stdio: ['ignore', 'pipe', 'pipe'] });
  let acknowledged = 0;
  let out = '';
  let stderr = '';
  let opened = false;
  let openedAt = Date.now();
  let migrateOpenedAfter: number | undefined;
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const kill = () => {
      child.kill('SIGKILL');
      resolve();
    };
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const line of lines) {
        if (line === 'starting' && mode === 'migrate') {
          openedAt = Date.now();
          timer = setTimeout(kill, delayMs);
        }
        const open = /^open (\d+)$/.exec(line);
        if (open && !opened) {
          opened = true;
          if (mode === 'migrate') migrateOpenedAfter = Number(open[1]);
        }
        const ack = /^ack (\d+)$/.exec(line);
        if (ack) {
          acknowledged = Number(ack[1]) + 1;
          // write/backup: the random delay runs from the first acknowledged write, not from the
          // open, so a loaded machine (a slow first write) still kills in the middle of writing
          // rather than before any write was acknowledged.
          if (mode !== 'migrate' && timer === undefined) {
            openedAt = Date.now();
            timer = setTimeout(kill, delayMs);
          }
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  await exited;
  if (child.exitCode !== null && child.exitCode !== 0) throw new Error(`the child failed on its own (${child.exitCode}): ${stderr}${out}`);
  const killedAfterMs = Date.now() - openedAt;

  // Reopen as the next start would (read-write, so SQLite recovers the WAL), then check.
  const db = new Database(path);
  let run: CrashRun;
  try {
    const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? 'no result';
    const titles = new Set(db.prepare(`SELECT title FROM cases WHERE title LIKE 'ack-%'`).pluck().all() as string[]);
    let lost = 0;
    for (let n = 0; n < acknowledged; n++) if (!titles.has(`ack-${n}`)) lost++;
    run = { mode, killedAfterMs, acknowledged, lost, integrity, reopened: false };
    if (mode === 'migrate') {
      const recorded = (db.prepare('SELECT count(*) FROM schema_migrations WHERE version = 1000').pluck().get() as number) === 1;
      const columns = (db.prepare(`SELECT name FROM pragma_table_info('cases')`).pluck().all() as string[]).includes('crash_test');
      const index = !!db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'cases_crash_test'`).get();
      const rewritten = columns ? (db.prepare(`SELECT count(*) FROM cases WHERE crash_test = title || '/' || id`).pluck().get() as number) : 0;
      const seededLeft = db.prepare(`SELECT count(*) FROM cases WHERE title LIKE 'seed-%'`).pluck().get() as number;
      run.migrated = recorded;
      if (migrateOpenedAfter !== undefined) run.openedAfterMs = migrateOpenedAfter;
      run.migrationConsistent = seededLeft === seeded && recorded === columns && columns === index && (!columns || rewritten >= seeded);
    }
  } finally {
    db.close();
  }
  if (mode === 'backup') {
    const dir = defaultBackupDir(path);
    const names = existsSync(dir) ? readdirSync(dir) : [];
    run.backupsListed = listBackups(dir, path).length;
    run.badBackupFiles = names.filter((n) => n.endsWith('.sqlite') && !verifyCopy(join(dir, n)).ok).length;
    run.partialFiles = names.filter((n) => n.endsWith('.partial')).length;
  }
  if (mode !== 'migrate' || !run.migrated) {
    const library = new Library(path);
    run.reopened = library.status().state === 'ok';
    library.close();
  } else {
    run.reopened = true; // a newer schema than this build knows: checked above by hand instead
  }
  return run;
}

export interface CrashSummary {
  runs: CrashRun[];
  failures: string[];
}

/** `runsPerMode` kills of each mode in fresh copies of a seeded library under `dir`. */
export async function crashTest(
  dir: string,
  runsPerMode: number,
  { seed = 1, migrateCases = 3000, log }: { seed?: number; migrateCases?: number; log?: ((line: string) => void) | undefined } = {},
): Promise<CrashSummary> {
  let state = seed >>> 0;
  const random = () => ((state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
  const small = join(dir, 'seed-small.sqlite');
  const big = join(dir, 'seed-big.sqlite');
  seedLibrary(small, 5);
  seedLibrary(big, migrateCases);
  const runs: CrashRun[] = [];
  const failures: string[] = [];
  for (const mode of ['write', 'backup', 'migrate'] as const) {
    for (let i = 0; i < runsPerMode; i++) {
      const path = join(dir, `${mode}-${i}.sqlite`);
      copyFileSync(mode === 'migrate' ? big : small, path);
      // write/backup: 0-400 ms of work after the first acknowledged write; migrate: 0-250 ms from just before the open,
      // across the pre-migration backup, the migration itself and the first writes after it.
      const delay = Math.floor(random() * (mode === 'migrate' ? 250 : 400));
      const run = await crashOnce(mode, path, delay, mode === 'migrate' ? migrateCases : 5);
      runs.push(run);
      const problems = [
        run.lost > 0 && `${run.lost} acknowledged writes lost`,
        run.integrity !== 'ok' && `integrity_check: ${run.integrity}`,
        run.migrationConsistent === false && 'a half-applied migration',
        (run.badBackupFiles ?? 0) > 0 && `${run.badBackupFiles} unusable files with a backup's name`,
        !run.reopened && 'the library does not reopen as healthy',
      ].filter(Boolean);
      if (problems.length) failures.push(`${mode} #${i} (killed after ${run.killedAfterMs} ms): ${problems.join('; ')}`);
      log?.(`${mode} #${i}: killed after ${run.killedAfterMs} ms, ${run.acknowledged} acknowledged, ${run.lost} lost, integrity ${run.integrity}` +
        (run.migrated !== undefined ? `, migration ${run.migrated ? 'committed' : 'not committed'}${run.openedAfterMs !== undefined ? ` (open took ${run.openedAfterMs} ms)` : ''}` : '') +
        (run.backupsListed !== undefined ? `, ${run.backupsListed} backups listed, ${run.partialFiles} partial left` : ''));
    }
  }
  return { runs, failures };
}

/** The figures printed after a crash test. */
export function crashReport({ runs, failures }: CrashSummary): string {
  const by = (mode: CrashMode) => runs.filter((r) => r.mode === mode);
  const lines = [`crash test: ${runs.length} SIGKILLs, ${failures.length} failed`];
  for (const mode of ['write', 'backup', 'migrate'] as const) {
    const rs = by(mode);
    if (!rs.length) continue;
    const acked = rs.reduce((n, r) => n + r.acknowledged, 0);
    const lost = rs.reduce((n, r) => n + r.lost, 0);
    const extra =
      mode === 'backup'
        ? `, ${rs.reduce((n, r) => n + (r.backupsListed ?? 0), 0)} backups listed, ${rs.reduce((n, r) => n + (r.badBackupFiles ?? 0), 0)} unusable backup files, ${rs.reduce((n, r) => n + (r.partialFiles ?? 0), 0)} partial files left unlisted`
        : mode === 'migrate'
          ? `, ${rs.filter((r) => r.migrated).length} killed after the migration committed, ${rs.filter((r) => !r.migrated).length} before or during it, ${rs.filter((r) => r.migrationConsistent === false).length} half-applied`
          : '';
    lines.push(`  ${mode.padEnd(7)} ${rs.length} runs, ${acked} acknowledged writes, ${lost} lost, ${rs.filter((r) => r.integrity !== 'ok').length} failed integrity_check${extra}`);
  }
  for (const f of failures) lines.push(`  FAIL ${f}`);
  return lines.join('\n');
}

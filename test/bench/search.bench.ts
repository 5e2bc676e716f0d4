/**
 * Search benchmark (`npm run bench`): the search index, search:query, search:similar and the index
 * update of one edit, on libraries of realistic mixed Chinese/English cases with causes, whys,
 * actions, checks, lessons and improvements, next to raw SQL on the same file in the same run.
 *
 * Environment: CAUSEWAY_BENCH_SEARCH_SIZES (default "10000,100000"), CAUSEWAY_BENCH_SEED,
 * CAUSEWAY_BENCH_QUICK=1 (one library of 2,000 cases, fewer iterations), CAUSEWAY_BENCH_SEARCH_CACHE
 * (folder of built libraries, default a folder in the temp dir; "off" builds every time). A built
 * library is kept there under a key made of the data generators' source, the seed, the size, the
 * schema and the index builder's version, and copied from there on later runs (the 100,000-case
 * library takes minutes to build). Reports; the exit code is non-zero only if something throws.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import { Library } from '../../electron/backend/library';
import { LATEST_VERSION, MIGRATIONS, checksum } from '../../electron/backend/migrations';
import { INDEX_BUILDER_VERSION, indexCase, rebuildIndex } from '../../electron/backend/search/search-index';
import { cachedPrepare } from '../../electron/backend/sql';
import type { Db } from '../../electron/backend/database';
import { populate } from './dataset';
import { addAnalysisRows } from './search-data';
import { compare, ms, stats, table, time } from './measure';

const QUICK = process.env.CAUSEWAY_BENCH_QUICK === '1';
const SIZES = (process.env.CAUSEWAY_BENCH_SEARCH_SIZES ?? (QUICK ? '2000' : '10000,100000')).split(',').map(Number);
const SEED = Number(process.env.CAUSEWAY_BENCH_SEED ?? 20260305);
const ITER = QUICK ? 20 : 60;

/** Queries people type: single words in both languages, 2-character Chinese words, several words,
 *  English plurals, a prefix, a rare word and FTS syntax. */
const QUERIES = ['延误', '培训', '回滚', '物流 仓库', '客户 排队', 'parcel', 'refunds', 'payment callback', 'deliv', 'cashier queue', '"NEAR(queue*', '包装缺陷', 'hotline'];

const CACHE = process.env.CAUSEWAY_BENCH_SEARCH_CACHE ?? join(tmpdir(), 'causeway-search-bench-cache');

/** Where the built library of `count` cases is kept: any change to what generates it gives a new
 *  name, so a stale library is never reused. */
function cachePath(count: number): string | null {
  if (CACHE === 'off') return null;
  const hash = createHash('sha256');
  for (const file of ['dataset.ts', 'search-data.ts']) hash.update(readFileSync(join(import.meta.dirname, file)));
  hash.update(`${SEED} ${count} ${LATEST_VERSION} ${INDEX_BUILDER_VERSION}`);
  // Every migration's text: two branches may reach the same version with different schemas.
  for (const m of MIGRATIONS) hash.update(checksum(m));
  return join(CACHE, `search-${count}-${hash.digest('hex').slice(0, 16)}.sqlite`);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function run(count: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-search-bench-'));
  try {
    const path = join(dir, 'library.sqlite');
    let clock = Date.parse('2026-01-01T00:00:00.000Z');
    const cached = cachePath(count);
    const fromCache = cached !== null && existsSync(cached);
    if (fromCache) copyFileSync(cached, path);
    const library = new Library(path, { now: () => new Date(clock) });
    const db = (library as unknown as { state: { db: Db } }).state.db;
    let built = 'copied from the cache';
    if (!fromCache) {
      const t0 = performance.now();
      // The cases through the real repository (each create indexes its case), in one transaction.
      library.transaction(() => populate(library.repo, (ms) => (clock = ms), { count, seed: SEED, heavyEvents: 50, startMs: clock }));
      const tCases = performance.now() - t0;
      addAnalysisRows(db, SEED + 1);
      const tRebuild = time(() => rebuildIndex(db));
      built = `cases written in ${(tCases / 1000).toFixed(1)} s; index rebuilt in ${(tRebuild / 1000).toFixed(1)} s`;
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    if (cached && !fromCache) {
      // Nothing writes between the checkpoint and the copy: the file alone is the whole library.
      mkdirSync(CACHE, { recursive: true });
      copyFileSync(path, `${cached}.part`);
      renameSync(`${cached}.part`, cached);
    }
    const docs = db.prepare('SELECT count(*) FROM search_docs').pluck().get() as number;
    let indexBytes = 0;
    try {
      indexBytes = db.prepare(`SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search%'`).pluck().get() as number;
    } catch {
      indexBytes = NaN;
    }
    const fileBytes = statSync(path).size;

    const dispatch = createDispatch(createHandlers({ library, version: 'bench', shell: 'browser' }), { log: () => undefined });
    const call = (method: string, input: unknown) => {
      const r = dispatch(method as never, input as never) as unknown as { ok: boolean; value: unknown; error?: unknown };
      if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
      return r.value;
    };
    const rawFts = db.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT 20');
    const rawLike = db.prepare(`SELECT id FROM search_docs WHERE text LIKE ? LIMIT 20`);
    const { matchExpression, queryWords } = searchInternals;
    let qi = 0;
    let hitsSeen = 0;
    // CPU time of the process beside wall time: other work on the machine stretches the latter.
    const cpuOf = (samples: number[], fn: () => unknown) => {
      const before = process.cpuUsage();
      const wall = time(fn);
      const used = process.cpuUsage(before);
      samples.push((used.user + used.system) / 1000);
      return wall;
    };
    const searchCpu: number[] = [];
    const similarCpu: number[] = [];
    const byQuery = new Map<string, number[]>();
    const searchStats = compare(
      {
        'search:query (api)': () => {
          const q = QUERIES[qi++ % QUERIES.length]!;
          const wall = cpuOf(searchCpu, () => (hitsSeen += (call('search:query', { q }) as { total: number }).total));
          byQuery.set(q, [...(byQuery.get(q) ?? []), wall]);
          return wall;
        },
        'raw FTS MATCH, top 20': () => {
          const words = queryWords(QUERIES[qi % QUERIES.length]!);
          return time(() => rawFts.all(matchExpression(words)));
        },
        'raw LIKE, first 20': () => {
          const q = QUERIES[qi % QUERIES.length]!.split(' ')[0]!;
          return time(() => rawLike.all(`%${q}%`));
        },
      },
      { warmup: 5, iterations: ITER * 2 },
    );
    // The same queries sorted by date (newest case first), next to the page read the earlier way: every
    // hit joined to its case and sorted (fewer rounds of it: it takes most of a second at 100,000 cases).
    const dateCpu: number[] = [];
    const dateByQuery = new Map<string, number[]>();
    let di = 0;
    const dateStats = compare(
      {
        'search:query by date (api)': () => {
          const q = QUERIES[di++ % QUERIES.length]!;
          const wall = cpuOf(dateCpu, () => (hitsSeen += (call('search:query', { q, sort: 'date' }) as { total: number }).total));
          dateByQuery.set(q, [...(dateByQuery.get(q) ?? []), wall]);
          return wall;
        },
      },
      { warmup: 5, iterations: ITER * 2 },
    );
    const joinedByDate = db.prepare(
      `SELECT d.id FROM search_fts f JOIN search_docs d ON d.id = f.rowid JOIN cases c ON c.id = d.case_id WHERE search_fts MATCH ? AND c.deleted_at IS NULL ORDER BY coalesce(c.occurred_at, c.created_at) DESC, c.id, d.id LIMIT 20`,
    );
    const slowDateCpu: number[] = [];
    const slowDateStats = compare(
      {
        'raw FTS MATCH by date, joined and sorted': () => {
          const words = queryWords(QUERIES[di++ % QUERIES.length]!);
          return cpuOf(slowDateCpu, () => joinedByDate.all(matchExpression(words)));
        },
      },
      { warmup: 2, iterations: QUICK ? 13 : 26 },
    );
    const ids = db.prepare('SELECT id FROM cases WHERE deleted_at IS NULL ORDER BY id LIMIT 200').pluck().all() as string[];
    let si = 0;
    const similarStats = compare({ 'search:similar': () => cpuOf(similarCpu, () => call('search:similar', { caseId: ids[si++ % ids.length]!, limit: 5 })) }, { warmup: 3, iterations: ITER });

    // One edit: a cause's text changes; its case's index is brought up to date (what every write
    // pays inside its transaction), and the full fishbone:apply path for comparison.
    const stmt = cachedPrepare(db);
    const causes = db.prepare('SELECT x.id, x.case_id FROM causes x JOIN cases c ON c.id = x.case_id WHERE c.deleted_at IS NULL ORDER BY x.id LIMIT 200').all() as { id: string; case_id: string }[];
    let ei = 0;
    const editStats = compare(
      {
        'index update of one edit': () => {
          const c = causes[ei++ % causes.length]!;
          return db.transaction(() => {
            stmt('UPDATE causes SET text = ? WHERE id = ?').run(`回滚冻结检查 ${ei} rollback freeze`, c.id);
            return time(() => indexCase(stmt, c.case_id));
          })();
        },
        'fishbone:apply updateCause (api)': () => {
          const c = causes[ei % causes.length]!;
          return time(() => call('fishbone:apply', { caseId: c.case_id, command: { type: 'updateCause', id: c.id, patch: { evidence: `证据 ${ei} evidence` } } }));
        },
      },
      { warmup: 5, iterations: ITER },
    );
    const rss = process.memoryUsage().rss;

    const rows = [
      ...Object.entries(searchStats).map(([k, s]) => [k, ms(s.median), ms(s.p95), k.startsWith('search') ? (count <= 10_000 ? '< 30' : '< 100') : '', k.startsWith('search') ? (s.p95 < (count <= 10_000 ? 30 : 100) ? 'PASS' : 'FAIL') : '']),
      ...Object.entries(dateStats).map(([k, s]) => [k, ms(s.median), ms(s.p95), count <= 10_000 ? '< 30' : '< 100', s.p95 < (count <= 10_000 ? 30 : 100) ? 'PASS' : 'FAIL']),
      ...Object.entries(slowDateStats).map(([k, s]) => [k, ms(s.median), ms(s.p95), '', '']),
      ...Object.entries(similarStats).map(([k, s]) => [k, ms(s.median), ms(s.p95), count <= 10_000 ? '< 50' : '', count <= 10_000 ? (s.p95 < 50 ? 'PASS' : 'FAIL') : '']),
      ...Object.entries(editStats).map(([k, s]) => [k, ms(s.median), ms(s.p95), k.startsWith('index') ? '< 5' : '', k.startsWith('index') ? (s.p95 < 5 ? 'PASS' : 'FAIL') : '']),
    ];
    console.log(`\nSearch: ${count.toLocaleString('en')} cases, ${docs.toLocaleString('en')} indexed documents (${built})`);
    console.log(table(['operation', 'median ms', 'p95 ms', 'target', ''], rows));
    const cpuSearch = stats(searchCpu);
    const cpuSimilar = stats(similarCpu);
    console.log(
      `CPU time, median / p95 (warm-up included): search:query ${ms(cpuSearch.median)} / ${ms(cpuSearch.p95)} ms; search:similar ${ms(cpuSimilar.median)} / ${ms(cpuSimilar.p95)} ms`,
    );
    console.log(`search:query wall time by query, median: ${[...byQuery].map(([q, w]) => `${q} ${ms(stats(w).median)}`).join(', ')}`);
    const cpuDate = stats(dateCpu);
    const cpuSlowDate = stats(slowDateCpu);
    console.log(`CPU time by date, median / p95: search:query ${ms(cpuDate.median)} / ${ms(cpuDate.p95)} ms; joined and sorted ${ms(cpuSlowDate.median)} / ${ms(cpuSlowDate.p95)} ms`);
    console.log(`search:query by date, wall time by query, median: ${[...dateByQuery].map(([q, w]) => `${q} ${ms(stats(w).median)}`).join(', ')}`);
    console.log(`index size on disk: ${mb(indexBytes)} (library file ${mb(fileBytes)}); host RSS after the run: ${mb(rss)}; hits counted: ${hitsSeen}`);
    library.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import * as searchInternals from '../../electron/backend/search/query';
for (const size of SIZES) run(size);

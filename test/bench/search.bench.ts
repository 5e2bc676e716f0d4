/**
 * Search benchmark (`npm run bench`): the search index, search:query, search:similar and the index
 * update of one edit, on libraries of realistic mixed Chinese/English cases with causes, whys,
 * actions, checks, lessons and improvements, next to raw SQL on the same file in the same run.
 *
 * Environment: CAUSEWAY_BENCH_SEARCH_SIZES (default "10000,100000"), CAUSEWAY_BENCH_SEED,
 * CAUSEWAY_BENCH_QUICK=1 (one library of 2,000 cases, fewer iterations). Reports; the exit code is
 * non-zero only if something throws.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import { Library } from '../../electron/backend/library';
import { indexCase, rebuildIndex } from '../../electron/backend/search/search-index';
import { cachedPrepare } from '../../electron/backend/sql';
import type { Db } from '../../electron/backend/database';
import { paragraph, populate, prng, Rand } from './dataset';
import { compare, ms, table, time } from './measure';

const QUICK = process.env.CAUSEWAY_BENCH_QUICK === '1';
const SIZES = (process.env.CAUSEWAY_BENCH_SEARCH_SIZES ?? (QUICK ? '2000' : '10000,100000')).split(',').map(Number);
const SEED = Number(process.env.CAUSEWAY_BENCH_SEED ?? 20260305);
const ITER = QUICK ? 20 : 60;

/** Queries people type: single words in both languages, 2-character Chinese words, several words,
 *  English plurals, a prefix, a rare word and FTS syntax. */
const QUERIES = ['延误', '培训', '回滚', '物流 仓库', '客户 排队', 'parcel', 'refunds', 'payment callback', 'deliv', 'cashier queue', '"NEAR(queue*', '包装缺陷', 'hotline'];

const CAUSES_ZH = ['拣货人员临时抽调，未经培训上岗', '系统回滚后库存未同步', '配送路线规划没有考虑高峰期', '客服话术缺少延误说明', '供应商数据库备份失败'];
const CAUSES_EN = ['Pickers were moved from another site without training', 'Stock was not synced after the rollback', 'Route planning ignored the peak', 'Agents had no script for delays', 'Supplier database backups failed'];
const ACTIONS_ZH = ['高峰期前两周完成拣货培训', '上线库存同步监控', '修订客服延误话术'];
const ACTIONS_EN = ['Train pickers two weeks before the peak', 'Monitor stock sync after releases', 'Rewrite the delay script for agents'];
const LESSONS_ZH = ['促销前必须做容量评估', '跨部门交接要有书面确认'];
const LESSONS_EN = ['Plan capacity before every campaign', 'Hand-overs between departments need a written confirmation'];

/** Causes, whys, actions (with progress, checks), feedback, lessons and improvements for every case,
 *  written as rows (the repositories would take hours at 100k); the index is then built from them as
 *  a library upgraded to migration 6 is. */
function addAnalysisRows(db: Db, seed: number): void {
  const r = new Rand(prng(seed));
  const at = '2026-11-01T00:00:00.000Z';
  const ids = db.prepare('SELECT id FROM cases').pluck().all() as string[];
  const cat = db.prepare('INSERT INTO fishbone_categories (id, case_id, position, label, template_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const cause = db.prepare('INSERT INTO causes (id, case_id, category_id, parent_id, position, text, evidence, is_root_cause, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)');
  const analysis = db.prepare('INSERT INTO why_analyses (id, case_id, start_cause_id, question, position, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)');
  const why = db.prepare('INSERT INTO whys (id, analysis_id, parent_id, position, answer, evidence, is_root_cause, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)');
  const action = db.prepare('INSERT INTO actions (id, case_id, position, title, description, kind, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const progress = db.prepare('INSERT INTO action_progress (id, action_id, at, note, position, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)');
  const check = db.prepare('INSERT INTO effectiveness_checks (id, action_id, result, evidence, checked_at, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)');
  const lesson = db.prepare('INSERT INTO lessons (id, case_id, position, kind, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const improvement = db.prepare("INSERT INTO improvements (id, case_id, position, area, text, created_at, updated_at) VALUES (?, ?, 0, 'training', ?, ?, ?)");
  db.transaction(() => {
    for (const caseId of ids) {
      const zh = r.chance(0.55);
      const categories = ['人 People', '机 Machine', '法 Method', '环 Environment'].map((label, i) => {
        const id = r.uuid();
        cat.run(id, caseId, i, label, ['people', 'machine', 'method', 'environment'][i], at, at);
        return id;
      });
      const causeIds: string[] = [];
      for (let i = 0; i < r.int(3, 8); i++) {
        const id = r.uuid();
        cause.run(id, caseId, r.pick(categories), i, r.pick(zh ? CAUSES_ZH : CAUSES_EN), r.chance(0.5) ? paragraph(r, zh, 1) : '', r.chance(0.2) ? 1 : 0, at, at);
        causeIds.push(id);
      }
      const a = r.uuid();
      analysis.run(a, caseId, causeIds[0]!, '', at, at);
      let parent: string | null = null;
      for (let i = 0; i < r.int(2, 5); i++) {
        const id = r.uuid();
        why.run(id, a, parent, r.pick(zh ? CAUSES_ZH : CAUSES_EN), r.chance(0.5) ? paragraph(r, zh, 1) : '', 0, at, at);
        parent = id;
      }
      for (let i = 0; i < r.int(1, 3); i++) {
        const id = r.uuid();
        action.run(id, caseId, i, r.pick(zh ? ACTIONS_ZH : ACTIONS_EN), paragraph(r, zh, 1), 'corrective', r.chance(0.5) ? 'verified' : 'in_progress', at, at);
        if (r.chance(0.6)) progress.run(r.uuid(), id, at, paragraph(r, zh, 1), at, at);
        if (r.chance(0.4)) check.run(r.uuid(), id, r.chance(0.7) ? 'effective' : 'partly', paragraph(r, zh, 1), at, at, at);
      }
      for (let i = 0; i < r.int(0, 2); i++) lesson.run(r.uuid(), caseId, i, r.pick(['went_well', 'went_wrong', 'got_lucky']), r.pick(zh ? LESSONS_ZH : LESSONS_EN), at, at);
      if (r.chance(0.5)) improvement.run(r.uuid(), caseId, r.pick(zh ? ACTIONS_ZH : ACTIONS_EN), at, at);
    }
  })();
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function run(count: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-search-bench-'));
  try {
    const path = join(dir, 'library.sqlite');
    let clock = Date.parse('2026-01-01T00:00:00.000Z');
    const library = new Library(path, { now: () => new Date(clock) });
    const db = (library as unknown as { state: { db: Db } }).state.db;
    const t0 = performance.now();
    // The cases through the real repository (each create indexes its case), in one transaction.
    library.transaction(() => populate(library.repo, (ms) => (clock = ms), { count, seed: SEED, heavyEvents: 50, startMs: clock }));
    const tCases = performance.now() - t0;
    addAnalysisRows(db, SEED + 1);
    const tRebuild = time(() => rebuildIndex(db));
    db.pragma('wal_checkpoint(TRUNCATE)');
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
    const searchStats = compare(
      {
        'search:query (api)': () => {
          const q = QUERIES[qi++ % QUERIES.length]!;
          return time(() => (hitsSeen += (call('search:query', { q }) as { total: number }).total));
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
    const ids = db.prepare('SELECT id FROM cases WHERE deleted_at IS NULL ORDER BY id LIMIT 200').pluck().all() as string[];
    let si = 0;
    const similarStats = compare({ 'search:similar': () => time(() => call('search:similar', { caseId: ids[si++ % ids.length]!, limit: 5 })) }, { warmup: 3, iterations: ITER });

    // One edit: a cause's text changes; its case's index is brought up to date (what every write
    // pays inside its transaction), and the full fishbone:apply path for comparison.
    const stmt = cachedPrepare(db);
    const causes = db.prepare('SELECT id, case_id FROM causes ORDER BY id LIMIT 200').all() as { id: string; case_id: string }[];
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
      ...Object.entries(similarStats).map(([k, s]) => [k, ms(s.median), ms(s.p95), count <= 10_000 ? '< 50' : '', count <= 10_000 ? (s.p95 < 50 ? 'PASS' : 'FAIL') : '']),
      ...Object.entries(editStats).map(([k, s]) => [k, ms(s.median), ms(s.p95), k.startsWith('index') ? '< 5' : '', k.startsWith('index') ? (s.p95 < 5 ? 'PASS' : 'FAIL') : '']),
    ];
    console.log(`\nSearch: ${count.toLocaleString('en')} cases, ${docs.toLocaleString('en')} indexed documents (cases written in ${(tCases / 1000).toFixed(1)} s; index rebuilt in ${(tRebuild / 1000).toFixed(1)} s)`);
    console.log(table(['operation', 'median ms', 'p95 ms', 'target', ''], rows));
    console.log(`index size on disk: ${mb(indexBytes)} (library file ${mb(fileBytes)}); host RSS after the run: ${mb(rss)}; hits counted: ${hitsSeen}`);
    library.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import * as searchInternals from '../../electron/backend/search/query';
for (const size of SIZES) run(size);

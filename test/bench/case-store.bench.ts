/**
 * Case store benchmark (`npm run bench`).
 *
 * Builds a library of 10,000 realistic cases in a temp dir, then measures the operations a user
 * feels — open, list a page, filter, open a case, save a field — through the full backend path
 * (contract validation -> handler -> CaseRepo -> SQLite -> output validation), and next to each the
 * same work done by raw better-sqlite3 with prepared statements on the same file in the same run.
 *
 * It reports; it does not judge the build: the exit code is 0 whatever the PASS/FAIL column says,
 * and non-zero only if something throws (including a call that returns an error).
 *
 * It also measures a case's fishbone of FISHBONE_CAUSES causes: reading it (`fishbone:get`) and applying
 * one command to it (`fishbone:apply`), the write behind every edit on the diagram; and the same two
 * for a case's 5-Whys analyses of WHY_COUNT whys (`whys:get`, `whys:apply`).
 *
 * Environment: CAUSEWAY_BENCH_CASES (default 10000), CAUSEWAY_BENCH_SEED (default 20260305),
 * CAUSEWAY_BENCH_QUICK=1 (fewer iterations, for trying the script out).
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { contract, type Input, type Output } from '../../shared/contract/contract';
import type { MethodName, SyncMethod } from '../../shared/contract/methods';
import { CaseQuery } from '../../shared/domain/case';
import { CaseRepo } from '../../electron/backend/case-repo';
import { openDatabase, type Db } from '../../electron/backend/database';
import { createDispatch, type Dispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import { Library } from '../../electron/backend/library';
import { LATEST_VERSION, MIGRATIONS, checksum } from '../../electron/backend/migrations';
import { applyCommand } from '../../shared/domain/fishbone-commands';
import type { Fishbone } from '../../shared/domain/fishbone';
import { applyWhyCommand } from '../../shared/domain/why-commands';
import { defaultWhyFields, type Why, type WhyAnalysis } from '../../shared/domain/whys';
import { fishboneTree, paragraph, populate, prng, Rand, whyAnalysesTree, type Dataset } from './dataset';
import { compare, ms, ratio, table, time, type Stats } from './measure';

const CASES = Number(process.env.CAUSEWAY_BENCH_CASES ?? 10_000);
const SEED = Number(process.env.CAUSEWAY_BENCH_SEED ?? 20260305);
const QUICK = process.env.CAUSEWAY_BENCH_QUICK === '1';
const HEAVY_EVENTS = 200;
const FISHBONE_CAUSES = 1_000;
const WHY_COUNT = 500;
const FAST = QUICK ? { warmup: 5, iterations: 30 } : { warmup: 30, iterations: 200 };
const SLOW = QUICK ? { warmup: 1, iterations: 5 } : { warmup: 3, iterations: 20 };
const TARGET_MEDIAN_MS = 5;
/** CAUSEWAY_BENCH_ONLY=title-sort measures the library's title order alone. */
const TITLE_SORT_ONLY = process.env.CAUSEWAY_BENCH_ONLY === 'title-sort';
const TARGET_RATIO = 2;

interface Row {
  op: string;
  ours: Stats;
  raw: Stats;
  bare: Stats;
  /** Median target in ms, when the spec sets one for this operation. */
  targetMs?: number;
}

const rows: Row[] = [];
const breakdowns: string[] = [];

/** One call through the dispatcher that must succeed; an error result fails the benchmark. */
function api<M extends MethodName>(call: Dispatch, method: M, input: Input<M>): Output<M> {
  // Only synchronous methods are measured here.
  const result = call(method as SyncMethod, input);
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
  return result.value as Output<M>;
}

function pragmas(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 3000');
}

function removeDb(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

function generate(path: string, backupDir: string): Dataset {
  const db = openDatabase(path, { backupDir });
  let clock = Date.parse('2024-01-01T00:00:00.000Z');
  const repo = new CaseRepo(db, () => new Date(clock));
  try {
    return db.transaction(() =>
      populate(repo, (t) => (clock = t), { count: CASES, seed: SEED, heavyEvents: HEAVY_EVENTS, startMs: clock }),
    )();
  } finally {
    db.close();
  }
}

function benchOpen(dir: string, libPath: string): void {
  // 1a. An existing library of CASES cases: nothing to migrate, but the file is checked first.
  const existing = compare(
    {
      ours: () => {
        let lib: Library | undefined;
        const t = time(() => (lib = new Library(libPath)));
        if (lib!.status().state !== 'ok') throw new Error(`open failed: ${JSON.stringify(lib!.status())}`);
        lib!.close();
        return t;
      },
      raw: () => {
        let db: Db | undefined;
        const t = time(() => {
          db = new Database(libPath);
          const check = db.pragma('quick_check', { simple: true });
          if (check !== 'ok') throw new Error(`quick_check: ${String(check)}`);
          pragmas(db);
          db.prepare('SELECT version, checksum FROM schema_migrations ORDER BY version').all();
        });
        db!.close();
        return t;
      },
      bare: () => {
        let db: Db | undefined;
        const t = time(() => {
          db = new Database(libPath);
          db.pragma('journal_mode = WAL');
        });
        db!.close();
        return t;
      },
    },
    SLOW,
  );
  rows.push({ op: `open ${CASES} cases`, ...existing });

  // 1b. A fresh file: create it and run every migration.
  const freshDir = join(dir, 'fresh');
  mkdirSync(freshDir);
  let n = 0;
  const fresh = (open: (path: string) => { close(): void }) => () => {
    const path = join(freshDir, `f${n++}.sqlite`);
    let handle: { close(): void } | undefined;
    const t = time(() => (handle = open(path)));
    handle!.close();
    removeDb(path);
    return t;
  };
  const created = compare(
    {
      ours: fresh((path) => {
        const lib = new Library(path);
        if (lib.status().state !== 'ok') throw new Error('fresh open failed');
        return lib;
      }),
      raw: fresh((path) => {
        const db = new Database(path);
        pragmas(db);
        db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)');
        const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
        for (const m of MIGRATIONS) {
          db.transaction(() => {
            db.exec(m.sql);
            record.run(m.version, m.name, checksum(m), new Date().toISOString());
          })();
        }
        db.pragma(`user_version = ${LATEST_VERSION}`);
        return db;
      }),
      bare: fresh((path) => {
        const db = new Database(path);
        db.pragma('journal_mode = WAL');
        db.exec(`BEGIN; ${MIGRATIONS.map((m) => m.sql).join('\n')} COMMIT;`);
        return db;
      }),
    },
    SLOW,
  );
  rows.push({ op: 'open fresh file + migrate', ...created });
}

const SUMMARY_COLUMNS = 'c.id, c.title, c.step, c.status, c.severity, c.scenario_type, c.mot_failure, c.department, c.occurred_at, c.updated_at, c.deleted_at';

/** The minimal SQL that yields what a list page holds: the page with its tags, the total and the
 *  counts per step (one GROUP BY), and the trash count. Same order (updated_at DESC, id) as ours. */
function rawList(raw: Db, where: string) {
  const page = raw.prepare(
    `SELECT ${SUMMARY_COLUMNS}, (SELECT json_group_array(tag) FROM case_tags t WHERE t.case_id = c.id) AS tags
     FROM cases c WHERE ${where} ORDER BY c.updated_at DESC, c.id LIMIT ? OFFSET ?`,
  );
  const counts = raw.prepare(`SELECT c.step, count(*) AS n FROM cases c WHERE ${where} GROUP BY c.step`);
  const trash = raw.prepare('SELECT count(*) AS n FROM cases WHERE deleted_at IS NOT NULL');
  // The single query of the issue: one page of summaries, nothing else.
  const bare = raw.prepare(`SELECT ${SUMMARY_COLUMNS} FROM cases c WHERE ${where} ORDER BY c.updated_at DESC LIMIT ?`);
  return {
    page,
    counts,
    trash,
    equivalent: (params: unknown[]) => ({
      rows: page.all(...params, 50, 0) as { id: string }[],
      counts: counts.all(...params) as { step: string; n: number }[],
      trash: (trash.get() as { n: number }).n,
    }),
    bare: (params: unknown[]) => bare.all(...params, 50),
  };
}

function benchList(call: Dispatch, library: Library, raw: Db): void {
  const cases: { op: string; input: Input<'cases:list'>; where: string; params: unknown[]; targetMs?: number; breakdown?: boolean }[] = [
    { op: 'list first page (50)', input: { limit: 50 }, where: 'c.deleted_at IS NULL', params: [], targetMs: TARGET_MEDIAN_MS, breakdown: true },
    {
      op: "list: search 'delivery' + severity",
      input: { limit: 50, search: 'delivery', severity: 'high' },
      where: 'c.deleted_at IS NULL AND c.title LIKE ? AND c.severity = ?',
      params: ['%delivery%', 'high'],
      targetMs: TARGET_MEDIAN_MS,
      breakdown: true,
    },
    {
      op: "list: search '配送' + severity",
      input: { limit: 50, search: '配送', severity: 'critical' },
      where: 'c.deleted_at IS NULL AND c.title LIKE ? AND c.severity = ?',
      params: ['%配送%', 'critical'],
      targetMs: TARGET_MEDIAN_MS,
    },
    {
      op: "list: tag '物流'",
      input: { limit: 50, tag: '物流' },
      where: `c.deleted_at IS NULL AND c.id IN (SELECT case_id FROM case_tags WHERE tag LIKE ? ESCAPE '\\')`,
      params: ['%物流%'],
      targetMs: TARGET_MEDIAN_MS,
      breakdown: true,
    },
  ];
  for (const c of cases) {
    const sql = rawList(raw, c.where);
    // The raw queries must do the same work: same page, same total, same counts.
    const page = api(call, 'cases:list', c.input);
    const eq = sql.equivalent(c.params);
    const rawTotal = eq.counts.reduce((s, r) => s + r.n, 0);
    if (page.total !== rawTotal || page.trashCount !== eq.trash || page.items.map((i) => i.id).join() !== eq.rows.map((r) => r.id).join()) {
      throw new Error(`${c.op}: raw SQL and dispatch disagree (total ${page.total} vs ${rawTotal})`);
    }
    if (page.items.length === 0) throw new Error(`${c.op}: the data set has no match; the benchmark would measure nothing`);
    const result = compare(
      {
        ours: () => time(() => api(call, 'cases:list', c.input)),
        raw: () => time(() => sql.equivalent(c.params)),
        bare: () => time(() => sql.bare(c.params)),
      },
      FAST,
    );
    rows.push({ op: `${c.op} [${page.items.length}/${page.total}]`, targetMs: c.targetMs, ...result });

    if (c.breakdown) {
      const spec = contract['cases:list'];
      const parsedInput = spec.input.parse(c.input);
      const query = CaseQuery.parse(parsedInput);
      const value = library.repo.list(query);
      breakdowns.push(
        breakdown(`cases:list ${JSON.stringify(c.input)}`, result.ours, {
          'input: contract safeParse': () => spec.input.safeParse(c.input),
          'handler: CaseQuery.parse (again)': () => CaseQuery.parse(parsedInput),
          'repo.list (SQL + mapping)': () => library.repo.list(query),
          'output: CasePage.parse': () => spec.output.parse(value),
          '  sql: page + tags': () => sql.page.all(...c.params, 50, 0),
          '  sql: counts by step': () => sql.counts.all(...c.params),
          '  sql: trash count': () => sql.trash.get(),
        }),
      );
    }
  }
}

/** "Title A-Z" in Chinese (pinyin, through Intl.Collator) against SQLite's own NOCASE order (code
 *  points, the order this replaced) with the same counts: the collator's ranks are cached, so a
 *  page should cost about as much. */
function benchTitleSort(call: Dispatch, raw: Db): void {
  const input = { limit: 50, sort: 'title_asc', language: 'zh-CN' } as const;
  const page = raw.prepare(
    `SELECT ${SUMMARY_COLUMNS}, (SELECT json_group_array(tag) FROM case_tags t WHERE t.case_id = c.id) AS tags
     FROM cases c WHERE c.deleted_at IS NULL ORDER BY c.title COLLATE NOCASE, c.id LIMIT 50`,
  );
  // The rest of a list answer, as for the other list operations: the counts per step and the trash.
  const { counts, trash } = rawList(raw, 'c.deleted_at IS NULL');
  const first = api(call, 'cases:list', input);
  if (first.items.length === 0) throw new Error('title sort: the data set is empty');
  const result = compare(
    {
      ours: () => time(() => api(call, 'cases:list', input)),
      raw: () => time(() => [page.all(), counts.all(), trash.get()]),
      bare: () => time(() => page.all()),
    },
    FAST,
  );
  rows.push({ op: `list: title A-Z, zh-CN collation [${first.items.length}/${first.total}]`, targetMs: TARGET_MEDIAN_MS, ...result });
}

function benchGet(call: Dispatch, library: Library, raw: Db, id: string): void {
  const caseRow = raw.prepare('SELECT * FROM cases WHERE id = ?');
  const tags = raw.prepare('SELECT tag FROM case_tags WHERE case_id = ? ORDER BY tag').pluck();
  const events = raw.prepare('SELECT * FROM timeline_events WHERE case_id = ? ORDER BY position');
  // Ours reads in one transaction (a consistent snapshot); so does the raw equivalent.
  const equivalent = raw.transaction(() => ({ c: caseRow.get(id), tags: tags.all(id), timeline: events.all(id) as unknown[] }));
  const detail = api(call, 'cases:get', { id });
  if (detail.timeline.length !== HEAVY_EVENTS || equivalent().timeline.length !== HEAVY_EVENTS) throw new Error('the heavy case lost its events');
  const result = compare(
    {
      ours: () => time(() => api(call, 'cases:get', { id })),
      raw: () => time(equivalent),
      bare: () => time(() => events.all(id)),
    },
    FAST,
  );
  rows.push({ op: `open case (${HEAVY_EVENTS} events)`, targetMs: TARGET_MEDIAN_MS, ...result });

  const spec = contract['cases:get'];
  const value = library.repo.get(id);
  const begin = raw.transaction(() => undefined);
  breakdowns.push(
    breakdown(`cases:get (${HEAVY_EVENTS} timeline events)`, result.ours, {
      'input: contract safeParse': () => spec.input.safeParse({ id }),
      'repo.get (SQL + mapping)': () => library.repo.get(id),
      'output: CaseDetail.parse': () => spec.output.parse(value),
      '  sql: case row': () => caseRow.get(id),
      '  sql: tags': () => tags.all(id),
      '  sql: timeline': () => events.all(id),
      '  sql: empty transaction': () => begin(),
    }),
  );
}

function benchUpdate(call: Dispatch, library: Library, raw: Db, id: string): void {
  const r = new Rand(prng(SEED + 1));
  const text = () => `${paragraph(r, r.chance(0.5), r.int(2, 8))} (${r.int(0, 1e9)})`;
  let revision = api(call, 'cases:get', { id }).case.revision;
  const stamp = () => new Date().toISOString();
  const update = raw.prepare('UPDATE cases SET problem = ?, revision = revision + 1, updated_at = ? WHERE id = ? AND revision = ? AND deleted_at IS NULL');
  const read = raw.prepare('SELECT * FROM cases WHERE id = ?');
  const tags = raw.prepare('SELECT tag FROM case_tags WHERE case_id = ? ORDER BY tag').pluck();
  // Ours updates and reads the record back (with its tags) in one transaction; so does this.
  const equivalent = raw.transaction((problem: string) => {
    if (update.run(problem, stamp(), id, revision).changes !== 1) throw new Error('raw update missed');
    const row = read.get(id) as { revision: number };
    tags.all(id);
    return row.revision;
  });
  const bare = raw.prepare(
    'UPDATE cases SET problem = ?, revision = revision + 1, updated_at = ? WHERE id = ? AND revision = ? AND deleted_at IS NULL RETURNING revision',
  ).pluck();
  const result = compare(
    {
      ours: () => {
        const input = { id, revision, patch: { problem: text() } };
        return time(() => (revision = api(call, 'cases:update', input).revision));
      },
      raw: () => {
        const problem = text();
        return time(() => (revision = equivalent(problem)));
      },
      bare: () => {
        const problem = text();
        return time(() => {
          const next = bare.get(problem, stamp(), id, revision) as number | undefined;
          if (next === undefined) throw new Error('bare update missed');
          revision = next;
        });
      },
    },
    FAST,
  );
  rows.push({ op: 'save one field (problem)', ...result });

  const spec = contract['cases:update'];
  const sample = { id, revision, patch: { problem: text() } };
  const record = library.repo.getCase(id);
  breakdowns.push(
    breakdown('cases:update {problem}', result.ours, {
      'input: contract safeParse': () => spec.input.safeParse(sample),
      'repo.update (SQL + read back)': () => (revision = library.repo.update(id, revision, { problem: text() }).revision),
      'output: CaseRecord.parse': () => spec.output.parse(record),
    }),
  );
}

/** The case the fishbone benchmarks use: an ordinary case given a FISHBONE_CAUSES-cause diagram. */
function fishboneCase(call: Dispatch): { caseId: string; fishbone: Fishbone } {
  const r = new Rand(prng(SEED + 2));
  const caseId = api(call, 'cases:create', { language: 'zh-CN', title: `鱼骨图 ${FISHBONE_CAUSES} causes` }).case.id;
  const fishbone = fishboneTree(r, FISHBONE_CAUSES);
  api(call, 'fishbone:apply', { caseId, command: { type: 'replace', fishbone } });
  return { caseId, fishbone };
}

/** Every cause id with the id of its category, in reading order. */
function causeIds(fishbone: Fishbone): { id: string; categoryId: string; leaf: boolean }[] {
  const out: { id: string; categoryId: string; leaf: boolean }[] = [];
  const walk = (list: Fishbone['categories'][number]['causes'], categoryId: string) => {
    for (const c of list) {
      out.push({ id: c.id, categoryId, leaf: c.children.length === 0 });
      walk(c.children, categoryId);
    }
  };
  for (const c of fishbone.categories) walk(c.causes, c.id);
  return out;
}

function benchFishbone(call: Dispatch, library: Library, raw: Db): void {
  const { caseId, fishbone } = fishboneCase(call);
  const read = api(call, 'fishbone:get', { caseId });
  if (!isDeepStrictEqual(read.fishbone, fishbone)) throw new Error('the stored fishbone differs from the one written');

  // Raw reads: the case row and the two tables, in one transaction; ours also builds the tree.
  const caseRow = raw.prepare('SELECT revision, deleted_at, fishbone_effect, fishbone_template, fishbone_orientation FROM cases WHERE id = ?');
  const categories = raw.prepare('SELECT id, position, label, template_key FROM fishbone_categories WHERE case_id = ? ORDER BY position, id');
  const causes = raw.prepare(
    `SELECT id, category_id, parent_id, position, text, status, is_root_cause, evidence, votes, touchpoint, servqual, collapsed
     FROM causes WHERE case_id = ? ORDER BY category_id, parent_id, position, id`,
  );
  const readAll = () => ({ c: caseRow.get(caseId), categories: categories.all(caseId), causes: causes.all(caseId) as unknown[] });
  const equivalentRead = raw.transaction(readAll);
  if (equivalentRead().causes.length !== FISHBONE_CAUSES) throw new Error('the raw read lost causes');
  const got = compare(
    {
      ours: () => time(() => api(call, 'fishbone:get', { caseId })),
      raw: () => time(equivalentRead),
      bare: () => time(() => causes.all(caseId)),
    },
    FAST,
  );
  rows.push({ op: `fishbone:get of ${FISHBONE_CAUSES} causes`, targetMs: TARGET_MEDIAN_MS, ...got });

  // One command: a cause's text edited (what typing in a node saves). Ours reads the tree to check
  // the command (missing ids, cycles, limits), applies it, writes the changed row and moves the
  // revision on; the raw equivalent does the same reads and writes with no checking or diffing.
  const r = new Rand(prng(SEED + 3));
  const ids = causeIds(fishbone);
  const text = () => `${paragraph(r, r.chance(0.5), 1)} (${r.int(0, 1e9)})`;
  const updateCause = raw.prepare('UPDATE causes SET text = ?, updated_at = ? WHERE id = ? AND case_id = ?');
  const touch = raw.prepare('UPDATE cases SET revision = revision + 1, updated_at = ? WHERE id = ? AND deleted_at IS NULL RETURNING revision');
  const equivalentApply = raw.transaction((id: string, value: string) => {
    const { c } = readAll();
    if ((c as { deleted_at: string | null }).deleted_at !== null) throw new Error('trashed');
    const at = new Date().toISOString();
    if (updateCause.run(value, at, id, caseId).changes !== 1) throw new Error('raw update missed');
    return touch.get(at, caseId);
  });
  const bareUpdate = raw.prepare('UPDATE causes SET text = ?, updated_at = ? WHERE id = ?');
  const applied = compare(
    {
      ours: () => {
        const input = { caseId, command: { type: 'updateCause' as const, id: r.pick(ids).id, patch: { text: text() } } };
        return time(() => api(call, 'fishbone:apply', input));
      },
      raw: () => {
        const id = r.pick(ids).id;
        const value = text();
        return time(() => equivalentApply(id, value));
      },
      bare: () => {
        const id = r.pick(ids).id;
        const value = text();
        return time(() => bareUpdate.run(value, new Date().toISOString(), id));
      },
    },
    FAST,
  );
  rows.push({ op: `fishbone: apply one command on ${FISHBONE_CAUSES} causes`, targetMs: TARGET_MEDIAN_MS, ...applied });

  // Where the time goes, and what other commands cost on the same diagram. Each of those leaves the
  // diagram as it found it every second call (add then remove, move there then back).
  const spec = contract['fishbone:apply'];
  const sample = { caseId, command: { type: 'updateCause' as const, id: ids[0]!.id, patch: { text: 'sample' } } };
  const current = library.fishbones.get(caseId).fishbone;
  const leaves = ids.filter((c) => c.leaf);
  const mover = leaves[Math.floor(leaves.length / 2)]!;
  const otherBone = fishbone.categories.find((c) => c.id !== mover.categoryId)!.id;
  const home = (() => {
    const parentOf = (list: Fishbone['categories'][number]['causes'], parent: string | null): { causeId: string | null; index: number } | null => {
      for (let i = 0; i < list.length; i++) {
        if (list[i]!.id === mover.id) return { causeId: parent, index: i };
        const found = parentOf(list[i]!.children, list[i]!.id);
        if (found) return found;
      }
      return null;
    };
    return parentOf(current.categories.find((c) => c.id === mover.categoryId)!.causes, null)!;
  })();
  let moved = false;
  let added: string | null = null;
  // In another category than the mover, so adding under it never shifts the mover's home index.
  const subtreeRoot = ids.find((c) => !c.leaf && c.categoryId !== mover.categoryId)!;
  breakdowns.push(
    breakdown(`fishbone:apply updateCause {text} (${FISHBONE_CAUSES} causes)`, applied.ours, {
      'input: contract safeParse': () => spec.input.safeParse(sample),
      'read the tree (fishbones.get)': () => library.fishbones.get(caseId),
      'applyCommand (pure)': () => applyCommand(current, sample.command),
      '  sql: case row + both tables': () => equivalentRead(),
      'other: moveCause to another bone / back': () => {
        const parent = moved ? { categoryId: mover.categoryId, causeId: home.causeId } : { categoryId: otherBone, causeId: null };
        library.fishbones.apply(caseId, { type: 'moveCause', id: mover.id, parent, index: moved ? home.index : 0 });
        moved = !moved;
      },
      'other: addCause / removeCause': () => {
        if (added) {
          library.fishbones.apply(caseId, { type: 'removeCause', id: added });
          added = null;
        } else {
          const id = r.uuid();
          library.fishbones.apply(caseId, {
            type: 'addCause',
            parent: { categoryId: subtreeRoot.categoryId, causeId: subtreeRoot.id },
            index: 0,
            cause: { id, text: 'added', status: 'hypothesis', isRootCause: false, evidence: '', votes: 0, touchpoint: null, servqual: null, collapsed: false, children: [] },
          });
          added = id;
        }
      },
    }),
  );
}

/** The case the 5-Whys benchmarks use: an ordinary case with a small fishbone, given WHY_COUNT whys
 *  over six analyses (one about the problem, five starting from fishbone causes). */
function whysCase(call: Dispatch): { caseId: string; analyses: WhyAnalysis[] } {
  const r = new Rand(prng(SEED + 4));
  const caseId = api(call, 'cases:create', { language: 'zh-CN', title: `5 Whys ${WHY_COUNT} whys` }).case.id;
  const fishbone = fishboneTree(r, 40);
  api(call, 'fishbone:apply', { caseId, command: { type: 'replace', fishbone } });
  const causes = causeIds(fishbone);
  const analyses = whyAnalysesTree(r, WHY_COUNT, r.some(causes, 5).map((c) => c.id));
  analyses.forEach((analysis, index) => api(call, 'whys:apply', { caseId, command: { type: 'addAnalysis', index, analysis } }));
  return { caseId, analyses };
}

/** Every why with its analysis, its parent and its index there, in reading order. */
function whyPlaces(analyses: WhyAnalysis[]): { id: string; analysisId: string; parentId: string | null; index: number; leaf: boolean }[] {
  const out: { id: string; analysisId: string; parentId: string | null; index: number; leaf: boolean }[] = [];
  const walk = (list: Why[], analysisId: string, parentId: string | null) =>
    list.forEach((w, index) => {
      out.push({ id: w.id, analysisId, parentId, index, leaf: w.children.length === 0 });
      walk(w.children, analysisId, w.id);
    });
  for (const a of analyses) walk(a.whys, a.id, null);
  return out;
}

function benchWhys(call: Dispatch, library: Library, raw: Db): void {
  const { caseId, analyses } = whysCase(call);
  const read = api(call, 'whys:get', { caseId });
  if (!isDeepStrictEqual(read.analyses, analyses)) throw new Error('the stored analyses differ from the ones written');

  // Raw reads: the case row and the two tables, in one transaction; ours also builds the trees.
  const caseRow = raw.prepare('SELECT revision, deleted_at FROM cases WHERE id = ?');
  const analysisRows = raw.prepare('SELECT id, start_cause_id, question, position, direction FROM why_analyses WHERE case_id = ? ORDER BY position, id');
  const whyRows = raw.prepare(
    `SELECT w.id, w.analysis_id, w.parent_id, w.position, w.answer, w.evidence, w.status, w.is_root_cause, w.stop_reason, w.collapsed
     FROM why_analyses a JOIN whys w ON w.analysis_id = a.id WHERE a.case_id = ? ORDER BY w.analysis_id, w.parent_id, w.position, w.id`,
  );
  const readAll = () => ({ c: caseRow.get(caseId), analyses: analysisRows.all(caseId), whys: whyRows.all(caseId) as unknown[] });
  const equivalentRead = raw.transaction(readAll);
  if (equivalentRead().whys.length !== WHY_COUNT) throw new Error('the raw read lost whys');
  const got = compare(
    {
      ours: () => time(() => api(call, 'whys:get', { caseId })),
      raw: () => time(equivalentRead),
      bare: () => time(() => whyRows.all(caseId)),
    },
    FAST,
  );
  rows.push({ op: `whys:get of ${WHY_COUNT} whys`, targetMs: TARGET_MEDIAN_MS, ...got });

  // One command: a why's answer edited (what typing in a node saves). Ours reads the analyses to
  // check the command, applies it, writes the changed row and moves the revision on; the raw
  // equivalent does the same reads and writes with no checking or diffing.
  const r = new Rand(prng(SEED + 5));
  const places = whyPlaces(analyses);
  const text = () => `${paragraph(r, r.chance(0.5), 1)} (${r.int(0, 1e9)})`;
  const updateWhy = raw.prepare('UPDATE whys SET answer = ?, updated_at = ? WHERE id = ? AND analysis_id IN (SELECT id FROM why_analyses WHERE case_id = ?)');
  const touch = raw.prepare('UPDATE cases SET revision = revision + 1, updated_at = ? WHERE id = ? AND deleted_at IS NULL RETURNING revision');
  const equivalentApply = raw.transaction((id: string, value: string) => {
    const { c } = readAll();
    if ((c as { deleted_at: string | null }).deleted_at !== null) throw new Error('trashed');
    const at = new Date().toISOString();
    if (updateWhy.run(value, at, id, caseId).changes !== 1) throw new Error('raw update missed');
    return touch.get(at, caseId);
  });
  const bareUpdate = raw.prepare('UPDATE whys SET answer = ?, updated_at = ? WHERE id = ?');
  const applied = compare(
    {
      ours: () => {
        const input = { caseId, command: { type: 'updateWhy' as const, id: r.pick(places).id, patch: { answer: text() } } };
        return time(() => api(call, 'whys:apply', input));
      },
      raw: () => {
        const id = r.pick(places).id;
        const value = text();
        return time(() => equivalentApply(id, value));
      },
      bare: () => {
        const id = r.pick(places).id;
        const value = text();
        return time(() => bareUpdate.run(value, new Date().toISOString(), id));
      },
    },
    FAST,
  );
  rows.push({ op: `whys: apply one command on ${WHY_COUNT} whys`, targetMs: TARGET_MEDIAN_MS, ...applied });

  // Where the time goes, and what other commands cost on the same analyses. Each of those leaves
  // them as it found them every second call (add then remove, move there then back).
  const spec = contract['whys:apply'];
  const sample = { caseId, command: { type: 'updateWhy' as const, id: places[0]!.id, patch: { answer: 'sample' } } };
  const current = library.whys.get(caseId).analyses;
  const leaves = places.filter((p) => p.leaf && p.parentId !== null);
  // The mover goes to the front of its analysis's top list and back; its home is under another
  // why, so the move there never shifts its home index.
  const mover = leaves[Math.floor(leaves.length / 2)]!;
  let moved = false;
  let added: string | null = null;
  let addedAnalysis: WhyAnalysis | null = null;
  const branch = places.find((p) => !p.leaf && p.analysisId !== mover.analysisId)!;
  const fromCause = analyses.find((a) => a.startCauseId !== null)!.startCauseId;
  breakdowns.push(
    breakdown(`whys:apply updateWhy {answer} (${WHY_COUNT} whys)`, applied.ours, {
      'input: contract safeParse': () => spec.input.safeParse(sample),
      'read the analyses (whys.get)': () => library.whys.get(caseId),
      'applyWhyCommand (pure)': () => applyWhyCommand(current, sample.command),
      '  sql: case row + both tables': () => equivalentRead(),
      'other: moveWhy to the question / back': () => {
        library.whys.apply(caseId, moved ? { type: 'moveWhy', id: mover.id, parentId: mover.parentId, index: mover.index } : { type: 'moveWhy', id: mover.id, parentId: null, index: 0 });
        moved = !moved;
      },
      'other: addWhy / removeWhy': () => {
        if (added) {
          library.whys.apply(caseId, { type: 'removeWhy', id: added });
          added = null;
        } else {
          const id = r.uuid();
          library.whys.apply(caseId, { type: 'addWhy', analysisId: branch.analysisId, parentId: branch.id, index: 0, why: { id, ...defaultWhyFields('added'), children: [] } });
          added = id;
        }
      },
      'other: addAnalysis (from a cause) / removeAnalysis': () => {
        if (addedAnalysis) {
          library.whys.apply(caseId, { type: 'removeAnalysis', id: addedAnalysis.id });
          addedAnalysis = null;
        } else {
          addedAnalysis = { id: r.uuid(), startCauseId: fromCause, question: '', direction: 'LR', whys: [{ id: r.uuid(), ...defaultWhyFields('added'), children: [] }] };
          library.whys.apply(caseId, { type: 'addAnalysis', index: 1, analysis: addedAnalysis });
        }
      },
    }),
  );
}

/** Times each part of one call on its own, to show where the dispatch total goes. */
function breakdown(title: string, total: Stats, parts: Record<string, () => unknown>): string {
  const contenders = Object.fromEntries(Object.entries(parts).map(([k, fn]) => [k, () => time(fn)]));
  const result = compare(contenders, FAST);
  const body = Object.entries(result).map(([k, s]) => [k, ms(s.median), ms(s.p95), `${((s.median / total.median) * 100).toFixed(0)}%`]);
  return `${title}\n${table(['part (timed alone)', 'median', 'p95', 'of total'], [['dispatch total', ms(total.median), ms(total.p95), '100%'], ...body], (c) => c > 0)}`;
}

function report(): void {
  const head = ['operation', 'ours med', 'ours p95', 'raw med', 'raw p95', 'ours/raw', 'bare med', 'ours/bare', 'target', 'result'];
  const body = rows.map((r) => {
    const checks: string[] = [];
    const failed: string[] = [];
    if (r.targetMs !== undefined) {
      checks.push(`<${r.targetMs}ms`);
      if (!(r.ours.median < r.targetMs)) failed.push('ms');
    }
    checks.push(`<=${TARGET_RATIO}x raw`);
    if (r.ours.median / r.raw.median > TARGET_RATIO) failed.push('ratio');
    const pass = failed.length === 0;
    return [
      r.op,
      ms(r.ours.median),
      ms(r.ours.p95),
      ms(r.raw.median),
      ms(r.raw.p95),
      ratio(r.ours.median, r.raw.median),
      ms(r.bare.median),
      ratio(r.ours.median, r.bare.median),
      checks.join(', '),
      pass ? 'PASS' : `FAIL (${failed.join(', ')})`,
    ];
  });
  console.log(`\nResults (ms; median and p95 of ${FAST.iterations} runs, ${SLOW.iterations} for open; warm-up discarded)\n`);
  console.log(table(head, body, (c) => c > 0 && c < 8));
  console.log(`
  ours  = the full backend path: createDispatch(createHandlers(...))(method, input), or new Library(path)
  raw   = the same work with raw better-sqlite3 prepared statements on the same file:
          list: page with tags + counts per step (gives total) + trash count; open case: case row + tags +
          timeline in one transaction; save: UPDATE + read back row and tags in one transaction;
          open: open + quick_check + pragmas + read schema_migrations; fresh: open + pragmas + migrations;
          fishbone:get: case row + categories + causes in one transaction (ours also builds the tree);
          fishbone apply (updateCause text): the same reads (ours reads the tree to check the command)
          + UPDATE of the cause + revision bump, in one transaction;
          whys:get and whys apply (updateWhy answer): the same, on the analyses and whys tables
  bare  = one statement: list: SELECT <summary columns> ... ORDER BY updated_at DESC LIMIT 50;
          open case: the timeline SELECT; save: UPDATE ... RETURNING revision; open: open + WAL pragma;
          fresh: open + WAL + schema SQL in one transaction;
          fishbone:get: the causes SELECT; fishbone apply: UPDATE causes SET text ... WHERE id = ?;
          whys:get: the whys SELECT; whys apply: UPDATE whys SET answer ... WHERE id = ?
  [n/m] = items on the page / total matching; the <5ms target applies to every list page, to opening a case
          and to reading or editing a ${FISHBONE_CAUSES}-cause fishbone or ${WHY_COUNT} whys`);
  const failing = body.filter((r) => r[9] !== 'PASS').length;
  console.log(`\n${failing === 0 ? 'All targets met.' : `${failing} of ${body.length} operations miss a target.`} (The benchmark reports; its exit code does not depend on this.)`);
  console.log('\nWhere the time of one call goes (each part timed alone, interleaved; the parts need not add up exactly):\n');
  console.log(breakdowns.join('\n\n'));
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-bench-'));
  const libPath = join(dir, 'library.sqlite');
  const handles: { close(): void }[] = [];
  try {
    console.log(
      `Causeway case store benchmark: ${CASES} cases, seed ${SEED}${QUICK ? ', QUICK' : ''}; Node ${process.version}, ` +
        `SQLite ${(new Database(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string }).v}, ` +
        `${cpus().length} x ${cpus()[0]?.model.trim() ?? 'cpu'}`,
    );
    const started = performance.now();
    let data!: Dataset;
    const genMs = time(() => (data = generate(libPath, join(dir, 'gen-backups'))));
    console.log(
      `Generated ${CASES} cases (+1 with ${HEAVY_EVENTS} events, ${data.trashed} trashed) through CaseRepo in one transaction: ` +
        `${(genMs / 1000).toFixed(2)} s, file ${(statSync(libPath).size / 1048576).toFixed(1)} MiB`,
    );

    if (!TITLE_SORT_ONLY) benchOpen(dir, libPath);

    const library = new Library(libPath);
    handles.push(library);
    if (library.status().state !== 'ok') throw new Error(`library did not open: ${JSON.stringify(library.status())}`);
    // As the shipped app runs it: inputs validated, outputs trusted (see DispatchOptions).
    const call = createDispatch(createHandlers({ library, version: 'bench', shell: 'browser' }), {
      checkOutput: false,
      log: (e) => {
        throw e;
      },
    });
    const raw = new Database(libPath);
    handles.push(raw);
    pragmas(raw);

    benchTitleSort(call, raw);
    if (!TITLE_SORT_ONLY) {
      benchList(call, library, raw);
      benchGet(call, library, raw, data.heavyId);
      benchUpdate(call, library, raw, data.editId);
      benchFishbone(call, library, raw);
      benchWhys(call, library, raw);
    }

    report();
    console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    for (const h of handles.reverse()) {
      try {
        h.close();
      } catch {
        /* already closed */
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (e) {
  console.error(e);
  process.exitCode = 1;
}

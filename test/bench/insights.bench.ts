/**
 * Insights benchmark (`npm run bench`): each figure of the insights screen (Pareto, recurrence,
 * trends, journey), the whole insights:get through the API, and a drill, on a library of 10,000
 * realistic mixed Chinese/English cases with causes, whys, actions and checks (the search
 * benchmark's generators), each next to the raw SQL of the same question in the same run.
 * Target: p95 < 50 ms each. Prints PASS/FAIL; the exit code is non-zero only if something throws.
 *
 * Environment: CAUSEWAY_BENCH_INSIGHTS_CASES (default 10000), CAUSEWAY_BENCH_SEED,
 * CAUSEWAY_BENCH_QUICK=1 (2,000 cases, fewer iterations).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import { clusters, journey, paretos, recurrence, trends } from '../../electron/backend/insights/figures';
import { loadActions, loadCases, loadModel } from '../../electron/backend/insights/model';
import { Library } from '../../electron/backend/library';
import { cachedPrepare } from '../../electron/backend/sql';
import type { Db } from '../../electron/backend/database';
import { SERVQUAL_DIMENSIONS, TOUCHPOINTS } from '../../shared/domain/vocabulary';
import { populate, prng, Rand } from './dataset';
import { addAnalysisRows } from './search-data';
import { compare, ms, table, time } from './measure';

const QUICK = process.env.CAUSEWAY_BENCH_QUICK === '1';
const COUNT = Number(process.env.CAUSEWAY_BENCH_INSIGHTS_CASES ?? (QUICK ? 2000 : 10_000));
const SEED = Number(process.env.CAUSEWAY_BENCH_SEED ?? 20260305);
const ITER = QUICK ? 15 : 40;
const TARGET_MS = 50;

/** What the search data leaves out and insights reads: SERVQUAL dimensions and touchpoints on root
 *  causes, 5-Whys roots (some about a fishbone root cause, so the automatic pair joins them), and
 *  actions linked to root causes (so "fix did not hold" has checks to look at). */
function addInsightsRows(db: Db, seed: number): void {
  const r = new Rand(prng(seed));
  const roots = db.prepare('SELECT id, case_id FROM causes WHERE is_root_cause = 1').all() as { id: string; case_id: string }[];
  const setCause = db.prepare('UPDATE causes SET servqual = ?, touchpoint = ?, status = ? WHERE id = ?');
  const leaves = db.prepare('SELECT w.id FROM whys w WHERE NOT EXISTS (SELECT 1 FROM whys k WHERE k.parent_id = w.id)').pluck().all() as string[];
  const setWhy = db.prepare("UPDATE whys SET is_root_cause = 1, status = 'verified', stop_reason = 'controllable' WHERE id = ?");
  const actions = db.prepare('SELECT id, case_id FROM actions').all() as { id: string; case_id: string }[];
  const link = db.prepare('INSERT OR IGNORE INTO action_root_causes (action_id, cause_id, why_id, position) VALUES (?, ?, NULL, 0)');
  const byCase = new Map<string, string[]>();
  for (const root of roots) byCase.set(root.case_id, [...(byCase.get(root.case_id) ?? []), root.id]);
  db.transaction(() => {
    for (const root of roots) setCause.run(r.chance(0.7) ? r.pick(SERVQUAL_DIMENSIONS) : null, r.chance(0.4) ? r.pick(TOUCHPOINTS) : null, r.chance(0.05) ? 'ruled_out' : 'confirmed', root.id);
    for (const id of leaves) if (r.chance(0.4)) setWhy.run(id);
    for (const a of actions) {
      const candidates = byCase.get(a.case_id);
      if (candidates && r.chance(0.8)) link.run(a.id, r.pick(candidates));
    }
  })();
}

const NEED_TEXTS = ['送货准时', 'Delivery on time', '客服响应快', 'Clear refund status', '订单可追踪', 'Polite staff', '退款及时到账', 'Accurate invoice', '包装完好', 'One contact for the whole case'];
const ANSWERS = ['like', 'expect', 'neutral', 'live_with', 'dislike'] as const;

/** Customer needs for the KANO chart: 0-4 needs a case from a pool of shared words (so points
 *  gather many cases), some classified directly, some with answer pairs. */
function addNeedRows(db: Db, seed: number): void {
  const r = new Rand(prng(seed));
  const cases = db.prepare('SELECT id FROM cases').pluck().all() as string[];
  const need = db.prepare("INSERT INTO customer_needs (id, case_id, position, text, kano, met, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')");
  const answer = db.prepare("INSERT INTO kano_answers (id, need_id, position, functional, dysfunctional, respondent, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')");
  let n = 0;
  db.transaction(() => {
    for (const caseId of cases) {
      const k = r.int(0, 4);
      for (let p = 0; p < k; p++) {
        const id = `bench-need-${++n}`;
        const withAnswers = r.chance(0.5);
        need.run(id, caseId, p, r.pick(NEED_TEXTS), withAnswers ? null : r.pick(['A', 'O', 'M', 'I'] as const), r.chance(0.3) ? 1 : 0);
        if (withAnswers) for (let a = 0, m = r.int(1, 3); a < m; a++) answer.run(`${id}-a${a}`, id, a, r.pick(ANSWERS), r.pick(ANSWERS));
      }
    }
  })();
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-insights-bench-'));
  try {
    const path = join(dir, 'library.sqlite');
    let clock = Date.parse('2025-01-01T00:00:00.000Z');
    const library = new Library(path, { now: () => new Date(clock) });
    const db = (library as unknown as { state: { db: Db } }).state.db;
    const t0 = performance.now();
    library.transaction(() => populate(library.repo, (v) => (clock = v), { count: COUNT, seed: SEED, heavyEvents: 20, startMs: clock }));
    addAnalysisRows(db, SEED + 1);
    addInsightsRows(db, SEED + 2);
    addNeedRows(db, SEED + 3);
    db.pragma('analyze');
    const tBuild = performance.now() - t0;
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    const rootsN = count('SELECT count(*) FROM causes WHERE is_root_cause = 1') + count('SELECT count(*) FROM whys WHERE is_root_cause = 1');

    const dispatch = createDispatch(createHandlers({ library, version: 'bench', shell: 'browser', now: () => new Date(clock) }), { log: () => undefined });
    const call = (method: string, input: unknown) => {
      const r = dispatch(method as never, input as never) as unknown as { ok: boolean; value: unknown; error?: unknown };
      if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
      return r.value;
    };
    const stmt = cachedPrepare(db);
    // Filters people use: none, a quarter, a severity, a department (rotated per iteration).
    const FILTERS = [{}, { from: '2025-04-01T00:00:00.000Z', to: '2025-06-30T23:59:59.999Z' }, { severity: 'critical' }, { department: 'Logistics' }] as const;
    let fi = 0;
    const next = () => FILTERS[fi++ % FILTERS.length]!;
    const live = `c.deleted_at IS NULL`;
    const raw = {
      pareto: db.prepare(
        `SELECT fc.template_key, x.servqual, count(*) FROM cases c JOIN causes x ON x.case_id = c.id AND x.is_root_cause = 1 JOIN fishbone_categories fc ON fc.id = x.category_id WHERE ${live} GROUP BY 1, 2`,
      ),
      recurrence: db.prepare(`SELECT lower(x.text), count(DISTINCT x.case_id) FROM cases c JOIN causes x ON x.case_id = c.id AND x.is_root_cause = 1 WHERE ${live} GROUP BY 1 HAVING count(DISTINCT x.case_id) > 1`),
      trends: db.prepare(`SELECT strftime('%Y-%m', coalesce(c.occurred_at, c.created_at)) AS m, c.severity, count(*), avg(julianday(c.detected_at) - julianday(c.occurred_at)) FROM cases c WHERE ${live} GROUP BY 1, 2`),
      journey: db.prepare(`SELECT c.touchpoint, count(*), max(CASE c.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END) FROM cases c WHERE ${live} GROUP BY 1`),
      get: db.prepare(`SELECT c.id, c.severity, c.touchpoint, x.id, x.text, x.servqual, fc.template_key FROM cases c LEFT JOIN causes x ON x.case_id = c.id AND x.is_root_cause = 1 LEFT JOIN fishbone_categories fc ON fc.id = x.category_id WHERE ${live}`),
      kano: db.prepare(
        `SELECT lower(trim(n.text)), n.kano, count(DISTINCT n.case_id), sum(n.met = 0), count(a.id) FROM cases c JOIN customer_needs n ON n.case_id = c.id LEFT JOIN kano_answers a ON a.need_id = n.id WHERE ${live} GROUP BY 1, 2`,
      ),
      drill: db.prepare(`SELECT c.id, c.title, c.severity FROM cases c WHERE ${live} AND c.mot_failure = ? ORDER BY coalesce(c.occurred_at, c.created_at) DESC LIMIT 50`),
    };
    const inTx = <T>(fn: () => T) => db.transaction(fn)();
    // An untimed write before a "cold" call: the cached models are stale, as after an edit.
    let score = 0;
    const touch = () => call('insights:setEmotion', { touchpoint: 'delivery', score: (score = (score + 1) % 3) });
    const stats = compare(
      {
        'pareto (5 dimensions), cold': () => {
          const f = next();
          return time(() => inTx(() => paretos(loadModel(stmt, f), 'zh-CN')));
        },
        'raw SQL: root causes GROUP BY category, SERVQUAL': () => time(() => raw.pareto.all()),
        'recurrence (themes, fix held, labels), cold': () => {
          const f = next();
          return time(() =>
            inTx(() => {
              const model = loadModel(stmt, f);
              return recurrence(model, 'en', null, clusters(model));
            }),
          );
        },
        'raw SQL: root-cause texts in 2+ cases': () => time(() => raw.recurrence.all()),
        'trends (months, medians, verified, overdue), cold': () => {
          const f = next();
          return time(() => inTx(() => trends({ cases: loadCases(stmt, f), caseById: new Map(), roots: [] }, loadActions(stmt, f), { count: 0, top: [] })));
        },
        'raw SQL: cases GROUP BY month, severity': () => time(() => raw.trends.all()),
        'journey (cells, heat, top themes), cold': () => {
          const f = next();
          return time(() => inTx(() => journey(loadModel(stmt, f), 'en', new Map())));
        },
        'raw SQL: cases GROUP BY touchpoint': () => time(() => raw.journey.all()),
        'insights:get (api), cold: after an edit': () => {
          const f = next();
          touch();
          return time(() => call('insights:get', { language: 'zh-CN', ...f }));
        },
        'insights:get (api), warm: filters seen before': () => {
          const f = next();
          call('insights:get', { language: 'zh-CN', ...f });
          return time(() => call('insights:get', { language: 'zh-CN', ...f }));
        },
        'raw SQL: cases joined to root causes': () => time(() => raw.get.all()),
        'insights:drill (api, a bar)': () => time(() => call('insights:drill', { language: 'en', dimension: 'motFailure', key: 'service_delay' })),
        'insights:drill (api, a theme), cold': () => {
          touch();
          return time(() => call('insights:drill', { language: 'en', dimension: 'theme', key: 'people' }));
        },
        'raw SQL: a page of cases of one MOT failure': () => time(() => raw.drill.all('service_delay')),
        'kano:chart (api)': () => {
          const f = next();
          return time(() => call('kano:chart', f));
        },
        'raw SQL: needs GROUP BY text, category with answers': () => time(() => raw.kano.all()),
      },
      { warmup: 3, iterations: ITER },
    );
    const rows = Object.entries(stats).map(([k, s]) => {
      const api = !k.startsWith('raw');
      return [k, ms(s.median), ms(s.p95), api ? `< ${TARGET_MS}` : '', api ? (s.p95 < TARGET_MS ? 'PASS' : 'FAIL') : ''];
    });
    console.log(`\nInsights: ${COUNT.toLocaleString('en')} cases, ${rootsN.toLocaleString('en')} root-cause places (built in ${(tBuild / 1000).toFixed(1)} s); each query under the four filters in turn`);
    console.log(table(['query', 'median ms', 'p95 ms', 'target', ''], rows));
    // The size of what goes over the wire (JSON), unfiltered.
    const size = (v: unknown) => `${(Buffer.byteLength(JSON.stringify(v)) / 1024).toFixed(1)} KiB`;
    console.log(`Answer sizes, no filter: insights:get ${size(call('insights:get', { language: 'zh-CN' }))}, kano:chart ${size(call('kano:chart', {}))}`);
    library.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();

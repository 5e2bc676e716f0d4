import type { Db } from '../../electron/backend/database';
import { SERVQUAL_DIMENSIONS, TOUCHPOINTS } from '../../shared/domain/vocabulary';
import { prng, Rand } from './dataset';

/** The rows the insights benchmark adds to the search benchmark's library (test/bench/insights.bench.ts). */

/** What the search data leaves out and insights reads: SERVQUAL dimensions and touchpoints on root
 *  causes, 5-Whys roots (some about a fishbone root cause, so the automatic pair joins them), and
 *  actions linked to root causes (so "fix did not hold" has checks to look at). */
export function addInsightsRows(db: Db, seed: number): void {
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
export function addNeedRows(db: Db, seed: number): void {
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


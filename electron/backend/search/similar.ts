import type { SimilarCase, SimilarReason } from '../../../shared/domain/search';
import type { PlanRepo } from '../plan-repo';
import type { RootCauseRepo } from '../root-cause-repo';
import type { Prepare } from '../sql';
import { CJK, words } from './segment';

/** search:similar: past cases like this one, offline. A case's key terms (its words weighted by
 *  how rare they are in the library: TF-IDF) are looked up in the index, where bm25 ranks the cases
 *  that share them; cases sharing its fields (scenario type, moment-of-truth failure, touchpoint,
 *  categories of its causes) score too, and cases whose actions were verified effective are
 *  preferred: they hold a fix that worked. */

type Row = Record<string, unknown>;

const STOP = new Set(
  `the and for with was were are been this that from have has had not but all any our their they them into onto its his her who
  what when where which why how than then also only over under after before during about more most some such very can could would
  should will shall may might must did does doing done per via due one two off out down new now get got use used each other`.split(/\s+/u),
);
const CJK_STOP = new Set(['没有', '因为', '所以', '导致', '进行', '我们', '他们', '客户', '问题', '一个', '这个', '那个', '以及', '已经', '可以', '需要', '时候', '没有']);

const KEY_TERMS = 12;
const CANDIDATES = 60;

/** The case's key terms, rarest-and-most-used first. Only words the index knows as written count
 *  (Chinese words, and English words the stemmer leaves alone), so each is a single index term. */
export function keyTerms(stmt: Prepare, caseId: string, limit = KEY_TERMS): { term: string; weight: number }[] {
  const texts = stmt('SELECT text FROM search_docs WHERE case_id = ?').pluck(true).all(caseId) as string[];
  const tf = new Map<string, number>();
  for (const w of words(texts.join('\n'))) {
    const cjk = CJK.test(w);
    if (cjk ? [...w].length < 2 || CJK_STOP.has(w) : w.length < 3 || STOP.has(w) || /^\d+$/u.test(w)) continue;
    tf.set(w, (tf.get(w) ?? 0) + 1);
  }
  const docs = (stmt('SELECT max(id) FROM search_docs').pluck(true).get() as number | null) ?? 1;
  const df = stmt('SELECT doc FROM search_vocab WHERE term = ?').pluck(true);
  const out: { term: string; weight: number }[] = [];
  for (const [term, n] of tf) {
    const d = df.get(term) as number | undefined;
    // In no other document: a typo or a name, nothing to share.
    if (d === undefined || d <= 1) continue;
    out.push({ term, weight: (1 + Math.log(n)) * Math.log(docs / d) });
  }
  return out.sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term)).slice(0, limit);
}

export interface SimilarDeps {
  stmt: Prepare;
  plans: PlanRepo;
  rootCauses: RootCauseRepo;
}

export function similarCases({ stmt, plans, rootCauses }: SimilarDeps, caseId: string, limit: number): SimilarCase[] {
  const me = stmt('SELECT scenario_type, mot_failure, touchpoint FROM cases WHERE id = ?').get(caseId) as Row | undefined;
  if (!me) return [];
  const terms = keyTerms(stmt, caseId);
  const scores = new Map<string, number>();
  if (terms.length > 0) {
    const match = terms.map((t) => `"${t.term}"`).join(' OR ');
    // bm25 is negative, better matches lower; a case's best document counts, plus a little for more.
    const rows = stmt(
      `SELECT d.case_id AS id, min(f.rank) AS best, count(*) AS n FROM search_fts f JOIN search_docs d ON d.id = f.rowid
       WHERE search_fts MATCH ? AND d.case_id <> ? GROUP BY d.case_id ORDER BY best LIMIT ?`,
    ).all(match, caseId, CANDIDATES) as { id: string; best: number; n: number }[];
    // Scaled so the best term match weighs about as much as sharing every field.
    const top = rows.length > 0 ? -rows[0]!.best : 1;
    for (const r of rows) scores.set(r.id, (6 * -r.best) / (top || 1) + Math.log(1 + r.n) * 0.5);
  }
  const myCategories = stmt(
    `SELECT DISTINCT lower(k.label) FROM fishbone_categories k WHERE k.case_id = ? AND EXISTS (SELECT 1 FROM causes x WHERE x.category_id = k.id)`,
  )
    .pluck(true)
    .all(caseId) as string[];
  // Cases sharing the fields, most recent first, join the candidates.
  const fieldRows = stmt(
    `SELECT id FROM cases WHERE deleted_at IS NULL AND id <> ? AND scenario_type = ? AND (mot_failure = ? OR touchpoint IS ?)
     ORDER BY updated_at DESC LIMIT ?`,
  )
    .pluck(true)
    .all(caseId, me.scenario_type, me.mot_failure, me.touchpoint, CANDIDATES) as string[];
  for (const id of fieldRows) if (!scores.has(id)) scores.set(id, 0);
  if (scores.size === 0) return [];

  const info = stmt(
    `SELECT c.id, c.title, c.step, c.status, c.updated_at, c.scenario_type, c.mot_failure, c.touchpoint,
       (SELECT count(DISTINCT e.action_id) FROM effectiveness_checks e JOIN actions a ON a.id = e.action_id
         WHERE a.case_id = c.id AND e.result = 'effective') AS effective,
       (SELECT json_group_array(DISTINCT lower(k.label)) FROM fishbone_categories k WHERE k.case_id = c.id
         AND EXISTS (SELECT 1 FROM causes x WHERE x.category_id = k.id)) AS categories
     FROM cases c WHERE c.id IN (SELECT value FROM json_each(?)) AND c.deleted_at IS NULL`,
  ).all(JSON.stringify([...scores.keys()])) as Row[];

  const ranked = info.map((c) => {
    const reasons: SimilarReason[] = [];
    let score = scores.get(c.id as string) ?? 0;
    if (c.scenario_type === me.scenario_type && me.scenario_type !== 'other') {
      reasons.push({ kind: 'scenarioType', value: c.scenario_type as never });
      score += 2;
    }
    if (c.mot_failure === me.mot_failure && me.mot_failure !== 'other') {
      reasons.push({ kind: 'motFailure', value: c.mot_failure as never });
      score += 2;
    }
    if (me.touchpoint && c.touchpoint === me.touchpoint) {
      reasons.push({ kind: 'touchpoint', value: c.touchpoint as string });
      score += 1.5;
    }
    const shared = (JSON.parse(c.categories as string) as string[]).filter((l) => myCategories.includes(l));
    if (shared.length > 0) {
      reasons.push({ kind: 'categories', labels: shared.slice(0, 10) });
      score += 0.5 * shared.length;
    }
    const effective = c.effective as number;
    if (effective > 0) {
      reasons.push({ kind: 'verifiedEffective', actions: effective });
      score *= 1.25;
      score += 1;
    }
    return { c, reasons, score };
  });
  ranked.sort((a, b) => b.score - a.score || String(b.c.updated_at).localeCompare(String(a.c.updated_at)));

  return ranked.slice(0, limit).map(({ c, reasons, score }) => {
    const id = c.id as string;
    const text = (stmt('SELECT text FROM search_docs WHERE case_id = ?').pluck(true).all(id) as string[]).join('\n').toLowerCase();
    const sharedTerms = terms.filter((t) => text.includes(t.term)).map((t) => t.term);
    if (sharedTerms.length > 0) reasons.unshift({ kind: 'terms', terms: sharedTerms.slice(0, 10) });
    const roots = rootCauses.distinct(id);
    const plan = plans.get(id).plan;
    return {
      caseId: id,
      title: c.title as string,
      score: Math.round(score * 1000) / 1000,
      step: c.step as SimilarCase['step'],
      status: c.status as SimilarCase['status'],
      updatedAt: c.updated_at as string,
      reasons,
      rootCauses: roots.map((r) => ({ key: r.key, text: r.text, evidence: r.places.map((p) => p.evidence).find((e) => e && e.trim()) ?? '' })),
      actions: plan.actions.map((a) => ({ id: a.id, title: a.title, kind: a.kind, verifiedEffective: a.checks.some((k) => k.result === 'effective') })),
      lessons: plan.lessons,
    };
  });
}

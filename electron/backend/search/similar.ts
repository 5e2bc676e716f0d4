import type { SimilarCase, SimilarReason } from '../../../shared/domain/search';
import type { PlanRepo } from '../plan-repo';
import type { RootCauseRepo } from '../root-cause-repo';
import type { Prepare } from '../sql';
import { CASE_OF_ROWID } from './search-index';
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

const KEY_TERMS = 8;
const CANDIDATES = 60;
/** A word in more than this share of all documents tells no case apart (and costs the most to rank). */
const COMMON_SHARE = 0.03;
/** Nor does a word in more documents than this, whatever the library's size: looking it up reads
 *  every one of them (at 100,000 cases, words in 3% of the documents made most of the time). */
const MOST_DOCS = 20_000;
/** The least a case must share to be listed: as much as the scenario type and the moment-of-truth
 *  failure together, or two thirds of the key terms' weight, or a third of it and the scenario type. */
const MIN_SIMILARITY = 4;
/** The rarest key terms looked up: each adds its documents to the ranking's work. */
const QUERY_TERMS = 5;

/** Document frequencies by term, kept between calls: they move slowly, and a weight a few edits old
 *  ranks as well. Dropped when the index has grown or shrunk by a tenth since they were read. */
export class DocFrequencies {
  private readonly df = new Map<string, number>();
  private docs = 1;
  private cases = -1;

  constructor(private readonly stmt: Prepare) {}

  /** The number of documents, counted again (with the frequencies dropped) when the number of
   *  cases indexed (the largest case number: cheap) has moved by a tenth. */
  total(): number {
    const cases = (this.stmt('SELECT max(num) FROM search_cases').pluck(true).get() as number | null) ?? 0;
    if (this.cases < 0 || Math.abs(cases - this.cases) > this.cases / 10) {
      this.df.clear();
      this.cases = cases;
      this.docs = Math.max(1, this.stmt('SELECT count(*) FROM search_docs').pluck(true).get() as number);
    }
    return this.docs;
  }

  /** The most documents a key term may be in. */
  common(): number {
    return Math.min(this.total() * COMMON_SHARE, MOST_DOCS);
  }

  /** The documents holding the word (as the index matches it: an English word by its stem),
   *  counted up to just past `common()`: a common word's documents are not all read. */
  of(term: string): number {
    const known = this.df.get(term);
    if (known !== undefined) return known;
    if (this.df.size > 50_000) this.df.clear();
    const d = this.stmt('SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT ?)')
      .pluck(true)
      .get(`"${term}"`, Math.floor(this.common()) + 1) as number;
    this.df.set(term, d);
    return d;
  }
}

/** The case's key terms, rarest-and-most-used first. Each is one word, so one index term (an
 *  English word through its stem: backups is looked up as backup). */
export function keyTerms(stmt: Prepare, caseId: string, frequencies: DocFrequencies = new DocFrequencies(stmt), limit = KEY_TERMS): { term: string; weight: number }[] {
  return weightedTerms(stmt, caseId, frequencies).slice(0, limit);
}

/** Every word of the case shared with another case, weighted, heaviest first. */
function weightedTerms(stmt: Prepare, caseId: string, frequencies: DocFrequencies): { term: string; weight: number }[] {
  const texts = stmt('SELECT text FROM search_docs WHERE case_id = ?').pluck(true).all(caseId) as string[];
  const tf = new Map<string, number>();
  /** The case's own documents holding each word: a word in none but these is shared with nobody. */
  const own = new Map<string, number>();
  for (const text of texts) {
    const seen = new Set<string>();
    for (const w of words(text)) {
      const cjk = CJK.test(w);
      if (cjk ? [...w].length < 2 || CJK_STOP.has(w) : w.length < 3 || STOP.has(w) || /^\d+$/u.test(w)) continue;
      tf.set(w, (tf.get(w) ?? 0) + 1);
      if (!seen.has(w)) own.set(w, (own.get(w) ?? 0) + 1);
      seen.add(w);
    }
  }
  const docs = frequencies.total();
  const out: { term: string; weight: number }[] = [];
  for (const [term, n] of tf) {
    const d = frequencies.of(term);
    // In no other case's document: a typo or a name, nothing to share; in a great many: nothing particular.
    if (d <= (own.get(term) ?? 1) || d > frequencies.common()) continue;
    out.push({ term, weight: (1 + Math.log(n)) * Math.log(docs / d) });
  }
  return out.sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term));
}

export interface SimilarDeps {
  stmt: Prepare;
  frequencies: DocFrequencies;
  plans: PlanRepo;
  rootCauses: RootCauseRepo;
}

export function similarCases({ stmt, frequencies, plans, rootCauses }: SimilarDeps, caseId: string, limit: number): SimilarCase[] {
  const me = stmt('SELECT scenario_type, mot_failure, touchpoint FROM cases WHERE id = ?').get(caseId) as Row | undefined;
  if (!me) return [];
  const weighted = weightedTerms(stmt, caseId, frequencies);
  const terms = weighted.slice(0, KEY_TERMS);
  const scores = new Map<string, number>();
  if (terms.length > 0) {
    // TF-IDF at the level of cases: a case scores each key term it shares by the term's weight
    // (bm25 over an OR of terms costs ten times more, per matching document). Each term's
    // documents come from the index alone, their case from the document id (see search-index.ts).
    // Summed in SQL: only the best candidates come back, not every case of every term.
    const lookup = terms.slice(0, QUERY_TERMS);
    const each = lookup.map(() => `SELECT DISTINCT ${CASE_OF_ROWID} AS num, ? AS weight FROM search_fts WHERE search_fts MATCH ?`);
    const best = (
      stmt(`SELECT num, sum(weight) AS score FROM (${each.join(' UNION ALL ')}) GROUP BY num ORDER BY score DESC, num LIMIT ?`).all(
        ...lookup.flatMap((t) => [t.weight, `"${t.term}"`]),
        CANDIDATES + 1,
      ) as { num: number; score: number }[]
    ).map((r) => [r.num, r.score] as const);
    const caseIds = new Map(
      (stmt('SELECT num, case_id FROM search_cases WHERE num IN (SELECT value FROM json_each(?))').all(JSON.stringify(best.map(([n]) => n))) as { num: number; case_id: string }[]).map(
        (r) => [r.num, r.case_id],
      ),
    );
    // Scaled by the weight of all the case's words: sharing the rarest third of it weighs about
    // as much as sharing every field. Not by the best candidate's score (in a small library that
    // may be one word of a long text), nor by the words looked up only (a long case shares a
    // few of its words with most others by chance).
    const all = weighted.reduce((sum, t) => sum + t.weight, 0);
    for (const [num, score] of best) {
      const id = caseIds.get(num);
      if (id && id !== caseId) scores.set(id, 6 * Math.min(1, (3 * score) / all));
    }
  }
  const myCategories = stmt(
    `SELECT DISTINCT lower(k.label) FROM fishbone_categories k WHERE k.case_id = ? AND EXISTS (SELECT 1 FROM causes x WHERE x.category_id = k.id)`,
  )
    .pluck(true)
    .all(caseId) as string[];
  // Cases sharing the fields, most recent first, join the candidates.
  const fieldRows = stmt(
    `SELECT id FROM cases WHERE deleted_at IS NULL AND id <> ? AND scenario_type = ? AND (mot_failure = ? OR (? IS NOT NULL AND touchpoint = ?))
     ORDER BY updated_at DESC LIMIT ?`,
  )
    .pluck(true)
    .all(caseId, me.scenario_type, me.mot_failure, me.touchpoint, me.touchpoint, CANDIDATES) as string[];
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
    // Sharing one broad trait (the scenario type, a word or two, the usual cause categories) makes
    // no relative: such a case is left out, however well its own actions worked.
    if (score < MIN_SIMILARITY) return null;
    const effective = c.effective as number;
    if (effective > 0) {
      reasons.push({ kind: 'verifiedEffective', actions: effective });
      score *= 1.25;
      score += 1;
    }
    return { c, reasons, score };
  });
  const kept = ranked.filter((r) => r !== null);
  kept.sort((a, b) => b.score - a.score || String(b.c.updated_at).localeCompare(String(a.c.updated_at)));

  return kept.slice(0, limit).map(({ c, reasons, score }) => {
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
      rootCauses: roots.map((r) => {
        // A 5-Whys root names its analysis, so opening it lands in the right one of the case's analyses.
        const place = r.places.find((p) => p.key === r.key) ?? r.places[0];
        return {
          key: r.key,
          text: r.text,
          evidence: r.places.map((p) => p.evidence).find((e) => e && e.trim()) ?? '',
          analysisId: place?.source === 'whys' ? place.analysis.id : null,
        };
      }),
      actions: plan.actions.map((a) => ({ id: a.id, title: a.title, kind: a.kind, verifiedEffective: a.checks.some((k) => k.result === 'effective') })),
      lessons: plan.lessons,
    };
  });
}

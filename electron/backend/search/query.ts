import type { LibraryFilters, SearchHit, SearchPart, SearchQuery, SearchResult, Snippet } from '../../../shared/domain/search';
import type { Prepare } from '../sql';
import { CASE_OF_ROWID, DOCS_PER_CASE } from './search-index';
import { CJK, tokens } from './segment';

/** search:query: the words typed, each made into an FTS5 phrase of its own segmented pieces (so
 *  nothing the user types is FTS syntax), ANDed, each a prefix. */

type Row = Record<string, unknown>;

/** The words of a query with their index tokens; a word with no letter or digit is dropped. */
export function queryWords(q: string): { word: string; tokens: string[] }[] {
  return q
    .split(/\s+/u)
    .map((word) => ({ word, tokens: tokens(word) }))
    .filter((w) => w.tokens.length > 0);
}

/** The MATCH expression: every word a quoted phrase (its tokens hold only letters and digits, so
 *  no quote can end it early), the phrase a prefix, the words ANDed. */
export function matchExpression(words: { tokens: string[] }[]): string {
  return words.map((w) => `"${w.tokens.join(' ')}"*`).join(' AND ');
}

/** The most words starting with a Chinese piece that its phrase lists: past that, the index's own
 *  prefix search is used. */
const PREFIX_WORDS = 8;
const ALL_CJK = /^[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{2fa1f}]+$/u;

/** The MATCH expression the index answers fastest, finding what `matchExpression` finds. For a
 *  prefix the index reads and merges, on every query and before its first hit, the whole lists of
 *  all the words that start with it (客户* reads 客户 and 客户端), so counting and the newest-first
 *  window both read everything, twice. A last piece in Chinese (which the stemmer leaves alone, so
 *  the index holds it as written) is looked up in the index's vocabulary instead: the longer words
 *  it starts are few, and the phrase becomes the exact word, or an OR of the exact words, which
 *  the index reads lazily. English pieces keep the prefix (the index holds their stems). */
export function indexMatch(stmt: Prepare, words: { tokens: string[] }[]): string {
  // The bounds as >= and <=, which the vocabulary seeks to; with > it reads the piece's own
  // list first (to count its documents, 6 ms for a word in 300,000 of them).
  const longer = stmt('SELECT term FROM search_vocab WHERE term >= ? AND term <= ? LIMIT ?').pluck(true);
  return words
    .map(({ tokens: t }) => {
      const last = t.at(-1)!;
      if (!ALL_CJK.test(last)) return `"${t.join(' ')}"*`;
      // Every longer word continues with a letter or digit, after U+0001.
      const more = longer.all(`${last}\u0001`, `${last}\u{10ffff}`, PREFIX_WORDS + 1) as string[];
      if (more.length > PREFIX_WORDS) return `"${t.join(' ')}"*`;
      const head = t.slice(0, -1);
      const phrases = [last, ...more].map((w) => `"${[...head, w].join(' ')}"`);
      return phrases.length === 1 ? phrases[0]! : `(${phrases.join(' OR ')})`;
    })
    .join(' AND ');
}

/** A single Chinese character cannot be found through the segmented index (it is part of a word
 *  there), so such a query is answered from the documents' text instead. */
const needsTextScan = (words: { word: string; tokens: string[] }[]) =>
  words.some((w) => w.tokens.length === 1 && [...w.tokens[0]!].length === 1 && CJK.test(w.tokens[0]!));

const hasMatch = (stmt: Prepare, match: string) => stmt('SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT 1').get(match) !== undefined;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** The WHERE conditions on the case (alias c) for the shared filters; trashed cases never match. */
export function filterSql(f: LibraryFilters, params: unknown[], touchpointSql = 'c.touchpoint', departmentSql = 'c.department', scenarioSql = 'c.scenario_type'): string[] {
  const where = ['c.deleted_at IS NULL'];
  // A case's date is when it happened, or when it was recorded if that is unknown.
  if (f.from) {
    where.push('julianday(coalesce(c.occurred_at, c.created_at)) >= julianday(?)');
    params.push(f.from);
  }
  if (f.to) {
    where.push('julianday(coalesce(c.occurred_at, c.created_at)) <= julianday(?)');
    params.push(f.to);
  }
  if (f.department) {
    where.push(`${departmentSql} LIKE ? ESCAPE '\\'`);
    params.push(escapeLike(f.department));
  }
  for (const [value, column] of [
    [f.touchpoint, touchpointSql],
    [f.severity, 'c.severity'],
    [f.scenarioType, scenarioSql],
    [f.motFailure, 'c.mot_failure'],
    [f.step, 'c.step'],
    [f.status, 'c.status'],
  ] as const) {
    if (value) {
      where.push(`${column} = ?`);
      params.push(value);
    }
  }
  if (f.tag) {
    // Part of a tag, in any case, as the library's tag filter.
    where.push(`c.id IN (SELECT case_id FROM case_tags WHERE tag LIKE ? ESCAPE '\\')`);
    params.push(`%${escapeLike(f.tag)}%`);
  }
  return where;
}

const HIT_COLUMNS = `d.id AS doc_id, d.case_id, d.part, d.item_id, d.analysis_id, d.action_id, d.text, c.title, c.step, c.status, c.severity, c.updated_at, c.occurred_at`;

/** Ranking by bm25 reads every hit's length: with a word found in a tenth of 2 million documents,
 *  most of a search's time. Past `allUpTo` hits, the page is ranked among the newest `windowHits`
 *  hits only (the index reads a word's hits newest first from the end of its list, and stops
 *  there): the best matches of recent cases, which is what a very common word can usefully point
 *  to. A page past the middle of that window is ranked over all hits. The counts are always over
 *  all hits. */
export interface Ranking {
  allUpTo: number;
  windowHits: number;
}
export const RANKING: Ranking = { allUpTo: 10_000, windowHits: 5_000 };

function rankedIds(
  stmt: Prepare,
  match: string,
  scope: string,
  scopeParams: string[],
  total: number,
  page: { offset: number; limit: number },
  ranking: Ranking,
): number[] {
  if (total > ranking.allUpTo && page.offset + page.limit <= ranking.windowHits / 2) {
    // Not a rowid range (`rowid >= ?`): the index would read the word's whole list to reach it.
    return stmt(
      `SELECT id FROM (SELECT rowid AS id, bm25(search_fts) AS score FROM search_fts WHERE search_fts MATCH ? ${scope} ORDER BY rowid DESC LIMIT ?) ORDER BY score, id LIMIT ? OFFSET ?`,
    )
      .pluck(true)
      .all(match, ...scopeParams, ranking.windowHits, page.limit, page.offset) as number[];
  }
  return stmt(`SELECT rowid FROM search_fts WHERE search_fts MATCH ? ${scope} ORDER BY rank, rowid LIMIT ? OFFSET ?`)
    .pluck(true)
    .all(match, ...scopeParams, page.limit, page.offset) as number[];
}

/** Sorted by date, newest case first (then by case id, then a case's hits in their order): joining
 *  every hit to its case and sorting them took most of a second for a common word at 100,000 cases.
 *  Instead the hits' ids are read once from the index (they are counted from that list, and a hit's
 *  case is its id's number, see search-index.ts) and the cases are read in date order, the page
 *  filled from the first cases that have hits: either the library's cases read newest first from
 *  the index on the date (migration 11), stopping once the page is filled, or, when that would read
 *  far more cases than there are cases hit (a rare word), only the cases hit, looked up and sorted. */
export interface DateOrder {
  /** What looking up and sorting one case hit costs, in cases read from the index on the date
   *  (measured: about 7 microseconds against 0.7). */
  sortCost: number;
}
export const DATE_ORDER: DateOrder = { sortCost: 10 };

const CASE_DATE_ORDER = 'coalesce(c.occurred_at, c.created_at) DESC, c.id';

function idsByDate(
  stmt: Prepare,
  match: string,
  scope: string,
  scopeParams: string[],
  filters: { where: string[]; params: unknown[] },
  page: { offset: number; limit: number },
  dateOrder: DateOrder,
): { ids: number[]; total: number; cases: number } {
  // Ascending, the index's own order: a case's hits are one run of the list.
  const rowids = stmt(`SELECT rowid FROM search_fts WHERE search_fts MATCH ? ${scope} ORDER BY rowid`)
    .pluck(true)
    .all(match, ...scopeParams) as number[];
  const runs = new Map<number, { start: number; end: number }>();
  for (let i = 0; i < rowids.length; i++) {
    const num = Math.floor(rowids[i]! / DOCS_PER_CASE);
    const run = runs.get(num);
    if (run) run.end = i + 1;
    else runs.set(num, { start: i, end: i + 1 });
  }
  const ids: number[] = [];
  const end = page.offset + page.limit;
  if (runs.size > 0 && page.limit > 0) {
    const where = filters.where.join(' AND ');
    const cases =
      sortHitCases(stmt, runs.size, end, dateOrder)
        ? stmt(`SELECT s.num FROM json_each(?) j JOIN search_cases s ON s.num = j.value JOIN cases c ON c.id = s.case_id WHERE ${where} ORDER BY ${CASE_DATE_ORDER}`)
            .pluck(true)
            .iterate(JSON.stringify([...runs.keys()]), ...filters.params)
        : stmt(`SELECT s.num FROM cases c JOIN search_cases s ON s.case_id = c.id WHERE ${where} ORDER BY ${CASE_DATE_ORDER}`)
            .pluck(true)
            .iterate(...filters.params);
    let seen = 0;
    // Leaving the loop early ends the statement: the rest of the library is never read.
    for (const num of cases as Iterable<number>) {
      const run = runs.get(num);
      if (!run) continue;
      const from = Math.max(run.start, run.start + page.offset - seen);
      const to = Math.min(run.end, run.start + end - seen);
      for (let i = from; i < to; i++) ids.push(rowids[i]!);
      seen += run.end - run.start;
      if (seen >= end) break;
    }
  }
  return { ids, total: rowids.length, cases: runs.size };
}

/** Whether the cases hit are better sorted on their own than found by reading the library by date:
 *  with hits spread evenly, filling the page reads about `need` cases hit times the library's share
 *  of each, and never more than the library. */
function sortHitCases(stmt: Prepare, hitCases: number, need: number, dateOrder: DateOrder): boolean {
  // The cases' numbers are given in order and only the last is looked up: about the library's size.
  const library = (stmt('SELECT max(num) FROM search_cases').pluck(true).get() as number | null) ?? 0;
  return hitCases * dateOrder.sortCost < Math.min(library, (need * library) / hitCases);
}

/** The page's hits with their cases, in the order of `ids`. */
function hitRows(stmt: Prepare, ids: number[]): Row[] {
  const byId = new Map(
    (stmt(`SELECT ${HIT_COLUMNS} FROM search_docs d JOIN cases c ON c.id = d.case_id WHERE d.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as Row[]).map(
      (r) => [r.doc_id as number, r],
    ),
  );
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}

export function search(
  stmt: Prepare,
  input: Required<Pick<SearchQuery, 'q' | 'sort' | 'offset' | 'limit'>> & LibraryFilters,
  ranking: Ranking = RANKING,
  dateOrder: DateOrder = DATE_ORDER,
): SearchResult {
  const words = queryWords(input.q);
  const raw = input.q.trim();
  if (!raw) return { hits: [], total: 0, cases: 0 };
  const params: unknown[] = [];
  const where = filterSql(input, params);
  const order = input.sort === 'date' ? 'coalesce(c.occurred_at, c.created_at) DESC, c.id, d.id' : 'rank, d.id';

  let rows: Row[];
  let counts: { total: number; cases: number };
  const fts = words.length > 0 && !needsTextScan(words);
  if (fts) {
    const match = indexMatch(stmt, words);
    // Which cases may match, by number (see search-index.ts): with filters, the cases that pass
    // them; without, every case the index holds (it holds none in the trash). The index then counts
    // and ranks on its own, and only the page's hits are joined to their cases.
    const filtered = where.length > 1;
    const nums = filtered ? stmt(`SELECT s.num FROM search_cases s JOIN cases c ON c.id = s.case_id WHERE ${where.join(' AND ')}`).pluck(true).all(...params) : [];
    const scope = filtered ? `AND ${CASE_OF_ROWID} IN (SELECT value FROM json_each(?))` : '';
    const scopeParams = filtered ? [JSON.stringify(nums)] : [];
    let dated: { ids: number[] } | null = null;
    if (input.sort === 'date') {
      const { ids, ...counted } = idsByDate(stmt, match, scope, scopeParams, { where, params }, input, dateOrder);
      dated = { ids };
      counts = counted;
    } else {
      counts = stmt(`SELECT count(*) AS total, count(DISTINCT ${CASE_OF_ROWID}) AS cases FROM search_fts WHERE search_fts MATCH ? ${scope}`).get(
        match,
        ...scopeParams,
      ) as typeof counts;
    }
    if (counts.total > 0 || !CJK.test(raw) || words.every((w) => hasMatch(stmt, matchExpression([w])))) {
      rows = hitRows(stmt, dated ? dated.ids : rankedIds(stmt, match, scope, scopeParams, counts.total, input, ranking));
      return { hits: rows.map((r) => toHit(r, words)), ...counts };
    }
    // A word the index does not know at all, in Chinese: the segmenter may have cut the text
    // differently from the query (未执行 in 前未|执行). Look at the text itself.
  }
  // Each word (or, with no word at all, what was typed) is a substring of the document's text.
  const parts = words.length > 0 ? words.map((w) => w.word) : [raw];
  const likes = parts.map(() => `d.text LIKE ? ESCAPE '\\'`);
  const likeParams = parts.map((p) => `%${escapeLike(p)}%`);
  const from = `FROM search_docs d JOIN cases c ON c.id = d.case_id WHERE ${[...likes, ...where].join(' AND ')}`;
  const textOrder = input.sort === 'date' ? order : 'c.updated_at DESC, d.id';
  rows = stmt(`SELECT ${HIT_COLUMNS} ${from} ORDER BY ${textOrder} LIMIT ? OFFSET ?`).all(...likeParams, ...params, input.limit, input.offset) as Row[];
  counts = stmt(`SELECT count(*) AS total, count(DISTINCT d.case_id) AS cases ${from}`).get(...likeParams, ...params) as typeof counts;
  return { hits: rows.map((r) => toHit(r, words.length > 0 ? words : [{ word: raw, tokens: [raw.toLowerCase()] }])), ...counts };
}

function toHit(r: Row, words: { word: string; tokens: string[] }[]): SearchHit {
  return {
    caseId: r.case_id as string,
    caseTitle: r.title as string,
    part: r.part as SearchPart,
    itemId: (r.item_id as string | null) ?? null,
    analysisId: (r.analysis_id as string | null) ?? null,
    ...(r.action_id ? { actionId: r.action_id as string } : {}),
    snippet: snippet(r.text as string, words),
    step: r.step as SearchHit['step'],
    status: r.status as SearchHit['status'],
    severity: r.severity as SearchHit['severity'],
    updatedAt: r.updated_at as string,
    occurredAt: (r.occurred_at as string | null) ?? null,
  };
}

/** Where each query token occurs in the text, as [start, end) ranges. A Chinese token is found as
 *  written; a Latin one as the start of a word, loosely stemmed (backups finds backup). */
export function hitRanges(text: string, words: { tokens: string[] }[]): [number, number][] {
  const lower = text.toLowerCase();
  const ranges: [number, number][] = [];
  for (const token of new Set(words.flatMap((w) => w.tokens))) {
    // Chinese, and text typed without letters or digits (a percent sign), is found as written.
    if (CJK.test(token) || !/^[\p{L}\p{N}]/u.test(token)) {
      for (let i = lower.indexOf(token); i >= 0; i = lower.indexOf(token, i + token.length)) ranges.push([i, i + token.length]);
      continue;
    }
    const stem = token.length > 4 ? token.replace(/(?:ies|es|s|ed|ing|ly)$/u, '') : token;
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\p{L}\\p{N}]*`, 'gu');
    for (const m of lower.matchAll(re)) ranges.push([m.index, m.index + m[0].length]);
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  return merged;
}

const SNIPPET_CHARS = 120;
const SNIPPET_BEFORE = 30;

/** A window of the document's text around its first hit, as plain and hit runs. The text is the
 *  one written (the index's segmented copy is never shown, so no space appears between Chinese
 *  characters). An ellipsis marks text left out. */
export function snippet(text: string, words: { tokens: string[] }[]): Snippet {
  const flat = text.replace(/\s+/gu, ' ').trim();
  const ranges = hitRanges(flat, words);
  const first = ranges[0]?.[0] ?? 0;
  const start = first > SNIPPET_BEFORE ? first - SNIPPET_BEFORE : 0;
  const end = Math.min(flat.length, start + SNIPPET_CHARS);
  const out: Snippet = [];
  const push = (t: string, hit: boolean) => {
    if (!t) return;
    const last = out.at(-1);
    if (last && last.hit === hit) last.text += t;
    else out.push({ text: t, hit });
  };
  if (start > 0) push('…', false);
  let at = start;
  for (const [a, b] of ranges) {
    if (b <= start || a >= end) continue;
    push(flat.slice(at, Math.max(a, at)), false);
    push(flat.slice(Math.max(a, at), Math.min(b, end)), true);
    at = Math.min(b, end);
  }
  push(flat.slice(at, end), false);
  if (end < flat.length) push('…', false);
  return out;
}

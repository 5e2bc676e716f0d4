import type { NeedFacts } from '../../../shared/domain/kano-chart';
import type { KanoAnswer, KanoCategory } from '../../../shared/domain/kano';
import type { LibraryFilters } from '../../../shared/domain/search';
import type { Prepare } from '../sql';
import { caseWhere, loadActionsWhere, loadCasesWhere, loadRootsWhere, type ActionRow, type CaseFact, type RootFact } from './model';

/** Every live case's share of the insights figures and the KANO chart, kept in memory and brought
 *  up to date by reading again only the cases that changed.
 *
 *  Which cases changed is kept by the database itself (migrations 10 and 12): triggers on every
 *  table the figures read append the case's id to `case_change_log`, whoever writes (this app, the
 *  command line, another window, a raw SQL tool). So after any write, here or by another
 *  connection, one range read of the log finds the changed cases (usually one), and only they are
 *  read again (~1 ms), instead of every case's root causes and actions (150-200 ms at 10,000 cases).
 *
 *  Selections (the cases a set of filters selects) are kept the same way: a changed case is checked
 *  against each kept selection's filters in SQL, so the filters mean exactly what search's mean;
 *  a selection's `stamp` moves only when one of its cases changed or a case came in or left. The
 *  figures made from a selection are kept by its stamp. */

export interface CaseShare {
  fact: CaseFact;
  /** Its distinct root causes, in the order loadRoots gives (fishbone places first). */
  roots: RootFact[];
  actions: ActionRow[];
  /** Its customer needs in order, as the KANO chart reads them. */
  needs: NeedFacts[];
}

export interface Selection {
  /** The ids of the selected live cases. */
  ids: Set<string>;
  /** Moves when a selected case changed or a case came in or left: what the figures are kept by. */
  stamp: number;
}

interface KeptSelection extends Selection {
  filters: LibraryFilters;
  /** The mirror's version this selection is current with. */
  version: number;
}

/** More changed cases than this are read with one scan rather than a list of ids. */
const LIST_LIMIT = 500;
/** How many syncs' changed ids are remembered for selections that fell behind. */
const LOG_LIMIT = 64;
/** How many filter combinations keep their selection. */
const SELECTIONS = 32;

export class CaseMirror {
  private readonly shares = new Map<string, CaseShare>();
  /** Ids in order (by id), or null after a case came or went. */
  private order: string[] | null = null;
  /** The change log's number the shares are current with; -1 before the first read. */
  private seq = -1;
  /** Moves with each sync that found changes. */
  private version = 0;
  /** The version of the last full read: a selection older than it is made again. */
  private base = 0;
  private log: { version: number; ids: string[] }[] = [];
  private readonly selections = new Map<string, KeptSelection>();
  private stamps = 0;

  constructor(private readonly stmt: Prepare) {}

  /** Brings the shares up to date. Runs inside the caller's read transaction (one snapshot). */
  sync(): void {
    // Two subqueries: SQLite reads a lone min() or max() of the key from one end of the b-tree.
    const [low, top] = this.stmt('SELECT (SELECT ifnull(min(seq), 0) FROM case_change_log), (SELECT ifnull(max(seq), 0) FROM case_change_log)')
      .raw(true)
      .get() as [number, number];
    if (top === this.seq) return;
    // First read; the numbers went back (the file was replaced by an older copy); or the rows after
    // the number last seen were dropped (compactChangeLog): read everything.
    if (this.seq < 0 || top < this.seq || this.seq < low - 1) {
      this.shares.clear();
      this.read({ where: 'c.deleted_at IS NULL', params: [] }, null);
      this.seq = top;
      this.base = ++this.version;
      this.log = [];
      return;
    }
    const ids = this.stmt('SELECT DISTINCT case_id FROM case_change_log WHERE seq > ?').pluck(true).all(this.seq) as string[];
    this.seq = top;
    this.version++;
    this.log.push({ version: this.version, ids });
    if (this.log.length > LOG_LIMIT) this.log.shift();
    if (ids.length > LIST_LIMIT) {
      // Many changed (an import): one scan of every live case, as the first read.
      this.shares.clear();
      this.read({ where: 'c.deleted_at IS NULL', params: [] }, null);
    } else this.read({ where: 'c.id IN (SELECT value FROM json_each(?)) AND c.deleted_at IS NULL', params: [JSON.stringify(ids)] }, ids);
  }

  get(id: string): CaseShare | undefined {
    return this.shares.get(id);
  }

  /** Every live case's id, in id order (the order a full read of the figures' inputs gives). */
  ids(): readonly string[] {
    if (!this.order) this.order = [...this.shares.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return this.order;
  }

  /** The cases the filters select, kept up to date. Call after sync(), in the same transaction. */
  select(filters: LibraryFilters): Selection {
    const key = filterKey(filters);
    let kept = this.selections.get(key);
    if (kept && kept.version !== this.version) {
      const changed = this.changedSince(kept.version);
      if (!changed) kept = undefined;
      else {
        const { where, params } = caseWhere(filters);
        const inNow = new Set(
          changed.size > LIST_LIMIT
            ? (this.stmt(`SELECT c.id FROM cases c WHERE ${where}`).pluck(true).all(...params) as string[]).filter((id) => changed.has(id))
            : (this.stmt(`SELECT c.id FROM cases c WHERE ${where} AND c.id IN (SELECT value FROM json_each(?))`).pluck(true).all(...params, JSON.stringify([...changed])) as string[]),
        );
        let moved = false;
        for (const id of changed) {
          if (inNow.has(id)) {
            kept.ids.add(id);
            moved = true;
          } else if (kept.ids.delete(id)) moved = true;
        }
        if (moved) kept.stamp = ++this.stamps;
        kept.version = this.version;
      }
    }
    if (!kept) {
      const { where, params } = caseWhere(filters);
      kept = { filters, ids: new Set(this.stmt(`SELECT c.id FROM cases c WHERE ${where}`).pluck(true).all(...params) as string[]), stamp: ++this.stamps, version: this.version };
    }
    // Most recently used last, so the oldest goes first when there are too many.
    this.selections.delete(key);
    this.selections.set(key, kept);
    if (this.selections.size > SELECTIONS) this.selections.delete(this.selections.keys().next().value!);
    return kept;
  }

  /** The version the shares are at: what changedSince() counts from. */
  get at(): number {
    return this.version;
  }

  /** The ids changed after `version`, or null when that is no longer known. */
  changedSince(version: number): Set<string> | null {
    if (version === this.version) return new Set();
    if (version < this.base) return null;
    if (this.log.length === 0 || this.log[0]!.version > version + 1) return null;
    const out = new Set<string>();
    for (const entry of this.log) if (entry.version > version) for (const id of entry.ids) out.add(id);
    return out;
  }

  /** Reads the shares of the cases (alias c) the WHERE selects; `ids` (when given) are the cases
   *  asked for, so those not found (deleted, trashed) are dropped. */
  private read({ where, params }: { where: string; params: unknown[] }, ids: readonly string[] | null): void {
    const facts = loadCasesWhere(this.stmt, where, params);
    const roots = groupBy(loadRootsWhere(this.stmt, where, params));
    const actions = groupBy(loadActionsWhere(this.stmt, where, params));
    const needs = loadNeedsWhere(this.stmt, where, params);
    const before = this.shares.size;
    if (ids) for (const id of ids) this.shares.delete(id);
    for (const fact of facts) this.shares.set(fact.id, { fact, roots: roots.get(fact.id) ?? [], actions: actions.get(fact.id) ?? [], needs: needs.get(fact.id) ?? [] });
    if (!ids || this.shares.size !== before || facts.length !== ids.length) this.order = null;
  }
}

/** The same filters give the same key, whatever the order of their fields. */
export function filterKey(filters: LibraryFilters): string {
  return JSON.stringify(Object.entries(filters).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function groupBy<T extends { caseId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const l = out.get(r.caseId);
    if (l) l.push(r);
    else out.set(r.caseId, [r]);
  }
  return out;
}

/** The customer needs of the cases (alias c) a WHERE selects, by case, each in order with its answer
 *  pairs: only the columns the KANO chart uses. */
export function loadNeedsWhere(stmt: Prepare, where: string, params: unknown[]): Map<string, NeedFacts[]> {
  const needRows = stmt(`SELECT n.rowid, n.case_id, n.text, n.kano, n.met FROM cases c JOIN customer_needs n ON n.case_id = c.id WHERE ${where} ORDER BY n.case_id, n.position`)
    .raw(true)
    .all(...params) as [number, string, string, KanoCategory | null, number][];
  const answerRows = stmt(`SELECT n.rowid, a.functional, a.dysfunctional FROM cases c JOIN customer_needs n ON n.case_id = c.id JOIN kano_answers a ON a.need_id = n.id WHERE ${where}`)
    .raw(true)
    .all(...params) as [number, KanoAnswer, KanoAnswer][];
  const answers = new Map<number, { functional: KanoAnswer; dysfunctional: KanoAnswer }[]>();
  for (const [need, functional, dysfunctional] of answerRows) {
    const list = answers.get(need);
    if (list) list.push({ functional, dysfunctional });
    else answers.set(need, [{ functional, dysfunctional }]);
  }
  const out = new Map<string, NeedFacts[]>();
  for (const [rowid, caseId, text, kano, met] of needRows) {
    const need = { text, kano, met: met === 1, answers: answers.get(rowid) ?? [] };
    const l = out.get(caseId);
    if (l) l.push(need);
    else out.set(caseId, [need]);
  }
  return out;
}

import type { LibraryFilters } from '../../../shared/domain/search';
import type { Prepare } from '../sql';
import { caseWhere, loadActionsWhere, loadCases, loadRootsWhere, type ActionRow, type CaseFact, type Model, type RootFact } from './model';

/** Each case's share of the figures' inputs (its distinct root causes and its actions), kept per
 *  case with the stamp it was read at. After an edit only the cases whose stamp moved are read
 *  again: reading every case's root causes and actions costs ~150-200 ms at 10,000 cases (a
 *  per-case index seek for each of 7 queries), one edited case ~1 ms. Cases that left the
 *  filters or the library are simply not asked for. The stamps are trusted for this connection's
 *  own writes, which all go through the repositories (touchCase); the service clears the store
 *  when another connection wrote. */
interface Share {
  stamp: string;
  roots: RootFact[];
  actions: ActionRow[];
}

/** More ids than this are read with the filters' own WHERE instead of a list. */
const LIST_LIMIT = 500;

export class CaseShares {
  private readonly shares = new Map<string, Share>();

  constructor(private readonly stmt: Prepare) {}

  /** Forgets every share: after another connection wrote (the command line, another window), as
   *  it may have written rows without moving a case's stamp. */
  clear(): void {
    this.shares.clear();
  }

  /** The model and actions of the cases the filters select. Runs inside the caller's read transaction. */
  read(filters: LibraryFilters): { model: Model; actions: ActionRow[] } {
    const cases = loadCases(this.stmt, filters);
    const stale = cases.filter((c) => this.shares.get(c.id)?.stamp !== c.stamp);
    if (stale.length > 0) {
      // Many stale (the first read): the filters' own WHERE, as a full read would, for every case.
      if (stale.length > LIST_LIMIT) this.refresh(cases, caseWhere(filters));
      else this.refresh(stale, { where: 'c.id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(stale.map((c) => c.id))] });
    }
    // The order loadRoots gives for the same cases (by case id: first the roots named by a fishbone
    // place, then those named by a why), so ties in the figures break as they would on a full read.
    const byId = [...cases].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const roots: RootFact[] = [];
    const whyLed: RootFact[] = [];
    const actions: ActionRow[] = [];
    for (const c of byId) {
      const share = this.shares.get(c.id)!;
      for (const r of share.roots) (r.key.startsWith('fishbone:') ? roots : whyLed).push(r);
      for (const a of share.actions) actions.push(a);
    }
    for (const r of whyLed) roots.push(r);
    return { model: { cases, caseById: new Map(cases.map((c) => [c.id, c])), roots }, actions };
  }

  /** Reads the shares of these cases, selected (alias c) by the WHERE given. */
  private refresh(list: CaseFact[], { where, params }: { where: string; params: unknown[] }): void {
    const roots = new Map<string, RootFact[]>();
    for (const r of loadRootsWhere(this.stmt, where, params)) {
      const l = roots.get(r.caseId);
      if (l) l.push(r);
      else roots.set(r.caseId, [r]);
    }
    const actions = new Map<string, ActionRow[]>();
    for (const a of loadActionsWhere(this.stmt, where, params)) {
      const l = actions.get(a.caseId);
      if (l) l.push(a);
      else actions.set(a.caseId, [a]);
    }
    for (const c of list) this.shares.set(c.id, { stamp: c.stamp, roots: roots.get(c.id) ?? [], actions: actions.get(c.id) ?? [] });
  }
}

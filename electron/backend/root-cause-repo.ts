import { CausewayError } from '../../shared/contract/errors';
import { refKey, type RootCauseRef } from '../../shared/domain/plan';
import { applyRootCauseCommand, distinctRootCauses, pairKey, type RootCause, type RootCauseCommand, type RootCauseLink } from '../../shared/domain/root-causes';
import { checkBase, explainCaseMiss, touchCase } from './case-repo';
import type { Db } from './database';
import type { FishboneRepo } from './fishbone-repo';
import { cachedPrepare, writeTransaction, type Prepare } from './sql';
import type { WhyRepo } from './why-repo';

/** Reads and writes what a case's team said about its root causes' identity: the links in
 *  `root_cause_links` (see shared/domain/root-causes.ts for the rule they refine). Every change is a
 *  RootCauseCommand, applied by the same pure function the editor runs, in one transaction with the
 *  case's revision bump. A link goes with either of its places (the rows cascade). */

interface LinkRow {
  a_cause_id: string | null;
  a_why_id: string | null;
  b_cause_id: string | null;
  b_why_id: string | null;
  same: number;
}

const refOf = (cause: string | null, why: string | null): RootCauseRef => (cause !== null ? { source: 'fishbone', id: cause } : { source: 'whys', id: why! });

/** The pair with the smaller ref first, so a pair has one row whichever way round it was given. */
function ordered(link: RootCauseLink): [RootCauseRef, RootCauseRef] {
  return refKey(link.a) <= refKey(link.b) ? [link.a, link.b] : [link.b, link.a];
}

export class RootCauseRepo {
  private readonly prepare: Prepare;

  constructor(
    private readonly db: Db,
    private readonly fishbones: FishboneRepo,
    private readonly whys: WhyRepo,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.prepare = cachedPrepare(db);
  }

  /** The links of a case and its revision. A case in the trash can still be read. */
  get(caseId: string): { links: RootCauseLink[]; revision: number } {
    return this.db.transaction(() => {
      const row = this.prepare('SELECT revision FROM cases WHERE id = ?').get(caseId) as { revision: number } | undefined;
      if (!row) explainCaseMiss(this.prepare, caseId, -1);
      return { links: this.links(caseId), revision: row!.revision };
    })();
  }

  /** The case's distinct root causes as they stand, from its fishbone, analyses and links. */
  distinct(caseId: string): RootCause[] {
    return this.db.transaction(() => distinctRootCauses(this.fishbones.get(caseId).fishbone, this.whys.get(caseId).analyses, this.links(caseId)))();
  }

  /** Applies one command in one transaction and returns the case's new revision. A command the links
   *  refuse, a place that is not a cause or a why of this case (`invalid_reference`), and a missing
   *  or trashed case change nothing. */
  apply(caseId: string, command: RootCauseCommand, base?: number): { revision: number } {
    return writeTransaction(this.db, () => {
      checkBase(this.prepare, caseId, base);
      const before = this.links(caseId);
      applyRootCauseCommand(before, command);
      for (const link of command.add) for (const ref of [link.a, link.b]) this.checkPlace(caseId, ref);
      const at = this.now().toISOString();
      const remove = this.prepare(
        `DELETE FROM root_cause_links WHERE case_id = ? AND ifnull(a_cause_id, '') = ? AND ifnull(a_why_id, '') = ? AND ifnull(b_cause_id, '') = ? AND ifnull(b_why_id, '') = ?`,
      );
      const insert = this.prepare('INSERT INTO root_cause_links (case_id, a_cause_id, a_why_id, b_cause_id, b_why_id, same, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
      const ids = (ref: RootCauseRef) => [ref.source === 'fishbone' ? ref.id : null, ref.source === 'whys' ? ref.id : null] as const;
      for (const link of command.remove) {
        const [a, b] = ordered(link);
        remove.run(caseId, ...ids(a).map((x) => x ?? ''), ...ids(b).map((x) => x ?? ''));
      }
      for (const link of command.add) {
        const [a, b] = ordered(link);
        insert.run(caseId, ...ids(a), ...ids(b), link.same ? 1 : 0, at);
      }
      return { revision: touchCase(this.prepare, caseId, at, base) };
    });
  }

  private links(caseId: string): RootCauseLink[] {
    const rows = this.prepare(
      `SELECT a_cause_id, a_why_id, b_cause_id, b_why_id, same FROM root_cause_links WHERE case_id = ? ORDER BY rowid`,
    ).all(caseId) as LinkRow[];
    const seen = new Set<string>();
    const out: RootCauseLink[] = [];
    for (const r of rows) {
      const link = { a: refOf(r.a_cause_id, r.a_why_id), b: refOf(r.b_cause_id, r.b_why_id), same: r.same === 1 };
      if (seen.has(pairKey(link.a, link.b))) continue;
      seen.add(pairKey(link.a, link.b));
      out.push(link);
    }
    return out;
  }

  private checkPlace(caseId: string, ref: RootCauseRef): void {
    const found =
      ref.source === 'fishbone'
        ? this.prepare('SELECT 1 FROM causes WHERE id = ? AND case_id = ?').pluck().get(ref.id, caseId)
        : this.prepare('SELECT 1 FROM whys w JOIN why_analyses a ON a.id = w.analysis_id WHERE w.id = ? AND a.case_id = ?').pluck().get(ref.id, caseId);
    if (found === undefined) {
      throw new CausewayError('validation', `No ${ref.source === 'fishbone' ? 'fishbone cause' : '5-Whys answer'} ${ref.id} in this case.`, {
        issues: [{ path: ['links'], reason: 'invalid_reference' }],
      });
    }
  }
}

import { applyNeedCommand, type CustomerNeed, type CustomerNeeds, type NeedCommand } from '../../shared/domain/needs';
import { checkBase, explainCaseMiss, touchCase } from './case-repo';
import type { Db } from './database';
import { cachedPrepare, deleteIds, upsertRows, writeTransaction, type Prepare } from './sql';

/** Reads and writes a case's customer needs (`customer_needs`) and their KANO answer pairs
 *  (`kano_answers`), both ordered by `position`. Every change is a NeedCommand, applied by the same
 *  pure function the editor runs; only the rows that differ are written, in one transaction with
 *  the case's revision bump (which also brings the search index up to date). */

type Row = Record<string, unknown> & { id: string };

const NEED_COLUMNS = ['case_id', 'position', 'text', 'kano', 'met'] as const;
const ANSWER_COLUMNS = ['need_id', 'position', 'functional', 'dysfunctional', 'respondent'] as const;

interface NeedRows {
  needs: Row[];
  answers: Row[];
}

function toRows(caseId: string, needs: CustomerNeeds): NeedRows {
  const rows: NeedRows = { needs: [], answers: [] };
  needs.forEach((n, position) => {
    rows.needs.push({ id: n.id, case_id: caseId, position, text: n.text, kano: n.kano, met: n.met ? 1 : 0 });
    n.answers.forEach((a, i) =>
      rows.answers.push({ id: a.id, need_id: n.id, position: i, functional: a.functional, dysfunctional: a.dysfunctional, respondent: a.respondent }),
    );
  });
  return rows;
}

/** The needs the rows hold; the rows come in position order. */
export function needsFromRows(rows: NeedRows): CustomerNeeds {
  const needs: CustomerNeed[] = rows.needs.map((r) => ({
    id: r.id,
    text: r.text as string,
    kano: (r.kano as CustomerNeed['kano']) ?? null,
    met: r.met === 1,
    answers: [],
  }));
  const byId = new Map(needs.map((n) => [n.id, n]));
  for (const r of rows.answers) {
    byId.get(r.need_id as string)?.answers.push({
      id: r.id,
      functional: r.functional as CustomerNeed['answers'][number]['functional'],
      dysfunctional: r.dysfunctional as CustomerNeed['answers'][number]['dysfunctional'],
      respondent: r.respondent as string,
    });
  }
  return needs;
}

export class NeedRepo {
  private readonly prepare: Prepare;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.prepare = cachedPrepare(db);
  }

  /** The needs of a case and the case's revision. A case in the trash can still be read. */
  get(caseId: string): { needs: CustomerNeeds; revision: number } {
    return this.db.transaction(() => {
      const { needs, revision } = this.load(caseId);
      return { needs, revision };
    })();
  }

  /** Applies one command in one transaction and returns the case's new revision. A command the
   *  needs refuse (`not_found`, `validation`), a stale base and a missing or trashed case change nothing. */
  apply(caseId: string, command: NeedCommand, base?: number): { revision: number } {
    return this.db.transaction(() => {
      checkBase(this.prepare, caseId, base);
      const loaded = this.load(caseId, true);
      const { needs } = applyNeedCommand(loaded.needs, command);
      const at = this.now().toISOString();
      this.write(loaded.rows, toRows(caseId, needs), at);
      return { revision: touchCase(this.prepare, caseId, at, base) };
    }).immediate();
  }

  /** Several commands applied in memory and written at once: how an imported case's needs are stored.
   *  `fresh`: the case was (re)created in this transaction and has no rows of this kind yet (an
   *  imported case, see storeDocument): nothing is read back to compare with. */
  store(caseId: string, commands: readonly NeedCommand[], { fresh = false } = {}): { revision: number } {
    return writeTransaction(this.db, () => {
      const loaded = this.load(caseId, true, fresh);
      let needs = loaded.needs;
      for (const command of commands) needs = applyNeedCommand(needs, command).needs;
      const at = this.now().toISOString();
      this.write(loaded.rows, toRows(caseId, needs), at);
      return { revision: touchCase(this.prepare, caseId, at) };
    });
  }

  private load(caseId: string, live = false, fresh = false): { revision: number; needs: CustomerNeeds; rows: NeedRows } {
    const caseRow = this.prepare('SELECT revision, deleted_at FROM cases WHERE id = ?').get(caseId) as { revision: number; deleted_at: string | null } | undefined;
    if (!caseRow || (live && caseRow.deleted_at !== null)) explainCaseMiss(this.prepare, caseId, -1);
    if (fresh) return { revision: caseRow.revision, needs: [], rows: { needs: [], answers: [] } };
    const rows: NeedRows = {
      needs: this.prepare(`SELECT id, ${NEED_COLUMNS.join(', ')} FROM customer_needs WHERE case_id = ? ORDER BY position, id`).all(caseId) as Row[],
      answers: this.prepare(
        `SELECT ${['id', ...ANSWER_COLUMNS].map((c) => `a.${c}`).join(', ')} FROM customer_needs n JOIN kano_answers a ON a.need_id = n.id
         WHERE n.case_id = ? ORDER BY a.need_id, a.position, a.id`,
      ).all(caseId) as Row[],
    };
    return { revision: caseRow.revision, needs: needsFromRows(rows), rows };
  }

  /** Needs first (a new need exists before its answers); removed needs last (their answers cascade). */
  private write(stored: NeedRows, next: NeedRows, at: string): void {
    const keptNeeds = this.sync('customer_needs', NEED_COLUMNS, stored.needs, next.needs, at);
    const keptAnswers = this.sync('kano_answers', ANSWER_COLUMNS, stored.answers, next.answers, at);
    const liveNeeds = new Set(next.needs.map((r) => r.id));
    deleteIds(
      this.prepare,
      'DELETE FROM kano_answers WHERE id = ?',
      stored.answers.filter((r) => !keptAnswers.has(r.id) && liveNeeds.has(r.need_id as string)).map((r) => r.id),
    );
    deleteIds(this.prepare, 'DELETE FROM customer_needs WHERE id = ?', stored.needs.filter((r) => !keptNeeds.has(r.id)).map((r) => r.id));
  }

  private sync(table: string, columns: readonly string[], stored: Row[], next: Row[], at: string): Set<string> {
    const values = (row: Row) => columns.map((c) => row[c]);
    return upsertRows(next, new Map(stored.map((r) => [r.id, r])), (row) => row.id, {
      same: (old, row) => columns.every((c) => old[c] === row[c]),
      insert: (row) =>
        this.prepare(`INSERT INTO ${table} (id, ${columns.join(', ')}, created_at, updated_at) VALUES (${['id', ...columns].map(() => '?').join(', ')}, ?, ?)`).run(
          row.id,
          ...values(row),
          at,
          at,
        ),
      update: (row) => this.prepare(`UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`).run(...values(row), at, row.id),
    });
  }
}

import { CausewayError } from '../../../shared/contract/errors';
import { RetroSummary, type StoredRetroSession } from '../../../shared/domain/retro';
import type { Db } from '../database';
import { cachedPrepare, type Prepare } from '../sql';

/** The team sessions kept with a case (migration 9). A row is written when a session starts and
 *  gets its summary when it closes; a summary is checked against RetroSummary on every read, so a
 *  hand-edited or damaged one is refused with `damaged` rather than shown wrong. The rows go with
 *  their case (FK cascade). */

interface Row {
  id: string;
  case_id: string;
  started_at: string;
  closed_at: string | null;
  summary: string | null;
}

function fromRow(row: Row): StoredRetroSession {
  let summary: RetroSummary | null = null;
  if (row.summary !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(row.summary);
    } catch {
      parsed = undefined;
    }
    const checked = RetroSummary.safeParse(parsed);
    if (!checked.success) throw new CausewayError('damaged', `The summary of team session ${row.id} is not valid.`, { reason: 'retro_summary' });
    summary = checked.data;
  }
  return { id: row.id, caseId: row.case_id, startedAt: row.started_at, closedAt: row.closed_at, summary };
}

export class RetroRepo {
  private readonly prepare: Prepare;

  constructor(private readonly db: Db) {
    this.prepare = cachedPrepare(db);
  }

  started(id: string, caseId: string, startedAt: string): void {
    this.db
      .transaction(() => {
        if (!this.prepare('SELECT 1 FROM cases WHERE id = ?').get(caseId)) throw new CausewayError('not_found', `No case ${caseId}.`);
        this.prepare('INSERT INTO retro_sessions (id, case_id, started_at, closed_at, summary) VALUES (?, ?, ?, NULL, NULL)').run(id, caseId, startedAt);
      })
      .immediate();
  }

  closed(id: string, summary: RetroSummary): StoredRetroSession {
    const checked = RetroSummary.parse(summary);
    return this.db
      .transaction(() => {
        const changes = this.prepare('UPDATE retro_sessions SET closed_at = ?, summary = ? WHERE id = ?').run(checked.closedAt, JSON.stringify(checked), id).changes;
        if (!changes) throw new CausewayError('not_found', `No team session ${id}.`);
        return this.get(id);
      })
      .immediate();
  }

  /** A case's sessions, oldest first. */
  list(caseId: string): StoredRetroSession[] {
    return (this.prepare('SELECT * FROM retro_sessions WHERE case_id = ? ORDER BY started_at, id').all(caseId) as Row[]).map(fromRow);
  }

  get(id: string): StoredRetroSession {
    const row = this.prepare('SELECT * FROM retro_sessions WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new CausewayError('not_found', `No team session ${id}.`);
    return fromRow(row);
  }

  /** Replaces a case's sessions with those of a case file, inside the caller's transaction.
   *  `fresh`: the case was (re)created in this transaction and has no sessions yet. */
  store(caseId: string, sessions: readonly StoredRetroSession[], { fresh = false } = {}): void {
    if (!fresh) this.prepare('DELETE FROM retro_sessions WHERE case_id = ?').run(caseId);
    const insert = this.prepare('INSERT INTO retro_sessions (id, case_id, started_at, closed_at, summary) VALUES (?, ?, ?, ?, ?)');
    for (const s of sessions) insert.run(s.id, caseId, s.startedAt, s.closedAt, s.summary === null ? null : JSON.stringify(RetroSummary.parse(s.summary)));
  }
}

import { CausewayError } from '../../shared/contract/errors';
import type { Db } from './database';
import { cachedPrepare, type Prepare } from './sql';

/** How long an applied operation is remembered. A page re-sends its unacknowledged writes as soon
 *  as it reconnects; a week covers a laptop closed over a holiday with the tab still open. */
export const OP_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** The writes already applied, by the operation id their sender chose, with the reply each got.
 *  A write is looked up and recorded in the transaction that applies it, so it is either applied
 *  and remembered, or neither. */
export class OpLog {
  private readonly prepare: Prepare;
  private writes = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.prepare = cachedPrepare(db);
  }

  /** Runs `work` once per operation id: a repeat answers with the first reply. The same id sent
   *  for another method is a client bug, refused rather than answered with an unrelated reply. */
  once<T>(opId: string | undefined, method: string, work: () => T): T {
    if (!opId) return work();
    return this.db.transaction(() => {
      const seen = this.prepare('SELECT method, result FROM applied_ops WHERE op_id = ?').get(opId) as { method: string; result: string } | undefined;
      if (seen) {
        if (seen.method !== method) throw new CausewayError('conflict', `Operation ${opId} was a ${seen.method}.`, { reason: 'op_reused' });
        return JSON.parse(seen.result) as T;
      }
      const result = work();
      const at = this.now();
      this.prepare('INSERT INTO applied_ops (op_id, method, result, applied_at) VALUES (?, ?, ?, ?)').run(opId, method, JSON.stringify(result), at.toISOString());
      // Pruning now and then keeps the table small without a timer of its own.
      if (this.writes++ % 100 === 0) {
        this.prepare('DELETE FROM applied_ops WHERE applied_at < ?').run(new Date(at.getTime() - OP_RETENTION_MS).toISOString());
      }
      return result;
    })();
  }
}

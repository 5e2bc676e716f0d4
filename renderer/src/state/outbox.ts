import type { ApiError } from '../../../shared/contract/errors';
import { call } from '../api/client';
import { ApiFailure } from '../api/failure';
import type { DocName, PendingWrite, SaveQueue } from './save-queue';

/** Sends the page's writes (queued as data, see save-queue.ts), each based on the revision of the
 *  document it changes, and settles what the backend says:
 *
 *  - acknowledged: the revision it answers is this page's own. Every document the page holds at the
 *    revision the write was based on is at the new one now (nothing else happened in between: the
 *    backend refused the write otherwise), and so are the queued writes based on it.
 *  - stale (someone else wrote since): the document is read again. If the write still means the same
 *    there (a field edit whose field nobody else changed; a command whose inverse, what it
 *    overwrites, is the same) it is sent again on the newer revision, and the view shows the newer
 *    document under the user's pending edits. Otherwise it is a conflict the user resolves (keep
 *    mine / take theirs); nothing is dropped silently. */

export interface DocAdapter {
  /** The stored document and the revision it was read at. */
  fetch(caseId: string): Promise<{ value: unknown; revision: number }>;
  /** Would `write` still overwrite exactly what the user saw, in this newer document? 'gone' when
   *  what it changes no longer exists and the write has nothing left to do (a removal). */
  stillApplies(value: unknown, write: PendingWrite, patch: Record<string, unknown>): boolean | 'gone';
  /** Shows a newer stored document (under the page's pending writes). */
  adopt(caseId: string, value: unknown, revision: number): void;
  /** Reads the document again, for "take theirs". */
  reload?(caseId: string): Promise<void>;
  /** The backend refused a write outright (validation, not found). */
  refused?(caseId: string, failure: ApiFailure): Promise<void>;
  /** The backend acknowledged a write with this reply. */
  acked?(write: PendingWrite, reply: unknown): void;
}

const adapters: Partial<Record<DocName, DocAdapter>> = {};
const bases = new Map<string, number>();
const revisionListeners = new Set<(caseId: string, revision: number) => void>();
const ALL_DOCS: readonly DocName[] = ['case', 'fishbone', 'whys', 'plan', 'roots', 'needs'];

export function registerDoc(doc: DocName, adapter: DocAdapter): void {
  adapters[doc] = adapter;
}

/** The revision this page's copy of a document was read at (or moved on to by its own writes). */
export function baseOf(caseId: string, doc: DocName): number | undefined {
  return bases.get(`${caseId}:${doc}`);
}

export function setBase(caseId: string, doc: DocName, revision: number): void {
  bases.set(`${caseId}:${doc}`, revision);
}

/** Told of every revision this page's own writes produce (the report preview redraws on it). */
export function onRevision(listener: (caseId: string, revision: number) => void): () => void {
  revisionListeners.add(listener);
  return () => revisionListeners.delete(listener);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const PATCHED: ReadonlySet<string> = new Set(['cases:update', 'timeline:update']);
const COMMANDS: ReadonlySet<string> = new Set(['fishbone:apply', 'whys:apply', 'plan:apply', 'roots:apply', 'needs:apply']);

/** A conflict for the user to resolve. */
export const staleFailure = (): ApiFailure => new ApiFailure({ code: 'conflict', message: 'Changed elsewhere since it was read.', reason: 'stale' });

function acknowledge(queue: SaveQueue, write: PendingWrite, revision: number, reply: unknown): void {
  const from = write.base;
  // A plan command may also reopen root causes in the fishbone and the 5 Whys (see PlanRepo): those
  // copies are not the new revision's, and are read again after it (see plan-run.ts).
  const docs = write.method === 'plan:apply' ? (['plan', 'case'] as const) : ALL_DOCS;
  if (from !== undefined) {
    queue.rebase(from, revision, docs);
    for (const doc of docs) if (baseOf(write.caseId, doc) === from) setBase(write.caseId, doc, revision);
  }
  adapters[write.doc]?.acked?.(write, reply);
  for (const l of revisionListeners) l(write.caseId, revision);
}

/** Reads the document again and decides: send again on the newer revision, nothing left to do,
 *  or a conflict. */
async function rebaseOnFresh(write: PendingWrite, patch: Record<string, unknown>): Promise<'resend' | 'gone'> {
  const adapter = adapters[write.doc];
  if (!adapter) throw staleFailure();
  const fresh = await adapter.fetch(write.caseId);
  const verdict = write.force ? true : adapter.stillApplies(fresh.value, write, patch);
  if (verdict === false) throw staleFailure();
  write.base = fresh.revision;
  delete write.force;
  setBase(write.caseId, write.doc, fresh.revision);
  adapter.adopt(write.caseId, fresh.value, fresh.revision);
  return verdict === 'gone' ? 'gone' : 'resend';
}

/** Sends one write; resolves once it is acknowledged (or has nothing left to do), throws an
 *  ApiFailure otherwise (the queue keeps it and shows why). */
export function createRunner(queue: SaveQueue) {
  return async (write: PendingWrite, patch: Record<string, unknown>): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      if (write.force) {
        if ((await rebaseOnFresh(write, patch)) === 'gone') return;
      }
      const input: Record<string, unknown> = { ...write.input, opId: write.opId };
      if (PATCHED.has(write.method)) input.patch = { ...(write.input.patch as object | undefined), ...patch };
      if (write.base !== undefined) input.revision = write.base;
      let reply: { revision: number };
      try {
        reply = (await call(write.method, input as never)) as { revision: number };
      } catch (e) {
        if (!(e instanceof ApiFailure)) throw e;
        const error: ApiError = e.error;
        // Several people at work on one case can make a write stale more than once in a row; it is
        // then theirs to look at.
        if (error.code === 'conflict' && error.reason === 'stale' && attempt < 3) {
          if ((await rebaseOnFresh(write, patch)) === 'gone') return;
          continue;
        }
        if (COMMANDS.has(write.method) && (error.code === 'validation' || error.code === 'not_found')) {
          await adapters[write.doc]?.refused?.(write.caseId, e);
          return;
        }
        // Moving or removing an event someone else already removed leaves nothing to do.
        if ((write.method === 'timeline:remove' || write.method === 'timeline:move') && error.code === 'not_found') return;
        throw e;
      }
      acknowledge(queue, write, reply.revision, reply);
      return;
    }
  };
}

/** "Take theirs": every document of the case read again. */
export async function reloadDocs(caseId: string): Promise<void> {
  await Promise.all(ALL_DOCS.map((doc) => adapters[doc]?.reload?.(caseId)));
}

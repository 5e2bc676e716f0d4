import type { ApiError } from '../../../shared/contract/errors';
import { ApiFailure } from '../api/failure';

export type SaveStatus = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; error: ApiError };

/** The writes a case's page makes, and the document each changes. */
export type WriteMethod =
  | 'cases:update'
  | 'timeline:add'
  | 'timeline:update'
  | 'timeline:move'
  | 'timeline:remove'
  | 'fishbone:apply'
  | 'whys:apply'
  | 'plan:apply'
  | 'roots:apply'
  | 'needs:apply';
export type DocName = 'case' | 'fishbone' | 'whys' | 'plan' | 'roots' | 'needs';

/** A write as plain data, so it can be kept in the page's storage until the backend acknowledges
 *  it, and sent again after a reload. `patch` (the queue job's) is merged into `input.patch` when
 *  it is sent, so edits of one key coalesce. */
export interface PendingWrite {
  method: WriteMethod;
  caseId: string;
  doc: DocName;
  /** The input without `revision`, `opId` or `patch`. */
  input: Record<string, unknown>;
  /** The case revision this write was based on (moved on as this page's own earlier writes land). */
  base?: number;
  /** Chosen when first sent and kept until the write is acknowledged: sending it again is safe. */
  opId?: string;
  /** What the stored values were when the user changed them (field -> value), to tell a change
   *  made elsewhere in the meantime from none. */
  seen?: Record<string, unknown>;
  /** A command's inverse against the document it was applied to: the command overwrites the same
   *  values in a newer document exactly when its inverse there is the same. */
  inverse?: unknown;
  /** After "keep my changes": send over whatever is stored now. */
  force?: boolean;
}

/** Runs a data-shaped write (see outbox.ts). */
export type WriteRunner = (write: PendingWrite, patch: Record<string, unknown>) => Promise<void>;

interface Job {
  patch: Record<string, unknown>;
  run: (patch: Record<string, unknown>) => Promise<void>;
  write?: PendingWrite;
}

interface StoredJob {
  key: string;
  patch: Record<string, unknown>;
  write: PendingWrite;
}

/** A key for the copy of a write whose outcome is unknown (the connection broke while it was in
 *  flight): it is sent again as it was, with its operation id, ahead of later edits of the same key. */
const SENT = '\u0001sent';

/** Serialises a case's writes so each one names the revision the previous one produced. Edits to the
 *  same key coalesce (typing in a field sends one save, not one per keystroke). A failed job stays at
 *  the head with its data, so nothing the user typed is dropped; retry() sends it again.
 *  A field whose typed text is not queued yet (it waits for the typing to pause) holds the queue:
 *  the queue counts it as pending, so "saved" is never shown and leaving the page asks first.
 *
 *  Writes queued as data (enqueueWrite) are also kept in the page's storage (persistTo) until
 *  acknowledged, and are read back (restore) after a reload. */
export class SaveQueue {
  private readonly jobs = new Map<string, Job>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private status: SaveStatus = { kind: 'idle' };
  private failedKey: string | null = null;
  private readonly listeners = new Set<(s: SaveStatus) => void>();
  /** Texts typed but not queued yet, each with what queues it now (see hold()). */
  private readonly holds = new Map<string, () => void>();
  /** What to show again when a hold ends with nothing to send (the text was put back). */
  private settled: SaveStatus = { kind: 'idle' };
  private runner: WriteRunner | null = null;
  private storage: { storage: Storage; key: string } | null = null;
  private persistQueued = false;
  /** The job being sent, kept in storage until it is acknowledged. */
  private inFlight: StoredJob | null = null;

  constructor(private readonly delayMs = 400) {}

  get current(): SaveStatus {
    return this.status;
  }

  get hasPending(): boolean {
    return this.jobs.size > 0 || this.running !== null || this.holds.size > 0;
  }

  subscribe(listener: (s: SaveStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(status: SaveStatus): void {
    if (status.kind === 'saving' && this.status.kind !== 'saving' && this.status.kind !== 'failed') this.settled = this.status;
    if (status.kind === 'idle' || status.kind === 'saved') this.settled = status;
    this.status = status;
    for (const l of this.listeners) l(status);
  }

  /** Queues (or merges into) the job for `key`. `immediate` skips the typing delay. */
  enqueue(key: string, patch: Record<string, unknown>, run: Job['run'], immediate = false): void {
    const existing = this.jobs.get(key);
    if (existing) Object.assign(existing.patch, patch);
    else this.jobs.set(key, { patch: { ...patch }, run });
    this.schedulePersist();
    // After a failure only a new edit of the failed data retries by itself; other edits wait behind
    // it, since sending them first would reorder the user's changes.
    if (this.status.kind === 'failed' && key !== this.failedKey) return;
    this.set({ kind: 'saving' });
    this.schedule(immediate ? 0 : this.delayMs);
  }

  /** Who sends data-shaped writes. */
  setRunner(runner: WriteRunner): void {
    this.runner = runner;
  }

  /** As enqueue, for a write given as data. Edits of one key coalesce: their patches merge, and the
   *  first `seen` value of each field is kept (it is what the user started from). */
  enqueueWrite(key: string, write: PendingWrite, patch: Record<string, unknown> = {}, immediate = false): void {
    const existing = this.jobs.get(key);
    if (existing?.write) {
      existing.write.seen = { ...write.seen, ...existing.write.seen };
      // A newer command of the same job (a burst of typing) replaces the queued one; what it
      // overwrites (its inverse, the values first seen) stays the first command's.
      existing.write.input = write.input;
      // Changed data is another operation: the id of the one first queued no longer names it.
      delete existing.write.opId;
    }
    // A new job must be data before enqueue can send it (a zero delay still waits for a timer).
    if (!existing) this.jobs.set(key, { patch: {}, run: (p) => this.runWrite(write, p), write: { ...write } });
    this.enqueue(key, patch, (p) => this.runWrite(write, p), immediate);
  }

  private runWrite(write: PendingWrite, patch: Record<string, unknown>): Promise<void> {
    if (!this.runner) throw new Error('No runner for data-shaped writes.');
    return this.runner(write, patch);
  }

  /** The writes waiting (and the one in flight), oldest first, for a view to lay over what it loads. */
  pendingWrites(): { write: PendingWrite; patch: Record<string, unknown> }[] {
    const out = this.inFlight ? [{ write: this.inFlight.write, patch: this.inFlight.patch }] : [];
    for (const job of this.jobs.values()) if (job.write) out.push({ write: job.write, patch: job.patch });
    return out;
  }

  /** This page's own write moved the case from `from` to `to`: queued writes based on `from` (of
   *  the documents that write did not otherwise touch) are based on `to` now. */
  rebase(from: number, to: number, docs: readonly DocName[]): void {
    for (const job of this.jobs.values()) if (job.write && job.write.base === from && docs.includes(job.write.doc)) job.write.base = to;
    this.schedulePersist();
  }

  /** Marks the failed write to be sent over what is stored now ("keep my changes"). */
  forceHead(): void {
    const head = this.jobs.values().next().value as Job | undefined;
    if (head?.write) head.write.force = true;
  }

  /** Whether everything queued is kept in the page's storage, so leaving the page loses nothing. */
  get pendingIsKept(): boolean {
    return this.storage !== null && this.holds.size === 0 && [...this.jobs.values()].every((j) => j.write !== undefined);
  }

  /** Takes fields out of a queued job: their queued values are no longer what the user has. */
  withdraw(key: string, fields: string[]): void {
    const job = this.jobs.get(key);
    if (!job) return;
    for (const f of fields) delete job.patch[f];
    if (Object.keys(job.patch).length === 0) this.jobs.delete(key);
    this.schedulePersist();
  }

  /** Drops a queued job whose data is no longer wanted (e.g. the edited row was removed). */
  drop(key: string): void {
    this.jobs.delete(key);
    this.schedulePersist();
  }

  /** A field has text that is not queued yet: counted as pending until release(key). `settle`
   *  queues that text at once (or shows why it cannot be saved); settle() calls it before the page
   *  goes away. Holding again with the same key replaces the callback. */
  hold(key: string, settle: () => void): void {
    this.holds.set(key, settle);
    if (this.status.kind !== 'saving' && this.status.kind !== 'failed') this.set({ kind: 'saving' });
  }

  /** The held text is queued (or put back, or dropped): the hold no longer counts as pending. */
  release(key: string): void {
    if (!this.holds.delete(key)) return;
    if (!this.hasPending && this.status.kind === 'saving') this.set(this.settled);
  }

  /** Queues every held text now (the page is being left); holds whose text cannot be saved stay. */
  settle(): void {
    for (const settle of [...this.holds.values()]) settle();
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delay);
  }

  /** Sends everything queued now; resolves when the queue is empty or a job failed. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.running) {
      await this.running;
      if (this.jobs.size && this.status.kind !== 'failed') return this.flush();
      return;
    }
    this.running = this.drain();
    try {
      await this.running;
    } finally {
      this.running = null;
    }
  }

  private async drain(): Promise<void> {
    while (this.jobs.size) {
      const [key, job] = this.jobs.entries().next().value as [string, Job];
      const sent = { ...job.patch };
      if (job.write) {
        job.write.opId ??= crypto.randomUUID();
        this.inFlight = { key, patch: sent, write: job.write };
      }
      // Edits made while this one is in flight go to a fresh job for the same key.
      this.jobs.delete(key);
      // Stored before it is sent: a reload while it is in flight sends it again, with its id.
      this.persistNow();
      try {
        await (job.write ? this.runWrite(job.write, sent) : job.run(sent));
        this.inFlight = null;
        this.persistNow();
      } catch (e) {
        this.inFlight = null;
        const error: ApiError =
          e instanceof ApiFailure ? e.error : { code: 'internal', message: e instanceof Error ? e.message : String(e) };
        // A write sent again after a lost reply is filed under its field's key plus SENT.
        const own = key.split(SENT)[0]!;
        const later = this.jobs.get(own);
        const restored = new Map<string, Job>();
        // A write that may have been applied (its reply never came) is sent again as it was, with
        // its operation id; later edits stay a separate write behind it. A refused one takes them in.
        const unknownOutcome = job.write !== undefined && error.reason === 'network';
        if (unknownOutcome) {
          restored.set(own + SENT, { ...job, patch: sent });
          if (later) restored.set(own, later);
        } else {
          if (job.write && later) delete job.write.opId;
          restored.set(own, { patch: { ...sent, ...(later?.patch ?? {}) }, run: job.run, ...(job.write ? { write: job.write } : {}) });
        }
        for (const [k, j] of this.jobs) if (!restored.has(k)) restored.set(k, j);
        this.jobs.clear();
        for (const [k, j] of restored) this.jobs.set(k, j);
        this.failedKey = own;
        this.persistNow();
        this.set({ kind: 'failed', error });
        return;
      }
    }
    this.failedKey = null;
    // A field still holding text it has not queued is not saved yet.
    this.settled = { kind: 'saved' };
    this.set(this.holds.size ? { kind: 'saving' } : this.settled);
  }

  retry(): Promise<void> {
    if (this.status.kind === 'failed') this.set({ kind: 'saving' });
    return this.flush();
  }

  /** Clears everything (used when the user chooses to reload from the database). */
  reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.jobs.clear();
    this.failedKey = null;
    this.persistNow();
    this.set({ kind: 'idle' });
  }

  // --- Keeping writes in the page's storage -------------------------------------------------

  /** Keeps the data-shaped writes in `storage` under `key` (one key per library, so two libraries'
   *  writes never mix) until they are acknowledged. Another key (another library opened) leaves
   *  the writes queued so far in the previous library's storage and restores none by itself. */
  persistTo(storage: Storage, key: string): boolean {
    if (this.storage?.key === key && this.storage.storage === storage) return false;
    if (this.storage) {
      this.persistNow();
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.jobs.clear();
      this.failedKey = null;
      this.set({ kind: 'idle' });
    }
    this.storage = { storage, key };
    return true;
  }

  /** Queues the writes a previous page left in storage, ahead of anything queued since, and
   *  returns how many there were. They are sent by the next flush. */
  restore(): number {
    if (!this.storage) return 0;
    let stored: StoredJob[] = [];
    try {
      stored = JSON.parse(this.storage.storage.getItem(this.storage.key) ?? '[]') as StoredJob[];
    } catch {
      stored = [];
    }
    if (!Array.isArray(stored) || stored.length === 0) return 0;
    const since = [...this.jobs];
    this.jobs.clear();
    for (const s of stored) {
      if (!s || typeof s.key !== 'string' || !s.write) continue;
      const write = s.write;
      this.jobs.set(this.jobs.has(s.key) ? s.key + SENT : s.key, { patch: s.patch ?? {}, write, run: (p) => this.runWrite(write, p) });
    }
    for (const [k, j] of since) this.jobs.set(this.jobs.has(k) ? `${k}${SENT}${SENT}` : k, j);
    if (this.jobs.size) this.set({ kind: 'saving' });
    return stored.length;
  }

  /** Several changes in one task are written once; a page being hidden writes at once. */
  private schedulePersist(): void {
    if (!this.storage || this.persistQueued) return;
    this.persistQueued = true;
    queueMicrotask(() => this.persistNow());
  }

  persistNow(): void {
    this.persistQueued = false;
    if (!this.storage) return;
    const entries: StoredJob[] = this.inFlight ? [this.inFlight] : [];
    for (const [key, job] of this.jobs) if (job.write) entries.push({ key, patch: job.patch, write: job.write });
    try {
      if (entries.length) this.storage.storage.setItem(this.storage.key, JSON.stringify(entries));
      else this.storage.storage.removeItem(this.storage.key);
    } catch {
      // Storage full or refused: the writes are still queued in memory and sent as usual.
    }
  }
}

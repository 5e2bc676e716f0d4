import type { ApiError } from '../../../shared/contract/errors';
import { ApiFailure } from '../api/failure';

export type SaveStatus = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; error: ApiError };

interface Job {
  patch: Record<string, unknown>;
  run: (patch: Record<string, unknown>) => Promise<void>;
}

/** Serialises a case's writes so each one names the revision the previous one produced. Edits to the
 *  same key coalesce (typing in a field sends one save, not one per keystroke). A failed job stays at
 *  the head with its data, so nothing the user typed is dropped; retry() sends it again.
 *  A field whose typed text is not queued yet (it waits for the typing to pause) holds the queue:
 *  the queue counts it as pending, so "saved" is never shown and leaving the page asks first. */
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
    // After a failure only a new edit of the failed data retries by itself; other edits wait behind
    // it, since sending them first would reorder the user's changes.
    if (this.status.kind === 'failed' && key !== this.failedKey) return;
    this.set({ kind: 'saving' });
    this.schedule(immediate ? 0 : this.delayMs);
  }

  /** Takes fields out of a queued job: their queued values are no longer what the user has. */
  withdraw(key: string, fields: string[]): void {
    const job = this.jobs.get(key);
    if (!job) return;
    for (const f of fields) delete job.patch[f];
    if (Object.keys(job.patch).length === 0) this.jobs.delete(key);
  }

  /** Drops a queued job whose data is no longer wanted (e.g. the edited row was removed). */
  drop(key: string): void {
    this.jobs.delete(key);
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
      // Edits made while this one is in flight go to a fresh job for the same key.
      this.jobs.delete(key);
      try {
        await job.run(sent);
      } catch (e) {
        const error: ApiError =
          e instanceof ApiFailure ? e.error : { code: 'internal', message: e instanceof Error ? e.message : String(e) };
        const later = this.jobs.get(key);
        const restored = new Map<string, Job>([[key, { patch: { ...sent, ...(later?.patch ?? {}) }, run: job.run }]]);
        for (const [k, j] of this.jobs) if (k !== key) restored.set(k, j);
        this.jobs.clear();
        for (const [k, j] of restored) this.jobs.set(k, j);
        this.failedKey = key;
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
    this.set({ kind: 'idle' });
  }
}

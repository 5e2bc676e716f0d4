import type { ApiError } from '../../../shared/contract/errors';
import { ApiFailure } from '../api/failure';

export type SaveStatus = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; error: ApiError };

interface Job {
  patch: Record<string, unknown>;
  run: (patch: Record<string, unknown>) => Promise<void>;
}

/** Serialises a case's writes so each one names the revision the previous one produced. Edits to the
 *  same key coalesce (typing in a field sends one save, not one per keystroke). A failed job stays at
 *  the head with its data, so nothing the user typed is dropped; retry() sends it again. */
export class SaveQueue {
  private readonly jobs = new Map<string, Job>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private status: SaveStatus = { kind: 'idle' };
  private failedKey: string | null = null;
  private readonly listeners = new Set<(s: SaveStatus) => void>();

  constructor(private readonly delayMs = 400) {}

  get current(): SaveStatus {
    return this.status;
  }

  get hasPending(): boolean {
    return this.jobs.size > 0 || this.running !== null;
  }

  subscribe(listener: (s: SaveStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(status: SaveStatus): void {
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
    this.set({ kind: 'saved' });
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

/** Token buckets keyed by a string (a participant token's digest, a remote address): each key may
 *  spend `capacity` requests at once and earns `perSecond` back, so polling every two seconds
 *  never runs dry while a flood is cut off after the first burst. */
export interface BucketOptions {
  capacity: number;
  perSecond: number;
  /** At most this many keys are remembered; the stalest are forgotten first (full buckets anyway). */
  maxKeys?: number;
  now?: () => number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly options: BucketOptions) {}

  /** Takes one token for `key`: 0 when allowed, otherwise the whole seconds to wait (Retry-After). */
  take(key: string): number {
    const { capacity, perSecond, maxKeys = 10_000, now = Date.now } = this.options;
    const at = now();
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((at - bucket.at) / 1000) * perSecond);
    bucket.at = at;
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
  }
}

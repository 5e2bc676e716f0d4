/** Timing, statistics and table printing for the benchmark. No dependencies beyond Node. */

export interface Stats {
  n: number;
  median: number;
  p95: number;
  min: number;
  mean: number;
}

/** Milliseconds spent in `fn`. */
export function time(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Nearest-rank percentiles over the kept samples. */
export function stats(samples: readonly number[]): Stats {
  if (samples.length === 0) throw new Error('no samples');
  const s = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
  const mid = s.length >> 1;
  return {
    n: s.length,
    median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2,
    p95: rank(0.95),
    min: s[0]!,
    mean: s.reduce((a, b) => a + b, 0) / s.length,
  };
}

/** Each contender returns the milliseconds of its timed section (so it can do untimed set-up and
 *  clean-up itself). Contenders run interleaved, their order rotating every iteration, so that drift
 *  (caches, GC, CPU frequency, WAL growth) hits them alike. Warm-up iterations are discarded. */
export function compare<K extends string>(
  contenders: Record<K, () => number>,
  { warmup, iterations }: { warmup: number; iterations: number },
): Record<K, Stats> {
  const names = Object.keys(contenders) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < warmup + iterations; i++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length]!;
      const ms = contenders[name]();
      if (i >= warmup) samples[name].push(ms);
    }
  }
  return Object.fromEntries(names.map((n) => [n, stats(samples[n])])) as Record<K, Stats>;
}

/** Display width in a terminal: CJK and full-width characters take two columns. */
export function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) ? 2 : 1;
  }
  return w;
}

export function table(head: string[], rows: string[][], rightAligned: (col: number) => boolean = (c) => c > 0): string {
  const widths = head.map((h, c) => Math.max(width(h), ...rows.map((r) => width(r[c] ?? ''))));
  const cell = (text: string, c: number) => {
    const pad = ' '.repeat(widths[c]! - width(text));
    return rightAligned(c) ? pad + text : text + pad;
  };
  const line = (cells: string[]) => `| ${cells.map((t, c) => cell(t, c)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

export const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
export const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

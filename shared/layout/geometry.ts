/** Checks on a finished layout: used by the tests, the benchmark and nothing at run time. */

export interface Rect {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

const EPS = 0.01;

/** Pairs of boxes whose interiors intersect (touching edges do not count). Sweep over x. */
export function overlappingPairs(rects: readonly Rect[]): Array<[string, string]> {
  const sorted = [...rects].sort((a, b) => a.x - b.x);
  const out: Array<[string, string]> = [];
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j]!;
      if (b.x >= a.x + a.width - EPS) break;
      if (b.y < a.y + a.height - EPS && a.y < b.y + b.height - EPS) out.push([a.id, b.id]);
    }
  }
  return out;
}

/** Whether segment p–q passes through the interior of the box. */
export function segmentCrossesRect(p: readonly [number, number], q: readonly [number, number], r: Rect): boolean {
  const x1 = r.x + EPS;
  const y1 = r.y + EPS;
  const x2 = r.x + r.width - EPS;
  const y2 = r.y + r.height - EPS;
  if (x2 <= x1 || y2 <= y1) return false;
  // Liang–Barsky clipping.
  let t0 = 0;
  let t1 = 1;
  const dx = q[0] - p[0];
  const dy = q[1] - p[1];
  const edges: Array<[number, number]> = [
    [-dx, p[0] - x1],
    [dx, x2 - p[0]],
    [-dy, p[1] - y1],
    [dy, y2 - p[1]],
  ];
  for (const [pp, qq] of edges) {
    if (pp === 0) {
      if (qq < 0) return false;
      continue;
    }
    const t = qq / pp;
    if (pp < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
  }
  return t0 < t1;
}

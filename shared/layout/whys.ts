import { Graph, layout as dagreLayout, type LayoutConfig, type RankerFunction } from '@dagrejs/dagre';
import { count } from '../domain/tree';
import type { Direction, Why, WhyAnalysis } from '../domain/whys';
import { badgeWidth, textBox, type BoxStyle, type TextBox } from './text';

/** The 5-Whys tree layout: the question at the root, each answer one step further along the
 *  direction (left to right, or top to bottom), siblings in reading order. A pure function of the
 *  analysis: the same tree always gives the same positions, and no two boxes overlap.
 *
 *  Ranks and positions come from dagre, on a fresh graph every call (dagre keeps state per graph
 *  object). Lines are routed here, not taken from dagre: every line leaves its parent's far side,
 *  runs to a bus in the empty gap between the two ranks, along the bus to the child's centre line
 *  and in. The gaps hold no boxes, and within a rank a centre line meets only its own box, so a
 *  line never passes through a box other than its ends. */

export type WhyNodeKind = 'question' | 'why';

export interface WhyLaidOutNode {
  id: string;
  kind: WhyNodeKind;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
  clipped: boolean;
  /** 0 for the question, 1 for an answer to it, 2+ below. */
  depth: number;
  /** The why this one answers; the question's id for a first answer; null for the question. */
  parentId: string | null;
  /** Whys hidden under a collapsed why. */
  hidden: number;
}

export interface WhyLaidOutEdge {
  id: string;
  kind: 'why';
  source: string;
  target: string;
  /** A polyline: straight when parent and child are aligned, else orthogonal with two bends. */
  points: Array<[number, number]>;
}

export interface WhyLayout {
  nodes: WhyLaidOutNode[];
  edges: WhyLaidOutEdge[];
  width: number;
  height: number;
  direction: Direction;
}

export interface WhyLayoutOptions {
  why: BoxStyle;
  question: BoxStyle;
  /** Space between one rank's boxes and the next rank's (where the lines bend). */
  rankGap: number;
  /** Least space between two boxes of one rank. */
  nodeGap: number;
  margin: number;
  /** A node drawn at full width whatever its text (the one being typed into). */
  wideNodeId?: string | null;
}

export const WHY_LAYOUT: WhyLayoutOptions = {
  why: { fontSize: 13, lineHeight: 18, maxWidth: 200, maxLines: 5, padX: 10, padY: 6 },
  question: { fontSize: 15, lineHeight: 21, bold: true, maxWidth: 220, maxLines: 6, padX: 12, padY: 9 },
  rankGap: 48,
  nodeGap: 14,
  margin: 24,
};

/** Id of the question's node (why ids are UUIDs, so it cannot clash). */
export const QUESTION_NODE_ID = 'question';

/** Width of the root-cause mark drawn in a root cause's top right corner. */
export const ROOT_MARK_WIDTH = 14;
/** Space between two badges, and between the badges and the text. */
const BADGE_GAP = 2;
const TEXT_GAP = 4;

/** Width kept beside a why's text for its badges (root-cause mark, hidden count), right to left. */
export function whyBadgesWidth(isRootCause: boolean, hidden: number): number {
  const widths = [isRootCause ? ROOT_MARK_WIDTH : 0, badgeWidth(hidden)].filter((w) => w > 0);
  if (widths.length === 0) return 0;
  return widths.reduce((a, b) => a + b, 0) + BADGE_GAP * (widths.length - 1) + TEXT_GAP;
}

interface Item {
  id: string;
  kind: WhyNodeKind;
  box: TextBox;
  depth: number;
  parent: number | null;
  hidden: number;
  children: number[];
  /** Centre from dagre, then the box's corner. */
  x: number;
  y: number;
}

export function layoutWhys(analysis: WhyAnalysis, question: string, options: Partial<WhyLayoutOptions> = {}): WhyLayout {
  const o: WhyLayoutOptions = { ...WHY_LAYOUT, ...options };
  const rootStyle: BoxStyle = { ...o.why, bold: true };
  const direction = analysis.direction;
  const lr = direction === 'LR';

  // Items in reading order (preorder). dagre knows them as n0, n1, … (not by id), so any id is safe.
  const items: Item[] = [
    { id: QUESTION_NODE_ID, kind: 'question', box: textBox(question, o.question, o.wideNodeId === QUESTION_NODE_ID), depth: 0, parent: null, hidden: 0, children: [], x: 0, y: 0 },
  ];
  const visit = (list: readonly Why[], parent: number, depth: number) => {
    for (const why of list) {
      const hidden = why.collapsed ? count(why.children) : 0;
      // Root causes are drawn bold, so they are measured bold.
      const box = textBox(why.answer, why.isRootCause ? rootStyle : o.why, why.id === o.wideNodeId, whyBadgesWidth(why.isRootCause, hidden));
      const index = items.length;
      items.push({ id: why.id, kind: 'why', box, depth, parent, hidden, children: [], x: 0, y: 0 });
      items[parent]!.children.push(index);
      if (!why.collapsed) visit(why.children, index, depth + 1);
    }
  };
  visit(analysis.whys, 0, 1);

  const name = (i: number) => `n${i}`;
  const g = new Graph();
  g.setGraph({ rankdir: direction, nodesep: o.nodeGap, ranksep: o.rankGap, edgesep: Math.min(o.nodeGap, 10), marginx: 0, marginy: 0, ranker: treeRanker(items, name) });
  g.setDefaultEdgeLabel(() => ({}));
  for (let i = 0; i < items.length; i++) g.setNode(name(i), { width: items[i]!.box.width, height: items[i]!.box.height });
  for (let i = 1; i < items.length; i++) g.setEdge(name(items[i]!.parent!), name(i));
  dagreLayout(g, { customOrder: readingOrder } satisfies LayoutConfig);

  // Corners, moved so the drawing starts at (margin, margin), rounded like the fishbone's.
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const n = g.node(name(i)) as { x: number; y: number };
    item.x = n.x - item.box.width / 2;
    item.y = n.y - item.box.height / 2;
    minX = Math.min(minX, item.x);
    minY = Math.min(minY, item.y);
    maxX = Math.max(maxX, item.x + item.box.width);
    maxY = Math.max(maxY, item.y + item.box.height);
  }
  const round = (v: number) => Math.round(v * 10) / 10;
  for (const item of items) {
    item.x = round(item.x - minX + o.margin);
    item.y = round(item.y - minY + o.margin);
  }

  const nodes: WhyLaidOutNode[] = items.map((item) => ({
    id: item.id,
    kind: item.kind,
    x: item.x,
    y: item.y,
    width: item.box.width,
    height: item.box.height,
    lines: item.box.lines,
    clipped: item.box.clipped,
    depth: item.depth,
    parentId: item.parent === null ? null : items[item.parent]!.id,
    hidden: item.hidden,
  }));

  return {
    nodes,
    edges: route(items, lr),
    width: Math.ceil(maxX - minX + 2 * o.margin),
    height: Math.ceil(maxY - minY + 2 * o.margin),
    direction,
  };
}

/** Ranks for a tree: each node as close to its parent as the edge allows. That is what dagre's
 *  network simplex finds for a tree (every edge tight), in one pass instead of an optimisation.
 *  Nodes dagre adds of its own (the nesting root) go just before the earliest node they lead to. */
function treeRanker(items: readonly Item[], name: (i: number) => string): RankerFunction {
  return (lg) => {
    const rank = new Map<string, number>();
    for (let i = 0; i < items.length; i++) {
      const parent = items[i]!.parent;
      const r = parent === null ? 0 : rank.get(name(parent))! + ((lg.edge(name(parent), name(i)) as { minlen?: number } | undefined)?.minlen ?? 1);
      rank.set(name(i), r);
      lg.node(name(i)).rank = r;
    }
    for (const v of lg.nodes()) {
      if (rank.has(v)) continue;
      let r = 0;
      for (const e of lg.outEdges(v) ?? []) r = Math.min(r, (rank.get(e.w) ?? 0) - ((lg.edge(e) as { minlen?: number }).minlen ?? 1));
      lg.node(v).rank = r;
    }
  };
}

/** The order within each rank: depth first from the root, children in reading order (dagre's own
 *  starting order). A tree drawn so has no crossings, so dagre's crossing reduction could only
 *  shuffle siblings, and it is most of dagre's time: this replaces it. */
const readingOrder: NonNullable<LayoutConfig['customOrder']> = (lg) => {
  const next: number[] = [];
  const seen = new Set<string>();
  const visit = (v: string) => {
    if (seen.has(v)) return;
    seen.add(v);
    const node = lg.node(v);
    node.order = next[node.rank!] ?? 0;
    next[node.rank!] = node.order + 1;
    for (const w of lg.successors(v) ?? []) visit(w);
  };
  const sources = lg.nodes().filter((v) => !lg.predecessors(v)?.length);
  sources.sort((a, b) => lg.node(a).rank! - lg.node(b).rank!);
  for (const v of sources) visit(v);
  for (const v of lg.nodes()) visit(v);
};

/** Lines from each parent to its children, in the gaps between ranks. Coordinates along the
 *  direction are `u` (x for LR, y for TB), across it `v`. */
function route(items: Item[], lr: boolean): WhyLaidOutEdge[] {
  const u0 = (it: Item) => (lr ? it.x : it.y);
  const u1 = (it: Item) => (lr ? it.x + it.box.width : it.y + it.box.height);
  const vc = (it: Item) => (lr ? it.y + it.box.height / 2 : it.x + it.box.width / 2);
  const point = (u: number, v: number): [number, number] => (lr ? [u, v] : [v, u]);
  const round = (v: number) => Math.round(v * 10) / 10;

  // Each rank's extent along the direction: the gap between rank d and d+1 is (end[d], start[d+1]).
  const start: number[] = [];
  const end: number[] = [];
  for (const it of items) {
    start[it.depth] = Math.min(start[it.depth] ?? Infinity, u0(it));
    end[it.depth] = Math.max(end[it.depth] ?? -Infinity, u1(it));
  }

  // One bus per parent, across the span of the parent and its children. dagre centres a parent
  // within its children, so buses in one gap do not overlap; should they ever, they get tracks
  // of their own, spread across the gap.
  const buses: Array<{ parent: number; lo: number; hi: number; track: number }> = [];
  const byDepth = new Map<number, typeof buses>();
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (it.children.length === 0) continue;
    let lo = vc(it);
    let hi = lo;
    for (const c of it.children) {
      lo = Math.min(lo, vc(items[c]!));
      hi = Math.max(hi, vc(items[c]!));
    }
    const bus = { parent: i, lo, hi, track: 0 };
    buses.push(bus);
    const list = byDepth.get(it.depth);
    if (list) list.push(bus);
    else byDepth.set(it.depth, [bus]);
  }
  const tracks = new Map<number, number>();
  for (const [depth, list] of byDepth) {
    list.sort((a, b) => a.lo - b.lo || a.parent - b.parent);
    const ends: number[] = [];
    for (const bus of list) {
      let t = ends.findIndex((e) => e < bus.lo - 1);
      if (t < 0) t = ends.length;
      ends[t] = bus.hi;
      bus.track = t;
    }
    tracks.set(depth, ends.length);
  }

  const edges: WhyLaidOutEdge[] = [];
  const busOf = new Map<number, number>();
  for (const bus of buses) {
    const depth = items[bus.parent]!.depth;
    const from = end[depth]!;
    const to = start[depth + 1]!;
    busOf.set(bus.parent, round(from + ((to - from) * (bus.track + 1)) / (tracks.get(depth)! + 1)));
  }
  for (let i = 1; i < items.length; i++) {
    const child = items[i]!;
    const parent = items[child.parent!]!;
    const pv = vc(parent);
    const cv = vc(child);
    const points =
      Math.abs(pv - cv) < 0.25
        ? [point(u1(parent), pv), point(u0(child), pv)]
        : [point(u1(parent), pv), point(busOf.get(child.parent!)!, pv), point(busOf.get(child.parent!)!, cv), point(u0(child), cv)];
    for (const p of points) {
      p[0] = round(p[0]);
      p[1] = round(p[1]);
    }
    edges.push({ id: `why:${child.id}`, kind: 'why', source: parent.id, target: child.id, points });
  }
  return edges;
}

import type { Cause, Category, Fishbone, Orientation } from '../domain/fishbone';
import { badgeWidth, textBox as box, type BoxStyle, type TextBox as Box } from './text';

export { badgeWidth, type BoxStyle } from './text';

/** The fishbone layout (原因型: head on the right; head-left by mirroring). A pure function of the
 *  tree: the same fishbone always gives the same positions, and no two boxes ever overlap.
 *
 *  Shape: the spine runs into the head. Categories sit on slanted bones, alternately above and
 *  below the spine. Each category's causes are horizontal ribs, one row each in reading order;
 *  a sub-cause's row comes right after its parent's, so each sibling sits below the previous
 *  sibling's deepest descendant. A direct cause's rib touches the bone; a sub-cause's rib hangs
 *  from a short vertical branch on its parent's rib, a little to the parent's left.
 *  Bones on one side are packed as close as their outlines allow (row by row, not by bounding
 *  boxes), which is what keeps big diagrams readable when fitted to a screen. */

export type NodeKind = 'head' | 'category' | 'cause';
export type Side = 'top' | 'bottom';

export interface LaidOutNode {
  id: string;
  kind: NodeKind;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
  clipped: boolean;
  /** 0 for the head and categories, 1 for a cause on a bone, 2+ below. */
  depth: number;
  side: Side | null;
  categoryId: string | null;
  /** The category (for a direct cause) or cause this one hangs from; null for head and categories. */
  parentId: string | null;
  /** Causes hidden under a collapsed cause. */
  hidden: number;
  /** The rib's y (a cause's label sits on it). */
  lineY: number;
}

export type EdgeKind = 'spine' | 'bone' | 'rib';

export interface LaidOutEdge {
  id: string;
  kind: EdgeKind;
  source: string;
  target: string;
  /** A polyline. */
  points: Array<[number, number]>;
}

export interface FishboneLayout {
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
  width: number;
  height: number;
  orientation: Orientation;
}

export interface LayoutOptions {
  cause: BoxStyle;
  category: BoxStyle;
  head: BoxStyle;
  /** Horizontal run of a bone per unit of height (0.45 ≈ 66° from the spine). */
  slant: number;
  rowGap: number;
  /** How far a sub-cause's branch sits left of its parent's right end. */
  indent: number;
  /** Space between a label and the line it must not touch (bone or branch). */
  gap: number;
  /** Least horizontal space between two bones' outlines. */
  blockGap: number;
  /** Space between the spine and the nearest rib. */
  spineMargin: number;
  /** Space between a category's box and its first rib. */
  categoryPad: number;
  headGap: number;
  margin: number;
  /** A node drawn at full width whatever its text (the one being typed into). */
  wideNodeId?: string | null;
}

export const DEFAULT_LAYOUT: LayoutOptions = {
  cause: { fontSize: 13, lineHeight: 18, maxWidth: 176, maxLines: 4, padX: 4, padY: 2 },
  category: { fontSize: 13, lineHeight: 18, bold: true, maxWidth: 140, maxLines: 2, padX: 10, padY: 5 },
  head: { fontSize: 15, lineHeight: 21, bold: true, maxWidth: 190, maxLines: 6, padX: 12, padY: 9 },
  slant: 0.45,
  rowGap: 6,
  indent: 18,
  gap: 8,
  blockGap: 26,
  spineMargin: 16,
  categoryPad: 10,
  headGap: 28,
  margin: 24,
};

const BAND = 8;

interface Row {
  cause: Cause;
  depth: number;
  parent: Row | null;
  box: Box;
  top: number;
  lineY: number;
  /** The last visible descendant's rib (its own when it has none). */
  lastLineY: number;
  hidden: number;
  x: number;
  right: number;
  attachX: number;
  /** Where this row's children's branch hangs, when it has visible children. */
  anchor: number | null;
  ribLeft: number;
}

/** A category's bone with its causes, in coordinates where the bone meets the spine at (0, 0). */
interface Block {
  category: Category;
  side: Side;
  box: Box;
  height: number;
  rows: Row[];
  /** Per band of |y|: the leftmost and rightmost x the block occupies. */
  left: Float64Array;
  right: Float64Array;
  offset: number;
}

function countAll(list: Cause[]): number {
  let n = 0;
  for (const c of list) n += 1 + countAll(c.children);
  return n;
}

function buildBlock(category: Category, side: Side, o: LayoutOptions): Block {
  const rows: Row[] = [];
  const rootStyle: BoxStyle = { ...o.cause, bold: true };
  const visit = (list: Cause[], depth: number, parent: Row | null) => {
    for (const cause of list) {
      const hidden = cause.collapsed ? countAll(cause.children) : 0;
      const badges = badgeWidth(cause.votes) + badgeWidth(hidden);
      const row: Row = {
        cause,
        depth,
        parent,
        // Root causes are drawn bold, so they are measured bold.
        box: box(cause.text, cause.isRootCause ? rootStyle : o.cause, cause.id === o.wideNodeId, badges ? badges + 4 : 0),
        top: 0,
        lineY: 0,
        lastLineY: 0,
        hidden,
        x: 0,
        right: 0,
        attachX: 0,
        anchor: null,
        ribLeft: 0,
      };
      rows.push(row);
      if (!cause.collapsed) visit(cause.children, depth + 1, row);
    }
  };
  visit(category.causes, 1, null);

  let stack = 0;
  for (const row of rows) stack += row.box.height + o.rowGap;
  stack = Math.max(0, stack - o.rowGap);
  const height = Math.max(o.spineMargin + stack + o.categoryPad, 48);

  // Rows from top to bottom in reading order; above the spine they end just over it, below it
  // they start just under it.
  let cursor = side === 'top' ? -height + o.categoryPad : o.spineMargin;
  for (const row of rows) {
    row.top = cursor;
    row.lineY = cursor + row.box.height;
    row.lastLineY = row.lineY;
    cursor += row.box.height + o.rowGap;
  }
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    if (row.parent) row.parent.lastLineY = Math.max(row.parent.lastLineY, row.lastLineY);
  }

  // x: the bone is at -|y|·slant; a thing spanning y1..y2 must stay left of the bone over that span.
  const boneX = (y: number) => -Math.abs(y) * o.slant;
  const limit = (y1: number, y2: number) => -Math.max(Math.abs(y1), Math.abs(y2)) * o.slant - o.gap;
  for (const row of rows) {
    const parent = row.parent;
    if (!parent) {
      row.attachX = boneX(row.lineY);
      row.right = limit(row.top, row.lineY);
    } else {
      row.attachX = parent.anchor!;
      row.right = Math.min(parent.anchor! - o.gap, limit(row.top, row.lineY));
    }
    row.x = row.right - row.box.width;
    const hasChildren = !row.cause.collapsed && row.cause.children.length > 0;
    if (hasChildren) row.anchor = Math.min(row.right - o.indent, limit(row.lineY, row.lastLineY));
    row.ribLeft = row.anchor !== null ? Math.min(row.x, row.anchor) : row.x;
  }

  const left = new Float64Array(Math.ceil(height / BAND) + 2).fill(Infinity);
  const right = new Float64Array(left.length).fill(-Infinity);
  const mark = (x1: number, x2: number, y1: number, y2: number) => {
    const a = Math.min(Math.abs(y1), Math.abs(y2));
    const b = Math.max(Math.abs(y1), Math.abs(y2));
    const lo = Math.floor(a / BAND);
    const hi = Math.min(Math.floor(b / BAND), left.length - 1);
    for (let i = lo; i <= hi; i++) {
      if (x1 < left[i]!) left[i] = x1;
      if (x2 > right[i]!) right[i] = x2;
    }
  };
  for (const row of rows) {
    mark(row.x, row.x + row.box.width, row.top, row.lineY);
    mark(row.ribLeft, row.attachX, row.lineY, row.lineY);
    if (row.anchor !== null) mark(row.anchor, row.anchor, row.lineY, row.lastLineY);
  }
  for (let i = 0; i * BAND <= height; i++) {
    const y1 = i * BAND;
    const y2 = Math.min(height, (i + 1) * BAND);
    mark(boneX(y2), boneX(y1), y1, y2);
  }
  return { category, side, box: box(category.label, o.category), height, rows, left, right, offset: 0 };
}

export function layoutFishbone(fishbone: Fishbone, effect: string, options: Partial<LayoutOptions> = {}): FishboneLayout {
  const o: LayoutOptions = { ...DEFAULT_LAYOUT, ...options };
  const head = box(effect, o.head);
  const headX = 0;
  const headY = -head.height / 2;

  const blocks = fishbone.categories.map((category, i) => buildBlock(category, i % 2 === 0 ? 'top' : 'bottom', o));
  // Category boxes: centred on the bone's far end, outside the rows.
  for (const block of blocks) {
    const topX = -block.height * o.slant;
    const y1 = block.height;
    const y2 = block.height + block.box.height;
    growBands(block, Math.ceil(y2 / BAND) + 1);
    markBand(block, topX - block.box.width / 2, topX + block.box.width / 2, y1, y2);
  }

  // Pack each side from the head outwards. The last categories sit nearest the head, so reading
  // left to right follows the categories' order.
  const nodes: LaidOutNode[] = [];
  const edges: LaidOutEdge[] = [];
  for (const side of ['top', 'bottom'] as const) {
    const mine = blocks.filter((b) => b.side === side).reverse();
    const size = Math.max(Math.ceil(head.height / 2 / BAND) + 2, ...mine.map((b) => b.left.length));
    const reach = new Float64Array(size).fill(Infinity);
    for (let i = 0; i * BAND <= head.height / 2 + BAND; i++) reach[i] = headX;
    let base = headX - o.headGap + o.blockGap;
    for (const block of mine) {
      let offset = base - o.blockGap;
      for (let i = 0; i < block.right.length; i++) {
        const r = block.right[i]!;
        if (r === -Infinity) continue;
        const room = reach[i]! - o.blockGap - r;
        if (room < offset) offset = room;
      }
      block.offset = offset;
      for (let i = 0; i < block.left.length; i++) {
        const l = block.left[i]!;
        if (l !== Infinity && l + offset < reach[i]!) reach[i] = l + offset;
      }
      base = offset;
    }
  }

  nodes.push({
    id: 'head',
    kind: 'head',
    x: headX,
    y: headY,
    width: head.width,
    height: head.height,
    lines: head.lines,
    clipped: head.clipped,
    depth: 0,
    side: null,
    categoryId: null,
    parentId: null,
    hidden: 0,
    lineY: 0,
  });

  let tail = headX;
  for (const block of blocks) {
    const dx = block.offset;
    const topX = -block.height * o.slant + dx;
    const farY = block.side === 'top' ? -block.height : block.height;
    tail = Math.min(tail, dx);
    nodes.push({
      id: block.category.id,
      kind: 'category',
      x: topX - block.box.width / 2,
      y: block.side === 'top' ? farY - block.box.height : farY,
      width: block.box.width,
      height: block.box.height,
      lines: block.box.lines,
      clipped: block.box.clipped,
      depth: 0,
      side: block.side,
      categoryId: block.category.id,
      parentId: null,
      hidden: 0,
      lineY: farY,
    });
    edges.push({ id: `bone:${block.category.id}`, kind: 'bone', source: 'head', target: block.category.id, points: [[dx, 0], [topX, farY]] });
    for (const row of block.rows) {
      nodes.push({
        id: row.cause.id,
        kind: 'cause',
        x: row.x + dx,
        y: row.top,
        width: row.box.width,
        height: row.box.height,
        lines: row.box.lines,
        clipped: row.box.clipped,
        depth: row.depth,
        side: block.side,
        categoryId: block.category.id,
        parentId: row.parent ? row.parent.cause.id : block.category.id,
        hidden: row.hidden,
        lineY: row.lineY,
      });
      const points: Array<[number, number]> = row.parent
        ? [
            [row.attachX + dx, row.parent.lineY],
            [row.attachX + dx, row.lineY],
            [row.ribLeft + dx, row.lineY],
          ]
        : [
            [row.attachX + dx, row.lineY],
            [row.ribLeft + dx, row.lineY],
          ];
      edges.push({ id: `rib:${row.cause.id}`, kind: 'rib', source: row.parent ? row.parent.cause.id : block.category.id, target: row.cause.id, points });
    }
  }
  edges.unshift({ id: 'spine', kind: 'spine', source: 'head', target: 'head', points: [[tail - o.blockGap, 0], [headX, 0]] });

  return finish(nodes, edges, fishbone.orientation, o.margin);
}

function growBands(block: Block, size: number): void {
  if (block.left.length >= size) return;
  const left = new Float64Array(size).fill(Infinity);
  const right = new Float64Array(size).fill(-Infinity);
  left.set(block.left);
  right.set(block.right);
  block.left = left;
  block.right = right;
}

function markBand(block: Block, x1: number, x2: number, y1: number, y2: number): void {
  const lo = Math.floor(Math.min(y1, y2) / BAND);
  const hi = Math.min(Math.floor(Math.max(y1, y2) / BAND), block.left.length - 1);
  for (let i = lo; i <= hi; i++) {
    if (x1 < block.left[i]!) block.left[i] = x1;
    if (x2 > block.right[i]!) block.right[i] = x2;
  }
}

/** Mirrors for head-left, then moves everything so the drawing starts at (margin, margin). */
function finish(nodes: LaidOutNode[], edges: LaidOutEdge[], orientation: Orientation, margin: number): FishboneLayout {
  const mirror = orientation === 'head_left';
  if (mirror) {
    for (const n of nodes) n.x = -(n.x + n.width);
    for (const e of edges) for (const p of e.points) p[0] = -p[0];
  }
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of nodes) {
    minX = Math.min(minX, n.x);
    minY = Math.min(minY, n.y);
    maxX = Math.max(maxX, n.x + n.width);
    maxY = Math.max(maxY, n.y + n.height);
  }
  for (const e of edges) {
    for (const [x, y] of e.points) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  }
  const dx = margin - minX;
  const dy = margin - minY;
  const round = (v: number) => Math.round(v * 10) / 10;
  for (const n of nodes) {
    n.x = round(n.x + dx);
    n.y = round(n.y + dy);
    n.lineY = round(n.lineY + dy);
  }
  for (const e of edges) for (const p of e.points) {
    p[0] = round(p[0] + dx);
    p[1] = round(p[1] + dy);
  }
  return { nodes, edges, width: Math.ceil(maxX - minX + 2 * margin), height: Math.ceil(maxY - minY + 2 * margin), orientation };
}

/** Operations on ordered trees of `{ id, children }` nodes, shared by the fishbone's causes and the
 *  5-Whys. All pure; changes copy only the path from the root to what changed, so untouched nodes
 *  keep their identity (cheap re-renders, cheap diffs). */

export interface TreeNode<T> {
  id: string;
  children: T[];
}

export interface Located<T> {
  node: T;
  parent: T | null;
  /** The list that holds the node, and its index there. */
  siblings: T[];
  index: number;
  /** 1 for a node of the top list. */
  depth: number;
}

export function locate<T extends TreeNode<T>>(list: T[], id: string, parent: T | null = null, depth = 1): Located<T> | null {
  for (let index = 0; index < list.length; index++) {
    const node = list[index]!;
    if (node.id === id) return { node, parent, siblings: list, index, depth };
    const found = locate(node.children, id, node, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Whether `id` is the node itself or anywhere under it (a move there would make a cycle). */
export function contains<T extends TreeNode<T>>(node: T, id: string): boolean {
  return node.id === id || node.children.some((c) => contains(c, id));
}

export function count<T extends TreeNode<T>>(list: readonly T[]): number {
  let n = 0;
  for (const c of list) n += 1 + count(c.children);
  return n;
}

export function depth<T extends TreeNode<T>>(list: readonly T[]): number {
  let d = 0;
  for (const c of list) d = Math.max(d, 1 + depth(c.children));
  return d;
}

export function walk<T extends TreeNode<T>>(list: readonly T[], visit: (node: T, depth: number, parent: T | null) => void, level = 1, parent: T | null = null): void {
  for (const node of list) {
    visit(node, level, parent);
    walk(node.children, visit, level + 1, node);
  }
}

/** Replaces the children list of `parentId` (or the top list when null) with `change(copy)`. */
export function withChildren<T extends TreeNode<T>>(list: T[], parentId: string | null, change: (children: T[]) => T[]): T[] | null {
  if (parentId === null) return change([...list]);
  for (let i = 0; i < list.length; i++) {
    const node = list[i]!;
    if (node.id === parentId) {
      const copy = [...list];
      copy[i] = { ...node, children: change([...node.children]) };
      return copy;
    }
    const inner = withChildren(node.children, parentId, change);
    if (inner) {
      const copy = [...list];
      copy[i] = { ...node, children: inner };
      return copy;
    }
  }
  return null;
}

/** Every node of the tree through `change` (children first), keeping unchanged ones. */
export function mapTree<T extends TreeNode<T>>(list: T[], change: (node: T) => T): T[] {
  return list.map((node) => {
    const children = mapTree(node.children, change);
    return change(children === node.children || sameItems(children, node.children) ? node : { ...node, children });
  });
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function ids<T extends TreeNode<T>>(list: readonly T[], into = new Set<string>()): Set<string> {
  walk(list, (n) => into.add(n.id));
  return into;
}

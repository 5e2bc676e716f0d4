import { deleteIds, upsertRows, type Prepare, type RowWrites } from './sql';

/** A two-level tree stored in two tables: groups (fishbone categories, 5-Whys analyses), ordered
 *  by `position`, and nodes (causes, whys), each in one group and hung from another node of it
 *  through `parent_id` (null at the top), ordered by `position` within each sibling list. A node
 *  row references its group and its parent with ON DELETE CASCADE. Each repository keeps its own
 *  SQL and columns, and says through a TreeShape how its rows map to its domain objects. */

/** The part of a node row the tree needs. */
export interface TreeRow {
  id: string;
  parent_id: string | null;
}

/** The part of a node the tree needs. */
export interface TreeNode<Node> {
  id: string;
  children: Node[];
}

/** How one repository's rows map to its groups and nodes. */
export interface TreeShape<GroupRow extends { id: string }, Group extends { id: string }, NodeRow extends TreeRow, Node extends TreeNode<Node>> {
  /** The group a row stands for, with no nodes yet. */
  toGroup(row: GroupRow): Group;
  /** A group's list of top nodes. */
  topsOf(group: Group): Node[];
  /** The node a row stands for, with no children yet. */
  toNode(row: NodeRow): Node;
  /** The group a node row belongs to. */
  groupOf(row: NodeRow): string;
}

/** The rows of a tree as stored, by id: what a write diffs against. */
export interface TreeRows<GroupRow, NodeRow> {
  groups: Map<string, GroupRow>;
  nodes: Map<string, NodeRow>;
}

/** A group where it stands. */
export interface PlacedGroup<Group> {
  group: Group;
  position: number;
}

/** A node where it hangs, in the shape of its row. */
export interface PlacedNode<Node> {
  node: Node;
  groupId: string;
  parentId: string | null;
  position: number;
}

/** The groups the rows hold, with their trees, and the rows by id. `groupRows` come in position
 *  order; `nodeRows` in position order within each sibling list. */
export function readTree<GroupRow extends { id: string }, Group extends { id: string }, NodeRow extends TreeRow, Node extends TreeNode<Node>>(
  shape: TreeShape<GroupRow, Group, NodeRow, Node>,
  groupRows: readonly GroupRow[],
  nodeRows: readonly NodeRow[],
): { groups: Group[]; rows: TreeRows<GroupRow, NodeRow> } {
  const rows: TreeRows<GroupRow, NodeRow> = { groups: new Map(), nodes: new Map() };
  const groups: Group[] = [];
  /** The lists a node can belong in: a group's top nodes, or another node's children. */
  const tops = new Map<string, Node[]>();
  const children = new Map<string, Node[]>();
  for (const row of groupRows) {
    rows.groups.set(row.id, row);
    const group = shape.toGroup(row);
    groups.push(group);
    tops.set(row.id, shape.topsOf(group));
  }
  const nodes: Node[] = [];
  for (const row of nodeRows) {
    const node = shape.toNode(row);
    rows.nodes.set(row.id, row);
    nodes.push(node);
    children.set(row.id, node.children);
  }
  // Attached in row order, which is position order within each sibling list (a parent may come
  // after its children in the rows, hence the second pass).
  nodeRows.forEach((row, i) => (row.parent_id === null ? tops.get(shape.groupOf(row)) : children.get(row.parent_id))?.push(nodes[i]!));
  return { groups, rows };
}

/** Every node of the groups with where it hangs, parents before their children. */
function placeNodes<Group extends { id: string }, Node extends TreeNode<Node>>(
  shape: { topsOf(group: Group): Node[] },
  groups: readonly Group[],
): PlacedNode<Node>[] {
  const out: PlacedNode<Node>[] = [];
  const walk = (list: Node[], groupId: string, parentId: string | null) => {
    list.forEach((node, position) => {
      out.push({ node, groupId, parentId, position });
      walk(node.children, groupId, node.id);
    });
  };
  for (const group of groups) walk(shape.topsOf(group), group.id, null);
  return out;
}

/** The repository's statements for a tree's rows. */
export interface TreeWrites<GroupRow, Group, NodeRow, Node> {
  group: RowWrites<PlacedGroup<Group>, GroupRow>;
  node: RowWrites<PlacedNode<Node>, NodeRow>;
  /** `DELETE FROM <groups> WHERE id = ?` */
  deleteGroup: string;
  /** `DELETE FROM <nodes> WHERE id = ?` */
  deleteNode: string;
}

/** Writes the difference between the stored rows and `next`. Order matters for the foreign keys:
 *  new and changed groups first; then nodes parents-first (so a new or moved parent exists before
 *  its children, and a surviving node is moved out of a removed subtree before that subtree goes);
 *  then removed nodes (the top of each removed subtree: the rest cascades); last, removed groups
 *  (their remaining nodes, all removed ones, cascade). */
export function writeTree<GroupRow extends { id: string }, Group extends { id: string }, NodeRow extends TreeRow, Node extends TreeNode<Node>>(
  prepare: Prepare,
  shape: TreeShape<GroupRow, Group, NodeRow, Node>,
  stored: TreeRows<GroupRow, NodeRow>,
  next: readonly Group[],
  writes: TreeWrites<GroupRow, Group, NodeRow, Node>,
): void {
  const placedGroups = next.map((group, position) => ({ group, position }));
  const keptGroups = upsertRows(placedGroups, stored.groups, (p) => p.group.id, writes.group);
  const keptNodes = upsertRows(placeNodes(shape, next), stored.nodes, (p) => p.node.id, writes.node);

  const removedTops: string[] = [];
  for (const row of stored.nodes.values()) {
    if (keptNodes.has(row.id)) continue;
    // Only the top of a removed subtree, and only where its group stays: the rest cascades.
    if (row.parent_id !== null && !keptNodes.has(row.parent_id)) continue;
    if (!keptGroups.has(shape.groupOf(row))) continue;
    removedTops.push(row.id);
  }
  deleteIds(prepare, writes.deleteNode, removedTops);
  deleteIds(prepare, writes.deleteGroup, [...stored.groups.keys()].filter((id) => !keptGroups.has(id)));
}

import type { Category, Cause, CauseStatus, Fishbone, Orientation, ServqualDimension } from '../../shared/domain/fishbone';
import type { Touchpoint } from '../../shared/domain/vocabulary';
import { applyCommand, type FishboneCommand } from '../../shared/domain/fishbone-commands';
import { checkBase, explainCaseMiss, touchCase } from './case-repo';
import type { Db } from './database';
import { cachedPrepare, writeTransaction, type Prepare } from './sql';
import { readTree, writeTree, type PlacedNode, type TreeRows, type TreeShape } from './tree-rows';

/** Reads and writes a case's fishbone: the head and orientation on the case row, categories in
 *  `fishbone_categories`, causes in `causes` (a tree through `parent_id`, ordered by `position`
 *  within each sibling list). Every change is a FishboneCommand, applied by the same pure function
 *  the editor runs; only the rows that differ are written. */

interface CaseRow {
  revision: number;
  deleted_at: string | null;
  fishbone_effect: string | null;
  fishbone_template: string | null;
  fishbone_orientation: Orientation;
}

interface CategoryRow {
  id: string;
  position: number;
  label: string;
  template_key: string | null;
}

interface CauseRow {
  id: string;
  category_id: string;
  parent_id: string | null;
  position: number;
  text: string;
  status: CauseStatus;
  is_root_cause: number;
  evidence: string;
  votes: number;
  touchpoint: Touchpoint | null;
  servqual: ServqualDimension | null;
  collapsed: number;
}

type PlacedCause = PlacedNode<Cause>;

/** What apply() needs of the stored state: the tree, and each row as stored (to diff against). */
interface Loaded {
  caseRow: CaseRow;
  fishbone: Fishbone;
  rows: TreeRows<CategoryRow, CauseRow>;
}

const CATEGORY_SELECT = 'SELECT id, position, label, template_key FROM fishbone_categories WHERE case_id = ? ORDER BY position, id';
const CAUSE_SELECT = `SELECT id, category_id, parent_id, position, text, status, is_root_cause, evidence, votes, touchpoint, servqual, collapsed
  FROM causes WHERE case_id = ? ORDER BY category_id, parent_id, position, id`;

function toCause(row: CauseRow): Cause {
  return {
    id: row.id,
    text: row.text,
    status: row.status,
    isRootCause: row.is_root_cause === 1,
    evidence: row.evidence,
    votes: row.votes,
    touchpoint: row.touchpoint ?? null,
    servqual: row.servqual ?? null,
    collapsed: row.collapsed === 1,
    children: [],
  };
}

/** Categories hold causes; a cause row names its category in `category_id`. */
const TREE: TreeShape<CategoryRow, Category, CauseRow, Cause> = {
  toGroup: (row) => ({ id: row.id, label: row.label, templateKey: row.template_key ?? null, causes: [] }),
  topsOf: (category) => category.causes,
  toNode: toCause,
  groupOf: (row) => row.category_id,
};

function sameCause(row: CauseRow, p: PlacedCause): boolean {
  const c = p.node;
  return (
    row.category_id === p.groupId &&
    row.parent_id === p.parentId &&
    row.position === p.position &&
    row.text === c.text &&
    row.status === c.status &&
    row.is_root_cause === (c.isRootCause ? 1 : 0) &&
    row.evidence === c.evidence &&
    row.votes === c.votes &&
    (row.touchpoint ?? null) === (c.touchpoint ?? null) &&
    (row.servqual ?? null) === (c.servqual ?? null) &&
    row.collapsed === (c.collapsed ? 1 : 0)
  );
}

export class FishboneRepo {
  private readonly prepare: Prepare;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.prepare = cachedPrepare(db);
  }

  /** The fishbone of a case and the case's revision. A case in the trash can still be read. */
  get(caseId: string): { fishbone: Fishbone; revision: number } {
    return this.db.transaction(() => {
      const { fishbone, caseRow } = this.load(caseId);
      return { fishbone, revision: caseRow.revision };
    })();
  }

  /** Applies one command in one transaction and returns the case's new revision. A command the
   *  tree refuses (`not_found`, `validation`) and a missing or trashed case change nothing. */
  apply(caseId: string, command: FishboneCommand, base?: number): { revision: number } {
    return writeTransaction(this.db, () => {
      checkBase(this.prepare, caseId, base);
      const loaded = this.load(caseId, true);
      const { fishbone } = applyCommand(loaded.fishbone, command);
      const at = this.now().toISOString();
      this.write(caseId, loaded, fishbone, at);
      return { revision: touchCase(this.prepare, caseId, at, base) };
    });
  }

  /** A whole fishbone written at once, checked as the `replace` command is, inside the caller's
   *  transaction: how an imported case's fishbone is stored.
   *  `fresh`: the case was (re)created in this transaction and has no rows of this kind yet (an
   *  imported case, see storeDocument): nothing is read back to compare with. */
  store(caseId: string, fishbone: Fishbone, { fresh = false } = {}): { revision: number } {
    return writeTransaction(this.db, () => {
      const loaded = this.load(caseId, true, fresh);
      const next = applyCommand(loaded.fishbone, { type: 'replace', fishbone }).fishbone;
      const at = this.now().toISOString();
      this.write(caseId, loaded, next, at);
      return { revision: touchCase(this.prepare, caseId, at) };
    });
  }

  /** The stored tree. With `live`, a missing or trashed case is refused as a write would be; with
   *  `fresh`, its rows are known to be none. */
  private load(caseId: string, live = false, fresh = false): Loaded {
    const caseRow = this.prepare('SELECT revision, deleted_at, fishbone_effect, fishbone_template, fishbone_orientation FROM cases WHERE id = ?').get(caseId) as
      | CaseRow
      | undefined;
    if (!caseRow || (live && caseRow.deleted_at !== null)) explainCaseMiss(this.prepare, caseId, -1);

    const categoryRows = fresh ? [] : (this.prepare(CATEGORY_SELECT).all(caseId) as CategoryRow[]);
    const causeRows = fresh ? [] : (this.prepare(CAUSE_SELECT).all(caseId) as CauseRow[]);
    const { groups: categories, rows } = readTree(TREE, categoryRows, causeRows);

    return {
      caseRow,
      fishbone: { effect: caseRow.fishbone_effect, template: caseRow.fishbone_template, orientation: caseRow.fishbone_orientation, categories },
      rows,
    };
  }

  /** Writes the head when it changed, then the categories and causes that differ from the stored
   *  rows. writeTree keeps the order the foreign keys need: categories before their causes, causes
   *  parents-first, then deletes (only the top of each removed subtree, then removed categories:
   *  the rest cascades). */
  private write(caseId: string, loaded: Loaded, next: Fishbone, at: string): void {
    const { caseRow } = loaded;

    if (next.effect !== caseRow.fishbone_effect || next.template !== caseRow.fishbone_template || next.orientation !== caseRow.fishbone_orientation) {
      this.prepare('UPDATE cases SET fishbone_effect = ?, fishbone_template = ?, fishbone_orientation = ? WHERE id = ?').run(
        next.effect,
        next.template,
        next.orientation,
        caseId,
      );
    }

    writeTree(this.prepare, TREE, loaded.rows, next.categories, {
      group: {
        same: (row, { group: category, position }) =>
          row.position === position && row.label === category.label && (row.template_key ?? null) === category.templateKey,
        insert: ({ group: category, position }) =>
          this.prepare(
            'INSERT INTO fishbone_categories (id, case_id, position, label, template_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          ).run(category.id, caseId, position, category.label, category.templateKey, at, at),
        update: ({ group: category, position }) =>
          this.prepare('UPDATE fishbone_categories SET position = ?, label = ?, template_key = ?, updated_at = ? WHERE id = ?').run(
            position,
            category.label,
            category.templateKey,
            at,
            category.id,
          ),
      },
      node: {
        same: sameCause,
        insert: (placed) =>
          this.prepare(
            `INSERT INTO causes (id, case_id, category_id, parent_id, position, text, status, is_root_cause, evidence, votes, touchpoint, servqual,
             collapsed, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(placed.node.id, caseId, ...causeValues(placed), at, at),
        update: (placed) =>
          this.prepare(
            `UPDATE causes SET category_id = ?, parent_id = ?, position = ?, text = ?, status = ?, is_root_cause = ?, evidence = ?, votes = ?,
             touchpoint = ?, servqual = ?, collapsed = ?, updated_at = ? WHERE id = ?`,
          ).run(...causeValues(placed), at, placed.node.id),
      },
      deleteNode: 'DELETE FROM causes WHERE id = ?',
      deleteGroup: 'DELETE FROM fishbone_categories WHERE id = ?',
    });
  }
}

function causeValues({ node: cause, groupId: categoryId, parentId, position }: PlacedCause): unknown[] {
  return [
    categoryId,
    parentId,
    position,
    cause.text,
    cause.status,
    cause.isRootCause ? 1 : 0,
    cause.evidence,
    cause.votes,
    cause.touchpoint ?? null,
    cause.servqual ?? null,
    cause.collapsed ? 1 : 0,
  ];
}

import type { Statement } from 'better-sqlite3';
import { CausewayError } from '../../shared/contract/errors';
import type { Category, Cause, CauseStatus, Fishbone, Orientation, ServqualDimension } from '../../shared/domain/fishbone';
import type { Touchpoint } from '../../shared/domain/vocabulary';
import { applyCommand, type FishboneCommand } from '../../shared/domain/fishbone-commands';
import { explainCaseMiss, touchCase } from './case-repo';
import type { Db } from './database';

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

/** A category or cause where it stands, in the shape of its row. */
interface PlacedCategory {
  category: Category;
  position: number;
}

interface PlacedCause {
  cause: Cause;
  categoryId: string;
  parentId: string | null;
  position: number;
}

/** What apply() needs of the stored state: the tree, and each row as stored (to diff against). */
interface Loaded {
  caseRow: CaseRow;
  fishbone: Fishbone;
  categoryRows: Map<string, CategoryRow>;
  causeRows: Map<string, CauseRow>;
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

/** Every category of the tree with its position. */
function placeCategories(fishbone: Fishbone): PlacedCategory[] {
  return fishbone.categories.map((category, position) => ({ category, position }));
}

/** Every cause of the tree with where it hangs, parents before their children. */
function placeCauses(fishbone: Fishbone): PlacedCause[] {
  const out: PlacedCause[] = [];
  const walk = (list: Cause[], categoryId: string, parentId: string | null) => {
    list.forEach((cause, position) => {
      out.push({ cause, categoryId, parentId, position });
      walk(cause.children, categoryId, cause.id);
    });
  };
  for (const category of fishbone.categories) walk(category.causes, category.id, null);
  return out;
}

function sameCause(row: CauseRow, p: PlacedCause): boolean {
  const c = p.cause;
  return (
    row.category_id === p.categoryId &&
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

const duplicate = (id: string): CausewayError =>
  new CausewayError('validation', `Id ${id} is already used.`, { issues: [{ path: ['id'], reason: 'duplicate' }] });

export class FishboneRepo {
  private readonly stmts = new Map<string, Statement>();
  private readonly prepare = (sql: string): Statement => {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  };

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The fishbone of a case and the case's revision. A case in the trash can still be read. */
  get(caseId: string): { fishbone: Fishbone; revision: number } {
    return this.db.transaction(() => {
      const { fishbone, caseRow } = this.load(caseId);
      return { fishbone, revision: caseRow.revision };
    })();
  }

  /** Applies one command in one transaction and returns the case's new revision. A command the
   *  tree refuses (`not_found`, `validation`) and a missing or trashed case change nothing. */
  apply(caseId: string, command: FishboneCommand): { revision: number } {
    return this.db.transaction(() => {
      const loaded = this.load(caseId, true);
      const { fishbone } = applyCommand(loaded.fishbone, command);
      const at = this.now().toISOString();
      this.write(caseId, loaded, fishbone, at);
      return { revision: touchCase(this.prepare, caseId, at) };
    })();
  }

  /** The stored tree. With `live`, a missing or trashed case is refused as a write would be. */
  private load(caseId: string, live = false): Loaded {
    const caseRow = this.prepare('SELECT revision, deleted_at, fishbone_effect, fishbone_template, fishbone_orientation FROM cases WHERE id = ?').get(caseId) as
      | CaseRow
      | undefined;
    if (!caseRow || (live && caseRow.deleted_at !== null)) explainCaseMiss(this.prepare, caseId, -1);

    const categoryRows = new Map<string, CategoryRow>();
    const categories: Category[] = [];
    /** The lists a cause can belong in: a category's causes, or another cause's children. */
    const roots = new Map<string, Cause[]>();
    const children = new Map<string, Cause[]>();
    for (const row of this.prepare(CATEGORY_SELECT).all(caseId) as CategoryRow[]) {
      categoryRows.set(row.id, row);
      const category: Category = { id: row.id, label: row.label, templateKey: row.template_key ?? null, causes: [] };
      categories.push(category);
      roots.set(row.id, category.causes);
    }

    const causeRows = new Map<string, CauseRow>();
    const rows = this.prepare(CAUSE_SELECT).all(caseId) as CauseRow[];
    const causes: Cause[] = [];
    for (const row of rows) {
      const cause = toCause(row);
      causeRows.set(row.id, row);
      causes.push(cause);
      children.set(row.id, cause.children);
    }
    // Attached in row order, which is position order within each sibling list (a parent may come
    // after its children in the rows, hence the second pass).
    rows.forEach((row, i) => (row.parent_id === null ? roots.get(row.category_id) : children.get(row.parent_id))?.push(causes[i]!));

    return {
      caseRow,
      fishbone: { effect: caseRow.fishbone_effect, template: caseRow.fishbone_template, orientation: caseRow.fishbone_orientation, categories },
      categoryRows,
      causeRows,
    };
  }

  /** Writes the difference between the stored rows and `next`. Order matters for the foreign keys:
   *  new categories first; then causes parents-first (so a new or moved parent exists before its
   *  children, and a surviving cause is moved out of a removed subtree before that subtree goes);
   *  then removed causes (the top of each removed subtree: the rest cascades); last, removed
   *  categories (their remaining causes, all removed ones, cascade). */
  private write(caseId: string, loaded: Loaded, next: Fishbone, at: string): void {
    const { caseRow, categoryRows, causeRows } = loaded;

    if (next.effect !== caseRow.fishbone_effect || next.template !== caseRow.fishbone_template || next.orientation !== caseRow.fishbone_orientation) {
      this.prepare('UPDATE cases SET fishbone_effect = ?, fishbone_template = ?, fishbone_orientation = ? WHERE id = ?').run(
        next.effect,
        next.template,
        next.orientation,
        caseId,
      );
    }

    const keptCategories = new Set<string>();
    for (const { category, position } of placeCategories(next)) {
      const row = categoryRows.get(category.id);
      if (!row) {
        try {
          this.prepare(
            'INSERT INTO fishbone_categories (id, case_id, position, label, template_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          ).run(category.id, caseId, position, category.label, category.templateKey, at, at);
        } catch (e) {
          throw isDuplicate(e) ? duplicate(category.id) : e;
        }
        continue;
      }
      keptCategories.add(category.id);
      if (row.position !== position || row.label !== category.label || (row.template_key ?? null) !== category.templateKey) {
        this.prepare('UPDATE fishbone_categories SET position = ?, label = ?, template_key = ?, updated_at = ? WHERE id = ?').run(
          position,
          category.label,
          category.templateKey,
          at,
          category.id,
        );
      }
    }

    const keptCauses = new Set<string>();
    for (const placed of placeCauses(next)) {
      const { cause } = placed;
      const row = causeRows.get(cause.id);
      if (row) {
        keptCauses.add(cause.id);
        if (sameCause(row, placed)) continue;
        this.prepare(
          `UPDATE causes SET category_id = ?, parent_id = ?, position = ?, text = ?, status = ?, is_root_cause = ?, evidence = ?, votes = ?,
           touchpoint = ?, servqual = ?, collapsed = ?, updated_at = ? WHERE id = ?`,
        ).run(...this.causeValues(placed), at, cause.id);
        continue;
      }
      try {
        this.prepare(
          `INSERT INTO causes (id, case_id, category_id, parent_id, position, text, status, is_root_cause, evidence, votes, touchpoint, servqual,
           collapsed, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(cause.id, caseId, ...this.causeValues(placed), at, at);
      } catch (e) {
        throw isDuplicate(e) ? duplicate(cause.id) : e;
      }
    }

    if (keptCauses.size < causeRows.size) {
      const remove = this.prepare('DELETE FROM causes WHERE id = ?');
      for (const row of causeRows.values()) {
        if (keptCauses.has(row.id)) continue;
        // Only the top of a removed subtree, and only where its category stays: the rest cascades.
        if (row.parent_id !== null && !keptCauses.has(row.parent_id)) continue;
        if (!keptCategories.has(row.category_id)) continue;
        remove.run(row.id);
      }
    }
    if (keptCategories.size < categoryRows.size) {
      const remove = this.prepare('DELETE FROM fishbone_categories WHERE id = ?');
      for (const id of categoryRows.keys()) if (!keptCategories.has(id)) remove.run(id);
    }
  }

  private causeValues({ cause, categoryId, parentId, position }: PlacedCause): unknown[] {
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
}

function isDuplicate(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

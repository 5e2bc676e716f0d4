import { CausewayError } from '../../shared/contract/errors';
import { applyWhyCommand, type WhyCommand } from '../../shared/domain/why-commands';
import type { Direction, StopReason, Why, WhyAnalyses, WhyAnalysis, WhyStatus } from '../../shared/domain/whys';
import { checkBase, explainCaseMiss, touchCase } from './case-repo';
import type { Db } from './database';
import { cachedPrepare, writeTransaction, type Prepare } from './sql';
import { readTree, writeTree, type PlacedNode, type TreeRows, type TreeShape } from './tree-rows';

/** Reads and writes a case's 5-Whys analyses: the analyses in `why_analyses` (ordered by
 *  `position` within the case), their whys in `whys` (a tree through `parent_id`, ordered by
 *  `position` within each sibling list). Every change is a WhyCommand, applied by the same pure
 *  function the editor runs; only the rows that differ are written. Built as FishboneRepo is, on tree-rows. */

interface CaseRow {
  revision: number;
  deleted_at: string | null;
}

interface AnalysisRow {
  id: string;
  start_cause_id: string | null;
  question: string;
  position: number;
  direction: Direction;
}

interface WhyRow {
  id: string;
  analysis_id: string;
  parent_id: string | null;
  position: number;
  answer: string;
  evidence: string;
  status: WhyStatus;
  is_root_cause: number;
  stop_reason: StopReason | null;
  stop_note: string;
  collapsed: number;
}

type PlacedWhy = PlacedNode<Why>;

/** What apply() needs of the stored state: the analyses, and each row as stored (to diff against). */
interface Loaded {
  caseRow: CaseRow;
  analyses: WhyAnalysis[];
  rows: TreeRows<AnalysisRow, WhyRow>;
}

const CASE_SELECT = 'SELECT revision, deleted_at FROM cases WHERE id = ?';
const ANALYSIS_SELECT = 'SELECT id, start_cause_id, question, position, direction FROM why_analyses WHERE case_id = ? ORDER BY position, id';
const WHY_SELECT = `SELECT w.id, w.analysis_id, w.parent_id, w.position, w.answer, w.evidence, w.status, w.is_root_cause, w.stop_reason, w.stop_note, w.collapsed
  FROM why_analyses a JOIN whys w ON w.analysis_id = a.id WHERE a.case_id = ? ORDER BY w.analysis_id, w.parent_id, w.position, w.id`;

function toWhy(row: WhyRow): Why {
  return {
    id: row.id,
    answer: row.answer,
    evidence: row.evidence,
    status: row.status,
    isRootCause: row.is_root_cause === 1,
    stopReason: row.stop_reason ?? null,
    stopNote: row.stop_note,
    collapsed: row.collapsed === 1,
    children: [],
  };
}

/** Analyses hold whys; a why row names its analysis in `analysis_id`. */
const TREE: TreeShape<AnalysisRow, WhyAnalysis, WhyRow, Why> = {
  toGroup: (row) => ({ id: row.id, startCauseId: row.start_cause_id ?? null, question: row.question, direction: row.direction, whys: [] }),
  topsOf: (analysis) => analysis.whys,
  toNode: toWhy,
  groupOf: (row) => row.analysis_id,
};

function sameAnalysis(row: AnalysisRow, analysis: WhyAnalysis, position: number): boolean {
  return (
    row.position === position &&
    (row.start_cause_id ?? null) === analysis.startCauseId &&
    row.question === analysis.question &&
    row.direction === analysis.direction
  );
}

function sameWhy(row: WhyRow, p: PlacedWhy): boolean {
  const w = p.node;
  return (
    row.analysis_id === p.groupId &&
    row.parent_id === p.parentId &&
    row.position === p.position &&
    row.answer === w.answer &&
    row.evidence === w.evidence &&
    row.status === w.status &&
    row.is_root_cause === (w.isRootCause ? 1 : 0) &&
    (row.stop_reason ?? null) === (w.stopReason ?? null) &&
    row.stop_note === w.stopNote &&
    row.collapsed === (w.collapsed ? 1 : 0)
  );
}

const invalidStart = (id: string): CausewayError =>
  new CausewayError('validation', `No fishbone cause ${id} in this case to start an analysis from.`, {
    issues: [{ path: ['startCauseId'], reason: 'invalid_reference' }],
  });

export class WhyRepo {
  private readonly prepare: Prepare;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.prepare = cachedPrepare(db);
  }

  /** The analyses of a case and the case's revision. A case in the trash can still be read. */
  get(caseId: string): { analyses: WhyAnalysis[]; revision: number } {
    return this.db.transaction(() => {
      const { analyses, caseRow } = this.load(caseId);
      return { analyses, revision: caseRow.revision };
    })();
  }

  /** Applies one command in one transaction and returns the case's new revision. A command the
   *  analyses refuse (`not_found`, `validation`), a start cause that is not one of this case's
   *  fishbone causes, and a missing or trashed case change nothing. */
  apply(caseId: string, command: WhyCommand, base?: number): { revision: number } {
    return this.db.transaction(() => {
      checkBase(this.prepare, caseId, base);
      const loaded = this.load(caseId, true);
      const { analyses } = applyWhyCommand(loaded.analyses, command);
      this.checkStartCauses(caseId, loaded, analyses);
      const at = this.now().toISOString();
      this.write(caseId, loaded, analyses, at);
      return { revision: touchCase(this.prepare, caseId, at, base) };
    }).immediate();
  }

  /** Several commands applied in memory (each checked as `apply` checks it) and written at once:
   *  how an imported case's analyses are stored.
   *  `fresh`: the case was (re)created in this transaction and has no rows of this kind yet (an
   *  imported case, see storeDocument): nothing is read back to compare with. */
  store(caseId: string, commands: readonly WhyCommand[], { fresh = false } = {}): { revision: number } {
    return writeTransaction(this.db, () => {
      const loaded = this.load(caseId, true, fresh);
      let analyses = loaded.analyses;
      for (const command of commands) analyses = applyWhyCommand(analyses, command).analyses;
      this.checkStartCauses(caseId, loaded, analyses);
      const at = this.now().toISOString();
      this.write(caseId, loaded, analyses, at);
      return { revision: touchCase(this.prepare, caseId, at) };
    });
  }

  /** The stored analyses. With `live`, a missing or trashed case is refused as a write would be. */
  private load(caseId: string, live = false, fresh = false): Loaded {
    const caseRow = this.prepare(CASE_SELECT).get(caseId) as CaseRow | undefined;
    if (!caseRow || (live && caseRow.deleted_at !== null)) explainCaseMiss(this.prepare, caseId, -1);

    const analysisRows = fresh ? [] : (this.prepare(ANALYSIS_SELECT).all(caseId) as AnalysisRow[]);
    const whyRows = fresh ? [] : (this.prepare(WHY_SELECT).all(caseId) as WhyRow[]);
    const { groups: analyses, rows } = readTree(TREE, analysisRows, whyRows);
    return { caseRow, analyses, rows };
  }

  /** An analysis may only start from a fishbone cause of the same case. The pure function cannot
   *  know the fishbone, so every start cause that is new or changed is looked up here, before any
   *  write. (Stored ones stay valid: removing the cause sets them to null.) */
  private checkStartCauses(caseId: string, loaded: Loaded, next: WhyAnalyses): void {
    const causeOfCase = this.prepare('SELECT 1 FROM causes WHERE id = ? AND case_id = ?').pluck();
    for (const analysis of next) {
      const id = analysis.startCauseId;
      if (id === null || loaded.rows.groups.get(analysis.id)?.start_cause_id === id) continue;
      if (causeOfCase.get(id, caseId) === undefined) throw invalidStart(id);
    }
  }

  /** Writes the analyses and whys that differ from the stored rows. writeTree keeps the order the
   *  foreign keys need: analyses before their whys, whys parents-first, then deletes (only the top
   *  of each removed subtree, then removed analyses: the rest cascades). */
  private write(caseId: string, loaded: Loaded, next: WhyAnalyses, at: string): void {
    writeTree(this.prepare, TREE, loaded.rows, next, {
      group: {
        same: (row, { group: analysis, position }) => sameAnalysis(row, analysis, position),
        insert: ({ group: analysis, position }) =>
          this.prepare(
            'INSERT INTO why_analyses (id, case_id, start_cause_id, question, position, direction, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          ).run(analysis.id, caseId, analysis.startCauseId, analysis.question, position, analysis.direction, at, at),
        update: ({ group: analysis, position }) =>
          this.prepare('UPDATE why_analyses SET start_cause_id = ?, question = ?, position = ?, direction = ?, updated_at = ? WHERE id = ?').run(
            analysis.startCauseId,
            analysis.question,
            position,
            analysis.direction,
            at,
            analysis.id,
          ),
      },
      node: {
        same: sameWhy,
        insert: (placed) =>
          this.prepare(
            `INSERT INTO whys (id, analysis_id, parent_id, position, answer, evidence, status, is_root_cause, stop_reason, stop_note, collapsed, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(placed.node.id, ...whyValues(placed), at, at),
        update: (placed) =>
          this.prepare(
            `UPDATE whys SET analysis_id = ?, parent_id = ?, position = ?, answer = ?, evidence = ?, status = ?, is_root_cause = ?, stop_reason = ?,
             stop_note = ?, collapsed = ?, updated_at = ? WHERE id = ?`,
          ).run(...whyValues(placed), at, placed.node.id),
      },
      deleteNode: 'DELETE FROM whys WHERE id = ?',
      deleteGroup: 'DELETE FROM why_analyses WHERE id = ?',
    });
  }
}

function whyValues({ node: why, groupId: analysisId, parentId, position }: PlacedWhy): unknown[] {
  return [
    analysisId,
    parentId,
    position,
    why.answer,
    why.evidence,
    why.status,
    why.isRootCause ? 1 : 0,
    why.stopReason ?? null,
    why.stopNote,
    why.collapsed ? 1 : 0,
  ];
}

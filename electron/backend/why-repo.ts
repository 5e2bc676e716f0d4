import type { Statement } from 'better-sqlite3';
import { CausewayError } from '../../shared/contract/errors';
import { applyWhyCommand, type WhyCommand } from '../../shared/domain/why-commands';
import type { Direction, StopReason, Why, WhyAnalyses, WhyAnalysis, WhyStatus } from '../../shared/domain/whys';
import { explainCaseMiss, touchCase } from './case-repo';
import type { Db } from './database';

/** Reads and writes a case's 5-Whys analyses: the analyses in `why_analyses` (ordered by
 *  `position` within the case), their whys in `whys` (a tree through `parent_id`, ordered by
 *  `position` within each sibling list). Every change is a WhyCommand, applied by the same pure
 *  function the editor runs; only the rows that differ are written. Built as FishboneRepo is. */

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
  collapsed: number;
}

interface PlacedWhy {
  why: Why;
  analysisId: string;
  parentId: string | null;
  position: number;
}

/** What apply() needs of the stored state: the analyses, and each row as stored (to diff against). */
interface Loaded {
  caseRow: CaseRow;
  analyses: WhyAnalysis[];
  analysisRows: Map<string, AnalysisRow>;
  whyRows: Map<string, WhyRow>;
}

const CASE_SELECT = 'SELECT revision, deleted_at FROM cases WHERE id = ?';
const ANALYSIS_SELECT = 'SELECT id, start_cause_id, question, position, direction FROM why_analyses WHERE case_id = ? ORDER BY position, id';
const WHY_SELECT = `SELECT w.id, w.analysis_id, w.parent_id, w.position, w.answer, w.evidence, w.status, w.is_root_cause, w.stop_reason, w.collapsed
  FROM why_analyses a JOIN whys w ON w.analysis_id = a.id WHERE a.case_id = ? ORDER BY w.analysis_id, w.parent_id, w.position, w.id`;

function toWhy(row: WhyRow): Why {
  return {
    id: row.id,
    answer: row.answer,
    evidence: row.evidence,
    status: row.status,
    isRootCause: row.is_root_cause === 1,
    stopReason: row.stop_reason ?? null,
    collapsed: row.collapsed === 1,
    children: [],
  };
}

/** Every why of the analyses with where it hangs, parents before their children. */
function placeWhys(analyses: WhyAnalyses): PlacedWhy[] {
  const out: PlacedWhy[] = [];
  const walk = (list: Why[], analysisId: string, parentId: string | null) => {
    list.forEach((why, position) => {
      out.push({ why, analysisId, parentId, position });
      walk(why.children, analysisId, why.id);
    });
  };
  for (const analysis of analyses) walk(analysis.whys, analysis.id, null);
  return out;
}

function sameAnalysis(row: AnalysisRow, analysis: WhyAnalysis, position: number): boolean {
  return (
    row.position === position &&
    (row.start_cause_id ?? null) === analysis.startCauseId &&
    row.question === analysis.question &&
    row.direction === analysis.direction
  );
}

function sameWhy(row: WhyRow, p: PlacedWhy): boolean {
  const w = p.why;
  return (
    row.analysis_id === p.analysisId &&
    row.parent_id === p.parentId &&
    row.position === p.position &&
    row.answer === w.answer &&
    row.evidence === w.evidence &&
    row.status === w.status &&
    row.is_root_cause === (w.isRootCause ? 1 : 0) &&
    (row.stop_reason ?? null) === (w.stopReason ?? null) &&
    row.collapsed === (w.collapsed ? 1 : 0)
  );
}

const duplicate = (id: string): CausewayError =>
  new CausewayError('validation', `Id ${id} is already used.`, { issues: [{ path: ['id'], reason: 'duplicate' }] });

const invalidStart = (id: string): CausewayError =>
  new CausewayError('validation', `No fishbone cause ${id} in this case to start an analysis from.`, {
    issues: [{ path: ['startCauseId'], reason: 'invalid_reference' }],
  });

export class WhyRepo {
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
  apply(caseId: string, command: WhyCommand): { revision: number } {
    return this.db.transaction(() => {
      const loaded = this.load(caseId, true);
      const { analyses } = applyWhyCommand(loaded.analyses, command);
      this.checkStartCauses(caseId, loaded, analyses);
      const at = this.now().toISOString();
      this.write(caseId, loaded, analyses, at);
      return { revision: touchCase(this.prepare, caseId, at) };
    })();
  }

  /** The stored analyses. With `live`, a missing or trashed case is refused as a write would be. */
  private load(caseId: string, live = false): Loaded {
    const caseRow = this.prepare(CASE_SELECT).get(caseId) as CaseRow | undefined;
    if (!caseRow || (live && caseRow.deleted_at !== null)) explainCaseMiss(this.prepare, caseId, -1);

    const analysisRows = new Map<string, AnalysisRow>();
    const analyses: WhyAnalysis[] = [];
    /** The lists a why can belong in: an analysis's top whys, or another why's answers. */
    const roots = new Map<string, Why[]>();
    const children = new Map<string, Why[]>();
    for (const row of this.prepare(ANALYSIS_SELECT).all(caseId) as AnalysisRow[]) {
      analysisRows.set(row.id, row);
      const analysis: WhyAnalysis = { id: row.id, startCauseId: row.start_cause_id ?? null, question: row.question, direction: row.direction, whys: [] };
      analyses.push(analysis);
      roots.set(row.id, analysis.whys);
    }

    const whyRows = new Map<string, WhyRow>();
    const rows = this.prepare(WHY_SELECT).all(caseId) as WhyRow[];
    const whys: Why[] = [];
    for (const row of rows) {
      const why = toWhy(row);
      whyRows.set(row.id, row);
      whys.push(why);
      children.set(row.id, why.children);
    }
    // Attached in row order, which is position order within each sibling list (a parent may come
    // after its children in the rows, hence the second pass).
    rows.forEach((row, i) => (row.parent_id === null ? roots.get(row.analysis_id) : children.get(row.parent_id))?.push(whys[i]!));

    return { caseRow, analyses, analysisRows, whyRows };
  }

  /** An analysis may only start from a fishbone cause of the same case. The pure function cannot
   *  know the fishbone, so every start cause that is new or changed is looked up here, before any
   *  write. (Stored ones stay valid: removing the cause sets them to null.) */
  private checkStartCauses(caseId: string, loaded: Loaded, next: WhyAnalyses): void {
    const causeOfCase = this.prepare('SELECT 1 FROM causes WHERE id = ? AND case_id = ?').pluck();
    for (const analysis of next) {
      const id = analysis.startCauseId;
      if (id === null || loaded.analysisRows.get(analysis.id)?.start_cause_id === id) continue;
      if (causeOfCase.get(id, caseId) === undefined) throw invalidStart(id);
    }
  }

  /** Writes the difference between the stored rows and `next`. Order matters for the foreign keys:
   *  new and changed analyses first; then whys parents-first (so a new or moved parent exists
   *  before its answers, and a surviving why is moved out of a removed subtree before that subtree
   *  goes); then removed whys (the top of each removed subtree: the rest cascades); last, removed
   *  analyses (their remaining whys, all removed ones, cascade). */
  private write(caseId: string, loaded: Loaded, next: WhyAnalyses, at: string): void {
    const { analysisRows, whyRows } = loaded;

    const keptAnalyses = new Set<string>();
    next.forEach((analysis, position) => {
      const row = analysisRows.get(analysis.id);
      if (!row) {
        try {
          this.prepare(
            'INSERT INTO why_analyses (id, case_id, start_cause_id, question, position, direction, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          ).run(analysis.id, caseId, analysis.startCauseId, analysis.question, position, analysis.direction, at, at);
        } catch (e) {
          throw isDuplicate(e) ? duplicate(analysis.id) : e;
        }
        return;
      }
      keptAnalyses.add(analysis.id);
      if (sameAnalysis(row, analysis, position)) return;
      this.prepare('UPDATE why_analyses SET start_cause_id = ?, question = ?, position = ?, direction = ?, updated_at = ? WHERE id = ?').run(
        analysis.startCauseId,
        analysis.question,
        position,
        analysis.direction,
        at,
        analysis.id,
      );
    });

    const keptWhys = new Set<string>();
    for (const placed of placeWhys(next)) {
      const { why } = placed;
      const row = whyRows.get(why.id);
      if (row) {
        keptWhys.add(why.id);
        if (sameWhy(row, placed)) continue;
        this.prepare(
          `UPDATE whys SET analysis_id = ?, parent_id = ?, position = ?, answer = ?, evidence = ?, status = ?, is_root_cause = ?, stop_reason = ?,
           collapsed = ?, updated_at = ? WHERE id = ?`,
        ).run(...whyValues(placed), at, why.id);
        continue;
      }
      try {
        this.prepare(
          `INSERT INTO whys (id, analysis_id, parent_id, position, answer, evidence, status, is_root_cause, stop_reason, collapsed, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(why.id, ...whyValues(placed), at, at);
      } catch (e) {
        throw isDuplicate(e) ? duplicate(why.id) : e;
      }
    }

    if (keptWhys.size < whyRows.size) {
      const remove = this.prepare('DELETE FROM whys WHERE id = ?');
      for (const row of whyRows.values()) {
        if (keptWhys.has(row.id)) continue;
        // Only the top of a removed subtree, and only where its analysis stays: the rest cascades.
        if (row.parent_id !== null && !keptWhys.has(row.parent_id)) continue;
        if (!keptAnalyses.has(row.analysis_id)) continue;
        remove.run(row.id);
      }
    }
    if (keptAnalyses.size < analysisRows.size) {
      const remove = this.prepare('DELETE FROM why_analyses WHERE id = ?');
      for (const id of analysisRows.keys()) if (!keptAnalyses.has(id)) remove.run(id);
    }
  }
}

function whyValues({ why, analysisId, parentId, position }: PlacedWhy): unknown[] {
  return [
    analysisId,
    parentId,
    position,
    why.answer,
    why.evidence,
    why.status,
    why.isRootCause ? 1 : 0,
    why.stopReason ?? null,
    why.collapsed ? 1 : 0,
  ];
}

function isDuplicate(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

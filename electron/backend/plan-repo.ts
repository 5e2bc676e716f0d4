import { CausewayError } from '../../shared/contract/errors';
import { applyPlanCommand, rootCausesToReopen, type PlanCommand } from '../../shared/domain/plan-commands';
import { refKey, type Action, type CasePlan, type RootCauseRef } from '../../shared/domain/plan';
import { expandRefs, rootCauseIndex, type RootCause } from '../../shared/domain/root-causes';
import { checkBase, explainCaseMiss, touchCase } from './case-repo';
import type { Db } from './database';
import { cachedPrepare, deleteIds, upsertRows, writeTransaction, type Prepare } from './sql';

/** Reads and writes a case's plan (steps 3-5): actions in `actions` with their root causes in
 *  `action_root_causes`, progress notes in `action_progress` and effectiveness checks in
 *  `effectiveness_checks`; customer feedback, lessons and improvements in their own tables. Every
 *  list is ordered by `position` (0..n-1 within the case, or within the action). Every change is a
 *  PlanCommand, applied by the same pure function the editor runs; only the rows that differ are
 *  written, in one transaction with the case's revision bump.
 *
 *  A command that leaves an effectiveness check `not_effective` which was not so before reopens the
 *  root causes of its action in the same transaction, in every place each was found (a fishbone
 *  cause and the 5-Whys answer that are one root cause both): fishbone causes go back to 'investigating',
 *  5-Whys answers to 'hypothesis' (their root-cause flags stay). This is not part of the plan
 *  command's inverse: undoing the check leaves the causes reopened; their old status does not come
 *  back. */

type Row = Record<string, unknown> & { id: string };

/** A table of one of the plan's lists: its columns besides id and the two stamps, in the order
 *  rowValues gives them. */
interface Table {
  name: string;
  /** The column naming the list a row belongs to (`case_id` or `action_id`). */
  owner: 'case_id' | 'action_id';
  columns: readonly string[];
}

const ACTIONS: Table = {
  name: 'actions',
  owner: 'case_id',
  columns: ['case_id', 'position', 'title', 'description', 'kind', 'owner', 'due_at', 'priority', 'impact', 'effort', 'expected_effect', 'status', 'cancel_reason', 'blocked'],
};
const PROGRESS: Table = { name: 'action_progress', owner: 'action_id', columns: ['action_id', 'position', 'at', 'note'] };
const CHECKS: Table = {
  name: 'effectiveness_checks',
  owner: 'action_id',
  columns: ['action_id', 'position', 'result', 'evidence', 'checked_at', 'checked_by'],
};
const FEEDBACK: Table = { name: 'customer_feedback', owner: 'case_id', columns: ['case_id', 'position', 'at', 'note'] };
const LESSONS: Table = {
  name: 'lessons',
  owner: 'case_id',
  columns: ['case_id', 'position', 'kind', 'text', 'applies_department', 'applies_touchpoint', 'applies_scenario'],
};
const IMPROVEMENTS: Table = { name: 'improvements', owner: 'case_id', columns: ['case_id', 'position', 'area', 'text'] };

/** The rows a plan is stored as, keyed by id (root causes apart: they have no id of their own). */
interface PlanRows {
  actions: Row[];
  progress: Row[];
  checks: Row[];
  feedback: Row[];
  lessons: Row[];
  improvements: Row[];
  /** Per action, its root causes in order. */
  rootCauses: Map<string, RootCauseRef[]>;
}

function toRows(caseId: string, plan: CasePlan): PlanRows {
  const rows: PlanRows = { actions: [], progress: [], checks: [], feedback: [], lessons: [], improvements: [], rootCauses: new Map() };
  plan.actions.forEach((a, position) => {
    rows.actions.push({
      id: a.id,
      case_id: caseId,
      position,
      title: a.title,
      description: a.description,
      kind: a.kind,
      owner: a.owner,
      due_at: a.dueAt,
      priority: a.priority,
      impact: a.impact,
      effort: a.effort,
      expected_effect: a.expectedEffect,
      // A blocked action is stored in progress with the blocked flag (see migration 4): every query
      // that counts open actions by their status column keeps counting it.
      status: a.status === 'blocked' ? 'in_progress' : a.status,
      cancel_reason: a.cancelReason,
      blocked: a.status === 'blocked' ? 1 : 0,
    });
    rows.rootCauses.set(a.id, a.rootCauses);
    a.progress.forEach((p, i) => rows.progress.push({ id: p.id, action_id: a.id, position: i, at: p.at, note: p.note }));
    a.checks.forEach((c, i) =>
      rows.checks.push({ id: c.id, action_id: a.id, position: i, result: c.result, evidence: c.evidence, checked_at: c.checkedAt, checked_by: c.checkedBy }),
    );
  });
  plan.feedback.forEach((f, position) => rows.feedback.push({ id: f.id, case_id: caseId, position, at: f.at, note: f.note }));
  plan.lessons.forEach((l, position) =>
    rows.lessons.push({
      id: l.id,
      case_id: caseId,
      position,
      kind: l.kind,
      text: l.text,
      applies_department: l.appliesDepartment,
      applies_touchpoint: l.appliesTouchpoint,
      applies_scenario: l.appliesScenario,
    }),
  );
  plan.improvements.forEach((x, position) => rows.improvements.push({ id: x.id, case_id: caseId, position, area: x.area, text: x.text }));
  return rows;
}

/** The plan the rows hold; the rows come in position order. */
function fromRows(rows: PlanRows): CasePlan {
  const actions: Action[] = rows.actions.map((r) => ({
    id: r.id,
    title: r.title as string,
    description: r.description as string,
    kind: r.kind as Action['kind'],
    owner: r.owner as string,
    dueAt: (r.due_at as string | null) ?? null,
    priority: r.priority as Action['priority'],
    impact: r.impact as Action['impact'],
    effort: r.effort as Action['effort'],
    expectedEffect: r.expected_effect as string,
    status: r.blocked === 1 ? 'blocked' : (r.status as Action['status']),
    cancelReason: r.cancel_reason as string,
    rootCauses: rows.rootCauses.get(r.id) ?? [],
    progress: [],
    checks: [],
  }));
  const byId = new Map(actions.map((a) => [a.id, a]));
  for (const r of rows.progress) byId.get(r.action_id as string)?.progress.push({ id: r.id, at: r.at as string, note: r.note as string });
  for (const r of rows.checks) {
    byId.get(r.action_id as string)?.checks.push({
      id: r.id,
      result: r.result as Action['checks'][number]['result'],
      evidence: r.evidence as string,
      checkedAt: r.checked_at as string,
      checkedBy: r.checked_by as string,
    });
  }
  return {
    actions,
    feedback: rows.feedback.map((r) => ({ id: r.id, at: (r.at as string | null) ?? null, note: r.note as string })),
    lessons: rows.lessons.map((r) => ({
      id: r.id,
      kind: r.kind as CasePlan['lessons'][number]['kind'],
      text: r.text as string,
      appliesDepartment: r.applies_department as string,
      appliesTouchpoint: (r.applies_touchpoint as CasePlan['lessons'][number]['appliesTouchpoint']) ?? null,
      appliesScenario: (r.applies_scenario as CasePlan['lessons'][number]['appliesScenario']) ?? null,
    })),
    improvements: rows.improvements.map((r) => ({ id: r.id, area: r.area as CasePlan['improvements'][number]['area'], text: r.text as string })),
  };
}

const sameRefs = (a: readonly RootCauseRef[], b: readonly RootCauseRef[]) => a.length === b.length && a.every((r, i) => refKey(r) === refKey(b[i]!));

const invalidReference = (ref: RootCauseRef): CausewayError =>
  new CausewayError('validation', `No ${ref.source === 'fishbone' ? 'fishbone cause' : '5-Whys answer'} ${ref.id} in this case.`, {
    issues: [{ path: ['rootCauses'], reason: 'invalid_reference' }],
  });

/** What apply() needs of the stored state: the plan, and each row as stored (to diff against). */
interface Loaded {
  revision: number;
  plan: CasePlan;
  rows: PlanRows;
}

export class PlanRepo {
  private readonly prepare: Prepare;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
    /** The case's distinct root causes: a reopened root cause is reopened in every place it was found. */
    private readonly distinct: (caseId: string) => RootCause[] = () => [],
  ) {
    this.prepare = cachedPrepare(db);
  }

  /** The plan of a case and the case's revision. A case in the trash can still be read. */
  get(caseId: string): { plan: CasePlan; revision: number } {
    return this.db.transaction(() => {
      const { plan, revision } = this.load(caseId);
      return { plan, revision };
    })();
  }

  /** Applies one command in one transaction and returns the case's new revision. A command the plan
   *  refuses (`not_found`, `validation`), a root cause that is not a fishbone cause or a 5-Whys
   *  answer of this case (`invalid_reference`), and a missing or trashed case change nothing. */
  apply(caseId: string, command: PlanCommand, base?: number): { revision: number } {
    return this.db.transaction(() => {
      checkBase(this.prepare, caseId, base);
      const loaded = this.load(caseId, true);
      const { plan } = applyPlanCommand(loaded.plan, command);
      const next = toRows(caseId, plan);
      this.checkRootCauses(caseId, loaded.rows, next);
      const at = this.now().toISOString();
      this.write(loaded.rows, next, at);
      const reopened = rootCausesToReopen(loaded.plan, plan);
      this.reopen(caseId, reopened.length ? expandRefs(reopened, rootCauseIndex(this.distinct(caseId))) : [], at);
      return { revision: touchCase(this.prepare, caseId, at, base) };
    }).immediate();
  }

  /** Several commands applied in memory (each checked as `apply` checks it) and written at once:
   *  how an imported case's whole plan is stored. Unlike `apply`, a "not effective" check reopens
   *  nothing: what is stored is a plan as it already was, with the statuses it already had.
   *  `fresh`: the case was (re)created in this transaction and has no plan rows yet (an imported
   *  case, see storeDocument): nothing is read back to compare with. */
  store(caseId: string, commands: readonly PlanCommand[], { fresh = false } = {}): { revision: number } {
    return writeTransaction(this.db, () => {
      const loaded = this.load(caseId, true, fresh);
      let plan = loaded.plan;
      for (const command of commands) plan = applyPlanCommand(plan, command).plan;
      const next = toRows(caseId, plan);
      this.checkRootCauses(caseId, loaded.rows, next);
      const at = this.now().toISOString();
      this.write(loaded.rows, next, at);
      return { revision: touchCase(this.prepare, caseId, at) };
    });
  }

  /** The stored plan. With `live`, a missing or trashed case is refused as a write would be. */
  private load(caseId: string, live = false, fresh = false): Loaded {
    const caseRow = this.prepare('SELECT revision, deleted_at FROM cases WHERE id = ?').get(caseId) as { revision: number; deleted_at: string | null } | undefined;
    if (!caseRow || (live && caseRow.deleted_at !== null)) explainCaseMiss(this.prepare, caseId, -1);
    if (fresh) {
      const rows: PlanRows = { actions: [], progress: [], checks: [], feedback: [], lessons: [], improvements: [], rootCauses: new Map() };
      return { revision: caseRow.revision, plan: fromRows(rows), rows };
    }

    const ofCase = (t: Table) => this.prepare(`SELECT id, ${t.columns.join(', ')} FROM ${t.name} WHERE case_id = ? ORDER BY position, id`).all(caseId) as Row[];
    const ofActions = (t: Table) =>
      this.prepare(
        `SELECT ${['id', ...t.columns].map((c) => `x.${c}`).join(', ')} FROM actions a JOIN ${t.name} x ON x.action_id = a.id
         WHERE a.case_id = ? ORDER BY x.action_id, x.position, x.id`,
      ).all(caseId) as Row[];

    const rootCauses = new Map<string, RootCauseRef[]>();
    const refRows = this.prepare(
      `SELECT r.action_id, r.cause_id, r.why_id FROM actions a JOIN action_root_causes r ON r.action_id = a.id
       WHERE a.case_id = ? ORDER BY r.action_id, r.position`,
    ).all(caseId) as { action_id: string; cause_id: string | null; why_id: string | null }[];
    for (const r of refRows) {
      const list = rootCauses.get(r.action_id) ?? [];
      list.push(r.cause_id !== null ? { source: 'fishbone', id: r.cause_id } : { source: 'whys', id: r.why_id! });
      rootCauses.set(r.action_id, list);
    }

    const rows: PlanRows = {
      actions: ofCase(ACTIONS),
      progress: ofActions(PROGRESS),
      checks: ofActions(CHECKS),
      feedback: ofCase(FEEDBACK),
      lessons: ofCase(LESSONS),
      improvements: ofCase(IMPROVEMENTS),
      rootCauses,
    };
    return { revision: caseRow.revision, plan: fromRows(rows), rows };
  }

  /** A root cause must be a fishbone cause or a 5-Whys answer of the same case. The pure function
   *  cannot know them, so every ref an action did not already hold is looked up here, before any
   *  write. (Stored ones stay valid: removing the cause or the why removes the ref with it.) */
  private checkRootCauses(caseId: string, stored: PlanRows, next: PlanRows): void {
    const causeOfCase = this.prepare('SELECT 1 FROM causes WHERE id = ? AND case_id = ?').pluck();
    const whyOfCase = this.prepare('SELECT 1 FROM whys w JOIN why_analyses a ON a.id = w.analysis_id WHERE w.id = ? AND a.case_id = ?').pluck();
    for (const [actionId, refs] of next.rootCauses) {
      const held = new Set((stored.rootCauses.get(actionId) ?? []).map(refKey));
      for (const ref of refs) {
        if (held.has(refKey(ref))) continue;
        const lookup = ref.source === 'fishbone' ? causeOfCase : whyOfCase;
        if (lookup.get(ref.id, caseId) === undefined) throw invalidReference(ref);
      }
    }
  }

  /** Writes the difference between the stored rows and `next`. Order matters for the foreign keys:
   *  actions first (a new action exists before its notes, checks and root causes); then the rows
   *  inside actions; last, removed actions (their notes, checks and root causes cascade). */
  private write(stored: PlanRows, next: PlanRows, at: string): void {
    const keptActions = this.sync(ACTIONS, stored.actions, next.actions, at, false);
    for (const [actionId, refs] of next.rootCauses) {
      const before = stored.rootCauses.get(actionId);
      if (before && sameRefs(before, refs)) continue;
      if (before?.length) this.prepare('DELETE FROM action_root_causes WHERE action_id = ?').run(actionId);
      const insert = this.prepare('INSERT INTO action_root_causes (action_id, cause_id, why_id, position) VALUES (?, ?, ?, ?)');
      refs.forEach((ref, position) => insert.run(actionId, ref.source === 'fishbone' ? ref.id : null, ref.source === 'whys' ? ref.id : null, position));
    }
    // Rows of a removed action need no delete of their own.
    this.sync(PROGRESS, stored.progress, next.progress, at, true, keptActions);
    this.sync(CHECKS, stored.checks, next.checks, at, true, keptActions);
    this.sync(FEEDBACK, stored.feedback, next.feedback, at, true);
    this.sync(LESSONS, stored.lessons, next.lessons, at, true);
    this.sync(IMPROVEMENTS, stored.improvements, next.improvements, at, true);
    this.removeMissing(ACTIONS, stored.actions, keptActions);
  }

  /** Inserts the new rows of a table and updates the changed ones; with `remove`, deletes the rows
   *  that are gone (those of an owner still kept, when `owners` is given). Returns the kept ids. */
  private sync(table: Table, stored: Row[], next: Row[], at: string, remove: boolean, owners?: Set<string>): Set<string> {
    const values = (row: Row) => table.columns.map((c) => row[c]);
    const kept = upsertRows(next, new Map(stored.map((r) => [r.id, r])), (row) => row.id, {
      same: (old, row) => table.columns.every((c) => old[c] === row[c]),
      insert: (row) =>
        this.prepare(
          `INSERT INTO ${table.name} (id, ${table.columns.join(', ')}, created_at, updated_at) VALUES (${['id', ...table.columns].map(() => '?').join(', ')}, ?, ?)`,
        ).run(row.id, ...values(row), at, at),
      update: (row) =>
        this.prepare(`UPDATE ${table.name} SET ${table.columns.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`).run(...values(row), at, row.id),
    });
    if (remove) this.removeMissing(table, stored, kept, owners);
    return kept;
  }

  private removeMissing(table: Table, stored: Row[], kept: Set<string>, owners?: Set<string>): void {
    const gone = stored.filter((row) => !kept.has(row.id) && (!owners || owners.has(row[table.owner] as string)));
    deleteIds(this.prepare, `DELETE FROM ${table.name} WHERE id = ?`, gone.map((row) => row.id));
  }

  /** Reopens root causes an action's check found not effective: a fishbone cause goes back to
   *  'investigating', a 5-Whys answer to 'hypothesis'. Only rows whose status changes are written. */
  private reopen(caseId: string, refs: RootCauseRef[], at: string): void {
    if (refs.length === 0) return;
    const cause = this.prepare(`UPDATE causes SET status = 'investigating', updated_at = ? WHERE id = ? AND case_id = ? AND status <> 'investigating'`);
    const why = this.prepare(
      `UPDATE whys SET status = 'hypothesis', updated_at = ? WHERE id = ? AND status <> 'hypothesis'
       AND analysis_id IN (SELECT id FROM why_analyses WHERE case_id = ?)`,
    );
    for (const ref of refs) (ref.source === 'fishbone' ? cause : why).run(at, ref.id, caseId);
  }
}

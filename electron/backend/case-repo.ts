import { randomUUID } from 'node:crypto';
import {
  type CaseDetail,
  type CaseFields,
  type CasePage,
  type CasePatch,
  type CaseQuery,
  type CaseRecord,
  type CaseSort,
  type CaseSummary,
  type TimelineEvent,
  type TimelineEventFields,
} from '../../shared/domain/case';
import { LIMITS, STEPS, TOUCHPOINTS } from '../../shared/domain/vocabulary';
import { CausewayError } from '../../shared/contract/errors';
import type { Db } from './database';
import { indexCase } from './search/search-index';
import { cachedPrepare, type Prepare } from './sql';
import { titleOrder, type TitleOrder } from './title-order';

type Row = Record<string, unknown>;

/** Domain field -> column. Tags live in their own table and are handled apart. */
const COLUMNS: Record<Exclude<keyof CaseFields, 'tags'>, string> = {
  title: 'title',
  problem: 'problem',
  customerExperience: 'customer_experience',
  customerImpact: 'customer_impact',
  occurredAt: 'occurred_at',
  detectedAt: 'detected_at',
  resolvedAt: 'resolved_at',
  location: 'location',
  department: 'department',
  severity: 'severity',
  scenarioType: 'scenario_type',
  motFailure: 'mot_failure',
  touchpoint: 'touchpoint',
  reporter: 'reporter',
  facilitator: 'facilitator',
  participants: 'participants',
  step: 'step',
  status: 'status',
  summary: 'summary',
  followUpAt: 'follow_up_at',
  closeReason: 'close_reason',
  reference: 'reference',
  notes: 'notes',
};

const CASE_SELECT = `SELECT id, title, problem, customer_experience, customer_impact, occurred_at, detected_at, resolved_at,
  location, department, severity, scenario_type, mot_failure, touchpoint, reporter, facilitator, participants,
  step, status, summary, follow_up_at, close_reason, reference, notes, template_id, revision, created_at, updated_at, deleted_at FROM cases`;

const SORT_SQL: Record<Exclude<CaseSort, 'title_asc'>, string> = {
  updated_desc: 'c.updated_at DESC, c.id',
  updated_asc: 'c.updated_at ASC, c.id',
  occurred_desc: 'c.occurred_at IS NULL, c.occurred_at DESC, c.id',
  severity_desc: `CASE c.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, c.updated_at DESC, c.id`,
};

function toCase(row: Row, tags: string[]): CaseRecord {
  return {
    id: row.id as string,
    title: row.title as string,
    problem: row.problem as string,
    customerExperience: row.customer_experience as string,
    customerImpact: row.customer_impact as string,
    occurredAt: (row.occurred_at as string | null) ?? null,
    detectedAt: (row.detected_at as string | null) ?? null,
    resolvedAt: (row.resolved_at as string | null) ?? null,
    location: row.location as string,
    department: row.department as string,
    severity: row.severity as CaseRecord['severity'],
    scenarioType: row.scenario_type as CaseRecord['scenarioType'],
    motFailure: row.mot_failure as CaseRecord['motFailure'],
    touchpoint: (row.touchpoint as CaseRecord['touchpoint']) ?? null,
    reporter: row.reporter as string,
    facilitator: row.facilitator as string,
    participants: JSON.parse(row.participants as string) as string[],
    tags,
    step: row.step as CaseRecord['step'],
    status: row.status as CaseRecord['status'],
    summary: row.summary as string,
    followUpAt: (row.follow_up_at as string | null) ?? null,
    closeReason: row.close_reason as string,
    reference: row.reference as string,
    notes: row.notes as string,
    templateId: (row.template_id as string | null) ?? null,
    revision: row.revision as number,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
    deletedAt: (row.deleted_at as string | null) ?? null,
  };
}

function toEvent(row: Row): TimelineEvent {
  return {
    id: row.id as string,
    caseId: row.case_id as string,
    position: row.position as number,
    at: (row.at as string | null) ?? null,
    description: row.description as string,
    kind: row.kind as TimelineEvent['kind'],
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
  };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Why a write found no live row for a case: it does not exist (not_found), it is in the trash
 *  (conflict 'trashed'), or it is at another revision than the one named (conflict 'stale'). */
export function explainCaseMiss(stmt: Prepare, id: string, revision: number): never {
  const row = stmt('SELECT revision, deleted_at FROM cases WHERE id = ?').get(id) as Row | undefined;
  if (!row) throw new CausewayError('not_found', `No case ${id}.`);
  if (row.deleted_at) throw new CausewayError('conflict', `Case ${id} is in the trash.`, { reason: 'trashed' });
  throw new CausewayError('conflict', `Case ${id} is at revision ${row.revision}, not ${revision}.`, { reason: 'stale' });
}

/** Every change to a case's content moves its revision on, so other editors see it is stale.
 *  Refuses a missing or trashed case. Returns the new revision. Call it inside the write's transaction. */
export function touchCase(stmt: Prepare, caseId: string, at: string, base?: number): number {
  const row = stmt(
    'UPDATE cases SET revision = revision + 1, updated_at = ? WHERE id = ? AND deleted_at IS NULL AND (? IS NULL OR revision = ?) RETURNING revision',
  ).get(at, caseId, base ?? null, base ?? null) as { revision: number } | undefined;
  if (!row) explainCaseMiss(stmt, caseId, base ?? -1);
  // Every repository's write ends here, so the search index follows each one in its transaction.
  indexCase(stmt, caseId);
  return row.revision;
}

/** Refuses a write based on another revision than the case's (or on a missing or trashed case)
 *  before any of it is worked out, so a stale edit is reported as stale rather than as whatever
 *  it trips over in the newer document. No base (a one-shot caller) checks only that the case is live. */
export function checkBase(stmt: Prepare, caseId: string, base: number | undefined): void {
  const row = stmt('SELECT revision, deleted_at FROM cases WHERE id = ?').get(caseId) as Row | undefined;
  if (!row || row.deleted_at !== null || (base !== undefined && row.revision !== base)) explainCaseMiss(stmt, caseId, base ?? -1);
}

/** All reads and writes of cases and their timelines. Multi-row writes run in one transaction. */
export class CaseRepo {
  private readonly stmt: Prepare;
  private readonly prepare: Prepare;
  private readonly titles: TitleOrder;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.stmt = this.prepare = cachedPrepare(db);
    this.titles = titleOrder(db);
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  /** A page of the library. Each row counts its overdue actions (open, due before the clock's now);
   *  the count is a subquery of the page's select, so it is computed for the page's rows only. Due
   *  dates are compared as instants (julianday), not as text: they may carry any offset. */
  list(query: Required<Omit<CaseQuery, 'step' | 'status' | 'severity' | 'scenarioType' | 'tag' | 'language'>> & CaseQuery): CasePage {
    const where: string[] = [query.trashed ? 'c.deleted_at IS NOT NULL' : 'c.deleted_at IS NULL'];
    const params: unknown[] = [];
    const search = query.search.trim();
    if (search) {
      where.push(`c.title LIKE ? ESCAPE '\\'`);
      params.push(`%${escapeLike(search)}%`);
    }
    for (const [field, column] of [
      ['status', 'status'],
      ['severity', 'severity'],
      ['scenarioType', 'scenario_type'],
    ] as const) {
      const value = query[field];
      if (value) {
        where.push(`c.${column} = ?`);
        params.push(value);
      }
    }
    if (query.tag) {
      // Part of a tag, in any case: "log" finds "Logistics" (SQLite's LIKE folds ASCII case; Chinese has none).
      where.push(`c.id IN (SELECT case_id FROM case_tags WHERE tag LIKE ? ESCAPE '\\')`);
      params.push(`%${escapeLike(query.tag)}%`);
    }
    const baseWhere = where.join(' AND ');
    const stepWhere = query.step ? `${baseWhere} AND c.step = ?` : baseWhere;
    const stepParams = query.step ? [...params, query.step] : params;

    // The page is chosen first (from the list index alone), then its tags and overdue counts are
    // looked up: a sort that is not the index's order would otherwise run the lookups for every row
    // that passes through the sorter, not only for the page's rows.
    const pageColumns = `SELECT c.*, (SELECT json_group_array(tag) FROM case_tags t WHERE t.case_id = c.id) AS tags,
        (SELECT count(*) FROM actions a WHERE a.case_id = c.id AND a.status IN ('planned', 'in_progress')
          AND a.due_at IS NOT NULL AND julianday(a.due_at) < julianday(?)) AS overdue_actions
       FROM (SELECT c.id, c.title, c.step, c.status, c.severity, c.scenario_type, c.mot_failure, c.department, c.occurred_at,
          c.updated_at, c.deleted_at FROM cases c WHERE`;
    let rows: Row[];
    if (query.sort === 'title_asc') {
      // The language's collation is not SQLite's: the matching ids come from the index, the page
      // from their cached ranks.
      const ids = this.stmt(`SELECT c.id FROM cases c WHERE ${stepWhere}`).pluck(true).all(...stepParams) as string[];
      const pageIds = this.titles.page(query.language ?? 'en', ids, query.offset, query.limit);
      const byId = new Map(
        (this.stmt(`${pageColumns} c.id IN (SELECT value FROM json_each(?))) c`).all(this.stamp(), JSON.stringify(pageIds)) as Row[]).map((r) => [r.id, r]),
      );
      rows = pageIds.map((id) => byId.get(id)!);
    } else {
      rows = this.stmt(`${pageColumns} ${stepWhere} ORDER BY ${SORT_SQL[query.sort]} LIMIT ? OFFSET ?) c ORDER BY ${SORT_SQL[query.sort]}`).all(
        this.stamp(),
        ...stepParams,
        query.limit,
        query.offset,
      ) as Row[];
    }

    const counts = this.stmt(`SELECT c.step AS step, count(*) AS n FROM cases c WHERE ${baseWhere} GROUP BY c.step`).all(
      ...params,
    ) as { step: CaseSummary['step']; n: number }[];
    const countsByStep = Object.fromEntries(STEPS.map((s) => [s, 0])) as CasePage['countsByStep'];
    for (const c of counts) countsByStep[c.step] = c.n;
    const total = query.step ? countsByStep[query.step] : counts.reduce((sum, c) => sum + c.n, 0);
    const trashCount = (this.stmt('SELECT count(*) AS n FROM cases WHERE deleted_at IS NOT NULL').get() as { n: number }).n;

    return {
      items: rows.map((r) => ({
        id: r.id as string,
        title: r.title as string,
        step: r.step as CaseSummary['step'],
        status: r.status as CaseSummary['status'],
        severity: r.severity as CaseSummary['severity'],
        scenarioType: r.scenario_type as CaseSummary['scenarioType'],
        motFailure: r.mot_failure as CaseSummary['motFailure'],
        department: r.department as string,
        occurredAt: (r.occurred_at as string | null) ?? null,
        updatedAt: r.updated_at as string,
        deletedAt: (r.deleted_at as string | null) ?? null,
        tags: (JSON.parse(r.tags as string) as string[]).sort(),
        overdueActions: r.overdue_actions as number,
      })),
      total,
      countsByStep,
      trashCount,
    };
  }

  /** Tags in use on live cases, most used first: the tag filter's suggestions. */
  tags(limit = 500): { tag: string; count: number }[] {
    return this.stmt(
      `SELECT t.tag AS tag, count(*) AS count FROM case_tags t JOIN cases c ON c.id = t.case_id
       WHERE c.deleted_at IS NULL GROUP BY t.tag ORDER BY count DESC, t.tag LIMIT ?`,
    ).all(limit) as { tag: string; count: number }[];
  }

  /** Touchpoints typed by the organisation (not one of the fixed journeys') on live cases, most
   *  used first: the touchpoint field offers them again. */
  ownTouchpoints(limit = 200): string[] {
    const fixed = TOUCHPOINTS.map(() => '?').join(', ');
    return this.stmt(
      `SELECT touchpoint FROM cases WHERE deleted_at IS NULL AND touchpoint IS NOT NULL AND touchpoint NOT IN (${fixed})
       GROUP BY touchpoint ORDER BY count(*) DESC, touchpoint LIMIT ?`,
    )
      .pluck(true)
      .all(...TOUCHPOINTS, limit) as string[];
  }

  private tagsOf(id: string): string[] {
    return (this.stmt('SELECT tag FROM case_tags WHERE case_id = ? ORDER BY tag').all(id) as { tag: string }[]).map((r) => r.tag);
  }

  getCase(id: string): CaseRecord {
    const row = this.stmt(`${CASE_SELECT} WHERE id = ?`).get(id) as Row | undefined;
    if (!row) throw new CausewayError('not_found', `No case ${id}.`);
    return toCase(row, this.tagsOf(id));
  }

  timeline(caseId: string): TimelineEvent[] {
    return (this.stmt('SELECT * FROM timeline_events WHERE case_id = ? ORDER BY position').all(caseId) as Row[]).map(toEvent);
  }

  get(id: string): CaseDetail {
    return this.db.transaction(() => ({ case: this.getCase(id), timeline: this.timeline(id) }))();
  }

  create(fields: CaseFields, timeline: TimelineEventFields[] = [], id: string = randomUUID(), templateId: string | null = null): CaseDetail {
    return this.db.transaction(() => {
      const at = this.stamp();
      const columns = Object.values(COLUMNS);
      this.stmt(
        `INSERT INTO cases (id, ${columns.join(', ')}, template_id, revision, created_at, updated_at)
         VALUES (?, ${columns.map(() => '?').join(', ')}, ?, 0, ?, ?)`,
      ).run(id, ...Object.keys(COLUMNS).map((k) => this.column(k as keyof typeof COLUMNS, fields)), templateId, at, at);
      this.writeTags(id, fields.tags);
      this.titles.invalidate();
      const insert = this.stmt(
        'INSERT INTO timeline_events (id, case_id, position, at, description, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      timeline.forEach((e, i) => insert.run(randomUUID(), id, i, e.at, e.description, e.kind, at, at));
      indexCase(this.stmt, id);
      return this.get(id);
    }).immediate();
  }

  /** Several cases in one transaction: all of them are stored, or none. */
  createMany(items: readonly { fields: CaseFields; timeline?: TimelineEventFields[] }[]): CaseDetail[] {
    return this.db.transaction(() => items.map((item) => this.create(item.fields, item.timeline))).immediate();
  }

  /** Whether a case with this id is stored (live or trashed). */
  exists(id: string): boolean {
    return this.stmt('SELECT 1 FROM cases WHERE id = ?').get(id) !== undefined;
  }

  /** Ids of every live (not trashed) case, oldest first: what a whole-library case file holds. */
  liveIds(): string[] {
    return this.stmt('SELECT id FROM cases WHERE deleted_at IS NULL ORDER BY created_at, id').pluck().all() as string[];
  }

  /** Stores a case exactly as given (its id, its timeline's ids and dates), for a case file being
   *  imported; a case with the same id is replaced, everything under it included (the foreign keys
   *  cascade). Diagrams, analyses and the plan are stored after it through their repositories; the
   *  caller runs it all in one transaction and ends with `setStamps`. */
  storeExact(record: CaseRecord, timeline: readonly TimelineEvent[]): void {
    const { id, templateId, revision: _r, createdAt, updatedAt, deletedAt: _d, ...fields } = record;
    this.stmt('DELETE FROM cases WHERE id = ?').run(id);
    const columns = Object.values(COLUMNS);
    this.stmt(
      `INSERT INTO cases (id, ${columns.join(', ')}, template_id, revision, created_at, updated_at)
       VALUES (?, ${columns.map(() => '?').join(', ')}, ?, 0, ?, ?)`,
    ).run(id, ...Object.keys(COLUMNS).map((k) => this.column(k as keyof typeof COLUMNS, fields)), templateId, createdAt, updatedAt);
    this.writeTags(id, fields.tags);
    this.titles.invalidate();
    const insert = this.stmt(
      'INSERT INTO timeline_events (id, case_id, position, at, description, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    timeline.forEach((e, i) => insert.run(e.id, id, i, e.at, e.description, e.kind, e.createdAt, e.updatedAt));
  }

  /** Sets a stored case's revision, dates and trash state as given (the last step of `storeExact`). */
  setStamps(id: string, stamps: Pick<CaseRecord, 'revision' | 'createdAt' | 'updatedAt' | 'deletedAt'>): void {
    this.stmt('UPDATE cases SET revision = ?, created_at = ?, updated_at = ?, deleted_at = ? WHERE id = ?').run(
      stamps.revision,
      stamps.createdAt,
      stamps.updatedAt,
      stamps.deletedAt,
      id,
    );
    // A case stored as trashed leaves the index (see caseDocs).
    if (stamps.deletedAt) indexCase(this.stmt, id);
  }

  private column(key: keyof typeof COLUMNS, fields: Partial<CaseFields>): unknown {
    const value = fields[key];
    return key === 'participants' ? JSON.stringify(value ?? []) : value;
  }

  private writeTags(id: string, tags: string[]): void {
    this.stmt('DELETE FROM case_tags WHERE case_id = ?').run(id);
    const insert = this.stmt('INSERT OR IGNORE INTO case_tags (case_id, tag) VALUES (?, ?)');
    for (const tag of tags) insert.run(id, tag.trim());
  }

  /** Optimistic concurrency: the caller names the revision it edited; a stale one is a conflict. */
  update(id: string, revision: number, patch: CasePatch): CaseRecord {
    return this.db.transaction(() => {
      if (patch.status === 'closed') this.checkClosing(id, revision, patch);
      const keys = (Object.keys(patch) as (keyof CaseFields)[]).filter((k) => k !== 'tags' && patch[k] !== undefined) as (keyof typeof COLUMNS)[];
      const sets = keys.map((k) => `${COLUMNS[k]} = ?`);
      const result = this.stmt(
        `UPDATE cases SET ${[...sets, 'revision = revision + 1', 'updated_at = ?'].join(', ')} WHERE id = ? AND revision = ? AND deleted_at IS NULL`,
      ).run(...keys.map((k) => this.column(k, patch)), this.stamp(), id, revision);
      if (result.changes === 0) this.explainMiss(id, revision);
      if (patch.tags) this.writeTags(id, patch.tags);
      if (patch.title !== undefined) this.titles.invalidate();
      indexCase(this.stmt, id);
      return this.getCase(id);
    }).immediate();
  }

  /** Closing a case whose actions are not all finished (planned, in progress, or done but not yet
   *  verified) needs a reason: one already stored, or one in the same patch. Only the change to
   *  'closed' is checked; a missing, trashed or stale case is left to the update to explain. */
  private checkClosing(id: string, revision: number, patch: CasePatch): void {
    const row = this.stmt('SELECT status, close_reason, revision, deleted_at FROM cases WHERE id = ?').get(id) as Row | undefined;
    if (!row || row.revision !== revision || row.deleted_at !== null || row.status === 'closed') return;
    if ((patch.closeReason ?? (row.close_reason as string)).trim() !== '') return;
    const unfinished = this.stmt(`SELECT 1 FROM actions WHERE case_id = ? AND status IN ('planned', 'in_progress', 'done') LIMIT 1`).get(id);
    if (unfinished) {
      throw new CausewayError('validation', 'Closing a case with unfinished actions needs a reason.', {
        issues: [{ path: ['closeReason'], reason: 'close_reason_required' }],
      });
    }
  }

  private explainMiss(id: string, revision: number): never {
    return explainCaseMiss(this.prepare, id, revision);
  }

  private touch(caseId: string, base?: number): number {
    return touchCase(this.prepare, caseId, this.stamp(), base);
  }

  trash(id: string): CaseRecord {
    return this.setDeleted(id, this.stamp());
  }

  restore(id: string): CaseRecord {
    return this.setDeleted(id, null);
  }

  private setDeleted(id: string, deletedAt: string | null): CaseRecord {
    return this.db.transaction(() => {
      const r = this.stmt('UPDATE cases SET deleted_at = ?, revision = revision + 1, updated_at = ? WHERE id = ?').run(deletedAt, this.stamp(), id);
      if (r.changes === 0) throw new CausewayError('not_found', `No case ${id}.`);
      // The index holds no case in the trash: trashing takes its documents out, restoring puts them back.
      indexCase(this.stmt, id);
      return this.getCase(id);
    }).immediate();
  }

  emptyTrash(): number {
    this.titles.invalidate();
    return this.db.transaction(() => this.stmt('DELETE FROM cases WHERE deleted_at IS NOT NULL').run().changes).immediate();
  }

  private eventRow(id: string): TimelineEvent {
    const row = this.stmt('SELECT * FROM timeline_events WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new CausewayError('not_found', `No timeline event ${id}.`);
    return toEvent(row);
  }

  addEvent(caseId: string, fields: TimelineEventFields, index?: number, id: string = randomUUID(), base?: number): { revision: number; event: TimelineEvent } {
    return this.db.transaction(() => {
      const revision = this.touch(caseId, base);
      const count = (this.stmt('SELECT count(*) AS n FROM timeline_events WHERE case_id = ?').get(caseId) as { n: number }).n;
      if (count >= LIMITS.timelineEvents) throw new CausewayError('validation', 'Too many timeline events.', { reason: 'too_many' });
      const position = Math.min(index ?? count, count);
      if (this.stmt('SELECT 1 FROM timeline_events WHERE id = ?').get(id)) throw new CausewayError('conflict', `Timeline event ${id} exists.`, { reason: 'exists' });
      this.stmt('UPDATE timeline_events SET position = position + 1 WHERE case_id = ? AND position >= ?').run(caseId, position);
      const at = this.stamp();
      this.stmt(
        'INSERT INTO timeline_events (id, case_id, position, at, description, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(id, caseId, position, fields.at, fields.description, fields.kind, at, at);
      indexCase(this.stmt, caseId);
      return { revision, event: this.eventRow(id) };
    }).immediate();
  }

  updateEvent(id: string, patch: Partial<TimelineEventFields>, base?: number): { revision: number; event: TimelineEvent } {
    return this.db.transaction(() => {
      const event = this.eventRow(id);
      const revision = this.touch(event.caseId, base);
      const keys = (['at', 'description', 'kind'] as const).filter((k) => patch[k] !== undefined);
      this.stmt(`UPDATE timeline_events SET ${[...keys.map((k) => `${k} = ?`), 'updated_at = ?'].join(', ')} WHERE id = ?`).run(
        ...keys.map((k) => patch[k]),
        this.stamp(),
        id,
      );
      indexCase(this.stmt, event.caseId);
      return { revision, event: this.eventRow(id) };
    }).immediate();
  }

  moveEvent(id: string, toIndex: number, base?: number): { revision: number; timeline: TimelineEvent[] } {
    return this.db.transaction(() => {
      const event = this.eventRow(id);
      const revision = this.touch(event.caseId, base);
      const order = this.timeline(event.caseId).filter((e) => e.id !== id);
      order.splice(Math.min(toIndex, order.length), 0, event);
      this.renumber(order);
      return { revision, timeline: this.timeline(event.caseId) };
    }).immediate();
  }

  removeEvent(id: string, base?: number): { revision: number; timeline: TimelineEvent[] } {
    return this.db.transaction(() => {
      const event = this.eventRow(id);
      const revision = this.touch(event.caseId, base);
      this.stmt('DELETE FROM timeline_events WHERE id = ?').run(id);
      this.renumber(this.timeline(event.caseId));
      indexCase(this.stmt, event.caseId);
      return { revision, timeline: this.timeline(event.caseId) };
    }).immediate();
  }

  private renumber(order: TimelineEvent[]): void {
    const set = this.stmt('UPDATE timeline_events SET position = ? WHERE id = ? AND position <> ?');
    order.forEach((e, i) => set.run(i, e.id, i));
  }
}

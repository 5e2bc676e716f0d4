/** Upgrading a library written by an earlier build. The migration list is the one thing replaced
 *  here: the tests start as today's build (every shipped migration), then "upgrade" to a build that
 *  also ships one more; and start as the build that shipped migration 1 only, then upgrade to
 *  today's migration 2. Every database operation runs on real SQLite files. */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listBackups } from '../../electron/backend/backups';
import { Library } from '../../electron/backend/library';
import { LATEST_VERSION, MIGRATIONS, type Migration } from '../../electron/backend/migrations';
import { defaultCauseFields } from '../../shared/domain/fishbone';
import { CASE_TEMPLATES } from '../../shared/domain/templates';
import { dumpDatabase, manualClock, sha256, useBackend, withConnection } from '../support/backend';

vi.mock('../../electron/backend/migrations', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../electron/backend/migrations')>();
  const list = [...real.MIGRATIONS];
  return {
    ...real,
    MIGRATIONS: list,
    get LATEST_VERSION() {
      return list.at(-1)!.version;
    },
  };
});

const SHIPPED = [...MIGRATIONS];
const SHIPPED_VERSION = SHIPPED.at(-1)!.version;
const upgradeTo = (...next: Migration[]) => (MIGRATIONS as Migration[]).push(...next);
/** Back to the build that shipped only the migrations up to `version`. */
const downgradeTo = (version: number) => {
  (MIGRATIONS as Migration[]).length = MIGRATIONS.filter((m) => m.version <= version).length;
};
afterEach(() => {
  (MIGRATIONS as Migration[]).splice(0, MIGRATIONS.length, ...SHIPPED);
});

const { start } = useBackend();

const NEXT: Migration = {
  version: SHIPPED_VERSION + 1,
  name: 'case owner',
  sql: `ALTER TABLE cases ADD COLUMN owner TEXT NOT NULL DEFAULT ''; CREATE TABLE case_notes (id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE, note TEXT NOT NULL);`,
};

/** A library as the previous build leaves it: today's schema, with cases in it, closed. */
function previousBuildLibrary(clock = manualClock()) {
  const old = start({ now: clock.now });
  expect(old.library.status()).toMatchObject({ state: 'ok', schemaVersion: SHIPPED_VERSION });
  const ids = ['Delivery late', '配送延误'].map((title) => old.ok('cases:create', { language: 'en', title }).case.id);
  old.ok('timeline:add', { caseId: ids[0]!, event: { at: null, description: 'first call', kind: 'detected' } });
  old.library.close();
  return { path: old.path, ids, rows: dumpDatabase(old.path) };
}

describe('opening a library written by an earlier build', () => {
  it('takes a pre-migrate backup, then applies the new migration and keeps the data', () => {
    const clock = manualClock('2026-04-01T10:00:00.000Z');
    const { path, ids } = previousBuildLibrary(clock);

    upgradeTo(NEXT);
    clock.advance(60_000);
    const upgraded = start({ path, now: clock.now });

    expect(upgraded.library.status()).toMatchObject({ state: 'ok', schemaVersion: SHIPPED_VERSION + 1 });
    const versions = withConnection(path, (db) => db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all());
    expect(versions).toEqual([...SHIPPED.map((m) => m.version), NEXT.version]);
    expect(upgraded.ok('cases:get', { id: ids[0]! }).timeline.map((e) => e.description)).toEqual(['first call']);
    expect(upgraded.ok('cases:list', {}).total).toBe(2);

    const backups = upgraded.library.backups();
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatchObject({ reason: 'pre-migrate', createdAt: '2026-04-01T10:01:00.000Z' });
    expect(backups[0]!.id).toContain('pre-migrate');
  });

  it('leaves a backup that is a valid database at the old version with the old rows', () => {
    const { path, rows } = previousBuildLibrary();
    upgradeTo(NEXT);
    const upgraded = start({ path });
    const [backup] = upgraded.library.backups();

    const copy = new Database(backup!.file, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
      expect(copy.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(SHIPPED_VERSION);
      expect(copy.prepare(`SELECT count(*) FROM pragma_table_info('cases') WHERE name = 'owner'`).pluck().get()).toBe(0);
    } finally {
      copy.close();
    }
    expect(dumpDatabase(backup!.file)).toEqual(rows);
  });

  it('runs each pending migration once; reopening takes no further backup', () => {
    const { path } = previousBuildLibrary();
    upgradeTo(NEXT);
    start({ path }).library.close();
    const again = start({ path });
    expect(again.library.status()).toMatchObject({ state: 'ok', schemaVersion: SHIPPED_VERSION + 1 });
    expect(again.library.backups()).toHaveLength(1);
  });

  it('is refused by the older build once upgraded, without being changed', () => {
    const { path } = previousBuildLibrary();
    upgradeTo(NEXT);
    start({ path }).library.close();
    downgradeTo(SHIPPED_VERSION); // back to the older build
    const before = sha256(path);
    const older = start({ path });
    expect(older.library.status()).toMatchObject({ state: 'damaged', reason: 'newer_schema' });
    older.library.close();
    expect(sha256(path)).toBe(before);
  });

  it('rolls a failing migration back completely and reports the library as unusable, the backup still in place', () => {
    const { path, rows } = previousBuildLibrary();
    upgradeTo({ version: SHIPPED_VERSION + 1, name: 'broken', sql: `ALTER TABLE cases ADD COLUMN owner TEXT; INSERT INTO no_such_table VALUES (1);` });

    let error: unknown;
    let library: Library | undefined;
    try {
      library = new Library(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeUndefined();
    expect(library!.status()).toMatchObject({ state: 'damaged', reason: 'migration_failed' });
    library!.close();

    expect(dumpDatabase(path)).toEqual(rows);
    expect(withConnection(path, (db) => db.prepare(`SELECT count(*) FROM pragma_table_info('cases') WHERE name = 'owner'`).pluck().get())).toBe(0);
    const backups = listBackups(`${path}-backups`, path);
    expect(backups.map((b) => b.reason)).toEqual(['pre-migrate']);
    expect(existsSync(backups[0]!.file)).toBe(true);
  });
});

describe('upgrading a library of schema 1 to migration 2 (the action plan)', () => {
  it('keeps every plan row, gives actions a medium impact and numbers the lists in time order', () => {
    const clock = manualClock('2026-04-01T10:00:00.000Z');
    downgradeTo(1);
    const old = start({ now: clock.now });
    expect(old.library.status()).toMatchObject({ state: 'ok', schemaVersion: 1 });
    // Written as that build wrote it: today's case columns do not exist yet.
    const caseId = randomUUID();
    withConnection(old.path, (db) =>
      db.prepare(`INSERT INTO cases (id, title, created_at, updated_at) VALUES (?, 'Refund delayed', ?, ?)`).run(caseId, '2026-04-01T10:00:00.000Z', '2026-04-01T10:00:00.000Z'),
    );
    const [categoryId, causeA, causeB, actionId, otherAction] = Array.from({ length: 5 }, () => randomUUID());
    old.ok('fishbone:apply', {
      caseId,
      command: {
        type: 'replace',
        fishbone: {
          effect: null,
          template: null,
          orientation: 'head_right',
          categories: [{ id: categoryId!, label: 'People', templateKey: null, causes: [causeA!, causeB!].map((id) => ({ id, ...defaultCauseFields(`cause ${id}`), children: [] })) }],
        },
      },
    });
    old.library.close();
    // The schema-1 plan tables, written as that build's schema allows (rows in no particular order).
    const note = (n: string) => `00000000-0000-4000-8000-00000000000${n}`;
    withConnection(old.path, (db) => {
      const t = '2026-04-01T10:00:00.000Z';
      const action = db.prepare(`INSERT INTO actions (id, case_id, position, title, status, due_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
      action.run(actionId, caseId, 0, 'Call back', 'in_progress', '2026-04-05T00:00:00+08:00', t, t);
      action.run(otherAction, caseId, 1, 'Train', 'planned', null, t, t);
      const ref = db.prepare('INSERT INTO action_root_causes (action_id, cause_id, why_id) VALUES (?, ?, NULL)');
      ref.run(actionId, causeB);
      ref.run(actionId, causeA);
      const progress = db.prepare('INSERT INTO action_progress (id, action_id, at, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
      progress.run(note('3'), actionId, '2026-04-03T00:00:00.000Z', 'third', t, t);
      progress.run(note('1'), actionId, '2026-04-02T07:00:00+08:00', 'first (23:00Z the day before)', t, t);
      progress.run(note('2'), actionId, '2026-04-02T00:00:00.000Z', 'second', t, t);
      const check = db.prepare('INSERT INTO effectiveness_checks (id, action_id, result, checked_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
      check.run(note('5'), actionId, 'effective', '2026-04-09T00:00:00.000Z', t, t);
      check.run(note('4'), actionId, 'partly', '2026-04-08T00:00:00.000Z', t, t);
      const feedback = db.prepare('INSERT INTO customer_feedback (id, case_id, at, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
      feedback.run(note('8'), caseId, null, 'undated', t, t);
      feedback.run(note('7'), caseId, '2026-04-07T00:00:00.000Z', 'later', t, t);
      feedback.run(note('6'), caseId, '2026-04-06T00:00:00.000Z', 'earlier', t, t);
    });
    const rowsBefore = dumpDatabase(old.path);

    upgradeTo(...SHIPPED.filter((m) => m.version > 1));
    clock.advance(60_000);
    const upgraded = start({ path: old.path, now: clock.now });
    expect(upgraded.library.status()).toMatchObject({ state: 'ok', schemaVersion: SHIPPED_VERSION });
    expect(upgraded.library.backups().map((b) => b.reason)).toEqual(['pre-migrate']);
    expect(dumpDatabase(upgraded.library.backups()[0]!.file)).toEqual(rowsBefore);

    const { plan } = upgraded.ok('plan:get', { caseId });
    expect(plan.actions.map((a) => [a.title, a.impact])).toEqual([
      ['Call back', 'medium'],
      ['Train', 'medium'],
    ]);
    expect(plan.actions[0]!.rootCauses).toEqual([
      { source: 'fishbone', id: causeB },
      { source: 'fishbone', id: causeA },
    ]);
    expect(plan.actions[0]!.progress.map((p) => p.note)).toEqual(['first (23:00Z the day before)', 'second', 'third']);
    expect(plan.actions[0]!.checks.map((c) => c.result)).toEqual(['partly', 'effective']);
    expect(plan.feedback.map((f) => f.note)).toEqual(['earlier', 'later', 'undated']);
    // Written again through the new schema: positions stay 0..n-1 and the impact is kept.
    upgraded.ok('plan:apply', { caseId, command: { type: 'updateAction', id: otherAction!, patch: { impact: 'high' } } });
    upgraded.ok('plan:apply', { caseId, command: { type: 'removeProgress', id: note('1') } });
    const after = upgraded.ok('plan:get', { caseId }).plan;
    expect(after.actions[1]!.impact).toBe('high');
    expect(withConnection(old.path, (db) => db.prepare('SELECT position FROM action_progress ORDER BY position').pluck().all())).toEqual([0, 1]);
  });

  it('refuses an impact outside low, medium and high in the database itself', () => {
    const b = start();
    const caseId = b.ok('cases:create', { language: 'en', title: 'x' }).case.id;
    b.library.close();
    withConnection(b.path, (db) => {
      expect(() =>
        db.prepare(`INSERT INTO actions (id, case_id, position, title, impact, created_at, updated_at) VALUES (?, ?, 0, 'a', 'huge', 'x', 'x')`).run(randomUUID(), caseId),
      ).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_CHECK' }));
    });
  });
});

describe('upgrading a library of schema 2 to migration 4 (fields a real case needed)', () => {
  it('keeps every row, gives the new fields empty values, and takes the new improvement areas', () => {
    const clock = manualClock('2026-05-01T10:00:00.000Z');
    downgradeTo(2);
    const old = start({ now: clock.now });
    expect(old.library.status()).toMatchObject({ state: 'ok', schemaVersion: 2 });
    const [caseId, analysisId, whyId, improvementId, templatedId] = Array.from({ length: 5 }, () => randomUUID());
    const t = '2026-05-01T10:00:00.000Z';
    // Rows as the schema-2 build wrote them (its case columns, its improvement areas).
    withConnection(old.path, (db) => {
      db.prepare(`INSERT INTO cases (id, title, problem, created_at, updated_at) VALUES (?, '支付回调丢失', '近 21 小时无人处理', ?, ?)`).run(caseId, t, t);
      // A case made from a template by that build: the prompts stored as text, one of them answered.
      const prompts = CASE_TEMPLATES.find((x) => x.id === 'cross_department')!.text.en;
      db.prepare(`INSERT INTO cases (id, title, problem, customer_experience, customer_impact, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
        templatedId,
        prompts.title,
        prompts.problem,
        'The customer asked for an on-site install and got a cloud account.',
        prompts.customerImpact,
        t,
        t,
      );
      db.prepare(`INSERT INTO why_analyses (id, case_id, position, question, created_at, updated_at) VALUES (?, ?, 0, '', ?, ?)`).run(analysisId, caseId, t, t);
      db.prepare(
        `INSERT INTO whys (id, analysis_id, parent_id, position, answer, is_root_cause, stop_reason, created_at, updated_at) VALUES (?, ?, NULL, 0, '回调重试只配了一次', 1, 'controllable', ?, ?)`,
      ).run(whyId, analysisId, t, t);
      db.prepare(`INSERT INTO improvements (id, case_id, position, area, text, created_at, updated_at) VALUES (?, ?, 0, 'process', '回调失败进入人工队列', ?, ?)`).run(
        improvementId,
        caseId,
        t,
        t,
      );
      expect(() =>
        db.prepare(`INSERT INTO improvements (id, case_id, position, area, text, created_at, updated_at) VALUES (?, ?, 1, 'monitoring', 'x', ?, ?)`).run(randomUUID(), caseId, t, t),
      ).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_CHECK' }));
    });
    old.library.close();

    upgradeTo(...SHIPPED.filter((m) => m.version > 2));
    clock.advance(60_000);
    const upgraded = start({ path: old.path, now: clock.now });
    expect(upgraded.library.status()).toMatchObject({ state: 'ok', schemaVersion: SHIPPED_VERSION });
    expect(upgraded.library.backups().map((b) => b.reason)).toEqual(['pre-migrate']);

    const detail = upgraded.ok('cases:get', { id: caseId! });
    expect(detail.case).toMatchObject({ title: '支付回调丢失', problem: '近 21 小时无人处理', reference: '', notes: '', templateId: null });
    // The prompts stored as text are emptied (the template's guidance shows them); what the team wrote stays.
    expect(upgraded.ok('cases:get', { id: templatedId! }).case).toMatchObject({
      templateId: 'cross_department',
      problem: '',
      customerExperience: 'The customer asked for an on-site install and got a cloud account.',
      customerImpact: '',
    });
    const [analysis] = upgraded.ok('whys:get', { caseId: caseId! }).analyses;
    expect(analysis!.whys[0]).toMatchObject({ id: whyId, isRootCause: true, stopReason: 'controllable', stopNote: '' });
    expect(upgraded.ok('plan:get', { caseId: caseId! }).plan.improvements).toEqual([{ id: improvementId, area: 'process', text: '回调失败进入人工队列' }]);

    // The new fields are written and read back through the API.
    const updated = upgraded.ok('cases:update', { id: caseId!, revision: detail.case.revision, patch: { reference: 'INC-2026-0415', notes: '客户要求书面说明' } });
    expect(updated).toMatchObject({ reference: 'INC-2026-0415', notes: '客户要求书面说明' });
    upgraded.ok('whys:apply', { caseId: caseId!, command: { type: 'updateWhy', id: whyId!, patch: { stopNote: '重试次数写死在配置里，我们可以改' } } });
    expect(upgraded.ok('whys:get', { caseId: caseId! }).analyses[0]!.whys[0]!.stopNote).toBe('重试次数写死在配置里，我们可以改');
    upgraded.ok('plan:apply', { caseId: caseId!, command: { type: 'addImprovement', index: 1, improvement: { id: randomUUID(), area: 'monitoring', text: '回调失败率超过 1% 告警' } } });
    upgraded.ok('plan:apply', { caseId: caseId!, command: { type: 'addImprovement', index: 2, improvement: { id: randomUUID(), area: 'technology', text: '回调改为至少重试 5 次' } } });
    expect(upgraded.ok('plan:get', { caseId: caseId! }).plan.improvements.map((i) => i.area)).toEqual(['process', 'monitoring', 'technology']);
  });
});

describe('upgrading a library of schema 6 to migration 7 (customer needs and KANO answers)', () => {
  it('keeps every case and its content, and the cases take needs with answers afterwards', () => {
    const clock = manualClock('2026-06-01T10:00:00.000Z');
    downgradeTo(6);
    const old = start({ now: clock.now });
    expect(old.library.status()).toMatchObject({ state: 'ok', schemaVersion: 6 });
    const ids = ['Delivery late', '配送延误', 'Refund refused'].map((title) => old.ok('cases:create', { language: 'en', title }).case.id);
    old.ok('timeline:add', { caseId: ids[1]!, event: { at: null, description: '客户第一次来电', kind: 'detected' } });
    old.ok('cases:trash', { id: ids[2]! });
    const before = ids.map((id) => old.ok('cases:get', { id }));
    const rows = dumpDatabase(old.path);
    old.library.close();

    upgradeTo(...SHIPPED.filter((m) => m.version > 6));
    clock.advance(60_000);
    const upgraded = start({ path: old.path, now: clock.now });
    expect(upgraded.library.status()).toMatchObject({ state: 'ok', schemaVersion: SHIPPED_VERSION });
    expect(upgraded.library.backups().map((b) => b.reason)).toEqual(['pre-migrate']);
    // Every row of every table of schema 6 is still there, unchanged.
    const after = dumpDatabase(upgraded.path);
    for (const [table, list] of Object.entries(rows)) if (!table.startsWith('search_') && table !== 'schema_migrations') expect(after[table], table).toEqual(list);
    expect(ids.map((id) => upgraded.ok('cases:get', { id }))).toEqual(before);
    for (const id of ids) expect(upgraded.ok('needs:get', { caseId: id }).needs).toEqual([]);

    const needId = randomUUID();
    upgraded.ok('needs:apply', { caseId: ids[1]!, command: { type: 'addNeed', index: 0, need: { id: needId, text: '当天回电', kano: null, met: false, answers: [] } } });
    upgraded.ok('needs:apply', {
      caseId: ids[1]!,
      command: { type: 'addAnswer', needId, index: 0, answer: { id: randomUUID(), functional: 'neutral', dysfunctional: 'dislike', respondent: '' } },
    });
    expect(upgraded.ok('needs:get', { caseId: ids[1]! }).needs[0]).toMatchObject({ text: '当天回电', met: false, answers: [{ functional: 'neutral', dysfunctional: 'dislike' }] });
  });
});

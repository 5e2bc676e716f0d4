/** Root-cause identity on real SQLite files: the merge and separate command through the API, the
 *  links going with their places, a "not effective" check reopening every place of a root cause,
 *  and a library written at schema 2 upgrading to migration 3 with every action link kept. */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { caseSnapshot } from '../../electron/backend/snapshot';
import { MIGRATIONS, type Migration } from '../../electron/backend/migrations';
import { defaultCauseFields, type Cause, type Fishbone } from '../../shared/domain/fishbone';
import { defaultActionFields, type Action, type RootCauseRef } from '../../shared/domain/plan';
import { applyRootCauseCommand, coveredRootCauses, distinctRootCauses, mergeCommand, rootCauseIndex, separateCommand } from '../../shared/domain/root-causes';
import { defaultWhyFields, type Why, type WhyAnalysis } from '../../shared/domain/whys';
import { buildReport, reportMarkdown, walkBlocks } from '../../shared/report';
import { dumpDatabase, manualClock, useBackend, withConnection, type Backend } from '../support/backend';

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
afterEach(() => {
  (MIGRATIONS as Migration[]).splice(0, MIGRATIONS.length, ...SHIPPED);
});

const { start } = useBackend();

const cause = (id: string, text: string, fields: Partial<Cause> = {}): Cause => ({ id, ...defaultCauseFields(text), children: [], ...fields });
const why = (id: string, answer: string, fields: Partial<Why> = {}, children: Why[] = []): Why => ({ id, ...defaultWhyFields(answer), children, ...fields });
const action = (title: string, rootCauses: RootCauseRef[], fields: Partial<Action> = {}): Action => ({
  ...defaultActionFields(title),
  id: randomUUID(),
  rootCauses,
  progress: [],
  checks: [],
  ...fields,
});

/** A case whose fishbone root cause C ("No refund rule") was asked why about in an analysis with
 *  one root W: the same root cause found by both tools. Another fishbone root D and a 5-Whys root V
 *  about the problem read alike. */
function seedCase(b: Backend) {
  const caseId = b.ok('cases:create', { language: 'en', title: 'Refund delayed' }).case.id;
  const [C, D, W, W1, V, analysisId, problemAnalysis] = Array.from({ length: 7 }, () => randomUUID()) as [string, string, string, string, string, string, string];
  const fishbone: Fishbone = {
    effect: null,
    template: null,
    orientation: 'head_right',
    categories: [
      { id: randomUUID(), label: 'Method', templateKey: null, causes: [cause(C, 'No refund rule for agents', { isRootCause: true, status: 'confirmed' })] },
      { id: randomUUID(), label: 'Man', templateKey: null, causes: [cause(D, 'Temporary staff untrained', { isRootCause: true })] },
    ],
  };
  b.ok('fishbone:apply', { caseId, command: { type: 'replace', fishbone } });
  const analyses: WhyAnalysis[] = [
    { id: analysisId, startCauseId: C, question: '', direction: 'TB', whys: [why(W1, 'Agents must ask a manager', {}, [why(W, 'The refund policy names no agent limit', { isRootCause: true, status: 'verified', stopReason: 'controllable' })])] },
    { id: problemAnalysis, startCauseId: null, question: '', direction: 'TB', whys: [why(V, 'Temporary staff untrained.', { isRootCause: true, stopReason: 'controllable' })] },
  ];
  analyses.forEach((analysis, index) => b.ok('whys:apply', { caseId, command: { type: 'addAnalysis', index, analysis } }));
  const refs = { C: { source: 'fishbone', id: C } as RootCauseRef, D: { source: 'fishbone', id: D } as RootCauseRef, W: { source: 'whys', id: W } as RootCauseRef, V: { source: 'whys', id: V } as RootCauseRef };
  return { caseId, ids: { C, D, W, W1, V }, refs };
}

const distinctOf = (b: Backend, caseId: string) =>
  distinctRootCauses(b.ok('fishbone:get', { caseId }).fishbone, b.ok('whys:get', { caseId }).analyses, b.ok('roots:get', { caseId }).links);

describe('root-cause identity through the API', () => {
  it('merges two root causes and separates them again, each one undoable step that moves the revision on', () => {
    const b = start();
    const { caseId, refs } = seedCase(b);
    expect(distinctOf(b, caseId).map((r) => r.places.map((p) => p.key))).toEqual([[`fishbone:${refs.C.id}`, `whys:${refs.W.id}`], [`fishbone:${refs.D.id}`], [`whys:${refs.V.id}`]]);

    const roots = distinctOf(b, caseId);
    const command = mergeCommand(b.ok('fishbone:get', { caseId }).fishbone, b.ok('whys:get', { caseId }).analyses, [], roots[1]!, roots[2]!);
    const before = b.ok('roots:get', { caseId });
    const { revision } = b.ok('roots:apply', { caseId, command });
    expect(revision).toBe(before.revision + 1);
    const merged = b.ok('roots:get', { caseId });
    expect(merged.links).toEqual([{ a: refs.D, b: refs.V, same: true }]);
    expect(distinctOf(b, caseId)).toHaveLength(2);

    // Undo is the inverse command; redo the command again.
    const { inverse } = applyRootCauseCommand(before.links, command);
    b.ok('roots:apply', { caseId, command: inverse });
    expect(b.ok('roots:get', { caseId }).links).toEqual([]);
    b.ok('roots:apply', { caseId, command });

    // Separating the automatic pair stores a distinct link.
    const fishbone = b.ok('fishbone:get', { caseId }).fishbone;
    const analyses = b.ok('whys:get', { caseId }).analyses;
    const auto = distinctOf(b, caseId)[0]!;
    b.ok('roots:apply', { caseId, command: separateCommand(fishbone, analyses, b.ok('roots:get', { caseId }).links, auto, auto.places[1]!) });
    expect(distinctOf(b, caseId)).toHaveLength(3);
    expect(b.ok('roots:get', { caseId }).links).toContainEqual({ a: refs.C, b: refs.W, same: false });
  });

  it('refuses a duplicate, a missing link, a place of another case and a trashed case, changing nothing', () => {
    const b = start();
    const { caseId, refs } = seedCase(b);
    const other = seedCase(b);
    b.ok('roots:apply', { caseId, command: { type: 'relate', add: [{ a: refs.D, b: refs.V, same: true }], remove: [] } });
    const rows = dumpDatabase(b.path);
    expect(b.fail('roots:apply', { caseId, command: { type: 'relate', add: [{ a: refs.V, b: refs.D, same: true }], remove: [] } })).toMatchObject({ code: 'validation' });
    expect(b.fail('roots:apply', { caseId, command: { type: 'relate', add: [], remove: [{ a: refs.C, b: refs.V, same: true }] } })).toMatchObject({ code: 'not_found' });
    expect(b.fail('roots:apply', { caseId, command: { type: 'relate', add: [{ a: refs.C, b: other.refs.V, same: true }], remove: [] } })).toMatchObject({
      code: 'validation',
      issues: [{ path: ['links'], reason: 'invalid_reference' }],
    });
    expect(b.fail('roots:apply', { caseId, command: { type: 'relate', add: [{ a: refs.C, b: { source: 'whys', id: 'not-an-id' }, same: true }], remove: [] } })).toMatchObject({ code: 'validation' });
    // Malformed input is refused by the contract before any handler runs.
    expect(b.fail('roots:apply', { caseId, command: { type: 'relate', add: [{ a: { source: 'elsewhere', id: refs.C.id }, b: refs.D, same: true }], remove: [] } })).toMatchObject({ code: 'validation' });
    expect(b.fail('roots:apply', { caseId, command: { type: 'merge', a: refs.C, b: refs.D } })).toMatchObject({ code: 'validation' });
    expect(b.fail('roots:get', { caseId: 'nope' })).toMatchObject({ code: 'validation' });
    expect(b.fail('roots:get', { caseId: randomUUID() })).toMatchObject({ code: 'not_found' });
    expect(dumpDatabase(b.path)).toEqual(rows);
    b.ok('cases:trash', { id: caseId });
    expect(b.fail('roots:apply', { caseId, command: { type: 'relate', add: [{ a: refs.C, b: refs.D, same: true }], remove: [] } })).toMatchObject({ code: 'conflict' });
  });

  it('drops a link with its place', () => {
    const b = start();
    const { caseId, refs, ids } = seedCase(b);
    b.ok('roots:apply', { caseId, command: { type: 'relate', add: [{ a: refs.D, b: refs.V, same: true }], remove: [] } });
    b.ok('whys:apply', { caseId, command: { type: 'removeWhy', id: ids.V } });
    expect(b.ok('roots:get', { caseId }).links).toEqual([]);
  });

  it('reopens every place of a root cause when a check finds its action not effective', () => {
    const b = start();
    const { caseId, refs, ids } = seedCase(b);
    // The action links only the 5-Whys place; the fishbone cause is the same root cause.
    const a = action('Write an agent refund limit', [refs.W], { status: 'done' });
    b.ok('plan:apply', { caseId, command: { type: 'addAction', index: 0, action: a } });
    b.ok('plan:apply', { caseId, command: { type: 'addCheck', actionId: a.id, index: 0, check: { id: randomUUID(), result: 'not_effective', evidence: 'Still late', checkedAt: '2026-05-01T00:00:00.000Z', checkedBy: '' } } });
    const fishbone = b.ok('fishbone:get', { caseId }).fishbone;
    expect(fishbone.categories[0]!.causes[0]!.status).toBe('investigating');
    expect(fishbone.categories[1]!.causes[0]!.status).toBe('hypothesis'); // another root cause: untouched
    const analyses = b.ok('whys:get', { caseId }).analyses;
    expect(analyses[0]!.whys[0]!.children[0]!.status).toBe('hypothesis');
    expect(distinctOf(b, caseId)[0]!.status).toBe('investigating');
    expect(ids.C).toBe(refs.C.id);
  });
});

/** Copies every row of `from` into the older-schema file `to`, table by table, in the columns both
 *  have: what an older build would have stored of the same case. */
function copyRowsInto(from: string, to: string): void {
  withConnection(to, (db) => {
    db.pragma('foreign_keys = OFF');
    db.prepare('ATTACH DATABASE ? AS src').run(from);
    const tables = db
      .prepare(`SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'`)
      .pluck()
      .all() as string[];
    const columns = (schema: string, table: string) => (db.prepare(`SELECT name FROM pragma_table_info(?, ?)`).pluck().all(table, schema) as string[]);
    db.transaction(() => {
      for (const table of tables) {
        const theirs = new Set(columns('src', table));
        const shared = columns('main', table).filter((c) => theirs.has(c)).map((c) => `"${c}"`).join(', ');
        db.exec(`INSERT INTO main."${table}" (${shared}) SELECT ${shared} FROM src."${table}"`);
      }
    })();
    db.exec('DETACH DATABASE src');
  });
}

describe('upgrading a library of schema 2 to migration 3 (root-cause identity)', () => {
  it('keeps every action link, which still resolves, and counts the root cause found by both tools once', () => {
    const clock = manualClock('2026-04-01T10:00:00.000Z');
    // The case is written by today's code, then its rows are copied into a file at schema 2: today's
    // repositories write columns that schema 2 does not have.
    const today = start({ now: clock.now });
    const { caseId, refs } = seedCase(today);
    const caseRow = today.ok('cases:get', { id: caseId }).case;
    today.library.close();
    (MIGRATIONS as Migration[]).length = SHIPPED.filter((m) => m.version <= 2).length;
    const old = start({ now: clock.now });
    expect(old.library.status()).toMatchObject({ state: 'ok', schemaVersion: 2 });
    old.library.close();
    copyRowsInto(today.path, old.path);
    const t = '2026-04-01T10:00:00.000Z';
    // Actions as the schema-2 build wrote them: one links both places, one each, one links D only.
    const actions = [
      ['Agent refund limit', [refs.C, refs.W]],
      ['Publish the policy', [refs.W]],
      ['Fix the rule', [refs.C]],
      ['Train temps', [refs.D]],
    ] as const;
    const actionIds = actions.map(() => randomUUID());
    withConnection(old.path, (db) => {
      const insert = db.prepare('INSERT INTO actions (id, case_id, position, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
      const ref = db.prepare('INSERT INTO action_root_causes (action_id, cause_id, why_id, position) VALUES (?, ?, ?, ?)');
      actions.forEach(([title, list], i) => {
        insert.run(actionIds[i], caseRow.id, i, title, t, t);
        list.forEach((r, position) => ref.run(actionIds[i], r.source === 'fishbone' ? r.id : null, r.source === 'whys' ? r.id : null, position));
      });
    });
    const linksBefore = withConnection(old.path, (db) => db.prepare('SELECT action_id, cause_id, why_id, position FROM action_root_causes ORDER BY action_id, position').all());
    expect(linksBefore).toHaveLength(5);

    (MIGRATIONS as Migration[]).splice(0, MIGRATIONS.length, ...SHIPPED);
    clock.advance(60_000);
    const upgraded = start({ path: old.path, now: clock.now });
    expect(upgraded.library.status()).toMatchObject({ state: 'ok', schemaVersion: SHIPPED.at(-1)!.version });
    expect(upgraded.library.backups().map((x) => x.reason)).toEqual(['pre-migrate']);

    // Every link row is there, unchanged, and every one resolves to a root cause of the case.
    expect(withConnection(old.path, (db) => db.prepare('SELECT action_id, cause_id, why_id, position FROM action_root_causes ORDER BY action_id, position').all())).toEqual(linksBefore);
    const { plan } = upgraded.ok('plan:get', { caseId });
    expect(plan.actions.map((a) => [a.title, a.rootCauses])).toEqual(actions.map(([title, list]) => [title, list]));
    expect(upgraded.ok('roots:get', { caseId }).links).toEqual([]);
    const roots = distinctOf(upgraded, caseId);
    const index = rootCauseIndex(roots);
    for (const a of plan.actions) for (const r of a.rootCauses) expect(index.get(`${r.source}:${r.id}`)).toBeDefined();

    // C and W are one root cause, covered by three actions; three root causes in all (C/W, D, V).
    expect(roots).toHaveLength(3);
    expect(roots[0]!.places.map((p) => p.key)).toEqual([`fishbone:${refs.C.id}`, `whys:${refs.W.id}`]);
    expect(coveredRootCauses(plan.actions, index).get(`fishbone:${refs.C.id}`)).toBe(3);

    // The report read from the upgraded file counts it once.
    const snap = caseSnapshot(upgraded.library, caseId, '2026-04-02T00:00:00.000Z');
    const doc = buildReport(snap, { language: 'en', layout: 'steps', generatedAt: snap.generatedAt });
    let count: string | null = null;
    walkBlocks(doc, (block) => {
      if (block.kind === 'keyValue') count ??= block.rows.find((row) => row.label === 'Root causes')?.value ?? null;
    });
    expect(count).toBe('3');
    expect(reportMarkdown(doc)).not.toContain('RC4');
  });
});

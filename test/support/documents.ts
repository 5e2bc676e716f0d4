import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ApiError } from '../../shared/contract/errors';
import { defaultCauseFields, type Fishbone } from '../../shared/domain/fishbone';
import { applyCommand, FishboneCommand } from '../../shared/domain/fishbone-commands';
import type { CasePlan } from '../../shared/domain/plan';
import { applyPlanCommand, PlanCommand } from '../../shared/domain/plan-commands';
import { applyWhyCommand, WhyCommand } from '../../shared/domain/why-commands';
import type { WhyAnalyses } from '../../shared/domain/whys';
import { dumpDatabase, sha256, withConnection, type Backend } from './backend';
import { PLAN_COMMAND_TYPES } from './plans';

/** The documents of a case (fishbone, 5-Whys, plan) as the backend and contract tests drive them
 *  through the API: each is read with `<name>:get` and changed with `<name>:apply`, one command at a
 *  time, and the stored result must be what the editor's pure function gives. */

// ---------------------------------------------------------------------------------------------
// The three documents

export interface DocumentKind<Key extends string, Doc, Command> {
  /** Read with `<name>:get`, changed with `<name>:apply`. */
  name: 'fishbone' | 'whys' | 'plan';
  /** The key of the document in the answer of `get` (beside `revision`). */
  key: Key;
  /** The pure function the editor runs, on the command as the contract parses it. */
  run(doc: Doc, command: Command): Record<Key, Doc> & { inverse: Command };
  /** Every command type the contract knows. */
  commandTypes: readonly string[];
}

const typesOf = (schema: { options: readonly { shape: { type: { value: string } } }[] }) => schema.options.map((o) => o.shape.type.value);

export const FISHBONE: DocumentKind<'fishbone', Fishbone, FishboneCommand> = {
  name: 'fishbone',
  key: 'fishbone',
  run: (doc, command) => applyCommand(doc, FishboneCommand.parse(command)),
  commandTypes: typesOf(FishboneCommand),
};
export const WHYS: DocumentKind<'analyses', WhyAnalyses, WhyCommand> = {
  name: 'whys',
  key: 'analyses',
  run: (doc, command) => applyWhyCommand(doc, WhyCommand.parse(command)),
  commandTypes: typesOf(WhyCommand),
};
export const PLAN: DocumentKind<'plan', CasePlan, PlanCommand> = {
  name: 'plan',
  key: 'plan',
  run: (doc, command) => applyPlanCommand(doc, PlanCommand.parse(command)),
  commandTypes: PLAN_COMMAND_TYPES,
};

/** The checks a backend test makes of one document, bound to it. */
export function documentChecks<Key extends string, Doc, Command>(kind: DocumentKind<Key, Doc, Command>) {
  type Stored = Record<Key, Doc> & { revision: number };
  const get = `${kind.name}:get` as const;
  const apply = `${kind.name}:apply` as const;

  /** The stored document and the case's revision, as `get` answers. */
  const stored = (b: Backend, caseId: string): Stored => b.ok(get, { caseId }) as Stored;

  /** Applies a command through the API and checks the stored document is what the pure function gives. */
  function applyAndCheck(b: Backend, caseId: string, command: Command) {
    const before = stored(b, caseId);
    const applied = kind.run(before[kind.key], command);
    const { revision } = b.ok(apply, { caseId, command } as never) as { revision: number };
    expect(revision).toBe(before.revision + 1);
    expect(stored(b, caseId)).toEqual({ [kind.key]: applied[kind.key], revision });
    return applied;
  }

  /** Runs a command that must fail, and checks every table (and the file) is exactly as before. */
  function expectRefused(b: Backend, caseId: string, command: unknown, error: object) {
    const rows = dumpDatabase(b.path);
    const hashes = [sha256(b.path), sha256(`${b.path}-wal`)];
    const before = stored(b, caseId);
    expect(b.fail(apply, { caseId, command })).toMatchObject(error);
    expect(dumpDatabase(b.path)).toEqual(rows);
    expect([sha256(b.path), sha256(`${b.path}-wal`)]).toEqual(hashes);
    expect(stored(b, caseId)).toEqual(before);
    expect(b.logged).toEqual([]);
  }

  /** Runs a command that must be refused for an id already used (in another case too), and checks
   *  no row changed: rows the command wrote before the clash are rolled back. */
  function expectDuplicateRefused(b: Backend, caseId: string, command: Command) {
    const rows = dumpDatabase(b.path);
    expect(b.fail(apply, { caseId, command })).toMatchObject({ code: 'validation', issues: [{ path: ['id'], reason: 'duplicate' }] });
    expect(dumpDatabase(b.path)).toEqual(rows);
  }

  /** Applies `command`, then its inverse, a second apart on `clock`, each checked against the pure
   *  function and then by `check`: the inverse must give back the document two revisions on, and
   *  every row as it was (stamps apart). */
  function expectInverseRestores(b: Backend, caseId: string, command: Command, clock: { advance(ms: number): void }, check: () => void) {
    const before = stored(b, caseId);
    const beforeRows = contentDump(b.path);
    clock.advance(1000);

    const { inverse } = applyAndCheck(b, caseId, command);
    check();
    clock.advance(1000);

    applyAndCheck(b, caseId, inverse);
    check();
    expect(stored(b, caseId)).toEqual({ [kind.key]: before[kind.key], revision: before.revision + 2 });
    expect(contentDump(b.path)).toEqual(beforeRows);
  }

  /** The names of a table of test cases, each starting with its command type, cover every type. */
  function expectEveryCommandType(names: readonly string[]) {
    const types = new Set(names.map((name) => name.split(' ')[0]));
    expect([...types].sort()).toEqual([...kind.commandTypes].sort());
  }

  /** A case that does not exist is not_found, to read and to change. */
  function expectMissingCase(b: Backend, command: Command) {
    expect(b.fail(get, { caseId: randomUUID() })).toMatchObject({ code: 'not_found' });
    expect(b.fail(apply, { caseId: randomUUID(), command })).toMatchObject({ code: 'not_found' });
    expect(b.logged).toEqual([]);
  }

  /** A case in the trash still reads as `doc`, but every command is a conflict (checked before the
   *  command: even one that would not apply); restored, `after` applies again. */
  function expectTrashedRefused(b: Backend, caseId: string, doc: Doc, refused: unknown[], after: Command) {
    b.ok('cases:trash', { id: caseId });
    expect(stored(b, caseId)[kind.key]).toEqual(doc);
    for (const command of refused) expectRefused(b, caseId, command, { code: 'conflict', reason: 'trashed' });
    b.ok('cases:restore', { id: caseId });
    expect((b.ok(apply, { caseId, command: after } as never) as { revision: number }).revision).toBe(stored(b, caseId).revision);
  }

  /** A file that is not SQLite is refused as damaged, to read and to change. */
  function expectDamaged(start: (options: { path: string }) => Backend, dir: string, command: Command) {
    const path = join(dir, 'damaged.sqlite');
    writeFileSync(path, 'this is not a database, only text that is long enough to be read as a header');
    const b = start({ path });
    expect(b.fail(get, { caseId: randomUUID() })).toMatchObject({ code: 'damaged', reason: 'not_sqlite' });
    expect(b.fail(apply, { caseId: randomUUID(), command })).toMatchObject({ code: 'damaged', reason: 'not_sqlite' });
  }

  /** What `write` leaves in a new file reads the same after it is closed and opened again by a new
   *  connection. `write` returns the case to read. */
  function expectSameAfterReopen(start: (options: { path: string }) => Backend, dir: string, write: (b: Backend) => string) {
    const path = join(dir, 'reopen.sqlite');
    const first = start({ path });
    const caseId = write(first);
    const before = stored(first, caseId);
    first.library.close();
    const second = start({ path });
    expect(stored(second, caseId)).toEqual(before);
  }

  return {
    stored,
    applyAndCheck,
    expectRefused,
    expectDuplicateRefused,
    expectInverseRestores,
    expectEveryCommandType,
    expectMissingCase,
    expectTrashedRefused,
    expectDamaged,
    expectSameAfterReopen,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the tables

export const rowsOf = <T>(path: string, sql: string, ...params: unknown[]) =>
  withConnection(path, (db) => db.prepare(sql).all(...params) as T[], { readonly: true });

/** The database as dumpDatabase gives it (only `tables`, when given), without the stamps a write
 *  always moves on (created_at, updated_at, the case revision): what is left is the content. The
 *  search index (search_*) is left out: it is derived from the rest, and a document written again
 *  gets a new id (test/backend/search.test.ts checks what it finds). */
export function contentDump(path: string, tables?: readonly string[]): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(dumpDatabase(path))
      .filter(([table]) => (!tables || tables.includes(table)) && !table.startsWith('search_'))
      .map(([table, rows]) => [
        table,
        rows
          .map((line) => {
            const row = JSON.parse(line) as Record<string, unknown>;
            delete row.created_at;
            delete row.updated_at;
            if (table === 'cases') delete row.revision;
            return JSON.stringify(row);
          })
          .sort(),
      ]),
  );
}

/** Each row's stamps as `created_at updated_at`, by id. Each query selects id, created_at and
 *  updated_at of one table, with the case id as its one parameter. */
export function stampsOf(path: string, caseId: string, queries: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    queries
      .flatMap((sql) => rowsOf<{ id: string; created_at: string; updated_at: string }>(path, sql, caseId))
      .map((r) => [r.id, `${r.created_at} ${r.updated_at}`]),
  );
}

/** In every group of `rows` (a sibling list), positions are 0..n-1. `rows` come ordered by group,
 *  then position; a failure names the group, after `label` when given. */
export function expectContiguousPositions(rows: readonly { grp: string; position: number }[], label?: string) {
  const byGroup = new Map<string, number[]>();
  for (const r of rows) byGroup.set(r.grp, [...(byGroup.get(r.grp) ?? []), r.position]);
  for (const [grp, positions] of byGroup) expect(positions, label === undefined ? grp : `${label} ${grp}`).toEqual(positions.map((_, i) => i));
}

/** Writes the rows of `tables` again in the order `orderBy` gives (foreign keys off), so a read
 *  that leant on rowid or id order would come out wrong. */
export function rewriteRowsInOrder(path: string, tables: readonly string[], orderBy: string) {
  withConnection(path, (db) => {
    db.pragma('foreign_keys = OFF');
    for (const table of tables) {
      const rows = db.prepare(`SELECT * FROM ${table} ORDER BY ${orderBy}`).all() as Record<string, unknown>[];
      db.prepare(`DELETE FROM ${table}`).run();
      if (rows.length === 0) continue;
      const cols = Object.keys(rows[0]!);
      const insert = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
      for (const r of rows) insert.run(r);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Contract tests

/** A new case (titled 'Contract') whose fishbone has one category, People, holding one cause,
 *  Untrained: real ids for the commands of a contract test to name. */
export function seedFishbone(b: Backend, { categoryId = randomUUID(), causeId = randomUUID() } = {}): string {
  const caseId = b.ok('cases:create', { language: 'en', title: 'Contract' }).case.id;
  const fishbone: Fishbone = {
    effect: null,
    template: null,
    orientation: 'head_right',
    categories: [{ id: categoryId, label: 'People', templateKey: null, causes: [{ id: causeId, ...defaultCauseFields('Untrained'), children: [] }] }],
  };
  b.ok('fishbone:apply', { caseId, command: { type: 'replace', fishbone } });
  return caseId;
}

/** The issues a malformed payload must be refused with (each one, at least). */
export type ExpectedIssues = Array<{ path: Array<string | number>; reason?: string }>;

/** Sends a malformed payload to `method` and checks it is refused as validation, in the error
 *  contract, naming every expected issue, with no row written and nothing logged. */
export function expectMalformedRefused(b: Backend, method: string, payload: unknown, expected: ExpectedIssues) {
  const before = dumpDatabase(b.path);
  const error = b.fail(method, payload);
  expect(ApiError.safeParse(error).success).toBe(true);
  expect(error).toMatchObject({ code: 'validation' });
  expect(error.issues).toEqual(expect.arrayContaining(expected.map((e) => expect.objectContaining(e))));
  expect(dumpDatabase(b.path)).toEqual(before);
  expect(b.logged).toEqual([]);
}

/** Payloads every `<document>:get` refuses as validation, with the one issue each must give. */
export const malformedGetPayloads = (): Array<[string, Record<string, unknown>, { path: string[]; reason: string }]> => [
  ['an extra key', { caseId: randomUUID(), id: 1 }, { path: ['id'], reason: 'unknown_field' }],
  ['a non-uuid caseId', { caseId: 'x' }, { path: ['caseId'], reason: 'invalid_format' }],
  ['no caseId', {}, { path: ['caseId'], reason: 'invalid_type' }],
];

import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Input, Output } from '../../shared/contract/contract';
import type { ApiError, Result } from '../../shared/contract/errors';
import type { MethodName } from '../../shared/contract/methods';
import { createDispatch, type Dispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import { Library, type LibraryOptions } from '../../electron/backend/library';
import { useTempDir } from './temp';

/** A clock the test moves by hand, so timestamps, sorting and backup intervals are deterministic. */
export function manualClock(start = '2026-03-01T08:00:00.000Z') {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
  };
}

export interface Backend {
  path: string;
  library: Library;
  dispatch: Dispatch;
  /** Errors the dispatcher logged (storage and internal failures). */
  logged: unknown[];
  call<M extends MethodName>(method: M, input: Input<M>): Result<Output<M>>;
  /** Calls a method that must succeed and returns its value. */
  ok<M extends MethodName>(method: M, input: Input<M>): Output<M>;
  /** Calls a method (with any payload, typed or not) that must fail and returns its error. */
  fail(method: string, payload: unknown): ApiError;
  /** As `call`, `ok` and `fail`, for any method, synchronous or not (report:export is asynchronous). */
  callAsync<M extends MethodName>(method: M, input: Input<M>): Promise<Result<Output<M>>>;
  okAsync<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>>;
  failAsync(method: string, payload: unknown): Promise<ApiError>;
}

/** A synchronous answer, or a clear failure when the method answers with a promise. */
function syncResult<T>(method: string, result: Result<T> | Promise<Result<T>>): Result<T> {
  if (result instanceof Promise) throw new Error(`${method} answers asynchronously: use callAsync / okAsync / failAsync.`);
  return result;
}

export function backendFor(library: Library): Backend {
  const logged: unknown[] = [];
  const dispatch = createDispatch(createHandlers({ library, version: 'test', shell: 'browser' }), { log: (e) => logged.push(e) });
  const call = <M extends MethodName>(method: M, input: Input<M>) => syncResult(method, dispatch(method, input)) as Result<Output<M>>;
  const callAsync = async <M extends MethodName>(method: M, input: Input<M>) => (await dispatch(method, input)) as Result<Output<M>>;
  return {
    get path() {
      return library.dbPath;
    },
    library,
    dispatch,
    logged,
    call,
    ok(method, input) {
      const result = call(method, input);
      if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error).slice(0, 1000)}`);
      return result.value;
    },
    fail(method, payload) {
      const result = syncResult(method, dispatch(method, payload));
      if (result.ok) throw new Error(`${method} unexpectedly succeeded: ${JSON.stringify(result.value).slice(0, 300)}`);
      return result.error;
    },
    callAsync,
    async okAsync(method, input) {
      const result = await callAsync(method, input);
      if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error).slice(0, 1000)}`);
      return result.value;
    },
    async failAsync(method, payload) {
      const result = await dispatch(method, payload);
      if (result.ok) throw new Error(`${method} unexpectedly succeeded: ${JSON.stringify(result.value).slice(0, 300)}`);
      return result.error;
    },
  };
}

/** Real libraries on real SQLite files in a fresh temp directory per test, closed afterwards. */
export function useBackend() {
  const tempDir = useTempDir();
  const open: Library[] = [];
  afterEach(() => {
    for (const library of open.splice(0)) library.close();
  });
  return {
    tempDir,
    /** A library on `path` (default: a new file in a new temp dir). */
    start(options: LibraryOptions & { path?: string } = {}): Backend {
      const library = new Library(options.path ?? join(tempDir(), 'library.sqlite'), options);
      open.push(library);
      return backendFor(library);
    },
  };
}

export const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Runs `fn` on a separate, plain connection to the file (for setup the API cannot do), then closes it. */
export function withConnection<T>(path: string, fn: (db: Database.Database) => T, options: Database.Options = {}): T {
  const db = new Database(path, { fileMustExist: true, ...options });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Every row of every table, as sorted JSON lines per table: two equal dumps mean nothing changed.
 *  Left out: case_change_log, the log of which cases changed (migration 12), which an undo moves
 *  on rather than back. */
export function dumpDatabase(path: string): Record<string, string[]> {
  return withConnection(
    path,
    (db) => {
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'case_change_log' ORDER BY name`).all() as { name: string }[];
      return Object.fromEntries(
        tables.map(({ name }) => [name, (db.prepare(`SELECT * FROM "${name}"`).all() as object[]).map((r) => JSON.stringify(r)).sort()]),
      );
    },
    { readonly: true },
  );
}

/** The timeline positions of a case, straight from the table. */
export function positionsOf(path: string, caseId: string): { id: string; position: number }[] {
  return withConnection(
    path,
    (db) => db.prepare('SELECT id, position FROM timeline_events WHERE case_id = ? ORDER BY position').all(caseId) as { id: string; position: number }[],
    { readonly: true },
  );
}

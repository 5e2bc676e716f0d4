import { contract } from '../../shared/contract/contract';
import { CausewayError, issuesFromZod, type Result } from '../../shared/contract/errors';
import { METHOD_NAMES, type MethodName, type SyncMethod } from '../../shared/contract/methods';
import type { Handlers } from './handlers';

/** Answers a call. A synchronous method (every one but those in ASYNC_METHODS) answers at once;
 *  an asynchronous one answers with a promise, which never rejects: failures are results too. */
export interface Dispatch {
  (method: SyncMethod, payload: unknown): Result<unknown>;
  (method: string, payload: unknown): Result<unknown> | Promise<Result<unknown>>;
}

/** Dispatch as its callers that relay any method (IPC, HTTP) see it. */
export type AnyDispatch = (method: string, payload: unknown) => Result<unknown> | Promise<Result<unknown>>;

export function isPromiseLike<T>(value: unknown): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

export function isMethod(name: string): name is MethodName {
  return (METHOD_NAMES as readonly string[]).includes(name);
}

/** The one path every call takes, from IPC or HTTP: validate input, run the handler, validate
 *  output, and turn every failure into a typed error. Nothing is written when validation fails. */
export interface DispatchOptions {
  log?: (e: unknown) => void;
  /** Check every result against its output schema. On in tests and development, where a broken
   *  contract must fail loudly; the shipped app skips it, since the handlers' types already hold. */
  checkOutput?: boolean;
}

export function createDispatch(handlers: Handlers, { log = console.error, checkOutput = true }: DispatchOptions = {}): Dispatch {
  const failure = (e: unknown): Result<never> => {
    if (e instanceof CausewayError) return { ok: false, error: e.toJSON() };
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) {
      log(e);
      return { ok: false, error: { code: 'storage', message: (e as Error).message, reason: code } };
    }
    log(e);
    return { ok: false, error: { code: 'internal', message: (e as Error)?.message ?? String(e) } };
  };
  return ((method: string, payload: unknown): Result<unknown> | Promise<Result<unknown>> => {
    if (!isMethod(method)) return { ok: false, error: { code: 'not_found', message: `Unknown method ${method}.` } };
    const spec = contract[method];
    const parsed = spec.input.safeParse(payload ?? {});
    if (!parsed.success) {
      return { ok: false, error: { code: 'validation', message: `Invalid input for ${method}.`, issues: issuesFromZod(parsed.error) } };
    }
    const success = (value: unknown): Result<unknown> => ({ ok: true, value: checkOutput ? spec.output.parse(value) : value });
    try {
      const value = (handlers[method] as (input: unknown) => unknown)(parsed.data);
      if (isPromiseLike(value)) {
        return Promise.resolve(value).then(
          (v) => {
            try {
              return success(v);
            } catch (e) {
              return failure(e);
            }
          },
          failure,
        );
      }
      return success(value);
    } catch (e) {
      return failure(e);
    }
  }) as Dispatch;
}

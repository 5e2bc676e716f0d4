import { contract } from '../../shared/contract/contract';
import { CausewayError, issuesFromZod, type Result } from '../../shared/contract/errors';
import { METHOD_NAMES, type MethodName, type SyncMethod } from '../../shared/contract/methods';
import { LIMITS } from '../../shared/domain/vocabulary';
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

/** Deeper than any valid input: a 5-Whys tree at its depth limit (two levels per why: the object
 *  and its children array) under a command, with room to spare. */
export const MAX_INPUT_NESTING = 2 * Math.max(LIMITS.whyDepth, LIMITS.fishboneDepth) + 20;

/** Whether objects and arrays in `value` nest more than `limit` levels, walked with an explicit stack. */
export function nestingExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

export function createDispatch(handlers: Handlers, { log = console.error, checkOutput = true }: DispatchOptions = {}): Dispatch {
  const failure = (e: unknown): Result<never> => {
    if (e instanceof CausewayError) return { ok: false, error: e.toJSON() };
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_READONLY')) {
      // A library opened read-only (read-only media): a refusal the UI explains, not a fault.
      return { ok: false, error: { code: 'storage', message: (e as Error).message, reason: 'read_only' } };
    }
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
    // The schemas of trees recurse as deep as the input goes: a payload nested far beyond any
    // limit would overflow the stack there, so its depth is measured first, without recursion.
    if (nestingExceeds(payload, MAX_INPUT_NESTING)) {
      return { ok: false, error: { code: 'validation', message: `Input for ${method} is nested too deep.`, issues: [{ path: [], reason: 'too_deep' }] } };
    }
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

import { contract } from '../../shared/contract/contract';
import { CausewayError, issuesFromZod, type Result } from '../../shared/contract/errors';
import { METHOD_NAMES, type MethodName } from '../../shared/contract/methods';
import type { Handlers } from './handlers';

export type Dispatch = (method: string, payload: unknown) => Result<unknown>;

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
  return (method, payload) => {
    if (!isMethod(method)) return { ok: false, error: { code: 'not_found', message: `Unknown method ${method}.` } };
    const spec = contract[method];
    const parsed = spec.input.safeParse(payload ?? {});
    if (!parsed.success) {
      return { ok: false, error: { code: 'validation', message: `Invalid input for ${method}.`, issues: issuesFromZod(parsed.error) } };
    }
    try {
      const value = (handlers[method] as (input: unknown) => unknown)(parsed.data);
      return { ok: true, value: checkOutput ? spec.output.parse(value) : value };
    } catch (e) {
      if (e instanceof CausewayError) return { ok: false, error: e.toJSON() };
      const code = (e as { code?: string }).code;
      if (typeof code === 'string' && code.startsWith('SQLITE_')) {
        log(e);
        return { ok: false, error: { code: 'storage', message: (e as Error).message, reason: code } };
      }
      log(e);
      return { ok: false, error: { code: 'internal', message: (e as Error)?.message ?? String(e) } };
    }
  };
}

import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract/contract';
import { ApiError, CausewayError } from '../../shared/contract/errors';
import { METHOD_NAMES } from '../../shared/contract/methods';
import { createDispatch } from '../../electron/backend/dispatch';
import { createHandlers, type Handlers } from '../../electron/backend/handlers';
import { useBackend } from '../support/backend';

const { start } = useBackend();

describe('the method table', () => {
  it('has a contract entry and a handler for every method name, and nothing else', () => {
    const { library } = start();
    const handlers = createHandlers({ library, version: 'test', shell: 'electron' });
    expect(Object.keys(contract).sort()).toEqual([...METHOD_NAMES].sort());
    expect(Object.keys(handlers).sort()).toEqual([...METHOD_NAMES].sort());
  });
});

describe('dispatch', () => {
  it('answers an unknown method with not_found', () => {
    const { fail } = start();
    for (const name of ['cases:drop', '', '__proto__', 'constructor', 'toString']) {
      expect(fail(name, {}), name).toMatchObject({ code: 'not_found' });
    }
  });

  it('takes a missing payload as an empty one', () => {
    const { dispatch } = start();
    expect(dispatch('cases:list', undefined)).toMatchObject({ ok: true, value: { total: 0 } });
    expect(dispatch('cases:list', null)).toMatchObject({ ok: true, value: { total: 0 } });
  });

  it.each([['a string', 'cases'], ['an array', [1]], ['a number', 3], ['true', true]])('refuses %s as payload', (_name, payload) => {
    const { fail } = start();
    expect(fail('cases:list', payload)).toMatchObject({ code: 'validation', issues: [{ path: [], reason: 'invalid_type' }] });
  });

  it('returns errors in the ApiError shape, with stable reason keys', () => {
    const { fail } = start();
    const error = fail('cases:create', { language: 'en', title: 'x'.repeat(501), extra: 1 });
    expect(ApiError.safeParse(error).success).toBe(true);
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: ['title'], reason: 'too_long' },
        { path: ['extra'], reason: 'unknown_field' },
      ]),
    );
  });

  describe('with a handler that fails', () => {
    function dispatchWith(override: Partial<Handlers>) {
      const { library } = start();
      const logged: unknown[] = [];
      const handlers = { ...createHandlers({ library, version: 'test', shell: 'browser' }), ...override } as Handlers;
      return { dispatch: createDispatch(handlers, { log: (e) => logged.push(e) }), logged };
    }

    it('passes a typed error through unlogged', () => {
      const { dispatch, logged } = dispatchWith({
        'app:info': () => {
          throw new CausewayError('conflict', 'busy', { reason: 'stale' });
        },
      });
      expect(dispatch('app:info', {})).toEqual({ ok: false, error: { code: 'conflict', message: 'busy', reason: 'stale' } });
      expect(logged).toEqual([]);
    });

    it('reports an SQLite error as storage with its code, and logs it', () => {
      const { dispatch, logged } = dispatchWith({
        'app:info': () => {
          throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
        },
      });
      expect(dispatch('app:info', {})).toEqual({ ok: false, error: { code: 'storage', message: 'disk I/O error', reason: 'SQLITE_IOERR' } });
      expect(logged).toHaveLength(1);
    });

    it('reports anything else as internal, and logs it', () => {
      const { dispatch, logged } = dispatchWith({
        'app:info': () => {
          throw new TypeError('oops');
        },
      });
      expect(dispatch('app:info', {})).toEqual({ ok: false, error: { code: 'internal', message: 'oops' } });
      expect(logged).toHaveLength(1);
    });

    it('reports an answer that breaks the output contract as internal', () => {
      const { dispatch } = dispatchWith({ 'app:info': () => ({ version: 1 }) as never });
      expect(dispatch('app:info', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    });
  });
});

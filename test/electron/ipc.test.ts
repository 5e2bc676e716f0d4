import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDispatch, type Dispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import { Library } from '../../electron/backend/library';
import { createSenderCheck, registerIpc, type InvokeEventLike, type IpcMainLike } from '../../electron/main/ipc';
import { METHOD_NAMES } from '../../shared/contract/methods';
import { CaseQuery } from '../../shared/domain/case';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();

class RecordingIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, event: InvokeEventLike, input?: unknown): unknown {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, input);
  }
}

const mainContents = { id: 1 };
const otherContents = { id: 2 };
const trusted: InvokeEventLike = { sender: mainContents, senderFrame: { url: 'app://causeway/index.html' } };

let library: Library;
let dispatch: ReturnType<typeof vi.fn<Dispatch>>;
let ipc: RecordingIpcMain;
let unregister: () => void;

beforeEach(() => {
  library = new Library(join(tempDir(), 'cases.sqlite'));
  dispatch = vi.fn(createDispatch(createHandlers({ library, version: '1.2.3', shell: 'electron' })));
  ipc = new RecordingIpcMain();
  unregister = registerIpc(ipc, dispatch, createSenderCheck(() => mainContents));
});

afterEach(() => library.close());

const countCases = () => library.repo.list(CaseQuery.parse({})).total;

describe('IPC wiring', () => {
  it('registers exactly one handler per contract method', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual([...METHOD_NAMES].sort());
  });

  it('removes every handler when asked', () => {
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });

  it('refuses callers that are not the app page in the main window, without reaching the backend', () => {
    const untrusted: [string, InvokeEventLike][] = [
      ['file:// frame', { sender: mainContents, senderFrame: { url: 'file:///work/main/dist/renderer/index.html' } }],
      ['http:// frame', { sender: mainContents, senderFrame: { url: 'http://127.0.0.1:5173/' } }],
      ['https:// frame', { sender: mainContents, senderFrame: { url: 'https://example.com/' } }],
      ['lookalike host', { sender: mainContents, senderFrame: { url: 'app://causeway.example/index.html' } }],
      ['destroyed frame', { sender: mainContents, senderFrame: null }],
      ['another webContents', { sender: otherContents, senderFrame: { url: 'app://causeway/index.html' } }],
    ];
    for (const [why, event] of untrusted) {
      for (const method of ['cases:create', 'db:openFile', 'app:info'] as const) {
        const input = method === 'cases:create' ? { language: 'en', title: 'Injected' } : method === 'db:openFile' ? { path: '/tmp/x.sqlite' } : {};
        expect(ipc.invoke(method, event, input), `${why} → ${method}`).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      }
    }
    expect(dispatch).not.toHaveBeenCalled();
    expect(countCases()).toBe(0);
  });

  it('refuses everything while no main window exists', () => {
    const lonely = new RecordingIpcMain();
    registerIpc(lonely, dispatch, createSenderCheck(() => undefined));
    expect(lonely.invoke('app:info', trusted, {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('rejects an invalid payload from the trusted page with a validation error and writes nothing', () => {
    const result = ipc.invoke('cases:create', trusted, { language: 'fr', title: 'x'.repeat(100_000), extra: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
    const issues = (result as { error: { issues: { path: unknown[] }[] } }).error.issues;
    expect(issues.map((i) => i.path[0])).toEqual(expect.arrayContaining(['language', 'title']));
    expect(ipc.invoke('cases:update', trusted, { id: 'nope', revision: -1, patch: {} })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(countCases()).toBe(0);
  });

  it('passes a valid call through to the backend and returns its data', () => {
    const info = ipc.invoke('app:info', trusted, {});
    expect(info).toEqual({ ok: true, value: { version: '1.2.3', schemaVersion: expect.any(Number), dbPath: library.dbPath, shell: 'electron' } });

    const created = ipc.invoke('cases:create', trusted, { language: 'en', title: 'Checkout outage' }) as { ok: true; value: { case: { id: string } } };
    expect(created.ok).toBe(true);
    const listed = ipc.invoke('cases:list', trusted, {});
    expect(listed).toMatchObject({ ok: true, value: { total: 1 } });
    expect(ipc.invoke('cases:get', trusted, { id: created.value.case.id })).toMatchObject({ ok: true, value: { case: { title: 'Checkout outage' } } });
    expect(dispatch).toHaveBeenCalledWith('cases:create', { language: 'en', title: 'Checkout outage' });
  });

  it('reads the main window lazily, so a reopened window is trusted and the old one is not', () => {
    let current: object = mainContents;
    const check = createSenderCheck(() => current);
    expect(check(trusted)).toBe(true);
    current = otherContents;
    expect(check(trusted)).toBe(false);
    expect(check({ sender: otherContents, senderFrame: { url: 'app://causeway/' } })).toBe(true);
  });
});

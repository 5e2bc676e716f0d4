import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PreloadApi } from '../../electron/preload/api-types';
import { METHOD_NAMES } from '../../shared/contract/methods';
import { contextBridge, ipcRenderer } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

let api: PreloadApi;

beforeAll(async () => {
  await import('../../electron/preload/index');
  expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  expect(contextBridge.exposeInMainWorld.mock.calls[0]?.[0]).toBe('causeway');
  api = contextBridge.exposed.get('causeway');
});

beforeEach(() => {
  ipcRenderer.invoke.mockClear();
  ipcRenderer.removeAllListeners();
});

describe('preload bridge', () => {
  it('exposes the contract methods, the two listeners, the language notice, the export reveal and the shell name, nothing else', () => {
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES, 'onDbChanged', 'onMenuCommand', 'setUiLanguage', 'showExportInFolder', 'shell'].sort());
    expect(api.shell).toBe('electron');
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('ipcRenderer');
  });

  it('sends each method on its own channel with the caller’s input, and returns the answer', async () => {
    for (const name of METHOD_NAMES) {
      const input = { probe: name };
      const fn = api[name] as (input: unknown) => Promise<unknown>;
      await expect(fn(input)).resolves.toEqual({ ok: true, value: { channel: name, input } });
      expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(name, input);
    }
    expect(ipcRenderer.invoke).toHaveBeenCalledTimes(METHOD_NAMES.length);
  });

  it('delivers menu commands without the IPC event, ignores unknown ones, and unsubscribes', () => {
    const received: unknown[][] = [];
    const stop = api.onMenuCommand((...args) => received.push(args));
    ipcRenderer.emit('menu:command', { sender: ipcRenderer }, 'newCase');
    ipcRenderer.emit('menu:command', { sender: ipcRenderer }, 'loadDemo');
    ipcRenderer.emit('menu:command', { sender: ipcRenderer }, 'formatDisk');
    expect(received).toEqual([['newCase'], ['loadDemo']]);
    stop();
    expect(ipcRenderer.listenerCount('menu:command')).toBe(0);
    ipcRenderer.emit('menu:command', { sender: ipcRenderer }, 'newCase');
    expect(received).toHaveLength(2);
  });

  it('tells the page when the database changed, with no arguments at all', () => {
    const cb = vi.fn();
    const stop = api.onDbChanged(cb);
    ipcRenderer.emit('db:changed', { sender: ipcRenderer }, 'unexpected');
    expect(cb).toHaveBeenCalledTimes(1);
    expect(cb.mock.calls[0]).toEqual([]);
    stop();
    ipcRenderer.emit('db:changed', { sender: ipcRenderer });
    expect(cb).toHaveBeenCalledTimes(1);
  });

  it('sends the UI language on its one channel', () => {
    api.setUiLanguage('zh-CN');
    expect(ipcRenderer.send).toHaveBeenLastCalledWith('ui:language', 'zh-CN');
  });

  it('asks the main process to show an exported file on its one channel, and sends nothing but a string', () => {
    ipcRenderer.send.mockClear();
    api.showExportInFolder('/data/exports/Late delivery-report.pdf');
    expect(ipcRenderer.send).toHaveBeenLastCalledWith('export:reveal', '/data/exports/Late delivery-report.pdf');
    (api.showExportInFolder as (path: unknown) => void)({ toString: () => '/etc/passwd' });
    expect(ipcRenderer.send).toHaveBeenCalledTimes(1);
  });

  it('bundles to a script that requires nothing but electron, as a sandboxed preload must', async () => {
    const out = await build({
      entryPoints: [fileURLToPath(new URL('../../electron/preload/index.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]!.text;
    expect([...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(Object.keys(out.metafile.inputs).filter((f) => f.includes('node_modules'))).toEqual([]);
    expect(code.length).toBeLessThan(10_000);
  });
});

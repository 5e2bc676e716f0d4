import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createSenderCheck, type InvokeEventLike } from '../../electron/main/ipc';
import { listenForRevealExport, printToPdf } from '../../electron/main/print';
import { WINDOW_WEB_PREFERENCES } from '../../electron/main/window';
import { useTempDir } from '../support/temp';
import { FakeBrowserWindow, ipcMain, shell } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const tempDir = useTempDir();

beforeEach(() => {
  FakeBrowserWindow.instances.length = 0;
  ipcMain.listeners.clear();
  shell.showItemInFolder.mockClear();
});

const HTML = '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body><h1>经验教训报告</h1></body></html>';

describe('printToPdf (Electron’s printToPDF)', () => {
  it('prints the HTML from a temporary file in a hidden, locked-down window, then destroys it and removes the file', async () => {
    const pdf = await printToPdf(HTML);
    expect(new TextDecoder().decode(pdf)).toBe('%PDF-1.4 fake');

    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.options.show).toBe(false);
    // The main window's security settings, and no preload: the page gets no API at all.
    expect(win.options.webPreferences).toEqual({ ...WINDOW_WEB_PREFERENCES });
    expect(win.options.webPreferences).not.toHaveProperty('preload');
    expect(win.loadedHtml).toBe(HTML);
    expect(win.webContents.scripts).toEqual(['document.fonts.ready.then(() => true)']);
    expect(win.webContents.printOptions).toEqual([{ pageSize: 'A4', printBackground: true, preferCSSPageSize: true }]);

    expect(win.destroyed).toBe(true);
    expect(existsSync(win.loadedFile!)).toBe(false);
    expect(existsSync(dirname(win.loadedFile!))).toBe(false);
  });

  it('lets the page neither navigate nor open a window', async () => {
    await printToPdf(HTML);
    const contents = FakeBrowserWindow.instances[0]!.webContents;
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.navigate('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.navigate('will-redirect', 'file:///etc/passwd')).toBe(true);
  });

  it('cleans up when printing fails, and passes the failure on', async () => {
    const original = FakeBrowserWindow.prototype.loadFile;
    FakeBrowserWindow.prototype.loadFile = async function (this: FakeBrowserWindow, file: string) {
      await original.call(this, file);
      this.webContents.pdfResult = new Error('printing failed');
    };
    try {
      await expect(printToPdf(HTML)).rejects.toThrow('printing failed');
    } finally {
      FakeBrowserWindow.prototype.loadFile = original;
    }
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.destroyed).toBe(true);
    expect(existsSync(win.loadedFile!)).toBe(false);
  });

  it('gives up after the time limit', async () => {
    const original = FakeBrowserWindow.prototype.loadFile;
    FakeBrowserWindow.prototype.loadFile = function (this: FakeBrowserWindow, file: string) {
      void original.call(this, file);
      return new Promise<void>(() => undefined);
    };
    try {
      await expect(printToPdf(HTML, { timeoutMs: 30 })).rejects.toThrow(/longer than 30 ms/);
    } finally {
      FakeBrowserWindow.prototype.loadFile = original;
    }
    expect(FakeBrowserWindow.instances[0]!.destroyed).toBe(true);
  });
});

describe('showing an export in the file manager', () => {
  const mainContents = { id: 1 };
  const trusted = (): InvokeEventLike => ({ sender: mainContents, senderFrame: { url: 'app://causeway/index.html' } });

  function setUp() {
    const exports = join(tempDir(), 'exports');
    mkdirSync(exports, { recursive: true });
    const file = join(exports, '配送延误-report.pdf');
    writeFileSync(file, '%PDF');
    listenForRevealExport(ipcMain, 'export:reveal', createSenderCheck(() => mainContents), () => exports, (path) => shell.showItemInFolder(path));
    const send = (event: InvokeEventLike, value: unknown) => ipcMain.listeners.get('export:reveal')!(event, value);
    return { exports, file, send };
  }

  it('reveals a file of the exports folder when the app’s window asks', () => {
    const { file, send } = setUp();
    send(trusted(), file);
    expect(shell.showItemInFolder).toHaveBeenCalledWith(file);
  });

  it('ignores other windows, foreign frames, and anything but an existing file directly in the exports folder', () => {
    const { exports, file, send } = setUp();
    send({ sender: { id: 2 }, senderFrame: { url: 'app://causeway/index.html' } }, file);
    send({ sender: mainContents, senderFrame: { url: 'https://example.com/' } }, file);
    send({ sender: mainContents, senderFrame: null }, file);
    for (const value of [
      join(exports, 'missing.pdf'),
      exports,
      join(exports, '..', 'library.sqlite'),
      '/etc/passwd',
      `${file}\0.txt`,
      'x'.repeat(5000),
      42,
      null,
      { path: file },
    ]) {
      send(trusted(), value);
    }
    mkdirSync(join(exports, 'sub'));
    writeFileSync(join(exports, 'sub', 'x.pdf'), '');
    send(trusted(), join(exports, 'sub', 'x.pdf'));
    expect(shell.showItemInFolder).not.toHaveBeenCalled();
    // A path that climbs out and back in is the same file, and allowed.
    send(trusted(), join(exports, '..', 'exports', '配送延误-report.pdf'));
    expect(shell.showItemInFolder).toHaveBeenCalledWith(file);
  });

  it('is a fire-and-forget message (the page learns nothing back)', () => {
    const { file, send } = setUp();
    expect(send(trusted(), file)).toBeUndefined();
  });
});

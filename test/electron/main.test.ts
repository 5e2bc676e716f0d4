import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BACKUP_INTERVAL_MS } from '../../electron/backend/library';
import { CATALOGS } from '../../shared/i18n/catalogs';
import { METHOD_NAMES } from '../../shared/contract/methods';
import { useTempDir } from '../support/temp';
import { app, dialog, FakeBrowserWindow, ipcMain, Menu, protocol, screen, session, shell } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const tempDir = useTempDir();
let userData: string;
let dbPath: string;
const savedDbEnv = process.env.CAUSEWAY_DB;

let runs = 0;
/** Runs the entry module afresh (it acts on import) against the same fake Electron. */
async function runEntry(): Promise<void> {
  const entry = `../../electron/main/index.ts?run=${++runs}`;
  await import(/* @vite-ignore */ entry);
}

async function boot(): Promise<FakeBrowserWindow> {
  await runEntry();
  await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
  return FakeBrowserWindow.instances[0]!;
}

const appFrame = (win: FakeBrowserWindow) => ({ sender: win.webContents, senderFrame: { url: 'app://causeway/index.html' } });
const call = (channel: string, event: unknown, input: unknown) => ipcMain.handlers.get(channel)!(event, input) as { ok: boolean; value?: any; error?: any };

function fileMenuItem(id: string): { click: () => void } {
  const file = Menu.applicationMenu!.template.find((i) => i.label === CATALOGS.en.menu.file);
  return file.submenu.find((i: { id?: string }) => i.id === id);
}

beforeEach(() => {
  userData = tempDir();
  dbPath = join(tempDir(), 'library.sqlite');
  process.env.CAUSEWAY_DB = dbPath;
  Object.assign(app, { userData, appPath: '/opt/causeway', locale: 'en-GB', gotLock: true, ready: Promise.resolve() });
  app.calls.length = 0;
  app.switches.clear();
  app.removeAllListeners();
  app.quit.mockClear();
  app.whenReady.mockClear();
  app.requestSingleInstanceLock.mockClear();
  ipcMain.handlers.clear();
  ipcMain.listeners.clear();
  protocol.handlers.clear();
  protocol.handle.mockClear();
  protocol.privileged.length = 0;
  FakeBrowserWindow.instances.length = 0;
  Menu.applicationMenu = null;
  screen.workArea = { x: 0, y: 0, width: 1920, height: 1080 };
  dialog.showOpenDialog.mockReset();
  dialog.showErrorBox.mockReset();
});

afterEach(() => {
  app.emit('will-quit');
  vi.useRealTimers();
  if (savedDbEnv === undefined) delete process.env.CAUSEWAY_DB;
  else process.env.CAUSEWAY_DB = savedDbEnv;
});

describe('desktop entry point', () => {
  it('registers the app scheme before the app is ready, then serves it', async () => {
    await boot();
    expect(app.calls.indexOf('registerSchemesAsPrivileged')).toBeLessThan(app.calls.indexOf('whenReady'));
    expect(protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(protocol.handlers.has('app')).toBe(true);
  });

  it('opens one window with the bundled preload at the app origin', async () => {
    const win = await boot();
    expect(win.options.webPreferences).toMatchObject({
      preload: join('/opt/causeway', 'dist', 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(win.loadedUrl).toBe('app://causeway/index.html');
    expect(session.defaultSession.requestHandler).not.toBeNull();
  });

  it('serves dist/renderer under the application folder, with the CSP', async () => {
    app.appPath = tempDir();
    const rendererDir = join(app.appPath, 'dist', 'renderer');
    (await import('node:fs')).mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<p>shell test</p>');
    await boot();
    const res = await protocol.handlers.get('app')!(new Request('app://causeway/'));
    expect(await res.text()).toBe('<p>shell test</p>');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('answers the window’s own calls from the database the environment names, and no one else’s', async () => {
    const win = await boot();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...METHOD_NAMES].sort());
    expect(call('app:info', appFrame(win), {})).toMatchObject({ ok: true, value: { dbPath, version: '9.9.9', shell: 'electron' } });
    expect(call('cases:create', appFrame(win), { language: 'en', title: 'From the window' })).toMatchObject({ ok: true });

    const stranger = new FakeBrowserWindow({ width: 100, height: 100 });
    expect(call('cases:create', { sender: stranger.webContents, senderFrame: { url: 'app://causeway/index.html' } }, { language: 'en' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(call('cases:create', { sender: win.webContents, senderFrame: { url: 'file:///index.html' } }, { language: 'en' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(call('cases:list', appFrame(win), {})).toMatchObject({ ok: true, value: { total: 1 } });
  });

  it('prints PDF reports with Electron’s printToPDF and shows the exported file in the folder on request', async () => {
    const win = await boot();
    const caseId = call('cases:create', appFrame(win), { language: 'zh-CN', title: '门店排队投诉' }).value.case.id;
    const exported = (await call('report:export', appFrame(win), { caseId, format: 'pdf', language: 'zh-CN', layout: 'steps', timeZone: 'UTC' })) as { ok: boolean; value: any };
    // The name says the case, the layout (steps: none), the language and the date.
    const fileName = `门店排队投诉-report-zh-CN-${new Date().toISOString().slice(0, 10)}.pdf`;
    expect(exported).toMatchObject({ ok: true, value: { fileName, path: join(dbPath, '..', 'exports', fileName) } });
    expect(readFileSync(exported.value.path, 'utf8')).toBe('%PDF-1.4 fake');
    const printer = FakeBrowserWindow.instances.find((w) => w !== win)!;
    expect(printer.options.show).toBe(false);
    expect(printer.loadedHtml).toContain('<html lang="zh-CN">');
    expect(printer.loadedHtml).toContain('@font-face');
    expect(printer.destroyed).toBe(true);

    const reveal = ipcMain.listeners.get('export:reveal')!;
    shell.showItemInFolder.mockClear();
    reveal({ sender: {}, senderFrame: { url: 'app://causeway/index.html' } }, exported.value.path);
    reveal(appFrame(win), join(dbPath, '..', 'library.sqlite'));
    expect(shell.showItemInFolder).not.toHaveBeenCalled();
    reveal(appFrame(win), exported.value.path);
    expect(shell.showItemInFolder).toHaveBeenCalledWith(exported.value.path);
  });

  it('builds the menu in the OS language and sends the renderer its commands', async () => {
    app.locale = 'zh-TW';
    const win = await boot();
    const t = CATALOGS['zh-CN'].menu;
    const file = Menu.applicationMenu!.template.find((i) => i.label === t.file);
    expect(file.submenu.map((i: { label?: string }) => i.label).filter(Boolean)).toEqual([t.newCase, t.loadDemo, t.openDatabase, CATALOGS['zh-CN'].libraryCopy.menu, t.roles.quit]);
    file.submenu.find((i: { id?: string }) => i.id === 'newCase').click();
    file.submenu.find((i: { id?: string }) => i.id === 'loadDemo').click();
    expect(win.webContents.sent).toEqual([
      ['menu:command', 'newCase'],
      ['menu:command', 'loadDemo'],
    ]);
  });

  it('rebuilds the menu in the language the page chose, remembers it, and hears only its own window', async () => {
    app.locale = 'en-US';
    const win = await boot();
    const fileLabel = () => Menu.applicationMenu!.template[0].label;
    expect(fileLabel()).toBe(CATALOGS.en.menu.file);
    const language = ipcMain.listeners.get('ui:language')!;

    language({ sender: {}, senderFrame: { url: 'app://causeway/index.html' } }, 'zh-CN'); // another window
    language({ sender: win.webContents, senderFrame: { url: 'https://example.com/' } }, 'zh-CN'); // a foreign frame
    language(appFrame(win), 'klingon');
    expect(fileLabel()).toBe(CATALOGS.en.menu.file);

    language(appFrame(win), 'zh-CN');
    expect(fileLabel()).toBe(CATALOGS['zh-CN'].menu.file);
    expect(JSON.parse(readFileSync(join(userData, 'ui-language.json'), 'utf8'))).toEqual({ language: 'zh-CN' });

    // Chromium was started in no particular language: the OS's stays until a choice is saved.
    expect(app.switches.has('lang')).toBe(false);

    // The next start speaks it from the first frame, whatever the OS locale, and Chromium (its
    // date pickers) is told before the app is ready.
    app.emit('will-quit');
    FakeBrowserWindow.instances.length = 0;
    ipcMain.handlers.clear();
    app.calls.length = 0;
    await boot();
    expect(fileLabel()).toBe(CATALOGS['zh-CN'].menu.file);
    expect(app.switches.get('lang')).toBe('zh-CN');
    expect(app.calls.indexOf('appendSwitch:lang')).toBeLessThan(app.calls.indexOf('whenReady'));
  });

  it('opens another database from the File menu and tells the page', async () => {
    const win = await boot();
    const other = join(tempDir(), 'other.sqlite');
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [other] });
    fileMenuItem('openDatabase').click();
    await vi.waitFor(() => expect(win.webContents.sent).toEqual([['db:changed']]));
    expect(dialog.showOpenDialog.mock.calls[0]?.[0]).toBe(win);
    expect(call('app:info', appFrame(win), {})).toMatchObject({ ok: true, value: { dbPath: other } });
    expect(dialog.showErrorBox).not.toHaveBeenCalled();
  });

  it('remembers the window geometry across runs and fits it to the screen', async () => {
    screen.workArea = { x: 0, y: 0, width: 1600, height: 1000 };
    const first = await boot();
    first.bounds = { x: 50, y: 60, width: 1200, height: 800 };
    first.close();
    expect(JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8'))).toEqual({ x: 50, y: 60, width: 1200, height: 800, maximized: false });
    app.emit('will-quit');

    FakeBrowserWindow.instances.length = 0;
    ipcMain.handlers.clear();
    screen.workArea = { x: 0, y: 0, width: 1024, height: 700 };
    const second = await boot();
    expect(second.options).toMatchObject({ x: 0, y: 0, width: 1024, height: 700 });
  });

  it('opens the window anyway when the state file is garbage', async () => {
    writeFileSync(join(userData, 'window-state.json'), '{"width": "huge"');
    const win = await boot();
    expect(win.options).toMatchObject({ width: 1280, height: 820 });
  });

  it('takes periodic backups and closes the library when quitting', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const win = await boot();
    expect(call('db:backups', appFrame(win), {}).value.filter((b: { reason: string }) => b.reason === 'periodic')).toHaveLength(0);
    vi.advanceTimersByTime(BACKUP_INTERVAL_MS);
    expect(call('db:backups', appFrame(win), {}).value.filter((b: { reason: string }) => b.reason === 'periodic')).toHaveLength(1);

    app.emit('will-quit');
    expect(call('cases:list', appFrame(win), {})).toMatchObject({ ok: false, error: { code: 'damaged' } });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('focuses the existing window when a second copy starts, and quits with the last window off macOS', async () => {
    const win = await boot();
    win.minimized = true;
    app.emit('second-instance');
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(true);
    win.close();
    app.emit('window-all-closed');
    expect(app.quit).toHaveBeenCalledTimes(process.platform === 'darwin' ? 0 : 1);
  });

  it('steps aside when another copy already holds the lock', async () => {
    app.gotLock = false;
    await runEntry();
    expect(app.quit).toHaveBeenCalled();
    expect(app.requestSingleInstanceLock).toHaveBeenCalledTimes(1);
    expect(app.whenReady).not.toHaveBeenCalled();
    expect(protocol.handle).not.toHaveBeenCalledWith('app', expect.anything());
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(existsSync(dbPath)).toBe(false);
  });
});

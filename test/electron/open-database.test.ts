import type { BrowserWindow, Dialog } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dispatch } from '../../electron/backend/dispatch';
import { openDatabaseFromDialog } from '../../electron/main/open-database';
import { CATALOGS } from '../../shared/i18n/catalogs';
import { dialog, FakeBrowserWindow } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

let win: FakeBrowserWindow;
let dispatch: ReturnType<typeof vi.fn<Dispatch>>;

const run = (language: 'en' | 'zh-CN' = 'en', window: FakeBrowserWindow | null = win) =>
  openDatabaseFromDialog({ dialog: dialog as unknown as Dialog, window: window as unknown as BrowserWindow | null, dispatch, language });

beforeEach(() => {
  win = new FakeBrowserWindow({ width: 800, height: 600 });
  dispatch = vi.fn<Dispatch>(() => ({ ok: true, value: { state: 'ok', path: '/x', schemaVersion: 1 } }));
  dialog.showOpenDialog.mockReset();
  dialog.showErrorBox.mockReset();
});

describe('File › Open database…', () => {
  it('does nothing when the dialog is cancelled', async () => {
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    await expect(run()).resolves.toBe(false);
    expect(dispatch).not.toHaveBeenCalled();
    expect(win.webContents.sent).toEqual([]);
  });

  it('asks for one existing file, titled in the user’s language, as a sheet of the window', async () => {
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    await run('zh-CN');
    const [parent, options] = dialog.showOpenDialog.mock.calls[0] as [unknown, { title: string; properties: string[] }];
    expect(parent).toBe(win);
    expect(options.title).toBe(CATALOGS['zh-CN'].menu.openDatabase);
    expect(options.properties).toEqual(['openFile']);
  });

  it('switches through the validated db:openFile method and tells the page', async () => {
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/data/incidents.sqlite'] });
    await expect(run()).resolves.toBe(true);
    expect(dispatch).toHaveBeenCalledWith('db:openFile', { path: '/data/incidents.sqlite' });
    expect(win.webContents.sent).toEqual([['db:changed']]);
    expect(dialog.showErrorBox).not.toHaveBeenCalled();
  });

  it('explains a failure in the user’s language and still has the page re-read the status', async () => {
    dispatch.mockReturnValueOnce({ ok: false, error: { code: 'storage', message: 'SQLITE_CANTOPEN' } });
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/locked.sqlite'] });
    await run('en');
    expect(dialog.showErrorBox).toHaveBeenCalledWith(CATALOGS.en.menu.openDatabase, expect.stringContaining(CATALOGS.en.error.storage));
    expect(dialog.showErrorBox.mock.calls[0]?.[1]).toContain('SQLITE_CANTOPEN');
    expect(win.webContents.sent).toEqual([['db:changed']]);
  });

  it('works without a window and does not message a destroyed one', async () => {
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/a.sqlite'] });
    await run('en', null);
    expect(dialog.showOpenDialog.mock.calls[0]).toHaveLength(1);
    expect(dispatch).toHaveBeenCalledTimes(1);

    win.destroyed = true;
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/b.sqlite'] });
    await run();
    expect(win.webContents.sent).toEqual([]);
  });
});

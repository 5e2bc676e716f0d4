import type { BrowserWindow, Dialog } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { chooseLibraryFile } from '../../electron/main/library-dialog';
import { CATALOGS } from '../../shared/i18n/catalogs';
import { dialog, FakeBrowserWindow } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

let win: FakeBrowserWindow;
const run = (language: 'en' | 'zh-CN' = 'en', window: FakeBrowserWindow | null = win) =>
  chooseLibraryFile({ dialog: dialog as unknown as Dialog, window: window as unknown as BrowserWindow | null, language });

beforeEach(() => {
  win = new FakeBrowserWindow({ width: 800, height: 600 });
  dialog.showOpenDialog.mockReset();
});

describe('Libraries › Choose a file… (desktop)', () => {
  it('returns nothing when the dialog is cancelled', async () => {
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    await expect(run()).resolves.toBeNull();
  });

  it('asks for one file as a sheet of the window, titled in the user’s language, and returns its path', async () => {
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/clients/lotus.sqlite'] });
    await expect(run('zh-CN')).resolves.toBe('/clients/lotus.sqlite');
    const [parent, options] = dialog.showOpenDialog.mock.calls[0] as [unknown, { title: string; properties: string[]; filters: { name: string }[] }];
    expect(parent).toBe(win);
    expect(options.title).toBe(CATALOGS['zh-CN'].libraries.openDialogTitle);
    expect(options.properties).toContain('openFile');
    expect(options.properties).not.toContain('multiSelections');
    expect(options.filters[0]?.name).toBe(CATALOGS['zh-CN'].libraries.fileFilter);
  });

  it('works without a window, and without a destroyed one', async () => {
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: ['/a.sqlite'] });
    await expect(run('en', null)).resolves.toBe('/a.sqlite');
    expect(dialog.showOpenDialog.mock.calls[0]).toHaveLength(1);
    win.destroyed = true;
    await run();
    expect(dialog.showOpenDialog.mock.calls[1]).toHaveLength(1);
  });
});

import type { BrowserWindow, Dialog } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { chooseCaseFile } from '../../electron/main/casefile-dialog';
import { createDispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import { CATALOGS } from '../../shared/i18n/catalogs';
import { useBackend } from '../support/backend';
import { dialog, FakeBrowserWindow } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const { start } = useBackend();
let win: FakeBrowserWindow;
const run = (language: 'en' | 'zh-CN' = 'en', window: FakeBrowserWindow | null = win) =>
  chooseCaseFile({ dialog: dialog as unknown as Dialog, window: window as unknown as BrowserWindow | null, language });

beforeEach(() => {
  win = new FakeBrowserWindow({ width: 800, height: 600 });
  dialog.showOpenDialog.mockReset();
});

describe('Import a case file… (desktop): the native open dialog', () => {
  it('returns nothing when the dialog is cancelled', async () => {
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    await expect(run()).resolves.toBeNull();
  });

  it('asks for one .causeway file as a sheet of the window, in the user’s language, and returns its path', async () => {
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/clients/lotus-cases.causeway'] });
    await expect(run('zh-CN')).resolves.toBe('/clients/lotus-cases.causeway');
    const [parent, options] = dialog.showOpenDialog.mock.calls[0] as [unknown, { title: string; properties: string[]; filters: { name: string; extensions: string[] }[] }];
    expect(parent).toBe(win);
    expect(options.title).toBe(CATALOGS['zh-CN'].caseFileDialog.title);
    expect(options.properties).toEqual(['openFile']);
    expect(options.filters[0]).toEqual({ name: CATALOGS['zh-CN'].caseFileDialog.filter, extensions: ['causeway'] });
  });

  it('works without a window, and without a destroyed one', async () => {
    dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: ['/a.causeway'] });
    await expect(run('en', null)).resolves.toBe('/a.causeway');
    expect(dialog.showOpenDialog.mock.calls[0]).toHaveLength(1);
    win.destroyed = true;
    await run();
    expect(dialog.showOpenDialog.mock.calls[1]).toHaveLength(1);
  });

  it('casefile:chooseFile answers the chosen path in the desktop app, and is refused where there is no dialog', async () => {
    const b = start();
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/x/cases.causeway'] }).mockResolvedValueOnce({ canceled: true, filePaths: [] });
    const desktop = createDispatch(createHandlers({ library: b.library, version: 'test', shell: 'electron', chooseCaseFile: () => run() }), { log: () => undefined });
    await expect(desktop('casefile:chooseFile', {})).resolves.toEqual({ ok: true, value: { path: '/x/cases.causeway' } });
    await expect(desktop('casefile:chooseFile', {})).resolves.toEqual({ ok: true, value: { path: null } });
    const browser = createDispatch(createHandlers({ library: b.library, version: 'test', shell: 'browser' }), { log: () => undefined });
    const refused = (await browser('casefile:chooseFile', {})) as { ok: boolean; error: { code: string; reason?: string } };
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatchObject({ code: 'validation', reason: 'casefile_no_dialog' });
  });
});

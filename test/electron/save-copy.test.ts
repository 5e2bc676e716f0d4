import type { BrowserWindow, Dialog } from 'electron';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { saveCopyFromDialog } from '../../electron/main/save-copy';
import { CATALOGS } from '../../shared/i18n/catalogs';
import { useBackend, withConnection } from '../support/backend';
import { dialog, FakeBrowserWindow } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const { tempDir, start } = useBackend();
let win: FakeBrowserWindow;

beforeEach(() => {
  win = new FakeBrowserWindow({ width: 800, height: 600 });
  dialog.showSaveDialog.mockReset();
  dialog.showMessageBox.mockReset();
  dialog.showErrorBox.mockReset();
});

const run = (library: Parameters<typeof saveCopyFromDialog>[0]['library'], language: 'en' | 'zh-CN' = 'en') =>
  saveCopyFromDialog({ dialog: dialog as unknown as Dialog, window: win as unknown as BrowserWindow, library, language, now: () => new Date('2026-07-08T09:00:00Z') });

describe('File › Save a Copy of This Library…', () => {
  it('asks where with the native save dialog, in the user’s language, next to the library', async () => {
    const b = start({ path: join(tempDir(), 'team.sqlite') });
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true });
    await expect(run(b.library, 'zh-CN')).resolves.toBe(false);
    const [parent, options] = dialog.showSaveDialog.mock.calls[0] as [unknown, { title: string; defaultPath: string; properties: string[] }];
    expect(parent).toBe(win);
    expect(options.title).toBe(CATALOGS['zh-CN'].libraryCopy.title);
    expect(options.defaultPath).toBe(join(dirname(b.path), 'team-copy-2026-07-08.sqlite'));
    expect(options.properties).toContain('showOverwriteConfirmation');
  });

  it('writes a verified copy where chosen and says how many cases it holds', async () => {
    const b = start({ path: join(tempDir(), 'team.sqlite') });
    b.ok('cases:create', { language: 'en', title: 'One' });
    b.ok('cases:create', { language: 'en', title: 'Two' });
    const elsewhere = join(tempDir(), 'elsewhere');
    mkdirSync(elsewhere);
    const target = join(elsewhere, 'copy.sqlite');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    await expect(run(b.library)).resolves.toBe(true);
    expect(withConnection(target, (c) => c.prepare('SELECT count(*) FROM cases').pluck().get(), { readonly: true })).toBe(2);
    const box = dialog.showMessageBox.mock.calls[0]?.[1] as { message: string; detail: string };
    expect(box.message).toMatch(/^Saved copy\.sqlite \(\d+ KB, 2 cases\)\.$/);
    expect(box.detail).toContain(target);
    expect(dialog.showErrorBox).not.toHaveBeenCalled();
  });

  it('refuses the library itself even after the dialog confirmed replacing it, and explains why', async () => {
    const b = start({ path: join(tempDir(), 'team.sqlite') });
    b.ok('cases:create', { language: 'en', title: 'Kept' });
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: b.path });
    await expect(run(b.library, 'zh-CN')).resolves.toBe(false);
    expect(dialog.showErrorBox).toHaveBeenCalledWith(CATALOGS['zh-CN'].libraryCopy.failed, expect.stringContaining(CATALOGS['zh-CN'].libraryCopy.refused.same_as_library));
    expect(b.ok('cases:list', {}).total).toBe(1);
  });

  it('replaces a file the dialog confirmed, but never a folder', async () => {
    const b = start({ path: join(tempDir(), 'team.sqlite') });
    const existing = join(tempDir(), 'old-copy.sqlite');
    writeFileSync(existing, 'old');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: existing });
    await expect(run(b.library)).resolves.toBe(true);
    expect(withConnection(existing, (c) => c.pragma('quick_check', { simple: true }), { readonly: true })).toBe('ok');
    const folder = tempDir();
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: folder });
    await expect(run(b.library)).resolves.toBe(false);
    expect(dialog.showErrorBox.mock.calls[0]?.[1]).toContain(CATALOGS.en.libraryCopy.refused.is_folder);
    expect(existsSync(`${folder}.partial`)).toBe(false);
  });
});

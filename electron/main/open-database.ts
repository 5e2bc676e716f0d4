import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';
import { CATALOGS } from '../../shared/i18n/catalogs';
import type { Language } from '../../shared/i18n/languages';
import type { AnyDispatch } from '../backend/dispatch';
import { DB_CHANGED_CHANNEL } from '../preload/channels';

export interface OpenDatabaseDeps {
  dialog: Pick<Dialog, 'showOpenDialog' | 'showErrorBox'>;
  window: BrowserWindow | null;
  dispatch: AnyDispatch;
  language: Language;
}

/** File › Open database…: the main process picks the file, because the sandboxed page cannot see
 *  paths, then switches through the same validated method the recovery screen uses and tells the
 *  page to reload its state. Returns whether a file was chosen. */
export async function openDatabaseFromDialog({ dialog, window, dispatch, language }: OpenDatabaseDeps): Promise<boolean> {
  const t = CATALOGS[language];
  const options: OpenDialogOptions = {
    title: t.menu.openDatabase,
    properties: ['openFile'],
    filters: [
      { name: 'SQLite', extensions: ['sqlite', 'sqlite3', 'db'] },
      { name: '*', extensions: ['*'] },
    ],
  };
  const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  const path = picked.filePaths[0];
  if (picked.canceled || !path) return false;
  const result = await dispatch('db:openFile', { path });
  if (!result.ok) dialog.showErrorBox(t.menu.openDatabase, `${t.error[result.error.code]}\n\n${result.error.message}`);
  // Even a failed switch may have closed the previous file, so the page re-reads the status.
  if (window && !window.isDestroyed()) window.webContents.send(DB_CHANGED_CHANNEL);
  return true;
}

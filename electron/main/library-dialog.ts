import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';
import { CATALOGS } from '../../shared/i18n/catalogs';
import type { Language } from '../../shared/i18n/languages';

export interface LibraryDialogDeps {
  dialog: Pick<Dialog, 'showOpenDialog'>;
  window: BrowserWindow | null;
  language: Language;
}

/** The libraries screen's "Open a library file…" in the desktop app: the native dialog, since the
 *  sandboxed page never sees paths. Only the path comes back; the backend's `library:openDialog`
 *  (reached through the sender-checked IPC) opens it with the same checks as `library:open`. */
export async function chooseLibraryFile({ dialog, window, language }: LibraryDialogDeps): Promise<string | null> {
  const t = CATALOGS[language].libraries;
  const options: OpenDialogOptions = {
    title: t.openDialogTitle,
    // A library that does not exist yet can be named here too: it is created empty.
    properties: ['openFile', 'promptToCreate', 'createDirectory'],
    filters: [
      { name: t.fileFilter, extensions: ['sqlite', 'sqlite3', 'db'] },
      { name: '*', extensions: ['*'] },
    ],
  };
  const live = window && !window.isDestroyed() ? window : null;
  const picked = live ? await dialog.showOpenDialog(live, options) : await dialog.showOpenDialog(options);
  const path = picked.filePaths[0];
  return picked.canceled || !path ? null : path;
}

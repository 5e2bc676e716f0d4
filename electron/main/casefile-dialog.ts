import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';
import { CASE_FILE_EXTENSION } from '../../shared/domain/case-file';
import { CATALOGS } from '../../shared/i18n/catalogs';
import type { Language } from '../../shared/i18n/languages';

export interface CaseFileDialogDeps {
  dialog: Pick<Dialog, 'showOpenDialog'>;
  window: BrowserWindow | null;
  language: Language;
}

/** "Import a case file…" in the desktop app: the native open dialog. The path it gives is the
 *  import's source, read from disk by the backend (`casefile:chooseFile`, then preview and import),
 *  so a file of any size the backend accepts can be imported without passing through the page. */
export async function chooseCaseFile({ dialog, window, language }: CaseFileDialogDeps): Promise<string | null> {
  const t = CATALOGS[language].caseFileDialog;
  const options: OpenDialogOptions = {
    title: t.title,
    properties: ['openFile'],
    filters: [
      { name: t.filter, extensions: [CASE_FILE_EXTENSION] },
      { name: '*', extensions: ['*'] },
    ],
  };
  const live = window && !window.isDestroyed() ? window : null;
  const picked = live ? await dialog.showOpenDialog(live, options) : await dialog.showOpenDialog(options);
  const path = picked.filePaths[0];
  return picked.canceled || !path ? null : path;
}

import type { BrowserWindow, Dialog, SaveDialogOptions } from 'electron';
import { dirname, join } from 'node:path';
import { CausewayError } from '../../shared/contract/errors';
import { CATALOGS } from '../../shared/i18n/catalogs';
import type { Language } from '../../shared/i18n/languages';
import type { Library } from '../backend/library';
import { defaultCopyName } from '../backend/library-copy';

export interface SaveCopyDeps {
  dialog: Pick<Dialog, 'showSaveDialog' | 'showMessageBox' | 'showErrorBox'>;
  window: BrowserWindow | null;
  library: Pick<Library, 'dbPath' | 'saveCopy'>;
  language: Language;
  now?: () => Date;
}

function fill(template: string, values: Record<string, string | number>, language: Language): string {
  return template.replace(/\{\{\s*(\w+)(\s*,\s*number)?\s*\}\}/g, (whole, name: string, number?: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return number && typeof value === 'number' ? new Intl.NumberFormat(language).format(value) : String(value);
  });
}

/** File › Save a Copy of This Library…: the main process asks where with the native save dialog
 *  (which asks itself before replacing a file), then writes the copy through the backend, which
 *  still refuses the library itself, a folder or a device. Returns whether a copy was written. */
export async function saveCopyFromDialog({ dialog, window, library, language, now = () => new Date() }: SaveCopyDeps): Promise<boolean> {
  const t = CATALOGS[language].libraryCopy;
  const options: SaveDialogOptions = {
    title: t.title,
    defaultPath: join(dirname(library.dbPath), defaultCopyName(library.dbPath, now())),
    filters: [{ name: t.dialogFilter, extensions: ['sqlite'] }],
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  };
  const picked = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  if (picked.canceled || !picked.filePath) return false;
  try {
    const copy = library.saveCopy(picked.filePath, { replace: true });
    const message = fill(copy.cases === 1 ? t.saved_one : t.saved_other, { file: copy.fileName, size: `${Math.ceil(copy.bytes / 1024)} KB`, count: copy.cases }, language);
    const box = { type: 'info' as const, title: t.title, message, detail: fill(t.savedDetail, { path: copy.path, count: copy.cases }, language) };
    await (window ? dialog.showMessageBox(window, box) : dialog.showMessageBox(box));
    return true;
  } catch (e) {
    const reason = e instanceof CausewayError ? (e.extra.issues?.[0]?.reason ?? (e.code === 'damaged' ? 'damaged' : e.extra.reason)) : undefined;
    const refused = reason && reason in t.refused ? t.refused[reason as keyof typeof t.refused] : CATALOGS[language].error[e instanceof CausewayError ? e.code : 'internal'];
    dialog.showErrorBox(t.failed, `${refused}\n\n${(e as Error).message}`);
    return false;
  }
}

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Language, languageFromLocale } from '../../shared/i18n/languages';
import type { InvokeEventLike, SenderCheck } from './ipc';

export const UI_LANGUAGE_FILE = 'ui-language.json';

/** The language the user chose in Settings, or null before they choose. A missing or garbled
 *  file is the same as no choice. */
export function savedUiLanguage(file: string): Language | null {
  try {
    const parsed = Language.safeParse((JSON.parse(readFileSync(file, 'utf8')) as { language?: unknown }).language);
    if (parsed.success) return parsed.data;
  } catch {
    // no choice yet
  }
  return null;
}

/** The language the menu speaks from the first frame: the user's choice, else the OS locale's. */
export function readUiLanguage(file: string, osLocale: string): Language {
  return savedUiLanguage(file) ?? languageFromLocale(osLocale);
}

export function writeUiLanguage(file: string, language: Language): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ language }));
}

export interface IpcMainOnLike {
  on(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => void): void;
}

/** Listens for the page's language changes; only the app's own window is heard, and only a known language. */
export function listenForUiLanguage(ipcMain: IpcMainOnLike, channel: string, isTrustedSender: SenderCheck, onChange: (language: Language) => void): void {
  ipcMain.on(channel, (event, value) => {
    if (!isTrustedSender(event)) return;
    const parsed = Language.safeParse(value);
    if (parsed.success) onChange(parsed.data);
  });
}

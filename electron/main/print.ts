import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { BrowserWindow } from 'electron';
import type { SenderCheck } from './ipc';
import type { IpcMainOnLike } from './ui-language';
import { WINDOW_WEB_PREFERENCES } from './window';

/** The desktop app's PDF printer: Electron's own Chromium prints the report, so the app needs no
 *  browser of its own. The HTML (self-contained, fonts inlined, CSP forbidding every load and
 *  script) goes into a temporary file that a hidden window with the main window's security
 *  settings opens; the window is destroyed and the file removed whatever happens. */

export interface PrintOptions {
  /** For the whole job. Default 60 s. */
  timeoutMs?: number;
}

export async function printToPdf(html: string, { timeoutMs = 60_000 }: PrintOptions = {}): Promise<Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-print-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const win = new BrowserWindow({
    show: false,
    width: 1024,
    height: 1400,
    webPreferences: { ...WINDOW_WEB_PREFERENCES },
  });
  // The page has nowhere to go and nothing to open.
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const work = (async () => {
      await win.loadFile(file);
      // Data-URL fonts load asynchronously; print once they are in.
      await win.webContents.executeJavaScript('document.fonts.ready.then(() => true)', true);
      const pdf = await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
      return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    })();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Printing the report took longer than ${timeoutMs} ms.`)), timeoutMs);
    });
    return await Promise.race([work, timeout]);
  } finally {
    if (timer) clearTimeout(timer);
    if (!win.isDestroyed()) win.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** "Open the folder" after an export: shows the exported file in the OS file manager. Only the
 *  app's own window is heard, and only for a file that exists directly in the exports folder, so
 *  the page cannot make the shell reveal (or open) anything else. */
export function listenForRevealExport(
  ipcMain: IpcMainOnLike,
  channel: string,
  isTrustedSender: SenderCheck,
  exportsDir: () => string,
  reveal: (path: string) => void,
): void {
  ipcMain.on(channel, (event, value) => {
    if (!isTrustedSender(event) || typeof value !== 'string' || value.length > 4096 || value.includes('\0')) return;
    const path = resolve(value);
    if (dirname(path) !== resolve(exportsDir())) return;
    try {
      if (!existsSync(path) || !statSync(path).isFile()) return;
    } catch {
      return;
    }
    reveal(path);
  });
}

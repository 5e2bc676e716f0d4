import { BrowserWindow, type Session, type WebContents, type WebPreferences } from 'electron';
import { APP_START_URL, isAppUrl } from './protocol';
import { MIN_HEIGHT, MIN_WIDTH, type WindowState } from './window-state';

/** The page is untrusted as far as the OS goes: it reaches the backend only through the preload's
 *  contract methods. */
export const WINDOW_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
} satisfies WebPreferences);

export interface MainWindowOptions {
  preloadPath: string;
  /** Already fitted to a display. */
  state: WindowState;
  title: string;
  icon?: string;
  /** Receives the window's geometry as it closes, to be remembered for next time. */
  onClose(state: WindowState): void;
  onLoadFailed?(error: unknown): void;
  /** Asked when the page holds the window open because edits are not saved yet; true lets it close. */
  confirmLeave(win: BrowserWindow): boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { x, y, width, height, maximized } = options.state;
  const win = new BrowserWindow({
    ...(x !== undefined && y !== undefined ? { x, y } : {}),
    width,
    height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: options.title,
    ...(options.icon ? { icon: options.icon } : {}),
    // Shown once painted, so the user never sees an empty white frame.
    show: false,
    webPreferences: { ...WINDOW_WEB_PREFERENCES, preload: options.preloadPath },
  });
  guardWebContents(win.webContents);
  // The page cancels unloading while a save is pending or has failed. Electron would then refuse to
  // close without a word; ask the user instead (preventDefault here means "leave anyway").
  win.webContents.on('will-prevent-unload', (event) => {
    if (options.confirmLeave(win)) event.preventDefault();
  });
  win.once('ready-to-show', () => {
    if (maximized) win.maximize();
    win.show();
  });
  win.on('close', () => options.onClose(captureState(win)));
  win.loadURL(APP_START_URL).catch((e: unknown) => options.onLoadFailed?.(e));
  return win;
}

/** Normal (unmaximized) bounds, so un-maximizing next time restores the size the user chose. */
export function captureState(win: Pick<BrowserWindow, 'getNormalBounds' | 'isMaximized'>): WindowState {
  const b = win.getNormalBounds();
  return { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height), maximized: win.isMaximized() };
}

type Preventable = { preventDefault(): void };

/** The window only ever shows the app's own pages: a link or script cannot take it elsewhere or
 *  open a second window, and the app makes no network calls, so external links go nowhere. */
export function guardWebContents(contents: WebContents): void {
  const stayHome = (event: Preventable, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', (event, url) => stayHome(event, url));
  contents.on('will-frame-navigate', (event) => stayHome(event, event.url));
  contents.on('will-redirect', (event, url) => stayHome(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** No camera, notifications, geolocation or the like: nothing in the app needs them. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** A stand-in for the `electron` module: just enough behaviour for the shell's wiring, recording
 *  what was asked of it. Each test file gets its own copy (vitest isolates modules per file). */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { vi } from 'vitest';

type Listener = (event: unknown, ...args: unknown[]) => unknown;

export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebContents extends EventEmitter {
  readonly sent: unknown[][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  /** What printToPDF answers, or throws; and the options it was called with. */
  pdfResult: Uint8Array | Error = new TextEncoder().encode('%PDF-1.4 fake');
  printOptions: unknown[] = [];
  scripts: string[] = [];
  printToPDF = vi.fn(async (options: unknown) => {
    this.printOptions.push(options);
    if (this.pdfResult instanceof Error) throw this.pdfResult;
    return Buffer.from(this.pdfResult);
  });
  executeJavaScript = vi.fn(async (code: string) => {
    this.scripts.push(code);
    return true;
  });
  /** Emits like Electron does and reports whether a listener vetoed it. */
  navigate(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', url: string): boolean {
    const e = new FakeEvent(url);
    this.emit(event, e, url);
    return e.defaultPrevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  maximized = false;
  minimized = false;
  shown = false;
  focused = false;
  destroyed = false;
  bounds: { x: number; y: number; width: number; height: number };
  constructor(readonly options: Record<string, any>) {
    super();
    this.bounds = { x: options.x ?? 10, y: options.y ?? 20, width: options.width, height: options.height };
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  loadedFile: string | null = null;
  /** The file's text when it was loaded (the caller may remove it afterwards). */
  loadedHtml: string | null = null;
  loadFile(file: string): Promise<void> {
    this.loadedFile = file;
    this.loadedHtml = readFileSync(file, 'utf8');
    return Promise.resolve();
  }
  destroy(): void {
    this.destroyed = true;
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** What a user closing the window sets off. */
  close(): void {
    this.emit('close', new FakeEvent());
    this.destroyed = true;
    this.emit('closed');
  }
}

class FakeApp extends EventEmitter {
  userData = '/nonexistent/user-data';
  appPath = '/nonexistent/app';
  locale = 'en-US';
  gotLock = true;
  ready: Promise<void> = Promise.resolve();
  readonly calls: string[] = [];
  aboutPanel: unknown = null;
  /** Switches appended before the app is ready, as Chromium would see them. */
  readonly switches = new Map<string, string>();
  commandLine = {
    appendSwitch: vi.fn((name: string, value = '') => {
      this.calls.push(`appendSwitch:${name}`);
      this.switches.set(name, value);
    }),
  };
  getPath = vi.fn((name: string) => {
    if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
    return this.userData;
  });
  getAppPath = () => this.appPath;
  getLocale = () => this.locale;
  getVersion = () => '9.9.9';
  requestSingleInstanceLock = vi.fn(() => this.gotLock);
  whenReady = vi.fn(() => {
    this.calls.push('whenReady');
    return this.ready;
  });
  quit = vi.fn();
  exit = vi.fn();
  setAboutPanelOptions = (options: unknown) => {
    this.aboutPanel = options;
  };
}

export const app = new FakeApp();

export const ipcMain = {
  handlers: new Map<string, Listener>(),
  handle: vi.fn((channel: string, listener: Listener) => {
    if (ipcMain.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    ipcMain.handlers.set(channel, listener);
  }),
  removeHandler: vi.fn((channel: string) => void ipcMain.handlers.delete(channel)),
  listeners: new Map<string, Listener>(),
  on: vi.fn((channel: string, listener: Listener) => void ipcMain.listeners.set(channel, listener)),
};

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  registerSchemesAsPrivileged: vi.fn((schemes: unknown[]) => {
    app.calls.push('registerSchemesAsPrivileged');
    protocol.privileged.push(...schemes);
  }),
  handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => {
    app.calls.push('protocol.handle');
    protocol.handlers.set(scheme, handler);
  }),
};

export const Menu = {
  applicationMenu: null as { template: any[] } | null,
  buildFromTemplate: vi.fn((template: any[]) => ({ template })),
  setApplicationMenu: vi.fn((menu: { template: any[] }) => {
    Menu.applicationMenu = menu;
  }),
};

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
type PermissionCheckHandler = (...args: unknown[]) => boolean;

class FakeSession {
  requestHandler: PermissionRequestHandler | null = null;
  checkHandler: PermissionCheckHandler | null = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.checkHandler = handler;
  }
}

export const session = { defaultSession: new FakeSession() };

export const dialog = {
  showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
  showSaveDialog: vi.fn(async (..._args: unknown[]): Promise<{ canceled: boolean; filePath?: string }> => ({ canceled: true })),
  showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false })),
  showErrorBox: vi.fn(),
  showMessageBoxSync: vi.fn((..._args: unknown[]) => 0),
};

export const screen = {
  workArea: { x: 0, y: 0, width: 1920, height: 1080 },
  getDisplayMatching: vi.fn(() => ({ workArea: screen.workArea })),
  getPrimaryDisplay: vi.fn(() => ({ workArea: screen.workArea })),
};

export const contextBridge = {
  exposed: new Map<string, any>(),
  exposeInMainWorld: vi.fn((key: string, api: unknown) => void contextBridge.exposed.set(key, api)),
};

class FakeIpcRenderer extends EventEmitter {
  invoke = vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } }));
  send = vi.fn((_channel: string, ..._args: unknown[]) => undefined);
}
export const ipcRenderer = new FakeIpcRenderer();

export const BrowserWindow = FakeBrowserWindow;

export const shell = {
  showItemInFolder: vi.fn((_path: string) => undefined),
};

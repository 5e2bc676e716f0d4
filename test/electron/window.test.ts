import type { Session, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { captureState, createMainWindow, denyPermissions, guardWebContents, WINDOW_WEB_PREFERENCES } from '../../electron/main/window';
import { FakeBrowserWindow, FakeEvent, FakeWebContents, session } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const PRELOAD = '/opt/causeway/dist/electron/preload.cjs';

function open(overrides: Partial<Parameters<typeof createMainWindow>[0]> = {}) {
  const onClose = vi.fn();
  const confirmLeave = vi.fn(() => false);
  const win = createMainWindow({
    preloadPath: PRELOAD,
    state: { x: 30, y: 40, width: 1100, height: 750, maximized: false },
    title: 'Causeway',
    onClose,
    confirmLeave,
    ...overrides,
  }) as unknown as FakeBrowserWindow;
  return { win, onClose, confirmLeave };
}

beforeEach(() => {
  FakeBrowserWindow.instances.length = 0;
});

describe('main window', () => {
  it('isolates the page: context isolation, sandbox, no Node, web security, the bundled preload', () => {
    const { win } = open();
    const prefs = win.options.webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, preload: PRELOAD });
    expect(prefs).toMatchObject({ nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webviewTag: false, allowRunningInsecureContent: false });
    expect(Object.isFrozen(WINDOW_WEB_PREFERENCES)).toBe(true);
  });

  it('opens the app origin at the remembered place, hidden until painted', () => {
    const { win } = open();
    expect(win.loadedUrl).toBe('app://causeway/index.html');
    expect(win.options).toMatchObject({ x: 30, y: 40, width: 1100, height: 750, show: false, title: 'Causeway' });
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
    expect(win.maximized).toBe(false);
  });

  it('lets the OS place a window with no remembered position, and restores maximized', () => {
    const { win } = open({ state: { width: 1000, height: 700, maximized: true } });
    expect(win.options).not.toHaveProperty('x');
    expect(win.options).not.toHaveProperty('y');
    win.emit('ready-to-show');
    expect(win.maximized).toBe(true);
  });

  it('asks before closing over unsaved edits, and closes only if the user says so', () => {
    const { win, confirmLeave } = open();
    const stay = new FakeEvent('');
    win.webContents.emit('will-prevent-unload', stay);
    expect(confirmLeave).toHaveBeenCalledWith(win);
    expect(stay.defaultPrevented).toBe(false);

    confirmLeave.mockReturnValue(true);
    const leave = new FakeEvent('');
    win.webContents.emit('will-prevent-unload', leave);
    expect(leave.defaultPrevented).toBe(true);
  });

  it('reports its geometry when closing', () => {
    const { win, onClose } = open();
    win.bounds = { x: 12.4, y: 7, width: 1300, height: 860 };
    win.maximized = true;
    win.close();
    expect(onClose).toHaveBeenCalledWith({ x: 12, y: 7, width: 1300, height: 860, maximized: true });
  });

  it('hands load failures to the caller instead of leaving a rejected promise', async () => {
    const failure = new Error('ERR_FAILED');
    const spy = vi.spyOn(FakeBrowserWindow.prototype, 'loadURL').mockRejectedValueOnce(failure);
    const onLoadFailed = vi.fn();
    open({ onLoadFailed });
    await vi.waitFor(() => expect(onLoadFailed).toHaveBeenCalledWith(failure));
    spy.mockRestore();
  });
});

describe('navigation guard', () => {
  it('prevents navigation and redirects to any other origin', () => {
    const { win } = open();
    const contents = win.webContents;
    for (const url of ['https://example.com/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)']) {
      expect(contents.navigate('will-navigate', url), url).toBe(true);
      expect(contents.navigate('will-redirect', url), url).toBe(true);
      expect(contents.navigate('will-frame-navigate', url), url).toBe(true);
    }
  });

  it('allows moving within the app origin', () => {
    const { win } = open();
    expect(win.webContents.navigate('will-navigate', 'app://causeway/index.html#/cases/1')).toBe(false);
    expect(win.webContents.navigate('will-frame-navigate', 'app://causeway/index.html')).toBe(false);
  });

  it('denies every new window, including links to the web', () => {
    const { win } = open();
    const handler = win.webContents.windowOpenHandler!;
    expect(handler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'app://causeway/index.html' })).toEqual({ action: 'deny' });
  });

  it('refuses to attach webviews', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as unknown as WebContents);
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('permissions', () => {
  it('denies every permission request and check', () => {
    denyPermissions(session.defaultSession as unknown as Session);
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      session.defaultSession.requestHandler!({}, permission, (granted) => answers.push(granted), {});
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(session.defaultSession.checkHandler!({}, 'media', 'app://causeway', {})).toBe(false);
  });
});

describe('captureState', () => {
  it('records the normal bounds, not the maximized ones', () => {
    expect(captureState({ getNormalBounds: () => ({ x: -100, y: 0, width: 900, height: 600 }), isMaximized: () => false })).toEqual({
      x: -100,
      y: 0,
      width: 900,
      height: 600,
      maximized: false,
    });
  });
});

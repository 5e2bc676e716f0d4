/** The desktop shell's entry: wires Electron to the shared backend. Each piece lives in its own
 *  module so it can be tested without Electron running. */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell } from 'electron';
import { CATALOGS } from '../../shared/i18n/catalogs';
import { createDispatch } from '../backend/dispatch';
import { createHandlers } from '../backend/handlers';
import { integrityCheckLater, startBackupTimer } from '../backend/backup-timer';
import { Library } from '../backend/library';
import type { RetroLan } from '../backend/retro/lan-controller';
import { LibraryRegistry, registryFile } from '../backend/library-registry';
import { resolveDbPath } from '../backend/paths';
import { exportsDir } from '../backend/report-export';
import { MENU_COMMAND_CHANNEL, REVEAL_EXPORT_CHANNEL, UI_LANGUAGE_CHANNEL } from '../preload/channels';
import { createSenderCheck, registerIpc } from './ipc';
import { buildMenuTemplate, type MenuAction } from './menu';
import { chooseCaseFile } from './casefile-dialog';
import { chooseLibraryFile } from './library-dialog';
import { openDatabaseFromDialog } from './open-database';
import { saveCopyFromDialog } from './save-copy';
import { listenForRevealExport, printToPdf } from './print';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol';
import { listenForUiLanguage, readUiLanguage, savedUiLanguage, UI_LANGUAGE_FILE, writeUiLanguage } from './ui-language';
import { createMainWindow, denyPermissions } from './window';
import { fitToDisplay, readWindowState, WINDOW_STATE_FILE, writeWindowState } from './window-state';

// Privileges can only be granted before the app is ready.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

// Chromium's own UI in the page (date and time pickers, spell-checking) speaks the language chosen
// in Settings rather than the OS's. Only possible before the app is ready, so a new choice applies
// at the next start (Settings says so).
const chosenLanguage = savedUiLanguage(join(app.getPath('userData'), UI_LANGUAGE_FILE));
if (chosenLanguage) app.commandLine.appendSwitch('lang', chosenLanguage);

function start(): void {
  const userData = app.getPath('userData');
  const appPath = app.getAppPath();
  const languageFile = join(userData, UI_LANGUAGE_FILE);
  let language = readUiLanguage(languageFile, app.getLocale());
  // A stale search index is built between requests, so the window opens at once (see Library).
  const library = new Library(resolveDbPath(process.argv, process.env, userData), { scheduleIntegrityCheck: integrityCheckLater(), scheduleIndexBuild: (run) => setImmediate(run) });
  let mainWindow: BrowserWindow | null = null;
  let retroLan: RetroLan | undefined;
  const dispatch = createDispatch(
    createHandlers({
      library,
      version: app.getVersion(),
      shell: 'electron',
      printPdf: (html) => printToPdf(html),
      registry: new LibraryRegistry(registryFile(userData)),
      userDataDir: userData,
      chooseLibraryFile: () => chooseLibraryFile({ dialog, window: mainWindow, language }),
      chooseCaseFile: () => chooseCaseFile({ dialog, window: mainWindow, language }),
      retroPhones: { assetDir: join(appPath, 'dist', 'phone'), log: (line) => console.log(line), register: (lan) => (retroLan = lan) },
    }),
    { checkOutput: !app.isPackaged },
  );

  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(appPath, 'dist', 'renderer')));
  denyPermissions(session.defaultSession);
  app.setAboutPanelOptions({ applicationName: CATALOGS[language].app.name, applicationVersion: app.getVersion() });

  const stateFile = join(userData, WINDOW_STATE_FILE);
  const openWindow = (): BrowserWindow => {
    const win = createMainWindow({
      preloadPath: join(appPath, 'dist', 'electron', 'preload.cjs'),
      state: fitToDisplay(readWindowState(stateFile), screen),
      title: CATALOGS[language].app.name,
      ...(process.platform === 'linux' ? { icon: join(appPath, 'resources', 'icons', 'icon.png') } : {}),
      onClose: (state) => {
        try {
          writeWindowState(stateFile, state);
        } catch (e) {
          console.error('Could not remember the window size:', e);
        }
      },
      onLoadFailed: (e) => console.error('Could not load the window:', e),
      confirmLeave: (parent) => {
        const t = CATALOGS[language].unsaved;
        const choice = dialog.showMessageBoxSync(parent, {
          type: 'warning',
          buttons: [t.stay, t.leave],
          defaultId: 0,
          cancelId: 0,
          title: CATALOGS[language].app.name,
          message: t.message,
          detail: t.detail,
        });
        return choice === 1;
      },
    });
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    mainWindow = win;
    return win;
  };

  const isTrustedSender = createSenderCheck(() => mainWindow?.webContents);
  registerIpc(ipcMain, dispatch, isTrustedSender);

  const onAction = (action: MenuAction) => {
    const win = mainWindow ?? openWindow();
    if (action === 'openDatabase') {
      openDatabaseFromDialog({ dialog, window: win, dispatch, language }).catch((e: unknown) => console.error(e));
    } else if (action === 'saveCopy') {
      saveCopyFromDialog({ dialog, window: win, library, language }).catch((e: unknown) => console.error(e));
    } else {
      win.webContents.send(MENU_COMMAND_CHANNEL, action);
    }
  };
  const applyMenu = () =>
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({ language, platform: process.platform, onAction })));
  applyMenu();
  listenForUiLanguage(ipcMain, UI_LANGUAGE_CHANNEL, isTrustedSender, (chosen) => {
    if (chosen === language) return;
    language = chosen;
    applyMenu();
    try {
      writeUiLanguage(languageFile, chosen);
    } catch (e) {
      console.error('Could not remember the language:', e);
    }
  });

  listenForRevealExport(ipcMain, REVEAL_EXPORT_CHANNEL, isTrustedSender, () => exportsDir(library.dbPath), (path) => shell.showItemInFolder(path));

  openWindow();

  const stopBackups = startBackupTimer(library);

  app.on('second-instance', () => {
    if (!mainWindow) return void openWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (!mainWindow) openWindow();
  });
  app.on('window-all-closed', () => {
    // macOS apps stay in the dock with no window; `activate` opens a new one.
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    // Participants' phones lose the session with the app: the port stops listening now.
    void retroLan?.closeAll();
    stopBackups();
    library.close();
  });
}

// A second copy would open the same SQLite file; it hands over to the first one instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      dialog.showErrorBox('Causeway', `Causeway could not start.\n\n${e instanceof Error ? e.message : String(e)}`);
      app.exit(1);
    });
}

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { METHOD_NAMES } from '../../shared/contract/methods';
import type { PreloadApi } from './api-types';
import { DB_CHANGED_CHANNEL, isMenuCommand, MENU_COMMAND_CHANNEL, REVEAL_EXPORT_CHANNEL, UI_LANGUAGE_CHANNEL, type MenuCommand } from './channels';

/** One function per contract method and nothing else: the page cannot reach a channel by name. */
export function buildPreloadApi(): PreloadApi {
  const methods = Object.fromEntries(METHOD_NAMES.map((name) => [name, (input: unknown) => ipcRenderer.invoke(name, input)]));
  return {
    ...(methods as unknown as Pick<PreloadApi, (typeof METHOD_NAMES)[number]>),
    // The IPC event would hand the page a handle on ipcRenderer (event.sender), so it is dropped.
    onMenuCommand(cb: (command: MenuCommand) => void) {
      const listener = (_event: IpcRendererEvent, command: unknown) => {
        if (isMenuCommand(command)) cb(command);
      };
      ipcRenderer.on(MENU_COMMAND_CHANNEL, listener);
      return () => void ipcRenderer.removeListener(MENU_COMMAND_CHANNEL, listener);
    },
    onDbChanged(cb: () => void) {
      const listener = () => cb();
      ipcRenderer.on(DB_CHANGED_CHANNEL, listener);
      return () => void ipcRenderer.removeListener(DB_CHANGED_CHANNEL, listener);
    },
    setUiLanguage(language: string) {
      ipcRenderer.send(UI_LANGUAGE_CHANNEL, language);
    },
    showExportInFolder(path: string) {
      if (typeof path === 'string') ipcRenderer.send(REVEAL_EXPORT_CHANNEL, path);
    },
    shell: 'electron',
  };
}

contextBridge.exposeInMainWorld('causeway', buildPreloadApi());

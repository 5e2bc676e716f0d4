import type { MenuItemConstructorOptions } from 'electron';
import { CATALOGS } from '../../shared/i18n/catalogs';
import type { Language } from '../../shared/i18n/languages';
import type { MenuCommand } from '../preload/channels';

/** What a custom menu item asks for: the renderer's commands, plus the one the main process runs. */
export type MenuAction = MenuCommand | 'openDatabase' | 'saveCopy';

export interface MenuOptions {
  language: Language;
  platform: NodeJS.Platform;
  onAction(action: MenuAction): void;
}

export function buildMenuTemplate({ language, platform, onAction }: MenuOptions): MenuItemConstructorOptions[] {
  const t = CATALOGS[language].menu;
  const mac = platform === 'darwin';
  const item = (label: string, action: MenuAction, accelerator?: string): MenuItemConstructorOptions => ({
    id: action,
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => onAction(action),
  });
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    {
      label: t.file,
      submenu: [
        item(t.newCase, 'newCase', 'CmdOrCtrl+N'),
        item(t.loadDemo, 'loadDemo'),
        { type: 'separator' },
        item(t.openDatabase, 'openDatabase', 'CmdOrCtrl+O'),
        item(CATALOGS[language].libraryCopy.menu, 'saveCopy'),
        { type: 'separator' },
        // On macOS quitting lives in the app menu; the File menu closes the window instead.
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: t.edit,
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { type: 'separator' },
        { role: 'selectAll' },
      ],
    },
    {
      label: t.view,
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: t.window, submenu: [{ role: 'minimize' }, { role: 'zoom' }, ...(mac ? [] : [{ role: 'close' } as const])] },
    { role: 'help', label: t.help, submenu: [{ role: 'about' }] },
  ];
  return template.map((entry) => translateRoles(entry, t.roles));
}

/** Electron's role items carry English labels of their own; every one gets the catalog's label. */
function translateRoles(item: MenuItemConstructorOptions, labels: Record<string, string>): MenuItemConstructorOptions {
  const label = item.role && !item.label ? labels[item.role] : undefined;
  const submenu = Array.isArray(item.submenu) ? item.submenu.map((i) => translateRoles(i, labels)) : item.submenu;
  return { ...item, ...(label ? { label } : {}), ...(submenu ? { submenu } : {}) };
}

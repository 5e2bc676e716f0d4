import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, type MenuAction } from '../../electron/main/menu';
import { CATALOGS } from '../../shared/i18n/catalogs';

type Item = MenuItemConstructorOptions;
const submenu = (item: Item | undefined): Item[] => (item?.submenu ?? []) as Item[];
const roles = (items: Item[]) => items.filter((i) => i.role).map((i) => i.role);
const byLabel = (template: Item[], label: string) => template.find((i) => i.label === label);

describe('application menu', () => {
  it('has File, Edit, View, Window and Help with the usual roles', () => {
    const template = buildMenuTemplate({ language: 'en', platform: 'linux', onAction: () => {} });
    const t = CATALOGS.en.menu;
    expect(template.map((i) => i.label ?? i.role)).toEqual([t.file, t.edit, t.view, t.window, t.help]);
    expect(roles(submenu(byLabel(template, t.file)))).toEqual(['quit']);
    expect(roles(submenu(byLabel(template, t.edit)))).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
    expect(roles(submenu(byLabel(template, t.window)))).toEqual(['minimize', 'zoom', 'close']);
    expect(roles(submenu(byLabel(template, t.view)))).toEqual(['reload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(template.find((i) => i.role === 'help')?.label).toBe(t.help);
  });

  it('labels the custom items from the catalog of the chosen language', () => {
    for (const language of ['en', 'zh-CN'] as const) {
      const t = CATALOGS[language].menu;
      const template = buildMenuTemplate({ language, platform: 'win32', onAction: () => {} });
      const labels = submenu(byLabel(template, t.file)).map((i) => i.label).filter(Boolean);
      expect(labels).toEqual([t.newCase, t.loadDemo, t.openDatabase, CATALOGS[language].libraryCopy.menu, t.roles.quit]);
      expect(byLabel(template, t.view)).toBeDefined();
    }
    expect(CATALOGS['zh-CN'].menu.newCase).not.toBe(CATALOGS.en.menu.newCase);
  });

  it('labels every role item in the chosen language, not Electron\'s English defaults', () => {
    const template = buildMenuTemplate({ language: 'zh-CN', platform: 'linux', onAction: () => {} });
    const walk = (items: Item[]): Item[] => items.flatMap((i) => [i, ...walk(submenu(i))]);
    const roleItems = walk(template).filter((i) => i.role);
    expect(roleItems.length).toBeGreaterThan(10);
    for (const item of roleItems) expect(item.label, String(item.role)).toMatch(/[\u4e00-\u9fff]/);
    expect(walk(template).find((i) => i.role === 'copy')?.label).toBe('复制');
  });

  it('dispatches each custom item to its action', () => {
    const onAction = vi.fn<(action: MenuAction) => void>();
    const template = buildMenuTemplate({ language: 'en', platform: 'linux', onAction });
    const file = submenu(byLabel(template, CATALOGS.en.menu.file));
    for (const item of file.filter((i) => i.id)) (item.click as () => void)();
    expect(onAction.mock.calls.map((c) => c[0])).toEqual(['newCase', 'loadDemo', 'openDatabase', 'saveCopy']);
    expect(file.find((i) => i.id === 'newCase')?.accelerator).toBe('CmdOrCtrl+N');
    expect(file.find((i) => i.id === 'openDatabase')?.accelerator).toBe('CmdOrCtrl+O');
  });

  it('follows macOS conventions there: an app menu, and Close rather than Quit in File', () => {
    const template = buildMenuTemplate({ language: 'en', platform: 'darwin', onAction: () => {} });
    expect(template[0]?.role).toBe('appMenu');
    expect(roles(submenu(byLabel(template, CATALOGS.en.menu.file)))).toEqual(['close']);
  });
});

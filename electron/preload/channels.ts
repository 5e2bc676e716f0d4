/** Messages the main process pushes to the window. Not contract methods: they carry no request and
 *  the renderer never invokes them. Kept free of imports so the sandboxed preload bundle stays tiny. */
export const MENU_COMMAND_CHANNEL = 'menu:command';
export const DB_CHANGED_CHANNEL = 'db:changed';
/** The one message the page sends outside the contract: its UI language, so the menu follows it. */
export const UI_LANGUAGE_CHANNEL = 'ui:language';
/** "Open the folder" after a report export: the page names the exported file, the main process
 *  shows it in the file manager (only a file in the exports folder). */
export const REVEAL_EXPORT_CHANNEL = 'export:reveal';

/** Menu items the renderer acts on. "Open database…" is not one: the main process shows the file
 *  dialog itself, because a sandboxed page never learns a file's path. */
export const MENU_COMMANDS = ['newCase', 'loadDemo'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export function isMenuCommand(value: unknown): value is MenuCommand {
  return (MENU_COMMANDS as readonly unknown[]).includes(value);
}

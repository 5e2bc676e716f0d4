import type { CausewayApi } from '../../shared/contract/contract';
import type { MenuCommand } from './channels';

export type { MenuCommand };

/** What the desktop preload puts on `window.causeway`. The renderer imports this type only. */
export type PreloadApi = CausewayApi & {
  /** Called with each menu command; returns a function that stops listening. */
  onMenuCommand(cb: (command: MenuCommand) => void): () => void;
  /** Called after the main process switched to another database file (File › Open database…). */
  onDbChanged(cb: () => void): () => void;
  /** Tells the main process the UI language, so menus and dialogs follow the Settings choice. */
  setUiLanguage(language: string): void;
  /** Shows an exported report (the `path` report:export returned) in the OS file manager. */
  showExportInFolder(path: string): void;
  shell: 'electron';
};

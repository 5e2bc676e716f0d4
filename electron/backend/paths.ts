import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Causeway';
export const DB_FILE_NAME = 'causeway.sqlite';
export const DB_ENV = 'CAUSEWAY_DB';

/** Where Electron's app.getPath('userData') points for this app, so browser mode and the desktop
 *  app share one library by default. */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  // An empty variable counts as unset, as it does for Electron.
  if (platform === 'win32') return join(env.APPDATA || join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), APP_NAME);
}

/** `--db FILE` wins, then the environment variable, then the user-data folder. */
export function resolveDbPath(argv: readonly string[], env: NodeJS.ProcessEnv, userDataDir: string): string {
  const i = argv.indexOf('--db');
  const next = i >= 0 ? argv[i + 1] : undefined;
  // `--db` followed by another option (or by nothing) names no file.
  const spaced = next && !next.startsWith('-') ? next : undefined;
  const fromArg = spaced || argv.find((a) => a.startsWith('--db='))?.slice('--db='.length);
  return fromArg || env[DB_ENV] || join(userDataDir, DB_FILE_NAME);
}

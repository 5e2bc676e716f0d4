import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import { startHost, type Host } from '../../electron/backend/http-host';
import { Library } from '../../electron/backend/library';
import { LibraryRegistry, registryFile } from '../../electron/backend/library-registry';
import type { RetroLan } from '../../electron/backend/retro/lan-controller';
import type { RetroSessionManager } from '../../electron/backend/retro/session-manager';

const root = join(import.meta.dirname, '..', '..');
export const RENDERER_DIR = join(root, 'dist', 'renderer');
export const PHONE_DIR = join(root, 'dist', 'phone');

export interface RunningHost {
  host: Host;
  library: Library;
  stop(): Promise<void>;
}

/** The browser-mode host on a given database file, as `npm run serve` runs it. */
export async function runHost(
  dbPath: string,
  options: {
    port?: number;
    token?: string;
    checkOutput?: boolean;
    userDataDir?: string;
    retro?: (library: Library) => RetroSessionManager;
    /** How the steps of a stale search index's build are scheduled: by default one per event-loop
     *  turn, as serve.ts does; a test may hold them to look at the page mid-build. */
    scheduleIndexBuild?: (run: () => void) => void;
  } = {},
): Promise<RunningHost> {
  if (!readFileSync(join(RENDERER_DIR, 'index.html'), 'utf8').includes('<div id="root">')) throw new Error('Run npm run build first.');
  // A stale search index is built between requests, as serve.ts does.
  const { checkOutput = true, userDataDir, retro, scheduleIndexBuild = (run: () => void) => void setImmediate(run), ...hostOptions } = options;
  const library = new Library(dbPath, { scheduleIndexBuild });
  // With a user-data folder, the list of libraries is kept in it as the app keeps it.
  const libraries = userDataDir ? { registry: new LibraryRegistry(registryFile(userDataDir)), userDataDir } : {};
  // Participants' phones are offered loopback only: tests never bind another address.
  let lan: RetroLan | undefined;
  const retroPhones = { assetDir: PHONE_DIR, interfaces: () => [{ name: 'lo', address: '127.0.0.1' }], register: (l: RetroLan) => (lan = l) };
  const dispatch = createDispatch(createHandlers({ library, version: 'test', shell: 'browser', ...libraries, retroPhones, ...(retro ? { retro: retro(library) } : {}) }), { checkOutput });
  const host = await startHost({ dispatch, staticDir: RENDERER_DIR, downloadDir: () => library.copyDir, ...hostOptions });
  return {
    host,
    library,
    async stop() {
      await lan?.closeAll();
      await host.close();
      library.close();
    },
  };
}

/** Browser mode: the same backend as the desktop app, served on 127.0.0.1. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDispatch } from './dispatch';
import { createHandlers } from './handlers';
import { startHost } from './http-host';
import { integrityCheckLater, startBackupTimer } from './backup-timer';
import { Library } from './library';
import { LibraryRegistry, registryFile } from './library-registry';
import { defaultUserDataDir, resolveDbPath } from './paths';
import { librarySecret, rememberPort, rememberedPort } from './session-secret';
import type { RetroLan } from './retro/lan-controller';
import { CATALOGS } from '../../shared/i18n/catalogs';
import { languageFromLocale } from '../../shared/i18n/languages';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '..', '..');
const version = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

const argv = process.argv.slice(2);
const portArg = argv.indexOf('--port');
const port = portArg >= 0 ? Number(argv[portArg + 1]) : Number(process.env.CAUSEWAY_PORT ?? 0);
const userDataDir = defaultUserDataDir();
// A stale search index is built between requests, so the page opens at once (see Library).
const library = new Library(resolveDbPath(argv, process.env, userDataDir), { scheduleIntegrityCheck: integrityCheckLater(), scheduleIndexBuild: (run) => setImmediate(run) });
let retroLan: RetroLan | undefined;
const dispatch = createDispatch(
  createHandlers({
    library,
    version,
    shell: 'browser',
    registry: new LibraryRegistry(registryFile(userDataDir)),
    userDataDir,
    retroPhones: { assetDir: join(projectRoot, 'dist', 'phone'), log: (line) => console.log(line), register: (lan) => (retroLan = lan) },
  }),
  { checkOutput: process.env.NODE_ENV === 'development' },
);
// The same secret, and the same port when it is free, on every start for this library, so open
// pages, other tabs and bookmarks reconnect after a restart.
const hostOptions = {
  dispatch,
  staticDir: join(projectRoot, 'dist', 'renderer'),
  token: librarySecret(userDataDir, library.dbPath),
  downloadDir: () => library.copyDir,
};
const previous = port ? 0 : rememberedPort(userDataDir, library.dbPath);
const host = await startHost({ ...hostOptions, port: port || previous }).catch((e: NodeJS.ErrnoException) => {
  if (previous && e.code === 'EADDRINUSE') return startHost({ ...hostOptions, port: 0 });
  throw e;
});
rememberPort(userDataDir, library.dbPath, Number(new URL(host.url).port));
const stopBackups = startBackupTimer(library);

const t = CATALOGS[languageFromLocale(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG)].host;
console.log(t.running.replace('{{url}}', host.appUrl));
console.log(t.library.replace('{{path}}', library.dbPath));

const stop = async () => {
  stopBackups();
  // Phones' servers close with the app: their ports refuse connections from here on.
  await retroLan?.closeAll();
  await host.close();
  library.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

/** Browser mode: the same backend as the desktop app, served on 127.0.0.1. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDispatch } from './dispatch';
import { createHandlers } from './handlers';
import { startHost } from './http-host';
import { integrityCheckLater, startBackupTimer } from './backup-timer';
import { Library } from './library';
import { defaultUserDataDir, resolveDbPath } from './paths';
import { CATALOGS } from '../../shared/i18n/catalogs';
import { languageFromLocale } from '../../shared/i18n/languages';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '..', '..');
const version = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

const argv = process.argv.slice(2);
const portArg = argv.indexOf('--port');
const port = portArg >= 0 ? Number(argv[portArg + 1]) : Number(process.env.CAUSEWAY_PORT ?? 0);
const library = new Library(resolveDbPath(argv, process.env, defaultUserDataDir()), { scheduleIntegrityCheck: integrityCheckLater() });
const dispatch = createDispatch(createHandlers({ library, version, shell: 'browser' }), { checkOutput: process.env.NODE_ENV === 'development' });
const host = await startHost({ dispatch, staticDir: join(projectRoot, 'dist', 'renderer'), port, downloadDir: () => library.copyDir });
const stopBackups = startBackupTimer(library);

const t = CATALOGS[languageFromLocale(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG)].host;
console.log(t.running.replace('{{url}}', host.appUrl));
console.log(t.library.replace('{{path}}', library.dbPath));

const stop = async () => {
  stopBackups();
  await host.close();
  library.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

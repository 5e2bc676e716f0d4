import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { LibraryState } from '../../shared/contract/contract';
import { CausewayError } from '../../shared/contract/errors';
import type { Library } from './library';
import { LIBRARIES_DIR_NAME, libraryFileStem, type LibraryRegistry } from './library-registry';
import { DB_FILE_NAME } from './paths';
import type { Handlers } from './handlers';

export interface LibraryHandlerContext {
  library: Library;
  registry: LibraryRegistry;
  /** The user-data folder: new libraries go to its libraries folder, and closing a library goes
   *  back to its causeway.sqlite. Without one (tests, scripts), the open library's folder. */
  userDataDir?: string;
  /** The desktop app's native open dialog: the chosen path, or null when cancelled. */
  chooseLibraryFile?: () => Promise<string | null>;
}

type LibraryMethods = 'library:list' | 'library:create' | 'library:open' | 'library:openDialog' | 'library:rename' | 'library:setColour' | 'library:forget' | 'library:close';

/** The libraries (one per client): switching the open file and the recent list with its names and colours. */
export function createLibraryHandlers({ library, registry, userDataDir, chooseLibraryFile }: LibraryHandlerContext): Pick<Handlers, LibraryMethods> {
  const home = userDataDir ?? dirname(library.dbPath);
  const createDir = join(home, LIBRARIES_DIR_NAME);

  // The open library is on the list (the one given with --db at start too) once it opens, so
  // switching away from it leaves a way back.
  const keepCurrent = () => {
    if (library.status().state === 'ok' && !registry.find(library.dbPath)) registry.opened(library.dbPath);
  };

  const state = (): LibraryState => {
    keepCurrent();
    const status = library.status();
    return { status, current: registry.describe(library.dbPath), recent: registry.list(), createDir };
  };

  const open = (path: string): LibraryState => {
    keepCurrent();
    const status = library.open(path);
    // A file that could not be opened is not added; the recovery screen shows why.
    if (status.state === 'ok') registry.opened(status.path);
    return state();
  };

  const listed = (path: string) => {
    if (!registry.find(path) && resolve(path) !== library.dbPath) throw new CausewayError('not_found', `${path} is not on the list of libraries.`);
  };

  return {
    'library:list': () => state(),
    'library:create': ({ name, colour }) => {
      const taken = registry.list().some((e) => e.name.toLocaleLowerCase() === name.toLocaleLowerCase());
      const path = join(createDir, `${libraryFileStem(name)}.sqlite`);
      if (taken || existsSync(path)) throw new CausewayError('validation', `A library named ${name} exists already.`, { issues: [{ path: ['name'], reason: 'duplicate' }] });
      keepCurrent();
      const status = library.open(path);
      if (status.state === 'ok') registry.opened(status.path, { name, ...(colour ? { colour } : {}) });
      return state();
    },
    'library:open': ({ path }) => open(path),
    'library:openDialog': async () => {
      if (!chooseLibraryFile) throw new CausewayError('validation', 'No file dialog in this window: give the path instead.', { issues: [{ path: ['path'], reason: 'required' }] });
      const chosen = await chooseLibraryFile();
      return chosen ? { cancelled: false, state: open(chosen) } : { cancelled: true, state: state() };
    },
    'library:rename': ({ path, name }) => {
      listed(path);
      registry.update(path, { name });
      return state();
    },
    'library:setColour': ({ path, colour }) => {
      listed(path);
      registry.update(path, { colour });
      return state();
    },
    'library:forget': ({ path }) => {
      if (resolve(path) === library.dbPath) throw new CausewayError('validation', 'The open library cannot be taken off the list.', { issues: [{ path: ['path'], reason: 'library_open' }] });
      if (!registry.forget(path)) throw new CausewayError('not_found', `${path} is not on the list of libraries.`);
      return state();
    },
    'library:close': () => open(join(home, DB_FILE_NAME)),
  };
}

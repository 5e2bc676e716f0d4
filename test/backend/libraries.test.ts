import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import { Library } from '../../electron/backend/library';
import { LibraryRegistry, libraryFileStem, registryFile } from '../../electron/backend/library-registry';
import type { LibraryState } from '../../shared/contract/contract';
import type { Result } from '../../shared/contract/errors';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();

function setUp(options: { chooseLibraryFile?: () => Promise<string | null> } = {}) {
  const userDataDir = tempDir();
  const library = new Library(join(userDataDir, 'causeway.sqlite'));
  const warnings: string[] = [];
  const registry = () => new LibraryRegistry(registryFile(userDataDir), undefined, (m) => warnings.push(m));
  const dispatch = createDispatch(createHandlers({ library, version: 'test', shell: 'browser', registry: registry(), userDataDir, ...options }), { log: () => undefined });
  const ok = (method: string, input: unknown): LibraryState => {
    const result = dispatch(method, input) as Result<LibraryState>;
    if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
    return result.value;
  };
  return { userDataDir, library, dispatch, ok, registry, warnings };
}

describe('libraries', () => {
  it('lists the open library, named after its file, and keeps it in libraries.json', () => {
    const { ok, userDataDir } = setUp();
    const state = ok('library:list', {});
    expect(state.current).toMatchObject({ path: join(userDataDir, 'causeway.sqlite'), name: 'causeway' });
    expect(state.recent.map((e) => e.path)).toEqual([state.current.path]);
    expect(state.createDir).toBe(join(userDataDir, 'libraries'));
    const file = JSON.parse(readFileSync(join(userDataDir, 'libraries.json'), 'utf8'));
    expect(file).toMatchObject({ version: 1, libraries: [{ path: state.current.path, name: 'causeway' }] });
  });

  it('creates a library by name in the user-data folder, opens it, and switches back and forth', () => {
    const { ok, dispatch, library, userDataDir, registry } = setUp();
    const count = () => (dispatch('cases:list', { language: 'en' }) as Result<{ total: number }> & { ok: true }).value.total;
    dispatch('cases:create', { language: 'en', title: 'Case of the first client' });
    const created = ok('library:create', { name: '华东物流 / East', colour: 'teal' });
    expect(created.current).toMatchObject({ name: '华东物流 / East', colour: 'teal', path: join(userDataDir, 'libraries', '华东物流-East.sqlite') });
    expect(created.status.state).toBe('ok');
    expect(library.dbPath).toBe(created.current.path);
    // The new library is empty: the first client's case stayed in its own file.
    expect(count()).toBe(0);
    expect(created.recent.map((e) => e.name)).toEqual(['华东物流 / East', 'causeway']);

    const back = ok('library:open', { path: join(userDataDir, 'causeway.sqlite') });
    expect(back.current.name).toBe('causeway');
    expect(count()).toBe(1);
    expect(back.recent.map((e) => e.name)).toEqual(['causeway', '华东物流 / East']);
    // A restart reads the same list back.
    expect(registry().list().map((e) => [e.name, e.colour])).toEqual([
      ['causeway', back.current.colour],
      ['华东物流 / East', 'teal'],
    ]);
  });

  it('refuses a second library with the same name, and a blank or too long name, changing nothing', () => {
    const { ok, dispatch, library } = setUp();
    ok('library:create', { name: 'Hotel' });
    const before = library.dbPath;
    for (const name of ['hotel', '   ', 'x'.repeat(81)]) {
      const result = dispatch('library:create', { name }) as Result<unknown>;
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('validation');
    }
    const dup = dispatch('library:create', { name: 'HOTEL' }) as Result<unknown>;
    expect(!dup.ok && dup.error.issues).toEqual([{ path: ['name'], reason: 'duplicate' }]);
    expect(library.dbPath).toBe(before);
    expect(ok('library:list', {}).recent).toHaveLength(2);
  });

  it('renames, recolours and forgets listed libraries; the open one cannot be forgotten', () => {
    const { ok, dispatch, userDataDir } = setUp();
    const first = ok('library:list', {}).current.path;
    ok('library:create', { name: 'Client B' });
    expect(ok('library:rename', { path: first, name: '  Client A  ' }).recent.find((e) => e.path === first)?.name).toBe('Client A');
    expect(ok('library:setColour', { path: first, colour: 'red' }).recent.find((e) => e.path === first)?.colour).toBe('red');
    const bad = dispatch('library:setColour', { path: first, colour: '#ff0000' }) as Result<unknown>;
    expect(!bad.ok && bad.error.code).toBe('validation');
    const unknown = dispatch('library:rename', { path: join(userDataDir, 'nowhere.sqlite'), name: 'X' }) as Result<unknown>;
    expect(!unknown.ok && unknown.error.code).toBe('not_found');

    const current = ok('library:list', {}).current.path;
    const refused = dispatch('library:forget', { path: current }) as Result<unknown>;
    expect(!refused.ok && refused.error.issues).toEqual([{ path: ['path'], reason: 'library_open' }]);
    const after = ok('library:forget', { path: first });
    expect(after.recent.map((e) => e.name)).toEqual(['Client B']);
    // Forgetting takes it off the list only.
    expect(existsSync(first)).toBe(true);
  });

  it('closes a library by going back to the default one', () => {
    const { ok, userDataDir } = setUp();
    ok('library:create', { name: 'Client C' });
    expect(ok('library:close', {}).current.path).toBe(join(userDataDir, 'causeway.sqlite'));
  });

  it('does not list a file that cannot be opened as a library', () => {
    const { ok, userDataDir } = setUp();
    const junk = join(userDataDir, 'junk.sqlite');
    writeFileSync(junk, 'this is not a database at all, just some text that is long enough to be read');
    const state = ok('library:open', { path: junk });
    expect(state.status.state).toBe('damaged');
    expect(state.recent.map((e) => e.path)).not.toContain(junk);
  });

  it('ignores a corrupt or malformed libraries.json with a warning, and replaces it on the next change', () => {
    for (const body of ['{ not json', JSON.stringify({ version: 1, libraries: [{ path: 1 }] }), JSON.stringify({ version: 99, libraries: [] })]) {
      const dir = tempDir();
      writeFileSync(join(dir, 'libraries.json'), body);
      const warnings: string[] = [];
      const registry = new LibraryRegistry(registryFile(dir), undefined, (m) => warnings.push(m));
      expect(registry.list()).toEqual([]);
      expect(warnings).toHaveLength(1);
      registry.opened(join(dir, 'a.sqlite'), { name: 'A' });
      expect(new LibraryRegistry(registryFile(dir)).list().map((e) => e.name)).toEqual(['A']);
    }
  });

  it('opens a file picked in the native dialog, and does nothing when it is cancelled', async () => {
    const dir = tempDir();
    const picked = join(dir, 'picked.sqlite');
    let answer: string | null = null;
    const { dispatch, library } = setUp({ chooseLibraryFile: async () => answer });
    const before = library.dbPath;
    const cancelled = (await dispatch('library:openDialog', {})) as Result<{ cancelled: boolean; state: LibraryState }>;
    expect(cancelled.ok && cancelled.value.cancelled).toBe(true);
    expect(library.dbPath).toBe(before);
    answer = picked;
    const opened = (await dispatch('library:openDialog', {})) as Result<{ cancelled: boolean; state: LibraryState }>;
    expect(opened.ok && opened.value.state.current.path).toBe(picked);
    expect(library.dbPath).toBe(picked);
  });

  it('has no dialog in browser mode: a translated validation error', async () => {
    const { dispatch } = setUp();
    const result = (await dispatch('library:openDialog', {})) as Result<unknown>;
    expect(!result.ok && result.error.code).toBe('validation');
  });

  it('keeps letters and digits of any script in a new library’s file name', () => {
    expect(libraryFileStem('Hotel Lotus (Shanghai)')).toBe('Hotel-Lotus-Shanghai');
    expect(libraryFileStem('../../etc/passwd')).toBe('etc-passwd');
    expect(libraryFileStem('***')).toBe('library');
  });
});

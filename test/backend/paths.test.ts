import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_ENV, DB_FILE_NAME, defaultUserDataDir, resolveDbPath } from '../../electron/backend/paths';

const USER_DATA = '/home/ana/.config/Causeway';
const DEFAULT = join(USER_DATA, DB_FILE_NAME);

describe('resolveDbPath', () => {
  it.each([
    ['--db FILE beats everything', ['--db', '/a.sqlite', '--db=/b.sqlite'], { [DB_ENV]: '/env.sqlite' }, '/a.sqlite'],
    ['--db=FILE beats the environment', ['--port', '3000', '--db=/b.sqlite'], { [DB_ENV]: '/env.sqlite' }, '/b.sqlite'],
    ['the environment beats the default', ['--port', '3000'], { [DB_ENV]: '/env.sqlite' }, '/env.sqlite'],
    ['the default is causeway.sqlite in the user-data folder', [], {}, DEFAULT],
    ['a relative --db path is kept as given', ['--db', 'cases/lib.sqlite'], {}, 'cases/lib.sqlite'],
    ['a path with spaces and Chinese survives', ['--db=/数据/my cases.sqlite'], {}, '/数据/my cases.sqlite'],
    ['an empty --db= falls through to the environment', ['--db='], { [DB_ENV]: '/env.sqlite' }, '/env.sqlite'],
    ['an empty environment variable falls through to the default', [], { [DB_ENV]: '' }, DEFAULT],
    ['a trailing --db with no file falls through', ['--db'], { [DB_ENV]: '/env.sqlite' }, '/env.sqlite'],
    ['--db followed by another option names no file', ['--db', '--port', '3000'], {}, DEFAULT],
    ['--db followed by another option still lets --db=FILE count', ['--db', '--port', '3000', '--db=/b.sqlite'], {}, '/b.sqlite'],
  ])('%s', (_name, argv, env, want) => {
    expect(resolveDbPath(argv, env, USER_DATA)).toBe(want);
  });
});

describe('defaultUserDataDir, matching where Electron keeps userData', () => {
  it('on Windows is Causeway under APPDATA', () => {
    expect(defaultUserDataDir({ APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'win32')).toBe(join('C:\\Users\\ana\\AppData\\Roaming', 'Causeway'));
  });

  it('on Windows without APPDATA falls back to the roaming folder in the home directory', () => {
    const want = join(homedir(), 'AppData', 'Roaming', 'Causeway');
    expect(defaultUserDataDir({}, 'win32')).toBe(want);
    expect(defaultUserDataDir({ APPDATA: '' }, 'win32')).toBe(want);
  });

  it('on macOS is in Application Support, whatever the environment says', () => {
    expect(defaultUserDataDir({ XDG_CONFIG_HOME: '/x' }, 'darwin')).toBe(join(homedir(), 'Library', 'Application Support', 'Causeway'));
  });

  it('on Linux honours XDG_CONFIG_HOME', () => {
    expect(defaultUserDataDir({ XDG_CONFIG_HOME: '/srv/conf' }, 'linux')).toBe('/srv/conf/Causeway');
  });

  it('on Linux defaults to ~/.config, also when XDG_CONFIG_HOME is empty', () => {
    const want = join(homedir(), '.config', 'Causeway');
    expect(defaultUserDataDir({}, 'linux')).toBe(want);
    expect(defaultUserDataDir({ XDG_CONFIG_HOME: '' }, 'linux')).toBe(want);
    expect(defaultUserDataDir({}, 'freebsd')).toBe(want);
  });

  it('is an absolute path on every platform', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      expect(defaultUserDataDir({}, platform).startsWith(homedir())).toBe(true);
    }
  });
});

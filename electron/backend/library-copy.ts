import type Database from 'better-sqlite3';
import { existsSync, lstatSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { CausewayError } from '../../shared/contract/errors';
import { writeVerifiedCopy } from './backups';

/** "Save a copy of this library": a consistent, self-contained copy of the open database, made
 *  with VACUUM INTO from one snapshot. Copying the .sqlite file by hand while the app runs misses
 *  the edits still in the -wal file beside it; this copy holds every committed edit and no -wal. */

export interface LibraryCopy {
  fileName: string;
  path: string;
  bytes: number;
  cases: number;
}

const refuse = (reason: string, message: string) => new CausewayError('validation', message, { issues: [{ path: ['path'], reason }] });

/** The same file, whether named through a link, `..` or another spelling. */
function sameFile(a: string, b: string): boolean {
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/** Why `target` may not receive a copy of the library at `dbPath`, or null. Never the library
 *  itself or its -wal/-shm files; never anything but a regular file (a device node, a folder);
 *  an existing file only with `replace`. */
export function copyTargetProblem(dbPath: string, target: string, { replace = false } = {}): CausewayError | null {
  if (target.trim() === '') return refuse('required', 'No file to write the copy to.');
  if (target.includes('\0')) return refuse('invalid_format', 'The path contains a NUL character.');
  const path = resolve(target);
  for (const own of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`]) {
    if (path === resolve(own) || sameFile(path, own) || (existsSync(path) && existsSync(own) && realpathSync(path) === realpathSync(own))) {
      return refuse('same_as_library', `${path} is the open library (or one of its files); a copy cannot replace it.`);
    }
  }
  if (!existsSync(path) && !isLink(path)) return null;
  const stat = lstatSync(path);
  if (stat.isDirectory()) return refuse('is_folder', `${path} is a folder.`);
  if (!stat.isFile() && !stat.isSymbolicLink()) return refuse('not_a_file', `${path} is not a regular file (a device, a pipe or a socket).`);
  if (stat.isSymbolicLink() && existsSync(path) && !statSync(path).isFile()) return refuse('not_a_file', `${path} links to something that is not a regular file.`);
  if (!replace) return refuse('exists', `${path} already exists.`);
  return null;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Writes the copy to `target` (through a temporary name, verified, then renamed into place). */
export function copyLibrary(db: Database.Database, dbPath: string, target: string, options: { replace?: boolean } = {}): LibraryCopy {
  const problem = copyTargetProblem(dbPath, target, options);
  if (problem) throw problem;
  const path = resolve(target);
  mkdirSync(dirname(path), { recursive: true });
  let cases: number;
  try {
    cases = writeVerifiedCopy(db, path, { replace: options.replace ?? false });
  } catch (e) {
    throw new CausewayError('storage', `The copy could not be written to ${path}: ${(e as Error).message}`, { reason: 'copy_failed' });
  }
  return { fileName: basename(path), path, bytes: statSync(path).size, cases };
}

/** The name a copy gets when none is chosen: `<library>-copy-<date>.sqlite`. */
export function defaultCopyName(dbPath: string, now: Date): string {
  const base = basename(dbPath, extname(dbPath)) || 'causeway';
  return `${base}-copy-${now.toISOString().slice(0, 10)}.sqlite`;
}

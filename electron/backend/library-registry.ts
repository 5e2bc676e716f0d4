import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { LIBRARY_COLOURS, LIBRARY_NAME_MAX, LibraryRegistryFile, type LibraryColour, type LibraryEntry } from '../../shared/domain/libraries';

export const REGISTRY_FILE_NAME = 'libraries.json';
/** Libraries created by name (browser mode, or the desktop's "New library") go here. */
export const LIBRARIES_DIR_NAME = 'libraries';
/** How many libraries the recent list keeps; the oldest opened falls off. */
export const RECENT_LIMIT = 30;

/** The libraries this machine knows (the recent list), with the name and colour the user gave
 *  each, kept in one small JSON file in the user-data folder. Name and colour belong to this
 *  machine's view of a file: a library copied elsewhere shows up under its file name until named.
 *
 *  The file is written whole to a temporary name and renamed, so it is the old list or the new one,
 *  never half of each; one that does not parse or fails the schema is ignored with a warning (the
 *  list starts empty and the next change replaces it), never a crash. `file` null keeps the list in
 *  memory only (tests, the command line). */
export class LibraryRegistry {
  private entries: LibraryEntry[];

  constructor(
    private readonly file: string | null,
    private readonly now: () => Date = () => new Date(),
    private readonly warn: (message: string) => void = (m) => console.warn(m),
  ) {
    this.entries = file ? this.read(file) : [];
  }

  private read(file: string): LibraryEntry[] {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.warn(`Could not read the list of libraries ${file}: ${(e as Error).message}`);
      return [];
    }
    try {
      const parsed = LibraryRegistryFile.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data.libraries;
      this.warn(`Ignoring the list of libraries ${file}: it does not have the expected shape.`);
    } catch {
      this.warn(`Ignoring the list of libraries ${file}: it is not valid JSON.`);
    }
    return [];
  }

  private write(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const body: LibraryRegistryFile = { version: 1, libraries: this.entries };
    try {
      writeFileSync(tmp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
      renameSync(tmp, this.file);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  }

  /** Most recently opened first. */
  list(): LibraryEntry[] {
    return [...this.entries].sort((a, b) => b.lastOpenedAt.localeCompare(a.lastOpenedAt));
  }

  find(path: string): LibraryEntry | undefined {
    const key = resolve(path);
    return this.entries.find((e) => e.path === key);
  }

  /** The entry for `path`, as it would be listed: a library not remembered yet is named after its file. */
  describe(path: string): LibraryEntry {
    return this.find(path) ?? { path: resolve(path), name: defaultLibraryName(path), colour: defaultColour(path), lastOpenedAt: this.now().toISOString() };
  }

  /** Records that `path` was opened now (adding it to the list), with a name and colour when given. */
  opened(path: string, set: { name?: string; colour?: LibraryColour } = {}): LibraryEntry {
    const entry: LibraryEntry = { ...this.describe(path), ...set, lastOpenedAt: this.now().toISOString() };
    this.entries = [entry, ...this.entries.filter((e) => e.path !== entry.path)];
    if (this.entries.length > RECENT_LIMIT) this.entries = this.list().slice(0, RECENT_LIMIT);
    this.write();
    return entry;
  }

  /** Changes the name or colour of a library in the list; one not listed yet is added. */
  update(path: string, set: { name?: string; colour?: LibraryColour }): LibraryEntry {
    const existing = this.find(path);
    const entry: LibraryEntry = { ...(existing ?? this.describe(path)), ...set };
    this.entries = existing ? this.entries.map((e) => (e === existing ? entry : e)) : [entry, ...this.entries];
    this.write();
    return entry;
  }

  /** Takes a library off the list; its file is left alone. Returns whether it was listed. */
  forget(path: string): boolean {
    const existing = this.find(path);
    if (!existing) return false;
    this.entries = this.entries.filter((e) => e !== existing);
    this.write();
    return true;
  }
}

/** "hotel-lotus.sqlite" -> "hotel-lotus": what a library is called until someone names it. */
export function defaultLibraryName(path: string): string {
  const base = basename(path, extname(path)).trim();
  return (base || basename(path)).slice(0, LIBRARY_NAME_MAX);
}

/** A colour picked from the path, so two unnamed libraries usually differ at a glance. */
export function defaultColour(path: string): LibraryColour {
  let h = 0;
  for (const ch of resolve(path)) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return LIBRARY_COLOURS[h % LIBRARY_COLOURS.length]!;
}

/** A file name for a library created by name: the name's letters and digits (any script, so
 *  "华东物流" stays readable), other characters as "-". */
export function libraryFileStem(name: string): string {
  const stem = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return stem || 'library';
}

export function registryFile(userDataDir: string): string {
  return join(userDataDir, REGISTRY_FILE_NAME);
}

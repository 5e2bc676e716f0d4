import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Browser mode's secret for one library, kept in the user-data folder (readable by its owner
 *  only), so the host hands out the same one after a restart: a page opened earlier, a second tab
 *  and a bookmark keep working. Another library gets another secret. */
export function librarySecret(userDataDir: string, dbPath: string): string {
  const dir = join(userDataDir, 'browser-sessions');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${createHash('sha256').update(resolve(dbPath)).digest('hex').slice(0, 32)}.secret`);
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{48}$/.test(kept)) return kept;
  } catch {
    // None yet (or unreadable): a new one is written below.
  }
  const secret = randomBytes(24).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // in case the file was there with looser rights
  return secret;
}

function portFile(userDataDir: string, dbPath: string): string {
  return join(userDataDir, 'browser-sessions', `${createHash('sha256').update(resolve(dbPath)).digest('hex').slice(0, 32)}.port`);
}

/** The port the host last listened on for this library: tried first on the next start, so the
 *  address an open page (or a bookmark) holds still leads to it. */
export function rememberedPort(userDataDir: string, dbPath: string): number {
  try {
    const port = Number(readFileSync(portFile(userDataDir, dbPath), 'utf8').trim());
    return Number.isInteger(port) && port > 0 && port < 65536 ? port : 0;
  } catch {
    return 0;
  }
}

export function rememberPort(userDataDir: string, dbPath: string, port: number): void {
  try {
    writeFileSync(portFile(userDataDir, dbPath), `${port}\n`, { mode: 0o600 });
  } catch {
    // Only a convenience: the next start picks a free port and prints it.
  }
}

import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Real read-only media for tests: a tmpfs remounted read-only when running as root (root ignores
 *  file permissions), else a folder without write permission. */

const isRoot = process.getuid?.() === 0;

function canMount(): boolean {
  const probe = mkdtempSync(join(tmpdir(), 'causeway-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** Whether this machine can give a test read-only media. */
export const READ_ONLY_MEDIA = isRoot ? canMount() : process.platform !== 'win32';

/** A new folder `dir` holding copies of `files` (name → source path), then made read-only.
 *  Returns the function that undoes it. */
export function makeReadOnlyFolder(dir: string, files: Record<string, string>): () => void {
  mkdirSync(dir, { recursive: true });
  if (isRoot) execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dir]);
  for (const [name, from] of Object.entries(files)) copyFileSync(from, join(dir, name));
  if (isRoot) {
    execFileSync('mount', ['-o', 'remount,ro', dir]);
    return () => execFileSync('umount', [dir]);
  }
  for (const name of Object.keys(files)) chmodSync(join(dir, name), 0o444);
  chmodSync(dir, 0o555);
  return () => chmodSync(dir, 0o755);
}

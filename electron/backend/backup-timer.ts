import type { Library } from './library';

/** How often the open library is asked whether a periodic backup is due. Much shorter than the
 *  backup interval, so that a backup that failed (a full disk, a read-only folder) is retried
 *  within a minute of the cause going away rather than a whole interval later. */
export const BACKUP_TICK_MS = 60 * 1000;
/** The full integrity check runs this long after a file is opened, not during the open. */
export const INTEGRITY_CHECK_DELAY_MS = 3 * 1000;

export type Log = (message: string, error: unknown) => void;

/** Takes periodic backups of `library` while it is open. A failure is logged and retried at the
 *  next tick; it never reaches the event loop, where it would end the process. Returns a stop function. */
export function startBackupTimer(library: Library, { tickMs = BACKUP_TICK_MS, log = defaultLog }: { tickMs?: number; log?: Log } = {}): () => void {
  const timer = setInterval(() => {
    try {
      library.backupIfDue();
    } catch (e) {
      log(`The periodic backup of ${library.dbPath} failed; it is retried in ${Math.round(tickMs / 1000)} s.`, e);
    }
  }, tickMs);
  timer.unref?.();
  return () => clearInterval(timer);
}

/** A `scheduleIntegrityCheck` for the Library: runs the check a little after each open, off the
 *  request that opened the file, and logs rather than throws. */
export function integrityCheckLater({ delayMs = INTEGRITY_CHECK_DELAY_MS, log = defaultLog }: { delayMs?: number; log?: Log } = {}): (run: () => void) => void {
  return (run) => {
    const timer = setTimeout(() => {
      try {
        run();
      } catch (e) {
        log('The integrity check could not run.', e);
      }
    }, delayMs);
    timer.unref?.();
  };
}

function defaultLog(message: string, error: unknown): void {
  console.error(message, error instanceof Error ? error.message : error);
}

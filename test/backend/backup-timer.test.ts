import { rmSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BACKUP_TICK_MS, integrityCheckLater, startBackupTimer } from '../../electron/backend/backup-timer';
import { BACKUP_INTERVAL_MS } from '../../electron/backend/library';
import { manualClock, useBackend } from '../support/backend';

const { start } = useBackend();

afterEach(() => {
  vi.useRealTimers();
});

describe('the periodic backup timer', () => {
  it('survives a backup that fails (the folder cannot be written), reports it, and retries until it works', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const clock = manualClock();
    const b = start({ now: clock.now });
    b.ok('cases:create', { language: 'en', title: 'Kept' });
    writeFileSync(b.library.backupDir, 'not a folder'); // as a read-only or full disk would refuse it
    const logged: string[] = [];
    const stop = startBackupTimer(b.library, { log: (message) => logged.push(message) });

    // Without the handler this tick would throw out of the timer and end the process.
    expect(() => vi.advanceTimersByTime(BACKUP_TICK_MS)).not.toThrow();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/periodic backup .* failed; it is retried/);
    vi.advanceTimersByTime(BACKUP_TICK_MS);
    expect(logged).toHaveLength(2);
    expect(b.ok('cases:list', {}).total).toBe(1); // the library is still usable
    // And the user is told, until a backup succeeds.
    expect(b.ok('db:status', {})).toMatchObject({ state: 'ok', backupFailed: { at: clock.now().toISOString(), folder: b.library.backupDir } });

    rmSync(b.library.backupDir);
    vi.advanceTimersByTime(BACKUP_TICK_MS);
    expect(logged).toHaveLength(2);
    expect(b.library.backups()).toMatchObject([{ reason: 'periodic', cases: 1 }]);
    expect(b.ok('db:status', {})).not.toHaveProperty('backupFailed');
    // Then not again until the interval has passed.
    vi.advanceTimersByTime(BACKUP_TICK_MS * 3);
    expect(b.library.backups()).toHaveLength(1);
    clock.advance(BACKUP_INTERVAL_MS);
    vi.advanceTimersByTime(BACKUP_TICK_MS);
    expect(b.library.backups()).toHaveLength(2);
    stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('integrityCheckLater', () => {
  it('runs the check after the delay and logs a failure instead of throwing', () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const logged: unknown[] = [];
    const schedule = integrityCheckLater({ delayMs: 500, log: (_m, e) => logged.push(e) });
    let ran = 0;
    schedule(() => {
      ran++;
      throw new Error('busy');
    });
    vi.advanceTimersByTime(499);
    expect(ran).toBe(0);
    expect(() => vi.advanceTimersByTime(1)).not.toThrow();
    expect(ran).toBe(1);
    expect(logged).toEqual([new Error('busy')]);
  });
});

import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Backup, DbStatus } from '../../shared/contract/contract';
import { CausewayError } from '../../shared/contract/errors';
import { createBackup, defaultBackupDir, listBackups, restoreBackup } from './backups';
import { CaseRepo } from './case-repo';
import { DamagedDatabaseError, openDatabase, type Db } from './database';
import { FishboneRepo } from './fishbone-repo';
import { LATEST_VERSION } from './migrations';
import { OpLog } from './op-log';
import { PlanRepo } from './plan-repo';
import { WhyRepo } from './why-repo';

type State =
  | { kind: 'ok'; db: Db; repo: CaseRepo; fishbones: FishboneRepo; whys: WhyRepo; plans: PlanRepo; ops: OpLog }
  | { kind: 'damaged'; reason: string; detail: string };

export interface LibraryOptions {
  now?: () => Date;
}

/** Periodic backups are taken at most this often while the library is open. */
export const BACKUP_INTERVAL_MS = 15 * 60 * 1000;

/** The open case library: one database file, or the reason it could not be opened. */
export class Library {
  private state!: State;
  private path!: string;
  private readonly now: () => Date;

  constructor(path: string, options: LibraryOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.open(path);
  }

  get dbPath(): string {
    return this.path;
  }

  get backupDir(): string {
    return defaultBackupDir(this.path);
  }

  /** Opens another file; the current one is closed only once the new one is known to be good or damaged. */
  open(path: string): DbStatus {
    const target = resolve(path);
    mkdirSync(dirname(target), { recursive: true });
    let next: State;
    try {
      const db = openDatabase(target, { backupDir: defaultBackupDir(target), now: this.now });
      next = {
        kind: 'ok',
        db,
        repo: new CaseRepo(db, this.now),
        fishbones: new FishboneRepo(db, this.now),
        whys: new WhyRepo(db, this.now),
        plans: new PlanRepo(db, this.now),
        ops: new OpLog(db, this.now),
      };
    } catch (e) {
      if (!(e instanceof DamagedDatabaseError)) throw e;
      next = { kind: 'damaged', reason: e.damage, detail: e.message };
    }
    if (this.state?.kind === 'ok') this.state.db.close();
    this.state = next;
    this.path = target;
    return this.status();
  }

  status(): DbStatus {
    if (this.state.kind === 'ok') return { state: 'ok', path: this.path, schemaVersion: LATEST_VERSION };
    return { state: 'damaged', path: this.path, reason: this.state.reason, detail: this.state.detail, backups: this.backups() };
  }

  backups(): Backup[] {
    return listBackups(this.backupDir, this.path);
  }

  /** The repository, or a typed `damaged` error while the file cannot be used. */
  get repo(): CaseRepo {
    return this.usable().repo;
  }

  /** The fishbone repository, with the same guard as `repo`. */
  get fishbones(): FishboneRepo {
    return this.usable().fishbones;
  }

  /** The 5-Whys repository, with the same guard as `repo`. */
  get whys(): WhyRepo {
    return this.usable().whys;
  }

  /** The plan repository (steps 3-5), with the same guard as `repo`. */
  get plans(): PlanRepo {
    return this.usable().plans;
  }

  /** The writes already applied, by operation id, with the same guard as `repo`. */
  get ops(): OpLog {
    return this.usable().ops;
  }

  /** Runs several repository writes as one transaction: all of them are stored, or none. */
  transaction<T>(work: () => T): T {
    return this.usable().db.transaction(work)();
  }

  private usable(): Extract<State, { kind: 'ok' }> {
    if (this.state.kind !== 'ok') throw new CausewayError('damaged', 'The database cannot be used.', { reason: this.state.reason });
    return this.state;
  }

  restore(backupId: string): DbStatus {
    const backup = this.backups().find((b) => b.id === backupId);
    if (!backup) throw new CausewayError('not_found', `No backup ${backupId}.`);
    if (this.state.kind === 'ok') {
      createBackup(this.state.db, this.path, this.backupDir, 'pre-restore', this.now());
      this.state.db.close();
    }
    restoreBackup(this.path, backup, this.now());
    return this.open(this.path);
  }

  /** Takes a periodic backup if the newest one is older than the interval. Returns it, or null. */
  backupIfDue(): Backup | null {
    if (this.state.kind !== 'ok') return null;
    const newest = this.backups().find((b) => b.reason === 'periodic');
    if (newest && this.now().getTime() - Date.parse(newest.createdAt) < BACKUP_INTERVAL_MS) return null;
    return createBackup(this.state.db, this.path, this.backupDir, 'periodic', this.now());
  }

  close(): void {
    if (this.state.kind === 'ok') this.state.db.close();
    this.state = { kind: 'damaged', reason: 'unreadable', detail: 'closed' };
  }

}

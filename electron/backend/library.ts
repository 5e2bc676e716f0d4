import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Backup, DbStatus } from '../../shared/contract/contract';
import { CausewayError } from '../../shared/contract/errors';
import { createBackup, defaultBackupDir, listBackups, restoreBackup } from './backups';
import { CaseRepo } from './case-repo';
import { DamagedDatabaseError, integrityCheck, isReadOnlyLocation, openDatabase, openReadOnly, type DamageReason, type Db } from './database';
import { FishboneRepo } from './fishbone-repo';
import { compactChangeLog, withChangeLogQuiet } from './insights/change-log';
import { copyLibrary, type LibraryCopy } from './library-copy';
import { KanoChartService } from './kano-chart';
import { CaseMirror } from './insights/case-mirror';
import { cachedPrepare } from './sql';
import { LATEST_VERSION } from './migrations';
import { NeedRepo } from './need-repo';
import { OpLog } from './op-log';
import { PlanRepo } from './plan-repo';
import { RetroRepo } from './retro/retro-repo';
import { RootCauseRepo } from './root-cause-repo';
import { allOrNothing } from './sql';
import { batchIndexing, staleIndexBuild, type IndexBuild, type IndexProgress, type QueueCase } from './search/search-index';
import { SearchService } from './search/search-service';
import { InsightsService } from './insights/service';
import { exportsDir } from './report-export';
import { WhyRepo } from './why-repo';

/** The page cache of a bulk write, in KiB as `cache_size` takes it (negative): 64 MiB. */
const BULK_CACHE_KIB = -64 * 1024;

type State =
  | {
      kind: 'ok';
      db: Db;
      repo: CaseRepo;
      fishbones: FishboneRepo;
      whys: WhyRepo;
      plans: PlanRepo;
      rootCauses: RootCauseRepo;
      search: SearchService;
      insights: InsightsService;
      ops: OpLog;
      /** The search index being built in the background, until it is done. */
      indexBuild: IndexBuild | null;
      needs: NeedRepo;
      kano: KanoChartService;
      retros: RetroRepo;
      /** Set when the library's location cannot be written: the private copy that is open instead. */
      readOnly?: { snapshotDir: string; file: string };
    }
  | { kind: 'damaged'; reason: string; detail: string };

export interface LibraryOptions {
  now?: () => Date;
  /** Runs the full integrity check of each file opened, later: the app passes a timer so that the
   *  check (which reads every page) does not hold up opening. Without it, no check is scheduled;
   *  `checkIntegrity` can still be called. */
  scheduleIntegrityCheck?: (run: () => void) => void;
  /** Builds a missing or stale search index in the background, one chunk per call of `run` (the
   *  app passes setImmediate), while the library is used. Without it, the index is built before
   *  the constructor or `open` returns (the command line, tests). */
  scheduleIndexBuild?: (run: () => void) => void;
  /** The most cases a background build indexes per step (tests make it small). */
  indexChunkCases?: number;
  /** How long a background build's step may run before it stops early (tests that count what one
   *  step indexes lift it, since a loaded machine may take longer than that for one case). */
  indexChunkMs?: number;
}

/** Periodic backups are taken at most this often while the library is open. */
export const BACKUP_INTERVAL_MS = 15 * 60 * 1000;

/** The open case library: one database file, or the reason it could not be opened. */
export class Library {
  private state!: State;
  private path!: string;
  private readonly now: () => Date;
  private readonly scheduleIntegrityCheck: ((run: () => void) => void) | undefined;
  private readonly scheduleIndexBuild: ((run: () => void) => void) | undefined;
  private readonly indexChunkCases: number | undefined;
  private readonly indexChunkMs: number | undefined;
  /** The last periodic backup that could not be written, until one succeeds: shown to the user. */
  private backupFailure: { at: string; folder: string } | null = null;

  constructor(path: string, options: LibraryOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.scheduleIntegrityCheck = options.scheduleIntegrityCheck;
    this.scheduleIndexBuild = options.scheduleIndexBuild;
    this.indexChunkCases = options.indexChunkCases;
    this.indexChunkMs = options.indexChunkMs;
    this.open(path);
  }

  get dbPath(): string {
    return this.path;
  }

  get backupDir(): string {
    return defaultBackupDir(this.path);
  }

  /** Where a saved copy of the library goes: the exports folder beside it, or, for a library on
   *  read-only media, a folder beside its private copy (the browser downloads it from there). */
  get copyDir(): string {
    if (this.state?.kind === 'ok' && this.state.readOnly) return join(this.state.readOnly.snapshotDir, 'exports');
    return exportsDir(this.path);
  }

  /** Opens another file; the current one is closed only once the new one is known to be good or damaged. */
  open(path: string): DbStatus {
    const target = resolve(path);
    const readOnly = existsSync(target) && isReadOnlyLocation(target);
    if (!readOnly) mkdirSync(dirname(target), { recursive: true });
    let next: State;
    try {
      const options = { backupDir: defaultBackupDir(target), now: this.now };
      const snapshot = readOnly ? openReadOnly(target, options) : null;
      const db = snapshot?.db ?? openDatabase(target, options);
      // A library written before the search index (or by another index builder) is indexed now,
      // or in the background: SQL migrations cannot segment Chinese text. A read-only copy is
      // searched as it is.
      const indexBuild = db.readonly ? null : staleIndexBuild(db, this.indexChunkCases, this.indexChunkMs);
      if (indexBuild && !this.scheduleIndexBuild) indexBuild.finish();
      const fishbones = new FishboneRepo(db, this.now);
      const whys = new WhyRepo(db, this.now);
      const rootCauses = new RootCauseRepo(db, fishbones, whys, this.now);
      // A check found not effective reopens every place of the root causes its action addresses.
      const plans = new PlanRepo(db, this.now, (caseId) => rootCauses.distinct(caseId));
      // What insights and the KANO chart read, kept in memory for both and read again per changed case.
      const mirror = new CaseMirror(cachedPrepare(db));
      next = {
        kind: 'ok',
        ...(snapshot ? { readOnly: { snapshotDir: snapshot.snapshotDir, file: snapshot.file } } : {}),
        db,
        repo: new CaseRepo(db, this.now),
        fishbones,
        whys,
        plans,
        rootCauses,
        search: new SearchService(db, plans, rootCauses, () => (indexBuild && !indexBuild.isFinished ? indexBuild.progress() : null)),
        insights: new InsightsService(db, this.now, mirror),
        ops: new OpLog(db, this.now),
        indexBuild: indexBuild?.isFinished === false ? indexBuild : null,
        needs: new NeedRepo(db, this.now),
        kano: new KanoChartService(db, mirror),
        retros: new RetroRepo(db),
      };
    } catch (e) {
      if (!(e instanceof DamagedDatabaseError)) throw e;
      next = { kind: 'damaged', reason: e.damage, detail: e.message };
    }
    if (this.state?.kind === 'ok') this.closeOpen(this.state);
    this.state = next;
    this.path = target;
    this.backupFailure = null;
    if (next.kind === 'ok' && next.indexBuild) this.buildIndexLater(next, next.indexBuild);
    if (next.kind === 'ok' && this.scheduleIntegrityCheck) {
      // Only if the same connection is still the open one when the check runs.
      this.scheduleIntegrityCheck(() => {
        if (this.state === next) this.checkIntegrity();
      });
    }
    return this.status();
  }

  /** Runs SQLite's integrity_check on the open file (quick_check, run at open, misses index
   *  entries that do not match their rows). When it fails, the library is closed and reported
   *  damaged, so the recovery screen is shown and nothing more is written or backed up. */
  checkIntegrity(): DbStatus {
    if (this.state.kind !== 'ok') return this.status();
    let damage: { reason: DamageReason; detail: string } | null;
    try {
      damage = integrityCheck(this.state.readOnly?.file ?? this.path);
    } catch (e) {
      // A check that cannot run (the file busy for seconds) is no verdict; the next one will tell.
      console.error(e);
      return this.status();
    }
    if (damage) {
      this.closeOpen(this.state);
      this.state = { kind: 'damaged', reason: damage.reason, detail: damage.detail };
    }
    return this.status();
  }

  status(): DbStatus {
    if (this.state.kind === 'ok') {
      return {
        state: 'ok',
        path: this.path,
        schemaVersion: LATEST_VERSION,
        ...(this.state.readOnly ? { readOnly: true } : {}),
        ...(this.backupFailure ? { backupFailed: this.backupFailure } : {}),
      };
    }
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

  /** The root-cause identity repository, with the same guard as `repo`. */
  get rootCauses(): RootCauseRepo {
    return this.usable().rootCauses;
  }

  /** Search, similar cases and the lessons library, with the same guard as `repo`. */
  get search(): SearchService {
    return this.usable().search;
  }

  /** Step 1's customer needs and their KANO answers. */
  get needs(): NeedRepo {
    return this.usable().needs;
  }

  /** The Better/Worse chart of needs across cases. */
  get kano(): KanoChartService {
    return this.usable().kano;
  }

  /** Patterns across cases (electron/backend/insights/), with the same guard as `repo`. */
  get insights(): InsightsService {
    return this.usable().insights;
  }

  /** The writes already applied, by operation id, with the same guard as `repo`. */
  get ops(): OpLog {
    return this.usable().ops;
  }

  /** How far the search index's background build has got, or null when the index is complete. */
  indexProgress(): IndexProgress | null {
    return this.state.kind === 'ok' && this.state.indexBuild ? this.state.indexBuild.progress() : null;
  }

  /** Runs the build's steps one per scheduled call, while this connection is still the open one. A
   *  step that fails leaves the index incomplete (rebuilt at the next open) and is logged. */
  private buildIndexLater(state: Extract<State, { kind: 'ok' }>, build: IndexBuild): void {
    const tick = () => {
      if (this.state !== state) return;
      try {
        if (build.step()) {
          state.indexBuild = null;
          return;
        }
      } catch (e) {
        console.error(e);
        state.indexBuild = null;
        return;
      }
      this.scheduleIndexBuild!(tick);
    };
    this.scheduleIndexBuild!(tick);
  }

  /** The team sessions kept with each case, with the same guard as `repo`. */
  get retros(): RetroRepo {
    return this.usable().retros;
  }

  /** Runs several repository writes as one transaction: all of them are stored, or none. It
   *  starts IMMEDIATE, taking the write lock at BEGIN: a deferred transaction that reads first and
   *  then writes fails with SQLITE_BUSY_SNAPSHOT when another process wrote in between, whatever
   *  busy_timeout says. Every repository write starts the same way. */
  transaction<T>(work: () => T): T {
    return this.usable().db.transaction(work).immediate();
  }

  /** `transaction` for writes of many cases at once (an import): each case written is indexed for
   *  search once, at the end, rather than after each of its writes (see `batchIndexing`), and the
   *  repositories' writes join it without a savepoint each (see `allOrNothing`): any error in
   *  `work` must end it, undoing everything. `queue` names a case to index that no repository
   *  write touched, or gives the documents of a case just written (see `batchIndexing`). */
  bulkTransaction<T>(work: (queue: QueueCase) => T): T {
    const { db } = this.usable();
    // A thousand cases write ~30 MB of pages: with SQLite's default 2 MB cache, pages written early
    // are pushed out to the WAL mid-transaction and read back for the next case (~6% of an import).
    const cache = db.pragma('cache_size', { simple: true }) as number;
    db.pragma(`cache_size = ${BULK_CACHE_KIB}`);
    try {
      return db
        .transaction(() => {
          // The change log takes each case once, not each of its rows (see withChangeLogQuiet).
          const value = withChangeLogQuiet(db, (logged) => allOrNothing(db, () => batchIndexing(db, work, logged)));
          compactChangeLog(db);
          return value;
        })
        .immediate();
    } finally {
      db.pragma(`cache_size = ${cache}`);
    }
  }

  /** Runs several repository reads in one read transaction: one consistent snapshot. */
  read<T>(work: () => T): T {
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
      if (this.state.readOnly) throw new CausewayError('storage', `${this.path} is read-only.`, { reason: 'read_only' });
      createBackup(this.state.db, this.path, this.backupDir, 'pre-restore', this.now());
      this.closeOpen(this.state);
    }
    restoreBackup(this.path, backup, this.now());
    return this.open(this.path);
  }

  /** Takes a periodic backup if the newest one is older than the interval. Returns it, or null.
   *  The file is checked in full first: a backup of a damaged library would push a good one out.
   *  Throws a `storage` error (reason `backup_failed`) when the backup cannot be written. */
  backupIfDue(): Backup | null {
    // A read-only library cannot change, and its folder cannot take a backup.
    if (this.state.kind !== 'ok' || this.state.readOnly) return null;
    const newest = this.backups().find((b) => b.reason === 'periodic');
    if (newest && this.now().getTime() - Date.parse(newest.createdAt) < BACKUP_INTERVAL_MS) return null;
    if (this.checkIntegrity().state !== 'ok' || this.state.kind !== 'ok') return null;
    try {
      const backup = createBackup(this.state.db, this.path, this.backupDir, 'periodic', this.now());
      this.backupFailure = null;
      return backup;
    } catch (e) {
      this.backupFailure = { at: this.now().toISOString(), folder: this.backupDir };
      throw e;
    }
  }

  private closeOpen(state: Extract<State, { kind: 'ok' }>): void {
    state.db.close();
    if (state.readOnly) rmSync(state.readOnly.snapshotDir, { recursive: true, force: true });
  }

  /** Writes a consistent copy of the open library to `target` (see library-copy.ts). */
  saveCopy(target: string, options: { replace?: boolean } = {}): LibraryCopy {
    return copyLibrary(this.usable().db, this.path, target, options);
  }

  close(): void {
    if (this.state.kind === 'ok') this.closeOpen(this.state);
    this.state = { kind: 'damaged', reason: 'unreadable', detail: 'closed' };
  }

}

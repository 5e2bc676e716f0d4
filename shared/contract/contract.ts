import { z } from 'zod';
import {
  CaseDetail,
  CasePage,
  CasePatch,
  CaseQuery,
  CaseRecord,
  Id,
  Instant,
  TimelineEvent,
  TimelineEventFields,
} from '../domain/case';
import { AnonymiseHit, AnonymiseOptions, CASE_FILE_LIMITS, CaseFileImportResult, CaseFilePreview, CaseFileSource, ImportMode, Resolution } from '../domain/case-file';
import { Fishbone } from '../domain/fishbone';
import { LibraryColour, LibraryEntry, LibraryName, LibraryPath } from '../domain/libraries';
import { FishboneCommand } from '../domain/fishbone-commands';
import { KanoChart, KanoChartQuery, KanoDrill, KanoDrillQuery } from '../domain/kano-chart';
import { CustomerNeeds, NeedCommand } from '../domain/needs';
import { CasePlan } from '../domain/plan';
import { PlanCommand } from '../domain/plan-commands';
import { RootCauseCommand, RootCauseLinks } from '../domain/root-causes';
import { LIMITS } from '../domain/vocabulary';
import { WhyCommand } from '../domain/why-commands';
import { WhyAnalyses } from '../domain/whys';
import { Durations, FacilitatorView, ParticipantName, RetroUpdate, StoredRetroSession, VotingPatch } from '../domain/retro';
import { LessonEntry, LessonsQuery, SearchQuery, SearchResult, SimilarCase } from '../domain/search';
import { INSIGHTS_REPORT_FORMATS, Insights, InsightsDrill, InsightsDrillQuery, InsightsQuery, SetEmotion } from '../domain/insights';
import { JoinCode, LanInterface } from '../domain/retro-phones';
import { Language } from '../i18n/languages';
import { REPORT_FORMATS, REPORT_LAYOUTS } from '../report/snapshot';
import type { MethodName } from './methods';

const Revision = z.object({ revision: z.number().int().nonnegative() });

/** What every write carries besides its data (see electron/backend/op-log.ts):
 *  - `revision`: the case revision the writer's copy was based on. A write based on an older one is
 *    refused as a `conflict` ('stale'), so a window that missed another's change cannot overwrite it.
 *    Optional for one-shot callers (the command line, scripts) that read and write in one go; the
 *    app always sends it.
 *  - `opId`: a writer-chosen id for this one operation. Sent again (its reply was lost), it is
 *    answered with the first reply instead of being applied twice or refused as stale. */
const WriteBase = {
  revision: z.number().int().nonnegative().optional(),
  opId: z.string().min(8).max(100).optional(),
};

export const Backup = z.object({
  id: z.string(),
  file: z.string(),
  createdAt: Instant,
  bytes: z.number().int().nonnegative(),
  reason: z.enum(['pre-migrate', 'periodic', 'pre-restore']),
  /** How many cases (trashed ones included) the backup holds: it was opened and checked. */
  cases: z.number().int().nonnegative(),
});
export type Backup = z.infer<typeof Backup>;

export const DbStatus = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('ok'),
    path: z.string(),
    schemaVersion: z.number().int(),
    /** The file or its folder cannot be written (read-only media): it can be viewed, not changed. */
    readOnly: z.boolean().optional(),
    /** The last periodic backup could not be written (a full disk, a read-only folder); it is
     *  retried every minute, and this goes away once one succeeds. */
    backupFailed: z.object({ at: Instant, folder: z.string() }).optional(),
  }),
  z.object({
    state: z.literal('damaged'),
    path: z.string(),
    /** not_sqlite | not_causeway | truncated | empty | quick_check | integrity_check | newer_schema | edited_migration | migration_failed | unreadable */
    reason: z.string(),
    detail: z.string(),
    backups: z.array(Backup),
  }),
]);
export type DbStatus = z.infer<typeof DbStatus>;

/** What the libraries screen and the header show: the open library (its state, name and colour),
 *  the recent list (most recently opened first, the open one included) and the folder libraries
 *  created by name go to. */
export const LibraryState = z.object({
  status: DbStatus,
  current: LibraryEntry,
  recent: z.array(LibraryEntry),
  createDir: z.string(),
});
export type LibraryState = z.infer<typeof LibraryState>;

/** An IANA time zone this runtime knows ("Asia/Shanghai", "UTC"). */
export const TimeZone = z
  .string()
  .min(1)
  .max(100, { error: 'too_long' })
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { error: 'invalid_choice' },
  );

/** What a report is made of: the case, the language it is written in (independent of the UI's),
 *  its structure, and the zone its dates are written in (the machine's when absent). */
const ReportRequest = z.object({ caseId: Id, language: Language, layout: z.enum(REPORT_LAYOUTS), timeZone: TimeZone.optional() });

/** Which cases go into a case file: some by id, or every live case of the library. */
const CaseSelection = {
  caseIds: z.array(Id).min(1).max(CASE_FILE_LIMITS.cases).optional(),
  all: z.literal(true).optional(),
};
const oneSelection = (v: { caseIds?: unknown; all?: unknown }) => (v.caseIds === undefined) !== (v.all === undefined);
const selectionIssue = { error: 'required', path: ['caseIds'] };
/** A passphrase for age's scrypt mode; never stored. */
const Passphrase = z.string().min(1, { error: 'required' }).max(1024, { error: 'too_long' });

/** One entry per method: its input and output schema. The single source of truth for
 *  the preload, the IPC wiring, the HTTP host and the renderer's typed client. */
export const contract = {
  'app:info': {
    input: z.object({}).strict(),
    output: z.object({ version: z.string(), schemaVersion: z.number().int(), dbPath: z.string(), shell: z.enum(['electron', 'browser']) }),
  },
  'db:status': { input: z.object({}).strict(), output: DbStatus },
  'db:backups': { input: z.object({}).strict(), output: z.array(Backup) },
  'db:restoreBackup': { input: z.object({ id: z.string().min(1).max(300) }).strict(), output: DbStatus },
  // A NUL would cut the path short on its way to the file system: refused, not truncated.
  'db:openFile': {
    input: z.object({ path: z.string().min(1).max(4096).refine((p) => !p.includes('\0'), { error: 'invalid_format' }) }).strict(),
    output: DbStatus,
  },
  /** A consistent copy of the open library (every committed edit, no -wal file needed), written
   *  into the exports folder next to it: its name, full path, size and number of cases. */
  'db:saveCopy': {
    input: z.object({}).strict(),
    output: z.object({ fileName: z.string(), path: z.string(), bytes: z.number().int().nonnegative(), cases: z.number().int().nonnegative() }),
  },

  /** The libraries (one per client): the open one, the recent list. */
  'library:list': { input: z.object({}).strict(), output: LibraryState },
  /** A new, empty library named `name`, in the user-data folder's libraries folder; it is opened. */
  'library:create': { input: z.object({ name: LibraryName, colour: LibraryColour.optional() }).strict(), output: LibraryState },
  /** Opens the library at `path` (created when the file does not exist) and puts it on the recent list. */
  'library:open': { input: z.object({ path: LibraryPath }).strict(), output: LibraryState },
  /** The desktop app's native open dialog, then as `library:open`; `cancelled` when nothing was picked. */
  'library:openDialog': { input: z.object({}).strict(), output: z.object({ cancelled: z.boolean(), state: LibraryState }) },
  'library:rename': { input: z.object({ path: LibraryPath, name: LibraryName }).strict(), output: LibraryState },
  'library:setColour': { input: z.object({ path: LibraryPath, colour: LibraryColour }).strict(), output: LibraryState },
  /** Takes a library off the recent list (its file stays). The open library cannot be forgotten. */
  'library:forget': { input: z.object({ path: LibraryPath }).strict(), output: LibraryState },
  /** Closes the open library and goes back to the default one in the user-data folder. */
  'library:close': { input: z.object({}).strict(), output: LibraryState },

  'cases:list': { input: CaseQuery.strict(), output: CasePage },
  'cases:tags': {
    input: z.object({}).strict(),
    output: z.array(z.object({ tag: z.string(), count: z.number().int().positive() })),
  },
  /** The organisation's own touchpoints (not in the fixed list) in use on live cases, most used first. */
  'cases:touchpoints': { input: z.object({}).strict(), output: z.array(z.string()) },
  'cases:get': { input: z.object({ id: Id }).strict(), output: CaseDetail },
  'cases:create': {
    input: z
      .object({
        templateId: z.string().max(100).optional(),
        title: z.string().trim().min(1).max(LIMITS.shortText, { error: 'too_long' }).optional(),
        language: Language,
      })
      .strict(),
    output: CaseDetail,
  },
  'cases:update': {
    input: z.object({ id: Id, revision: z.number().int().nonnegative(), opId: WriteBase.opId, patch: CasePatch.strict() }).strict(),
    output: CaseRecord,
  },
  'cases:trash': { input: z.object({ id: Id }).strict(), output: CaseRecord },
  'cases:restore': { input: z.object({ id: Id }).strict(), output: CaseRecord },
  'cases:emptyTrash': { input: z.object({}).strict(), output: z.object({ removed: z.number().int() }) },

  'timeline:add': {
    // The client may name the new event's id, so it can show and edit the row before the write returns.
    input: z
      .object({ caseId: Id, id: Id.optional(), event: TimelineEventFields.strict(), index: z.number().int().nonnegative().optional(), ...WriteBase })
      .strict(),
    output: Revision.extend({ event: TimelineEvent }),
  },
  'timeline:update': {
    input: z.object({ id: Id, patch: TimelineEventFields.partial().strict(), ...WriteBase }).strict(),
    output: Revision.extend({ event: TimelineEvent }),
  },
  'timeline:move': {
    input: z.object({ id: Id, toIndex: z.number().int().nonnegative(), ...WriteBase }).strict(),
    output: Revision.extend({ timeline: z.array(TimelineEvent) }),
  },
  'timeline:remove': { input: z.object({ id: Id, ...WriteBase }).strict(), output: Revision.extend({ timeline: z.array(TimelineEvent) }) },

  'fishbone:get': { input: z.object({ caseId: Id }).strict(), output: Revision.extend({ fishbone: Fishbone }) },
  /** One edit of the diagram, applied in one transaction; one command is one undo step. */
  'fishbone:apply': { input: z.object({ caseId: Id, command: FishboneCommand, ...WriteBase }).strict(), output: Revision },

  'whys:get': { input: z.object({ caseId: Id }).strict(), output: Revision.extend({ analyses: WhyAnalyses }) },
  /** One edit of the 5-Whys analyses, applied in one transaction; one command is one undo step. */
  'whys:apply': { input: z.object({ caseId: Id, command: WhyCommand, ...WriteBase }).strict(), output: Revision },

  'plan:get': { input: z.object({ caseId: Id }).strict(), output: Revision.extend({ plan: CasePlan }) },
  /** One edit of the plan (steps 3-5), applied in one transaction; one command is one undo step. A
   *  check that becomes not effective also reopens its action's root causes (see PlanRepo). */
  'plan:apply': { input: z.object({ caseId: Id, command: PlanCommand, ...WriteBase }).strict(), output: Revision },

  /** What the team said about which root causes are one (see shared/domain/root-causes.ts). */
  'roots:get': { input: z.object({ caseId: Id }).strict(), output: Revision.extend({ links: RootCauseLinks }) },
  /** Merges root causes or separates a place again, in one transaction; one command is one undo step. */
  'roots:apply': { input: z.object({ caseId: Id, command: RootCauseCommand, ...WriteBase }).strict(), output: Revision },

  /** Every word of every case (see shared/domain/search.ts). */
  'search:query': { input: SearchQuery.strict(), output: SearchResult },
  /** Past cases like this one, best first, each with why and what it offers to copy. */
  'search:similar': { input: z.object({ caseId: Id, limit: z.number().int().min(1).max(20).default(5) }).strict(), output: z.array(SimilarCase) },
  /** Every lesson and improvement across cases, newest case first. */
  'lessons:list': { input: LessonsQuery.strict(), output: z.object({ items: z.array(LessonEntry), total: z.number().int().nonnegative() }) },

  'demo:load': { input: z.object({ language: Language }).strict(), output: z.object({ caseIds: z.array(Id) }) },

  /** The lessons-learned report as self-contained HTML, for the live preview. */
  'report:preview': { input: ReportRequest.strict(), output: z.object({ html: z.string() }) },
  /** The report written as a file into the exports folder next to the database (see
   *  electron/backend/report-export.ts): its name, full path and size. */
  'report:export': {
    input: ReportRequest.extend({ format: z.enum(REPORT_FORMATS) }).strict(),
    output: z.object({ fileName: z.string(), path: z.string(), bytes: z.number().int().nonnegative() }),
  },

  /** A `.causeway` case file of the chosen cases (see shared/domain/case-file.ts), written into the
   *  exports folder like reports: optionally anonymised (hits in `skip` kept as they are) and
   *  encrypted with a passphrase (age). The library is only read. */
  'casefile:export': {
    input: z
      .object({ ...CaseSelection, anonymise: AnonymiseOptions.optional(), passphrase: Passphrase.optional() })
      .strict()
      .refine(oneSelection, selectionIssue),
    output: z.object({
      fileName: z.string(),
      path: z.string(),
      bytes: z.number().int().nonnegative(),
      cases: z.number().int().nonnegative(),
      anonymised: z.boolean(),
      encrypted: z.boolean(),
      /** Values replaced by pseudonyms (0 when not anonymised). */
      replaced: z.number().int().nonnegative(),
    }),
  },
  /** What anonymising the chosen cases would replace, for review: every hit, in reading order. */
  'casefile:scanAnonymise': {
    input: z
      .object({ ...CaseSelection, dictionary: AnonymiseOptions.shape.dictionary })
      .strict()
      .refine(oneSelection, selectionIssue),
    output: z.object({ hits: z.array(AnonymiseHit), total: z.number().int().nonnegative(), truncated: z.boolean() }),
  },
  /** Reads a case file without writing anything: its manifest and how each case compares with this
   *  library. An encrypted file without (or with a wrong) passphrase is refused with `validation`
   *  reason `passphrase_required` / `wrong_passphrase`. */
  'casefile:preview': {
    input: z.object({ source: CaseFileSource, passphrase: Passphrase.optional() }).strict(),
    output: CaseFilePreview,
  },
  /** Imports a case file in one transaction (all or nothing): as a copy with new ids (the default),
   *  or merged by id, where the higher revision wins unless `resolutions` says otherwise per case. */
  'casefile:import': {
    input: z
      .object({
        source: CaseFileSource,
        passphrase: Passphrase.optional(),
        mode: ImportMode.default('copy'),
        resolutions: z.record(Id, Resolution).optional(),
      })
      .strict(),
    output: CaseFileImportResult,
  },

  /** An exported report's bytes (base64) read back from the exports folder by its file name, so
   *  browser mode can offer it as a download. `not_found` for any other name. */

  // Customer needs and KANO (step 1; Better/Worse across cases)
  /** Step 1's customer needs, each with its KANO answers (see shared/domain/needs.ts). */
  'needs:get': { input: z.object({ caseId: Id }).strict(), output: Revision.extend({ needs: CustomerNeeds }) },
  /** One edit of the needs, applied in one transaction; one command is one undo step. */
  'needs:apply': { input: z.object({ caseId: Id, command: NeedCommand, ...WriteBase }).strict(), output: Revision },
  /** The needs of the cases passing the filters, grouped, with Better/Worse (see shared/domain/kano-chart.ts). */
  'kano:chart': { input: KanoChartQuery.strict(), output: KanoChart },

  // Insights: patterns across cases (see shared/domain/insights.ts)
  /** Every figure of the insights screen for the cases the filters select. */
  'insights:get': { input: InsightsQuery.strict(), output: Insights },
  /** The cases behind a bar, a cell, a month or a recurrence theme, paged. */
  'insights:drill': { input: InsightsDrillQuery.strict(), output: InsightsDrill },
  /** How customers feel at a touchpoint (-3..3), kept in the library; null clears it. */
  'insights:setEmotion': { input: SetEmotion.strict(), output: z.object({ journey: z.string().nullable(), touchpoint: z.string(), score: z.number().int().nullable() }) },
  /** The insights report of the period as a file in the exports folder, named like case reports. */
  'insights:report': {
    input: InsightsQuery.extend({ format: z.enum(INSIGHTS_REPORT_FORMATS), timeZone: TimeZone.optional() }).strict(),
    output: z.object({ fileName: z.string(), path: z.string(), bytes: z.number().int().nonnegative() }),
  },
  // retrospective: the facilitator's side of a team session (see shared/domain/retro.ts and
  // electron/backend/retro/). One open session per case, held in memory; its row and, at close,
  // its summary are kept with the case. Refusals are `validation` errors with a `retro_*` reason.
  /** Starts the case's team session, or returns the one already open. */
  'retro:start': {
    input: z.object({ caseId: Id, durations: Durations.partial().strict().optional(), voting: VotingPatch.optional() }).strict(),
    output: FacilitatorView,
  },
  /** The open session (null when none) and the sessions kept with the case, oldest first. */
  'retro:get': { input: z.object({ caseId: Id }).strict(), output: z.object({ session: FacilitatorView.nullable(), history: z.array(StoredRetroSession) }) },
  /** Phase, timer (pause, resume, extend), durations or voting rules. */
  'retro:update': { input: z.object({ caseId: Id, update: RetroUpdate }).strict(), output: FacilitatorView },
  /** Someone in the room, by name, or anonymous (null). */
  'retro:addParticipant': { input: z.object({ caseId: Id, name: ParticipantName.nullable() }).strict(), output: FacilitatorView },
  /** Removes a participant (in the room or on a phone) with their votes. */
  'retro:removeParticipant': { input: z.object({ caseId: Id, participantId: Id }).strict(), output: FacilitatorView },
  /** A vote (+1) or a vote taken back (-1) by the participant the facilitator picked. */
  'retro:vote': {
    input: z.object({ caseId: Id, participantId: Id, causeId: Id, delta: z.union([z.literal(1), z.literal(-1)]) }).strict(),
    output: FacilitatorView,
  },
  'retro:reveal': { input: z.object({ caseId: Id }).strict(), output: FacilitatorView },
  /** Accepts a participant's proposed cause into a category: answers the fishbone command that adds
   *  it (a new cause at the end of the category), which the page runs through its fishbone editor so
   *  that it is one undo step like any other edit. */
  'retro:acceptProposal': {
    input: z.object({ caseId: Id, proposalId: Id, categoryId: Id }).strict(),
    output: z.object({ session: FacilitatorView, command: FishboneCommand }),
  },
  'retro:rejectProposal': { input: z.object({ caseId: Id, proposalId: Id }).strict(), output: FacilitatorView },
  /** After the reveal: the one `setVotes` fishbone command that makes the tallies the causes' votes
   *  (a cause without votes in this session gets 0), for the page to run as one undo step. */
  'retro:applyVotes': { input: z.object({ caseId: Id }).strict(), output: z.object({ command: FishboneCommand }) },
  /** Ends the session and keeps its summary with the case. */
  'retro:close': { input: z.object({ caseId: Id }).strict(), output: StoredRetroSession },

  // retrospective phones (see electron/backend/retro/lan-host.ts and the README's threat model)
  /** The machine's non-internal IPv4 addresses a session can be opened to phones on. */
  'retro:lanInterfaces': { input: z.object({}).strict(), output: z.object({ interfaces: z.array(LanInterface) }) },
  /** Opens the case's running team session to phones on one of those addresses: a separate server
   *  on a random port with a new join code. Opened again with the same address, the same one. */
  'retro:openLan': {
    input: z.object({ caseId: Id, address: z.ipv4() }).strict(),
    output: z.object({ url: z.string(), joinCode: JoinCode, qrSvg: z.string() }),
  },
  /** Stops the phones' server: from then on its port refuses connections and every token is dead. */
  'retro:closeLan': { input: z.object({ caseId: Id }).strict(), output: z.object({ closed: z.boolean() }) },
  /** Who is in the session, and the join address while it is open to phones. */
  'retro:participants': {
    input: z.object({ caseId: Id }).strict(),
    output: z.object({
      open: z.boolean(),
      url: z.string().nullable(),
      joinCode: JoinCode.nullable(),
      participants: z.array(z.object({ id: Id, name: z.string().nullable(), joinedVia: z.enum(['room', 'phone']), usedVotes: z.number().int().nonnegative() })),
    }),
  },

  // KANO chart: every case behind one point
  /** The cases naming one point of kano:chart (its key) under the same filters, newest first. */
  'kano:drill': { input: KanoDrillQuery.strict(), output: KanoDrill },

  // Case files: the desktop app's native open dialog for an import
  /** Asks for a `.causeway` file with the desktop app's own dialog: its path (then given to
   *  casefile:preview and casefile:import as the source, read from disk whatever its size), or null
   *  when cancelled. Browser mode has no such dialog (`validation`): the page's file input is used. */
  'casefile:chooseFile': { input: z.object({}).strict(), output: z.object({ path: z.string().nullable() }) },
} as const satisfies Record<MethodName, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type Input<M extends MethodName> = z.input<Contract[M]['input']>;
export type Output<M extends MethodName> = z.output<Contract[M]['output']>;

/** The API as a typed object: what the preload exposes and what the renderer calls. */
export type CausewayApi = { [M in MethodName]: (input: Input<M>) => Promise<import('./errors').Result<Output<M>>> };

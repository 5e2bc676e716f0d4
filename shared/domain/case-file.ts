import { z } from 'zod';
import { CaseRecord, Id, Instant, TimelineEvent } from './case';
import { Fishbone } from './fishbone';
import { CustomerNeeds } from './needs';
import { CasePlan } from './plan';
import { StoredRetroSession } from './retro';
import { RootCauseLinks } from './root-causes';
import { LIMITS } from './vocabulary';
import { WhyAnalyses } from './whys';

/** A `.causeway` case file: a zip holding `manifest.json` and one JSON document per case
 *  (`cases/<id>.json`), each validated on import by the same schemas as the API. An encrypted file
 *  is that whole zip inside an age file (passphrase mode, https://age-encryption.org/v1): it
 *  begins with the age header line `age-encryption.org/v1`, so it is told apart from a zip
 *  (which begins with `PK`) before anything else is read, and its manifest cannot be read without
 *  the passphrase. */

/** The format this version writes and the newest it reads; a newer file is refused (`newer_format`). */
export const CASE_FILE_FORMAT_VERSION = 1;
export const CASE_FILE_EXTENSION = 'causeway';
export const CASE_FILE_MIME = 'application/vnd.causeway.case-file+zip';

/** Limits checked before anything is inflated (a zip bomb is refused, not unpacked). */
export const CASE_FILE_LIMITS = {
  /** Cases in one file (a whole library of a client: 10,000 and more). */
  cases: 20_000,
  /** Entries in the zip: the manifest and one document per case. */
  entries: 20_001,
  /** One case document, uncompressed. */
  entryBytes: 32 * 1024 * 1024,
  /** Everything uncompressed. */
  totalBytes: 1024 * 1024 * 1024,
  /** The file itself as read from disk (a path) or sent (base64 bytes through the browser-mode
   *  host, whose request limit is lower: bigger files go through the CLI or the desktop app). */
  fileBytes: 512 * 1024 * 1024,
  /** A file uploaded from the page in browser mode (streamed to a temporary file by the host, see
   *  http-host.ts): room for 20,000 realistic cases (about 110 MB); a bigger one goes through the
   *  desktop app's open dialog or the command line, which read it from its path. */
  uploadBytes: 128 * 1024 * 1024,
  /** Words in an anonymisation dictionary, and the length of each. */
  dictionaryWords: 5_000,
  hitsReturned: 20_000,
} as const;

/** One case as it travels: everything the case holds, exactly as the API reads it. */
export const CaseDocument = z
  .object({
    case: CaseRecord.strict(),
    timeline: z.array(TimelineEvent.strict()).max(10_000),
    fishbone: Fishbone,
    analyses: WhyAnalyses,
    plan: CasePlan.strict(),
    rootCauseLinks: RootCauseLinks,
    /** Step 1's customer needs with their KANO answers; a file written before them has none. */
    needs: CustomerNeeds.default([]),
    /** Team sessions with their summaries (files written before them have none). */
    retroSessions: z.array(StoredRetroSession).max(10_000).default([]),
  })
  .strict();
export type CaseDocument = z.infer<typeof CaseDocument>;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, { error: 'invalid_format' });

/** `manifest.json`. `formatVersion` is read first, on its own, so a newer file is refused with its
 *  own message rather than as a schema failure. */
export const CaseFileManifest = z
  .object({
    format: z.literal('causeway-case-file'),
    formatVersion: z.number().int().positive(),
    appVersion: z.string().max(100),
    createdAt: Instant,
    caseIds: z.array(Id).max(CASE_FILE_LIMITS.cases),
    /** sha256 (hex) of each `cases/<id>.json` entry's bytes, by case id. */
    checksums: z.record(z.string(), Sha256),
    anonymised: z.boolean(),
    encrypted: z.boolean(),
  })
  .strict();
export type CaseFileManifest = z.infer<typeof CaseFileManifest>;

// ---------------------------------------------------------------------------------------------
// Anonymisation (see shared/anonymise/)

export const ANONYMISE_KINDS = ['name', 'phone', 'email', 'id_number', 'bank_card'] as const;
export const AnonymiseKind = z.enum(ANONYMISE_KINDS);
export type AnonymiseKind = z.infer<typeof AnonymiseKind>;

/** One value found in one text of one case: what it is, where, and what replaces it. `id` is
 *  stable for the same library and dictionary, so a reviewed list can be sent back as `skip`. */
export const AnonymiseHit = z.object({
  id: z.string(),
  kind: AnonymiseKind,
  text: z.string(),
  pseudonym: z.string(),
  caseId: Id,
  caseTitle: z.string(),
  /** Where in the case document, e.g. ['fishbone', 'categories', 0, 'causes', 2, 'text']. */
  path: z.array(z.union([z.string(), z.number()])),
  /** The field's key (`problem`, `text`, `owner`…), for a label. */
  field: z.string(),
  /** A few characters around the hit, for the review list. */
  context: z.string(),
});
export type AnonymiseHit = z.infer<typeof AnonymiseHit>;

export const AnonymiseOptions = z
  .object({
    /** Extra names (people, or anything else to hide), one per entry. */
    dictionary: z.array(z.string().trim().min(1).max(LIMITS.shortText, { error: 'too_long' })).max(CASE_FILE_LIMITS.dictionaryWords).default([]),
    /** Hit ids the user chose to keep as they are. */
    skip: z.array(z.string().max(400)).max(200_000).default([]),
  })
  .strict();
export type AnonymiseOptions = z.input<typeof AnonymiseOptions>;

// ---------------------------------------------------------------------------------------------
// Import: where the file comes from, and what the preview says about each case

/** The file as a path (desktop app, CLI) or as its bytes in base64 (browser mode, an upload). */
export const CaseFileSource = z.union([
  z.object({ path: z.string().min(1).max(4096).refine((p) => !p.includes('\0'), { error: 'invalid_format' }) }).strict(),
  z.object({ base64: z.string().min(1).max(12 * 1024 * 1024) }).strict(),
]);
export type CaseFileSource = z.infer<typeof CaseFileSource>;

/** How a case of the file compares with this library:
 *  - `new`: not here;
 *  - `same`: here with the same content;
 *  - `newer_in_file` / `newer_here`: one side has a higher revision (and is not older by date);
 *  - `conflict`: both changed since they parted (equal revisions with different content, or the
 *    higher revision has the older date); the user picks `mine` or `theirs`. */
export const CASE_FILE_COMPARISONS = ['new', 'same', 'newer_in_file', 'newer_here', 'conflict'] as const;
export const CaseFileComparison = z.enum(CASE_FILE_COMPARISONS);
export type CaseFileComparison = z.infer<typeof CaseFileComparison>;

const CaseSide = z.object({ title: z.string(), revision: z.number().int().nonnegative(), updatedAt: Instant, deleted: z.boolean() });

export const CaseFilePreviewCase = z.object({
  id: Id,
  file: CaseSide,
  /** This library's case with the same id, when there is one. */
  here: CaseSide.nullable(),
  comparison: CaseFileComparison,
});
export type CaseFilePreviewCase = z.infer<typeof CaseFilePreviewCase>;

export const CaseFilePreview = z.object({
  manifest: z.object({
    formatVersion: z.number().int(),
    appVersion: z.string(),
    createdAt: Instant,
    anonymised: z.boolean(),
    encrypted: z.boolean(),
    caseCount: z.number().int().nonnegative(),
  }),
  cases: z.array(CaseFilePreviewCase),
});
export type CaseFilePreview = z.infer<typeof CaseFilePreview>;

export const IMPORT_MODES = ['copy', 'merge'] as const;
export const ImportMode = z.enum(IMPORT_MODES);
export type ImportMode = z.infer<typeof ImportMode>;
export const Resolution = z.enum(['mine', 'theirs']);
export type Resolution = z.infer<typeof Resolution>;

export const CaseFileImportResult = z.object({
  /** Ids of the cases written here: the new ids of copies, the kept ids of merged cases. */
  imported: z.array(Id),
  /** Cases left as they were here (same content, newer here, or a conflict resolved `mine`). */
  skipped: z.array(Id),
  /** Conflicts no resolution was given for: left as they are here (nothing is overwritten
   *  silently) and listed, so they can be imported again with a resolution. */
  conflicts: z.array(Id),
  /** For a copy: each id of the file and the new id it got here. */
  idMap: z.record(z.string(), Id).optional(),
});
export type CaseFileImportResult = z.infer<typeof CaseFileImportResult>;

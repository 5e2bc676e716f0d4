import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync, type Unzipped } from 'fflate';
import type { Input, Output } from '../../shared/contract/contract';
import { CausewayError, issuesFromZod } from '../../shared/contract/errors';
import { anonymise } from '../../shared/anonymise/anonymise';
import {
  CASE_FILE_EXTENSION,
  CASE_FILE_FORMAT_VERSION,
  CASE_FILE_LIMITS,
  CaseDocument,
  CaseFileManifest,
  type CaseFileComparison,
  type CaseFileImportResult,
  type CaseFilePreview,
  type CaseFileSource,
  type Resolution,
} from '../../shared/domain/case-file';
import type { CaseRecord } from '../../shared/domain/case';
import { exportFileName } from '../../shared/exchange/file-name';
import { decryptWithPassphrase, encryptWithPassphrase } from './age-native';
import { nestingExceeds, MAX_INPUT_NESTING } from './dispatch';
import type { Library } from './library';
import { documentDocs } from './search/document-docs';
import { freeFileName, NAME_RESERVE_BYTES, writeFileAtomic } from './report-export';

/** Case files (`.causeway`, see shared/domain/case-file.ts) in and out of a library. Export only
 *  reads the library; import reads the whole file, checks every part of it, and only then writes,
 *  in one transaction: a file that fails any check writes nothing. */

export interface CaseFileDeps {
  now: () => Date;
  version: string;
}

/** The highest scrypt work factor (log2 N) accepted in an encrypted file, and the one written:
 *  age's own default. */
const MAX_WORK_FACTOR = 18;

/** The first bytes of an age file (https://age-encryption.org/v1) and of a zip. */
const AGE_HEADER = 'age-encryption.org/v1\n';
const isAge = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, AGE_HEADER.length)).toString('latin1') === AGE_HEADER;
const isZip = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);

/** A refused case file: a `validation` error whose reason the UI translates (`caseFile.error.<x>`). */
export function refuse(reason: string, message: string, issues?: { path: (string | number)[]; reason: string }[]): never {
  throw new CausewayError('validation', message, { reason: `casefile_${reason}`, ...(issues ? { issues } : {}) });
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const entryName = (id: string) => `cases/${id}.json`;

// ---------------------------------------------------------------------------------------------
// Reading cases out of the library

/** The ids a selection names: the given ones (each must exist), or every live case. */
export function selectedIds(library: Library, selection: { caseIds?: string[] | undefined; all?: true | undefined }): string[] {
  if (selection.all) return library.read(() => library.repo.liveIds());
  return [...new Set(selection.caseIds ?? [])];
}

/** One case as a document, exactly as the API reads it. */
export function readCaseDocument(library: Library, caseId: string): CaseDocument {
  const detail = library.repo.get(caseId);
  return {
    case: detail.case,
    timeline: detail.timeline,
    fishbone: library.fishbones.get(caseId).fishbone,
    analyses: library.whys.get(caseId).analyses,
    plan: library.plans.get(caseId).plan,
    rootCauseLinks: library.rootCauses.get(caseId).links,
    needs: library.needs.get(caseId).needs,
    retroSessions: library.retros.list(caseId),
  };
}

/** The documents of `ids`, read in one read transaction (one consistent snapshot). */
export function readCaseDocuments(library: Library, ids: readonly string[]): CaseDocument[] {
  return library.read(() => ids.map((id) => readCaseDocument(library, id)));
}

// ---------------------------------------------------------------------------------------------
// Writing a file

export interface PackOptions {
  version: string;
  now: Date;
  anonymised: boolean;
  passphrase?: string | undefined;
  /** scrypt work factor (log2 N) for the passphrase; age's default (18) unless given (tests). */
  workFactor?: number;
}

/** The `.causeway` bytes of `docs`: a zip, or that zip inside an age file with a passphrase. */
export async function packCaseFile(docs: readonly CaseDocument[], options: PackOptions): Promise<Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const checksums: Record<string, string> = {};
  const encoder = new TextEncoder();
  for (const doc of docs) {
    const bytes = encoder.encode(JSON.stringify(doc));
    files[entryName(doc.case.id)] = bytes;
    checksums[doc.case.id] = sha256(bytes);
  }
  const manifest: CaseFileManifest = {
    format: 'causeway-case-file',
    formatVersion: CASE_FILE_FORMAT_VERSION,
    appVersion: options.version,
    createdAt: options.now.toISOString(),
    caseIds: docs.map((d) => d.case.id),
    checksums,
    anonymised: options.anonymised,
    encrypted: options.passphrase !== undefined,
  };
  // The manifest first, so a reader finds it without scanning the whole directory. Level 6 trades
  // little size for much speed against 9 on JSON.
  const zip = zipSync({ 'manifest.json': encoder.encode(JSON.stringify(manifest, null, 2)), ...files }, { level: 6 });
  if (options.passphrase === undefined) return zip;
  return encryptWithPassphrase(zip, options.passphrase, options.workFactor ?? MAX_WORK_FACTOR);
}

/** The file's name: the case's title for one case, the count for several, and the date. */
export function caseFileName(docs: readonly CaseDocument[], now: Date): string {
  const date = now.toISOString().slice(0, 10);
  const title = docs.length === 1 ? docs[0]!.case.title : `cases-${docs.length}`;
  return exportFileName(title, `case-file-${date}`, CASE_FILE_EXTENSION, NAME_RESERVE_BYTES);
}

export async function exportCaseFile(library: Library, input: Input<'casefile:export'>, deps: CaseFileDeps): Promise<Output<'casefile:export'>> {
  const { bytes, docs, replaced } = await caseFileBytes(library, input, deps);
  // The exports folder (what browser mode's /download/<name> serves); for a library on read-only
  // media, the folder beside its private copy, so a read-only library can still be exported.
  const dir = library.copyDir;
  mkdirSync(dir, { recursive: true });
  const fileName = freeFileName(dir, caseFileName(docs, deps.now()));
  const path = join(dir, fileName);
  writeFileAtomic(path, bytes);
  return { fileName, path, bytes: bytes.byteLength, cases: docs.length, anonymised: input.anonymise !== undefined, encrypted: input.passphrase !== undefined, replaced };
}

/** The bytes of a case file of the selection (what export writes; the CLI writes them itself). */
export async function caseFileBytes(
  library: Library,
  input: Input<'casefile:export'>,
  deps: CaseFileDeps & { workFactor?: number },
): Promise<{ bytes: Uint8Array; docs: CaseDocument[]; replaced: number }> {
  const ids = selectedIds(library, input);
  if (ids.length === 0) refuse('no_cases', 'There are no cases to export.');
  if (ids.length > CASE_FILE_LIMITS.cases) refuse('too_many_cases', `At most ${CASE_FILE_LIMITS.cases} cases go in one file.`);
  let docs = readCaseDocuments(library, ids);
  let replaced = 0;
  if (input.anonymise) {
    const run = anonymise(docs, { dictionary: input.anonymise.dictionary ?? [], skip: input.anonymise.skip ?? [], collectHits: false });
    replaced = run.replaced;
    // A pseudonym longer than the value it replaced can push a text over its limit: refused rather
    // than written as a file that would not import.
    docs = run.docs.map((doc) => {
      const parsed = CaseDocument.safeParse(doc);
      if (!parsed.success) refuse('anonymised_too_long', 'A text is too long once anonymised.', issuesFromZod(parsed.error));
      return doc;
    });
  }
  const bytes = await packCaseFile(docs, {
    version: deps.version,
    now: deps.now(),
    anonymised: input.anonymise !== undefined,
    passphrase: input.passphrase,
    ...(deps.workFactor !== undefined ? { workFactor: deps.workFactor } : {}),
  });
  return { bytes, docs, replaced };
}

export function scanCaseFileAnonymise(library: Library, input: Input<'casefile:scanAnonymise'>): Output<'casefile:scanAnonymise'> {
  const docs = readCaseDocuments(library, selectedIds(library, input));
  const run = anonymise(docs, { dictionary: input.dictionary ?? [], maxHits: CASE_FILE_LIMITS.hitsReturned });
  return { hits: run.hits, total: run.replaced, truncated: run.replaced > run.hits.length };
}

// ---------------------------------------------------------------------------------------------
// Reading a file

/** The file's bytes from a path or from base64. */
export function sourceBytes(source: CaseFileSource): Uint8Array {
  if ('path' in source) {
    let size: number;
    try {
      const stat = statSync(source.path);
      if (!stat.isFile()) refuse('not_a_file', 'That is not a regular file.');
      size = stat.size;
    } catch (e) {
      if (e instanceof CausewayError) throw e;
      refuse('file_not_found', `Cannot read ${source.path}.`);
    }
    if (size > CASE_FILE_LIMITS.fileBytes) refuse('too_large', 'The file is too large.');
    return readFileSync(source.path);
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(source.base64) || source.base64.length % 4 === 1) refuse('bad_base64', 'The upload is not valid base64.');
  return Buffer.from(source.base64, 'base64');
}

/** The zip inside: decrypted with the passphrase when the file is an age file. */
export async function openEnvelope(bytes: Uint8Array, passphrase: string | undefined): Promise<{ zip: Uint8Array; encrypted: boolean }> {
  if (isAge(bytes)) {
    // age accepts a work factor up to 2^20 (1 GiB of scrypt memory); a file asking for more than
    // the 2^18 that age and Causeway write is refused before any of it is spent.
    const header = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
    for (const m of header.matchAll(/^-> scrypt \S+ (\d+)$/gm)) if (Number(m[1]) > MAX_WORK_FACTOR) refuse('corrupt', `The scrypt work factor ${m[1]} is too high.`);
    if (passphrase === undefined) refuse('passphrase_required', 'This case file is encrypted: give its passphrase.');
    let zip: Uint8Array;
    try {
      zip = await decryptWithPassphrase(bytes, passphrase);
    } catch (e) {
      // age says "no identity matched" for a wrong passphrase, and a parse or MAC error for a
      // damaged file; a passphrase that unwraps the key but a body that fails is damage.
      const message = e instanceof Error ? e.message : String(e);
      if (/identity|passphrase|scrypt/i.test(message) && !/work factor/i.test(message)) refuse('wrong_passphrase', 'The passphrase is wrong.');
      refuse('corrupt', `The encrypted file is damaged: ${message}`);
    }
    if (!isZip(zip)) refuse('corrupt', 'The encrypted file does not hold a case file.');
    return { zip, encrypted: true };
  }
  if (!isZip(bytes)) refuse('not_case_file', 'This is not a Causeway case file.');
  return { zip: bytes, encrypted: false };
}

const SAFE_ENTRY = /^cases\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json$/;

/** Unzips with every limit checked from the zip's directory BEFORE anything is inflated: entry
 *  names (only `manifest.json` and `cases/<uuid>.json`: no `../`, no absolute path), the number of
 *  entries, each entry's and the total uncompressed size. A header that lies about a size is
 *  caught after inflating by the size and checksum checks. */
export function safeUnzip(zip: Uint8Array): Unzipped {
  let entries = 0;
  let total = 0;
  let problem: [string, string] | null = null;
  let files: Unzipped;
  try {
    files = unzipSync(zip, {
      filter: (file) => {
        if (problem) return false;
        entries++;
        if (file.name === 'cases/') return false;
        if (file.name !== 'manifest.json' && !SAFE_ENTRY.test(file.name)) problem = ['unsafe_path', `Refused entry ${JSON.stringify(file.name.slice(0, 200))}.`];
        else if (entries > CASE_FILE_LIMITS.entries) problem = ['too_many_entries', 'The file has too many entries.'];
        else if (file.originalSize > CASE_FILE_LIMITS.entryBytes) problem = ['too_large', `Entry ${file.name} is too large once unpacked.`];
        else if ((total += file.originalSize) > CASE_FILE_LIMITS.totalBytes) problem = ['too_large', 'The file is too large once unpacked.'];
        return problem === null;
      },
    });
  } catch (e) {
    if (problem) refuse(problem[0], problem[1]);
    refuse('corrupt', `The file is damaged or cut short: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (problem) refuse(problem[0], problem[1]);
  return files;
}

export interface OpenedCaseFile {
  manifest: CaseFileManifest;
  docs: CaseDocument[];
  encrypted: boolean;
}

/** Everything in a case file, checked: the envelope, the zip's limits, the manifest (its format
 *  version first), each document's checksum and schema. Writes nothing. */
export async function openCaseFile(bytes: Uint8Array, passphrase?: string): Promise<OpenedCaseFile> {
  const { zip, encrypted } = await openEnvelope(bytes, passphrase);
  const files = safeUnzip(zip);
  const manifestBytes = files['manifest.json'];
  if (!manifestBytes) refuse('missing_manifest', 'The file has no manifest.');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const json = (data: Uint8Array, what: string): unknown => {
    try {
      return JSON.parse(decoder.decode(data));
    } catch {
      return refuse(what === 'manifest' ? 'bad_manifest' : 'invalid_document', `${what} is not valid JSON.`);
    }
  };
  const raw = json(manifestBytes, 'manifest');
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version > CASE_FILE_FORMAT_VERSION) {
    refuse('newer_format', `This case file is format ${version}; this version of Causeway reads up to ${CASE_FILE_FORMAT_VERSION}.`);
  }
  const manifest = CaseFileManifest.safeParse(raw);
  if (!manifest.success) refuse('bad_manifest', 'The manifest is not valid.', issuesFromZod(manifest.error));
  const { caseIds, checksums } = manifest.data;
  if (new Set(caseIds).size !== caseIds.length) refuse('bad_manifest', 'The manifest lists a case twice.');
  const listed = new Set(caseIds.map(entryName));
  for (const name of Object.keys(files)) if (name !== 'manifest.json' && !listed.has(name)) refuse('unexpected_entry', `${name} is not in the manifest.`);
  const docs = caseIds.map((id, index) => {
    const data = files[entryName(id)];
    if (!data) refuse('missing_entry', `The file lacks the case ${id}.`);
    // The unpacked bytes are not needed once read: a large file is not held twice.
    delete files[entryName(id)];
    if (checksums[id] !== sha256(data)) refuse('checksum_mismatch', `The case ${id} does not match its checksum.`);
    const value = json(data, `Case ${id}`);
    // Trees recurse in their schemas: a document nested beyond any limit is refused first.
    if (nestingExceeds(value, MAX_INPUT_NESTING)) refuse('invalid_document', `Case ${id} is nested too deep.`, [{ path: ['cases', index], reason: 'too_deep' }]);
    const parsed = CaseDocument.safeParse(value);
    if (!parsed.success) refuse('invalid_document', `Case ${id} is not valid.`, issuesFromZod(parsed.error).map((i) => ({ ...i, path: ['cases', index, ...i.path] })));
    const doc = parsed.data as CaseDocument;
    if (doc.case.id !== id || doc.timeline.some((e) => e.caseId !== id)) refuse('invalid_document', `Case ${id} names another case.`);
    return doc;
  });
  return { manifest: manifest.data, docs, encrypted };
}

// ---------------------------------------------------------------------------------------------
// Comparing with the library

/** JSON with object keys sorted, so two documents read by different paths compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** The content of a document without its revision and dates of change: what "the same" means. */
function content(doc: CaseDocument): string {
  const { revision: _r, updatedAt: _u, ...rest } = doc.case;
  return canonical({ ...doc, case: rest });
}

export function compareCase(file: CaseDocument, here: CaseDocument | null): CaseFileComparison {
  if (!here) return 'new';
  if (content(file) === content(here)) return 'same';
  const f = file.case;
  const h = here.case;
  if (f.revision > h.revision && f.updatedAt >= h.updatedAt) return 'newer_in_file';
  if (h.revision > f.revision && h.updatedAt >= f.updatedAt) return 'newer_here';
  return 'conflict';
}

/** This library's document for each case of the file that exists here (trashed ones included). */
function docsHere(library: Library, docs: readonly CaseDocument[]): Map<string, CaseDocument> {
  return library.read(() => {
    const here = new Map<string, CaseDocument>();
    for (const doc of docs) {
      if (!library.repo.exists(doc.case.id)) continue;
      here.set(doc.case.id, readCaseDocument(library, doc.case.id));
    }
    return here;
  });
}

const side = (record: CaseRecord) => ({ title: record.title, revision: record.revision, updatedAt: record.updatedAt, deleted: record.deletedAt !== null });

export function previewOf(opened: OpenedCaseFile, here: ReadonlyMap<string, CaseDocument>): CaseFilePreview {
  const { manifest } = opened;
  return {
    manifest: {
      formatVersion: manifest.formatVersion,
      appVersion: manifest.appVersion,
      createdAt: manifest.createdAt,
      anonymised: manifest.anonymised,
      encrypted: opened.encrypted,
      caseCount: opened.docs.length,
    },
    cases: opened.docs.map((doc) => {
      const mine = here.get(doc.case.id) ?? null;
      return { id: doc.case.id, file: side(doc.case), here: mine ? side(mine.case) : null, comparison: compareCase(doc, mine) };
    }),
  };
}

/** The file the last preview read, kept for the import that usually follows it: the import then
 *  skips unpacking, checking and (for an encrypted file) scrypt again, about a second at 1,000
 *  cases. Keyed by a hash of the file's bytes and the passphrase, so a file changed in between is
 *  read again; used once, and dropped after a few minutes either way. */
let lastOpened: { key: string; opened: OpenedCaseFile; timer: NodeJS.Timeout } | null = null;
const KEEP_OPENED_MS = 5 * 60_000;

const openedKey = (bytes: Uint8Array, passphrase: string | undefined) =>
  createHash('sha256').update(bytes).update(passphrase === undefined ? 'no passphrase' : `passphrase:${passphrase}`).digest('hex');

function forgetOpened(): void {
  if (lastOpened) clearTimeout(lastOpened.timer);
  lastOpened = null;
}

/** `openCaseFile` of a source, or what the preview of the same bytes and passphrase read (once). */
export async function openSource(source: CaseFileSource, passphrase: string | undefined, keep: 'keep' | 'take'): Promise<OpenedCaseFile> {
  const bytes = sourceBytes(source);
  const key = openedKey(bytes, passphrase);
  if (lastOpened?.key === key) {
    const { opened } = lastOpened;
    if (keep === 'take') forgetOpened();
    return opened;
  }
  forgetOpened();
  const opened = await openCaseFile(bytes, passphrase);
  if (keep === 'keep') {
    const timer = setTimeout(forgetOpened, KEEP_OPENED_MS);
    timer.unref();
    lastOpened = { key, opened, timer };
  }
  return opened;
}

export async function previewCaseFile(library: Library, input: Input<'casefile:preview'>): Promise<Output<'casefile:preview'>> {
  const opened = await openSource(input.source, input.passphrase, 'keep');
  return previewOf(opened, docsHere(library, opened.docs));
}

// ---------------------------------------------------------------------------------------------
// Writing into the library

/** The document with every id (case, timeline events, categories, causes, analyses, whys,
 *  actions, notes, checks, feedback, lessons, improvements) replaced by a new one, the same new id
 *  wherever the old one is named (links, root-cause references, the cause an analysis asks about). */
export function withNewIds(doc: CaseDocument, idMap: Map<string, string>): CaseDocument {
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) for (const v of value) collect(v);
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const k in record) {
        const v = record[k];
        if (k === 'id' && typeof v === 'string') {
          if (!idMap.has(v)) idMap.set(v, randomUUID());
        } else if (v !== null && typeof v === 'object') collect(v);
      }
    }
  };
  collect(doc);
  // A plain loop, not entries/fromEntries: a thousand cases' documents are walked in milliseconds.
  const map = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(map);
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k in record) {
      const v = record[k];
      out[k] = typeof v === 'string' ? (ID_KEYS.has(k) ? (idMap.get(v) ?? v) : v) : map(v);
    }
    return out;
  };
  return map(doc) as CaseDocument;
}

// A team session's summary names its session and the causes voted on.
const ID_KEYS: ReadonlySet<string> = new Set(['id', 'caseId', 'startCauseId', 'sessionId', 'causeId']);

/** Stores one whole document under its own ids (replacing a case with the same id), through the
 *  repositories, inside the caller's transaction. Ends with the document's revision and dates (or
 *  `revision` when given), so the stored case reads back exactly as the document. */
export function storeDocument(library: Library, doc: CaseDocument, revision = doc.case.revision): void {
  const id = doc.case.id;
  library.repo.storeExact(doc.case, doc.timeline);
  // storeExact replaced the case, and its rows went with the old one (every table cascades from
  // cases): the repositories need not read any back to compare with.
  const fresh = { fresh: true };
  if (doc.fishbone.categories.length || doc.fishbone.effect !== null || doc.fishbone.template !== null || doc.fishbone.orientation !== 'head_right') {
    library.fishbones.store(id, doc.fishbone, fresh);
  }
  // Each part is checked as the app's own commands are (limits, references, reasons), and written
  // once. A stored "not effective" check reopens nothing here: the statuses are the file's.
  if (doc.analyses.length) library.whys.store(id, doc.analyses.map((analysis, index) => ({ type: 'addAnalysis', index, analysis })), fresh);
  const { plan } = doc;
  if (plan.actions.length || plan.feedback.length || plan.lessons.length || plan.improvements.length) {
    library.plans.store(
      id,
      [
        ...plan.actions.map((action, index) => ({ type: 'addAction' as const, index, action })),
        ...plan.feedback.map((feedback, index) => ({ type: 'addFeedback' as const, index, feedback })),
        ...plan.lessons.map((lesson, index) => ({ type: 'addLesson' as const, index, lesson })),
        ...plan.improvements.map((improvement, index) => ({ type: 'addImprovement' as const, index, improvement })),
      ],
      fresh,
    );
  }
  if (doc.rootCauseLinks.length) library.rootCauses.apply(id, { type: 'relate', add: doc.rootCauseLinks, remove: [] });
  if (doc.needs.length) library.needs.store(id, doc.needs.map((need, index) => ({ type: 'addNeed' as const, index, need })), fresh);
  library.retros.store(id, doc.retroSessions, fresh);
  library.repo.setStamps(id, { revision, createdAt: doc.case.createdAt, updatedAt: doc.case.updatedAt, deletedAt: doc.case.deletedAt });
}

export interface ImportOptions {
  mode: 'copy' | 'merge';
  resolutions?: Readonly<Record<string, Resolution>> | undefined;
}

/** Imports what `openCaseFile` read, in one transaction: all of it, or (on any failure) none. */
export function importOpened(library: Library, opened: OpenedCaseFile, options: ImportOptions): CaseFileImportResult {
  if (options.mode === 'copy') {
    // One map for the whole file, so an id is renamed the same way wherever it appears; each copy
    // is made as it is stored, so only one of them is held at a time.
    const idMap = new Map<string, string>();
    const imported = library.bulkTransaction((queue) =>
      opened.docs.map((original) => {
        const doc = withNewIds(original, idMap);
        storeDocument(library, doc);
        // Indexed from the document just stored rather than from its rows read back.
        queue(doc.case.id, documentDocs(doc));
        return doc.case.id;
      }),
    );
    const caseMap = Object.fromEntries(opened.docs.map((doc, i) => [doc.case.id, imported[i]!]));
    return { imported, skipped: [], conflicts: [], idMap: caseMap };
  }
  const result: CaseFileImportResult = { imported: [], skipped: [], conflicts: [] };
  library.bulkTransaction((queue) => {
    // Compared inside the write transaction, so nothing changes between the check and the write.
    const here = docsHere(library, opened.docs);
    for (const doc of opened.docs) {
      const mine = here.get(doc.case.id) ?? null;
      const comparison = compareCase(doc, mine);
      const resolution = options.resolutions?.[doc.case.id];
      const take =
        comparison === 'new' || comparison === 'newer_in_file'
          ? resolution !== 'mine'
          : comparison === 'conflict'
            ? resolution === 'theirs'
            : comparison === 'newer_here' && resolution === 'theirs';
      if (take) {
        // Taking the file's side over a case changed here moves the revision on, so a window still
        // showing this library's version sees its edits refused as stale, not silently lost.
        const revision = mine ? Math.max(doc.case.revision, mine.case.revision + 1) : doc.case.revision;
        storeDocument(library, doc, revision);
        queue(doc.case.id, documentDocs(doc));
        result.imported.push(doc.case.id);
      } else if (comparison === 'conflict' && resolution === undefined) result.conflicts.push(doc.case.id);
      else result.skipped.push(doc.case.id);
    }
  });
  return result;
}

export async function importCaseFile(library: Library, input: Input<'casefile:import'>): Promise<Output<'casefile:import'>> {
  const opened = await openSource(input.source, input.passphrase, 'take');
  return importOpened(library, opened, { mode: input.mode ?? 'copy', resolutions: input.resolutions });
}


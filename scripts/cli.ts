/**
 * Causeway on the command line (`npm run cli -- <command> …`): reports, diagrams and Mermaid
 * import without the app, on the same case library. Everything goes through the backend's Library
 * and handlers, so what the CLI writes is what the app would write.
 *
 * Exit codes: 0 done; 1 the work failed (no such case, damaged database, malformed file, no
 * Chromium for PDF/PNG…); 2 the command line is wrong (unknown command or option, bad value).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDispatch, type AnyDispatch } from '../electron/backend/dispatch';
import { createHandlers } from '../electron/backend/handlers';
import { Library } from '../electron/backend/library';
import { caseFileBytes, caseFileName, importOpened, openCaseFile, previewOf, readCaseDocuments } from '../electron/backend/case-file';
import { copyTargetProblem, defaultCopyName } from '../electron/backend/library-copy';
import { svgToPng } from '../electron/backend/pdf';
import { exportsDir, freeFileName, localTimeZone, renderReport, reportFileName, writeFileAtomic } from '../electron/backend/report-export';
import type { Result } from '../shared/contract/errors';
import { CausewayError } from '../shared/contract/errors';
import type { CaseDetail, CasePage } from '../shared/domain/case';
import { CASE_FILE_LIMITS, type Resolution } from '../shared/domain/case-file';
import { LIMITS } from '../shared/domain/vocabulary';
import { countCauses, effectText, findCause, type Fishbone } from '../shared/domain/fishbone';
import { refKey, type RootCauseRef } from '../shared/domain/plan';
import {
  applyRootCauseCommand,
  distinctRootCauses,
  mergeCommand,
  mergeOffers,
  rootCauseIndex,
  separateCommand,
  type MergeOffer,
  type RootCause,
  type RootCauseCommand,
  type RootCauseLink,
  type RootCausePlace,
} from '../shared/domain/root-causes';
import { mapTree } from '../shared/domain/tree';
import { questionText, type WhyAnalysis } from '../shared/domain/whys';
import type { LessonEntry, SearchResult, SimilarCase, SimilarReason } from '../shared/domain/search';
import { exportFileName } from '../shared/exchange/file-name';
import { exceedsMermaidTextSize, fishboneToMermaid, MERMAID_DEFAULT_MAX_TEXT_SIZE, parseMermaidIshikawa } from '../shared/exchange/mermaid-ishikawa';
import { whysToMermaid } from '../shared/exchange/whys-mermaid';
import { RETRO_HELP, retroCommand } from './cli/retro';
import { CATALOGS } from '../shared/i18n/catalogs';
import { LANGUAGES, languageFromLocale, type Language } from '../shared/i18n/languages';
import { layoutFishbone } from '../shared/layout/fishbone';
import { layoutWhys } from '../shared/layout/whys';
import { renderFishboneSvg } from '../shared/render/fishbone-svg';
import { renderWhysSvg } from '../shared/render/whys-svg';
import { REPORT_FORMATS, REPORT_LAYOUTS, type ReportFormat, type ReportLayout } from '../shared/report/snapshot';

// ---------------------------------------------------------------------------------------------
// Output and failure

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
}

/** A failure with its exit code: 2 for a wrong command line, 1 for everything else. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}
export const usageError = (message: string, command?: string) =>
  new CliError(`${message}\nRun: npm run cli -- ${command ? `${command} ` : ''}--help`, 2);

const VERSION_TEXT = 'Causeway command line';

const HELP: Record<string, string> = {
  main: `${VERSION_TEXT}

Usage: npm run cli -- <command> [options]

Commands:
  report           write a case's lessons-learned report (md, html, pdf, docx)
  cases list       list the cases of a library with their ids
  demo             load the sample cases into a library
  diagram          write a case's fishbone or 5-Whys diagram (svg, png, mermaid)
  import-mermaid   replace a case's fishbone with a Mermaid ishikawa diagram
  roots            list a case's root causes; merge two into one, or separate them again
  library copy     save a consistent copy of a library (safe while the app has it open)
  search           find cases by any word in any part of them
  similar          past cases similar to a case, and why
  lessons          every lesson and improvement across the library
  export           write cases to a .causeway case file (optionally anonymised and encrypted)
  import           read a .causeway case file into a library (a copy with new ids, or a merge)
  retro            the team sessions kept with a case: list them, show one's summary

Run "npm run cli -- <command> --help" for a command's options.
PDF and PNG need Chromium (CHROMIUM_PATH, else /usr/bin/chromium).`,
  report: `Usage: npm run cli -- report --db FILE --case ID [options]

  --db FILE          the case library (.sqlite)
  --case ID          the case (see: cases list)
  --format FORMAT    ${REPORT_FORMATS.join(' | ')} (default: from --out's extension, else pdf)
  --lang LANG        ${LANGUAGES.join(' | ')} (default: from LANG)
  --layout LAYOUT    ${REPORT_LAYOUTS.join(' | ')} (default: steps)
  --out PATH         the file to write, or a folder (default: the exports folder next to the database)
  --force            replace the file --out names if it exists
  --tz ZONE          IANA time zone for dates (default: this machine's)`,
  cases: `Usage: npm run cli -- cases list --db FILE [--trashed]

  --db FILE          the case library (.sqlite)
  --trashed          list the cases in the trash instead`,
  demo: `Usage: npm run cli -- demo --db FILE [--lang LANG]

  --db FILE          the case library (.sqlite); created when missing
  --lang LANG        ${LANGUAGES.join(' | ')} (default: from LANG)`,
  diagram: `Usage: npm run cli -- diagram --db FILE --case ID --kind KIND [options]

  --db FILE          the case library (.sqlite)
  --case ID          the case (see: cases list)
  --kind KIND        fishbone | whys
  --format FORMAT    svg | png | mermaid (default: from --out's extension, else svg)
  --out PATH         the file to write; for several 5-Whys analyses, one file each with -1, -2 … before
                     the extension (default: the exports folder next to the database)
  --force            replace files that exist
  --analysis N       only the Nth 5-Whys analysis (1 = the first)
  --lang LANG        ${LANGUAGES.join(' | ')}: the words the drawing adds (default: from LANG)`,
  library: `Usage: npm run cli -- library copy --db FILE --out PATH [--force]

  --db FILE          the case library (.sqlite)
  --out PATH         the copy to write (.sqlite), or a folder to write <library>-copy-<date>.sqlite into
  --force            replace the file --out names if it exists (never the library itself)

The copy is made from one consistent snapshot with SQLite's VACUUM INTO, verified, then moved into
place: it holds every saved edit, including those still in the library's -wal file, which copying
the .sqlite file by hand would miss. It is safe while the app has the library open.`,
  export: `Usage: npm run cli -- export --db FILE (--case ID... | --all | --q WORDS) [options]

  --db FILE              the case library (.sqlite)
  --case ID              a case to export; repeat it (or separate ids with commas) for several
  --all                  every case of the library (not those in the trash)
  --q WORDS              the cases whose title matches WORDS (the library's search)
  --out PATH             the file to write (.causeway), or a folder (default: the exports folder
                         next to the database)
  --force                replace the file --out names if it exists (never the library itself)
  --anonymise            replace people's names, phone numbers, e-mail addresses, resident ID
                         numbers and bank card numbers by pseudonyms (人员A / Person A …)
  --dictionary FILE      more names to replace, one per line (with --anonymise)
  --passphrase-file P    encrypt the file with the passphrase in P (its first line; age format,
                         readable with: age -d FILE)

The library is only read. An anonymised file never holds the replaced values.`,
  import: `Usage: npm run cli -- import --db FILE --in PATH [options]

  --db FILE              the case library (.sqlite); created when missing
  --in PATH              the case file (.causeway)
  --merge                merge by case id (default: import as copies with new ids, which never
                         changes a case already here)
  --theirs | --mine      in a merge, which side wins where both changed (default: neither; such
                         cases are left as they are here and listed)
  --passphrase-file P    the passphrase of an encrypted file (its first line)

Prints what the file holds and how each case compares with the library, then imports it in one
transaction: everything or, on any problem, nothing.`,
  'import-mermaid': `Usage: npm run cli -- import-mermaid --db FILE --case ID --in PATH

  --db FILE          the case library (.sqlite)
  --case ID          the case whose fishbone is replaced
  --in PATH          a Mermaid "ishikawa" diagram (text file)`,
  roots: `Usage: npm run cli -- roots list     --db FILE --case ID [--json]
       npm run cli -- roots merge    --db FILE --case ID --a REF --b REF
       npm run cli -- roots separate --db FILE --case ID --a REF --b REF

  list               the case's distinct root causes (RC1, RC2 …), each with every place it was
                     found (a fishbone cause, a 5-Whys answer), and the look-alike pairs offered
                     for merging
  merge              the two root causes the places REF name are one: the same merge as the app's
                     "Same root cause" in step 2
  separate           take the place --b names out of the root cause it shares with --a (the app's
                     "Separate again")

  --db FILE          the case library (.sqlite)
  --case ID          the case (see: cases list)
  --a REF, --b REF   places as roots list prints them: fishbone:<id> or whys:<id>
  --json             list as JSON

A root cause found in the fishbone and in a 5-Whys analysis asking why about it is one root cause
with two places. Merging or separating is one undo step in the app; a merge is undone with
roots separate, and a separate with roots merge.`,
  search: `Usage: npm run cli -- search --db FILE --q WORDS [options]

  --db FILE          the case library (.sqlite)
  --q WORDS          the words to find: all of them in one place, each as the start of a word;
                     quotes, *, AND, NEAR... are looked for as plain text
  --sort SORT        relevance | date (default: relevance)
  --limit N          at most N hits (1-100, default 20)
  --from DATE, --to DATE   the case happened (else was recorded) in this range (YYYY-MM-DD or an instant)
  --department D, --touchpoint T, --severity S, --scenario S, --mot M, --step S, --status S, --tag T
                     only cases with these (a tag matches any part of a tag, in any case)
  --json             the hits as JSON

Prints each hit's case id, title, the part it is in and a snippet with the hits in [ ].`,
  similar: `Usage: npm run cli -- similar --db FILE --case ID [--limit N] [--json]

  --db FILE          the case library (.sqlite)
  --case ID          the case (see: cases list)
  --limit N          at most N cases (1-20, default 5)
  --json             the cases as JSON, with their root causes, actions and lessons`,
  lessons: `Usage: npm run cli -- lessons --db FILE [--kind KIND] [filters] [--json]

  --db FILE          the case library (.sqlite)
  --kind KIND        went_well | went_wrong | got_lucky | improvement
  --department D, --touchpoint T, --scenario S   where it applies (else where its case happened)
  --limit N          at most N (1-200, default 50)
  --json             as JSON`,
  retro: RETRO_HELP,
};

// ---------------------------------------------------------------------------------------------
// Options

export interface Parsed {
  positional: string[];
  options: Map<string, string>;
  flags: Set<string>;
  /** Every value of an option that may be given more than once. */
  lists: Map<string, string[]>;
}

export function parseArgs(argv: string[], command: string, valueOptions: readonly string[], flagOptions: readonly string[], repeatable: readonly string[] = []): Parsed {
  const parsed: Parsed = { positional: [], options: new Map(), flags: new Set(), lists: new Map() };
  const valid = () => [...valueOptions.map((o) => `--${o}`), ...flagOptions.map((o) => `--${o}`), '--help'].join(', ');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      if (arg === '-h') parsed.flags.add('help');
      else parsed.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (name === 'help' || flagOptions.includes(name)) {
      if (eq !== -1) throw usageError(`--${name} takes no value.`, command);
      parsed.flags.add(name);
      continue;
    }
    if (!valueOptions.includes(name)) throw usageError(`Unknown option --${name} for ${command}. Valid options: ${valid()}.`, command);
    const value = eq !== -1 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq === -1 && value.startsWith('--'))) throw usageError(`--${name} needs a value.`, command);
    if (repeatable.includes(name)) parsed.lists.set(name, [...(parsed.lists.get(name) ?? []), value]);
    if (parsed.options.has(name) && !repeatable.includes(name)) throw usageError(`--${name} is given twice.`, command);
    parsed.options.set(name, value);
  }
  return parsed;
}

export function required(p: Parsed, name: string, command: string): string {
  const value = p.options.get(name);
  if (value === undefined || value === '') throw usageError(`${command} needs --${name}.`, command);
  return value;
}

function choice<T extends string>(value: string | undefined, choices: readonly T[], name: string, command: string, fallback: T): T {
  if (value === undefined) return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw usageError(`--${name} must be one of: ${choices.join(', ')} (got "${value}").`, command);
}

// ---------------------------------------------------------------------------------------------
// The library

export interface Session {
  library: Library;
  dispatch: AnyDispatch;
  language: Language;
  t: (typeof CATALOGS)[Language]['export'];
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (values[name] === undefined ? whole : String(values[name])));
}

export function openLibrary(dbPath: string, language: Language, { create = false } = {}): Session {
  const path = resolve(dbPath);
  const t = CATALOGS[language].export;
  if (!create && !existsSync(path)) throw new CliError(`There is no database at ${path}.`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new CliError(`${path} is a folder, not a database file.`);
  // SQLite would take an empty file for a new database and write a schema into it: a command that
  // only reads must leave such a file (what a failed copy leaves) exactly as it is.
  if (!create && statSync(path).size === 0) {
    throw new CliError(`${path} is empty (0 bytes): it holds no case library. If it should, restore a backup from ${path}-backups in the app.`);
  }
  const library = new Library(path);
  const status = library.status();
  if (status.state === 'damaged') {
    library.close();
    throw new CliError(fill(t.damaged, { db: path, reason: status.reason, detail: status.detail }));
  }
  return { library, dispatch: createDispatch(createHandlers({ library, version: 'cli', shell: 'browser' }), { log: () => undefined }), language, t };
}

/** A method's value, or a CliError with a message a person can act on. */
export async function call<T>(session: Session, method: string, input: unknown): Promise<T> {
  const result = (await session.dispatch(method, input)) as Result<T>;
  if (result.ok) return result.value;
  throw apiFailure(session, result.error, input);
}

function apiFailure(session: Session, error: { code: string; message: string; reason?: string; issues?: { path: (string | number)[]; reason: string }[] }, input?: unknown): CliError {
  const caseId = (input as { caseId?: string; id?: string } | undefined)?.caseId ?? (input as { id?: string } | undefined)?.id;
  if (error.code === 'not_found' && caseId) return new CliError(fill(session.t.caseNotFound, { id: caseId, db: session.library.dbPath }));
  if (error.code === 'validation' && error.issues?.some((i) => i.path[0] === 'caseId' || i.path[0] === 'id')) {
    return new CliError(`"${caseId}" is not a case id (ids look like 0f8fad5b-d9cb-469f-a165-70867728950e). List the cases with: cases list --db FILE`);
  }
  if (error.code === 'validation' && error.reason?.startsWith('casefile_')) {
    const texts = CATALOGS[session.language].caseFileError as Record<string, string>;
    const text = texts[error.reason.slice('casefile_'.length)];
    const issues = error.issues?.length ? ` (${error.issues.map((i) => `${i.path.join('.')}: ${i.reason}`).join('; ')})` : '';
    if (text) return new CliError(`${text}${issues}`);
  }
  if (error.code === 'damaged') return new CliError(fill(session.t.damaged, { db: session.library.dbPath, reason: error.reason ?? 'unreadable', detail: error.message }));
  if (error.reason === 'pdf_unavailable') return new CliError(`${session.t.pdf_unavailable}\n(${error.message})`);
  if (error.reason === 'pdf_timeout') return new CliError(session.t.pdf_timeout);
  const issues = error.issues?.length ? ` (${error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.reason}`).join('; ')})` : '';
  return new CliError(`${error.message}${issues}`);
}

export function fromError(session: Session, e: unknown): never {
  if (e instanceof CliError) throw e;
  if (e instanceof CausewayError) throw apiFailure(session, e.toJSON());
  throw e;
}

const KB = 1024;
function size(bytes: number): string {
  return bytes < KB ? `${bytes} B` : bytes < KB * KB ? `${(bytes / KB).toFixed(1)} KB` : `${(bytes / KB / KB).toFixed(1)} MB`;
}

/** Where to write: `--out` as a file, `--out` naming a folder (the default name inside it), or the
 *  exports folder next to the database. */
function target(out: string | undefined, dbPath: string, defaultName: string): string {
  // The exports folder never has a file replaced: a taken name gets " (2)", as in the app.
  if (out === undefined) return join(exportsDir(dbPath), existsSync(exportsDir(dbPath)) ? freeFileName(exportsDir(dbPath), defaultName) : defaultName);
  const path = resolve(out);
  if ((existsSync(path) && statSync(path).isDirectory()) || /[/\\]$/.test(out)) return join(path, defaultName);
  return path;
}

/** An empty --out names no file (`--out ""`, `--out=`): refused rather than read as "the default". */
function outOption(p: Parsed, command: string): string | undefined {
  const out = p.options.get('out');
  if (out !== undefined && out.trim() === '') throw usageError('--out is empty: give a file or a folder.', command);
  return out;
}

/** Refuses to write over the library itself (or its -wal/-shm), a non-regular file (a device,
 *  a pipe), or, without --force, any file that exists. Checked for every file before any is written. */
function checkTarget(session: Session, path: string, force: boolean): void {
  const problem = copyTargetProblem(session.library.dbPath, path, { replace: force });
  if (!problem) return;
  const reason = problem.extra.issues?.[0]?.reason;
  if (reason === 'exists') throw new CliError(`${path} already exists. Add --force to replace it, or choose another --out.`);
  throw new CliError(`${problem.message} Nothing was written.`);
}

/** A warning when --out's extension says another format than the one written. */
function warnExtension(io: CliIo, out: string | undefined, path: string, ext: string, extensions: readonly string[]): void {
  if (out === undefined) return;
  const given = extname(path).toLowerCase();
  if (!extensions.includes(given)) io.err(`causeway: warning: ${path} is written as ${ext}, but its extension ${given ? `"${given}"` : '(none)'} says otherwise.`);
}

function write(session: Session, io: CliIo, path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, bytes);
  io.out(fill(session.t.written, { path, size: size(bytes.byteLength) }));
}

function formatFromExtension<T extends string>(out: string | undefined, map: Record<string, T>): T | undefined {
  if (!out) return undefined;
  return map[extname(out).toLowerCase()];
}

// ---------------------------------------------------------------------------------------------
// Commands

const REPORT_EXTENSIONS: Record<ReportFormat, readonly string[]> = { md: ['.md', '.markdown'], html: ['.html', '.htm'], pdf: ['.pdf'], docx: ['.docx'] };
const DIAGRAM_EXTENSIONS: Record<'svg' | 'png' | 'mermaid', readonly string[]> = { svg: ['.svg'], png: ['.png'], mermaid: ['.mmd', '.mermaid'] };

async function report(argv: string[], io: CliIo, language: Language): Promise<void> {
  const p = parseArgs(argv, 'report', ['db', 'case', 'format', 'lang', 'layout', 'out', 'tz'], ['force']);
  if (p.flags.has('help')) return io.out(HELP.report!);
  if (p.positional.length) throw usageError(`Unexpected argument "${p.positional[0]}".`, 'report');
  const db = required(p, 'db', 'report');
  const caseId = required(p, 'case', 'report');
  const out = outOption(p, 'report');
  const inferred = formatFromExtension<ReportFormat>(out, Object.fromEntries(REPORT_FORMATS.flatMap((f) => REPORT_EXTENSIONS[f].map((e) => [e, f]))));
  const format = choice(p.options.get('format'), REPORT_FORMATS, 'format', 'report', inferred ?? 'pdf');
  const lang = choice(p.options.get('lang'), LANGUAGES, 'lang', 'report', language);
  const layout = choice<ReportLayout>(p.options.get('layout'), REPORT_LAYOUTS, 'layout', 'report', 'steps');
  const timeZone = p.options.get('tz') ?? localTimeZone();
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw usageError(`--tz "${timeZone}" is not a time zone (try UTC or Asia/Shanghai).`, 'report');
  }

  const session = openLibrary(db, language);
  try {
    const detail = await call<CaseDetail>(session, 'cases:get', { id: caseId });
    const now = new Date();
    const file = await renderReport(session.library, { caseId, language: lang, layout, timeZone, format }, { now: () => now }).catch((e: unknown) => fromError(session, e));
    const path = target(out, session.library.dbPath, reportFileName(detail.case.title, { layout, language: lang, timeZone }, file.ext, now));
    checkTarget(session, path, p.flags.has('force'));
    warnExtension(io, out, path, format, REPORT_EXTENSIONS[format]);
    write(session, io, path, file.bytes);
  } finally {
    session.library.close();
  }
}

/** Display width in a terminal: CJK and other wide characters take two columns. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    w += /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) || (cp >= 0x20000 && cp <= 0x3fffd) || (cp >= 0x1f300 && cp <= 0x1faff) ? 2 : 1;
  }
  return w;
}

function fit(text: string, width: number): string {
  let out = '';
  let w = 0;
  const clean = text.replace(/\s+/g, ' ').trim();
  if (displayWidth(clean) <= width) return clean + ' '.repeat(width - displayWidth(clean));
  for (const ch of clean) {
    const cw = displayWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return out + '…' + ' '.repeat(Math.max(0, width - w - 1));
}

async function cases(argv: string[], io: CliIo, language: Language): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === undefined) {
    if (sub === undefined) throw usageError('cases needs a subcommand: list.', 'cases');
    return io.out(HELP.cases!);
  }
  if (sub !== 'list') throw usageError(`Unknown subcommand "cases ${sub}". Valid: cases list.`, 'cases');
  const p = parseArgs(rest, 'cases list', ['db'], ['trashed']);
  if (p.flags.has('help')) return io.out(HELP.cases!);
  if (p.positional.length) throw usageError(`Unexpected argument "${p.positional[0]}".`, 'cases');
  const session = openLibrary(required(p, 'db', 'cases list'), language);
  try {
    const rows: Array<[string, string, string, string]> = [];
    for (let offset = 0; ; ) {
      const page = await call<CasePage>(session, 'cases:list', { offset, limit: 200, trashed: p.flags.has('trashed'), sort: 'updated_desc' });
      for (const c of page.items) rows.push([c.id, c.title, c.step, c.status]);
      offset += page.items.length;
      if (page.items.length === 0 || offset >= page.total) break;
    }
    const header: [string, string, string, string] = ['ID', 'TITLE', 'STEP', 'STATUS'];
    const titleWidth = Math.min(60, Math.max(displayWidth(header[1]), ...rows.map((r) => displayWidth(r[1].replace(/\s+/g, ' ').trim()))));
    const stepWidth = Math.max(header[2].length, ...rows.map((r) => r[2].length));
    const line = (r: [string, string, string, string]) => `${r[0].padEnd(36)}  ${fit(r[1], titleWidth)}  ${r[2].padEnd(stepWidth)}  ${r[3]}`.trimEnd();
    io.out(line(header));
    for (const r of rows) io.out(line(r));
    if (rows.length === 0) io.err(p.flags.has('trashed') ? 'The trash is empty.' : 'The library has no cases. Load the samples with: demo --db FILE');
  } finally {
    session.library.close();
  }
}

async function demo(argv: string[], io: CliIo, language: Language): Promise<void> {
  const p = parseArgs(argv, 'demo', ['db', 'lang'], []);
  if (p.flags.has('help')) return io.out(HELP.demo!);
  if (p.positional.length) throw usageError(`Unexpected argument "${p.positional[0]}".`, 'demo');
  const lang = choice(p.options.get('lang'), LANGUAGES, 'lang', 'demo', language);
  const session = openLibrary(required(p, 'db', 'demo'), language, { create: true });
  try {
    const { caseIds } = await call<{ caseIds: string[] }>(session, 'demo:load', { language: lang });
    for (const id of caseIds) {
      const detail = await call<CaseDetail>(session, 'cases:get', { id });
      io.out(`${id}  ${detail.case.title}`);
    }
    io.err(`Loaded ${caseIds.length} sample cases into ${session.library.dbPath}.`);
  } finally {
    session.library.close();
  }
}

async function diagram(argv: string[], io: CliIo, language: Language): Promise<void> {
  const p = parseArgs(argv, 'diagram', ['db', 'case', 'kind', 'format', 'out', 'analysis', 'lang'], ['force']);
  if (p.flags.has('help')) return io.out(HELP.diagram!);
  if (p.positional.length) throw usageError(`Unexpected argument "${p.positional[0]}".`, 'diagram');
  const db = required(p, 'db', 'diagram');
  const caseId = required(p, 'case', 'diagram');
  if (!p.options.has('kind')) throw usageError('diagram needs --kind (fishbone or whys).', 'diagram');
  const kind = choice<'fishbone' | 'whys'>(p.options.get('kind'), ['fishbone', 'whys'], 'kind', 'diagram', 'fishbone');
  const out = outOption(p, 'diagram');
  const formats = ['svg', 'png', 'mermaid'] as const;
  const inferred = formatFromExtension<(typeof formats)[number]>(out, { '.svg': 'svg', '.png': 'png', '.mmd': 'mermaid', '.mermaid': 'mermaid' });
  const format = choice(p.options.get('format'), formats, 'format', 'diagram', inferred ?? 'svg');
  const lang = choice(p.options.get('lang'), LANGUAGES, 'lang', 'diagram', language);
  const analysisArg = p.options.get('analysis');
  const analysisNumber = analysisArg === undefined ? null : Number(analysisArg);
  if (analysisNumber !== null && (!Number.isInteger(analysisNumber) || analysisNumber < 1)) throw usageError(`--analysis must be a number from 1 (got "${analysisArg}").`, 'diagram');
  if (analysisNumber !== null && kind !== 'whys') throw usageError('--analysis is for --kind whys.', 'diagram');
  const ext = format === 'mermaid' ? 'mmd' : format;

  const session = openLibrary(db, language);
  try {
    const detail = await call<CaseDetail>(session, 'cases:get', { id: caseId });
    const { fishbone } = await call<{ fishbone: Fishbone }>(session, 'fishbone:get', { caseId });
    const c = CATALOGS[lang];
    const drawings: Array<{ svg: string; width: number; height: number; mermaid: string }> = [];
    if (kind === 'fishbone') {
      const effect = effectText(fishbone, detail.case.problem, c.fishbone.head);
      const layout = layoutFishbone(fishbone, effect);
      drawings.push({
        svg: format === 'mermaid' ? '' : renderFishboneSvg(fishbone, layout, { title: detail.case.title.trim() || undefined }),
        width: layout.width,
        height: layout.height,
        mermaid: format === 'mermaid' ? fishboneToMermaid(fishbone, effect) : '',
      });
    } else {
      const { analyses } = await call<{ analyses: WhyAnalysis[] }>(session, 'whys:get', { caseId });
      if (analyses.length === 0) throw new CliError(fill(session.t.noAnalysis, { n: analysisNumber ?? 1, count: 0 }));
      if (analysisNumber !== null && analysisNumber > analyses.length) throw new CliError(fill(session.t.noAnalysis, { n: analysisNumber, count: analyses.length }));
      const chosen = analysisNumber !== null ? [analyses[analysisNumber - 1]!] : analyses;
      for (const analysis of chosen) {
        // Every why is drawn, as in the report: a collapsed branch would hide part of the answer.
        const expanded: WhyAnalysis = { ...analysis, whys: mapTree(analysis.whys, (w) => (w.collapsed ? { ...w, collapsed: false } : w)) };
        const question = questionText(expanded, (id) => findCause(fishbone, id)?.cause.text ?? null, detail.case.problem);
        const layout = layoutWhys(expanded, question);
        drawings.push({
          svg: renderWhysSvg(expanded, layout, { title: question.trim() || undefined }),
          width: layout.width,
          height: layout.height,
          mermaid: whysToMermaid(expanded, question),
        });
      }
    }
    const several = drawings.length > 1;
    const paths = drawings.map((_, i) => {
      const path = target(out, session.library.dbPath, exportFileName(detail.case.title, kind, ext));
      if (!several) return path;
      const e = extname(path);
      return join(dirname(path), `${basename(path, e)}-${i + 1}${e}`);
    });
    for (const path of paths) checkTarget(session, path, p.flags.has('force'));
    if (paths[0]) warnExtension(io, out, paths[0], format, DIAGRAM_EXTENSIONS[format]);
    for (const [i, d] of drawings.entries()) {
      const path = paths[i]!;
      let bytes: Uint8Array;
      if (format === 'svg') bytes = new TextEncoder().encode(d.svg);
      else if (format === 'mermaid') bytes = new TextEncoder().encode(d.mermaid);
      else {
        try {
          bytes = await svgToPng(d.svg, d.width, d.height);
        } catch (e) {
          if (e instanceof CausewayError && e.extra.reason === 'pdf_unavailable') throw new CliError(`${session.t.png_unavailable}\n(${e.message})`);
          throw e;
        }
      }
      write(session, io, path, bytes);
      if (format === 'mermaid' && exceedsMermaidTextSize(d.mermaid)) {
        const n = (v: number) => new Intl.NumberFormat(lang).format(v);
        io.err(fill(session.t.mermaidTooLong, { path, length: n(d.mermaid.length), max: n(MERMAID_DEFAULT_MAX_TEXT_SIZE) }));
      }
    }
  } catch (e) {
    fromError(session, e);
  } finally {
    session.library.close();
  }
}

async function importMermaid(argv: string[], io: CliIo, language: Language): Promise<void> {
  const p = parseArgs(argv, 'import-mermaid', ['db', 'case', 'in'], []);
  if (p.flags.has('help')) return io.out(HELP['import-mermaid']!);
  if (p.positional.length) throw usageError(`Unexpected argument "${p.positional[0]}".`, 'import-mermaid');
  const db = required(p, 'db', 'import-mermaid');
  const caseId = required(p, 'case', 'import-mermaid');
  const input = resolve(required(p, 'in', 'import-mermaid'));
  let text: string;
  try {
    text = readFileSync(input, 'utf8');
  } catch (e) {
    throw new CliError(`Cannot read ${input}: ${(e as Error).message}`);
  }
  const session = openLibrary(db, language);
  try {
    const { fishbone: current } = await call<{ fishbone: Fishbone }>(session, 'fishbone:get', { caseId });
    let parsed: ReturnType<typeof parseMermaidIshikawa>;
    try {
      parsed = parseMermaidIshikawa(text, () => randomUUID());
    } catch (e) {
      if (e instanceof CausewayError) {
        const line = e.extra.issues?.[0]?.path[1];
        const reason = e.extra.issues?.[0]?.reason ?? 'invalid';
        const message = e.message.replace(/^Line \d+: /, '');
        throw new CliError(`${input}${typeof line === 'number' ? `, line ${line}` : ''}: ${message} [${reason}]`);
      }
      throw e;
    }
    if (parsed.categories.length === 0) throw new CliError(`${input}: the diagram has an event but no categories (indent them under the event).`);
    // As the app's import does: the imported categories come from no template.
    const fishbone: Fishbone = { ...current, effect: parsed.effect || current.effect, template: null, categories: parsed.categories };
    await call(session, 'fishbone:apply', { caseId, command: { type: 'replace', fishbone } });
    io.out(fill(session.t.imported, { categories: fishbone.categories.length, causes: fishbone.categories.reduce((n, category) => n + countCauses(category.causes), 0) }));
  } catch (e) {
    fromError(session, e);
  } finally {
    session.library.close();
  }
}

async function library(argv: string[], io: CliIo, language: Language): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') return io.out(HELP.library!);
  if (sub === undefined) throw usageError('library needs a subcommand: copy.', 'library');
  if (sub !== 'copy') throw usageError(`Unknown subcommand "library ${sub}". Valid: library copy.`, 'library');
  const p = parseArgs(rest, 'library copy', ['db', 'out'], ['force']);
  if (p.flags.has('help')) return io.out(HELP.library!);
  if (p.positional.length) throw usageError(`Unexpected argument "${p.positional[0]}".`, 'library');
  const db = required(p, 'db', 'library copy');
  const out = outOption(p, 'library copy');
  if (out === undefined) throw usageError('library copy needs --out.', 'library');
  const session = openLibrary(db, language);
  try {
    const path = target(out, session.library.dbPath, defaultCopyName(session.library.dbPath, new Date()));
    checkTarget(session, path, p.flags.has('force'));
    warnExtension(io, out, path, 'SQLite', ['.sqlite', '.sqlite3', '.db']);
    const copy = session.library.saveCopy(path, { replace: p.flags.has('force') });
    io.out(fill(session.t.written, { path: copy.path, size: size(copy.bytes) }));
    io.err(`The copy holds ${copy.cases} case${copy.cases === 1 ? '' : 's'} and passed SQLite's quick_check.`);
  } catch (e) {
    fromError(session, e);
  } finally {
    session.library.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Case files (see shared/domain/case-file.ts)

/** The passphrase in a file: its first line (a trailing newline is not part of it). */
function readPassphrase(path: string | undefined, command: string): string | undefined {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(resolve(path), 'utf8');
  } catch {
    throw new CliError(`Cannot read the passphrase file ${path}.`);
  }
  const passphrase = text.split(/\r?\n/)[0] ?? '';
  if (passphrase === '') throw usageError(`The passphrase file ${path} is empty.`, command);
  return passphrase;
}

/** A dictionary file: one name per line; blank lines and lines starting with # are skipped. */
function readDictionary(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(resolve(path), 'utf8');
  } catch {
    throw new CliError(`Cannot read the dictionary file ${path}.`);
  }
  const words = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (words.length > CASE_FILE_LIMITS.dictionaryWords) throw new CliError(`The dictionary has ${words.length} names; at most ${CASE_FILE_LIMITS.dictionaryWords}.`);
  const long = words.find((w) => w.length > LIMITS.shortText);
  if (long !== undefined) throw new CliError(`A name in the dictionary is longer than ${LIMITS.shortText} characters: ${long.slice(0, 40)}…`);
  return words;
}

/** The ids of the cases a search for `words` finds (every word of every case, as the app's search
 *  does), in the order of their first hit. */
async function searchIds(session: Session, words: string): Promise<string[]> {
  const ids = new Set<string>();
  for (let offset = 0; ; offset += 100) {
    const result = await call<SearchResult>(session, 'search:query', { q: words, sort: 'date', limit: 100, offset });
    for (const hit of result.hits) ids.add(hit.caseId);
    if (result.hits.length === 0 || offset + result.hits.length >= result.total) return [...ids];
  }
}

async function exportCases(argv: string[], io: CliIo, language: Language): Promise<void> {
  const p = parseArgs(argv, 'export', ['db', 'case', 'q', 'out', 'dictionary', 'passphrase-file'], ['all', 'anonymise', 'force'], ['case']);
  if (p.flags.has('help')) return io.out(HELP.export!);
  if (p.positional.length) throw usageError(`Unexpected argument "${p.positional[0]}".`, 'export');
  const db = required(p, 'db', 'export');
  const caseIds = (p.lists.get('case') ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const q = p.options.get('q');
  const ways = [caseIds.length > 0, p.flags.has('all'), q !== undefined].filter(Boolean).length;
  if (ways !== 1) throw usageError('export needs exactly one of --case ID, --all or --q WORDS.', 'export');
  if (q !== undefined && q.trim() === '') throw usageError('--q is empty: give words to search for.', 'export');
  if (p.options.has('dictionary') && !p.flags.has('anonymise')) throw usageError('--dictionary goes with --anonymise.', 'export');
  const out = outOption(p, 'export');
  const passphrase = readPassphrase(p.options.get('passphrase-file'), 'export');
  const dictionary = p.options.has('dictionary') ? readDictionary(p.options.get('dictionary')!) : [];
  const session = openLibrary(db, language);
  try {
    for (const id of caseIds) if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw apiFailure(session, { code: 'validation', message: '', issues: [{ path: ['caseId'], reason: 'invalid_format' }] }, { caseId: id });
    for (const id of caseIds) if (!session.library.repo.exists(id)) throw apiFailure(session, { code: 'not_found', message: '' }, { caseId: id });
    const ids = q !== undefined ? await searchIds(session, q) : caseIds;
    if (q !== undefined && ids.length === 0) throw new CliError(`No case matches "${q}". Nothing was written.`);
    const now = new Date();
    const { bytes, docs, replaced } = await caseFileBytes(
      session.library,
      { ...(p.flags.has('all') ? { all: true as const } : { caseIds: ids }), ...(p.flags.has('anonymise') ? { anonymise: { dictionary } } : {}), ...(passphrase ? { passphrase } : {}) },
      { now: () => now, version: 'cli' },
    );
    const path = target(out, session.library.dbPath, caseFileName(docs, now));
    checkTarget(session, path, p.flags.has('force'));
    warnExtension(io, out, path, 'a case file', ['.causeway']);
    write(session, io, path, bytes);
    io.err(
      `${docs.length} case${docs.length === 1 ? '' : 's'}` +
        (p.flags.has('anonymise') ? `, anonymised (${replaced} value${replaced === 1 ? '' : 's'} replaced)` : '') +
        (passphrase ? ', encrypted (age)' : '') +
        '.',
    );
  } catch (e) {
    fromError(session, e);
  } finally {
    session.library.close();
  }
}

async function importCases(argv: string[], io: CliIo, language: Language): Promise<void> {
  const p = parseArgs(argv, 'import', ['db', 'in', 'passphrase-file'], ['merge', 'theirs', 'mine']);
  if (p.flags.has('help')) return io.out(HELP.import!);
  if (p.positional.length) throw usageError(`Unexpected argument "${p.positional[0]}".`, 'import');
  const db = required(p, 'db', 'import');
  const input = required(p, 'in', 'import');
  if (p.flags.has('theirs') && p.flags.has('mine')) throw usageError('Give --theirs or --mine, not both.', 'import');
  if ((p.flags.has('theirs') || p.flags.has('mine')) && !p.flags.has('merge')) throw usageError('--theirs and --mine go with --merge.', 'import');
  const passphrase = readPassphrase(p.options.get('passphrase-file'), 'import');
  const path = resolve(input);
  if (!existsSync(path)) throw new CliError(`There is no file at ${path}.`);
  if (!statSync(path).isFile()) throw new CliError(`${path} is not a regular file.`);
  if (statSync(path).size > CASE_FILE_LIMITS.fileBytes) throw new CliError(CATALOGS[language].caseFileError.too_large);
  // The file is read and checked in full before the library is opened: a refused file leaves even
  // a library that does not exist yet uncreated.
  let opened: Awaited<ReturnType<typeof openCaseFile>>;
  try {
    opened = await openCaseFile(readFileSync(path), passphrase);
  } catch (e) {
    if (e instanceof CausewayError) {
      const reason = e.extra.reason?.replace(/^casefile_/, '') ?? '';
      const text = (CATALOGS[language].caseFileError as Record<string, string>)[reason] ?? e.message;
      const issues = e.extra.issues?.length ? ` (${e.extra.issues.map((i) => `${i.path.join('.')}: ${i.reason}`).join('; ')})` : '';
      throw new CliError(`${text}${issues}`);
    }
    throw e;
  }
  const session = openLibrary(db, language, { create: true });
  try {
    const here = new Map(
      session.library.read(() =>
        opened.docs.filter((d) => session.library.repo.exists(d.case.id)).map((d) => [d.case.id, readCaseDocuments(session.library, [d.case.id])[0]!] as const),
      ),
    );
    const preview = previewOf(opened, here);
    const m = preview.manifest;
    io.out(`${path}: ${m.caseCount} case${m.caseCount === 1 ? '' : 's'}, format ${m.formatVersion}, made ${m.createdAt} by ${m.appVersion}${m.anonymised ? ', anonymised' : ''}${m.encrypted ? ', encrypted' : ''}`);
    for (const c of preview.cases) {
      const hereText = c.here ? ` (here: revision ${c.here.revision}, ${c.here.updatedAt}${c.here.deleted ? ', in the trash' : ''})` : '';
      io.out(`  ${c.id}  ${c.comparison.padEnd(13)}  revision ${c.file.revision}, ${c.file.updatedAt}${hereText}  ${c.file.title}`);
    }
    const merge = p.flags.has('merge');
    const side: Resolution | undefined = p.flags.has('theirs') ? 'theirs' : p.flags.has('mine') ? 'mine' : undefined;
    const resolutions = side ? Object.fromEntries(preview.cases.filter((c) => c.comparison === 'conflict').map((c) => [c.id, side])) : undefined;
    const result = importOpened(session.library, opened, { mode: merge ? 'merge' : 'copy', resolutions });
    if (merge) {
      io.out(`Merged: ${result.imported.length} imported, ${result.skipped.length} left as they are here.`);
      if (result.conflicts.length) {
        io.err(`causeway: ${result.conflicts.length} case${result.conflicts.length === 1 ? ' was' : 's were'} changed on both sides and left as ${result.conflicts.length === 1 ? 'it is' : 'they are'} here: ${result.conflicts.join(', ')}. Import again with --theirs or --mine to choose.`);
      }
    } else {
      io.out(`Imported ${result.imported.length} case${result.imported.length === 1 ? '' : 's'} as copies with new ids:`);
      for (const [from, to] of Object.entries(result.idMap ?? {})) io.out(`  ${from} -> ${to}`);
    }
  } catch (e) {
    fromError(session, e);
  } finally {
    session.library.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Root causes: one root cause, several places (see shared/domain/root-causes.ts)

interface RootsState {
  detail: CaseDetail;
  fishbone: Fishbone;
  analyses: WhyAnalysis[];
  links: RootCauseLink[];
  revision: number;
  roots: RootCause[];
  offers: MergeOffer[];
}

/** What step 2 of the app shows, read through the same methods: the case's places grouped into
 *  distinct root causes by its links, and the look-alike pairs. */
async function loadRoots(session: Session, caseId: string): Promise<RootsState> {
  const detail = await call<CaseDetail>(session, 'cases:get', { id: caseId });
  const { fishbone } = await call<{ fishbone: Fishbone }>(session, 'fishbone:get', { caseId });
  const { analyses } = await call<{ analyses: WhyAnalysis[] }>(session, 'whys:get', { caseId });
  const { links, revision } = await call<{ links: RootCauseLink[]; revision: number }>(session, 'roots:get', { caseId });
  const roots = distinctRootCauses(fishbone, analyses, links);
  return { detail, fishbone, analyses, links, revision, roots, offers: mergeOffers(roots, links) };
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const quote = (text: string, max = 80) => {
  const line = oneLine(text);
  return `"${[...line].length > max ? `${[...line].slice(0, max - 1).join('')}…` : line}"`;
};
const code = (root: RootCause) => `RC${root.n}`;

/** A place as --a / --b take it: `fishbone:<id>` or `whys:<id>`. A value of another shape is a
 *  wrong command line; a well-formed one that names no root cause of the case is found out later. */
function placeOption(p: Parsed, name: 'a' | 'b', command: string): RootCauseRef {
  const value = required(p, name, command).trim();
  const match = /^(fishbone|whys):(\S+)$/.exec(value);
  if (!match) throw usageError(`--${name} must name a place as roots list prints it: fishbone:<id> or whys:<id> (got "${value}").`, 'roots');
  return { source: match[1] as 'fishbone' | 'whys', id: match[2]! };
}

function rootOf(state: RootsState, ref: RootCauseRef, caseId: string): RootCause {
  const root = rootCauseIndex(state.roots).get(refKey(ref));
  if (!root) throw new CliError(`${refKey(ref)} is not a root cause of this case. The places are listed by: roots list --db FILE --case ${caseId}`);
  return root;
}

/** Where a place is, in a few words: the fishbone category, or the 5-Whys analysis and depth. */
function placeWhere(state: RootsState, place: RootCausePlace): string {
  if (place.source === 'fishbone') return `fishbone, category ${quote(place.category.label, 40)}`;
  const n = state.analyses.findIndex((a) => a.id === place.analysis.id) + 1;
  return `5 Whys #${n}, why ${place.depth}${place.stopReason ? `, stopped: ${place.stopReason}` : ''}`;
}

function placeJson(state: RootsState, place: RootCausePlace) {
  const base = { ref: place.key, source: place.source, text: place.text, status: place.status };
  if (place.source === 'fishbone') return { ...base, category: place.category.label };
  return { ...base, analysis: state.analyses.findIndex((a) => a.id === place.analysis.id) + 1, depth: place.depth, stopReason: place.stopReason };
}

function rootsList(state: RootsState, io: CliIo, json: boolean): void {
  const percent = (x: number) => `${Math.round(x * 100)}%`;
  if (json) {
    const brief = (root: RootCause) => ({ n: root.n, code: code(root), ref: root.key, text: root.text });
    io.out(
      JSON.stringify(
        {
          case: { id: state.detail.case.id, title: state.detail.case.title },
          rootCauses: state.roots.map((root) => ({ ...brief(root), status: root.status, places: root.places.map((p) => placeJson(state, p)) })),
          offers: state.offers.map((o) => ({ a: brief(o.a), b: brief(o.b), similarity: Math.round(o.similarity * 1000) / 1000 })),
        },
        null,
        2,
      ),
    );
    return;
  }
  if (state.roots.length === 0) {
    io.err('The case has no root causes yet: they are the fishbone causes and 5-Whys answers marked as root causes (step 2).');
    return;
  }
  const codeWidth = Math.max(...state.roots.map((r) => code(r).length));
  const statusWidth = Math.max(...state.roots.map((r) => r.status.length));
  const refWidth = Math.max(...state.roots.flatMap((r) => r.places.map((p) => p.key.length)));
  const indent = ' '.repeat(codeWidth + 2);
  for (const root of state.roots) {
    io.out(`${code(root).padEnd(codeWidth)}  ${root.status.padEnd(statusWidth)}  ${oneLine(root.text)}`);
    for (const place of root.places) {
      const alias = place.text !== root.text ? `  ${quote(place.text)}` : '';
      io.out(`${indent}${place.key.padEnd(refWidth)}  ${placeWhere(state, place)}${alias}`);
    }
  }
  io.out('');
  if (state.offers.length === 0) {
    io.out('No look-alike root causes to merge.');
    return;
  }
  io.out('Look-alike root causes (they may be one; merge with roots merge --a REF --b REF):');
  for (const offer of state.offers) {
    io.out(`  ${code(offer.a)} ≈ ${code(offer.b)}  ${percent(offer.similarity)} alike  --a ${offer.a.key} --b ${offer.b.key}`);
    io.out(`    ${quote(offer.a.text)} ≈ ${quote(offer.b.text)}`);
  }
}

/** The command the app's "Same root cause" or "Separate" runs, worked out from the places named;
 *  anything that would not change what the list shows is refused before a write. */
function rootsCommand(state: RootsState, sub: 'merge' | 'separate', a: RootCauseRef, b: RootCauseRef, caseId: string): { command: RootCauseCommand; done: string } {
  const [ra, rb] = [rootOf(state, a, caseId), rootOf(state, b, caseId)];
  if (sub === 'merge') {
    if (ra.key === rb.key) throw new CliError(`${refKey(a)} and ${refKey(b)} are already one root cause (${code(ra)} ${quote(ra.text)}): nothing to merge.`);
    const command = mergeCommand(state.fishbone, state.analyses, state.links, ra, rb);
    return { command, done: `Merged ${code(ra)} ${quote(ra.text)} and ${code(rb)} ${quote(rb.text)} into one root cause.` };
  }
  if (refKey(a) === refKey(b)) throw new CliError(`--a and --b name the same place, ${refKey(a)}: nothing to separate.`);
  if (ra.key !== rb.key) throw new CliError(`${refKey(a)} (${code(ra)}) and ${refKey(b)} (${code(rb)}) are two root causes already: nothing to separate.`);
  const place = rb.places.find((p) => p.key === refKey(b))!;
  const command = separateCommand(state.fishbone, state.analyses, state.links, rb, place);
  // Separating takes the place out of every link joining it to the others; check that it does.
  const after = rootCauseIndex(distinctRootCauses(state.fishbone, state.analyses, applyRootCauseCommand(state.links, command).links));
  if (command.add.length + command.remove.length === 0 || after.get(refKey(a))?.key === after.get(refKey(b))?.key) {
    throw new CliError(`${refKey(b)} cannot be separated from ${code(rb)}: nothing joins them that can be undone.`);
  }
  return { command, done: `Separated ${refKey(b)} ${quote(place.text)} from ${code(rb)} ${quote(rb.text)}.` };
}

async function roots(argv: string[], io: CliIo, language: Language): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') return io.out(HELP.roots!);
  if (sub === undefined) throw usageError('roots needs a subcommand: list, merge or separate.', 'roots');
  if (sub !== 'list' && sub !== 'merge' && sub !== 'separate') throw usageError(`Unknown subcommand "roots ${sub}". Valid: roots list, roots merge, roots separate.`, 'roots');
  const command = `roots ${sub}`;
  const p = sub === 'list' ? parseArgs(rest, command, ['db', 'case'], ['json']) : parseArgs(rest, command, ['db', 'case', 'a', 'b'], []);
  if (p.flags.has('help')) return io.out(HELP.roots!);
  if (p.positional.length) throw usageError(`Unexpected argument "${p.positional[0]}".`, 'roots');
  const db = required(p, 'db', command);
  const caseId = required(p, 'case', command);
  const places = sub === 'list' ? null : ([placeOption(p, 'a', command), placeOption(p, 'b', command)] as const);

  const session = openLibrary(db, language);
  try {
    const state = await loadRoots(session, caseId);
    if (sub === 'list' || !places) return rootsList(state, io, p.flags.has('json'));
    const { command: change, done } = rootsCommand(state, sub, places[0], places[1], caseId);
    // The revision read with the links: an edit made in between (the app has the library open) is
    // refused as a conflict rather than merged over.
    await call(session, 'roots:apply', { caseId, command: change, revision: state.revision });
    const now = await loadRoots(session, caseId);
    const joined = rootCauseIndex(now.roots).get(refKey(places[0]))!;
    io.out(done);
    io.out(
      sub === 'merge'
        ? `It is ${code(joined)} now, found in ${joined.places.length} places; the case has ${now.roots.length} root cause${now.roots.length === 1 ? '' : 's'}.`
        : `The case has ${now.roots.length} root causes.`,
    );
  } catch (e) {
    fromError(session, e);
  } finally {
    session.library.close();
  }
}

// ---------------------------------------------------------------------------------------------
// search, similar, lessons

const FILTER_OPTIONS = ['from', 'to', 'department', 'touchpoint', 'severity', 'scenario', 'mot', 'step', 'status', 'tag'] as const;

/** The shared filters as the API names them; a date alone is the start (from) or end (to) of its day in UTC. */
function filtersOf(p: Parsed): Record<string, string> {
  const out: Record<string, string> = {};
  const names: Record<string, string> = { scenario: 'scenarioType', mot: 'motFailure' };
  for (const o of FILTER_OPTIONS) {
    let v = p.options.get(o);
    if (v === undefined) continue;
    if ((o === 'from' || o === 'to') && /^\d{4}-\d{2}-\d{2}$/u.test(v)) v = `${v}T${o === 'from' ? '00:00:00.000' : '23:59:59.999'}Z`;
    out[names[o] ?? o] = v;
  }
  return out;
}

function limitOf(p: Parsed, command: string, max: number): number | undefined {
  const raw = p.options.get('limit');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw usageError(`--limit must be a whole number from 1 to ${max} (got "${raw}").`, command);
  return n;
}

const snippetText = (snippet: { text: string; hit: boolean }[]) => snippet.map((s) => (s.hit ? `[${s.text}]` : s.text)).join('');

async function searchCommand(argv: string[], io: CliIo, language: Language): Promise<void> {
  const p = parseArgs(argv, 'search', ['db', 'q', 'sort', 'limit', ...FILTER_OPTIONS], ['json']);
  if (p.flags.has('help')) return io.out(HELP.search!);
  if (p.positional.length) throw usageError(`Unexpected argument "${p.positional[0]}".`, 'search');
  const db = required(p, 'db', 'search');
  const q = required(p, 'q', 'search');
  const sort = choice(p.options.get('sort'), ['relevance', 'date'] as const, 'sort', 'search', 'relevance');
  const limit = limitOf(p, 'search', 100);
  const session = openLibrary(db, language);
  try {
    const result = await call<SearchResult>(session, 'search:query', { q, sort, ...(limit ? { limit } : {}), ...filtersOf(p) });
    if (p.flags.has('json')) return io.out(JSON.stringify(result, null, 2));
    for (const h of result.hits) {
      io.out(`${h.caseId}  ${fit(h.caseTitle.replace(/\s+/g, ' ').trim(), 50)}  ${h.part}`);
      io.out(`    ${snippetText(h.snippet)}`);
    }
    io.err(`${result.total} hit${result.total === 1 ? '' : 's'} in ${result.cases} case${result.cases === 1 ? '' : 's'}${result.total > result.hits.length ? ` (first ${result.hits.length} shown)` : ''}.`);
  } catch (e) {
    fromError(session, e);
  } finally {
    session.library.close();
  }
}

async function similarCommand(argv: string[], io: CliIo, language: Language): Promise<void> {
  const p = parseArgs(argv, 'similar', ['db', 'case', 'limit'], ['json']);
  if (p.flags.has('help')) return io.out(HELP.similar!);
  if (p.positional.length) throw usageError(`Unexpected argument "${p.positional[0]}".`, 'similar');
  const db = required(p, 'db', 'similar');
  const caseId = required(p, 'case', 'similar');
  const limit = limitOf(p, 'similar', 20);
  const session = openLibrary(db, language);
  try {
    const cases = await call<SimilarCase[]>(session, 'search:similar', { caseId, ...(limit ? { limit } : {}) });
    if (p.flags.has('json')) return io.out(JSON.stringify(cases, null, 2));
    for (const c of cases) {
      io.out(`${c.caseId}  ${fit(c.title.replace(/\s+/g, ' ').trim(), 50)}  score ${c.score}`);
      io.out(`    why: ${c.reasons.map(reasonText).join('; ')}`);
      if (c.rootCauses.length) io.out(`    root causes: ${c.rootCauses.map((r) => r.text).join(' | ')}`);
    }
    if (cases.length === 0) io.err('No similar case in the library.');
  } catch (e) {
    fromError(session, e);
  } finally {
    session.library.close();
  }
}

function reasonText(r: SimilarReason): string {
  switch (r.kind) {
    case 'terms':
      return `shared words ${r.terms.join(', ')}`;
    case 'categories':
      return `causes in ${r.labels.join(', ')}`;
    case 'verifiedEffective':
      return `${r.actions} action${r.actions === 1 ? '' : 's'} verified effective`;
    default:
      return `same ${r.kind} (${r.value})`;
  }
}

async function lessonsCommand(argv: string[], io: CliIo, language: Language): Promise<void> {
  const p = parseArgs(argv, 'lessons', ['db', 'kind', 'limit', ...FILTER_OPTIONS], ['json']);
  if (p.flags.has('help')) return io.out(HELP.lessons!);
  if (p.positional.length) throw usageError(`Unexpected argument "${p.positional[0]}".`, 'lessons');
  const db = required(p, 'db', 'lessons');
  const kinds = ['went_well', 'went_wrong', 'got_lucky', 'improvement'] as const;
  const kind = p.options.has('kind') ? choice(p.options.get('kind'), kinds, 'kind', 'lessons', 'went_well') : undefined;
  const limit = limitOf(p, 'lessons', 200);
  const session = openLibrary(db, language);
  try {
    const result = await call<{ items: LessonEntry[]; total: number }>(session, 'lessons:list', {
      ...(kind ? { kind } : {}),
      ...(limit ? { limit } : {}),
      ...filtersOf(p),
    });
    if (p.flags.has('json')) return io.out(JSON.stringify(result, null, 2));
    for (const e of result.items) {
      const what = e.lesson ? e.lesson.kind : `improvement/${e.improvement!.area}`;
      io.out(`${e.caseId}  ${what}  ${(e.lesson?.text ?? e.improvement!.text).replace(/\s+/g, ' ').trim()}`);
    }
    io.err(`${result.total} in all.`);
  } catch (e) {
    fromError(session, e);
  } finally {
    session.library.close();
  }
}

const COMMANDS: Record<string, (argv: string[], io: CliIo, language: Language) => Promise<void>> = {
  report,
  cases,
  demo,
  diagram,
  'import-mermaid': importMermaid,
  roots,
  library,
  search: searchCommand,
  similar: similarCommand,
  lessons: lessonsCommand,
  export: exportCases,
  import: importCases,
  retro: retroCommand,
};

/** Runs one command line; resolves to the exit code. Never calls process.exit itself. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const language = languageFromLocale(io.env.LC_ALL || io.env.LC_MESSAGES || io.env.LANG);
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.out(HELP.main!);
      return command === undefined ? 2 : 0;
    }
    const run = COMMANDS[command];
    if (!run) throw usageError(`Unknown command "${command}". Valid commands: ${Object.keys(COMMANDS).join(', ')}.`);
    await run(rest, io, language);
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`causeway: ${e.message}`);
      return e.exitCode;
    }
    io.err(`causeway: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isEntry) {
  const code = await runCli(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
  });
  process.exitCode = code;
}

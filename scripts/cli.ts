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
import { copyTargetProblem, defaultCopyName } from '../electron/backend/library-copy';
import { svgToPng } from '../electron/backend/pdf';
import { exportsDir, freeFileName, localTimeZone, renderReport, reportFileName, writeFileAtomic } from '../electron/backend/report-export';
import type { Result } from '../shared/contract/errors';
import { CausewayError } from '../shared/contract/errors';
import type { CaseDetail, CasePage } from '../shared/domain/case';
import { countCauses, effectText, findCause, type Fishbone } from '../shared/domain/fishbone';
import { mapTree } from '../shared/domain/tree';
import { questionText, type WhyAnalysis } from '../shared/domain/whys';
import { exportFileName } from '../shared/exchange/file-name';
import { exceedsMermaidTextSize, fishboneToMermaid, MERMAID_DEFAULT_MAX_TEXT_SIZE, parseMermaidIshikawa } from '../shared/exchange/mermaid-ishikawa';
import { whysToMermaid } from '../shared/exchange/whys-mermaid';
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
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}
const usageError = (message: string, command?: string) =>
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
  library copy     save a consistent copy of a library (safe while the app has it open)

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
  'import-mermaid': `Usage: npm run cli -- import-mermaid --db FILE --case ID --in PATH

  --db FILE          the case library (.sqlite)
  --case ID          the case whose fishbone is replaced
  --in PATH          a Mermaid "ishikawa" diagram (text file)`,
};

// ---------------------------------------------------------------------------------------------
// Options

interface Parsed {
  positional: string[];
  options: Map<string, string>;
  flags: Set<string>;
}

function parseArgs(argv: string[], command: string, valueOptions: readonly string[], flagOptions: readonly string[]): Parsed {
  const parsed: Parsed = { positional: [], options: new Map(), flags: new Set() };
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
    if (parsed.options.has(name)) throw usageError(`--${name} is given twice.`, command);
    parsed.options.set(name, value);
  }
  return parsed;
}

function required(p: Parsed, name: string, command: string): string {
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

interface Session {
  library: Library;
  dispatch: AnyDispatch;
  language: Language;
  t: (typeof CATALOGS)[Language]['export'];
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (values[name] === undefined ? whole : String(values[name])));
}

function openLibrary(dbPath: string, language: Language, { create = false } = {}): Session {
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
async function call<T>(session: Session, method: string, input: unknown): Promise<T> {
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
  if (error.code === 'damaged') return new CliError(fill(session.t.damaged, { db: session.library.dbPath, reason: error.reason ?? 'unreadable', detail: error.message }));
  if (error.reason === 'pdf_unavailable') return new CliError(`${session.t.pdf_unavailable}\n(${error.message})`);
  if (error.reason === 'pdf_timeout') return new CliError(session.t.pdf_timeout);
  const issues = error.issues?.length ? ` (${error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.reason}`).join('; ')})` : '';
  return new CliError(`${error.message}${issues}`);
}

function fromError(session: Session, e: unknown): never {
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

const COMMANDS: Record<string, (argv: string[], io: CliIo, language: Language) => Promise<void>> = {
  report,
  cases,
  demo,
  diagram,
  'import-mermaid': importMermaid,
  library,
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

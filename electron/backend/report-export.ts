import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { exportFileName } from '../../shared/exchange/file-name';
import { CausewayError } from '../../shared/contract/errors';
import type { Language } from '../../shared/i18n/languages';
import { reportDocx } from '../../shared/report/docx';
import { buildReport, reportHtml, reportMarkdown, walkBlocks, type DiagramBlock, type ReportDoc, type ReportFormat, type ReportLayout } from '../../shared/report/index';
import { findChromium, htmlToPdf, svgsToPng } from './pdf';
import { reportFontFaceCss } from './report-fonts';
import type { Library } from './library';
import { caseSnapshot } from './snapshot';

/** The lessons-learned report out of the backend: the live preview's HTML, and files in the
 *  formats people send around. One snapshot, one document tree, four renderers. Node only. */

export interface ReportRequest {
  caseId: string;
  language: Language;
  layout: ReportLayout;
  /** IANA zone the report's dates are written in; the machine's when absent. */
  timeZone?: string;
}

export interface ReportDeps {
  /** The instant the report is made. */
  now: () => Date;
  /** Prints self-contained HTML to PDF. The desktop app injects Electron's printToPDF; without
   *  it, headless Chromium (htmlToPdf) is used, or `pdf_unavailable` when there is none. */
  printPdf?: (html: string) => Promise<Uint8Array>;
  /** Draws the DOCX's diagrams as PNGs for word processors that do not show SVG (LibreOffice
   *  shows the PNG). Default: headless Chromium when there is one; without it, a blank tile. */
  rasterize?: (drawings: DiagramBlock[]) => Promise<Uint8Array[]>;
}

export interface ReportFile {
  bytes: Uint8Array;
  ext: ReportFormat;
  mime: string;
}

export const REPORT_MIME: Record<ReportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** The zone of this machine, for reports asked for without one. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The case's report as a document tree, read in one transaction. `not_found` for no such case. */
export function reportDoc(library: Library, request: ReportRequest, now: Date, options: { diagrams?: boolean } = {}): ReportDoc {
  const generatedAt = now.toISOString();
  const snapshot = caseSnapshot(library, request.caseId, generatedAt);
  return buildReport(snapshot, {
    language: request.language,
    layout: request.layout,
    generatedAt,
    timeZone: request.timeZone ?? localTimeZone(),
    ...(options.diagrams === undefined ? {} : { diagrams: options.diagrams }),
  });
}

/** The report as HTML for the in-app preview: no bundled font (the app's own fonts are there). */
export function reportPreview(library: Library, request: ReportRequest, deps: Pick<ReportDeps, 'now'>): { html: string } {
  return { html: reportHtml(reportDoc(library, request, deps.now())) };
}

/** The HTML that is printed to PDF: the report with the bundled CJK font inlined, so Chinese
 *  prints on a machine without Chinese fonts. */
export function printableHtml(doc: ReportDoc): string {
  // Every character the page can show is in the tree (its texts, the catalog's labels, the SVGs).
  return reportHtml(doc, { fontFaceCss: reportFontFaceCss(JSON.stringify(doc)) });
}

/** The report as a file's bytes. */
export async function renderReport(library: Library, request: ReportRequest & { format: ReportFormat }, deps: ReportDeps): Promise<ReportFile> {
  const { format } = request;
  // Markdown shows the diagrams as their outlines, so it skips drawing them.
  const doc = reportDoc(library, request, deps.now(), format === 'md' ? { diagrams: false } : {});
  const encode = (text: string) => new TextEncoder().encode(text);
  let bytes: Uint8Array;
  switch (format) {
    case 'md':
      bytes = encode(reportMarkdown(doc));
      break;
    case 'html':
      bytes = encode(reportHtml(doc));
      break;
    case 'docx':
      bytes = await reportDocx(doc, { pngFallback: await rasterized(doc, deps) });
      break;
    case 'pdf': {
      const html = printableHtml(doc);
      bytes = deps.printPdf ? await deps.printPdf(html) : await htmlToPdf(html);
      break;
    }
  }
  return { bytes, ext: format, mime: REPORT_MIME[format] };
}

/** The DOCX's PNG fallbacks, all drawn before the document is packed (one Chromium for all of
 *  them). Drawing is best effort: without Chromium, or when it fails, a diagram keeps the blank
 *  tile, and its SVG and text outline are still there. */
async function rasterized(doc: ReportDoc, deps: ReportDeps): Promise<((diagram: DiagramBlock) => Promise<Uint8Array | null>) | undefined> {
  const diagrams: DiagramBlock[] = [];
  walkBlocks(doc, (block) => {
    if (block.kind === 'diagram' && block.svg) diagrams.push(block);
  });
  if (diagrams.length === 0) return undefined;
  const rasterize = deps.rasterize ?? (findChromium() ? (list: DiagramBlock[]) => svgsToPng(list) : null);
  if (!rasterize) return undefined;
  const pngs = await rasterize(diagrams).catch(() => [] as Uint8Array[]);
  const byId = new Map(diagrams.map((d, i) => [d.id, pngs[i] ?? null]));
  return async (diagram) => byId.get(diagram.id) ?? null;
}

/** Where exports go: a folder named `exports` beside the database file. */
export function exportsDir(dbPath: string): string {
  return join(dirname(dbPath), 'exports');
}

const REPORT_WHAT: Record<ReportLayout, string> = { steps: 'report', '8d': 'report-8D', a3: 'report-A3' };

/** Bytes kept free in a report's file name for what is added to it on the way to the disk: the
 *  temporary suffix of writeFileAtomic (at most 32 bytes) and a " (n)" from freeFileName. */
export const NAME_RESERVE_BYTES = 32 + 10;

/** A report's file name: the case, the layout, the language and the date it was made (in the
 *  report's zone), e.g. `双十一大促-report-A3-zh-CN-2026-12-01.pdf`, within 255 bytes with room for
 *  the temporary suffix (a long Chinese title is shortened, not refused). */
export function reportFileName(title: string, request: { layout: ReportLayout; language: Language; timeZone?: string }, ext: ReportFormat, now: Date): string {
  // en-CA writes dates as YYYY-MM-DD, sortable and the same in every language.
  const date = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: request.timeZone ?? localTimeZone() }).format(now);
  return exportFileName(title, `${REPORT_WHAT[request.layout]}-${request.language}-${date}`, ext, NAME_RESERVE_BYTES);
}

/** A name in `dir` not taken yet: `name.ext`, else `name (2).ext`, `name (3).ext`… An earlier
 *  export is never overwritten. */
export function freeFileName(dir: string, fileName: string): string {
  if (!existsSync(join(dir, fileName))) return fileName;
  const dot = fileName.lastIndexOf('.');
  const base = dot > 0 ? fileName.slice(0, dot) : fileName;
  const ext = dot > 0 ? fileName.slice(dot) : '';
  for (let n = 2; ; n++) {
    const candidate = `${base} (${n})${ext}`;
    if (!existsSync(join(dir, candidate))) return candidate;
  }
}

/** Writes `bytes` to `path` through a temporary file and a rename, so a reader never sees half a file. */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  // At most 32 bytes: "." + pid (≤ 10) + "." + base-36 time (≤ 9) + ".part" (NAME_RESERVE_BYTES).
  const temp = `${path}.${process.pid}.${Date.now().toString(36)}.part`;
  try {
    writeFileSync(temp, bytes);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}

/** The report written into the exports folder, named after the case title made safe
 *  (`<title>-report.pdf`, `<title>-report-8D.docx` …). */
export async function exportReport(
  library: Library,
  request: ReportRequest & { format: ReportFormat },
  deps: ReportDeps,
): Promise<{ fileName: string; path: string; bytes: number }> {
  const title = library.repo.getCase(request.caseId).title;
  const now = deps.now();
  const file = await renderReport(library, request, { ...deps, now: () => now });
  const dir = exportsDir(library.dbPath);
  mkdirSync(dir, { recursive: true });
  const fileName = freeFileName(dir, reportFileName(title, request, file.ext, now));
  const path = join(dir, fileName);
  writeFileAtomic(path, file.bytes);
  return { fileName, path, bytes: file.bytes.byteLength };
}


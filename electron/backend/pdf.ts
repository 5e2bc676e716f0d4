import { accessSync, constants } from 'node:fs';
import { CausewayError } from '../../shared/contract/errors';
import { reportFontFaceCss } from './report-fonts';

/** PDF and PNG through a headless Chromium (Debian's, or CHROMIUM_PATH), for browser mode and the
 *  command line; the desktop app prints with Electron's own Chromium instead (electron/main/print.ts).
 *  Nothing here reaches the network: the page is set from a string, fonts are inlined as data:
 *  URLs, and one Chromium is started per job (no profile or state is kept between jobs). */

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The launch flags the end-to-end tests use: nothing that reaches for the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export interface ChromiumOptions {
  /** Default: CHROMIUM_PATH, else /usr/bin/chromium. */
  executablePath?: string;
  /** For the job once Chromium runs (starting it has a minute of its own). Default 60 s (for a
   *  PDF, more for a long document: see pdfTimeoutMs). */
  timeoutMs?: number;
}

/** The Chromium to use, or null when there is none to run. */
export function findChromium(executablePath = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM): string | null {
  try {
    accessSync(executablePath, constants.X_OK);
    return executablePath;
  } catch {
    return null;
  }
}

/** PDF (and PNG) need a Chromium; without one, this typed error with the reason `pdf_unavailable`,
 *  which the app and the CLI translate (`export.pdf_unavailable`). */
export function pdfUnavailable(detail: string): CausewayError {
  return new CausewayError('internal', `Headless Chromium is not available here (${detail}). Install it (apt-get install chromium) or set CHROMIUM_PATH.`, {
    reason: 'pdf_unavailable',
  });
}

/** The job ran out of time (a report of hundreds of pages on a busy machine): a typed error with
 *  the reason `pdf_timeout`, translated by the app and the CLI, instead of Playwright's stack. */
export function pdfTimeout(timeoutMs: number): CausewayError {
  return new CausewayError('internal', `Chromium did not finish the PDF within ${Math.round(timeoutMs / 1000)} s.`, { reason: 'pdf_timeout' });
}

/** Time allowed to print a document of this many characters: a minute, and 25 s more per million
 *  characters (a case at every text limit, about 12 million, prints in about three minutes on a
 *  busy two-core machine), at most 15 minutes. */
export function pdfTimeoutMs(htmlLength: number): number {
  return Math.min(15 * 60_000, 60_000 + Math.ceil(htmlLength / 1_000_000) * 25_000);
}

type Browser = import('playwright-core').Browser;

async function withBrowser<T>(options: ChromiumOptions, work: (browser: Browser) => Promise<T>): Promise<T> {
  const executablePath = findChromium(options.executablePath);
  if (!executablePath) throw pdfUnavailable(`no executable at ${options.executablePath || process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM}`);
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    throw pdfUnavailable(`playwright-core cannot be loaded: ${(e as Error).message}`);
  }
  const timeout = options.timeoutMs ?? 60_000;
  let browser: Browser;
  try {
    // Starting Chromium has its own minute: the job's time (which grows with the document) starts after.
    browser = await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS], timeout: Math.max(timeout, 60_000) });
  } catch (e) {
    throw pdfUnavailable(`Chromium did not start: ${(e as Error).message.split('\n')[0]}`);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(pdfTimeout(timeout)), timeout);
  });
  try {
    return await Promise.race([
      work(browser).catch((e: unknown) => {
        // Playwright's own time limits (setContent) say the same thing in its words.
        throw e instanceof Error && e.name === 'TimeoutError' ? pdfTimeout(timeout) : e;
      }),
      expired,
    ]);
  } finally {
    clearTimeout(timer);
    // Not awaited: the bytes are ready, and shutting Chromium down takes a further ~150 ms.
    void browser.close().catch(() => undefined);
  }
}

export interface PdfOptions extends ChromiumOptions {
  /** Default A4. */
  format?: 'A4' | 'Letter';
}

/** A self-contained HTML document (fonts inlined, see reportFontFaceCss) as PDF bytes. Meant for
 *  the report's HTML, which escapes every user text and carries a CSP that lets nothing load or
 *  run; scripts are off as well. (Intercepting requests on top of that cost ~400 ms a PDF.) */
export async function htmlToPdf(html: string, options: PdfOptions = {}): Promise<Uint8Array> {
  const timeoutMs = options.timeoutMs ?? pdfTimeoutMs(html.length);
  return withBrowser({ ...options, timeoutMs }, async (browser) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
      await page.evaluate('document.fonts.ready.then(() => undefined)');
      const pdf = await page.pdf({ format: options.format ?? 'A4', printBackground: true, preferCSSPageSize: true });
      return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    } finally {
      await context.close().catch(() => undefined);
    }
  });
}

export interface PngOptions extends ChromiumOptions {
  /** Device pixels per SVG unit. Default 2. */
  scale?: number;
}

/** Chromium refuses bigger screenshots; memory is the tighter bound for huge diagrams. */
const MAX_SIDE = 16_384;
const MAX_PIXELS = 64_000_000;

/** The scale actually used for a drawing of this size: `wanted`, reduced so the image stays within
 *  what Chromium can capture. */
export function fittedScale(width: number, height: number, wanted = 2): number {
  const fits = Math.min(MAX_SIDE / Math.max(1, width), MAX_SIDE / Math.max(1, height), Math.sqrt(MAX_PIXELS / Math.max(1, width * height)));
  return Math.max(0.1, Math.min(wanted, fits));
}

/** A standalone SVG drawing (width × height units) as a PNG, drawn by Chromium with the bundled
 *  CJK font, so Chinese labels render on any machine. */
export async function svgToPng(svg: string, width: number, height: number, options: PngOptions = {}): Promise<Uint8Array> {
  const [png] = await svgsToPng([{ svg, width, height }], options);
  return png!;
}

/** Several drawings as PNGs with one Chromium (a DOCX's diagrams): one launch, not one each. */
export async function svgsToPng(drawings: ReadonlyArray<{ svg: string; width: number; height: number }>, options: PngOptions = {}): Promise<Uint8Array[]> {
  if (drawings.length === 0) return [];
  return withBrowser(options, async (browser) => {
    const out: Uint8Array[] = [];
    for (const { svg, width, height } of drawings) {
      const w = Math.max(1, Math.ceil(width));
      const h = Math.max(1, Math.ceil(height));
      const scale = fittedScale(w, h, options.scale ?? 2);
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: w, height: h }, deviceScaleFactor: scale });
      try {
        const page = await context.newPage();
        const html = `<!doctype html><html><head><meta charset="utf-8"><style>${reportFontFaceCss(svg)}
html,body{margin:0;padding:0;background:transparent}svg{display:block}</style></head><body>${svg}</body></html>`;
        await page.setContent(html, { waitUntil: 'load', timeout: options.timeoutMs ?? 60_000 });
        await page.evaluate('document.fonts.ready.then(() => undefined)');
        const png = await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: w, height: h }, omitBackground: true });
        out.push(new Uint8Array(png.buffer, png.byteOffset, png.byteLength));
      } finally {
        await context.close().catch(() => undefined);
      }
    }
    return out;
  });
}

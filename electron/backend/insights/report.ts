import { mkdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { InsightsQuery } from '../../../shared/domain/insights';
import { exportFileName } from '../../../shared/exchange/file-name';
import { renderChartSvg } from '../../../shared/insights/echarts-svg';
import { insightsReportHtml } from '../../../shared/insights/report-html';
import type { Library } from '../library';
import { htmlToPdf } from '../pdf';
import { exportsDir, freeFileName, localTimeZone, NAME_RESERVE_BYTES, writeFileAtomic, type ReportDeps } from '../report-export';
import { reportFontFaceCss } from '../report-fonts';

/** The insights report of a period: the figures of insights:get as one HTML page with the charts
 *  drawn as SVG on the server, or that page printed to PDF (as case reports are, see
 *  report-export.ts), written into the exports folder. */

export interface InsightsReportRequest extends InsightsQuery {
  format: 'html' | 'pdf';
  timeZone?: string;
}

/** The report's HTML; `print` inlines the bundled CJK font so Chinese prints anywhere. */
export function insightsReportDocument(library: Library, request: InsightsReportRequest, now: Date, print: boolean): string {
  const { format: _format, timeZone, ...query } = request;
  const insights = library.insights.get(query);
  // The needs of the same cases (kano:chart takes the library's filters, without the language).
  const { language: _language, ...filters } = query;
  const kano = library.kano.chart(filters);
  const options = { language: query.language, timeZone: timeZone ?? localTimeZone(), generatedAt: now.toISOString(), renderSvg: renderChartSvg, kano };
  const html = insightsReportHtml(insights, query, options);
  // Every character the page shows is in the HTML: the font is cut down to those.
  return print ? insightsReportHtml(insights, query, { ...options, fontFaceCss: reportFontFaceCss(html) }) : html;
}

/** `<library>-insights-<language>-<date>.<ext>`: named like case reports, with the library's file
 *  name in place of the case title and the date in the report's zone (`client-a-insights-zh-CN-2026-12-07.pdf`). */
export function insightsReportFileName(dbPath: string, request: Pick<InsightsReportRequest, 'language' | 'timeZone' | 'format'>, now: Date): string {
  const date = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: request.timeZone ?? localTimeZone() }).format(now);
  return exportFileName(basename(dbPath, extname(dbPath)), `insights-${request.language}-${date}`, request.format, NAME_RESERVE_BYTES);
}

export async function exportInsightsReport(library: Library, request: InsightsReportRequest, deps: ReportDeps): Promise<{ fileName: string; path: string; bytes: number }> {
  const now = deps.now();
  const html = insightsReportDocument(library, request, now, request.format === 'pdf');
  const bytes = request.format === 'html' ? new TextEncoder().encode(html) : deps.printPdf ? await deps.printPdf(html) : await htmlToPdf(html);
  const dir = exportsDir(library.dbPath);
  mkdirSync(dir, { recursive: true });
  const fileName = freeFileName(dir, insightsReportFileName(library.dbPath, request, now));
  const path = join(dir, fileName);
  writeFileAtomic(path, bytes);
  return { fileName, path, bytes: bytes.byteLength };
}

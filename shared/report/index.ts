/** The lessons-learned report: a case snapshot becomes a neutral document tree (`buildReport`),
 *  which the renderers write as Markdown or self-contained HTML (and, elsewhere, PDF and DOCX).
 *  Pure: no I/O, no DOM, no clock — the caller passes the generation time. */
import { buildReportDoc, type BuildReportOptions } from './model';
import type { ReportDoc } from './doc';
import type { CaseSnapshot } from './snapshot';

export type { BuildReportOptions } from './model';
export * from './doc';
export * from './snapshot';
export { reportMarkdown, escapeLine as escapeMarkdown } from './markdown';
export { reportHtml, REPORT_CSP, type ReportHtmlOptions } from './html';
export { neutralizeFormula, cleanText, oneLine, paragraphs } from './text';
export { createFormatter, type Formatter } from './format';

/** The report of one case as a document tree, in `options.language` (independent of the UI
 *  language), arranged as the five steps, 8D or A3. Deterministic. */
export function buildReport(snapshot: CaseSnapshot, options: BuildReportOptions): ReportDoc {
  return buildReportDoc(snapshot, options);
}

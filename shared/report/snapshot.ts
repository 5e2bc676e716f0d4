import type { CaseRecord, TimelineEvent } from '../domain/case';
import type { Fishbone } from '../domain/fishbone';
import type { CasePlan } from '../domain/plan';
import type { StoredRetroSession } from '../domain/retro';
import type { RootCauseLink } from '../domain/root-causes';
import type { WhyAnalysis } from '../domain/whys';

/** Everything the lessons-learned report is made from: one case as it stands, read in one go by
 *  the caller (the report code never reads anything itself). */
export interface CaseSnapshot {
  case: CaseRecord;
  timeline: TimelineEvent[];
  fishbone: Fishbone;
  analyses: WhyAnalysis[];
  plan: CasePlan;
  /** What the team said about which root causes are one; none when absent. */
  rootCauseLinks?: RootCauseLink[];
  /** The team sessions kept with the case (shown in step 2 when one closed); none when absent. */
  retroSessions?: StoredRetroSession[];
}

/** The structures a report can follow: the product's five handling steps, 8D (D1–D8) or A3. The
 *  data is the same in every one; only its arrangement differs. */
export const REPORT_LAYOUTS = ['steps', '8d', 'a3'] as const;
export type ReportLayout = (typeof REPORT_LAYOUTS)[number];

/** The files a report can be saved as. md and html are made here; pdf and docx are built on the
 *  same document tree elsewhere. */
export const REPORT_FORMATS = ['md', 'html', 'pdf', 'docx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const isReportLayout = (value: unknown): value is ReportLayout => typeof value === 'string' && (REPORT_LAYOUTS as readonly string[]).includes(value);
export const isReportFormat = (value: unknown): value is ReportFormat => typeof value === 'string' && (REPORT_FORMATS as readonly string[]).includes(value);

import { z } from 'zod';
import { Id } from './case';
import { count, depth, locate, walk } from './tree';
import { LIMITS, WHY_STATUSES, WHY_STOP_REASONS } from './vocabulary';

/** 5 Whys (5个为什么), as trees: an analysis asks why about the problem or about one fishbone
 *  cause; each why is an answer ("because …"), and any answer can have several answers of its
 *  own (branches), as deep as the facts go. A stopping point may be marked a root cause, with
 *  the reason to stop there. */

export const WhyStatus = z.enum(WHY_STATUSES);
export type WhyStatus = z.infer<typeof WhyStatus>;
export const StopReason = z.enum(WHY_STOP_REASONS);
export type StopReason = z.infer<typeof StopReason>;
export const DIRECTIONS = ['LR', 'TB'] as const;
export const Direction = z.enum(DIRECTIONS);
export type Direction = z.infer<typeof Direction>;

export const whyAnswer = z.string().trim().min(1, { error: 'required' }).max(LIMITS.causeText, { error: 'too_long' });

export const WhyFields = z.object({
  answer: whyAnswer,
  evidence: z.string().max(LIMITS.longText, { error: 'too_long' }),
  status: WhyStatus,
  isRootCause: z.boolean(),
  /** Why the chain stops here; set with the root-cause flag (a cause we can control and fix, one
   *  outside our control, or more data needed). */
  stopReason: StopReason.nullable(),
  /** The reason to stop, in the team's words, beside its category. */
  stopNote: z.string().max(LIMITS.shortText, { error: 'too_long' }),
  collapsed: z.boolean(),
});
export type WhyFields = z.infer<typeof WhyFields>;

export interface Why extends WhyFields {
  id: string;
  children: Why[];
}

// Strict at every level: an unknown field deep in a tree is refused, not silently dropped.
export const Why: z.ZodType<Why> = WhyFields.extend({
  id: Id,
  get children() {
    return z.array(Why).max(LIMITS.whys);
  },
}).strict();

export const WhyAnalysis = z.object({
  id: Id,
  /** The fishbone cause it asks about; null asks about the problem statement. */
  startCauseId: Id.nullable(),
  /** The question as the team wrote it; empty shows the cause's or the problem's text. */
  question: z.string().max(LIMITS.shortText, { error: 'too_long' }),
  direction: Direction,
  whys: z.array(Why).max(LIMITS.whys),
}).strict();
export type WhyAnalysis = z.infer<typeof WhyAnalysis>;

export const WhyAnalyses = z.array(WhyAnalysis).max(LIMITS.whyAnalyses);
export type WhyAnalyses = z.infer<typeof WhyAnalyses>;

export const defaultWhyFields = (answer: string): WhyFields => ({
  answer,
  evidence: '',
  status: 'hypothesis',
  isRootCause: false,
  stopReason: null,
  stopNote: '',
  collapsed: false,
});

export function newAnalysis(id: string, startCauseId: string | null = null): WhyAnalysis {
  // Top to bottom: a chain of five or more whys reads well in a canvas that is wider than tall only this way.
  return { id, startCauseId, question: '', direction: 'TB', whys: [] };
}

export interface WhyLocation {
  analysis: WhyAnalysis;
  why: Why;
  parent: Why | null;
  siblings: Why[];
  index: number;
  depth: number;
}

export function findWhy(analyses: readonly WhyAnalysis[], id: string): WhyLocation | null {
  for (const analysis of analyses) {
    const found = locate(analysis.whys, id);
    if (found) return { analysis, why: found.node, parent: found.parent, siblings: found.siblings, index: found.index, depth: found.depth };
  }
  return null;
}

export const countWhys = (list: readonly Why[]) => count(list);
export const whyDepth = (list: readonly Why[]) => depth(list);

/** Root causes found with 5 Whys, in reading order, with how many whys deep each was found. */
export function whyRootCauses(analyses: readonly WhyAnalysis[]): Array<{ analysis: WhyAnalysis; why: Why; depth: number }> {
  const out: Array<{ analysis: WhyAnalysis; why: Why; depth: number }> = [];
  for (const analysis of analyses) walk(analysis.whys, (why, d) => why.isRootCause && out.push({ analysis, why, depth: d }));
  return out;
}

/** The question at the root of the tree, as shown. */
export function questionText(analysis: WhyAnalysis, causeText: (id: string) => string | null, problem: string): string {
  if (analysis.question.trim()) return analysis.question;
  const fromCause = analysis.startCauseId ? causeText(analysis.startCauseId) : null;
  if (fromCause) return fromCause;
  return problem.split(/\r?\n/).find((l) => l.trim())?.trim() ?? '';
}

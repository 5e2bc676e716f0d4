import { z } from 'zod';
import { CaseStatus, Id, Instant, MotFailure, ScenarioType, Severity, Step, Touchpoint } from './case';
import { Lesson, Improvement } from './plan';
import { LIMITS } from './vocabulary';

/** Search across the library ("find it again"): every word of every case, similar past cases, and
 *  the lessons of all cases in one list. The schemas of the API; the index lives in the backend
 *  (electron/backend/search/). */

/** The part of a case a hit is in: where a click leads back to. */
export const SEARCH_PARTS = [
  'title',
  'problem',
  'customerExperience',
  'customerImpact',
  'summary',
  'notes',
  'tags',
  'department',
  'location',
  'timeline',
  'cause',
  'why',
  'action',
  'progress',
  'check',
  'feedback',
  'lesson',
  'improvement',
  'need',
] as const;
export const SearchPart = z.enum(SEARCH_PARTS);
export type SearchPart = z.infer<typeof SearchPart>;

/** Filters shared by search, the lessons library and (later) insights. Every field is optional;
 *  a tag matches case-insensitively. */
export const LibraryFilters = z.object({
  from: Instant.optional(),
  to: Instant.optional(),
  department: z.string().trim().min(1).max(LIMITS.shortText, { error: 'too_long' }).optional(),
  touchpoint: Touchpoint.optional(),
  severity: Severity.optional(),
  scenarioType: ScenarioType.optional(),
  motFailure: MotFailure.optional(),
  step: Step.optional(),
  status: CaseStatus.optional(),
  tag: z.string().trim().min(1).max(LIMITS.tag, { error: 'too_long' }).optional(),
});
export type LibraryFilters = z.infer<typeof LibraryFilters>;

export const SearchQuery = LibraryFilters.extend({
  /** Words as typed: several words are ANDed, each matches as a prefix; FTS syntax is plain text. */
  q: z.string().max(LIMITS.shortText, { error: 'too_long' }),
  sort: z.enum(['relevance', 'date']).default('relevance'),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(100).default(20),
});
export type SearchQuery = z.input<typeof SearchQuery>;

/** A snippet of the matched text: plain runs and highlighted runs (never HTML). */
export const Snippet = z.array(z.object({ text: z.string(), hit: z.boolean() }));
export type Snippet = z.infer<typeof Snippet>;

export const SearchHit = z.object({
  caseId: Id,
  caseTitle: z.string(),
  part: SearchPart,
  /** The id of the matched item (a cause, a why, an action, a lesson...), null for a case field. */
  itemId: Id.nullable(),
  /** For a why: its analysis, so the hit can open that analysis. */
  analysisId: Id.nullable(),
  /** For a progress note or an effectiveness check: the action it belongs to. */
  actionId: Id.optional(),
  snippet: Snippet,
  step: Step,
  status: CaseStatus,
  severity: Severity,
  updatedAt: Instant,
  occurredAt: Instant.nullable(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchResult = z.object({
  hits: z.array(SearchHit),
  /** Matching hits in all (for paging). */
  total: z.number().int().nonnegative(),
  /** Distinct cases among all matching hits. */
  cases: z.number().int().nonnegative(),
  /** Set while the index is being built (after an upgrade): the hits are from the cases indexed so far. */
  indexing: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).optional(),
});
export type SearchResult = z.infer<typeof SearchResult>;

/** Why a past case is offered as similar: shared key terms, or shared fields. */
export const SimilarReason = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('terms'), terms: z.array(z.string()).max(10) }),
  z.object({ kind: z.literal('scenarioType'), value: ScenarioType }),
  z.object({ kind: z.literal('motFailure'), value: MotFailure }),
  z.object({ kind: z.literal('touchpoint'), value: z.string() }),
  z.object({ kind: z.literal('categories'), labels: z.array(z.string()).max(10) }),
  z.object({ kind: z.literal('verifiedEffective'), actions: z.number().int().positive() }),
]);
export type SimilarReason = z.infer<typeof SimilarReason>;

/** What a similar case offers to look at or copy into this case. */
export const SimilarCase = z.object({
  caseId: Id,
  title: z.string(),
  score: z.number(),
  step: Step,
  status: CaseStatus,
  updatedAt: Instant,
  reasons: z.array(SimilarReason),
  /** `analysisId`: the 5-Whys analysis a root found there belongs to (null for a fishbone root). */
  rootCauses: z.array(z.object({ key: z.string(), text: z.string(), evidence: z.string(), analysisId: Id.nullable().optional() })),
  actions: z.array(z.object({ id: Id, title: z.string(), kind: z.string(), verifiedEffective: z.boolean() })),
  lessons: z.array(Lesson),
});
export type SimilarCase = z.infer<typeof SimilarCase>;

export const LessonsQuery = LibraryFilters.extend({
  kind: z.enum(['went_well', 'went_wrong', 'got_lucky', 'improvement']).optional(),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(200).default(50),
});
export type LessonsQuery = z.input<typeof LessonsQuery>;

export const LessonEntry = z.object({
  caseId: Id,
  caseTitle: z.string(),
  caseUpdatedAt: Instant,
  lesson: Lesson.nullable(),
  improvement: Improvement.nullable(),
});
export type LessonEntry = z.infer<typeof LessonEntry>;

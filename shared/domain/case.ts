import { z } from 'zod';
import { Language } from '../i18n/languages';
import {
  CASE_STATUSES,
  LIMITS,
  MOT_FAILURES,
  SCENARIO_TYPES,
  SEVERITIES,
  STEPS,
  TIMELINE_KINDS,
  TOUCHPOINTS,
} from './vocabulary';

export const Id = z.uuid();
export type Id = z.infer<typeof Id>;

/** ISO-8601 instant with offset, e.g. 2026-03-05T08:30:00.000Z */
export const Instant = z.iso.datetime({ offset: true });

const shortText = z.string().max(LIMITS.shortText, { error: 'too_long' });
const longText = z.string().max(LIMITS.longText, { error: 'too_long' });
const tag = z.string().trim().min(1).max(LIMITS.tag, { error: 'too_long' });

export const Step = z.enum(STEPS);
export const CaseStatus = z.enum(CASE_STATUSES);
export const Severity = z.enum(SEVERITIES);
export const ScenarioType = z.enum(SCENARIO_TYPES);
export const MotFailure = z.enum(MOT_FAILURES);
/** A touchpoint of the fixed journeys, or one of the organisation's own (a real case's "WeChat
 *  mini-program booking" is on no generic journey), kept as typed. */
export const Touchpoint = z.union([z.enum(TOUCHPOINTS), z.string().trim().min(1, { error: 'required' }).max(LIMITS.tag, { error: 'too_long' })]);
export const TimelineKind = z.enum(TIMELINE_KINDS);

/** The editable fields of a case; every one is optional in a patch. */
export const CaseFields = z.object({
  title: shortText.trim().min(1, { error: 'required' }),
  problem: longText,
  customerExperience: longText,
  customerImpact: longText,
  occurredAt: Instant.nullable(),
  detectedAt: Instant.nullable(),
  resolvedAt: Instant.nullable(),
  location: shortText,
  department: shortText,
  severity: Severity,
  scenarioType: ScenarioType,
  motFailure: MotFailure,
  touchpoint: Touchpoint.nullable(),
  reporter: shortText,
  facilitator: shortText,
  participants: z.array(shortText).max(LIMITS.participants),
  tags: z.array(tag).max(LIMITS.tags),
  step: Step,
  status: CaseStatus,
  /** Step 5's summary (总结) of the whole case. */
  summary: longText,
  /** When to look at the case again (a follow-up visit, a re-check of the actions' effect). */
  followUpAt: Instant.nullable(),
  /** Why the case was closed while some actions were still open or unverified. */
  closeReason: shortText,
  /** The organisation's own number for the case (a ticket or incident id). */
  reference: shortText,
  /** Anything the team wants to keep with the case that has no field of its own. */
  notes: longText,
});
export type CaseFields = z.infer<typeof CaseFields>;

export const CasePatch = CaseFields.partial();
export type CasePatch = z.infer<typeof CasePatch>;

export const CaseRecord = CaseFields.extend({
  id: Id,
  revision: z.number().int().nonnegative(),
  createdAt: Instant,
  updatedAt: Instant,
  deletedAt: Instant.nullable(),
  /** The template the case was started from: its prompts are shown as guidance beside the empty
   *  fields, never stored as their text. */
  templateId: z.string().nullable(),
});
export type CaseRecord = z.infer<typeof CaseRecord>;

export const TimelineEventFields = z.object({
  at: Instant.nullable(),
  description: longText,
  kind: TimelineKind,
});
export type TimelineEventFields = z.infer<typeof TimelineEventFields>;

export const TimelineEvent = TimelineEventFields.extend({
  id: Id,
  caseId: Id,
  position: z.number().int().nonnegative(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;

export const CaseDetail = z.object({
  case: CaseRecord,
  timeline: z.array(TimelineEvent),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

/** What the library list shows: no long texts, so a page stays small. */
export const CaseSummary = z.object({
  id: Id,
  title: z.string(),
  step: Step,
  status: CaseStatus,
  severity: Severity,
  scenarioType: ScenarioType,
  motFailure: MotFailure,
  department: z.string(),
  occurredAt: Instant.nullable(),
  updatedAt: Instant,
  deletedAt: Instant.nullable(),
  tags: z.array(z.string()),
  /** Open actions (planned or in progress) whose due date has passed. */
  overdueActions: z.number().int().nonnegative(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CASE_SORTS = ['updated_desc', 'updated_asc', 'title_asc', 'occurred_desc', 'severity_desc'] as const;
export const CaseSort = z.enum(CASE_SORTS);
export type CaseSort = z.infer<typeof CaseSort>;

export const CaseQuery = z.object({
  search: z.string().max(LIMITS.shortText).default(''),
  step: Step.optional(),
  status: CaseStatus.optional(),
  severity: Severity.optional(),
  scenarioType: ScenarioType.optional(),
  tag: tag.optional(),
  sort: CaseSort.default('updated_desc'),
  /** The reader's language: "Title A-Z" sorts as that language does (pinyin for zh-CN). */
  language: Language.optional(),
  trashed: z.boolean().default(false),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(LIMITS.pageSize).default(50),
});
export type CaseQuery = z.input<typeof CaseQuery>;

export const CasePage = z.object({
  items: z.array(CaseSummary),
  total: z.number().int().nonnegative(),
  /** Counts of the matching (non-trashed) cases per step, ignoring the step filter itself. */
  countsByStep: z.record(Step, z.number().int().nonnegative()),
  trashCount: z.number().int().nonnegative(),
});
export type CasePage = z.infer<typeof CasePage>;

export const defaultCaseFields = (title: string): CaseFields => ({
  title,
  problem: '',
  customerExperience: '',
  customerImpact: '',
  occurredAt: null,
  detectedAt: null,
  resolvedAt: null,
  location: '',
  department: '',
  severity: 'medium',
  scenarioType: 'other',
  motFailure: 'other',
  touchpoint: null,
  reporter: '',
  facilitator: '',
  participants: [],
  tags: [],
  step: 'identify',
  status: 'open',
  summary: '',
  followUpAt: null,
  closeReason: '',
  reference: '',
  notes: '',
});

import { z } from 'zod';
import { Language } from '../i18n/languages';
import { Id, Instant, MotFailure, ScenarioType, Severity, Step, Touchpoint } from './case';
import { LibraryFilters } from './search';
import { JOURNEY_IDS } from '../insights/journeys';
import { ACTION_KINDS, LIMITS, SEVERITIES } from './vocabulary';

/** Patterns across cases ("insights"): the figures of the whole library, or of the cases the shared
 *  filters of search select, in one answer for the insights screen, the insights report and the
 *  command line. The schemas of the API; the figures are made in electron/backend/insights/. */

/** The shared set of cause themes every fishbone category maps onto (resources/insights/cause-themes.json):
 *  人机料法环测 and the moment-of-truth causes 授权, 培训, 沟通, 流程, 环境, 产品; `other` when nothing fits. */
export const CAUSE_THEMES = [
  'people',
  'machine',
  'material',
  'method',
  'environment',
  'measurement',
  'authority',
  'training',
  'communication',
  'process',
  'product',
  'other',
] as const;
export const CauseTheme = z.enum(CAUSE_THEMES);
export type CauseTheme = z.infer<typeof CauseTheme>;

/** What a Pareto can be drawn by. `theme` and `servqual` count distinct root causes (a case with
 *  three root causes in "training" counts three); the case attributes count cases. */
export const PARETO_DIMENSIONS = ['theme', 'servqual', 'motFailure', 'scenarioType', 'department'] as const;
export const ParetoDimension = z.enum(PARETO_DIMENSIONS);
export type ParetoDimension = z.infer<typeof ParetoDimension>;

/** The filters of search and the lessons library, plus the language labels that are data (theme
 *  names, journey touchpoints) come back in. */
export const InsightsQuery = LibraryFilters.extend({ language: Language });
export type InsightsQuery = z.infer<typeof InsightsQuery>;

const count = z.number().int().nonnegative();
const share = z.number().min(0).max(1);

export const ParetoBar = z.object({
  key: z.string(),
  /** Present where the label is data (a theme's name in the query's language); the screen
   *  translates the other keys from its catalogs (`enum.servqual`, `enum.motFailure`...). A
   *  department is its own label. */
  label: z.string().optional(),
  count,
  /** This bar's part of the total. */
  share,
  /** The running share up to and including this bar. */
  cumulativeShare: share,
});
export type ParetoBar = z.infer<typeof ParetoBar>;

export const Pareto = z.object({
  dimension: ParetoDimension,
  /** What a bar counts. */
  unit: z.enum(['rootCauses', 'cases']),
  total: count,
  /** Most first; equal counts by key, so the order is stable. */
  bars: z.array(ParetoBar),
  /** How many bars from the left it takes to reach 80% of the total (the "vital few"): the bar at
   *  index cut - 1 is the first whose cumulative share is >= 0.8. 0 when there are no bars. */
  cut: count,
});
export type Pareto = z.infer<typeof Pareto>;

export const CaseRef = z.object({ id: Id, title: z.string(), occurredAt: Instant.nullable() });
export type CaseRef = z.infer<typeof CaseRef>;

/** PagerDuty's labels of how often something happens in the period: in >= 20% of the period's cases
 *  (frequent), in <= 5% (rare); `new` when it was not seen in the window of the same length just
 *  before the period (only known when the period has a start). */
export const FREQUENCY_LABELS = ['frequent', 'rare', 'new'] as const;
export const FrequencyLabel = z.enum(FREQUENCY_LABELS);
export type FrequencyLabel = z.infer<typeof FrequencyLabel>;
export const FREQUENT_SHARE = 0.2;
export const RARE_SHARE = 0.05;

/** How many cases a recurring theme names in the insights answer; caseCount counts them all. */
export const RECURRENCE_CASES = 3;

/** One root cause that came back: the same cause theme and (nearly) the same words in several cases. */
export const RecurrenceTheme = z.object({
  /** The key of its first root cause (`fishbone:<id>` / `whys:<id>`): what a drill names. */
  id: z.string(),
  theme: CauseTheme,
  themeLabel: z.string(),
  /** The words of its earliest root cause. */
  text: z.string(),
  /** The newest of the cases it was found in (at most RECURRENCE_CASES), newest first: enough to
   *  name it; the full list is insights:drill with dimension `recurrence` (10,000 cases would make
   *  the answer megabytes). */
  cases: z.array(CaseRef),
  /** How many cases it was found in. */
  caseCount: count,
  /** It came back after an action on it was verified effective: the fix did not hold. */
  heldNot: z.boolean(),
  /** Where the action was verified effective, and where it came back after that. */
  verifiedIn: z.object({ case: CaseRef, checkedAt: Instant }).nullable(),
  recurredIn: CaseRef.nullable(),
  labels: z.array(FrequencyLabel),
});
export type RecurrenceTheme = z.infer<typeof RecurrenceTheme>;

/** How often each cause theme turns up in the period's cases. */
export const ThemeFrequency = z.object({ theme: CauseTheme, label: z.string(), cases: count, share, labels: z.array(FrequencyLabel) });
export type ThemeFrequency = z.infer<typeof ThemeFrequency>;

/** A calendar month, UTC: 2026-03. */
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'invalid_format' });

export const DurationStats = z.object({
  month: Month,
  /** Cases with both ends known. */
  n: count,
  /** Hours; null when n is 0. */
  median: z.number().nonnegative().nullable(),
  p90: z.number().nonnegative().nullable(),
});
export type DurationStats = z.infer<typeof DurationStats>;

export const OverdueAction = z.object({
  actionId: Id,
  title: z.string(),
  owner: z.string(),
  kind: z.enum(ACTION_KINDS),
  dueAt: Instant,
  daysOverdue: count,
  case: CaseRef,
});
export type OverdueAction = z.infer<typeof OverdueAction>;

export const Trends = z.object({
  /** Every month from the first case to the last (empty months included), with the cases by severity. */
  casesPerMonth: z.array(z.object({ month: Month, total: count, bySeverity: z.record(z.enum(SEVERITIES), count) })),
  /** occurred -> detected */
  timeToDetect: z.array(DurationStats),
  /** occurred -> resolved */
  timeToResolve: z.array(DurationStats),
  /** Actions not cancelled, by kind: how many, and how many have "effective" as their latest check. */
  verifiedEffective: z.array(z.object({ kind: z.enum(ACTION_KINDS), actions: count, effective: count, share })),
  /** Open actions (not done, verified or cancelled) past their due date, most overdue first. */
  overdue: z.object({ count, top: z.array(OverdueAction) }),
});
export type Trends = z.infer<typeof Trends>;

export const Ranked = z.object({ key: z.string(), label: z.string().optional(), count });
export const JourneyCell = z.object({
  /** A fixed touchpoint key, or one of the organisation's own as typed. */
  touchpoint: z.string(),
  /** Cases at it: the case's own touchpoint, or that of one of its causes. */
  cases: count,
  heat: z.object({
    /** Severity-weighted cases (low 1, medium 2, high 3, critical 4) relative to the hottest
     *  touchpoint of the answer: 1 there, 0 with no case. */
    score: share,
    worst: Severity.nullable(),
  }),
  topThemes: z.array(Ranked),
  topServqual: z.array(Ranked),
  /** The score the team gave how customers feel here, -3..3; null when nobody set one. */
  emotion: z.number().int().min(-3).max(3).nullable(),
});
export type JourneyCell = z.infer<typeof JourneyCell>;

export const Insights = z.object({
  pareto: z.object({ theme: Pareto, servqual: Pareto, motFailure: Pareto, scenarioType: Pareto, department: Pareto }),
  recurrence: z.object({
    /** Themes found in two or more cases, most cases first. */
    themes: z.array(RecurrenceTheme),
    frequencies: z.array(ThemeFrequency),
  }),
  trends: Trends,
  journey: z.object({
    /** Every fixed touchpoint, then the organisation's own in use, with their figures. */
    cells: z.array(JourneyCell),
    ownTouchpoints: z.array(z.string()),
    /** Scores set for one journey only (those of every journey are on the cells). */
    emotions: z.array(z.object({ journey: z.string(), touchpoint: z.string(), score: z.number().int().min(-3).max(3) })),
  }),
  totals: z.object({
    cases: count,
    rootCauses: count,
    actions: count,
    /** The period the figures cover: the filters' dates, else the first and last case's. */
    from: Instant.nullable(),
    to: Instant.nullable(),
  }),
});
export type Insights = z.infer<typeof Insights>;

/** What can be drilled into: a Pareto bar (its dimension), a journey cell (`touchpoint`), a month
 *  of the cases-per-month chart (`month`, optionally one severity of it), a recurrence theme
 *  (`recurrence`, its id). */
export const DRILL_DIMENSIONS = [...PARETO_DIMENSIONS, 'touchpoint', 'month', 'recurrence'] as const;
export const DrillDimension = z.enum(DRILL_DIMENSIONS);
export type DrillDimension = z.infer<typeof DrillDimension>;

export const InsightsDrillQuery = InsightsQuery.extend({
  dimension: DrillDimension,
  key: z.string().trim().min(1, { error: 'required' }).max(LIMITS.shortText, { error: 'too_long' }),
  /** With `month`: only the cases of this severity (one segment of a stacked bar). */
  severity: Severity.optional(),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(LIMITS.pageSize).default(50),
});
export type InsightsDrillQuery = z.input<typeof InsightsDrillQuery>;

export const DrillCase = z.object({
  id: Id,
  title: z.string(),
  severity: Severity,
  step: Step,
  occurredAt: Instant.nullable(),
  department: z.string(),
  scenarioType: ScenarioType,
  motFailure: MotFailure,
});
export type DrillCase = z.infer<typeof DrillCase>;

export const InsightsDrill = z.object({ cases: z.array(DrillCase), total: count });
export type InsightsDrill = z.infer<typeof InsightsDrill>;

export const EmotionScore = z
  .number()
  .int()
  .refine((v) => v >= -3 && v <= 3, { error: 'out_of_range' });
/** Sets (or with null clears) how customers feel at a touchpoint, for one journey or for all. */
export const SetEmotion = z.object({ journey: z.string().refine((j) => JOURNEY_IDS.includes(j), { error: 'invalid_choice' }).optional(), touchpoint: Touchpoint, score: EmotionScore.nullable() });
export type SetEmotion = z.infer<typeof SetEmotion>;

export const INSIGHTS_REPORT_FORMATS = ['html', 'pdf'] as const;


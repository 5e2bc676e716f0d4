/** Closed vocabularies of the domain. Keys are stable identifiers stored in the database;
 *  their labels live in the i18n catalogs (`enum.<name>.<key>`). */

export const STEPS = ['identify', 'analyse', 'design', 'execute', 'improve'] as const;
export type Step = (typeof STEPS)[number];

export const CASE_STATUSES = ['open', 'closed', 'archived'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 疑难场景的类型 */
export const SCENARIO_TYPES = [
  'cross_department',
  'contract_dispute',
  'emergency',
  'requirement_change',
  'other',
] as const;
export type ScenarioType = (typeof SCENARIO_TYPES)[number];

/** 关键时刻失控的表现形式 */
export const MOT_FAILURES = [
  'service_delay',
  'information_asymmetry',
  'staff_attitude',
  'product_quality',
  'other',
] as const;
export type MotFailure = (typeof MOT_FAILURES)[number];

/** 接触点 / 客户旅程: generic service journey first, then the industry journeys of the brief. */
export const TOUCHPOINTS = [
  'inquiry',
  'delivery',
  'after_sales_first_contact',
  'after_sales_resolution',
  'after_sales_follow_up',
  'retail_entering',
  'retail_choosing',
  'retail_checkout',
  'restaurant_seating',
  'restaurant_ordering',
  'restaurant_serving',
  'restaurant_paying',
  'ecommerce_ordering',
  'ecommerce_payment',
  'ecommerce_tracking',
  'other',
] as const;
export type Touchpoint = (typeof TOUCHPOINTS)[number];

/** Whether a stored touchpoint is one of the fixed journeys' (translated) or the organisation's
 *  own, kept as typed. */
export const isFixedTouchpoint = (value: string): value is Touchpoint => (TOUCHPOINTS as readonly string[]).includes(value);

/** A touchpoint as shown: the fixed ones in the reader's language, the organisation's own as typed. */
export const touchpointText = (value: string, labels: Readonly<Record<Touchpoint, string>>): string => (isFixedTouchpoint(value) ? labels[value] : value);

export const TIMELINE_KINDS = [
  'occurred',
  'detected',
  'escalated',
  'communication',
  'action',
  'resolved',
  'other',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const CAUSE_STATUSES = ['hypothesis', 'investigating', 'confirmed', 'ruled_out'] as const;
export const WHY_STATUSES = ['hypothesis', 'verified', 'ruled_out'] as const;
export const WHY_STOP_REASONS = ['controllable', 'outside_control', 'needs_data'] as const;
export const SERVQUAL_DIMENSIONS = ['reliability', 'responsiveness', 'assurance', 'empathy', 'tangibles'] as const;
export const ACTION_KINDS = ['containment', 'corrective', 'preventive', 'improvement'] as const;
/** 'blocked': started, but waiting on something outside the team (another department, a vendor). */
export const ACTION_STATUSES = ['planned', 'in_progress', 'blocked', 'done', 'verified', 'cancelled'] as const;
export const LEVELS = ['low', 'medium', 'high'] as const;
export const EFFECTIVENESS = ['effective', 'partly', 'not_effective'] as const;
export const LESSON_KINDS = ['went_well', 'went_wrong', 'got_lucky'] as const;
export const IMPROVEMENT_AREAS = ['process', 'training', 'authorisation', 'communication', 'technology', 'monitoring'] as const;

/** Limits enforced at the API boundary. Long texts hold a whole report's worth of prose. */
export const LIMITS = {
  shortText: 500,
  longText: 100_000,
  tags: 50,
  tag: 60,
  participants: 100,
  pageSize: 200,
  timelineEvents: 5_000,
  /** A cause is a sentence or two; pasted paragraphs are kept whole and clipped on the diagram. */
  causeText: 10_000,
  fishboneCauses: 5_000,
  fishboneCategories: 30,
  /** Deeper trees are not analysis any more; the limit also bounds recursion on untrusted input. */
  fishboneDepth: 30,
  whys: 5_000,
  whyAnalyses: 200,
  whyDepth: 50,
  planItems: 1_000,
} as const;

import { SCENARIO_TYPES, SEVERITIES, type ScenarioType, type Severity } from '../../../shared/domain/vocabulary';
import type { LibraryFilters } from '../../../shared/domain/search';
import { dayEnd, dayStart } from '../components/search/date-range';

/** What the insights screen shows, as its address says it (`#/insights?from=…&severity=…`): the
 *  filters, the Pareto's dimension, the journey shown and the cases drilled into. Kept in the
 *  address so Back steps through filter changes and leaves a drill-down, and a reload returns to
 *  the same figures. Unknown or malformed parameters are dropped, never guessed at. */
export interface InsightsView {
  /** Calendar days (local), YYYY-MM-DD; typed and shown in the app's language (DayInput). */
  from?: string;
  to?: string;
  department?: string;
  touchpoint?: string;
  severity?: Severity;
  scenarioType?: ScenarioType;
  tag?: string;
  /** The Pareto's dimension (a key of the contract's dimensions; checked by the screen). */
  by?: string;
  /** The journey shown in the customer journey view. */
  journey?: string;
  /** The drill-down open: the request for its cases and a title for it, as JSON. */
  drill?: { input: unknown; title: string };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TEXT_MAX = 200;

function text(value: string | null): string | undefined {
  const v = value?.trim();
  return v ? v.slice(0, TEXT_MAX) : undefined;
}

function oneOf<T extends string>(value: string | null, options: readonly T[]): T | undefined {
  return value !== null && (options as readonly string[]).includes(value) ? (value as T) : undefined;
}

function parseDrill(value: string | null): InsightsView['drill'] {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(value) as { input?: unknown; title?: unknown } | null;
    if (parsed && typeof parsed === 'object' && parsed.input && typeof parsed.title === 'string') return { input: parsed.input, title: parsed.title.slice(0, TEXT_MAX) };
  } catch {
    // A mangled address opens the figures without a drill-down.
  }
  return undefined;
}

export function parseInsightsView(query: string | undefined): InsightsView {
  const p = new URLSearchParams(query ?? '');
  const view: InsightsView = {};
  const from = p.get('from');
  const to = p.get('to');
  if (from && DAY.test(from)) view.from = from;
  if (to && DAY.test(to)) view.to = to;
  const department = text(p.get('department'));
  if (department) view.department = department;
  const touchpoint = text(p.get('touchpoint'));
  if (touchpoint) view.touchpoint = touchpoint;
  const severity = oneOf(p.get('severity'), SEVERITIES);
  if (severity) view.severity = severity;
  const scenarioType = oneOf(p.get('scenarioType'), SCENARIO_TYPES);
  if (scenarioType) view.scenarioType = scenarioType;
  const tag = text(p.get('tag'));
  if (tag) view.tag = tag;
  const by = text(p.get('by'));
  if (by) view.by = by;
  const journey = text(p.get('journey'));
  if (journey) view.journey = journey;
  const drill = parseDrill(p.get('drill'));
  if (drill) view.drill = drill;
  return view;
}

/** The address's query string of a view, in a fixed order (the same view is the same address). */
export function insightsQuery(view: InsightsView): string {
  const p = new URLSearchParams();
  for (const key of ['from', 'to', 'department', 'touchpoint', 'severity', 'scenarioType', 'tag', 'by', 'journey'] as const) {
    const value = view[key];
    if (value) p.set(key, value);
  }
  if (view.drill) p.set('drill', JSON.stringify(view.drill));
  return p.toString();
}

/** Whether the date range runs backwards: shown as an error, and nothing is asked. */
export function badRange(view: InsightsView): boolean {
  return Boolean(view.from && view.to && view.from > view.to);
}

/** The view's filters as the API takes them (the shared LibraryFilters; days made instants). */
export function viewFilters(view: InsightsView): LibraryFilters {
  const filters: LibraryFilters = {};
  const from = view.from ? dayStart(view.from) : undefined;
  const to = view.to ? dayEnd(view.to) : undefined;
  if (from) filters.from = from;
  if (to) filters.to = to;
  if (view.department) filters.department = view.department;
  if (view.touchpoint) filters.touchpoint = view.touchpoint as LibraryFilters['touchpoint'];
  if (view.severity) filters.severity = view.severity;
  if (view.scenarioType) filters.scenarioType = view.scenarioType;
  if (view.tag) filters.tag = view.tag;
  return filters;
}

import { useCallback, useEffect, useRef, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { DrillDimension, Insights, InsightsQuery } from '../../../../shared/domain/insights';
import type { Language } from '../../../../shared/i18n/languages';
import { call } from '../../api/client';
import { describeError } from '../../i18n/errors';
import { badRange, insightsQuery, parseInsightsView, viewFilters, type InsightsView } from '../../state/insights-view';
import { useRoute } from '../../state/route';
import { DrillList } from './DrillList';
import { formatDay, formatNumber } from './format';
import { InsightsFilters } from './InsightsFilters';
import { JourneySection } from './JourneySection';
import { KanoInsightsSection } from './KanoSection';
import { ParetoSection } from './ParetoSection';
import { RecurrenceSection } from './RecurrenceSection';
import { ReportButtons } from './ReportButtons';
import { TrendsSection } from './TrendsSection';

/** What a section is given: the figures, the view (its own settings are part of the address),
 *  and the ways to change the view, open the cases behind a figure and ask the figures again. */
export interface SectionProps {
  data: Insights;
  view: InsightsView;
  query: InsightsQuery;
  setView(patch: Partial<InsightsView>): void;
  drill(target: DrillTarget, title: string): void;
  reload(): void;
}

/** The cases behind a figure, as insights:drill names them (the filters are the view's). */
export interface DrillTarget {
  dimension: DrillDimension;
  key: string;
  severity?: InsightsQuery['severity'];
}

/** The screen's sections, in order. A new section (KANO's Better/Worse, for one) is one more line. */
const SECTIONS: { id: string; Component: ComponentType<SectionProps> }[] = [
  { id: 'pareto', Component: ParetoSection },
  { id: 'recurrence', Component: RecurrenceSection },
  { id: 'trends', Component: TrendsSection },
  { id: 'journey', Component: JourneySection },
  { id: 'kano', Component: KanoInsightsSection },
];

/** Patterns across cases: the figures of the library (or of the filtered cases) as charts and
 *  tables, the customer journey, and the cases behind any of them. */
export function InsightsScreen({ query: address }: { query?: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const go = useRoute((s) => s.go);
  const view = parseInsightsView(address);
  const [data, setData] = useState<Insights | null>(null);
  /** When the figures on screen arrived (performance.now()): tests and the benchmark wait for the
   *  charts drawn after it. */
  const [loadedAt, setLoadedAt] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  /** Whether the drill-down open was opened here (so leaving it is going Back). */
  const drilledHere = useRef(false);
  const mainRef = useRef<HTMLElement>(null);

  const setView = useCallback(
    (patch: Partial<InsightsView>) => {
      // The address as it is now (a debounced field may change it after this render).
      const route = useRoute.getState().route;
      const current = parseInsightsView(route.name === 'insights' ? route.query : undefined);
      go({ name: 'insights', query: insightsQuery({ ...current, ...patch }) });
    },
    [go],
  );

  const bad = badRange(view);
  const filters = viewFilters(view);
  const query: InsightsQuery = { ...filters, language };
  const queryKey = JSON.stringify(query);

  useEffect(() => {
    if (bad) return;
    let live = true;
    call('insights:get', JSON.parse(queryKey) as InsightsQuery).then(
      (r) => {
        if (!live) return;
        setData(r);
        setLoadedAt(performance.now());
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [queryKey, bad, generation]);

  const drill = useCallback(
    (target: DrillTarget, title: string) => {
      drilledHere.current = true;
      setView({ drill: { input: target, title } });
    },
    [setView],
  );

  const closeDrill = useCallback(() => {
    if (drilledHere.current) {
      drilledHere.current = false;
      window.history.back();
    } else {
      setView({ drill: undefined });
    }
    requestAnimationFrame(() => mainRef.current?.focus());
  }, [setView]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  const drillTarget = view.drill ? asDrillTarget(view.drill.input) : null;

  return (
    <main id="main" ref={mainRef} className="library insights" aria-labelledby="insights-title" tabIndex={-1} data-loaded-at={loadedAt || undefined}>
      <div className="library-head">
        <h1 id="insights-title">{t('insightsUi.title')}</h1>
        <div className="toolbar">
          <ReportButtons query={query} disabled={bad} />
          <button type="button" onClick={() => go({ name: 'library' })}>
            {t('library.backToLibrary')}
          </button>
        </div>
      </div>
      <p className="intro muted">{t('insightsUi.intro')}</p>
      <InsightsFilters view={view} onChange={setView} />
      {bad ? (
        <p role="alert" className="error">
          {t('insightsUi.badDates')}
        </p>
      ) : error ? (
        <p role="alert" className="error">
          {describeError(t, error)}
        </p>
      ) : null}
      <p className="result-count" aria-live="polite">
        {data && !bad
          ? t('insightsUi.totals', {
              cases: formatNumber(data.totals.cases, language),
              rootCauses: formatNumber(data.totals.rootCauses, language),
              from: formatDay(data.totals.from, language) || '…',
              to: formatDay(data.totals.to, language) || '…',
            })
          : ''}
      </p>
      {drillTarget && view.drill ? (
        <DrillList target={drillTarget} title={view.drill.title} query={query} onClose={closeDrill} />
      ) : (
        data &&
        !bad && (
          <>
            <nav className="insights-sections" aria-label={t('insightsUi.sectionsNav')}>
              {SECTIONS.map(({ id }) => (
                <a key={id} href={`#insights-${id}`} onClick={(e) => (e.preventDefault(), document.getElementById(`insights-${id}`)?.scrollIntoView(), document.getElementById(`insights-${id}-title`)?.focus())}>
                  {t(`insightsUi.sections.${id}`)}
                </a>
              ))}
            </nav>
            {SECTIONS.map(({ id, Component }) => (
              <section key={id} id={`insights-${id}`} className={`insights-section insights-${id}`} aria-labelledby={`insights-${id}-title`}>
                <h2 id={`insights-${id}-title`} tabIndex={-1}>
                  {t(`insightsUi.sections.${id}`)}
                </h2>
                <Component data={data} view={view} query={query} setView={setView} drill={drill} reload={reload} />
              </section>
            ))}
          </>
        )
      )}
    </main>
  );
}

function asDrillTarget(input: unknown): DrillTarget | null {
  if (!input || typeof input !== 'object') return null;
  const { dimension, key, severity } = input as Record<string, unknown>;
  if (typeof dimension !== 'string' || typeof key !== 'string') return null;
  const target: DrillTarget = { dimension: dimension as DrillDimension, key };
  if (typeof severity === 'string') target.severity = severity as DrillTarget['severity'];
  return target;
}

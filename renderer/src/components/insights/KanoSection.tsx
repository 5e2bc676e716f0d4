import { ScatterChart } from 'echarts/charts';
import { use } from 'echarts/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isFailedMustBe, type KanoChart, type KanoChartNeed } from '../../../../shared/domain/kano-chart';
import type { LibraryFilters } from '../../../../shared/domain/search';
import type { Language } from '../../../../shared/i18n/languages';
import { call } from '../../api/client';
import { describeError } from '../../i18n/errors';
import { formatCoefficient } from '../needs/CustomerNeeds';
import { Chart, type ChartTable } from './Chart';
import { useChartTheme } from './chart-theme';
import { formatNumber } from './format';
import type { SectionProps } from './InsightsScreen';
import { KanoCases } from './KanoCases';
import { kanoOption, placed } from '../../../../shared/insights/kano-option';

use([ScatterChart]);

/** Customer needs across cases on the KANO Better / Worse chart (kano:chart with the filters
 *  given): failed must-be needs stand out; the table lists every need, those without answers too;
 *  a point or a row shows the cases behind it (kano:drill), each one a link. */
export function KanoSection({ filters }: { filters: LibraryFilters }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const theme = useChartTheme();
  const [chart, setChart] = useState<KanoChart | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<KanoChartNeed | null>(null);
  const key = JSON.stringify(filters);

  useEffect(() => {
    let live = true;
    call('kano:chart', JSON.parse(key) as LibraryFilters).then(
      (r) => {
        if (!live) return;
        setChart(r);
        setError(null);
        setOpen(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [key]);

  const category = (n: KanoChartNeed) => (n.category ? t(`needs.category.${n.category}`) : t('needs.chart.noValue'));
  const coefficient = (v: number | null) => (v === null ? t('needs.chart.noValue') : formatCoefficient(language, v));
  const title = t('needs.chart.heading');
  const option = useMemo(
    () =>
      chart &&
      kanoOption(
        chart.needs,
        {
          title,
          xAxis: t('needs.chart.xAxis'),
          yAxis: t('needs.chart.yAxis'),
          quadrant: { M: t('needs.chart.quadrant.M'), O: t('needs.chart.quadrant.O'), A: t('needs.chart.quadrant.A'), I: t('needs.chart.quadrant.I') },
          describe: (n) =>
            t('needs.chart.point', { need: n.text, category: category(n), better: coefficient(n.better), worse: coefficient(n.worse), cases: n.cases, failed: n.failed }),
        },
        theme,
      ),
    // category and coefficient follow from t and the language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [chart, title, theme, language, t],
  );

  if (error) {
    return (
      <p role="alert" className="error">
        {describeError(t, error)}
      </p>
    );
  }
  if (!chart || !option) return <p className="muted" aria-busy="true">{t('needs.chart.loading')}</p>;
  if (chart.needs.length === 0) return <p className="muted">{t('needs.chart.empty')}</p>;

  const points = placed(chart.needs);
  const table: ChartTable = {
    columns: [t('needs.chart.category'), t('needs.chart.counts'), t('needs.chart.better'), t('needs.chart.worse'), t('needs.chart.cases'), t('needs.chart.failed')],
    rows: chart.needs.map((n) => ({
      key: n.key,
      header: isFailedMustBe(n) ? `${n.text} (${t('needs.failedMustBe')})` : n.text,
      cells: [
        category(n),
        [n.counts.A, n.counts.O, n.counts.M, n.counts.I, n.counts.R, n.counts.Q].map((x) => formatNumber(x, language)).join(' / '),
        coefficient(n.better),
        coefficient(n.worse),
        formatNumber(n.cases, language),
        formatNumber(n.failed, language),
      ],
      open: () => setOpen(n),
    })),
  };

  return (
    <div className="kano-section">
      <p className="muted">{t('needs.chart.intro')}</p>
      <p className="result-count">
        {t('needs.chart.summary', { needs: chart.needs.length, cases: chart.cases, failedMustBe: chart.needs.filter(isFailedMustBe).length })}
      </p>
      <Chart title={title} option={{ ...option, title: { ...option.title, show: false } }} exportOption={option} table={table} onPick={(p) => p.seriesIndex === 0 && setOpen(points[p.dataIndex] ?? null)} fileName={`kano-better-worse`} height={420} />
      {open && <KanoCases need={open} filters={JSON.parse(key) as LibraryFilters} />}
    </div>
  );
}

/** The section on the insights screen: its filters are the screen's. */
export function KanoInsightsSection({ query }: SectionProps) {
  const { language: _language, ...filters } = query;
  return <KanoSection filters={filters} />;
}

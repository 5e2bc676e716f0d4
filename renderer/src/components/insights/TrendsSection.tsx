import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { casesPerMonthOption, durationOption, verifiedShareOption } from '../../../../shared/insights/chart-options';
import { ACTION_KINDS, SEVERITIES, type Severity } from '../../../../shared/domain/vocabulary';
import type { Language } from '../../../../shared/i18n/languages';
import { useRoute } from '../../state/route';
import { Chart, type ChartTable } from './Chart';
import { useChartTheme } from './chart-theme';
import { formatDay, formatHours, formatMonth, formatNumber, formatShare } from './format';
import type { SectionProps } from './InsightsScreen';

/** Cases per month by severity, time to detect and to resolve, the share of actions verified
 *  effective by kind, and the overdue actions. */
export function TrendsSection({ data, drill }: SectionProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const theme = useChartTheme();
  const go = useRoute((s) => s.go);
  const { casesPerMonth, timeToDetect, timeToResolve, verifiedEffective, overdue } = data.trends;
  const months = useMemo(() => casesPerMonth.map((r) => formatMonth(r.month, language)), [casesPerMonth, language]);
  const durationMonths = useMemo(() => timeToDetect.map((r) => formatMonth(r.month, language)), [timeToDetect, language]);
  const severity = useMemo(() => Object.fromEntries(SEVERITIES.map((s) => [s, t(`enum.severity.${s}`)])) as Record<Severity, string>, [t]);
  const kinds = useMemo(() => Object.fromEntries(ACTION_KINDS.map((k) => [k, t(`enum.actionKind.${k}`)])) as Record<(typeof ACTION_KINDS)[number], string>, [t]);
  const hours = (v: number | null) => t('insightsUi.trends.hoursValue', { value: formatHours(v, language) });

  const monthTitle = t('insightsUi.trends.perMonthTitle');
  const perMonth = useMemo(
    () => casesPerMonthOption(casesPerMonth, { title: monthTitle, months, severity, cases: t('insightsUi.trends.cases') }, theme),
    [casesPerMonth, monthTitle, months, severity, theme, t],
  );
  const openMonth = (index: number, sev?: Severity) => {
    const row = casesPerMonth[index];
    if (!row) return;
    drill(sev ? { dimension: 'month', key: row.month, severity: sev } : { dimension: 'month', key: row.month }, sev ? `${months[index]} · ${severity[sev]}` : months[index]!);
  };
  const perMonthTable: ChartTable = {
    columns: [t('insightsUi.trends.month'), t('insightsUi.trends.total'), ...SEVERITIES.map((s) => severity[s])],
    rows: casesPerMonth.map((r, i) => ({
      key: r.month,
      header: months[i]!,
      cells: [formatNumber(r.total, language), ...SEVERITIES.map((s) => formatNumber(r.bySeverity[s] ?? 0, language))],
      open: r.total > 0 ? () => openMonth(i) : undefined,
    })),
  };

  const durationTitle = t('insightsUi.trends.durationTitle');
  const durations = useMemo(
    () =>
      durationOption(
        { timeToDetect, timeToResolve },
        {
          title: durationTitle,
          months: durationMonths,
          detectMedian: t('insightsUi.trends.detectMedian'),
          detectP90: t('insightsUi.trends.detectP90'),
          resolveMedian: t('insightsUi.trends.resolveMedian'),
          resolveP90: t('insightsUi.trends.resolveP90'),
          hours: t('insightsUi.trends.hours'),
          duration: (v) => t('insightsUi.trends.hoursValue', { value: formatHours(v, language) }),
        },
        theme,
      ),
    [timeToDetect, timeToResolve, durationTitle, durationMonths, theme, t, language],
  );
  const durationTable: ChartTable = {
    columns: [t('insightsUi.trends.month'), t('insightsUi.trends.detectMedian'), t('insightsUi.trends.detectP90'), t('insightsUi.trends.resolveMedian'), t('insightsUi.trends.resolveP90')],
    rows: timeToDetect.map((d, i) => {
      const r = timeToResolve[i];
      return {
        key: d.month,
        header: durationMonths[i]!,
        cells: [hours(d.median), hours(d.p90), hours(r?.median ?? null), hours(r?.p90 ?? null)],
        open: d.n > 0 || (r?.n ?? 0) > 0 ? () => drill({ dimension: 'month', key: d.month }, durationMonths[i]!) : undefined,
      };
    }),
  };

  const verifiedTitle = t('insightsUi.trends.verifiedTitle');
  const verified = useMemo(
    () => verifiedShareOption(verifiedEffective, { title: verifiedTitle, kind: kinds, share: t('insightsUi.trends.verifiedShare'), percent: (v) => formatShare(v, language) }, theme),
    [verifiedEffective, verifiedTitle, kinds, theme, t, language],
  );
  const verifiedTable: ChartTable = {
    columns: [t('insightsUi.trends.kind'), t('insightsUi.trends.actions'), t('insightsUi.trends.effective'), t('insightsUi.trends.verifiedShare')],
    rows: verifiedEffective.map((r) => ({
      key: r.kind,
      header: kinds[r.kind],
      cells: [formatNumber(r.actions, language), formatNumber(r.effective, language), formatShare(r.share, language)],
    })),
  };

  const file = t('insightsUi.fileName');
  return (
    <>
      <Chart
        title={monthTitle}
        option={perMonth}
        table={perMonthTable}
        fileName={`${file}-cases-per-month`}
        onPick={(p) => openMonth(p.dataIndex, SEVERITIES[p.seriesIndex])}
      />
      <Chart title={durationTitle} option={durations} table={durationTable} fileName={`${file}-time-to-detect-resolve`} onPick={(p) => durationTable.rows[p.dataIndex]?.open?.()} />
      <Chart title={verifiedTitle} option={verified} table={verifiedTable} fileName={`${file}-verified-effective`} />
      <h3>{t('insightsUi.trends.overdueTitle', { count: overdue.count, n: formatNumber(overdue.count, language) })}</h3>
      {overdue.top.length === 0 ? (
        <p className="empty">{t('insightsUi.trends.noOverdue')}</p>
      ) : (
        <div className="insights-table-wrap">
          <table className="insights-table">
            <caption className="visually-hidden">{t('insightsUi.trends.overdueCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('insightsUi.trends.action')}</th>
                <th scope="col">{t('insightsUi.trends.owner')}</th>
                <th scope="col">{t('insightsUi.trends.due')}</th>
                <th scope="col">{t('insightsUi.trends.daysOverdue')}</th>
                <th scope="col">{t('insightsUi.trends.case')}</th>
              </tr>
            </thead>
            <tbody>
              {overdue.top.map((a) => (
                <tr key={a.actionId}>
                  <th scope="row">{a.title}</th>
                  <td>{a.owner}</td>
                  <td>{formatDay(a.dueAt, language)}</td>
                  <td className="overdue">{formatNumber(a.daysOverdue, language)}</td>
                  <td>
                    <a
                      href={`#/case/${a.case.id}/execute`}
                      onClick={(e) => {
                        e.preventDefault();
                        go({ name: 'case', id: a.case.id, step: 'execute' });
                      }}
                    >
                      {a.case.title || t('case.untitled')}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

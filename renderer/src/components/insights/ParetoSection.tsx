import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { PARETO_DIMENSIONS, type Pareto, type ParetoDimension } from '../../../../shared/domain/insights';
import type { Language } from '../../../../shared/i18n/languages';
import { Chart, type ChartTable } from './Chart';
import { paretoOption } from '../../../../shared/insights/chart-options';
import { useChartTheme } from './chart-theme';
import { formatNumber, formatShare } from './format';
import type { SectionProps } from './InsightsScreen';

/** Which catalog names a Pareto bar's key (themes and departments are their own labels). */
const LABELS: Partial<Record<ParetoDimension, string>> = { servqual: 'enum.servqual', motFailure: 'enum.motFailure', scenarioType: 'enum.scenarioType' };

/** The Pareto of root causes, by the dimension chosen (part of the address), with the 80% line. */
export function ParetoSection({ data, view, setView, drill }: SectionProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const theme = useChartTheme();
  const dimension: ParetoDimension = (PARETO_DIMENSIONS as readonly string[]).includes(view.by ?? '') ? (view.by as ParetoDimension) : 'theme';
  const pareto: Pareto = data.pareto[dimension];
  const labelOf = (key: string, label?: string) => label ?? (LABELS[dimension] ? t(`${LABELS[dimension]}.${key}`, { defaultValue: key }) : key);
  const labels = pareto.bars.map((b) => labelOf(b.key, b.label));
  const unit = t(`insightsUi.pareto.units.${pareto.unit}`);
  const title = t('insightsUi.pareto.chartTitle', { dimension: t(`insightsUi.pareto.dimensions.${dimension}`) });

  const open = (index: number) => {
    const bar = pareto.bars[index];
    if (bar) drill({ dimension, key: bar.key }, labels[index]!);
  };

  const labelKey = labels.join('\u0000');
  const option = useMemo(
    () =>
      paretoOption(
        pareto,
        { title, categories: labels, count: unit, cumulative: t('insightsUi.pareto.cumulative'), cutLine: t('insightsUi.pareto.line80'), percent: (v) => formatShare(v, language) },
        theme,
      ),
    // The labels follow from the bars and the language (labelKey stands for them).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [pareto, labelKey, title, unit, theme, language, t],
  );

  const table: ChartTable = {
    columns: [t(`insightsUi.pareto.dimensions.${dimension}`), unit, t('insightsUi.pareto.share'), t('insightsUi.pareto.cumulative')],
    rows: pareto.bars.map((b, i) => ({
      key: b.key,
      header: labels[i]!,
      cells: [formatNumber(b.count, language), formatShare(b.share, language), `${formatShare(b.cumulativeShare, language)}${i < pareto.cut ? ` · ${t('insightsUi.pareto.vitalFew')}` : ''}`],
      open: () => open(i),
    })),
  };

  return (
    <>
      <div className="insights-controls" role="group" aria-label={t('insightsUi.pareto.dimension')}>
        <span className="muted">{t('insightsUi.pareto.dimension')}</span>
        {PARETO_DIMENSIONS.map((d) => (
          <button key={d} type="button" aria-pressed={d === dimension} onClick={() => setView({ by: d })}>
            {t(`insightsUi.pareto.dimensions.${d}`)}
          </button>
        ))}
      </div>
      <p className="muted">
        {pareto.cut > 0 ? t('insightsUi.pareto.summary', { count: pareto.cut, n: formatNumber(pareto.cut, language), total: formatNumber(pareto.total, language), unit }) : ''}
      </p>
      <Chart title={title} option={option} table={table} onPick={(p) => open(p.dataIndex)} fileName={`${t('insightsUi.fileName')}-pareto-${dimension}`} />
    </>
  );
}

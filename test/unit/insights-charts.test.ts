import { describe, expect, it } from 'vitest';
import type { Pareto, Trends } from '../../shared/domain/insights';
import { CHART_THEMES, casesPerMonthOption, durationOption, paretoOption, verifiedShareOption } from '../../shared/insights/chart-options';
import { renderChartSvg } from '../../shared/insights/echarts-svg';

const percent = (v: number) => `${Math.round(v * 100)}%`;
const pareto: Pareto = {
  dimension: 'theme',
  unit: 'rootCauses',
  total: 10,
  cut: 2,
  bars: [
    { key: 'training', label: 'Training', count: 6, share: 0.6, cumulativeShare: 0.6 },
    { key: 'process', label: 'Process', count: 3, share: 0.3, cumulativeShare: 0.9 },
    { key: 'people', label: 'People', count: 1, share: 0.1, cumulativeShare: 1 },
  ],
};

describe('insights chart options', () => {
  it('draws a Pareto: bars by key, the cumulative line, the 80% line, the trivial many lighter', () => {
    const option = paretoOption(pareto, { title: 'Root causes by theme', categories: ['Training', 'Process', 'People'], count: 'Root causes', cumulative: 'Cumulative', cutLine: '80%', percent }, CHART_THEMES.light);
    const [bars, line] = option.series as [{ data: { value: number; name: string; itemStyle: { color: string } }[] }, { data: { value: number }[]; markLine: { data: { yAxis: number }[] } }];
    expect(bars.data.map((d) => [d.name, d.value])).toEqual([['training', 6], ['process', 3], ['people', 1]]);
    expect(bars.data.map((d) => d.itemStyle.color)).toEqual([CHART_THEMES.light.bar, CHART_THEMES.light.bar, CHART_THEMES.light.barMuted]);
    expect(line.data.map((d) => d.value)).toEqual([0.6, 0.9, 1]);
    expect(line.markLine.data).toEqual([{ yAxis: 0.8 }]);
    expect(option.aria).toMatchObject({ enabled: true });

    const svg = renderChartSvg(option, 640, 360, "Root causes by theme: a Pareto chart");
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Root causes by theme');
    expect(svg).toContain('Training');
    expect(svg).toContain('80%');
    // Server-side rendering writes no aria of its own: the label is put on the svg element.
    expect(svg).toMatch(/^<svg role="img" aria-label="Root causes by theme: a Pareto chart"/);
  });

  it('renders the trend charts to SVG with translated labels', () => {
    const months = ['2026-01', '2026-02'];
    const trends: Trends = {
      casesPerMonth: [
        { month: '2026-01', total: 3, bySeverity: { low: 1, medium: 1, high: 1, critical: 0 } },
        { month: '2026-02', total: 1, bySeverity: { low: 0, medium: 0, high: 0, critical: 1 } },
      ],
      timeToDetect: [
        { month: '2026-01', n: 2, median: 1.5, p90: 3 },
        { month: '2026-02', n: 0, median: null, p90: null },
      ],
      timeToResolve: [
        { month: '2026-01', n: 1, median: 24, p90: 24 },
        { month: '2026-02', n: 1, median: 48, p90: 48 },
      ],
      verifiedEffective: [
        { kind: 'containment', actions: 2, effective: 1, share: 0.5 },
        { kind: 'corrective', actions: 0, effective: 0, share: 0 },
        { kind: 'preventive', actions: 1, effective: 1, share: 1 },
        { kind: 'improvement', actions: 0, effective: 0, share: 0 },
      ],
      overdue: { count: 0, top: [] },
    };
    const severity = { low: '低', medium: '中', high: '高', critical: '严重' };
    const monthly = casesPerMonthOption(trends.casesPerMonth, { title: '每月案例', months: ['2026年1月', '2026年2月'], severity, cases: '案例' }, CHART_THEMES.dark);
    expect((monthly.series as { stack: string; data: { value: number }[] }[]).map((s) => s.data.map((d) => d.value))).toEqual([[1, 0], [1, 0], [1, 0], [0, 1]]);
    expect(renderChartSvg(monthly, 640, 360)).toContain('每月案例');

    const duration = durationOption(trends, { title: 'Time to detect and resolve', months, detectMedian: 'Detect (median)', detectP90: 'Detect (p90)', resolveMedian: 'Resolve (median)', resolveP90: 'Resolve (p90)', hours: 'Hours', duration: (h) => `${h} h` }, CHART_THEMES.light);
    // A month with no figure is a gap, not zero.
    expect((duration.series as { data: unknown[] }[])[0]!.data).toEqual([1.5, '-']);
    expect(renderChartSvg(duration, 640, 360)).toContain('Detect (p90)');

    const share = verifiedShareOption(trends.verifiedEffective, { title: 'Verified effective', kind: { containment: 'Containment', corrective: 'Corrective', preventive: 'Preventive', improvement: 'Improvement' }, share: 'Share', percent }, CHART_THEMES.light);
    const svg = renderChartSvg(share, 640, 360);
    expect(svg).toContain('Preventive');
    expect(svg).toContain('100%');
  });
});

import type { KanoChartNeed } from '../../../../shared/domain/kano-chart';
import { isFailedMustBe } from '../../../../shared/domain/kano-chart';
import type { ChartTheme } from '../../../../shared/insights/chart-options';

/** The ECharts option of the KANO Better / Worse chart: x = |Worse| (how much failing the need
 *  displeases), y = Better (how much meeting it pleases), both 0..1, with the quadrant lines at 0.5
 *  and the quadrants named (must-be bottom right, one-dimensional top right, attractive top left,
 *  indifferent bottom left; each name at the top of its quadrant, clear of the points' labels). Failed must-be needs are drawn in the theme's alarm colour, larger and
 *  labelled. Pure: the needs, the words and the theme in, an option out. */

export interface KanoLabels {
  title: string;
  xAxis: string;
  yAxis: string;
  quadrant: { M: string; O: string; A: string; I: string };
  /** A point's tooltip. */
  describe(need: KanoChartNeed): string;
}

/** The needs that can be placed: those with Better and Worse. */
export const placed = (needs: readonly KanoChartNeed[]) => needs.filter((n) => n.better !== null && n.worse !== null);

export function kanoOption(needs: readonly KanoChartNeed[], labels: KanoLabels, theme: ChartTheme) {
  const points = placed(needs);
  const stacked = new Map<string, number>();
  const corner = (x: number, y: number, text: string) => ({ value: [x, y], label: { show: true, formatter: text, color: theme.muted, fontSize: 12 } });
  return {
    backgroundColor: theme.background,
    textStyle: { color: theme.text, fontFamily: theme.fontFamily },
    title: { show: true, text: labels.title, left: 8, top: 4, textStyle: { color: theme.text, fontSize: 14, fontWeight: 'bold' as const, fontFamily: theme.fontFamily } },
    aria: { enabled: true },
    tooltip: { trigger: 'item' as const },
    grid: { left: 64, right: 32, top: 48, bottom: 56 },
    xAxis: {
      type: 'value' as const,
      min: 0,
      max: 1,
      name: labels.xAxis,
      nameLocation: 'middle' as const,
      nameGap: 30,
      nameTextStyle: { color: theme.text },
      axisLine: { lineStyle: { color: theme.muted } },
      axisLabel: { color: theme.text },
      splitLine: { lineStyle: { color: theme.grid } },
    },
    yAxis: {
      type: 'value' as const,
      min: 0,
      max: 1,
      name: labels.yAxis,
      nameLocation: 'middle' as const,
      nameGap: 40,
      nameTextStyle: { color: theme.text },
      axisLine: { lineStyle: { color: theme.muted } },
      axisLabel: { color: theme.text },
      splitLine: { lineStyle: { color: theme.grid } },
    },
    series: [
      {
        type: 'scatter' as const,
        name: labels.title,
        data: points.map((n) => {
          const alarm = isFailedMustBe(n);
          // Labels of needs on the same spot are stacked upwards, one line each.
          const spot = `${Math.abs(n.worse!)},${n.better}`;
          const k = alarm ? (stacked.get(spot) ?? 0) : 0;
          if (alarm) stacked.set(spot, k + 1);
          return {
            value: [Math.abs(n.worse!), n.better!],
            name: n.key,
            symbolSize: 10 + Math.min(n.cases, 10) * 2,
            itemStyle: { color: alarm ? theme.line : theme.bar, borderColor: theme.background, borderWidth: 1 },
            label: { show: alarm, formatter: n.text.length > 30 ? `${n.text.slice(0, 29)}…` : n.text, position: 'left' as const, offset: [0, -16 * k], color: theme.line, fontWeight: 'bold' as const },
            tooltip: { formatter: labels.describe(n) },
          };
        }),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: theme.cut, type: 'dashed' as const, width: 1.5 },
          label: { show: false },
          data: [{ xAxis: 0.5 }, { yAxis: 0.5 }],
        },
      },
      {
        // The quadrants' names, in their corners; not points of the chart.
        type: 'scatter' as const,
        silent: true,
        symbolSize: 0,
        tooltip: { show: false },
        data: [corner(0.97, 0.46, labels.quadrant.M), corner(0.97, 0.96, labels.quadrant.O), corner(0.03, 0.96, labels.quadrant.A), corner(0.03, 0.46, labels.quadrant.I)].map((d, i) => ({
          ...d,
          label: { ...d.label, position: (i < 2 ? 'left' : 'right') as 'left' | 'right' },
        })),
      },
    ],
  };
}

import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { AriaComponentOption, GridComponentOption, LegendComponentOption, MarkLineComponentOption, TitleComponentOption, TooltipComponentOption } from 'echarts/components';
import type { Pareto, Trends } from '../domain/insights';
import { ACTION_KINDS, SEVERITIES, type Severity } from '../domain/vocabulary';
import { DIAGRAM_FONT } from '../render/palette';

/** Apache ECharts options for the insights charts, built from the figures (shared/domain/insights.ts)
 *  and labels the caller has already translated, so the screen (canvas or SVG in the page) and the
 *  report (SVG rendered on the server, see echarts-svg.ts) draw the same charts. Pure: no ECharts
 *  import at run time, only its option types. Every option turns on ECharts' `aria`, which writes a
 *  description of the data into the chart for screen readers; the page and report still put a table
 *  under each chart. */

export type InsightsChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | ScatterSeriesOption
  | TitleComponentOption
  | TooltipComponentOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | AriaComponentOption
>;

type ActionKind = (typeof ACTION_KINDS)[number];

export interface ChartTheme {
  background: string;
  text: string;
  muted: string;
  grid: string;
  bar: string;
  /** Bars past the 80% cut: the "trivial many", drawn lighter. */
  barMuted: string;
  line: string;
  cut: string;
  severity: Record<Severity, string>;
  kind: Record<ActionKind, string>;
  detect: string;
  resolve: string;
  fontFamily: string;
}

/** ECharts writes font names into a double-quoted style attribute without escaping them: named in
 *  single quotes, so the SVG stays well-formed XML (the screen's SVG files, the report). */
const CHART_FONT = DIAGRAM_FONT.replace(/"/g, "'");

/** Colours with at least 4.5:1 contrast for text and 3:1 for marks against their background. */
export const CHART_THEMES: Record<'light' | 'dark', ChartTheme> = {
  light: {
    background: '#ffffff',
    text: '#1b2430',
    muted: '#5b6675',
    grid: '#d5dbe3',
    bar: '#1f4e8c',
    barMuted: '#7d9cc4',
    line: '#b42318',
    cut: '#8a4d00',
    severity: { low: '#5b7f95', medium: '#b7791f', high: '#c2410c', critical: '#9b1c1c' },
    kind: { containment: '#6b5b95', corrective: '#1f4e8c', preventive: '#1f7a3e', improvement: '#8a4d00' },
    detect: '#1f4e8c',
    resolve: '#1f7a3e',
    fontFamily: CHART_FONT,
  },
  dark: {
    background: '#14181f',
    text: '#e6ebf2',
    muted: '#a3adba',
    grid: '#3a4350',
    bar: '#7fb0f0',
    barMuted: '#4f6a8f',
    line: '#ff8a80',
    cut: '#ffc266',
    severity: { low: '#9fc3d6', medium: '#f2c14e', high: '#fb8f5a', critical: '#ff6b6b' },
    kind: { containment: '#c3b5f0', corrective: '#7fb0f0', preventive: '#6fd08c', improvement: '#ffc266' },
    detect: '#7fb0f0',
    resolve: '#6fd08c',
    fontFamily: CHART_FONT,
  },
};

/** Whether to animate: off for the report and tests (SVG snapshots must not depend on time). */
export interface ChartOptions {
  animation?: boolean;
  /** Draw the title inside the chart (default); off where a heading above already says it (the report). */
  showTitle?: boolean;
}

function base(title: string, theme: ChartTheme, options: ChartOptions): InsightsChartOption {
  return {
    animation: options.animation ?? false,
    backgroundColor: theme.background,
    textStyle: { color: theme.text, fontFamily: theme.fontFamily },
    title: { show: options.showTitle ?? true, text: title, left: 8, top: 4, textStyle: { color: theme.text, fontSize: 14, fontWeight: 'bold', fontFamily: theme.fontFamily } },
    aria: { enabled: true, decal: { show: false } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: (options.showTitle ?? true) ? 28 : 4, textStyle: { color: theme.text } },
    grid: { left: 56, right: 56, top: (options.showTitle ?? true) ? 72 : 48, bottom: 48 },
  };
}

const axisStyle = (theme: ChartTheme) => ({
  axisLine: { lineStyle: { color: theme.muted } },
  axisLabel: { color: theme.text },
  splitLine: { lineStyle: { color: theme.grid } },
});

export interface ParetoLabels {
  title: string;
  /** One label per bar, in the bars' order. */
  categories: readonly string[];
  count: string;
  cumulative: string;
  /** The 80% line's label ("80%"). */
  cutLine: string;
  /** Formats a share (0..1) as the axis and tooltip show it: a percentage in the reader's locale. */
  percent: (share: number) => string;
}

/** Bars of the counts, most first; the cumulative share as a line on a 0-100% axis; a dashed line at
 *  80%; bars past the cut (the trivial many) lighter. Each bar's `name` is its key, so a click
 *  handler can drill into it. */
export function paretoOption(pareto: Pareto, labels: ParetoLabels, theme: ChartTheme, options: ChartOptions = {}): InsightsChartOption {
  const out = base(labels.title, theme, options);
  return {
    ...out,
    xAxis: {
      type: 'category',
      data: [...labels.categories],
      ...axisStyle(theme),
      // Every label shown; slanted when there are many or long ones (department names), so none overlap.
      axisLabel: { color: theme.text, interval: 0, rotate: labels.categories.length > 6 || labels.categories.some((c) => [...c].length > 10) ? 30 : 0 },
    },
    yAxis: [
      { type: 'value', name: labels.count, minInterval: 1, nameTextStyle: { color: theme.text }, ...axisStyle(theme) },
      {
        type: 'value',
        name: labels.cumulative,
        min: 0,
        max: 1,
        nameTextStyle: { color: theme.text },
        ...axisStyle(theme),
        splitLine: { show: false },
        axisLabel: { color: theme.text, formatter: (v: number) => labels.percent(v) },
      },
    ],
    series: [
      {
        type: 'bar',
        name: labels.count,
        // The series' own colour is what its legend entry shows; each bar then says its own.
        itemStyle: { color: theme.bar },
        data: pareto.bars.map((b, i) => ({ value: b.count, name: b.key, itemStyle: { color: i < pareto.cut ? theme.bar : theme.barMuted } })),
        barMaxWidth: 48,
      },
      {
        type: 'line',
        name: labels.cumulative,
        yAxisIndex: 1,
        data: pareto.bars.map((b) => ({ value: b.cumulativeShare, name: b.key })),
        lineStyle: { color: theme.line, width: 2 },
        itemStyle: { color: theme.line },
        symbolSize: 6,
        tooltip: { valueFormatter: (v) => labels.percent(Number(v)) },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: theme.cut, type: 'dashed', width: 1.5 },
          label: { formatter: labels.cutLine, color: theme.cut, position: 'insideEndTop' },
          data: [{ yAxis: 0.8 }],
        },
      },
    ],
  };
}

export interface CasesPerMonthLabels {
  title: string;
  /** One label per month of `trends.casesPerMonth`, in its order (formatted for the reader). */
  months: readonly string[];
  severity: Record<Severity, string>;
  cases: string;
}

/** Cases per month, one stacked bar per month, a segment per severity (low at the bottom). */
export function casesPerMonthOption(rows: Trends['casesPerMonth'], labels: CasesPerMonthLabels, theme: ChartTheme, options: ChartOptions = {}): InsightsChartOption {
  return {
    ...base(labels.title, theme, options),
    xAxis: { type: 'category', data: [...labels.months], ...axisStyle(theme) },
    yAxis: { type: 'value', name: labels.cases, minInterval: 1, nameTextStyle: { color: theme.text }, ...axisStyle(theme) },
    series: SEVERITIES.map((severity) => ({
      type: 'bar' as const,
      name: labels.severity[severity],
      id: severity,
      stack: 'cases',
      itemStyle: { color: theme.severity[severity] },
      data: rows.map((r) => ({ value: r.bySeverity[severity] ?? 0, name: r.month })),
      barMaxWidth: 40,
    })),
  };
}

export interface DurationLabels {
  title: string;
  months: readonly string[];
  detectMedian: string;
  detectP90: string;
  resolveMedian: string;
  resolveP90: string;
  hours: string;
  /** Formats hours for the tooltip (locale, unit). */
  duration: (hours: number) => string;
}

/** Median and 90th percentile time to detect and to resolve per month, in hours; a month without
 *  cases is a gap, not a zero. */
export function durationOption(trends: Pick<Trends, 'timeToDetect' | 'timeToResolve'>, labels: DurationLabels, theme: ChartTheme, options: ChartOptions = {}): InsightsChartOption {
  const line = (name: string, data: (number | null)[], color: string, dashed: boolean): LineSeriesOption => ({
    type: 'line',
    name,
    data: data.map((v) => (v === null ? '-' : Math.round(v * 10) / 10)),
    connectNulls: false,
    lineStyle: { color, width: 2, type: dashed ? 'dashed' : 'solid' },
    itemStyle: { color },
    symbol: dashed ? 'triangle' : 'circle',
    symbolSize: 6,
    tooltip: { valueFormatter: (v) => (typeof v === 'number' ? labels.duration(v) : '–') },
  });
  return {
    ...base(labels.title, theme, options),
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: [...labels.months], ...axisStyle(theme) },
    yAxis: { type: 'value', name: labels.hours, nameTextStyle: { color: theme.text }, ...axisStyle(theme) },
    series: [
      line(labels.detectMedian, trends.timeToDetect.map((d) => d.median), theme.detect, false),
      line(labels.detectP90, trends.timeToDetect.map((d) => d.p90), theme.detect, true),
      line(labels.resolveMedian, trends.timeToResolve.map((d) => d.median), theme.resolve, false),
      line(labels.resolveP90, trends.timeToResolve.map((d) => d.p90), theme.resolve, true),
    ],
  };
}

export interface VerifiedShareLabels {
  title: string;
  kind: Record<ActionKind, string>;
  share: string;
  percent: (share: number) => string;
}

/** The share of actions verified effective, one bar per action kind, on a 0-100% axis. */
export function verifiedShareOption(rows: Trends['verifiedEffective'], labels: VerifiedShareLabels, theme: ChartTheme, options: ChartOptions = {}): InsightsChartOption {
  return {
    ...base(labels.title, theme, options),
    legend: { show: false },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => labels.percent(Number(v)) },
    xAxis: { type: 'category', data: rows.map((r) => labels.kind[r.kind]), ...axisStyle(theme) },
    yAxis: { type: 'value', name: labels.share, min: 0, max: 1, nameTextStyle: { color: theme.text }, ...axisStyle(theme), axisLabel: { color: theme.text, formatter: (v: number) => labels.percent(v) } },
    series: [
      {
        type: 'bar',
        name: labels.share,
        data: rows.map((r) => ({ value: r.share, name: r.kind, itemStyle: { color: theme.kind[r.kind] } })),
        barMaxWidth: 56,
        label: { show: true, position: 'top', color: theme.text, formatter: (p: { value?: unknown }) => labels.percent(Number(p.value)) },
      },
    ],
  };
}

import type { KanoChartNeed } from '../domain/kano-chart';
import { isFailedMustBe } from '../domain/kano-chart';
import type { ChartOptions, ChartTheme, InsightsChartOption } from './chart-options';

/** The ECharts option of the KANO Better / Worse chart: x = |Worse| (how much failing the need
 *  displeases), y = Better (how much meeting it pleases), both 0..1, with the quadrant lines at 0.5
 *  and the quadrants named (must-be bottom right, one-dimensional top right, attractive top left,
 *  indifferent bottom left; each name at the top of its quadrant, clear of the points' labels). Failed must-be needs are drawn in the theme's alarm colour, larger and
 *  labelled. Pure: the needs, the words and the theme in, an option out; the screen draws it in the
 *  page and the insights report renders the same option to SVG on the server (echarts-svg.ts). */

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

/** The grid's margins (px), shared by the option and the label layout below. */
const GRID = { left: 64, right: 32, top: 48, bottom: 56 };
/** A label's line height (px) and the |Worse| distance within which two labels (drawn to the
 *  left of their points, up to 30 characters) can collide. */
const LABEL_LINE = 16;
const LABEL_REACH = 0.45;

/** Vertical pixel offsets for the labels of the failed must-be needs, so that none overlaps another:
 *  they crowd the bottom right (|Worse| 1, Better near 0), on the same spot or merely close. From the
 *  lowest up, a label that would overlap one already placed within reach is moved up past it.
 *  ECharts' own `labelLayout.moveOverlap` is not applied when rendering on the server (the report),
 *  so the option carries the offsets itself. */
export function labelOffsets(points: readonly { x: number; y: number }[], plotHeight: number): number[] {
  const order = points.map((_, i) => i).sort((a, b) => points[a]!.y - points[b]!.y || a - b);
  const placedAt: { x: number; px: number }[] = [];
  const offsets = points.map(() => 0);
  for (const i of order) {
    const { x, y } = points[i]!;
    const natural = y * plotHeight;
    // A label on the x axis (Better 0) would be struck through by it: it starts just above.
    let px = Math.max(natural, LABEL_LINE * 0.6);
    // Pushed up until it clears every label near it; each push can meet another, so go again. A
    // push always goes higher and at most past every label placed, so this ends; the margin keeps
    // rounding (x + 16 - x is not always 16) from calling a label that just clears a collision.
    for (let moved = true, pushes = 0; moved && pushes <= placedAt.length; pushes++) {
      moved = false;
      for (const other of placedAt) {
        if (Math.abs(other.x - x) < LABEL_REACH && Math.abs(other.px - px) < LABEL_LINE - 0.01) {
          px = other.px + LABEL_LINE;
          moved = true;
        }
      }
    }
    placedAt.push({ x, px });
    offsets[i] = -(px - natural);
  }
  return offsets;
}

/** A value axis from 0 to 1 (Better and Worse are shares), named in its middle. */
function unitAxis(name: string, nameGap: number, theme: ChartTheme) {
  return {
    type: 'value' as const,
    min: 0,
    max: 1,
    name,
    nameLocation: 'middle' as const,
    nameGap,
    nameTextStyle: { color: theme.text },
    axisLine: { lineStyle: { color: theme.muted } },
    axisLabel: { color: theme.text },
    splitLine: { lineStyle: { color: theme.grid } },
  };
}

export function kanoOption(needs: readonly KanoChartNeed[], labels: KanoLabels, theme: ChartTheme, options: ChartOptions & { height?: number } = {}) {
  const points = placed(needs);
  const alarms = points.filter(isFailedMustBe);
  // The chart's height is the caller's (the screen's 420 px, the report's); the offsets are in px.
  const plotHeight = (options.height ?? 420) - GRID.top - GRID.bottom;
  const offsets = labelOffsets(alarms.map((n) => ({ x: Math.abs(n.worse!), y: n.better! })), plotHeight);
  const offsetOf = new Map(alarms.map((n, i) => [n, offsets[i]!]));
  const corner = (x: number, y: number, text: string) => ({ value: [x, y], label: { show: true, formatter: text, color: theme.muted, fontSize: 12 } });
  return {
    // Still, like the other insights charts: a report's SVG must not depend on time.
    animation: options.animation ?? false,
    backgroundColor: theme.background,
    textStyle: { color: theme.text, fontFamily: theme.fontFamily },
    title: { show: options.showTitle ?? true, text: labels.title, left: 8, top: 4, textStyle: { color: theme.text, fontSize: 14, fontWeight: 'bold' as const, fontFamily: theme.fontFamily } },
    aria: { enabled: true },
    tooltip: { trigger: 'item' as const },
    grid: { ...GRID },
    xAxis: unitAxis(labels.xAxis, 30, theme),
    yAxis: unitAxis(labels.yAxis, 40, theme),
    series: [
      {
        type: 'scatter' as const,
        name: labels.title,
        data: points.map((n) => {
          const alarm = isFailedMustBe(n);
          return {
            value: [Math.abs(n.worse!), n.better!],
            name: n.key,
            symbolSize: 10 + Math.min(n.cases, 10) * 2,
            itemStyle: { color: alarm ? theme.line : theme.bar, borderColor: theme.background, borderWidth: 1 },
            label: { show: alarm, formatter: n.text.length > 30 ? `${n.text.slice(0, 29)}…` : n.text, position: 'left' as const, offset: [0, offsetOf.get(n) ?? 0], color: theme.line, fontWeight: 'bold' as const },
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
  } satisfies InsightsChartOption;
}

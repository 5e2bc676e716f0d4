import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { escapeXml } from '../render/xml';
import type { InsightsChartOption } from './chart-options';

/** Renders an insights chart option to an SVG string without a browser (ECharts' server-side
 *  rendering), for the insights report; only the charts and components the options use are
 *  registered, so the rest of ECharts is left out of the bundle. */

echarts.use([BarChart, LineChart, ScatterChart, TitleComponent, TooltipComponent, GridComponent, LegendComponent, MarkLineComponent, AriaComponent, SVGRenderer]);

/** The SVG of a chart. Server-side rendering writes no aria attributes (ECharts puts its aria
 *  description on the DOM container), so `ariaLabel` is written onto the svg element itself with
 *  role="img"; the table under the chart carries the figures. */
export function renderChartSvg(option: InsightsChartOption, width: number, height: number, ariaLabel?: string): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    const svg = chart.renderToSVGString();
    return ariaLabel === undefined ? svg : svg.replace(/^<svg /, `<svg role="img" aria-label="${escapeXml(ariaLabel)}" `);
  } finally {
    chart.dispose();
  }
}

import { describe, expect, it } from 'vitest';
import type { Pareto, Trends } from '../../shared/domain/insights';
import { CHART_THEMES, casesPerMonthOption, durationOption, paretoOption, verifiedShareOption } from '../../shared/insights/chart-options';
import { renderChartSvg } from '../../shared/insights/echarts-svg';

/** ECharts writes an element's style (fonts included) into a double-quoted attribute without
 *  escaping it: a double quote in a value ends the attribute there, and the SVG file the screen
 *  saves (and the report embeds) is no longer XML. Every attribute value must be followed by space,
 *  `>` or `/`. */
function brokenAttribute(svg: string): string | null {
  const m = /\s[\w:.-]+="[^"]*"(?![\s>/])/.exec(svg);
  return m ? svg.slice(m.index, m.index + 80) : null;
}

const percent = (v: number) => `${Math.round(v * 100)}%`;
const pareto: Pareto = {
  dimension: 'theme',
  unit: 'rootCauses',
  total: 4,
  cut: 1,
  bars: [
    { key: 'training', label: '培训 Training', count: 3, share: 0.75, cumulativeShare: 0.75 },
    { key: 'process', label: '流程 Process', count: 1, share: 0.25, cumulativeShare: 1 },
  ],
};
const trends: Trends = {
  casesPerMonth: [{ month: '2026-01', total: 2, bySeverity: { low: 0, medium: 1, high: 1, critical: 0 } }],
  timeToDetect: [{ month: '2026-01', n: 2, median: 3, p90: 5 }],
  timeToResolve: [{ month: '2026-01', n: 2, median: 30, p90: 48 }],
  verifiedEffective: [{ kind: 'corrective', actions: 2, effective: 1, share: 0.5 }],
  overdue: { count: 0, top: [] },
};

describe('insights charts as SVG files', () => {
  it('(the check finds an attribute cut short by a quote)', () => {
    expect(brokenAttribute('<svg><text style="font-family:"Noto Sans"">x</text></svg>')).not.toBeNull();
    expect(brokenAttribute('<svg><text style="font-family:\'Noto Sans\'" x="1">x</text></svg>')).toBeNull();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`are well-formed in the ${scheme} scheme, titled or not (fonts named in single quotes)`, () => {
      const theme = CHART_THEMES[scheme];
      for (const showTitle of [true, false]) {
        const svgs = [
          renderChartSvg(paretoOption(pareto, { title: 'Pareto', categories: pareto.bars.map((b) => b.label!), count: 'Root causes', cumulative: 'Cumulative', cutLine: '80%', percent }, theme, { showTitle }), 640, 360),
          renderChartSvg(casesPerMonthOption(trends.casesPerMonth, { title: 'Cases', months: ['Jan 2026'], severity: { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' }, cases: 'Cases' }, theme, { showTitle }), 640, 360),
          renderChartSvg(
            durationOption(trends, { title: 'Time', months: ['Jan 2026'], detectMedian: 'a', detectP90: 'b', resolveMedian: 'c', resolveP90: 'd', hours: 'h', duration: (v) => `${v} h` }, theme, { showTitle }),
            640,
            360,
          ),
          renderChartSvg(verifiedShareOption(trends.verifiedEffective, { title: 'Verified', kind: { containment: 'A', corrective: 'B', preventive: 'C', improvement: 'D' }, share: 'Share', percent }, theme, { showTitle }), 640, 360),
        ];
        for (const svg of svgs) {
          expect(svg).toContain('font-family');
          expect(brokenAttribute(svg)).toBeNull();
        }
      }
    });
  }
});

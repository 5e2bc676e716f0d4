/**
 * 5-Whys layout and SVG benchmark (part of `npm run bench`), in Node.
 *
 * Trees of generated answers (short mixed Chinese/English, up to 8 whys deep, branching), laid out
 * with dagre in both directions. Reports median/p95 times, overlapping boxes, lines through boxes
 * and the drawing's size. Reports only: exit code 0 whatever the PASS/FAIL column says.
 */
import { overlappingPairs, segmentCrossesRect } from '../../shared/layout/geometry';
import { layoutWhys, type WhyLayout } from '../../shared/layout/whys';
import { renderWhysSvg } from '../../shared/render/whys-svg';
import { generatedWhys } from '../support/whys';
import { compare, ms, table } from './measure';

const QUICK = process.env.CAUSEWAY_BENCH_QUICK === '1';
const RUNS = QUICK ? { warmup: 5, iterations: 30 } : { warmup: 20, iterations: 200 };

function crossings(layout: WhyLayout): number {
  let n = 0;
  for (const e of layout.edges) {
    for (let i = 0; i + 1 < e.points.length; i++) {
      for (const node of layout.nodes) {
        if (node.id !== e.source && node.id !== e.target && segmentCrossesRect(e.points[i]!, e.points[i + 1]!, node)) n++;
      }
    }
  }
  return n;
}

function timeIt(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const rows: string[][] = [];
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

for (const direction of ['LR', 'TB'] as const) {
  const analysis = generatedWhys(500, { seed: 11, depth: 8, direction, collapsed: 0.03 });
  const layout = layoutWhys(analysis, analysis.question);
  const timing = compare({ layout: () => timeIt(() => layoutWhys(analysis, analysis.question)) }, RUNS).layout;
  const overlaps = overlappingPairs(layout.nodes).length;
  const through = crossings(layout);
  rows.push([
    `layout, 500 whys, ${direction}`,
    ms(timing.median),
    ms(timing.p95),
    String(overlaps),
    String(through),
    `${layout.width} x ${layout.height}`,
    'median < 50 ms',
    verdict(timing.median < 50 && overlaps === 0 && through === 0),
  ]);
}

{
  const analysis = generatedWhys(200, { seed: 11, depth: 8 });
  const layout = layoutWhys(analysis, analysis.question);
  const { svg, both } = compare(
    {
      svg: () => timeIt(() => renderWhysSvg(analysis, layout)),
      both: () => timeIt(() => renderWhysSvg(analysis, layoutWhys(analysis, analysis.question))),
    },
    RUNS,
  );
  rows.push(['SVG string, 200 whys', ms(svg.median), ms(svg.p95), '', '', `${layout.width} x ${layout.height}`, 'median < 50 ms', verdict(svg.median < 50)]);
  rows.push(['layout + SVG, 200 whys', ms(both.median), ms(both.p95), '', '', '', 'median < 100 ms', verdict(both.median < 100)]);
}

console.log('\n5 Whys layout and SVG (Node, dagre, whys up to 8 deep)\n');
console.log(table(['operation', 'median ms', 'p95 ms', 'overlapping pairs', 'lines through boxes', 'size px', 'target', ''], rows, (c) => c > 0 && c < 5));

/**
 * Fishbone layout and SVG benchmark (part of `npm run bench`), in Node.
 *
 * Diagrams of 6 categories with causes nested 3 levels deep and short mixed Chinese/English texts,
 * the shape the public comparisons used (Mermaid 12 `ishikawa`: 300 causes in ~184 ms with 18-56
 * overlapping label pairs, ~1,800 x 4,400 px; G6 5: 1,000 causes in ~59 ms, either ~90,000 px wide
 * or with overlaps). Reports median/p95 times, overlapping label pairs, lines through labels and the
 * drawing's size. Reports only: exit code 0 whatever the PASS/FAIL column says.
 */
import { layoutFishbone, type FishboneLayout } from '../../shared/layout/fishbone';
import { overlappingPairs, segmentCrossesRect } from '../../shared/layout/geometry';
import { renderFishboneSvg } from '../../shared/render/fishbone-svg';
import { generatedFishbone } from '../support/fishbones';
import { compare, ms, table } from './measure';

const QUICK = process.env.CAUSEWAY_BENCH_QUICK === '1';
const RUNS = QUICK ? { warmup: 5, iterations: 30 } : { warmup: 20, iterations: 200 };
const MERMAID_AREA = 1800 * 4400;

function crossings(layout: FishboneLayout): number {
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

const effect = 'Deliveries were late during the promotion / 促销期间配送延误';
const rows: string[][] = [];
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

for (const total of [300, 1000]) {
  const fishbone = generatedFishbone(total, { categories: 6, depth: 3, seed: 11 });
  const layout = layoutFishbone(fishbone, effect);
  const timing = compare({ layout: () => timeIt(() => layoutFishbone(fishbone, effect)) }, RUNS).layout;
  const overlaps = overlappingPairs(layout.nodes).length;
  const through = crossings(layout);
  const area = (layout.width * layout.height) / MERMAID_AREA;
  const target = total === 1000 ? `median < 20 ms` : `area ≤ 1.5x Mermaid`;
  const pass = total === 1000 ? timing.median < 20 && overlaps === 0 && through === 0 : area <= 1.5 && overlaps === 0 && through === 0;
  rows.push([`layout, ${total} causes`, ms(timing.median), ms(timing.p95), String(overlaps), String(through), `${layout.width} x ${layout.height}`, `${area.toFixed(2)}x`, target, verdict(pass)]);
}

{
  const fishbone = generatedFishbone(300, { categories: 6, depth: 3, seed: 11 });
  const layout = layoutFishbone(fishbone, effect);
  const svg = compare({ svg: () => timeIt(() => renderFishboneSvg(fishbone, layout)) }, RUNS).svg;
  const both = compare({ both: () => timeIt(() => renderFishboneSvg(fishbone, layoutFishbone(fishbone, effect))) }, RUNS).both;
  rows.push(['SVG string, 300 causes', ms(svg.median), ms(svg.p95), '', '', '', '', 'median < 100 ms', verdict(svg.median < 100)]);
  rows.push(['layout + SVG, 300 causes', ms(both.median), ms(both.p95), '', '', '', '', 'median < 100 ms', verdict(both.median < 100)]);
}

function timeIt(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

console.log('\nFishbone layout and SVG (Node, 6 categories, causes 3 levels deep)\n');
console.log(
  table(['operation', 'median ms', 'p95 ms', 'overlapping pairs', 'lines through labels', 'size px', 'area vs Mermaid 300', 'target', ''], rows, (c) => c > 0 && c < 7),
);

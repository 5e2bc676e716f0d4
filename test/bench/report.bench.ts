/**
 * Lessons-learned report benchmark (part of `npm run bench`), in Node.
 *
 * One large case: 500 fishbone causes (6 categories, nested 3 deep), 200 5-Whys answers in 4 trees,
 * 100 actions with progress notes and checks. Times the whole path from the snapshot to the file's
 * text: `buildReport` (diagram layouts and SVG included for HTML; outlines only for Markdown, which
 * does not draw) and the renderer, in both languages and all three layouts. PDF and DOCX are
 * measured with their own pipelines. Reports only: exit code 0 whatever the PASS/FAIL column says.
 */
import { buildReport, REPORT_LAYOUTS, reportHtml, reportMarkdown } from '../../shared/report';
import { GENERATED_AT, largeSnapshot } from '../support/report-fixtures';
import { compare, ms, table } from './measure';

const QUICK = process.env.CAUSEWAY_BENCH_QUICK === '1';
const RUNS = QUICK ? { warmup: 3, iterations: 15 } : { warmup: 10, iterations: 60 };

function timeIt(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const snapshot = largeSnapshot({ causes: 500, whys: 200, trees: 4, actions: 100 });
const rows: string[][] = [];
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

for (const language of ['zh-CN', 'en'] as const) {
  for (const layout of REPORT_LAYOUTS) {
    const options = { language, layout, generatedAt: GENERATED_AT };
    let htmlSize = 0;
    let mdSize = 0;
    const timing = compare(
      {
        html: () => timeIt(() => (htmlSize = reportHtml(buildReport(snapshot, options)).length)),
        md: () => timeIt(() => (mdSize = reportMarkdown(buildReport(snapshot, { ...options, diagrams: false })).length)),
      },
      RUNS,
    );
    rows.push([`HTML, ${language}, ${layout}`, ms(timing.html.median), ms(timing.html.p95), `${Math.round(htmlSize / 1024)} KB`, 'median < 200 ms', verdict(timing.html.median < 200)]);
    rows.push([`Markdown, ${language}, ${layout}`, ms(timing.md.median), ms(timing.md.p95), `${Math.round(mdSize / 1024)} KB`, 'median < 100 ms', verdict(timing.md.median < 100)]);
  }
}

// Two harder variants: Markdown built with the diagrams drawn (as a caller that does not pass
// `diagrams: false` gets), and HTML with the 200 whys in one tree (the deepest layout).
{
  const options = { language: 'zh-CN' as const, layout: 'steps' as const, generatedAt: GENERATED_AT };
  const oneTree = largeSnapshot({ causes: 500, whys: 200, trees: 1, actions: 100 });
  const timing = compare(
    {
      md: () => timeIt(() => reportMarkdown(buildReport(snapshot, options))),
      html: () => timeIt(() => reportHtml(buildReport(oneTree, options))),
    },
    RUNS,
  );
  rows.push(['Markdown, zh-CN, steps, diagrams drawn', ms(timing.md.median), ms(timing.md.p95), '', 'median < 100 ms', verdict(timing.md.median < 100)]);
  rows.push(['HTML, zh-CN, steps, 200 whys in 1 tree', ms(timing.html.median), ms(timing.html.p95), '', 'median < 200 ms', verdict(timing.html.median < 200)]);
}

console.log('\nReport: 500 causes, 200 whys in 4 trees, 100 actions (build + render)\n');
console.log(table(['case', 'median ms', 'p95 ms', 'size', 'target', 'result'], rows, (c) => c === 1 || c === 2 || c === 3));

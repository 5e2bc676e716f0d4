/**
 * PDF and DOCX report benchmark (part of `npm run bench`), in Node.
 *
 * The same large case as the HTML/Markdown benchmark (report.bench.ts): 500 fishbone causes, 200
 * 5-Whys answers in 4 trees, 100 actions. Times the whole path from the snapshot to the file's
 * bytes, as report:export runs it:
 * - DOCX: buildReport, then reportDocx (the `docx` package, zipped in memory). Target: median < 1 s.
 * - PDF: buildReport, the HTML with the bundled CJK font inlined (only the subsets the text uses),
 *   then headless Chromium: launch, setContent, fonts ready, page.pdf, close. Target: median < 3 s.
 *   Skipped with a note when there is no Chromium (CHROMIUM_PATH, else /usr/bin/chromium).
 * Reports only: exit code 0 whatever the PASS/FAIL column says.
 */
import { findChromium, htmlToPdf } from '../../electron/backend/pdf';
import { printableHtml } from '../../electron/backend/report-export';
import { buildReport } from '../../shared/report';
import { reportDocx } from '../../shared/report/docx';
import { GENERATED_AT, largeSnapshot } from '../support/report-fixtures';
import { ms, stats, table } from './measure';

const QUICK = process.env.CAUSEWAY_BENCH_QUICK === '1';
const DOCX_RUNS = QUICK ? { warmup: 1, iterations: 5 } : { warmup: 2, iterations: 15 };
const PDF_RUNS = QUICK ? { warmup: 1, iterations: 3 } : { warmup: 1, iterations: 7 };

const snapshot = largeSnapshot({ causes: 500, whys: 200, trees: 4, actions: 100 });
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const rows: string[][] = [];

async function measure(runs: { warmup: number; iterations: number }, fn: () => Promise<number>): Promise<{ samples: number[]; size: number }> {
  const samples: number[] = [];
  let size = 0;
  for (let i = 0; i < runs.warmup + runs.iterations; i++) {
    const t0 = performance.now();
    size = await fn();
    const elapsed = performance.now() - t0;
    if (i >= runs.warmup) samples.push(elapsed);
  }
  return { samples, size };
}

const kb = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`);

for (const language of ['zh-CN', 'en'] as const) {
  const options = { language, layout: 'steps' as const, generatedAt: GENERATED_AT };
  const docx = await measure(DOCX_RUNS, async () => (await reportDocx(buildReport(snapshot, options))).byteLength);
  const s = stats(docx.samples);
  rows.push([`DOCX, ${language}, steps`, ms(s.median), ms(s.p95), kb(docx.size), 'median < 1 s', verdict(s.median < 1000)]);
}
{
  const options = { language: 'zh-CN' as const, layout: '8d' as const, generatedAt: GENERATED_AT };
  const docx = await measure(DOCX_RUNS, async () => (await reportDocx(buildReport(snapshot, options))).byteLength);
  const s = stats(docx.samples);
  rows.push(['DOCX, zh-CN, 8d', ms(s.median), ms(s.p95), kb(docx.size), 'median < 1 s', verdict(s.median < 1000)]);
}

const chromium = findChromium();
if (chromium) {
  for (const [language, layout] of [
    ['zh-CN', 'steps'],
    ['en', 'steps'],
    ['zh-CN', 'a3'],
  ] as const) {
    const options = { language, layout, generatedAt: GENERATED_AT };
    const pdf = await measure(PDF_RUNS, async () => (await htmlToPdf(printableHtml(buildReport(snapshot, options)))).byteLength);
    const s = stats(pdf.samples);
    rows.push([`PDF, ${language}, ${layout} (Chromium launch included)`, ms(s.median), ms(s.p95), kb(pdf.size), 'median < 3 s', verdict(s.median < 3000)]);
  }
}

console.log('\nLessons-learned report, PDF and DOCX: 500 causes, 200 whys (4 trees), 100 actions');
console.log(table(['case', 'median ms', 'p95 ms', 'size', 'target', 'result'], rows, (c) => c === 1 || c === 2 || c === 3));
if (!chromium) console.log(`PDF: skipped, no Chromium at ${process.env.CHROMIUM_PATH || '/usr/bin/chromium'} (apt-get install chromium, or set CHROMIUM_PATH).`);

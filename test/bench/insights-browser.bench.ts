/**
 * The insights screen in Chromium (part of `npm run bench`): from a filter change to the charts
 * drawn, at 10,000 cases.
 *
 * One temp SQLite file gets 10,000 cases through the real repository (test/bench/dataset.ts) and
 * their causes, whys, actions, checks and lessons as rows (test/bench/search-data.ts), and is served
 * by the browser-mode host. Chromium (headless, 1280x800) opens the app, goes to `#/insights` and
 * waits for its charts. Then, per run, a script in the page notes `performance.now()`, changes the
 * severity filter (alternately "high" and "all", as a person picking from the list does: a change
 * event on the select) and watches every animation frame until the new figures have arrived
 * (`main[data-loaded-at]` after the change) and every chart on the screen has been drawn since
 * (`.insights-chart-canvas[data-drawn]`, set by ECharts' `finished` event); the time reported is
 * taken in the next frame's requestAnimationFrame callback, i.e. once that frame is on its way to
 * the screen. Measured in the page, not by the test's clock. The insights:get request's own time
 * (the browser's resource timing of that fetch) is shown beside it.
 *
 * Reports only: exit code 0 whatever the PASS/FAIL column says; non-zero if the benchmark itself
 * fails. CAUSEWAY_BENCH_QUICK=1: fewer runs. CAUSEWAY_BENCH_INSIGHTS_CASES: another size.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Db } from '../../electron/backend/database';
import { Library } from '../../electron/backend/library';
import { launchBrowser } from '../support/browser';
import { RENDERER_DIR, runHost, type RunningHost } from '../support/host';
import { populate } from './dataset';
import { ms, stats, table } from './measure';
import { addAnalysisRows } from './search-data';

const QUICK = process.env.CAUSEWAY_BENCH_QUICK === '1';
const CASES = Number(process.env.CAUSEWAY_BENCH_INSIGHTS_CASES ?? 10_000);
const RUNS = QUICK ? 5 : 15;
const WARMUP = 2;
const TARGET_MS = 300;
const SEED = 20261207;
const VIEWPORT = { width: 1280, height: 800 };
const ROOT = resolve(import.meta.dirname, '..', '..');

function ensureRendererBuilt(): void {
  const index = join(RENDERER_DIR, 'index.html');
  const newest = (dir: string): number => {
    let t = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }
    return t;
  };
  if (!existsSync(index) || newest(join(ROOT, 'renderer', 'src')) > statSync(index).mtimeMs || newest(join(ROOT, 'shared')) > statSync(index).mtimeMs) {
    console.log('dist/renderer is missing or older than the sources: running npm run build first…');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  }
}

/** The library of `count` cases, written and closed before the host opens it. */
function makeLibrary(path: string, count: number): number {
  const t0 = performance.now();
  let clock = Date.parse('2026-01-01T00:00:00.000Z');
  const library = new Library(path, { now: () => new Date(clock) });
  const db = (library as unknown as { state: { db: Db } }).state.db;
  library.transaction(() => populate(library.repo, (ms) => (clock = ms), { count, seed: SEED, heavyEvents: 10, startMs: clock }));
  addAnalysisRows(db, SEED + 1);
  library.close();
  return performance.now() - t0;
}

/** One filter change in the page, to every chart drawn again; ms, plus the request's own time. */
const CHANGE = String.raw`(value) => new Promise((resolve, reject) => {
  const select = [...document.querySelectorAll('.insights-filters select')].find((s) => [...s.options].some((o) => o.value === 'critical'));
  if (!select) return reject(new Error('no severity filter'));
  performance.clearResourceTimings();
  const t0 = performance.now();
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  const deadline = t0 + 30000;
  const check = () => {
    const now = performance.now();
    if (now > deadline) return reject(new Error('the charts were not drawn again within 30 s'));
    const main = document.querySelector('main.insights');
    const loaded = Number(main && main.dataset.loadedAt || 0);
    const canvases = [...document.querySelectorAll('.insights-chart-canvas')];
    const drawn = loaded > t0 && canvases.length > 0 && canvases.every((c) => Number(c.dataset.drawn || 0) > loaded);
    if (!drawn) return requestAnimationFrame(check);
    requestAnimationFrame(() => {
      const api = performance.getEntriesByType('resource').filter((e) => e.name.includes('insights%3Aget'));
      resolve({ ms: performance.now() - t0, api: api.length ? api[api.length - 1].duration : null, charts: canvases.length });
    });
  };
  requestAnimationFrame(check);
})`;

async function main() {
  ensureRendererBuilt();
  const temp = mkdtempSync(join(tmpdir(), 'causeway-bench-insights-'));
  let h: RunningHost | null = null;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | null = null;
  try {
    const path = join(temp, 'library.sqlite');
    const buildMs = makeLibrary(path, CASES);
    h = await runHost(path, { checkOutput: false }); // as the shipped app runs: no output checks
    browser = await launchBrowser();
    const context = await browser.browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(h.host.appUrl);
    await page.locator('.row-title').first().waitFor({ timeout: 60_000 });
    const t0 = Date.now();
    await page.evaluate(() => (window.location.hash = '#/insights'));
    await page.locator('.insights-chart-canvas[data-drawn]').first().waitFor({ timeout: 60_000 });
    const firstMs = Date.now() - t0;

    const samples: number[] = [];
    const api: number[] = [];
    let charts = 0;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const r = (await page.evaluate(`(${CHANGE})(${JSON.stringify(i % 2 === 0 ? 'high' : '')})`)) as { ms: number; api: number | null; charts: number };
      if (i < WARMUP) continue;
      samples.push(r.ms);
      if (r.api !== null) api.push(r.api);
      charts = r.charts;
    }
    const s = stats(samples);
    const a = api.length ? stats(api) : null;
    console.log(`\nInsights screen in Chromium (headless, ${VIEWPORT.width}x${VIEWPORT.height}), ${CASES.toLocaleString('en')} cases, ${charts} charts; ${RUNS} filter changes after ${WARMUP} warm-up\n`);
    console.log(
      table(
        ['metric', 'median', 'p95', 'min', 'target', ''],
        [
          ['filter change to every chart drawn, ms', ms(s.median), ms(s.p95), ms(s.min), `median < ${TARGET_MS} ms`, s.median < TARGET_MS ? 'PASS' : 'FAIL'],
          ['  of which the insights:get request, ms', a ? ms(a.median) : '-', a ? ms(a.p95) : '-', a ? ms(a.min) : '-', '', ''],
        ],
        (c) => c > 0 && c < 4,
      ),
    );
    console.log(`\nLibrary written in ${ms(buildMs)} ms; first opening of the screen (navigation to the first chart drawn, test clock) ${firstMs} ms.`);
    await context.close();
  } finally {
    await browser?.close().catch(() => undefined);
    await h?.stop().catch(() => undefined);
    rmSync(temp, { recursive: true, force: true });
  }
}

await main();

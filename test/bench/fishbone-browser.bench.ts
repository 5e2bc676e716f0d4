/**
 * Fishbone and 5-Whys editors in Chromium (part of `npm run bench`).
 *
 * One temp SQLite file, served by the browser-mode host, holds two cases: one with a 300-cause
 * fishbone (6 categories, causes 3 levels deep), one with a single 5-Whys analysis of 200 whys (the
 * 200-why tree of whys-layout.bench.ts, ids made fresh uuids, asked about the problem: no start
 * cause). Each is compared with a bare React Flow page (test/bench/bare-flow/, built here with Vite's
 * JS API) drawing as many default nodes and default edges with fitView, in a canvas of the same size.
 * The measuring (page script, opening, gestures, statistics, tables) is shared; the two scenarios
 * differ only in their case, their URL, and a few options. Per page:
 *
 * - open to interactive: a new browser context per run goes straight to the page (for us the case's
 *   cause-analysis step, `#/case/<id>/analyse`). A script installed before any of the page's own
 *   checks once per animation frame whether every node is in the DOM and not hidden (React Flow hides
 *   a node until it has a size) and whether React Flow has fitted the view (the viewport's transform
 *   is no longer translate(0, 0) scale(1)). The time reported is `performance.now()` (so from the
 *   navigation's start, performance.timeOrigin) when a message posted from that frame's
 *   requestAnimationFrame callback arrives, i.e. just after the frame that first shows the whole,
 *   fitted diagram has been drawn. Measured in the page, not by the test's clock.
 * - 5 Whys: the page opens straight at the case's 5-Whys tab (`#/case/<id>/analyse/whys`, the address
 *   a link or a reload uses), and the clock runs from the navigation's start as for the fishbone: the
 *   app's start, the case, the whys:get request, the WhyCanvas chunk and the drawing all count. Nodes
 *   and the viewport are looked for inside the 5-Whys tab panel (#tool-panel-whys) only. This is
 *   compared with the bare page's plain opening: the same question ("navigation to a usable diagram
 *   of N nodes").
 * - frame times: a requestAnimationFrame loop records the time between frames while the mouse
 *   (a) drags the empty pane (90 moves over 1.5 s, there and back), and, for the fishbone only,
 *   (b) drags a cause node (90 moves, back to where it started, released over its own original
 *   place, which drops nothing). The stored diagram is compared before and after every node drag; a
 *   drag that changed it is counted, reported and undone by storing the original again. The 5-Whys
 *   case's revision is compared before and after all its runs.
 *
 * Reports only: exit code 0 whatever the PASS/FAIL column says; non-zero if the benchmark itself
 * fails (a page never becomes interactive, a build fails...). CAUSEWAY_BENCH_QUICK=1: fewer runs.
 */
import react from '@vitejs/plugin-react';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { createDispatch } from '../../electron/backend/dispatch';
import { createHandlers } from '../../electron/backend/handlers';
import { CONTENT_TYPES } from '../../electron/backend/http-host';
import type { Fishbone } from '../../shared/domain/fishbone';
import { questionText, type Why, type WhyAnalysis } from '../../shared/domain/whys';
import { layoutFishbone } from '../../shared/layout/fishbone';
import { layoutWhys } from '../../shared/layout/whys';
import { launchBrowser } from '../support/browser';
import { generatedFishbone } from '../support/fishbones';
import { RENDERER_DIR, runHost, type RunningHost } from '../support/host';
import { generatedWhys } from '../support/whys';
import { ms, ratio, stats, table, type Stats } from './measure';

const QUICK = process.env.CAUSEWAY_BENCH_QUICK === '1';
const OPEN_RUNS = QUICK ? 3 : 10;
const GESTURE_RUNS = QUICK ? 1 : 3;
const WARMUP = 1;
const MOVES = 90;
const GESTURE_MS = 1500;
const INTERACTIVE_TARGET_MS = 500;
const FRAME_TARGET_MS = 16.7;
/** rAF timestamps of on-time frames jitter by a few tenths of a ms around 1000/60 (16.5-16.8 ms are
 *  all "the next frame"), and a missed frame shows up as 33.3 ms: so the frame target allows 1 ms. */
const FRAME_JITTER_MS = 1;
const VIEWPORT = { width: 1280, height: 860 };
const ROOT = resolve(import.meta.dirname, '..', '..');
const BARE_SRC = join(import.meta.dirname, 'bare-flow');

type Side = 'ours' | 'bare';
type GestureKind = 'pane' | 'node';

/** Everything one page reports about its opening, in ms from the navigation's start. */
interface Opening {
  interactive: number;
  /** The first frame with every node rendered and visible / with the view fitted. */
  nodes: number;
  fitted: number;
  domContentLoaded: number;
  /** When the page script clicked the tab it was told to (5 Whys), if any. */
  clicked: number | null;
  /** Our page only: the diagram's API response and the lazily loaded editor chunk. */
  diagramResponse: number | null;
  canvasChunk: number | null;
  renderedEdges: number;
}

interface Gesture {
  frames: number[];
  /** From the press to the last move sent, and to the release handled by the page. */
  sentMs: number;
  durationMs: number;
}

/** Runs in every page before its own scripts (plain JS: it is sent to the browser as text).
 *  cfg: { expected, token, scope (selector of the element the diagram is looked for in; null: the
 *  document), click (selector of an element to click as soon as it exists; null: none), api and
 *  chunk (regex sources naming the diagram's API request and the editor's chunk; null: none) }. */
const PAGE_SCRIPT = String.raw`(function (cfg) {
  if (cfg.token) {
    try { sessionStorage.setItem('causeway.token', cfg.token); } catch (e) { /* about:blank */ }
  }
  var bench = { nodesAt: null, fittedAt: null, readyAt: null, interactive: null, clickedAt: null, recorder: null };
  window.__bench = bench;
  /** The element the diagram lives in, or null while it is not there (or the click is still due). */
  function root() {
    if (cfg.click && bench.clickedAt === null) return null;
    return cfg.scope ? document.querySelector(cfg.scope) : document;
  }
  if (cfg.click) {
    var tryClick = function () {
      var el = document.querySelector(cfg.click);
      if (!el) return false;
      bench.clickedAt = performance.now();
      el.click();
      return true;
    };
    var observer = new MutationObserver(function () { if (tryClick()) observer.disconnect(); });
    observer.observe(document, { childList: true, subtree: true });
  }
  function isFitted(r) {
    var vp = r.querySelector('.react-flow__viewport');
    var t = vp ? vp.style.transform.replace(/\s/g, '') : '';
    return t !== '' && t !== 'translate(0px,0px)scale(1)';
  }
  function allNodes(r) {
    var nodes = r.querySelectorAll('.react-flow__node');
    if (nodes.length !== cfg.expected) return false;
    for (var i = 0; i < nodes.length; i++) if (nodes[i].style.visibility === 'hidden') return false;
    return true;
  }
  function poll() {
    var now = performance.now();
    var r = root();
    var n = !!r && allNodes(r);
    var f = !!r && isFitted(r);
    if (n && bench.nodesAt === null) bench.nodesAt = now;
    if (f && bench.fittedAt === null) bench.fittedAt = now;
    if (n && f) {
      bench.readyAt = now;
      var ch = new MessageChannel();
      ch.port1.onmessage = function () { bench.interactive = performance.now(); };
      ch.port2.postMessage(0);
      return;
    }
    requestAnimationFrame(poll);
  }
  requestAnimationFrame(poll);

  bench.opening = function () {
    var nav = performance.getEntriesByType('navigation')[0];
    var res = performance.getEntriesByType('resource');
    var end = function (source) {
      if (!source) return null;
      var re = new RegExp(source);
      var hit = null;
      for (var i = 0; i < res.length; i++) if (re.test(res[i].name)) hit = res[i].responseEnd;
      return hit;
    };
    var r = root() || document;
    return {
      interactive: bench.interactive,
      nodes: bench.nodesAt,
      fitted: bench.fittedAt,
      domContentLoaded: nav ? nav.domContentLoadedEventEnd : 0,
      clicked: bench.clickedAt,
      diagramResponse: end(cfg.api),
      canvasChunk: end(cfg.chunk),
      renderedEdges: r.querySelectorAll('.react-flow__edge').length,
    };
  };

  /** Frame recorder: the time between consecutive animation frames while it runs. */
  bench.startFrames = function () {
    var rec = { deltas: [], last: 0, on: true };
    bench.recorder = rec;
    var loop = function (t) {
      if (!rec.on) return;
      if (rec.last) rec.deltas.push(t - rec.last);
      rec.last = t;
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  };
  bench.stopFrames = function () {
    bench.recorder.on = false;
    return bench.recorder.deltas;
  };

  /** The flow's box, and whether a path around (x, y) stays inside it with a margin. */
  var flow = function () { return (root() || document).querySelector('.react-flow'); };
  bench.flowSize = function () {
    var b = flow().getBoundingClientRect();
    return { width: Math.round(b.width), height: Math.round(b.height) };
  };
  var inside = function (r, x, y, ax, ay, margin) {
    return x - margin > r.left && x + ax + margin < r.right && y - ay - margin > r.top && y + ay + margin < r.bottom;
  };
  /** A point on the empty pane, nearest the flow's centre, from which a drag of (ax, ay) stays inside. */
  bench.paneSpot = function (ax, ay) {
    var r = flow().getBoundingClientRect();
    var cx = r.left + r.width / 2 - ax / 2, cy = r.top + r.height / 2;
    var best = null;
    for (var dy = -r.height / 2; dy <= r.height / 2; dy += 6) {
      for (var dx = -r.width / 2; dx <= r.width / 2; dx += 6) {
        var x = cx + dx, y = cy + dy;
        if (!inside(r, x, y, ax, ay, 50)) continue;
        var el = document.elementFromPoint(x, y);
        if (!el || !el.classList.contains('react-flow__pane')) continue;
        var d = dx * dx + dy * dy;
        if (!best || d < best.d) best = { x: x, y: y, d: d };
      }
    }
    return best && { x: best.x, y: best.y };
  };
  /** The centre of a node (a cause, on our fishbone page), nearest the flow's centre, that the
   *  pointer hits and from which a drag of (ax, ay) stays clear of React Flow's auto-pan margin. */
  bench.nodeSpot = function (ax, ay, selector) {
    var f = flow();
    var r = f.getBoundingClientRect();
    var cx = r.left + r.width / 2 - ax / 2, cy = r.top + r.height / 2;
    var best = null;
    var nodes = f.querySelectorAll('.react-flow__node');
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i];
      if (selector && !n.querySelector(selector)) continue;
      var b = n.getBoundingClientRect();
      var x = b.left + b.width / 2, y = b.top + b.height / 2;
      if (!inside(r, x, y, ax, ay, 70)) continue;
      var el = document.elementFromPoint(x, y);
      if (!el || !n.contains(el)) continue;
      var d = (x - cx) * (x - cx) + (y - cy) * (y - cy);
      if (!best || d < best.d) best = { x: x, y: y, d: d, id: n.getAttribute('data-id') };
    }
    return best && { x: best.x, y: best.y, id: best.id };
  };
})`;

const sleep = (msec: number) => new Promise((ok) => setTimeout(ok, msec));

// ---------------------------------------------------------------------------------------------
// Set-up: the app's build, the cases, the bare page.

function ensureRendererBuilt(): void {
  const index = join(RENDERER_DIR, 'index.html');
  if (!existsSync(index)) {
    console.log('dist/renderer is missing: running npm run build first…');
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    return;
  }
  const built = statSync(index).mtimeMs;
  const newest = (dir: string): number => {
    let t = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }
    return t;
  };
  if (Math.max(newest(join(ROOT, 'renderer')), newest(join(ROOT, 'shared'))) > built) {
    console.log('Note: renderer/ or shared/ changed after the last build; this measures dist/renderer as built (npm run build to refresh).');
  }
}

function createCase(h: RunningHost, title: string): string {
  const dispatch = createDispatch(createHandlers({ library: h.library, version: 'bench', shell: 'browser' }));
  const created = dispatch('cases:create', { language: 'en', title });
  if (!created.ok) throw new Error(`cases:create failed: ${JSON.stringify(created.error)}`);
  return (created.value as { case: { id: string } }).case.id;
}

/** The same tree with fresh random uuids for the analysis and every why: the generator numbers its
 *  ids as the fishbone generator does, and ids are unique across the whole database. */
function withFreshIds(analysis: WhyAnalysis): WhyAnalysis {
  const fresh = (list: Why[]): Why[] => list.map((w) => ({ ...w, id: randomUUID(), children: fresh(w.children) }));
  return { ...analysis, id: randomUUID(), whys: fresh(analysis.whys) };
}

async function buildBarePage(outDir: string, cacheDir: string): Promise<void> {
  await build({
    root: BARE_SRC,
    configFile: false,
    base: './',
    logLevel: 'warn',
    cacheDir,
    plugins: [react()],
    build: { outDir, emptyOutDir: true, sourcemap: false, assetsInlineLimit: 0 },
  });
}

/** Serves a folder on 127.0.0.1. */
async function serveFolder(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/favicon.ico') {
      res.writeHead(204);
      return res.end();
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : decodeURIComponent(path)));
    if (!file.startsWith(root + sep) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// In the browser.

interface Target {
  url: string;
  token: string | null;
  expected: number;
  /** Where the diagram is looked for (null: anywhere in the document). */
  scope: string | null;
  /** Clicked by the page script as soon as it exists (null: nothing). */
  click: string | null;
  /** Regex sources for the stage details: the diagram's API request and the editor's chunk. */
  api: string | null;
  chunk: string | null;
  /** Which nodes the node drag may pick (ours: causes only). */
  nodeSelector: string | null;
}

async function openPage(browser: Browser, target: Target): Promise<{ page: Page; opening: Opening; errors: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ locale: 'en-US', colorScheme: 'light', viewport: VIEWPORT });
  const cfg = { expected: target.expected, token: target.token, scope: target.scope, click: target.click, api: target.api, chunk: target.chunk };
  await context.addInitScript(`${PAGE_SCRIPT}(${JSON.stringify(cfg)});`);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(target.url);
  try {
    // A function, not a string: the app's CSP refuses eval.
    await page.waitForFunction(() => (window as unknown as { __bench?: { interactive: number | null } }).__bench?.interactive != null, undefined, { timeout: 30_000, polling: 50 });
  } catch (e) {
    const seen = await page.evaluate(
      '({ nodes: document.querySelectorAll(".react-flow__node").length, transform: document.querySelector(".react-flow__viewport")?.style.transform ?? null, clicked: window.__bench?.clickedAt ?? null, url: location.href })',
    );
    await context.close();
    throw new Error(`${target.url} never became interactive (expected ${target.expected} nodes; saw ${JSON.stringify(seen)}; page errors: ${errors.join(' | ') || 'none'})`, { cause: e });
  }
  const opening = (await page.evaluate('window.__bench.opening()')) as Opening;
  return { page, opening, errors, close: () => context.close() };
}

/** Presses at `start`, moves MOVES times over GESTURE_MS along a loop that ends where it started
 *  (x out and back, y up and down), releases; records the frames meanwhile. The events go through
 *  the DevTools protocol at their times without waiting for each to be handled, as a real mouse
 *  does (Playwright's page.mouse waits for every event's acknowledgement, which paces the moves by
 *  the page's own speed and so hides slow frames behind fewer moves). */
async function gesture(page: Page, start: { x: number; y: number }, ax: number, ay: number): Promise<Gesture> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const mouse = (type: 'mouseMoved' | 'mousePressed' | 'mouseReleased', x: number, y: number, buttons: number) =>
      cdp.send('Input.dispatchMouseEvent', { type, x, y, button: type === 'mouseMoved' && !buttons ? 'none' : 'left', buttons, clickCount: type === 'mouseMoved' ? 0 : 1 });
    await mouse('mouseMoved', start.x, start.y, 0);
    await sleep(100);
    await page.evaluate('window.__bench.startFrames()');
    await mouse('mousePressed', start.x, start.y, 1);
    const pending: Promise<unknown>[] = [];
    const t0 = performance.now();
    for (let i = 1; i <= MOVES; i++) {
      const wait = t0 + (i * GESTURE_MS) / MOVES - performance.now();
      if (wait > 0) await sleep(wait);
      const p = i / MOVES;
      const x = i === MOVES ? start.x : start.x + ax * Math.sin(Math.PI * p);
      const y = i === MOVES ? start.y : start.y + ay * Math.sin(2 * Math.PI * p);
      pending.push(mouse('mouseMoved', x, y, 1));
    }
    const sentMs = performance.now() - t0;
    pending.push(mouse('mouseReleased', start.x, start.y, 0));
    await Promise.all(pending);
    const durationMs = performance.now() - t0;
    await sleep(50);
    const frames = (await page.evaluate('window.__bench.stopFrames()')) as number[];
    return { frames, durationMs, sentMs };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// One scenario: our page against the bare page, interleaved; then its report.

const FRAME = 1000 / 60;

interface Scenario {
  /** The table's heading, before the sizes. */
  title: string;
  /** The opening row's label, before "(N nodes), ms". */
  openLabel: string;
  ours: Target;
  expectedEdges: number;
  gestures: GestureKind[];
  /** Extra rows of the stage table, ours only (the bare page has no API and no lazy chunk). */
  stages: Array<[string, (o: Opening) => number | null]>;
  /** Our page, node drags only: called before the drag; what it returns is awaited after it. */
  guardNodeDrag?: () => () => Promise<void>;
  /** Lines printed after the details. */
  notes(): string[];
}

interface Collected {
  openings: Opening[];
  gestures: Record<GestureKind, Gesture[]>;
  picked: Record<GestureKind, string>;
  errors: string[];
}

const GESTURE_PATH: Record<GestureKind, { ax: number; ay: number }> = { pane: { ax: 240, ay: 90 }, node: { ax: 180, ay: 70 } };

async function runScenario(browser: Browser, bareUrl: string, s: Scenario): Promise<{ collected: Record<Side, Collected>; flowSize: { width: number; height: number } }> {
  const bare: Target = { url: '', token: null, expected: s.ours.expected, scope: null, click: null, api: null, chunk: null, nodeSelector: null };
  const empty = (): Collected => ({ openings: [], gestures: { pane: [], node: [] }, picked: { pane: '', node: '' }, errors: [] });
  const collected: Record<Side, Collected> = { ours: empty(), bare: empty() };
  let flowSize = { width: 0, height: 0 };

  const runOnce = async (side: Side, record: boolean, withGestures: boolean) => {
    const target = side === 'ours' ? s.ours : bare;
    const opened = await openPage(browser, target);
    const c = collected[side];
    try {
      if (side === 'ours' && flowSize.width === 0) {
        // The bare page gets our canvas's size, as first seen.
        flowSize = (await opened.page.evaluate('window.__bench.flowSize()')) as typeof flowSize;
        bare.url = `${bareUrl}/?nodes=${s.ours.expected}&edges=${s.expectedEdges}&w=${flowSize.width}&h=${flowSize.height}`;
      }
      if (record) c.openings.push(opened.opening);
      if (withGestures) {
        for (const kind of s.gestures) {
          await sleep(300);
          const { ax, ay } = GESTURE_PATH[kind];
          const spot = (await opened.page.evaluate(
            kind === 'pane' ? `window.__bench.paneSpot(${ax}, ${ay})` : `window.__bench.nodeSpot(${ax}, ${ay}, ${JSON.stringify(target.nodeSelector)})`,
          )) as { x: number; y: number; id?: string } | null;
          if (!spot) throw new Error(`${s.title}, ${side}: no ${kind === 'pane' ? 'empty spot on the pane to drag from' : 'node to drag'}`);
          const at = `(${Math.round(spot.x)}, ${Math.round(spot.y)})`;
          c.picked[kind] = spot.id ? `${spot.id.slice(0, 13)} at ${at}` : at;
          const check = kind === 'node' && side === 'ours' ? s.guardNodeDrag?.() : undefined;
          c.gestures[kind].push(await gesture(opened.page, spot, ax, ay));
          await check?.();
        }
      }
      c.errors.push(...opened.errors);
    } finally {
      await opened.close();
    }
  };

  for (let i = 0; i < WARMUP; i++) for (const side of ['ours', 'bare'] as const) await runOnce(side, false, false);
  for (let i = 0; i < OPEN_RUNS; i++) {
    const order: Side[] = i % 2 ? ['bare', 'ours'] : ['ours', 'bare'];
    for (const side of order) await runOnce(side, true, i < GESTURE_RUNS);
  }
  return { collected, flowSize };
}

function report(s: Scenario, collected: Record<Side, Collected>, flowSize: { width: number; height: number }): void {
  const expected = s.ours.expected;
  const open = (side: Side) => stats(collected[side].openings.map((o) => o.interactive));
  const frames = (side: Side, kind: GestureKind) => stats(collected[side].gestures[kind].flatMap((g) => g.frames));
  const cell = (st: Stats) => [ms(st.median), ms(st.p95), ms(st.min)];
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const rows: string[][] = [];
  {
    const o = open('ours');
    const b = open('bare');
    rows.push([`${s.openLabel} (${expected} nodes), ms`, ...cell(o), ...cell(b), ratio(o.median, b.median), `median < ${INTERACTIVE_TARGET_MS} ms`, verdict(o.median < INTERACTIVE_TARGET_MS)]);
  }
  const gestureLabel: Record<GestureKind, string> = { pane: 'viewport drag: frame time, ms', node: 'node drag: frame time, ms' };
  for (const kind of s.gestures) {
    const o = frames('ours', kind);
    const b = frames('bare', kind);
    rows.push([gestureLabel[kind], ...cell(o), ...cell(b), ratio(o.p95, b.p95), `p95 < ${FRAME_TARGET_MS} ms (+${FRAME_JITTER_MS} ms jitter)`, verdict(o.p95 < FRAME_TARGET_MS + FRAME_JITTER_MS)]);
  }

  console.log(`\n${s.title} in Chromium (headless, ${VIEWPORT.width}x${VIEWPORT.height}; React Flow canvas ${flowSize.width}x${flowSize.height}; ${expected} nodes, ${s.expectedEdges} edges)\n`);
  console.log(table(['metric', 'ours median', 'ours p95', 'ours min', 'bare RF median', 'bare RF p95', 'bare RF min', 'ours/bare', 'target', ''], rows, (c) => c > 0 && c < 8));
  console.log('ours/bare: ratio of the medians for opening, of the p95s for frame times. PASS/FAIL judges ours only.');

  // Details.
  const med = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => typeof x === 'number');
    return v.length ? ms(stats(v).median) : '-';
  };
  const stage = (side: Side, pick: (o: Opening) => number | null) => med(collected[side].openings.map(pick));
  console.log('\nOpening, median ms from navigation start:');
  console.log(
    table(
      ['stage', 'ours', 'bare RF'],
      [
        ['DOMContentLoaded', stage('ours', (o) => o.domContentLoaded), stage('bare', (o) => o.domContentLoaded)],
        ...s.stages.map(([label, pick]) => [label, stage('ours', pick), '-']),
        ['first frame with all nodes rendered', stage('ours', (o) => o.nodes), stage('bare', (o) => o.nodes)],
        ['first frame with the view fitted', stage('ours', (o) => o.fitted), stage('bare', (o) => o.fitted)],
        ['interactive (after that frame)', stage('ours', (o) => o.interactive), stage('bare', (o) => o.interactive)],
      ],
    ),
  );
  const edgesSeen = (side: Side) => [...new Set(collected[side].openings.map((o) => o.renderedEdges))].join('/');
  const over = (side: Side, kind: GestureKind) => {
    const all = collected[side].gestures[kind].flatMap((g) => g.frames);
    const long = all.filter((f) => f > FRAME * 1.5).length;
    const sent = stats(collected[side].gestures[kind].map((g) => g.sentMs));
    const dur = stats(collected[side].gestures[kind].map((g) => g.durationMs));
    return `${all.length} frames, ${long} longer than 1.5 vsync (${((100 * long) / all.length).toFixed(1)}%), max ${ms(Math.max(...all))} ms; moves sent over ${ms(sent.median)} ms, all handled after ${ms(dur.median)} ms (medians)`;
  };
  console.log(`\nRuns: ${OPEN_RUNS} openings per page after ${WARMUP} warm-up, each in a new context; gestures in the first ${GESTURE_RUNS} (${MOVES} moves over ${GESTURE_MS} ms each).`);
  console.log(`Edges in the DOM: ours ${edgesSeen('ours')}, bare ${edgesSeen('bare')} (of ${s.expectedEdges}).`);
  for (const side of ['ours', 'bare'] as const) {
    const who = side === 'ours' ? 'Ours   ' : 'Bare RF';
    for (const kind of s.gestures) console.log(`${who} ${kind === 'pane' ? 'viewport' : 'node'} drag ${kind === 'pane' ? 'from' : 'of'} ${collected[side].picked[kind]}: ${over(side, kind)}`);
  }
  for (const line of s.notes()) console.log(line);
  for (const side of ['ours', 'bare'] as const) {
    const errs = [...new Set(collected[side].errors)];
    if (errs.length) console.log(`Page errors (${side}): ${errs.slice(0, 5).join(' | ')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The two scenarios.

function fishboneScenario(h: RunningHost): Scenario {
  const fishbone: Fishbone = generatedFishbone(300, { categories: 6, depth: 3, seed: 11 });
  const layout = layoutFishbone(fishbone, fishbone.effect ?? '');
  const caseId = createCase(h, 'Late deliveries (300 causes)');
  h.library.fishbones.apply(caseId, { type: 'replace', fishbone });
  const original = h.library.fishbones.get(caseId).fishbone;
  if (!isDeepStrictEqual(original, fishbone)) throw new Error('the stored fishbone differs from the generated one');
  let nodeDrags = 0;
  let changedByDrop = 0;
  return {
    title: 'Fishbone editor',
    openLabel: 'open to interactive',
    ours: {
      url: `${h.host.url}/#/case/${caseId}/analyse`,
      token: h.host.token,
      expected: layout.nodes.length,
      scope: null,
      click: null,
      api: String.raw`api\/fishbone%3Aget`,
      chunk: String.raw`FishboneCanvas-[^/]*\.js$`,
      nodeSelector: '.fb-cause',
    },
    expectedEdges: layout.edges.length,
    gestures: ['pane', 'node'],
    stages: [
      ['fishbone:get response received', (o) => o.diagramResponse],
      ['editor chunk (FishboneCanvas) received', (o) => o.canvasChunk],
    ],
    guardNodeDrag() {
      const before = h.library.fishbones.get(caseId);
      return async () => {
        nodeDrags++;
        await sleep(800); // any save the drop started has reached the host by now
        const after = h.library.fishbones.get(caseId);
        if (after.revision !== before.revision || !isDeepStrictEqual(after.fishbone, before.fishbone)) {
          changedByDrop++;
          h.library.fishbones.apply(caseId, { type: 'replace', fishbone: original });
        }
      };
    },
    notes() {
      const final = h.library.fishbones.get(caseId).fishbone;
      return [
        `Node drags released over their own place: ${nodeDrags}; changed the stored diagram: ${changedByDrop}${changedByDrop ? ' (restored each time)' : ''}; diagram at the end ${isDeepStrictEqual(final, original) ? 'identical to' : 'DIFFERENT from'} the original.`,
      ];
    },
  };
}

function whysScenario(h: RunningHost): Scenario {
  const analysis = withFreshIds(generatedWhys(200, { seed: 11, depth: 8 }));
  const caseId = createCase(h, 'Late deliveries (200 whys)');
  h.library.whys.apply(caseId, { type: 'addAnalysis', index: 0, analysis });
  const stored = h.library.whys.get(caseId);
  if (stored.analyses.length !== 1 || !isDeepStrictEqual(stored.analyses[0], analysis)) throw new Error('the stored 5-Whys analysis differs from the generated one');
  // The question as the editor shows it: the analysis's own wording, else the problem's first line.
  const problem = h.library.repo.get(caseId).case.problem;
  const layout = layoutWhys(analysis, questionText(analysis, () => null, problem));
  let whyCount = 0;
  const visit = (list: Why[]) => list.forEach((w) => (whyCount++, visit(w.children)));
  visit(analysis.whys);
  return {
    title: `5 Whys editor (one analysis, ${whyCount} whys, ${analysis.direction})`,
    openLabel: 'open to interactive',
    ours: {
      url: `${h.host.url}/#/case/${caseId}/analyse/whys`,
      token: h.host.token,
      expected: layout.nodes.length,
      scope: '#tool-panel-whys',
      click: null,
      api: String.raw`api\/whys%3Aget`,
      chunk: String.raw`WhyCanvas-[^/]*\.js$`,
      nodeSelector: null,
    },
    expectedEdges: layout.edges.length,
    gestures: ['pane'],
    stages: [
      ['whys:get response received', (o) => o.diagramResponse],
      ['editor chunk (WhyCanvas) received', (o) => o.canvasChunk],
    ],
    notes() {
      const after = h.library.whys.get(caseId);
      const same = after.revision === stored.revision && isDeepStrictEqual(after.analyses, stored.analyses);
      return [`Stored analyses at the end ${same ? 'identical to' : 'DIFFERENT from'} the seeded one (revision ${stored.revision} -> ${after.revision}).`];
    },
  };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  ensureRendererBuilt();
  const temp = mkdtempSync(join(tmpdir(), 'causeway-bench-browser-'));
  let h: RunningHost | null = null;
  let bareServer: Awaited<ReturnType<typeof serveFolder>> | null = null;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | null = null;
  try {
    h = await runHost(join(temp, 'library.sqlite'), { checkOutput: false }); // as the shipped app runs: no output checks
    const scenarios = [fishboneScenario(h), whysScenario(h)];

    const t0 = performance.now();
    await buildBarePage(join(temp, 'bare'), join(temp, 'vite-cache'));
    const bareBuildMs = performance.now() - t0;
    bareServer = await serveFolder(join(temp, 'bare'));

    browser = await launchBrowser();
    // Every scenario runs before any report, so the tables come together at the end.
    const results: Array<Awaited<ReturnType<typeof runScenario>>> = [];
    for (const s of scenarios) results.push(await runScenario(browser.browser, bareServer.url, s));
    scenarios.forEach((s, i) => report(s, results[i]!.collected, results[i]!.flowSize));
    console.log(`\nBare page built in ${ms(bareBuildMs)} ms; the bare page of each table has that table's node and edge counts and canvas size.`);
  } finally {
    await browser?.close().catch(() => undefined);
    await bareServer?.close().catch(() => undefined);
    await h?.stop().catch(() => undefined);
    rmSync(temp, { recursive: true, force: true });
  }
}

await main();

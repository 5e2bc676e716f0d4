/**
 * Fishbone editor benchmark in Chromium (part of `npm run bench`).
 *
 * A case with a 300-cause fishbone (6 categories, causes 3 levels deep) in a temp SQLite file, served
 * by the browser-mode host, next to a bare React Flow page (test/bench/bare-flow/, built here with
 * Vite's JS API) drawing as many default nodes and default edges with fitView. For each:
 *
 * - open to interactive: a new browser context per run goes straight to the page (for us the case's
 *   cause-analysis step, `#/case/<id>/analyse`). A script installed before any of the page's own
 *   checks once per animation frame whether every node is in the DOM and not hidden (React Flow hides
 *   a node until it has a size) and whether React Flow has fitted the view (the viewport's transform
 *   is no longer translate(0, 0) scale(1)). The time reported is `performance.now()` (so from the
 *   navigation's start, performance.timeOrigin) when a message posted from that frame's
 *   requestAnimationFrame callback arrives, i.e. just after the frame that first shows the whole,
 *   fitted diagram has been drawn. Measured in the page, not by the test's clock.
 * - frame times: a requestAnimationFrame loop records the time between frames while the mouse
 *   (a) drags the empty pane (90 moves over 1.5 s, there and back), and (b) drags a cause node
 *   (90 moves, back to where it started, released over its own original place, which drops nothing).
 *   The stored diagram is compared before and after every node drag; a drag that changed it is
 *   counted, reported and undone by storing the original again.
 *
 * Reports only: exit code 0 whatever the PASS/FAIL column says; non-zero if the benchmark itself
 * fails (a page never becomes interactive, a build fails...). CAUSEWAY_BENCH_QUICK=1: fewer runs.
 */
import react from '@vitejs/plugin-react';
import { execFileSync } from 'node:child_process';
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
import { layoutFishbone } from '../../shared/layout/fishbone';
import { launchBrowser } from '../support/browser';
import { generatedFishbone } from '../support/fishbones';
import { RENDERER_DIR, runHost, type RunningHost } from '../support/host';
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

/** Everything one page reports about its opening, in ms from the navigation's start. */
interface Opening {
  interactive: number;
  /** The first frame with every node rendered and visible / with the view fitted. */
  nodes: number;
  fitted: number;
  domContentLoaded: number;
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

/** Runs in every page before its own scripts (plain JS: it is sent to the browser as text). */
const PAGE_SCRIPT = String.raw`(function (cfg) {
  if (cfg.token) {
    try { sessionStorage.setItem('causeway.token', cfg.token); } catch (e) { /* about:blank */ }
  }
  var bench = { nodesAt: null, fittedAt: null, readyAt: null, interactive: null, recorder: null };
  window.__bench = bench;
  function isFitted() {
    var vp = document.querySelector('.react-flow__viewport');
    var t = vp ? vp.style.transform.replace(/\s/g, '') : '';
    return t !== '' && t !== 'translate(0px,0px)scale(1)';
  }
  function allNodes() {
    var nodes = document.querySelectorAll('.react-flow__node');
    if (nodes.length !== cfg.expected) return false;
    for (var i = 0; i < nodes.length; i++) if (nodes[i].style.visibility === 'hidden') return false;
    return true;
  }
  function poll() {
    var now = performance.now();
    var n = allNodes();
    var f = isFitted();
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
    var end = function (re) {
      var hit = null;
      for (var i = 0; i < res.length; i++) if (re.test(res[i].name)) hit = res[i].responseEnd;
      return hit;
    };
    return {
      interactive: bench.interactive,
      nodes: bench.nodesAt,
      fitted: bench.fittedAt,
      domContentLoaded: nav ? nav.domContentLoadedEventEnd : 0,
      diagramResponse: end(/api\/fishbone%3Aget/),
      canvasChunk: end(/FishboneCanvas-[^/]*\.js$/),
      renderedEdges: document.querySelectorAll('.react-flow__edge').length,
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
  var flowRect = function () { return document.querySelector('.react-flow').getBoundingClientRect(); };
  var inside = function (r, x, y, ax, ay, margin) {
    return x - margin > r.left && x + ax + margin < r.right && y - ay - margin > r.top && y + ay + margin < r.bottom;
  };
  /** A point on the empty pane, nearest the flow's centre, from which a drag of (ax, ay) stays inside. */
  bench.paneSpot = function (ax, ay) {
    var r = flowRect();
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
  /** The centre of a node (a cause, on our page), nearest the flow's centre, that the pointer hits
   *  and from which a drag of (ax, ay) stays clear of React Flow's auto-pan margin. */
  bench.nodeSpot = function (ax, ay, selector) {
    var r = flowRect();
    var cx = r.left + r.width / 2 - ax / 2, cy = r.top + r.height / 2;
    var best = null;
    var nodes = document.querySelectorAll('.react-flow__node');
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
// Set-up: the app's build, the case, the bare page.

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

function seedCase(h: RunningHost, fishbone: Fishbone): string {
  const dispatch = createDispatch(createHandlers({ library: h.library, version: 'bench', shell: 'browser' }));
  const created = dispatch('cases:create', { language: 'en', title: 'Late deliveries (300 causes)' });
  if (!created.ok) throw new Error(`cases:create failed: ${JSON.stringify(created.error)}`);
  const caseId = (created.value as { case: { id: string } }).case.id;
  h.library.fishbones.apply(caseId, { type: 'replace', fishbone });
  return caseId;
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
  /** Which nodes the node drag may pick (ours: causes only). */
  nodeSelector: string | null;
}

async function openPage(browser: Browser, target: Target): Promise<{ page: Page; opening: Opening; errors: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ locale: 'en-US', colorScheme: 'light', viewport: VIEWPORT });
  await context.addInitScript(`${PAGE_SCRIPT}(${JSON.stringify({ expected: target.expected, token: target.token })});`);
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
    const seen = await page.evaluate('({ nodes: document.querySelectorAll(".react-flow__node").length, transform: document.querySelector(".react-flow__viewport")?.style.transform ?? null, url: location.href })');
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

const FRAME = 1000 / 60;

interface Collected {
  openings: Opening[];
  pane: Gesture[];
  node: Gesture[];
  errors: string[];
}

async function main() {
  ensureRendererBuilt();
  const temp = mkdtempSync(join(tmpdir(), 'causeway-bench-browser-'));
  let h: RunningHost | null = null;
  let bareServer: Awaited<ReturnType<typeof serveFolder>> | null = null;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | null = null;
  try {
    // Our case.
    const fishbone = generatedFishbone(300, { categories: 6, depth: 3, seed: 11 });
    const layout = layoutFishbone(fishbone, fishbone.effect ?? '');
    const expected = layout.nodes.length;
    const expectedEdges = layout.edges.length;
    h = await runHost(join(temp, 'library.sqlite'), { checkOutput: false }) // as the shipped app runs: no output checks;
    const caseId = seedCase(h, fishbone);
    const original = h.library.fishbones.get(caseId).fishbone;
    if (!isDeepStrictEqual(original, fishbone)) throw new Error('the stored fishbone differs from the generated one');

    // The bare page.
    const t0 = performance.now();
    await buildBarePage(join(temp, 'bare'), join(temp, 'vite-cache'));
    const bareBuildMs = performance.now() - t0;
    bareServer = await serveFolder(join(temp, 'bare'));

    browser = await launchBrowser();
    const ours: Target = { url: `${h.host.url}/#/case/${caseId}/analyse`, token: h.host.token, expected, nodeSelector: '.fb-cause' };
    const bare: Target = { url: '', token: null, expected, nodeSelector: null };
    const collected: Record<Side, Collected> = {
      ours: { openings: [], pane: [], node: [], errors: [] },
      bare: { openings: [], pane: [], node: [], errors: [] },
    };
    let flowSize = { width: 0, height: 0 };
    let nodeDrags = 0;
    let changedByDrop = 0;
    const picked: Record<Side, { pane: string; node: string }> = { ours: { pane: '', node: '' }, bare: { pane: '', node: '' } };

    const runOnce = async (side: Side, record: boolean, withGestures: boolean) => {
      const target = side === 'ours' ? ours : bare;
      const opened = await openPage(browser!.browser, target);
      const c = collected[side];
      try {
        if (side === 'ours' && flowSize.width === 0) {
          flowSize = (await opened.page.evaluate('(() => { const r = document.querySelector(".react-flow").getBoundingClientRect(); return { width: Math.round(r.width), height: Math.round(r.height) }; })()')) as typeof flowSize;
          bare.url = `${bareServer!.url}/?nodes=${expected}&edges=${expectedEdges}&w=${flowSize.width}&h=${flowSize.height}`;
        }
        if (record) c.openings.push(opened.opening);
        if (withGestures) {
          await sleep(300);
          const pane = (await opened.page.evaluate('window.__bench.paneSpot(240, 90)')) as { x: number; y: number } | null;
          if (!pane) throw new Error(`${side}: no empty spot on the pane to drag from`);
          picked[side].pane = `(${Math.round(pane.x)}, ${Math.round(pane.y)})`;
          c.pane.push(await gesture(opened.page, pane, 240, 90));
          await sleep(300);
          const node = (await opened.page.evaluate(`window.__bench.nodeSpot(180, 70, ${JSON.stringify(target.nodeSelector)})`)) as { x: number; y: number; id: string } | null;
          if (!node) throw new Error(`${side}: no node to drag`);
          picked[side].node = `${node.id.slice(0, 13)} at (${Math.round(node.x)}, ${Math.round(node.y)})`;
          const before = side === 'ours' ? h!.library.fishbones.get(caseId) : null;
          c.node.push(await gesture(opened.page, node, 180, 70));
          if (before) {
            nodeDrags++;
            await sleep(800); // any save the drop started has reached the host by now
            const after = h!.library.fishbones.get(caseId);
            if (after.revision !== before.revision || !isDeepStrictEqual(after.fishbone, before.fishbone)) {
              changedByDrop++;
              h!.library.fishbones.apply(caseId, { type: 'replace', fishbone: original });
            }
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
    const finalDiagram = h.library.fishbones.get(caseId).fishbone;

    // Report.
    const open = (side: Side) => stats(collected[side].openings.map((o) => o.interactive));
    const frames = (side: Side, kind: 'pane' | 'node') => stats(collected[side][kind].flatMap((g) => g.frames));
    const cell = (s: Stats) => [ms(s.median), ms(s.p95), ms(s.min)];
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
    const rows: string[][] = [];
    {
      const o = open('ours');
      const b = open('bare');
      rows.push([`open to interactive (${expected} nodes), ms`, ...cell(o), ...cell(b), ratio(o.median, b.median), `median < ${INTERACTIVE_TARGET_MS} ms`, verdict(o.median < INTERACTIVE_TARGET_MS)]);
    }
    for (const [kind, label] of [['pane', 'viewport drag: frame time, ms'], ['node', 'node drag: frame time, ms']] as const) {
      const o = frames('ours', kind);
      const b = frames('bare', kind);
      rows.push([label, ...cell(o), ...cell(b), ratio(o.p95, b.p95), `p95 < ${FRAME_TARGET_MS} ms (+${FRAME_JITTER_MS} ms jitter)`, verdict(o.p95 < FRAME_TARGET_MS + FRAME_JITTER_MS)]);
    }

    console.log(`\nFishbone editor in Chromium (headless, ${VIEWPORT.width}x${VIEWPORT.height}; React Flow canvas ${flowSize.width}x${flowSize.height}; ${expected} nodes, ${expectedEdges} edges)\n`);
    console.log(
      table(['metric', 'ours median', 'ours p95', 'ours min', 'bare RF median', 'bare RF p95', 'bare RF min', 'ours/bare', 'target', ''], rows, (c) => c > 0 && c < 8),
    );
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
          ['fishbone:get response received', stage('ours', (o) => o.diagramResponse), '-'],
          ['editor chunk (FishboneCanvas) received', stage('ours', (o) => o.canvasChunk), '-'],
          ['first frame with all nodes rendered', stage('ours', (o) => o.nodes), stage('bare', (o) => o.nodes)],
          ['first frame with the view fitted', stage('ours', (o) => o.fitted), stage('bare', (o) => o.fitted)],
          ['interactive (after that frame)', stage('ours', (o) => o.interactive), stage('bare', (o) => o.interactive)],
        ],
      ),
    );
    const edgesSeen = (side: Side) => [...new Set(collected[side].openings.map((o) => o.renderedEdges))].join('/');
    const over = (side: Side, kind: 'pane' | 'node') => {
      const all = collected[side][kind].flatMap((g) => g.frames);
      const long = all.filter((f) => f > FRAME * 1.5).length;
      const sent = stats(collected[side][kind].map((g) => g.sentMs));
      const dur = stats(collected[side][kind].map((g) => g.durationMs));
      return `${all.length} frames, ${long} longer than 1.5 vsync (${((100 * long) / all.length).toFixed(1)}%), max ${ms(Math.max(...all))} ms; moves sent over ${ms(sent.median)} ms, all handled after ${ms(dur.median)} ms (medians)`;
    };
    console.log(`\nRuns: ${OPEN_RUNS} openings per page after ${WARMUP} warm-up, each in a new context; gestures in the first ${GESTURE_RUNS} (${MOVES} moves over ${GESTURE_MS} ms each).`);
    console.log(`Edges in the DOM: ours ${edgesSeen('ours')}, bare ${edgesSeen('bare')} (of ${expectedEdges}). Bare page built in ${ms(bareBuildMs)} ms.`);
    for (const side of ['ours', 'bare'] as const) {
      console.log(`${side === 'ours' ? 'Ours   ' : 'Bare RF'} viewport drag from ${picked[side].pane}: ${over(side, 'pane')}`);
      console.log(`${side === 'ours' ? 'Ours   ' : 'Bare RF'} node drag of ${picked[side].node}: ${over(side, 'node')}`);
    }
    console.log(
      `Node drags released over their own place: ${nodeDrags}; changed the stored diagram: ${changedByDrop}${changedByDrop ? ' (restored each time)' : ''}; diagram at the end ${isDeepStrictEqual(finalDiagram, original) ? 'identical to' : 'DIFFERENT from'} the original.`,
    );
    for (const side of ['ours', 'bare'] as const) {
      const errs = [...new Set(collected[side].errors)];
      if (errs.length) console.log(`Page errors (${side}): ${errs.slice(0, 5).join(' | ')}`);
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await bareServer?.close().catch(() => undefined);
    await h?.stop().catch(() => undefined);
    rmSync(temp, { recursive: true, force: true });
  }
}

await main();

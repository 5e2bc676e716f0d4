// Bundles the desktop shell and the browser-mode host. The renderer is built by Vite.
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  // Electron's main process loads CommonJS most reliably; native and electron stay external.
  build({ ...common, entryPoints: ['electron/main/index.ts'], outfile: 'dist/electron/main.cjs', format: 'cjs', external: ['electron', 'better-sqlite3', 'playwright-core', '@node-rs/jieba', '@node-rs/jieba/dict.js'] }),
  // A sandboxed preload may only require('electron'): everything else is bundled in.
  build({ ...common, entryPoints: ['electron/preload/index.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] }),
  build({
    ...common,
    entryPoints: ['electron/backend/serve.ts'],
    outfile: 'dist/host/serve.mjs',
    format: 'esm',
    // Headless Chromium for PDF in browser mode is loaded at run time, only when asked for.
    external: ['better-sqlite3', 'playwright-core', '@node-rs/jieba', '@node-rs/jieba/dict.js'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  }),
  // The page participants' phones open during a retrospective (electron/backend/retro/lan-host.ts
  // serves it from dist/phone): one small script with no dependencies, for any phone browser.
  build({ entryPoints: ['renderer/phone/phone.ts'], outfile: 'dist/phone/phone.js', bundle: true, platform: 'browser', format: 'iife', target: ['es2020'], minify: true, logLevel: 'warning' }),
]);
cpSync('renderer/phone/phone.css', join('dist', 'phone', 'phone.css'));

// The CJK font the PDF report embeds (Noto Sans SC), next to the desktop bundle, which looks for it
// in dist/electron/fonts (electron/backend/report-fonts.ts).
const fontDir = dirname(createRequire(import.meta.url).resolve('@fontsource-variable/noto-sans-sc/package.json'));
const fontOut = join('dist', 'electron', 'fonts', 'noto-sans-sc');
mkdirSync(fontOut, { recursive: true });
cpSync(join(fontDir, 'index.css'), join(fontOut, 'index.css'));
cpSync(join(fontDir, 'files'), join(fontOut, 'files'), { recursive: true, filter: (f) => !f.endsWith('.woff') });
cpSync(join(fontDir, 'LICENSE'), join(fontOut, 'LICENSE'));

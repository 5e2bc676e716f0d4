// Bundles the desktop shell and the browser-mode host. The renderer is built by Vite.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  // Electron's main process loads CommonJS most reliably; native and electron stay external.
  build({ ...common, entryPoints: ['electron/main/index.ts'], outfile: 'dist/electron/main.cjs', format: 'cjs', external: ['electron', 'better-sqlite3'] }),
  // A sandboxed preload may only require('electron'): everything else is bundled in.
  build({ ...common, entryPoints: ['electron/preload/index.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] }),
  build({
    ...common,
    entryPoints: ['electron/backend/serve.ts'],
    outfile: 'dist/host/serve.mjs',
    format: 'esm',
    external: ['better-sqlite3'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  }),
]);

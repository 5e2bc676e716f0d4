import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // The app is offline and loaded from disk: one chunk for the app, no remote assets.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});

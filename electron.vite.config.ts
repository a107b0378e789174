// Builds the three parts of the desktop app: main (Node, externalised dependencies), the sandboxed
// preload (one self-contained CommonJS file, as sandboxed preloads require) and the React renderer.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // The extraction and backup workers are entries of their own; chunks stay flat beside the entries so
        // that `new URL('./extract-worker.js', import.meta.url)` finds it from whichever file holds the pool.
        input: {
          index: resolve('src-main/electron/main.ts'),
          'extract-worker': resolve('src-main/library/extract-worker.ts'),
          'backup-worker': resolve('src-main/backup/backup-worker.ts'),
        },
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src-preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
  },
});

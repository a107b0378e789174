// Builds the three parts of the desktop app: main (Node, externalised dependencies), the sandboxed
// preload (one self-contained CommonJS file, as sandboxed preloads require) and the React renderer.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { WORKER_ENTRIES } from './src-main/kernel/worker-entries.ts';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // Every worker is an entry of its own (src-main/kernel/worker-entries.ts); chunks stay flat beside the entries
        // so that `new URL('./extract-worker.js', import.meta.url)` finds it from whichever chunk holds the spawner.
        input: {
          index: resolve('src-main/electron/main.ts'),
          ...Object.fromEntries(Object.entries(WORKER_ENTRIES).map(([name, source]) => [name, resolve(source)])),
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

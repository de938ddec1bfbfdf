import { defineConfig } from 'vite'
import { fileURLToPath } from 'node:url'

// The loader that brands put on their sites: one classic script (an IIFE, no module, no
// chunk, nothing else to fetch), served unhashed at /widget.js. Its gzipped size is tested.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  logLevel: 'warn',
  build: {
    outDir: 'dist/loader',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2020',
    minify: true,
    lib: { entry: fileURLToPath(new URL('./src/loader.ts', import.meta.url)), formats: ['iife'], name: 'parloirWidget', fileName: () => 'widget.js' },
  },
})

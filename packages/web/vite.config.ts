import { defineConfig } from 'vite'
import { fileURLToPath } from 'node:url'
import { shellPrecache } from './shell-precache.ts'

// The client library loads `ws` only in Node; in the browser the global WebSocket is used.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [shellPrecache()],
  resolve: { alias: { ws: fileURLToPath(new URL('./src/ws-stub.ts', import.meta.url)) } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022', assetsInlineLimit: 0 },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:3000', ws: true } } },
})

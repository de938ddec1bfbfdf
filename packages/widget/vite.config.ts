import { defineConfig } from 'vite'
import { fileURLToPath } from 'node:url'

// The chat frame: index.html (the server fills in the brand and the CSP) and hashed assets,
// served by packages/server/src/routes/widget.ts under /widget/.
export default defineConfig({
  root: fileURLToPath(new URL('./src/frame', import.meta.url)),
  base: '/widget/',
  logLevel: 'warn',
  // The client library loads `ws` only in Node; in the browser the global WebSocket is used.
  resolve: { alias: { ws: fileURLToPath(new URL('./src/frame/ws-stub.ts', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL('./dist/frame', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    assetsInlineLimit: 0,
    // One script: no modulepreload polyfill (it would be inline).
    modulePreload: false,
  },
})

import { defineConfig, type Plugin } from 'vite'
import { fileURLToPath } from 'node:url'

// The chat frame: index.html (the server fills in the brand and the CSP) and hashed assets,
// served by packages/server/src/routes/widget.ts under /widget/.
/**
 * The route and model schemas the client shares with the server carry their documentation
 * (`summary`, `description`: OpenAPI's text), which the frame never reads; dropped here they
 * are a seventh of its gzipped size (its budget is 40 KB, a test holds it). Only properties
 * whose value is one string literal go; the result is parsed again so a bad cut fails the build.
 */
function withoutSchemaDocs(): Plugin {
  const literal = String.raw`(?:"(?:[^"\\\n]|\\.)*"|` + '`' + String.raw`(?:[^` + '`' + String.raw`\\$]|\\.)*` + '`)'
  const afterComma = new RegExp(String.raw`,(?:summary|description):${literal}(?=[,}])`, 'g')
  const first = new RegExp(String.raw`\{(?:summary|description):${literal}(?:,|(?=\}))`, 'g')
  return {
    name: 'parloir-without-schema-docs',
    apply: 'build',
    async generateBundle(_options, bundle) {
      const { transform } = await import('esbuild')
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue
        const stripped = chunk.code.replace(afterComma, '').replace(first, '{')
        await transform(stripped, { loader: 'js' })
        chunk.code = stripped
      }
    },
  }
}

export default defineConfig({
  plugins: [withoutSchemaDocs()],
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

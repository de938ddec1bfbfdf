import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// Package boundaries: dependencies point one way, protocol ← core ← storage, fanout, media ←
// server ← cli, and protocol ← client ← web, widget (docs/architecture.md). scripts/
// import-boundaries.test.ts checks that a forbidden import is reported.
const workspace = (...names) => names.flatMap((name) => [`@parloir/${name}`, `@parloir/${name}/*`])
/** A relative path into another package's sources goes around its package.json. */
const intoAnotherPackage = { regex: '^(\\.\\./)+(packages/)?[a-z-]+/src/', message: 'Import another package by its name (@parloir/…), not by a path into its sources.' }
/** Test servers and fixtures are for tests only. */
const testing = { group: workspace('testing'), message: '@parloir/testing holds test helpers: product code does not import it.' }
const fences = {
  // The domain does no I/O: it states its needs as ports (src/ports/) that server wires to adapters.
  core: [{
    regex: '^(?!(@parloir/protocol|@parloir/protocol/tone|node:crypto|node:stream|node:test|node:assert|node:assert/strict)$)[^.]',
    message: 'core imports only @parloir/protocol, node:crypto and node:stream types (tests: node:test, node:assert): no I/O library, no other workspace.',
  }],
  protocol: [{ group: ['@parloir/*'], message: 'protocol is imported by every package and imports none of them.' }],
  client: [{ group: ['@parloir/*', '!@parloir/protocol'], message: 'client imports only @parloir/protocol among the workspaces.' }],
  web: [{ group: workspace('server', 'storage', 'core', 'fanout', 'media', 'cli'), message: 'The browser apps reach the server through @parloir/client and @parloir/protocol only.' }],
  widget: [{ group: workspace('server', 'storage', 'core', 'fanout', 'media', 'cli'), message: 'The browser apps reach the server through @parloir/client and @parloir/protocol only.' }],
  storage: [{ group: workspace('server', 'cli'), message: 'Adapters are wired by server; they do not import it (or cli).' }],
  fanout: [{ group: workspace('server', 'cli'), message: 'Adapters are wired by server; they do not import it (or cli).' }],
  media: [{ group: workspace('server', 'cli'), message: 'Adapters are wired by server; they do not import it (or cli).' }],
  server: [],
  cli: [],
}
const testFiles = ['**/*.test.ts', '**/*.test.tsx']
const boundaries = Object.entries(fences).flatMap(([name, patterns]) => [
  {
    files: [`packages/${name}/**/*.ts`, `packages/${name}/**/*.tsx`],
    ignores: testFiles,
    rules: { 'no-restricted-imports': ['error', { patterns: [...patterns, testing, intoAnotherPackage] }] },
  },
  {
    files: testFiles.map((glob) => `packages/${name}/${glob}`),
    rules: { 'no-restricted-imports': ['error', { patterns: [...patterns, intoAnotherPackage] }] },
  },
])

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/dist-types/**', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    // Type-aware rules: a promise nobody awaits loses its rejection (and the order it implies).
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Fastify's instance and reply are thenables, not work in flight: `app.register(plugin)` queues
      // the plugin (its errors surface at ready()), `reply.send()` writes the answer.
      // node:test's test() and describe() return promises the runner itself waits for.
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafePromises: [{ from: 'package', package: 'fastify', name: ['FastifyInstance', 'FastifyReply'] }],
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }],
      }],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Plain Node scripts (not type-checked): Node's globals.
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
  },
  {
    files: ['packages/cli/**', 'bench/**', 'scripts/**', 'e2e/**'],
    rules: { 'no-console': 'off' },
  },
  ...boundaries,
)

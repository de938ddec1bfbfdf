// The package boundaries in eslint.config.js, checked on fixtures: a rule that stops matching
// (a renamed folder, a glob typo) would otherwise pass every lint run in silence.
import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'
import { ESLint } from 'eslint'

const root = fileURLToPath(new URL('..', import.meta.url))
// The project's own config; the type-aware rules are off, as fixtures belong to no tsconfig.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
  },
})

/** The imports among `specifiers` that lint reports in a file at `path` (relative to the repository). */
async function forbidden(path: string, specifiers: string[]): Promise<string[]> {
  const text = specifiers.map((specifier, i) => `import * as m${i} from '${specifier}'\nexport { m${i} }\n`).join('')
  const [result] = await eslint.lintText(text, { filePath: `${root}${path}` })
  assert.ok(result)
  const lines = result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.line)
  return specifiers.filter((_, i) => lines.includes(2 * i + 1))
}

describe('package boundaries', () => {
  test('core imports no I/O library and no workspace but protocol', async () => {
    const io = ['fastify', 'kysely', 'better-sqlite3', 'pg', 'ioredis', 'redis', 'ws', 'nodemailer', 'sharp', 'undici', 'node:fs', 'node:fs/promises', 'node:net', 'node:http', 'node:child_process']
    const workspaces = ['@parloir/storage', '@parloir/server', '@parloir/fanout', '@parloir/client', '@parloir/testing']
    assert.deepEqual(await forbidden('packages/core/src/conversations/fixture.ts', [...io, ...workspaces]), [...io, ...workspaces])
    assert.deepEqual(await forbidden('packages/core/src/conversations/fixture.ts', ['@parloir/protocol', 'node:crypto', 'node:stream', './context.ts']), [])
    assert.deepEqual(await forbidden('packages/core/src/conversations/fixture.test.ts', ['node:test', 'node:assert/strict', 'node:fs']), ['node:fs'])
  })

  test('protocol imports no other workspace', async () => {
    assert.deepEqual(await forbidden('packages/protocol/src/fixture.ts', ['@parloir/core', '@parloir/client', '@sinclair/typebox']), ['@parloir/core', '@parloir/client'])
  })

  test('the browser apps import neither the server nor what it is built from', async () => {
    const server = ['@parloir/server', '@parloir/storage', '@parloir/core', '@parloir/fanout', '@parloir/media', '@parloir/cli', '@parloir/server/anything']
    for (const path of ['packages/web/src/pages/fixture.tsx', 'packages/widget/src/frame/fixture.ts']) {
      assert.deepEqual(await forbidden(path, [...server, '@parloir/client', '@parloir/protocol']), server)
    }
  })

  test('adapters do not import the server or the cli', async () => {
    for (const name of ['storage', 'fanout', 'media']) {
      assert.deepEqual(await forbidden(`packages/${name}/src/fixture.ts`, ['@parloir/server', '@parloir/cli', '@parloir/core']), ['@parloir/server', '@parloir/cli'])
    }
  })

  test('client imports only protocol among the workspaces', async () => {
    assert.deepEqual(await forbidden('packages/client/src/fixture.ts', ['@parloir/core', '@parloir/server', '@parloir/protocol', 'ws']), ['@parloir/core', '@parloir/server'])
  })

  test('test helpers stay out of product code, and no package reaches into another one\'s sources', async () => {
    assert.deepEqual(await forbidden('packages/server/src/fixture.ts', ['@parloir/testing', '../../storage/src/index.ts', './app.ts']), ['@parloir/testing', '../../storage/src/index.ts'])
    assert.deepEqual(await forbidden('packages/server/src/fixture.test.ts', ['@parloir/testing']), [])
  })
})

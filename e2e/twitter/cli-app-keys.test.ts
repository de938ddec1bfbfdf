import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ApiResponseError, TwitterApi } from 'twitter-api-v2'
import { freePort, repoRoot, startParloir, stopParloir } from '../support/parloir-process.ts'
import { pointAtParloir } from './support/point-at-parloir.ts'

const cli = (dataDir: string, ...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', ...args, '--data', dataDir], { cwd: repoRoot, encoding: 'utf8' })

// A script gets keys from `parloir app create --json`, a bot signs with them through the real
// client as the brand, and `parloir app revoke` stops it at the next request.
test('keys from `parloir app create --act-as` sign requests as the brand until `parloir app revoke`', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parloir-cli-app-'))
  try {
    cli(dataDir, 'user', 'create', '--handle', 'ada', '--password', 'correct horse battery')
    const brand = JSON.parse(cli(dataDir, 'brand', 'create', '--handle', 'northwind', '--name', 'Northwind Coffee', '--owner', 'ada', '--json')) as { id: string }
    const keys = JSON.parse(cli(dataDir, 'app', 'create', '--owner', 'ada', '--name', 'Support bot', '--act-as', 'northwind', '--json')) as {
      app: { id: string; consumerKey: string; consumerSecret: string }; accessToken: string; accessTokenSecret: string; bearerToken: string
    }
    assert.match(keys.app.consumerKey, /^[A-Za-z0-9]{25}$/)
    assert.match(keys.app.consumerSecret, /^[A-Za-z0-9]{50}$/)
    assert.ok(keys.accessToken.startsWith(`${brand.id}-`), 'the access token acts as the brand')
    assert.equal(statSync(join(dataDir, 'secret.key')).mode & 0o777, 0o600, 'the key file is private')

    const server = await startParloir({ port: await freePort(), dataDir })
    try {
      const bot = new TwitterApi({ appKey: keys.app.consumerKey, appSecret: keys.app.consumerSecret, accessToken: keys.accessToken, accessSecret: keys.accessTokenSecret }, pointAtParloir(server.url))
      const page = await bot.v1.listDmEvents()
      assert.deepEqual(page.events, [])
      assert.ok(page.rateLimit, 'x-rate-limit-* headers are read by the library')
      cli(dataDir, 'app', 'revoke', keys.app.id)
      const after = await bot.v1.listDmEvents().catch((e: unknown) => e)
      assert.ok(after instanceof ApiResponseError && after.code === 401 && after.hasErrorCode(89), `revoked: ${String(after)}`)
      const bearer = await new TwitterApi(keys.bearerToken, pointAtParloir(server.url)).v2.listDmEvents().catch((e: unknown) => e)
      assert.ok(bearer instanceof ApiResponseError && bearer.code === 401, 'the app-only bearer is revoked with the app')
    } finally {
      await stopParloir(server, 'SIGTERM')
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})

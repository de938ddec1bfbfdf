import { test } from 'node:test'
import assert from 'node:assert/strict'
import { defaultRateLimits, loadConfig } from './config.ts'

test('DATABASE_URL picks PostgreSQL; without it storage stays SQLite in the data folder', () => {
  assert.equal(loadConfig({}).databaseUrl, null)
  assert.equal(loadConfig({ DATABASE_URL: '' }).databaseUrl, null)
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://parloir@127.0.0.1:5432/parloir' }).databaseUrl, 'postgres://parloir@127.0.0.1:5432/parloir')
  assert.equal(loadConfig({ DATABASE_URL: 'postgresql://db.internal/parloir' }).databaseUrl, 'postgresql://db.internal/parloir')
  assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://root:secret@db/parloir' }), (error: Error) => /DATABASE_URL/.test(error.message) && !error.message.includes('secret'))
})

test('PARLOIR_MEDIA_DIR puts media in a folder of its own, shared by several processes', () => {
  assert.equal(loadConfig({}, { dataDir: '/srv/parloir' }).mediaDir, '/srv/parloir/media')
  assert.equal(loadConfig({ PARLOIR_MEDIA_DIR: '/mnt/shared/media' }, { dataDir: '/srv/parloir' }).mediaDir, '/mnt/shared/media')
  assert.equal(loadConfig({ PARLOIR_MEDIA_DIR: '/mnt/shared/media' }).mediaDir, '/mnt/shared/media')
})

test('rate limits keep their defaults when the environment says nothing', () => {
  assert.deepEqual(loadConfig({}).rateLimits, defaultRateLimits)
  assert.deepEqual(loadConfig({ PARLOIR_RATE_LIMITS: 'on' }).rateLimits, defaultRateLimits)
})

test('PARLOIR_RATE_LIMITS=off lifts every rate limit, for load tests and benchmarks', () => {
  const { rateLimits } = loadConfig({ PARLOIR_RATE_LIMITS: 'off' })
  assert.equal(rateLimits.loginPerSource.freeFailures, Number.MAX_SAFE_INTEGER)
  assert.equal(rateLimits.loginNewSourcesPerAccount.freeFailures, Number.MAX_SAFE_INTEGER)
  for (const rule of [rateLimits.perAddress, rateLimits.loginFailuresPerAddress, rateLimits.signupPerAddress, rateLimits.invalidTokensPerAddress, rateLimits.streamFramesPerConnection]) {
    assert.equal(rule.max, Number.MAX_SAFE_INTEGER)
  }
  assert.equal(rateLimits.sendsPerSecond, Number.MAX_SAFE_INTEGER)
  assert.equal(rateLimits.sendsBurst, Number.MAX_SAFE_INTEGER)
  // The defaults themselves are untouched.
  assert.equal(defaultRateLimits.perAddress.max, 1_200)
})

test('single rate limits can be set from the environment', () => {
  const { rateLimits } = loadConfig({ PARLOIR_RATE_LIMIT_PER_ADDRESS: '5000', PARLOIR_SENDS_PER_SECOND: '50', PARLOIR_SENDS_BURST: '100' })
  assert.deepEqual([rateLimits.perAddress.max, rateLimits.sendsPerSecond, rateLimits.sendsBurst], [5_000, 50, 100])
  assert.equal(rateLimits.loginFailuresPerAddress.max, defaultRateLimits.loginFailuresPerAddress.max)
})

test('a rate-limit setting that is not understood fails at start', () => {
  assert.throws(() => loadConfig({ PARLOIR_RATE_LIMITS: 'no' }), /PARLOIR_RATE_LIMITS/)
  assert.throws(() => loadConfig({ PARLOIR_SENDS_PER_SECOND: 'lots' }), /PARLOIR_SENDS_PER_SECOND/)
})

test('REDIS_URL selects the Redis fan-out; unset keeps it in-process', () => {
  assert.equal(loadConfig({}).redisUrl, null)
  assert.equal(loadConfig({ REDIS_URL: '' }).redisUrl, null)
  const config = loadConfig({ REDIS_URL: 'redis://:secret@10.0.0.5:6379/0', PARLOIR_REDIS_CHANNEL: 'northwind:events' })
  assert.equal(config.redisUrl, 'redis://:secret@10.0.0.5:6379/0')
  assert.equal(config.redisChannel, 'northwind:events')
  assert.equal(loadConfig({}).redisChannel, 'parloir:events')
})

test('a REDIS_URL that is not a redis:// URL fails at start, without echoing it', () => {
  for (const bad of ['localhost:6379', 'http://10.0.0.5:6379', 'not a url :secret@']) {
    assert.throws(() => loadConfig({ REDIS_URL: bad }), (error: Error) => /REDIS_URL/.test(error.message) && !error.message.includes(bad))
  }
})

test('PARLOIR_OUTBOUND_ALLOW lists private hosts webhooks may reach; unset allows none; a typo fails at start', () => {
  assert.deepEqual(loadConfig({}).outboundAllow, [])
  assert.deepEqual(loadConfig({ PARLOIR_OUTBOUND_ALLOW: '127.0.0.1:*' }).outboundAllow, [{ kind: 'address', network: '127.0.0.1', prefix: 32, family: 4, port: null }])
  assert.throws(() => loadConfig({ PARLOIR_OUTBOUND_ALLOW: '127.0.0.1' }), /PARLOIR_OUTBOUND_ALLOW/)
})

test('webhook retries follow PARLOIR_WEBHOOK_RETRY_SCHEDULE_MS; unset keeps about three days; garbage fails at start', () => {
  const total = loadConfig({}).webhooks.retryScheduleMs.reduce((a, b) => a + b, 0)
  assert.ok(total > 2.5 * 86_400_000 && total < 3.5 * 86_400_000)
  assert.deepEqual(loadConfig({ PARLOIR_WEBHOOK_RETRY_SCHEDULE_MS: '100, 200' }).webhooks.retryScheduleMs, [100, 200])
  assert.throws(() => loadConfig({ PARLOIR_WEBHOOK_RETRY_SCHEDULE_MS: '100,soon' }), /PARLOIR_WEBHOOK_RETRY_SCHEDULE_MS/)
  assert.equal(loadConfig({ PARLOIR_WEBHOOK_POLL_MS: '0' }).webhooks.pollMs, 0)
})

test('PARLOIR_METRICS_TOKEN lets a scraper elsewhere read /metrics; unset, only this machine can', () => {
  assert.equal(loadConfig({}).metricsToken, null)
  assert.equal(loadConfig({ PARLOIR_METRICS_TOKEN: '' }).metricsToken, null)
  assert.equal(loadConfig({ PARLOIR_METRICS_TOKEN: 'a-long-random-token-1234' }).metricsToken, 'a-long-random-token-1234')
  assert.throws(() => loadConfig({ PARLOIR_METRICS_TOKEN: 'short' }), (error: Error) => /PARLOIR_METRICS_TOKEN/.test(error.message) && !error.message.includes('short'))
})

test('passwords are hashed at scrypt N=2^15 unless PARLOIR_PASSWORD_COST says otherwise, from 10 to 20', () => {
  assert.equal(loadConfig({}).passwordCost, 15)
  assert.equal(loadConfig({ PARLOIR_PASSWORD_COST: '10' }).passwordCost, 10)
  assert.equal(loadConfig({ PARLOIR_PASSWORD_COST: '20' }).passwordCost, 20)
  assert.throws(() => loadConfig({ PARLOIR_PASSWORD_COST: '9' }), /PARLOIR_PASSWORD_COST must be from 10 to 20/)
  assert.throws(() => loadConfig({ PARLOIR_PASSWORD_COST: '21' }), /PARLOIR_PASSWORD_COST must be from 10 to 20/)
})

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { defaultRateLimits, loadConfig } from './config.ts'

test('rate limits keep their defaults when the environment says nothing', () => {
  assert.deepEqual(loadConfig({}).rateLimits, defaultRateLimits)
  assert.deepEqual(loadConfig({ PARLOIR_RATE_LIMITS: 'on' }).rateLimits, defaultRateLimits)
})

test('PARLOIR_RATE_LIMITS=off lifts every rate limit, for load tests and benchmarks', () => {
  const { rateLimits } = loadConfig({ PARLOIR_RATE_LIMITS: 'off' })
  for (const rule of [rateLimits.perAddress, rateLimits.loginPerAddress, rateLimits.loginPerAccount, rateLimits.signupPerAddress, rateLimits.invalidTokensPerAddress, rateLimits.streamFramesPerConnection]) {
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
  assert.equal(rateLimits.loginPerAddress.max, defaultRateLimits.loginPerAddress.max)
})

test('a rate-limit setting that is not understood fails at start', () => {
  assert.throws(() => loadConfig({ PARLOIR_RATE_LIMITS: 'no' }), /PARLOIR_RATE_LIMITS/)
  assert.throws(() => loadConfig({ PARLOIR_SENDS_PER_SECOND: 'lots' }), /PARLOIR_SENDS_PER_SECOND/)
})

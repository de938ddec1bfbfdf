import { createHash, randomBytes } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '@parloir/protocol'
import type { RateLimits as RateLimitRules } from './config.ts'
import type { RateLimits } from './rate-limit.ts'

/** A random id a browser keeps once it logged in, so the accounts it logged in to know it again. */
export const DEVICE_COOKIE = 'parloir_device'
const DEVICE_ID = /^[A-Za-z0-9_-]{22,64}$/
const DEVICE_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60 // 1 year; each account remembers it for `rememberSuccessMs`

/** What `before` found, for recording the attempt's outcome on the same keys. */
export interface LoginAttempt {
  handle: string
  address: string
  deviceId: string | null
  /** The device logged in to this account before: it has a budget of its own. */
  knownDevice: boolean
  /** This address logged in to this account before: new-address failures do not hold it back. */
  knownAddress: boolean
}

/**
 * Login throttling, shared through `RateLimits` (Redis with REDIS_URL): never a lockout a stranger
 * can cause for an account's owner.
 *
 * - Per (account, address), failures past a few make the next attempt wait 1 s, 2 s, 4 s … capped;
 *   a browser that logged in to the account before (its device cookie) has a pair of its own, so
 *   even a stranger behind the same address does not hold it back.
 * - Per account, failures from addresses and devices that never logged in to it are counted too,
 *   against guessing from many addresses; known ones are never held back by them.
 * - Per address, failures whatever the account (password spraying), with a high cap; successes
 *   never count, so an office behind one address logs in at shift start.
 *
 * All fail closed while Redis is down: counting them per process would multiply a guesser's budget.
 */
export class LoginThrottle {
  constructor(private readonly rates: RateLimits, private readonly rules: RateLimitRules) {}

  #source(handle: string, kind: 'device' | 'address', value: string): string {
    const id = kind === 'device' ? createHash('sha256').update(value).digest('base64url') : value
    return `login:${handle}:${kind}:${id}`
  }

  #refuse(waitMs: number): void {
    if (waitMs > 0) throw new AppError('RATE_LIMITED', { retryAfterMs: waitMs })
  }

  /** Before the password is checked: throws RATE_LIMITED (with when to retry) when this attempt must wait. */
  async before(request: FastifyRequest, rawHandle: string): Promise<LoginAttempt> {
    const handle = rawHandle.toLowerCase()
    const address = request.ip
    const cookie = request.cookies[DEVICE_COOKIE]
    const deviceId = cookie !== undefined && DEVICE_ID.test(cookie) ? cookie : null
    const attempt: LoginAttempt = { handle, address, deviceId, knownDevice: false, knownAddress: false }
    if (deviceId) {
      const device = await this.rates.backoff(this.#source(handle, 'device', deviceId), 'check', this.rules.loginPerSource, 'fail-closed')
      if (device.known) {
        this.#refuse(device.waitMs)
        return { ...attempt, knownDevice: true }
      }
    }
    // An unknown device is only its address: a made-up cookie buys no budget.
    this.#refuse(await this.rates.waitFor(`login-failures:${address}`, this.rules.loginFailuresPerAddress, 'fail-closed'))
    const pair = await this.rates.backoff(this.#source(handle, 'address', address), 'check', this.rules.loginPerSource, 'fail-closed')
    this.#refuse(pair.waitMs)
    if (!pair.known) this.#refuse((await this.rates.backoff(`login-new:${handle}`, 'check', this.rules.loginNewSourcesPerAccount, 'fail-closed')).waitMs)
    return { ...attempt, knownAddress: pair.known }
  }

  /** A wrong handle or password: counted where `before` looked. */
  async failed(attempt: LoginAttempt): Promise<void> {
    const { handle, address, deviceId } = attempt
    if (attempt.knownDevice && deviceId) {
      await this.rates.backoff(this.#source(handle, 'device', deviceId), 'fail', this.rules.loginPerSource, 'fail-closed')
      return
    }
    await this.rates.backoff(this.#source(handle, 'address', address), 'fail', this.rules.loginPerSource, 'fail-closed')
    if (!attempt.knownAddress) await this.rates.backoff(`login-new:${handle}`, 'fail', this.rules.loginNewSourcesPerAccount, 'fail-closed')
    await this.rates.countFailure(`login-failures:${address}`, this.rules.loginFailuresPerAddress, 'fail-closed')
  }

  /**
   * Logged in: this browser is known to the account from now on, and so is the address unless the
   * browser was known already (a stranger behind the same address keeps the failures it made);
   * their failures are cleared. A browser without a device cookie gets one.
   */
  async succeeded(attempt: LoginAttempt, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const deviceId = attempt.deviceId ?? randomBytes(18).toString('base64url')
    if (!attempt.deviceId) {
      reply.setCookie(DEVICE_COOKIE, deviceId, {
        httpOnly: true, sameSite: 'strict', path: '/api/v1/auth/login', secure: request.protocol === 'https', maxAge: DEVICE_COOKIE_MAX_AGE_S,
      })
    }
    await this.rates.backoff(this.#source(attempt.handle, 'device', deviceId), 'succeed', this.rules.loginPerSource, 'fail-closed')
    if (!attempt.knownDevice) await this.rates.backoff(this.#source(attempt.handle, 'address', attempt.address), 'succeed', this.rules.loginPerSource, 'fail-closed')
  }
}

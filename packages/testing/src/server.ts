import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp, loadConfig, type BuildOptions, type Config, type Parloir } from '@parloir/server'

/** A controllable clock for tests of windows and limits. */
export class TestClock {
  constructor(public ms = Date.UTC(2026, 10, 22, 9, 0, 0)) {}
  now(): number { return this.ms }
  advance(ms: number): void { this.ms += ms }
}

export interface TestServer extends Parloir {
  config: Config
  dataDir: string
  /** `inject` with a bearer token and JSON body. */
  call(method: InjectOptions['method'], url: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse>
  /** Signs a person up; returns its id and token. */
  person(handle: string, displayName?: string): Promise<{ id: string; token: string; handle: string }>
  stop(): Promise<void>
}

/** A real server on a temporary SQLite file (not listening unless the test listens). */
export async function testServer(overrides: Partial<Config> = {}, options: BuildOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parloir-test-'))
  // Cheap password hashes (scrypt N=2^10): tests sign up and log in hundreds of times and check
  // no hash's strength; the default (2^15) is checked in config.test.ts and passwords.test.ts.
  const base = loadConfig({}, { dataDir, logLevel: 'silent', port: 0, diskReserveBytes: 0, trustProxy: true, passwordCost: 10 })
  const config = Object.freeze({
    ...base, ...overrides,
    limits: { ...base.limits, ...overrides.limits },
    rateLimits: { ...base.rateLimits, ...overrides.rateLimits },
  })
  const parloir = await buildApp(config, options)
  const call: TestServer['call'] = (method, url, opts = {}) => parloir.app.inject({
    method,
    url,
    headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
    ...(opts.body !== undefined ? { payload: opts.body as Record<string, unknown> } : {}),
  })
  let signups = 0
  return {
    ...parloir,
    config,
    dataDir,
    call,
    async person(handle, displayName) {
      signups++
      const res = await call('POST', '/api/v1/auth/signup', {
        body: { handle, displayName: displayName ?? handle, password: 'correct horse battery' },
        headers: { 'x-forwarded-for': `10.0.0.${signups}` },
      })
      if (res.statusCode !== 201) throw new Error(`signup ${handle}: ${res.statusCode} ${res.body}`)
      const body = res.json() as { me: { account: { id: string } }; session: { token: string } }
      return { id: body.me.account.id, token: body.session.token, handle }
    },
    async stop() {
      await parloir.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

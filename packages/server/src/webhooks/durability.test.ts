/**
 * docs/reliability.md D1 and D6 across a crash: a real `parloir start` process accepts messages while the webhook's
 * receiver is down, is killed with SIGKILL before it could deliver them, restarts, and the
 * receiver (verifying with the standardwebhooks package) then gets every acknowledged message,
 * at least once; duplicates are allowed and told apart by `webhook-id`.
 *
 * The app and its webhook are written straight into the stopped server's database, as `parloir
 * app create` will once it exists (then this test can move to e2e/ and use HTTP only).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Webhook } from 'standardwebhooks'
import * as core from '@parloir/core'
import { loadConfig } from '../config.ts'
import { openCoreDeps } from '../deps.ts'
import { SecretBox, loadSecretKey } from '../api-auth/secret-box.ts'
import { newWebhookSecret } from './signing.ts'

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const MESSAGES = 25

async function freePort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}

interface Server { child: ChildProcess; exited: Promise<void>; stderr: () => string }

function start(port: number, dataDir: string, env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', 'start', '--port', String(port), '--host', '127.0.0.1', '--data', dataDir], {
    cwd: repoRoot, env: { ...process.env, LOG_LEVEL: 'warn', PARLOIR_RATE_LIMITS: 'off', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  })
  let err = ''
  child.stderr?.setEncoding('utf8').on('data', (c: string) => { err = (err + c).slice(-4_000) })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no start\n${err}`)) }, 30_000)
    child.stdout?.setEncoding('utf8').on('data', (c: string) => {
      out += c
      if (/Parloir is running at/.test(out)) { clearTimeout(timer); child.stdout?.resume(); resolve({ child, exited, stderr: () => err }) }
    })
    // `exited` only resolves: nothing to catch.
    void exited.then(() => { clearTimeout(timer); reject(new Error(`exited early\n${err}`)) })
  })
}

async function call<T>(port: number, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T }
}

test('kill -9 between commit and delivery: every acknowledged message still reaches the webhook', { timeout: 120_000 }, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parloir-webhooks-crash-'))
  const port = await freePort()
  const receiverPort = await freePort()
  const env = {
    PARLOIR_SECRET_KEY: randomBytes(32).toString('base64'),
    PARLOIR_OUTBOUND_ALLOW: '127.0.0.1:*',
    PARLOIR_WEBHOOK_POLL_MS: '100',
    PARLOIR_WEBHOOK_RETRY_SCHEDULE_MS: Array.from({ length: 200 }, () => '250').join(','),
  }
  const servers: Server[] = []
  t.after(async () => {
    for (const s of servers) { s.child.kill('SIGKILL'); await s.exited }
    rmSync(dataDir, { recursive: true, force: true })
  })

  // People and their conversation, through the API.
  let server = await start(port, dataDir, env)
  servers.push(server)
  const signup = (handle: string) => call<{ me: { account: { id: string } }; session: { token: string } }>(port, 'POST', '/api/v1/auth/signup', undefined, { handle, displayName: handle, password: 'correct horse battery' })
  const ada = (await signup('ada')).body
  const ben = (await signup('ben')).body
  const conv = await call<{ id: string }>(port, 'POST', '/api/v1/conversations/direct', ben.session.token, { accountId: ada.me.account.id })
  assert.ok(conv.status === 200 || conv.status === 201, String(conv.status))
  server.child.kill('SIGTERM')
  await server.exited

  // Ada's app and its native webhook, pointing at a receiver that is not listening yet.
  const config = loadConfig({ ...env, PARLOIR_DATA_DIR: dataDir })
  const deps = await openCoreDeps(config)
  deps.secrets = new SecretBox(loadSecretKey(config))
  const adaId = ada.me.account.id
  const created = await core.createApp(deps, { userId: adaId, accountId: adaId, sessionId: 'fixture', role: 'self' }, { name: 'Crash bot' })
  const app = (await deps.storage.reads.apps.byId(created.app.id))!
  const secret = newWebhookSecret()
  const webhook = await core.registerWebhook(deps, {
    kind: 'native', app, ownerAccountId: adaId, envName: null, url: `http://127.0.0.1:${receiverPort}/hook`, secretSealed: deps.secrets.seal(secret),
    eventTypes: ['message.created'], createdBy: adaId, crcResult: null,
  })
  await deps.storage.close()
  await deps.fanout.close()

  // Messages are acknowledged (committed with their outbox rows) while the receiver is down…
  server = await start(port, dataDir, env)
  servers.push(server)
  const acknowledged: string[] = []
  for (let i = 0; i < MESSAGES; i++) {
    const sent = await call<{ id: string }>(port, 'POST', `/api/v1/conversations/${conv.body.id}/messages`, ben.session.token, { text: `m${i}`, clientMessageId: `c${i}` })
    assert.equal(sent.status, 201)
    acknowledged.push(sent.body.id)
  }
  // …then the server dies at once, before any of them could be delivered.
  server.child.kill('SIGKILL')
  await server.exited

  // The receiver comes up, verifying every request; then the server restarts.
  const verifier = new Webhook(secret)
  const received = new Map<string, Set<string>>()
  let requests = 0
  const receiver = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => { body += c.toString('utf8') })
    req.on('end', () => {
      requests++
      try {
        const payload = verifier.verify(body, req.headers as Record<string, string>) as { data: { message: { id: string } } }
        const deliveries = received.get(payload.data.message.id) ?? new Set()
        deliveries.add(String(req.headers['webhook-id']))
        received.set(payload.data.message.id, deliveries)
        res.writeHead(204).end()
      } catch {
        res.writeHead(400).end()
      }
    })
  })
  await new Promise<void>((resolve) => receiver.listen(receiverPort, '127.0.0.1', resolve))
  t.after(() => { receiver.closeAllConnections(); return new Promise((resolve) => receiver.close(resolve)) })
  server = await start(port, dataDir, env)
  servers.push(server)

  const until = Date.now() + 90_000
  while (acknowledged.some((id) => !received.has(id)) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100))
  const lost = acknowledged.filter((id) => !received.has(id))
  assert.deepEqual(lost, [], `lost ${lost.length} of ${MESSAGES}\n${server.stderr()}`)
  // One delivery id per message: a retry repeats the id, it never invents a second delivery.
  assert.ok([...received.values()].every((ids) => ids.size === 1))
  assert.ok(requests >= MESSAGES)

  const log = await call<{ deliveries: Array<{ status: string }> }>(port, 'GET', `/api/v1/apps/${app.id}/webhooks/${webhook.id}/deliveries?limit=100`, ada.session.token)
  assert.equal(log.status, 200)
  assert.equal(log.body.deliveries.length, MESSAGES)
  assert.ok(log.body.deliveries.every((d) => d.status === 'delivered'))
})

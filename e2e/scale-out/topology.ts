/**
 * The scale-out topology (docs/operations/scaling.md), on loopback: one PostgreSQL cluster (a database of its
 * own), one redis-server, three `parloir start` processes on PostgreSQL and Redis, each with its
 * own data folder (media), and nginx in front of them. Every part can be faulted: a node killed
 * and restarted on its port, Redis killed and restarted, PostgreSQL paused and resumed.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startRedisTestServer, type RedisTestServer } from '@parloir/testing/redis-server'
import * as postgres from '@parloir/testing/postgres-server'
import { freePort, startParloir, stopParloir, type Exit, type ParloirProcess } from '../support/parloir-process.ts'
import { JsonClient, type JsonResponse } from '../support/http-client.ts'
import { startNginx, type AccessEntry, type Nginx } from '../support/nginx.ts'

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export async function until(check: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(10)
  }
}

/** One Parloir process of the three: its port and data folder stay across kills. */
export interface AppNode {
  index: number
  port: number
  url: string
  dataDir: string
  process: ParloirProcess | null
  /** Set while a restart after a kill is under way. */
  restarting: Promise<void> | null
}

/** A JsonClient that remembers when each request was answered and how, for the PostgreSQL pause. */
export class RecordingClient extends JsonClient {
  /** Each answer: its status and, for an error answer, its catalogue code; or the network error. */
  readonly answers: Array<{ method: string; path: string; startedAt: number; endedAt: number; status: number | null; code?: string; error?: string }> = []

  override async request<T = unknown>(method: string, path: string, options: { token?: string; body?: unknown; timeoutMs?: number } = {}): Promise<JsonResponse<T>> {
    const startedAt = Date.now()
    try {
      const res = await super.request<T>(method, path, options)
      const code = (res.body as { error?: { code?: unknown } } | null)?.error?.code
      this.answers.push({ method, path, startedAt, endedAt: Date.now(), status: res.status, ...(typeof code === 'string' ? { code } : {}) })
      return res
    } catch (error) {
      this.answers.push({ method, path, startedAt, endedAt: Date.now(), status: null, error: (error as { code?: string }).code ?? String(error) })
      throw error
    }
  }
}

export interface TopologyOptions {
  /** nginx's answer timeout for API requests (streams excepted). */
  proxyReadTimeoutMs: number
  /** Added to every node's environment. */
  env?: Record<string, string>
}

export class Topology {
  readonly nodes: AppNode[] = []
  /** Through nginx, as clients reach the installation. */
  client!: JsonClient
  nginx!: Nginx
  redis!: RedisTestServer
  database!: { url: string; name: string; drop(): Promise<void> }
  readonly env: Record<string, string>
  mediaDir: string | null = null
  #paused: { resume(): void } | null = null
  readonly #clients: JsonClient[] = []
  readonly #cleanups: Array<() => Promise<void> | void> = []

  constructor() {
    this.env = {
      PARLOIR_TRUST_PROXY: '1',
      // One key for all: app secrets sealed by one node must open on the others.
      PARLOIR_SECRET_KEY: randomBytes(32).toString('base64'),
      PARLOIR_REDIS_CHANNEL: `parloir:scale-out:${process.pid}`,
    }
  }

  static async start(options: TopologyOptions): Promise<Topology> {
    const topology = new Topology()
    try {
      await topology.#start(options)
    } catch (error) {
      await topology.stop()
      throw error
    }
    return topology
  }

  async #start(options: TopologyOptions): Promise<void> {
    Object.assign(this.env, options.env)
    // These tests pause their PostgreSQL: it must be a cluster of this process's own, never a
    // server CI shares between test processes.
    delete process.env.PARLOIR_TEST_POSTGRES_URL
    this.database = await postgres.createTestDatabase()
    this.redis = await startRedisTestServer()
    this.env.DATABASE_URL = this.database.url
    this.env.REDIS_URL = this.redis.url
    // Media is shared by the processes, as a network mount would be in production.
    this.mediaDir = mkdtempSync(join(tmpdir(), 'parloir-media-'))
    this.env.PARLOIR_MEDIA_DIR = this.mediaDir
    for (let index = 0; index < 3; index++) {
      const port = await freePort()
      this.nodes.push({ index, port, url: `http://127.0.0.1:${port}`, dataDir: mkdtempSync(join(tmpdir(), `parloir-node${index}-`)), process: null, restarting: null })
    }
    // The first start migrates the empty database; the others then find it up to date.
    await this.startNode(this.nodes[0]!)
    await Promise.all(this.nodes.slice(1).map((node) => this.startNode(node)))
    this.nginx = await startNginx({ after: (fn) => { this.#cleanups.push(fn) } }, { upstreams: this.nodes.map((n) => n.port), connectTimeoutMs: 1_000, readTimeoutMs: options.proxyReadTimeoutMs })
    this.client = this.jsonClient(this.nginx.url)
  }

  jsonClient(url: string, maxSockets = 64): JsonClient {
    const client = new JsonClient(url, { maxSockets })
    this.#clients.push(client)
    return client
  }

  recordingClient(url: string): RecordingClient {
    const client = new RecordingClient(url, { maxSockets: 64 })
    this.#clients.push(client)
    return client
  }

  async startNode(node: AppNode): Promise<void> {
    node.process = await startParloir({ port: node.port, dataDir: node.dataDir, env: this.env, startTimeoutMs: 60_000 })
  }

  async killNode(node: AppNode): Promise<Exit> {
    const running = node.process
    if (!running) throw new Error(`node ${node.index} is not running`)
    node.process = null
    return stopParloir(running, 'SIGKILL')
  }

  /** The node that answered a request nginx logged (the last one tried), if any did. */
  nodeOf(entry: AccessEntry): number | undefined {
    const port = Number(entry.upstreams.at(-1)?.split(':').at(-1))
    return this.nodes.find((n) => n.port === port)?.index
  }

  /**
   * SIGSTOP to the postmaster first (so it forks no new backend), then to every child: backends,
   * WAL writer, checkpointer. Connections stay open; nothing answers.
   */
  async pausePostgres(): Promise<{ postmaster: number; children: number[] }> {
    const paused = await postgres.pauseTestPostgres()
    this.#paused = paused
    return { postmaster: paused.postmaster, children: paused.children }
  }

  /** SIGCONT to every process paused, children first. Safe to call when nothing is paused. */
  resumePostgres(): void {
    this.#paused?.resume()
    this.#paused = null
  }

  get postgresPaused(): boolean { return this.#paused !== null }

  async stop(): Promise<void> {
    this.resumePostgres()
    for (const client of this.#clients) client.close()
    await Promise.all(this.nodes.map(async (node) => {
      await node.restarting?.catch(() => undefined)
      if (node.process) await stopParloir(node.process, 'SIGKILL')
      node.process = null
    }))
    for (const cleanup of this.#cleanups.reverse()) await cleanup()
    await this.redis?.stop()
    await this.database?.drop().catch(() => undefined)
    for (const node of this.nodes) rmSync(node.dataDir, { recursive: true, force: true })
    if (this.mediaDir) rmSync(this.mediaDir, { recursive: true, force: true })
  }
}


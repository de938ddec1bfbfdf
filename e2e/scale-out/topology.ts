/**
 * The scale-out topology of issue 6, on loopback: one PostgreSQL cluster (a database of its
 * own), one redis-server, three `parloir start` processes on PostgreSQL and Redis, each with its
 * own data folder (media), and nginx in front of them. Every part can be faulted: a node killed
 * and restarted on its port, Redis killed and restarted, PostgreSQL paused and resumed.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { startRedisTestServer, type RedisTestServer } from '@parloir/fanout/redis-test-server'
import { freePort, startParloir, stopParloir, type Exit, type ParloirProcess } from '../support/parloir-process.ts'
import { JsonClient, type JsonResponse } from '../support/http-client.ts'
import { startNginx, type AccessEntry, type Nginx } from '../support/nginx.ts'

/** What packages/storage/src/postgres/test-server.ts exports (it is not part of @parloir/storage's exports). */
interface TestPostgres {
  testPostgresUrl(): string
  createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }>
}
// Loaded at run time: e2e's TypeScript project cannot include another package's sources.
const testServerModule = new URL('../../packages/storage/src/postgres/test-server.ts', import.meta.url).href
const postgres = (await import(testServerModule)) as TestPostgres

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
  readonly answers: Array<{ method: string; path: string; startedAt: number; endedAt: number; status: number | null; error?: string }> = []

  override async request<T = unknown>(method: string, path: string, options: { token?: string; body?: unknown; timeoutMs?: number } = {}): Promise<JsonResponse<T>> {
    const startedAt = Date.now()
    try {
      const res = await super.request<T>(method, path, options)
      this.answers.push({ method, path, startedAt, endedAt: Date.now(), status: res.status })
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
  #paused: number[] = []
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

  /** The postmaster's pid (from postmaster.pid in the cluster's data directory) and its children's. */
  async postgresPids(): Promise<{ postmaster: number; children: number[] }> {
    const admin = new pg.Client({ connectionString: postgres.testPostgresUrl() })
    await admin.connect()
    let dataDirectory: string
    try {
      const { rows } = await admin.query<{ data_directory: string }>('show data_directory')
      dataDirectory = rows[0]?.data_directory ?? ''
    } finally {
      await admin.end()
    }
    const postmaster = Number(readFileSync(join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0])
    if (!Number.isSafeInteger(postmaster) || postmaster <= 1) throw new Error(`no postmaster pid in ${dataDirectory}/postmaster.pid`)
    return { postmaster, children: childrenOf(postmaster) }
  }

  /**
   * SIGSTOP to the postmaster first (so it forks no new backend), then to every child: backends,
   * WAL writer, checkpointer. Connections stay open; nothing answers.
   */
  async pausePostgres(): Promise<{ postmaster: number; children: number[] }> {
    const { postmaster } = await this.postgresPids()
    process.kill(postmaster, 'SIGSTOP')
    this.#paused = [postmaster]
    const children = childrenOf(postmaster)
    for (const pid of children) {
      try { process.kill(pid, 'SIGSTOP'); this.#paused.push(pid) } catch { /* exited meanwhile */ }
    }
    return { postmaster, children }
  }

  /** SIGCONT to every process paused, children first. Safe to call when nothing is paused. */
  resumePostgres(): void {
    for (const pid of [...this.#paused].reverse()) {
      try { process.kill(pid, 'SIGCONT') } catch { /* gone */ }
    }
    this.#paused = []
  }

  get postgresPaused(): boolean { return this.#paused.length > 0 }

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

function childrenOf(pid: number): number[] {
  const listed = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
  return listed.stdout.split('\n').filter(Boolean).map(Number)
}

import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Client } from 'pg'

const script = fileURLToPath(new URL('../../../scripts/start-test-services.sh', import.meta.url))
let serverUrl: string | undefined
let created = 0

/**
 * The URL of a PostgreSQL server for this test process: `PARLOIR_TEST_POSTGRES_URL` when set
 * (CI may start one for every test process), otherwise a throwaway cluster on loopback that
 * scripts/start-test-services.sh starts now (installing PostgreSQL first if needed) and that is
 * stopped and removed when this process exits.
 */
export function testPostgresUrl(): string {
  if (serverUrl) return serverUrl
  const given = process.env.PARLOIR_TEST_POSTGRES_URL
  if (given) return (serverUrl = given)
  // The owner pid lets the script's watcher remove the cluster should this process die unannounced.
  const env = { ...process.env, PARLOIR_TEST_OWNER_PID: String(process.pid) }
  const started = spawnSync('bash', [script], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'inherit'] })
  const vars = new Map([...(started.stdout ?? '').matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]))
  const url = vars.get('PARLOIR_TEST_POSTGRES_URL')
  const dir = vars.get('PARLOIR_TEST_POSTGRES_DIR')
  if (started.status !== 0 || !url || !dir) {
    throw new Error(`scripts/start-test-services.sh failed (exit ${started.status}${started.error ? `, ${started.error.message}` : ''}): see its output above`)
  }
  const stop = () => { spawnSync('bash', [script, '--stop', dir], { stdio: 'ignore' }) }
  process.once('exit', stop)
  // Interrupted runs must not leave a server behind either.
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => { stop(); process.exit(code) })
  }
  return (serverUrl = url)
}

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testPostgresUrl() })
  await client.connect()
  try { return await fn(client) } finally { await client.end() }
}

/** Creates an empty database on the test server; `drop` removes it, closing what is still connected. */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `parloir_test_${process.pid}_${++created}`
  await admin((client) => client.query(`create database ${name}`))
  const url = new URL(testPostgresUrl())
  url.pathname = `/${name}`
  return {
    url: url.href,
    name,
    drop: () => admin(async (client) => { await client.query(`drop database if exists ${name} with (force)`) }),
  }
}

/** A paused test server: its processes, and how to resume them. */
export interface PausedPostgres {
  postmaster: number
  children: number[]
  /** SIGCONT to every process paused, children first. Safe to call twice. */
  resume(): void
}

function childrenOf(pid: number): number[] {
  const listed = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
  return (listed.stdout ?? '').split('\n').filter(Boolean).map(Number)
}

/**
 * Stops the whole test server with SIGSTOP (the postmaster, then its children: backends,
 * checkpointer, walwriter …), as a frozen VM or a stalled disk would: connections stay open and
 * nothing answers. Needs a server on this machine whose data folder this user can read.
 */
export async function pauseTestPostgres(): Promise<PausedPostgres> {
  const dataDirectory = await admin(async (client) => (await client.query<{ data_directory: string }>('show data_directory')).rows[0]?.data_directory ?? '')
  const postmaster = Number(readFileSync(join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0])
  if (!Number.isSafeInteger(postmaster) || postmaster <= 1) throw new Error(`no postmaster pid in ${dataDirectory}/postmaster.pid`)
  process.kill(postmaster, 'SIGSTOP')
  const paused = [postmaster]
  const children = childrenOf(postmaster)
  for (const pid of children) {
    try { process.kill(pid, 'SIGSTOP'); paused.push(pid) } catch { /* exited meanwhile */ }
  }
  // A test that fails while the server is stopped must not leave it stopped for the next one.
  const resume = () => {
    for (const pid of paused.splice(0).reverse()) {
      try { process.kill(pid, 'SIGCONT') } catch { /* gone */ }
    }
  }
  process.once('exit', resume)
  return { postmaster, children, resume }
}

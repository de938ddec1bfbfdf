/**
 * What both XMPP peers need to run as the bench's own child processes: apt installs, free
 * loopback ports, a server process killed when the bench exits (however it exits), and the
 * bytes their files take.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { dpkgHas, installDebianPackages } from '@parloir/testing/debian-packages'

const STOP_GRACE_MS = 10_000
const live = new Set<ChildProcess>()
let exitHookInstalled = false

function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.on('exit', () => {
    for (const child of live) {
      // The server runs in its own process group (detached), so its helpers go too.
      try { process.kill(-child.pid!, 'SIGKILL') } catch { /* gone */ }
    }
  })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => process.exit(130))
  }
}

/** Installs the Debian packages that `dpkg` does not list as installed. */
export function aptInstall(packages: readonly string[]): void {
  installDebianPackages(packages, () => dpkgHas(packages), 'for the peer benchmark')
}

/**
 * Stops the system service that installing a package may have started (it would hold ports and
 * compete for the cores), only if its pid file names a live process: asking an init script to
 * stop a service that is not running is not free (ejabberd's starts an Erlang node, and epmd).
 */
export function stopSystemService(name: string, pidFile: string): void {
  let pid: number
  try { pid = Number(readFileSync(pidFile, 'utf8').trim()) } catch { return }
  try { process.kill(pid, 0) } catch { return }
  console.error(`stopping the system ${name} (pid ${pid}) that its package started`)
  for (const [command, args] of [['systemctl', ['disable', '--now', name]], ['service', [name, 'stop']]] as const) {
    try { execFileSync(command, args, { stdio: 'ignore', timeout: 60_000 }); return } catch { /* try the next way */ }
  }
}

/** Runs a helper to its end (its output collected), killed with the bench if the bench exits first. */
export function runToEnd(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number }): Promise<string> {
  installExitHook()
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    live.add(child)
    let output = ''
    child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString() })
    const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL') } catch { /* gone */ } }, options.timeoutMs)
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      live.delete(child)
      if (code === 0) resolve(output)
      else reject(new Error(`${command} exited with ${signal ?? code}: ${output.slice(-2000)}`))
    })
  })
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A server started by the bench, in its own process group, output appended to `logPath`. */
export class ServerProcess {
  #child: ChildProcess | null = null
  #exited: Promise<void> = Promise.resolve()

  start(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; logPath: string }): void {
    installExitHook()
    const log = openSync(options.logPath, 'a')
    const child = spawn(command, args, {
      cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['ignore', log, log],
    })
    closeSync(log)
    live.add(child)
    this.#child = child
    this.#exited = new Promise((resolve) => child.once('exit', () => { live.delete(child); resolve() }))
  }

  get running(): boolean {
    return this.#child !== null && this.#child.exitCode === null && this.#child.signalCode === null
  }

  get pid(): number | undefined {
    return this.#child?.pid
  }

  /** Every process of the server's group (the server and any helper it spawned). */
  pids(): number[] {
    const leader = this.#child?.pid
    if (leader === undefined || !this.running) return []
    const pids: number[] = []
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      try {
        if (processGroupOf(entry) === leader) pids.push(Number(entry))
      } catch { /* gone */ }
    }
    return pids.length > 0 ? pids : [leader]
  }

  /** SIGTERM to the group, SIGKILL after 10 s; idempotent. */
  async stop(): Promise<void> {
    const child = this.#child
    if (!child) return
    this.#child = null
    if (child.exitCode === null && child.signalCode === null) {
      try { process.kill(-child.pid!, 'SIGTERM') } catch { /* gone */ }
      const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL') } catch { /* gone */ } }, STOP_GRACE_MS)
      await this.#exited
      clearTimeout(timer)
      // Helpers of the group that outlive the leader.
      try { process.kill(-child.pid!, 'SIGKILL') } catch { /* gone */ }
    }
    live.delete(child)
  }
}

function processGroupOf(pid: string): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // pid (comm) state ppid pgrp …: comm may hold spaces, so read after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  return Number(fields[2])
}

/** Polls `probe` until it resolves true, the server exits, or `timeoutMs` passes. */
export async function waitUntil(probe: () => Promise<boolean>, server: ServerProcess, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!server.running) throw new Error(`${what}: the server exited during start-up`)
    try { if (await probe()) return } catch { /* not yet */ }
    await sleep(50)
  }
  throw new Error(`${what}: not serving after ${timeoutMs} ms`)
}

/** Bytes the files under `path` take (allocated blocks, as `du` counts). */
export function diskBytes(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.blocks * 512
  let total = 0
  for (const entry of readdirSync(path)) total += diskBytes(join(path, entry))
  return total
}

/** The Debian version of an installed package without its revision (`0.12.3`), or null when it is not installed. */
export function installedVersion(name: string): string | null {
  try {
    const version = execFileSync('dpkg-query', ['-W', '-f=${Version}', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    return version ? version.replace(/-.*$/, '') : null
  } catch { return null }
}

import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

/** The repository root, so the CLI runs the same from any working directory. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
const cliMain = 'packages/cli/src/main.ts'

/** Children still running: killed if this process exits first, so no server outlives its test. */
const running = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

export interface Exit { code: number | null; signal: NodeJS.Signals | null }

/** One Parloir server, run as `parloir start` in a child process, as an operator would. */
export interface ParloirProcess {
  url: string
  pid: number
  child: ChildProcess
  /** Resolves when the process has exited (after any signal). */
  exited: Promise<Exit>
  /** The last lines the process wrote on stderr, for failure messages. */
  stderrTail(): string
}

export interface StartOptions {
  port: number
  dataDir: string
  /**
   * Added to the environment; `PARLOIR_RATE_LIMITS=off`, `LOG_LEVEL=warn` and `PARLOIR_PASSWORD_COST=10`
   * (cheap hashes: the journeys log in often, and check no hash's strength) unless given.
   */
  env?: Record<string, string>
  /** Bounds a failure only (a start that never comes): a loaded machine may take a minute to start tsx, migrate and listen. */
  startTimeoutMs?: number
  /** Extra Node options for the server process, e.g. `--cpu-prof` when profiling a benchmark. */
  nodeArgs?: string[]
}

/** A TCP port that was free a moment ago; the server is restarted on it after every kill. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

/** Starts `parloir start --port P --host 127.0.0.1 --data DIR` and waits for "Parloir is running at URL". */
export function startParloir(options: StartOptions): Promise<ParloirProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', cliMain, 'start', '--port', String(options.port), '--host', '127.0.0.1', '--data', options.dataDir], {
    cwd: repoRoot,
    env: { ...process.env, PARLOIR_RATE_LIMITS: 'off', LOG_LEVEL: 'warn', PARLOIR_PASSWORD_COST: '10', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { stderr = (stderr + chunk).slice(-8_000) })
  running.add(child)
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => {
    running.delete(child)
    resolve({ code, signal })
  }))
  const stderrTail = () => stderr.split('\n').slice(-20).join('\n')

  return new Promise<ParloirProcess>((resolve, reject) => {
    let stdout = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`Parloir did not start within ${options.startTimeoutMs ?? 120_000} ms\n${stderrTail()}`))
    }, options.startTimeoutMs ?? 120_000)
    child.stdout?.setEncoding('utf8').on('data', function onData(chunk: string) {
      stdout += chunk
      const match = /Parloir is running at (\S+)/.exec(stdout)
      if (!match?.[1]) return
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.stdout?.resume() // keep draining so the child never blocks on a full pipe
      resolve({ url: match[1], pid: child.pid ?? -1, child, exited, stderrTail })
    })
    // `exited` only resolves: nothing to catch.
    void exited.then((exit) => {
      clearTimeout(timer)
      reject(new Error(`Parloir exited before it was ready (code ${exit.code}, signal ${exit.signal})\n${stderrTail()}`))
    })
  })
}

/** Sends `signal` and waits for the process to be gone, so its port and database are free. */
export async function stopParloir(server: ParloirProcess, signal: NodeJS.Signals): Promise<Exit> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal)
  return server.exited
}

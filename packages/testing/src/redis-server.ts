import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { installDebianPackages } from './debian-packages.ts'

/** A throwaway `redis-server` on 127.0.0.1 for tests: no persistence, killed when the test process ends. */
export interface RedisTestServer {
  port: number
  /** `redis://127.0.0.1:<port>` */
  url: string
  /** Kills it with SIGKILL, as a crash would; what it held is gone. */
  kill(): Promise<void>
  /** Starts it again, empty, on the same port. */
  start(): Promise<void>
  /** Kills it for good. */
  stop(): Promise<void>
}

const binary = process.env.REDIS_SERVER_PATH ?? 'redis-server'

/** Installs Debian's redis-server when it is missing (see installDebianPackages). REDIS_SERVER_PATH names another binary. */
function ensureRedisServer(): void {
  installDebianPackages(['redis-server'], () => spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0, 'for the fan-out tests')
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve) })
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

/** True once the server answers PING. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let answer = ''
    const finish = (ok: boolean) => { socket.destroy(); resolve(ok) }
    socket.setTimeout(500, () => finish(false))
    socket.once('error', () => finish(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.on('data', (chunk) => { answer += chunk.toString('latin1'); if (answer.includes('\r\n')) finish(answer.startsWith('+PONG')) })
  })
}

const running = new Set<ChildProcess>()
process.once('exit', () => { for (const child of running) child.kill('SIGKILL') })

/** Starts redis-server on `port`; resolves once it answers, rejects if it exits first. */
async function launch(port: number): Promise<ChildProcess> {
  const child = spawn(binary, [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--dir', tmpdir(), '--loglevel', 'warning', '--daemonize', 'no',
  ], { stdio: ['ignore', 'ignore', 'pipe'] })
  running.add(child)
  // Killed with SIGKILL, this process runs no exit handler: a watcher then stops the server.
  const watcher = spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -9 ${child.pid} 2>/dev/null`], { stdio: 'ignore', detached: true })
  watcher.unref()
  child.once('exit', () => watcher.kill('SIGKILL'))
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  let exited = false
  child.once('exit', () => { exited = true; running.delete(child) })
  const deadline = Date.now() + 10_000
  while (!(await pings(port))) {
    if (exited) throw new Error(`redis-server on port ${port} exited: ${stderr.trim()}`)
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`redis-server on port ${port} did not answer within 10 s`) }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return child
}

async function killChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGKILL')
  await exited
}

/** Starts a redis-server on a free loopback port (installing it first if need be). */
export async function startRedisTestServer(): Promise<RedisTestServer> {
  ensureRedisServer()
  let child: ChildProcess | undefined
  let port = 0
  // A free port can be taken between finding and binding it: try another.
  for (let attempt = 1; child === undefined; attempt++) {
    port = await freePort()
    try {
      child = await launch(port)
    } catch (error) {
      if (attempt >= 5) throw error
    }
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async kill() { await killChild(child); child = undefined },
    async start() {
      if (child) return
      for (let attempt = 1; ; attempt++) {
        try {
          child = await launch(port)
          return
        } catch (error) {
          if (attempt >= 20) throw error
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
      }
    },
    async stop() { await killChild(child); child = undefined },
  }
}


import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { installDebianPackages } from '@parloir/testing/debian-packages'
import { freePort } from './parloir-process.ts'

/**
 * Debian's nginx as the load balancer of the scale-out tests: a foreground process on
 * 127.0.0.1:<free port>, round robin over several Parloir ports, everything it writes (config,
 * pid, logs, *_temp folders) in one temporary folder that `stop()` removes.
 */
export interface Nginx {
  port: number
  /** `http://127.0.0.1:<port>` */
  url: string
  /** The master process. */
  pid: number
  dir: string
  /** The nginx.conf it runs, for failure messages and docs. */
  config: string
  /** The access log so far, one entry per request (a WebSocket's when it ends). */
  accessLog(): AccessEntry[]
  errorLog(): string
  /** Error-log lines since `fromLine`, counted by what happened ("connect() failed (111: Connection refused)"…). */
  errorSummary(fromLine?: number): Record<string, number>
  /** Fast shutdown (SIGTERM), then SIGKILL after 5 s; removes the folder. Safe to call twice. */
  stop(): Promise<void>
}

export interface AccessEntry {
  /** When nginx finished the request, in ms since the epoch. */
  at: number
  status: number
  /** `$upstream_addr`: every node tried, in order (`127.0.0.1:3001, 127.0.0.1:3002`), or the upstream name when none was. */
  upstreams: string[]
  method: string
  uri: string
}

export interface NginxOptions {
  /** Parloir ports on 127.0.0.1, in round-robin order. */
  upstreams: number[]
  /** How long nginx waits for a node to accept a connection before trying the next (default 1 s). */
  connectTimeoutMs?: number
  /** How long it waits for an answer to a request, streams excepted (default 10 s). */
  readTimeoutMs?: number
}

const binary = process.env.NGINX_PATH ?? 'nginx'

function hasNginx(): boolean {
  return spawnSync(binary, ['-v'], { stdio: 'ignore' }).status === 0
}

/**
 * Installs Debian's nginx when it is missing and we are root (CI runs as root on a fresh Debian
 * machine), waiting for another apt run to finish first. Nothing but Debian's packages is fetched.
 * The package's own service is not started: Debian's policy-rc.d is left as it is, and we never
 * talk to anything but the process we spawn.
 */
export function ensureNginx(): void {
  // Debian's postinst may start the packaged service on port 80 (where an init system lets it):
  // the tests neither need nor touch it.
  installDebianPackages(['nginx'], hasNginx, 'for the scale-out tests')
}

/** The nginx.conf for a load balancer on `port` in front of `upstreams`. */
export function nginxConfig(dir: string, port: number, options: NginxOptions): string {
  const connectS = Math.max(1, Math.round((options.connectTimeoutMs ?? 1_000) / 1_000))
  const readS = Math.max(1, Math.round((options.readTimeoutMs ?? 10_000) / 1_000))
  // max_fails=1 fail_timeout=1s: a node that failed a request is skipped for 1–2 s only (nginx
  // counts whole seconds), so a node restarted after a kill soon takes requests again.
  const servers = options.upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=1s;`).join('\n')
  const proxied = (extra: string, timeoutS = readS) => `
      proxy_pass http://parloir;
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      # The real client, overwritten rather than appended: Parloir trusts this header
      # (PARLOIR_TRUST_PROXY=1) and keys its rate limits on it, so a client must not be able to
      # put its own value first. Only nginx may reach Parloir's ports.
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_connect_timeout ${connectS}s;
      proxy_send_timeout ${timeoutS}s;
      proxy_read_timeout ${timeoutS}s;
      proxy_next_upstream_tries 3;
      proxy_next_upstream_timeout ${readS}s;${extra}`
  return `# Written by e2e/support/nginx.ts for one test run.
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  log_format parloir '$msec $status "$upstream_addr" $request_method $uri';
  access_log ${dir}/access.log parloir;
  client_body_temp_path ${dir}/client_body_temp;
  proxy_temp_path ${dir}/proxy_temp;
  fastcgi_temp_path ${dir}/fastcgi_temp;
  uwsgi_temp_path ${dir}/uwsgi_temp;
  scgi_temp_path ${dir}/scgi_temp;
  client_max_body_size 110m;

  # "Connection: upgrade" for WebSocket upgrades; otherwise an empty header, which keeps the
  # connections to Parloir alive between requests.
  map $http_upgrade $connection_upgrade {
    default upgrade;
    '' '';
  }

  upstream parloir {
${servers}
    keepalive 32;
  }

  server {
    listen 127.0.0.1:${port};

    location / {${proxied(`
      # Only what is safe to repeat is tried again on another node (GET, HEAD, PUT, DELETE…):
      # a POST is resent only if it never reached a node (the connection failed), since one
      # that reached a node which then died may have been done.
      proxy_next_upstream error timeout;`)}
    }

    # Message sends. A node that dies before answering may or may not have committed the send;
    # resending it to another node is safe because every send carries a clientMessageId and
    # Parloir makes it idempotent (docs/reliability.md D2: the unique (conversation, sender, client_message_id)
    # index returns the original message, 200, instead of writing a second one). Hence
    # non_idempotent here, and only here. A send without a clientMessageId (which Parloir's own
    # clients never make) could be doubled by this retry, exactly as by a client's own retry.
    location ~ ^/api/v1/conversations/[^/]+/messages$ {${proxied(`
      proxy_next_upstream error timeout non_idempotent;`)}
    }

    # The realtime stream: a long-lived WebSocket. Parloir sends a heartbeat every 25 s, so a
    # read timeout longer than that only ends streams whose node went silent. A stream whose
    # node dies is closed; the client reconnects (through nginx, to a live node) and resumes
    # from its cursor.
    location = /api/v1/stream {${proxied(`
      proxy_next_upstream error timeout;
      proxy_buffering off;`, 75)}
    }
  }
}
`
}

const running = new Set<ChildProcess>()
process.once('exit', () => {
  // Synchronous only: the master's fast shutdown takes its worker with it.
  for (const child of running) { try { child.kill('SIGTERM') } catch { /* gone */ } }
})

/** True once something accepts connections on the port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const finish = (ok: boolean) => { socket.destroy(); resolve(ok) }
    socket.setTimeout(500, () => finish(false))
    socket.once('error', () => finish(false))
    socket.once('connect', () => finish(true))
  })
}

async function launch(options: NginxOptions): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'parloir-nginx-'))
  // nginx's worker runs as an unprivileged user when the master is root: it must be able to
  // enter this folder to use the *_temp folders the master creates (and chowns) here.
  chmodSync(dir, 0o755)
  const port = await freePort()
  const config = nginxConfig(dir, port, options)
  const configPath = join(dir, 'nginx.conf')
  writeFileSync(configPath, config)
  // -e: the error log before the config is read (the compiled-in /var/log/nginx/error.log otherwise).
  const child = spawn(binary, ['-p', dir, '-c', configPath, '-e', join(dir, 'error.log'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] })
  running.add(child)
  // Should this test process be killed with SIGKILL (no exit handler runs), a watcher stops nginx.
  const watcher = spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -TERM ${child.pid} 2>/dev/null; sleep 3; kill -9 ${child.pid} 2>/dev/null`], { stdio: 'ignore', detached: true })
  watcher.unref()
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { stderr = (stderr + chunk).slice(-4_000) })
  let exited = false
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true
    running.delete(child)
    watcher.kill('SIGKILL')
    resolve()
  }))
  const errorLog = () => { try { return readFileSync(join(dir, 'error.log'), 'utf8') } catch { return '' } }

  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    if (!exited) {
      child.kill('SIGTERM')
      const force = setTimeout(() => {
        // The worker too: it is the master's child, found by its parent pid.
        spawnSync('pkill', ['-KILL', '-P', String(child.pid)], { stdio: 'ignore' })
        child.kill('SIGKILL')
      }, 5_000)
      await exit
      clearTimeout(force)
    }
    rmSync(dir, { recursive: true, force: true })
  }

  const deadline = Date.now() + 10_000
  while (!(await accepts(port))) {
    if (exited) {
      const why = `${stderr}${errorLog()}`.trim()
      rmSync(dir, { recursive: true, force: true })
      throw Object.assign(new Error(`nginx exited before it listened on ${port}: ${why}`), { portTaken: /Address already in use/.test(why) })
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`nginx did not listen on ${port} within 10 s: ${stderr}${errorLog()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    dir,
    config,
    accessLog: () => {
      const path = join(dir, 'access.log')
      return existsSync(path) ? parseAccessLog(readFileSync(path, 'utf8')) : []
    },
    errorLog,
    errorSummary: (fromLine = 0) => summarizeErrors(errorLog().split('\n').slice(fromLine)),
    stop,
  }
}

/** Parses lines of the `parloir` log format: `$msec $status "$upstream_addr" $request_method $uri`. */
export function parseAccessLog(text: string): AccessEntry[] {
  const entries: AccessEntry[] = []
  for (const line of text.split('\n')) {
    const match = /^(\d+\.\d+) (\d{3}) "([^"]*)" (\S+) (\S+)$/.exec(line)
    if (!match) continue
    entries.push({
      at: Math.round(Number(match[1]) * 1_000),
      status: Number(match[2]),
      // Addresses tried are separated by ", ", those of internal redirects by " : ".
      upstreams: (match[3] ?? '').split(/, | : /).map((address) => address.trim()).filter(Boolean),
      method: match[4] ?? '',
      uri: match[5] ?? '',
    })
  }
  return entries
}

/** Counts error-log lines by their message, without the parts that change (time, ids, addresses). */
export function summarizeErrors(lines: string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const line of lines) {
    // 2026/11/30 02:16:34 [error] 18340#18340: *2 connect() failed (111: Connection refused) while connecting to upstream, client: …
    const match = /\[(\w+)\] \d+#\d+: (?:\*\d+ )?(.*?)(?:, client: .*)?$/.exec(line)
    if (!match) continue
    const key = `${match[1]}: ${match[2]}`
    counts[key] = (counts[key] ?? 0) + 1
  }
  return counts
}

/**
 * Starts nginx in front of `options.upstreams` (installing it first if need be) and, given the
 * test context, stops it after the test. It is also stopped when this process exits.
 */
export async function startNginx(t: { after: (fn: () => Promise<void> | void) => void } | undefined, options: NginxOptions): Promise<Nginx> {
  ensureNginx()
  for (let attempt = 1; ; attempt++) {
    try {
      const nginx = await launch(options)
      t?.after(() => nginx.stop())
      return nginx
    } catch (error) {
      // The free port was taken between finding and binding it: take another.
      if (!(error as { portTaken?: boolean }).portTaken || attempt >= 5) throw error
    }
  }
}

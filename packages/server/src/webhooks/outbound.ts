import http from 'node:http'
import https from 'node:https'
import { BlockList, isIP } from 'node:net'
import { lookup as dnsLookup } from 'node:dns/promises'
import type { LookupAddress } from 'node:dns'

/**
 * The one way Parloir reaches out to another server (webhooks, Web Push, and collections' link
 * previews, server/src/link-previews.ts; remote avatars must come through here too). docs/reliability.md, rule 9: resolve the host, refuse every
 * address that is not public unless an administrator allowed it, connect to the address that was
 * vetted (not to whatever a second resolution says), never follow a redirect unless asked to (and
 * then vet each hop), and bound time and size.
 */

/** Why a request was not made or did not finish. `status` answers are not errors. */
export type OutboundFailure =
  | 'invalid_url' // not a URL, or credentials/fragments we refuse
  | 'scheme' // not http or https
  | 'refused_address' // a literal or resolved address that is not public and not allowed
  | 'dns' // the name did not resolve
  | 'connect_timeout'
  | 'timeout' // the whole exchange took too long
  | 'network' // refused, reset, TLS failure…
  | 'too_many_redirects'

export class OutboundError extends Error {
  constructor(readonly failure: OutboundFailure, message: string, readonly address?: string) {
    super(message)
    this.name = 'OutboundError'
  }
}

/** Resolves a host name to every address it has (IPv4 and IPv6). Injected by tests. */
export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: 4 | 6 }>>

export const systemResolver: Resolver = async (hostname) => {
  const all = await dnsLookup(hostname, { all: true, verbatim: true })
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }))
}

// ── Addresses that are not the public Internet ──────────────────────────────────────────────

// Two lists: Node's BlockList matches IPv4 addresses against IPv6 rules as IPv4-mapped, so one
// list holding ::ffff:0:0/96 would refuse every IPv4 address.
const nonPublicV4 = new BlockList()
const nonPublicV6 = new BlockList()
const v4: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network", 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation TEST-NET-1
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation TEST-NET-2
  ['203.0.113.0', 24], // documentation TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255 broadcast
]
for (const [net, prefix] of v4) nonPublicV4.addSubnet(net, prefix, 'ipv4')
const v6: Array<[string, number]> = [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible block
  ['::ffff:0:0', 96], // IPv4-mapped: refused outright rather than unwrapped
  ['64:ff9b::', 96], // NAT64: would reach an IPv4 address we did not vet
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments, Teredo included
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds an IPv4 address
  ['3fff::', 20], // documentation (RFC 9637)
  ['5f00::', 16], // segment routing SIDs
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
]
for (const [net, prefix] of v6) nonPublicV6.addSubnet(net, prefix, 'ipv6')

/** Whether an IP address (v4 or v6, no brackets) is on the public Internet. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 0) return false
  return family === 4 ? !nonPublicV4.check(address, 'ipv4') : !nonPublicV6.check(address, 'ipv6')
}

// ── The administrator's allow-list (`PARLOIR_OUTBOUND_ALLOW`) ───────────────────────────────

/** One entry: a host name, an address or a CIDR range, and a port or any port. */
export interface AllowRule {
  kind: 'name' | 'address'
  /** Lower-case host name, for `kind: 'name'`. */
  name?: string
  /** Address or network and prefix, for `kind: 'address'`. */
  network?: string
  prefix?: number
  family?: 4 | 6
  /** null means any port. */
  port: number | null
}

/**
 * Parses `PARLOIR_OUTBOUND_ALLOW`: comma-separated `<host>:<port>` entries where host is a name
 * (`hooks.internal`), an address (`127.0.0.1`, `[::1]`) or a range (`10.0.0.0/8`, `[fd00::]/8`)
 * and port is a number or `*`. Throws on anything else so a typo fails at start.
 */
export function parseAllowList(raw: string): AllowRule[] {
  const rules: AllowRule[] = []
  for (const entry of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const match = /^(\[[^\]]+\](?:\/\d{1,3})?|[^:[\]]+):(\*|\d{1,5})$/.exec(entry)
    if (!match) throw new Error(`PARLOIR_OUTBOUND_ALLOW: "${entry}" is not <host>:<port> or <host>:*`)
    const [, hostPart, portPart] = match as unknown as [string, string, string]
    const port = portPart === '*' ? null : Number(portPart)
    if (port !== null && (port < 1 || port > 65_535)) throw new Error(`PARLOIR_OUTBOUND_ALLOW: "${entry}" has no valid port`)
    const [hostRaw, prefixRaw] = hostPart.replace(/^\[([^\]]+)\]/, '$1').split('/') as [string, string | undefined]
    const family = isIP(hostRaw)
    if (family !== 0) {
      const max = family === 4 ? 32 : 128
      const prefix = prefixRaw === undefined ? max : Number(prefixRaw)
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`PARLOIR_OUTBOUND_ALLOW: "${entry}" has a bad prefix`)
      rules.push({ kind: 'address', network: hostRaw, prefix, family: family as 4 | 6, port })
    } else {
      if (prefixRaw !== undefined || !/^[a-z0-9.-]+$/i.test(hostRaw)) throw new Error(`PARLOIR_OUTBOUND_ALLOW: "${entry}" is not a host name or address`)
      rules.push({ kind: 'name', name: hostRaw.toLowerCase().replace(/\.$/, ''), port })
    }
  }
  return rules
}

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80
}

function nameAllowed(rules: readonly AllowRule[], hostname: string, port: number): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '')
  return rules.some((r) => r.kind === 'name' && r.name === name && (r.port === null || r.port === port))
}

function addressAllowed(rules: readonly AllowRule[], address: string, port: number): boolean {
  const family = isIP(address)
  return rules.some((r) => {
    if (r.kind !== 'address' || (r.port !== null && r.port !== port) || r.family !== family) return false
    const list = new BlockList()
    list.addSubnet(r.network!, r.prefix!, family === 6 ? 'ipv6' : 'ipv4')
    return list.check(address, family === 6 ? 'ipv6' : 'ipv4')
  })
}

// ── Requests ────────────────────────────────────────────────────────────────────────────────

export interface OutboundRequest {
  url: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: Buffer | string
  /** Longest wait for the TCP (and TLS) connection. */
  connectTimeoutMs?: number
  /** Longest the whole exchange may take, from the start to the last byte read. */
  timeoutMs: number
  /** Bytes of the answer kept; past them the connection is closed and `truncated` is set. */
  maxResponseBytes?: number
  /** 0 (the default, and always for webhooks): a 3xx is returned as it is, never followed. */
  maxRedirects?: number
}

export interface OutboundResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
  /** The answer was longer than `maxResponseBytes` and was cut there. */
  truncated: boolean
  /** The address actually connected to. */
  address: string
  /** The URL that answered: the request's, or the last redirect's when they are followed. */
  url: string
  durationMs: number
}

export interface VettedTarget {
  url: URL
  address: string
  family: 4 | 6
}

export interface OutboundGuardOptions {
  allow?: readonly AllowRule[]
  resolver?: Resolver
}

export const defaultConnectTimeoutMs = 5_000
export const defaultMaxResponseBytes = 64 * 1024 // 64 KiB

export class OutboundGuard {
  readonly allow: readonly AllowRule[]
  readonly #resolve: Resolver

  constructor(options: OutboundGuardOptions = {}) {
    this.allow = options.allow ?? []
    this.#resolve = options.resolver ?? systemResolver
  }

  /**
   * Parses and vets a URL: http or https only, no credentials, and every address the host
   * resolves to is public or allowed. Returns the address to connect to. Also used to check a
   * webhook URL when it is registered, so a bad one is refused at once.
   */
  async vet(rawUrl: string): Promise<VettedTarget> {
    let url: URL
    try { url = new URL(rawUrl) } catch { throw new OutboundError('invalid_url', 'not a URL') }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundError('scheme', `scheme ${url.protocol} is not http or https`)
    if (url.username || url.password) throw new OutboundError('invalid_url', 'URLs with credentials are refused')
    const port = portOf(url)
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
    const literal = isIP(host)
    if (literal !== 0) {
      if (!isPublicAddress(host) && !addressAllowed(this.allow, host, port)) throw new OutboundError('refused_address', `address ${host} is not public`, host)
      return { url, address: host, family: literal as 4 | 6 }
    }
    if (!/^[a-z0-9.-]+$/i.test(host) || host.length > 253) throw new OutboundError('invalid_url', 'bad host name')
    let addresses: Array<{ address: string; family: 4 | 6 }>
    try { addresses = await this.#resolve(host) } catch { throw new OutboundError('dns', `${host} does not resolve`) }
    if (addresses.length === 0) throw new OutboundError('dns', `${host} does not resolve`)
    const byName = nameAllowed(this.allow, host, port)
    // Every answer must pass: a name that resolves to one public and one private address is refused.
    for (const a of addresses) {
      if (isIP(a.address) === 0) throw new OutboundError('dns', `${host} resolved to a non-address`)
      if (!byName && !isPublicAddress(a.address) && !addressAllowed(this.allow, a.address, port)) {
        throw new OutboundError('refused_address', `${host} resolves to ${a.address}, which is not public`, a.address)
      }
    }
    const first = addresses[0]!
    return { url, address: first.address, family: isIP(first.address) === 6 ? 6 : 4 }
  }

  /** Vets, connects to the vetted address only, and reads a bounded answer. */
  async request(request: OutboundRequest): Promise<OutboundResponse> {
    const started = performance.now()
    const deadline = started + request.timeoutMs
    let url = request.url
    let method = request.method ?? 'GET'
    let body = request.body
    for (let hop = 0; ; hop++) {
      const target = await this.vet(url)
      const remaining = deadline - performance.now()
      if (remaining <= 0) throw new OutboundError('timeout', 'timed out')
      const response = await send(target, { ...request, method, body }, remaining, started)
      const location = response.headers.location
      const redirect = response.status >= 300 && response.status < 400 && typeof location === 'string'
      if (!redirect || (request.maxRedirects ?? 0) === 0) return response
      if (hop >= request.maxRedirects!) throw new OutboundError('too_many_redirects', 'too many redirects')
      url = new URL(location, target.url).toString()
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) { method = 'GET'; body = undefined }
    }
  }
}

function send(target: VettedTarget, request: OutboundRequest, timeoutMs: number, started: number): Promise<OutboundResponse> {
  const { url, address, family } = target
  const maxBytes = request.maxResponseBytes ?? defaultMaxResponseBytes
  const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body)
  const headers: Record<string, string> = { ...request.headers }
  if (body) headers['content-length'] = String(body.length)
  const options: https.RequestOptions = {
    method: request.method ?? 'GET',
    protocol: url.protocol,
    // The name stays the host: the Host header, TLS SNI and certificate check use it.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: portOf(url),
    path: `${url.pathname}${url.search}`,
    headers,
    // A fresh connection each time: a pooled socket could belong to another vetting.
    agent: false,
    // Whatever Node asks, the answer is the address we vetted (DNS rebinding cannot move us).
    lookup: ((_hostname: string, opts: { all?: boolean }, callback: (...args: unknown[]) => void) => {
      if (opts?.all) callback(null, [{ address, family } satisfies LookupAddress])
      else callback(null, address, family)
    }) as unknown as https.RequestOptions['lookup'],
  }
  const transport = url.protocol === 'https:' ? https : http
  return new Promise<OutboundResponse>((resolve, reject) => {
    let settled = false
    const finish = (error: OutboundError | null, response?: OutboundResponse) => {
      if (settled) return
      settled = true
      clearTimeout(overall)
      clearTimeout(connectTimer)
      if (error) { req.destroy(); reject(error) } else resolve(response!)
    }
    const req = transport.request(options, (res) => {
      const chunks: Buffer[] = []
      let size = 0
      let truncated = false
      const done = () => finish(null, {
        status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), truncated, address, url: url.toString(),
        durationMs: Math.round(performance.now() - started),
      })
      res.on('data', (chunk: Buffer) => {
        if (truncated) return
        const room = maxBytes - size
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room))
          size = maxBytes
          truncated = true
          // Stop reading: the rest is never downloaded.
          done()
          res.destroy()
          req.destroy()
          return
        }
        chunks.push(chunk)
        size += chunk.length
      })
      res.on('end', done)
      res.on('error', (error) => finish(new OutboundError('network', error.message, address)))
      res.on('aborted', () => finish(new OutboundError('network', 'answer aborted', address)))
    })
    const overall = setTimeout(() => finish(new OutboundError('timeout', `no complete answer within ${request.timeoutMs} ms`, address)), timeoutMs)
    const connectTimeoutMs = Math.min(request.connectTimeoutMs ?? defaultConnectTimeoutMs, timeoutMs)
    const connectTimer = setTimeout(() => finish(new OutboundError('connect_timeout', `no connection within ${connectTimeoutMs} ms`, address)), connectTimeoutMs)
    req.on('socket', (socket) => {
      const connected = () => clearTimeout(connectTimer)
      if (!socket.connecting) connected()
      else socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', connected)
    })
    req.on('error', (error) => finish(new OutboundError('network', error.message, address)))
    req.end(body)
  })
}

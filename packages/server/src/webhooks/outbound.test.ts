import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { OutboundError, OutboundGuard, isPublicAddress, parseAllowList, type Resolver } from './outbound.ts'

/** Every test here talks only to 127.0.0.1: refused targets are refused before any packet. */

const loopbackOnly = parseAllowList('127.0.0.1:*')

/** A resolver that never touches DNS: names map to fixed answers, anything else fails. */
function fakeResolver(table: Record<string, string[]>, calls: string[] = []): Resolver {
  return async (host) => {
    calls.push(host)
    const answers = table[host]
    if (!answers) throw new Error('ENOTFOUND')
    return answers.map((address) => ({ address, family: net.isIP(address) === 6 ? 6 : 4 }))
  }
}

async function refusal(promise: Promise<unknown>): Promise<OutboundError> {
  try {
    await promise
  } catch (error) {
    assert.ok(error instanceof OutboundError, `expected an OutboundError, got ${String(error)}`)
    return error
  }
  assert.fail('expected a refusal')
}

describe('addresses that are not public', () => {
  const privateOnes = [
    '0.0.0.0', '0.1.2.3', '10.0.0.1', '10.255.255.255', '100.64.0.0', '100.127.255.255', '127.0.0.1', '127.255.255.254',
    '169.254.169.254', '172.16.0.1', '172.31.255.255', '192.0.0.8', '192.0.2.1', '192.168.1.1', '198.18.0.1', '198.19.255.255',
    '198.51.100.7', '203.0.113.9', '224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255',
    '::', '::1', '::ffff:127.0.0.1', '::ffff:8.8.8.8', '::127.0.0.1', '64:ff9b::a00:1', '2001:db8::1', '2002:7f00:1::1',
    'fc00::1', 'fd12:3456::1', 'fe80::1', 'fec0::1', 'ff02::1', '100::1', '2001::1',
  ]
  for (const address of privateOnes) {
    test(`${address} is refused`, () => assert.equal(isPublicAddress(address), false))
  }
  const publicOnes = ['8.8.8.8', '1.1.1.1', '100.63.255.255', '100.128.0.0', '172.15.255.255', '172.32.0.0', '11.0.0.1', '223.255.255.255', '2606:4700::1111', '2a00:1450::1']
  for (const address of publicOnes) {
    test(`${address} is public`, () => assert.equal(isPublicAddress(address), true))
  }
  test('a non-address is never public', () => assert.equal(isPublicAddress('localhost'), false))
})

describe('the allow-list', () => {
  test('parses names, addresses, ranges and ports', () => {
    const rules = parseAllowList(' 127.0.0.1:* , hooks.internal:8443,10.0.0.0/8:80,[::1]:*,[fd00::]/8:443 ')
    assert.deepEqual(rules.map((r) => [r.kind, r.name ?? r.network, r.prefix, r.port]), [
      ['address', '127.0.0.1', 32, null], ['name', 'hooks.internal', undefined, 8443], ['address', '10.0.0.0', 8, 80],
      ['address', '::1', 128, null], ['address', 'fd00::', 8, 443],
    ])
    assert.deepEqual(parseAllowList(''), [])
  })
  for (const bad of ['127.0.0.1', 'host:0', 'host:65536', '10.0.0.0/33:*', 'ho st:*', '[::1]/129:*', 'a/8:*']) {
    test(`refuses "${bad}"`, () => assert.throws(() => parseAllowList(bad), /PARLOIR_OUTBOUND_ALLOW/))
  }
  test('a port-bound entry allows only that port', async () => {
    const guard = new OutboundGuard({ allow: parseAllowList('127.0.0.1:8080,[::1]:*') })
    assert.equal((await guard.vet('http://127.0.0.1:8080/')).address, '127.0.0.1')
    assert.equal((await refusal(guard.vet('http://127.0.0.1:8081/'))).failure, 'refused_address')
    assert.equal((await refusal(guard.vet('http://127.0.0.1/'))).failure, 'refused_address')
    assert.equal((await guard.vet('http://[::1]:9/')).address, '::1')
  })
  test('a name entry allows what the name resolves to, and only that name', async () => {
    const guard = new OutboundGuard({ allow: parseAllowList('hooks.internal:*'), resolver: fakeResolver({ 'hooks.internal': ['10.1.2.3'], 'other.internal': ['10.1.2.3'] }) })
    assert.equal((await guard.vet('https://HOOKS.internal/x')).address, '10.1.2.3')
    assert.equal((await refusal(guard.vet('https://other.internal/x'))).failure, 'refused_address')
  })
})

describe('vetting a URL', () => {
  const guard = new OutboundGuard({ resolver: fakeResolver({}) })
  const literals = [
    'http://127.0.0.1/', 'http://10.0.0.1/', 'http://169.254.169.254/latest/meta-data/', 'http://0.0.0.0:3000/', 'http://[::1]/',
    'http://[::]/', 'http://[fe80::1]/', 'http://[fd00::1]/', 'http://[::ffff:127.0.0.1]/', 'http://[::ffff:a9fe:a9fe]/',
    // The URL parser turns these spellings of 127.0.0.1 into 127.0.0.1; they must not slip through.
    'http://2130706433/', 'http://0x7f.0.0.1/', 'http://017700000001/', 'http://127.1/', 'https://100.100.100.200/',
  ]
  for (const url of literals) {
    test(`refuses ${url}`, async () => {
      const error = await refusal(guard.vet(url))
      assert.equal(error.failure, 'refused_address')
    })
  }
  for (const url of ['ftp://example.com/', 'file:///etc/passwd', 'gopher://example.com/', 'data:text/plain,hi', 'javascript:alert(1)']) {
    test(`refuses the scheme of ${url}`, async () => assert.equal((await refusal(guard.vet(url))).failure, 'scheme'))
  }
  test('refuses credentials and non-URLs', async () => {
    assert.equal((await refusal(guard.vet('http://user:pass@example.com/'))).failure, 'invalid_url')
    assert.equal((await refusal(guard.vet('not a url'))).failure, 'invalid_url')
  })
  test('accepts a public literal without resolving anything', async () => {
    const calls: string[] = []
    const g = new OutboundGuard({ resolver: fakeResolver({}, calls) })
    assert.deepEqual(await g.vet('https://8.8.8.8/hook').then((t) => [t.address, t.family]), ['8.8.8.8', 4])
    assert.deepEqual(await g.vet('https://[2606:4700::1111]/hook').then((t) => [t.address, t.family]), ['2606:4700::1111', 6])
    assert.deepEqual(calls, [])
  })
  test('refuses a name that resolves to a private address', async () => {
    const g = new OutboundGuard({ resolver: fakeResolver({ 'evil.example': ['10.0.0.5'], 'metadata.example': ['169.254.169.254'], 'six.example': ['::1'] }) })
    for (const host of ['evil.example', 'metadata.example', 'six.example']) {
      const error = await refusal(g.request({ url: `http://${host}/`, timeoutMs: 1_000 }))
      assert.equal(error.failure, 'refused_address', host)
    }
  })
  test('refuses a name when any of its addresses is private', async () => {
    const g = new OutboundGuard({ resolver: fakeResolver({ 'mixed.example': ['93.184.216.34', '127.0.0.1'] }) })
    assert.equal((await refusal(g.vet('http://mixed.example/'))).failure, 'refused_address')
  })
  test('a name that does not resolve is a dns failure', async () => {
    assert.equal((await refusal(guard.vet('http://nowhere.example/'))).failure, 'dns')
  })
})

describe('requests to loopback receivers', () => {
  let server: http.Server
  let port = 0
  const seen: Array<{ url: string; host: string | undefined; method: string }> = []
  before(async () => {
    server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', host: req.headers.host, method: req.method ?? '' })
      const size = /^\/bytes\/(\d+)$/.exec(req.url ?? '')
      if (size) { res.end(Buffer.alloc(Number(size[1]), 0x61)); return }
      if (req.url === '/redirect') { res.writeHead(302, { location: '/secret' }).end(); return }
      if (req.url === '/redirect-private') { res.writeHead(307, { location: 'http://10.0.0.1/' }).end(); return }
      if (req.url === '/slow') return // never answers
      if (req.url === '/trickle') { res.writeHead(200); res.write('a'); return } // starts, never ends
      let body = ''
      req.on('data', (c: Buffer) => { body += c.toString() })
      req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain', 'retry-after': '7' }).end(`${req.method} ${body}`))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  after(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  test('without the allow-list, even loopback is refused', async () => {
    const error = await refusal(new OutboundGuard().request({ url: `http://127.0.0.1:${port}/`, timeoutMs: 1_000 }))
    assert.equal(error.failure, 'refused_address')
    assert.equal(seen.length, 0)
  })

  test('posts a body and reads the answer and its headers', async () => {
    const guard = new OutboundGuard({ allow: loopbackOnly })
    const res = await guard.request({ url: `http://127.0.0.1:${port}/echo`, method: 'POST', body: 'hello', headers: { 'content-type': 'application/json' }, timeoutMs: 2_000 })
    assert.equal(res.status, 200)
    assert.equal(res.body.toString(), 'POST hello')
    assert.equal(res.headers['retry-after'], '7')
    assert.equal(res.truncated, false)
    assert.equal(res.address, '127.0.0.1')
  })

  test('DNS rebinding: the name is resolved once and the vetted address is the one connected to', async () => {
    const calls: string[] = []
    let answers = 0
    const rebinding: Resolver = async (host) => {
      calls.push(host)
      answers++
      // First answer passes the check; any later one would point at the cloud metadata service.
      return [{ address: answers === 1 ? '127.0.0.1' : '169.254.169.254', family: 4 }]
    }
    const guard = new OutboundGuard({ allow: loopbackOnly, resolver: rebinding })
    const res = await guard.request({ url: `http://rebind.example:${port}/echo`, timeoutMs: 2_000 })
    assert.equal(res.status, 200)
    assert.equal(res.address, '127.0.0.1')
    assert.deepEqual(calls, ['rebind.example'])
    // The Host header names the host, not the address.
    assert.equal(seen.at(-1)?.host, `rebind.example:${port}`)
    // A second request resolves again and is refused on the new answer.
    assert.equal((await refusal(guard.request({ url: `http://rebind.example:${port}/echo`, timeoutMs: 2_000 }))).failure, 'refused_address')
  })

  test('a redirect is returned as it is, never followed', async () => {
    const guard = new OutboundGuard({ allow: loopbackOnly })
    const before = seen.length
    const res = await guard.request({ url: `http://127.0.0.1:${port}/redirect`, method: 'POST', body: '{}', timeoutMs: 2_000 })
    assert.equal(res.status, 302)
    assert.equal(res.headers.location, '/secret')
    assert.deepEqual(seen.slice(before).map((s) => s.url), ['/redirect'])
  })

  test('when redirects are allowed, each hop is vetted again', async () => {
    const guard = new OutboundGuard({ allow: loopbackOnly })
    const followed = await guard.request({ url: `http://127.0.0.1:${port}/redirect`, timeoutMs: 2_000, maxRedirects: 1 })
    assert.equal(followed.status, 200)
    assert.equal(seen.at(-1)?.url, '/secret')
    const error = await refusal(guard.request({ url: `http://127.0.0.1:${port}/redirect-private`, timeoutMs: 2_000, maxRedirects: 3 }))
    assert.equal(error.failure, 'refused_address')
    assert.equal(error.address, '10.0.0.1')
  })

  test('an answer at the size cap is whole; one byte more is cut at the cap', async () => {
    const guard = new OutboundGuard({ allow: loopbackOnly })
    const cap = 64 * 1024
    const atCap = await guard.request({ url: `http://127.0.0.1:${port}/bytes/${cap}`, timeoutMs: 2_000 })
    assert.equal(atCap.body.length, cap)
    assert.equal(atCap.truncated, false)
    const past = await guard.request({ url: `http://127.0.0.1:${port}/bytes/${cap + 1}`, timeoutMs: 2_000 })
    assert.equal(past.body.length, cap)
    assert.equal(past.truncated, true)
    const huge = await guard.request({ url: `http://127.0.0.1:${port}/bytes/${20 * 1024 * 1024}`, timeoutMs: 2_000, maxResponseBytes: 1_000 })
    assert.equal(huge.body.length, 1_000)
    assert.equal(huge.truncated, true)
  })

  test('a server that never answers times out', async () => {
    const guard = new OutboundGuard({ allow: loopbackOnly })
    const started = Date.now()
    const error = await refusal(guard.request({ url: `http://127.0.0.1:${port}/slow`, timeoutMs: 300 }))
    assert.equal(error.failure, 'timeout')
    assert.ok(Date.now() - started < 2_000)
    const trickle = await refusal(guard.request({ url: `http://127.0.0.1:${port}/trickle`, timeoutMs: 300 }))
    assert.equal(trickle.failure, 'timeout')
  })

  test('a TLS handshake that never completes is a connect timeout', async () => {
    const open: net.Socket[] = []
    const silent = net.createServer((socket) => { open.push(socket) /* accepts TCP, never speaks TLS */ })
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const silentPort = (silent.address() as AddressInfo).port
    try {
      const guard = new OutboundGuard({ allow: loopbackOnly })
      const error = await refusal(guard.request({ url: `https://127.0.0.1:${silentPort}/`, timeoutMs: 2_000, connectTimeoutMs: 200 }))
      assert.equal(error.failure, 'connect_timeout')
    } finally {
      await new Promise((resolve) => { silent.close(resolve); for (const s of open) s.destroy() })
    }
  })

  test('a closed port is a network failure', async () => {
    const closed = net.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const closedPort = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const error = await refusal(new OutboundGuard({ allow: loopbackOnly }).request({ url: `http://127.0.0.1:${closedPort}/`, timeoutMs: 2_000 }))
    assert.equal(error.failure, 'network')
  })
})

import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import sharp from 'sharp'
import { AppError, defaultLimits } from '@parloir/protocol'
import { GuardedLinkPreviews, readPageMeta } from './link-previews.ts'
import { OutboundGuard, parseAllowList, type Resolver } from './webhooks/outbound.ts'

/**
 * Links are read through the outbound guard the webhooks use. Every test talks only to a receiver
 * on 127.0.0.1, reached with the allowance the webhook tests use (`127.0.0.1:*`); the receiver
 * counts what reaches it, so a refusal is seen to send nothing.
 */

const limits = { ...defaultLimits, linkFetchTimeoutMs: 2_000 }
const loopback = parseAllowList('127.0.0.1:*')

function failure(error: unknown): string {
  assert.ok(error instanceof AppError && error.code === 'LINK_FETCH_FAILED', `expected LINK_FETCH_FAILED, got ${String(error)}`)
  return String(error.details?.reason)
}

async function reason(promise: Promise<unknown>): Promise<string> {
  try { await promise } catch (error) { return failure(error) }
  assert.fail('expected a refusal')
}

const hostile = {
  title: '<script>alert("t")</script> &amp; Café',
  description: '<img src=x onerror=alert(1)> &lt;b&gt;bold&lt;/b&gt;',
}

describe('reading a page through the outbound guard', () => {
  let server: http.Server
  let port: number
  let png: Buffer
  const seen: string[] = []
  const origin = () => `http://127.0.0.1:${port}`

  before(async () => {
    png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 47, g: 93, b: 80 } } }).png().toBuffer()
    server = http.createServer((req, res) => {
      seen.push(req.url ?? '')
      const url = req.url ?? '/'
      const page = (head: string, type = 'text/html; charset=utf-8') => res.writeHead(200, { 'content-type': type }).end(`<!doctype html><html><head>${head}</head><body><p>Hello</p></body></html>`)
      if (url === '/article') {
        return page(`<title>Fallback</title><meta property="og:title" content='${hostile.title}'><meta name="description" content="${hostile.description}">
          <meta property="og:site_name" content="Roast Weekly"><meta property="og:image" content="/cover.png">`)
      }
      if (url === '/cover.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(png)
      if (url === '/plain') return page('<title>  A   plain\n title </title>')
      if (url === '/latin1') return res.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' }).end(Buffer.from('<title>Caf\xe9</title>', 'latin1'))
      if (url === '/pdf') return res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4')
      if (url === '/missing') return res.writeHead(404, { 'content-type': 'text/html' }).end('<title>Not found</title>')
      if (url === '/private-image') return page('<title>Private picture</title><meta property="og:image" content="http://169.254.169.254/latest/meta-data/">')
      if (url === '/script-image') return page('<title>Script picture</title><meta property="og:image" content="javascript:alert(1)">')
      if (url === '/not-an-image') return page('<title>HTML picture</title><meta property="og:image" content="/plain">')
      if (url === '/huge-image') return page(`<title>Huge picture</title><meta property="og:image" content="/huge.png">`)
      if (url === '/huge.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(limits.imageBytes + 10))
      if (url === '/huge-page') return res.writeHead(200, { 'content-type': 'text/html' }).end(`<head><title>Big</title></head><body>${'x'.repeat(limits.linkFetchPageBytes * 2)}</body>`)
      if (url.startsWith('/hop/')) {
        const left = Number(url.slice(5))
        if (left === 0) return page('<title>Arrived</title>')
        return res.writeHead(302, { location: `/hop/${left - 1}` }).end()
      }
      const privateTarget = /^\/to\/(.+)$/.exec(url)?.[1]
      if (privateTarget) return res.writeHead(302, { location: decodeURIComponent(privateTarget) }).end()
      if (url === '/silent') return // never answers
      res.writeHead(404).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  after(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  const previews = (options: { allow?: typeof loopback; resolver?: Resolver; timeoutMs?: number } = {}) =>
    new GuardedLinkPreviews(new OutboundGuard({ allow: options.allow ?? loopback, ...(options.resolver ? { resolver: options.resolver } : {}) }),
      { ...limits, linkFetchTimeoutMs: options.timeoutMs ?? limits.linkFetchTimeoutMs })

  test('reads the Open Graph title, description, site and picture once; hostile words stay words', async () => {
    const before = seen.length
    const preview = await previews().fetch(`${origin()}/article`)
    assert.equal(preview.url, `${origin()}/article`)
    assert.equal(preview.title, '<script>alert("t")</script> & Café', 'references decoded, markup kept as text for the escaper')
    assert.equal(preview.description, '<img src=x onerror=alert(1)> <b>bold</b>')
    assert.equal(preview.siteName, 'Roast Weekly')
    assert.deepEqual(preview.image, png)
    assert.deepEqual(seen.slice(before), ['/article', '/cover.png'])
  })

  test('falls back to <title>, and reads the charset the answer names', async () => {
    assert.equal((await previews().fetch(`${origin()}/plain`)).title, 'A plain title')
    assert.equal((await previews().fetch(`${origin()}/latin1`)).title, 'Café')
  })

  test('an answer that is not HTML gives no metadata; an error status is refused', async () => {
    assert.deepEqual(await previews().fetch(`${origin()}/pdf`), { url: `${origin()}/pdf`, title: null, description: null, siteName: null, image: null })
    assert.equal(await reason(previews().fetch(`${origin()}/missing`)), 'status')
  })

  test('a picture on a private address, not http(s), not an image or over the cap is left out', async () => {
    const before = seen.length
    for (const path of ['/private-image', '/script-image', '/not-an-image', '/huge-image']) {
      const preview = await previews().fetch(`${origin()}${path}`)
      assert.ok(preview.title, path)
      assert.equal(preview.image, null, path)
    }
    assert.deepEqual(seen.slice(before), ['/private-image', '/script-image', '/not-an-image', '/plain', '/huge-image', '/huge.png'])
  })

  test(`follows ${limits.linkFetchRedirects} redirects, vetting each; one more is refused`, async () => {
    const arrived = await previews().fetch(`${origin()}/hop/${limits.linkFetchRedirects}`)
    assert.equal(arrived.title, 'Arrived')
    assert.equal(arrived.url, `${origin()}/hop/0`)
    assert.equal(await reason(previews().fetch(`${origin()}/hop/${limits.linkFetchRedirects + 1}`)), 'too_many_redirects')
  })

  test('reads at most the page cap of a long page, and still finds its head', async () => {
    assert.equal((await previews().fetch(`${origin()}/huge-page`)).title, 'Big')
  })

  test('a page that does not answer in time is refused', async () => {
    assert.equal(await reason(previews({ timeoutMs: 300 }).fetch(`${origin()}/silent`)), 'timeout')
  })

  describe('never reaches a private address', () => {
    const privateUrls = [
      'http://127.0.0.1:9/', 'http://127.1.2.3/', 'http://10.0.0.1/', 'http://10.255.255.254/', 'http://172.16.0.1/', 'http://172.31.255.255/',
      'http://192.168.0.1/', 'http://192.168.255.255/', 'http://169.254.169.254/latest/meta-data/', 'http://0.0.0.0/', 'http://100.64.0.1/',
      'http://[::1]/', 'http://[fe80::1]/', 'http://[fc00::1]/', 'http://[fd12:3456::1]/', 'http://[::ffff:127.0.0.1]/', 'http://[::ffff:10.0.0.1]/',
      'http://[::]/', 'https://[::ffff:a9fe:a9fe]/',
    ]
    for (const url of privateUrls) {
      test(`refuses ${url} without the allowance`, async () => {
        assert.equal(await reason(previews({ allow: [], resolver: async () => [] }).fetch(url)), 'refused_address')
      })
    }

    test('the loopback receiver itself is refused when the allowance is off, and hears nothing', async () => {
      const before = seen.length
      assert.equal(await reason(previews({ allow: [] }).fetch(`${origin()}/article`)), 'refused_address')
      assert.equal(seen.length, before)
    })

    const names: Record<string, string[]> = {
      'loopback.example': ['127.0.0.1'], 'intranet.example': ['10.1.2.3'], 'router.example': ['192.168.1.1'], 'docker.example': ['172.17.0.2'],
      'metadata.example': ['169.254.169.254'], 'six.example': ['::1'], 'ula.example': ['fd00::5'], 'linklocal.example': ['fe80::1'],
      'mixed.example': ['93.184.216.34', '10.0.0.1'], 'mapped.example': ['::ffff:192.168.0.1'],
    }
    for (const [name, addresses] of Object.entries(names)) {
      test(`refuses a name that resolves to ${addresses.join(' and ')}`, async () => {
        const resolver: Resolver = async (host) => (names[host] ?? []).map((address) => ({ address, family: net.isIP(address) === 6 ? 6 : 4 }))
        assert.equal(await reason(previews({ allow: [], resolver }).fetch(`http://${name}/`)), 'refused_address')
      })
    }

    const hops = ['http://10.0.0.1/', 'http://192.168.1.1/admin', 'http://172.16.5.4/', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:80/', 'http://[fe80::1]/', 'http://localhost./']
    for (const target of hops) {
      test(`refuses a redirect to ${target}`, async () => {
        // The allowance covers 127.0.0.1 only: each hop is vetted again, and these are not allowed.
        const resolver: Resolver = async (host) => (host.replace(/\.$/, '') === 'localhost' ? [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }] : [])
        assert.equal(await reason(previews({ resolver }).fetch(`${origin()}/to/${encodeURIComponent(target)}`)), 'refused_address')
      })
    }
  })
})

describe('reading a page’s metadata', () => {
  test('Open Graph wins over Twitter’s card, which wins over <title> and the description', () => {
    const meta = readPageMeta(`<head><title>T</title><meta name="twitter:title" content="Tw"><meta property="og:title" content="OG">
      <meta name=description content=plain><meta name="twitter:image" content="https://cdn.example/a.png"></head>`, 'https://site.example/post')
    assert.deepEqual(meta, { title: 'OG', description: 'plain', siteName: null, imageUrl: 'https://cdn.example/a.png' })
  })

  test('reads only the head: a body cannot pretend to be the page', () => {
    const meta = readPageMeta('<head><title>Real</title></head><body><meta property="og:title" content="Fake"></body>', 'https://site.example/')
    assert.equal(meta.title, 'Real')
  })

  test('a picture must be http or https; control and direction characters are dropped', () => {
    for (const bad of ['javascript:alert(1)', 'data:image/png;base64,AAAA', 'file:///etc/passwd', 'https://user:pw@cdn.example/a.png']) {
      assert.equal(readPageMeta(`<meta property="og:image" content="${bad}">`, 'https://site.example/').imageUrl, null, bad)
    }
    assert.equal(readPageMeta('<meta property="og:image" content="../img/a.png">', 'https://site.example/blog/post').imageUrl, 'https://site.example/img/a.png')
    assert.equal(readPageMeta('<title>a\u202eb\u0000c&#0;</title>', 'https://site.example/').title, 'a b c\ufffd')
  })
})

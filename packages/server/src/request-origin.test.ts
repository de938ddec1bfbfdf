import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import { testServer, type TestServer } from '@parloir/testing/server'

/** One raw GET with exactly these header lines: `inject` and HTTP clients fill in a missing or empty Host. */
function rawGet(port: number, path: string, hostLine: string, version = '1.1'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(`GET ${path} HTTP/${version}\r\n${hostLine ? `${hostLine}\r\n` : ''}connection: close\r\n\r\n`))
    let data = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => { data += chunk })
    socket.on('error', reject)
    socket.on('end', () => resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0), body: data.slice(data.indexOf('\r\n\r\n') + 4) }))
  })
}

describe('the Host a request names', () => {
  let s: TestServer
  let port: number
  let brandId: string

  before(async () => {
    s = await testServer()
    const ada = await s.person('ada')
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
    await s.app.listen({ host: '127.0.0.1', port: 0 })
    port = (s.app.server.address() as AddressInfo).port
  })
  after(async () => { await s.stop() })

  const pages = () => [`/widget/frame?brand=${brandId}`, '/messages/compose?recipient_id=northwind', '/api/v1/accounts/by-handle/ada']

  describe('when it is malformed', () => {
    test('is refused with a 400 HOST_INVALID on every page and API route, never a 500', async () => {
      for (const host of ['a b', '[::1', 'dm.example.com:99999', 'dm.example.com/evil', 'dm.example.com:80@x']) {
        for (const url of pages()) {
          const res = await s.call('GET', url, { headers: { host } })
          assert.equal(res.statusCode, 400, `${host} ${url}: ${res.body}`)
          assert.match(res.body, /HOST_INVALID|not a valid host/, `${host} ${url}`)
        }
      }
    })

    test('an empty Host line is refused alike', async () => {
      for (const url of pages()) {
        const res = await rawGet(port, url, 'host: ')
        assert.equal(res.status, 400, `${url}: ${res.body}`)
      }
    })
  })

  describe('when it is well formed', () => {
    test('names, addresses, ports and underscores (container names) are served', async () => {
      for (const host of ['dm.example.com', 'dm.example.com:8443', '127.0.0.1:3000', '[::1]:3000', 'parloir_app:3000', 'localhost']) {
        const res = await s.call('GET', `/widget/frame?brand=${brandId}`, { headers: { host } })
        assert.equal(res.statusCode, 200, `${host}: ${res.body}`)
      }
      assert.equal((await rawGet(port, '/healthz', `host: 127.0.0.1:${port}`)).status, 200)
    })

    test('an HTTP/1.0 health check without any Host is still answered', async () => {
      assert.equal((await rawGet(port, '/healthz', '', '1.0')).status, 200)
    })
  })
})

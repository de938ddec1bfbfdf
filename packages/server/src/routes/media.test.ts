import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { testServer, type TestServer } from '@parloir/testing/server'
import { until } from '@parloir/testing/stream-fixtures'

type Person = Awaited<ReturnType<TestServer['person']>>

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

describe('attachments', () => {
  let s: TestServer
  let ada: Person, ben: Person, eve: Person, conv: string, jpeg: Buffer
  before(async () => {
    s = await testServer({ limits: { fileBytes: 2_000 } as TestServer['config']['limits'] })
    ;[ada, ben, eve] = [await s.person('ada'), await s.person('ben'), await s.person('eve')]
    conv = (await s.call('POST', '/api/v1/conversations/direct', { token: ada.token, body: { accountId: ben.id } })).json().id
    jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 120, b: 40 } } })
      .withExif({ IFD0: { Copyright: 'Northwind' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1' } }).jpeg().toBuffer()
  })
  after(() => s.stop())

  const upload = (bytes: Buffer, name: string, token = ada.token) =>
    s.app.inject({ method: 'POST', url: `/api/v1/media?name=${encodeURIComponent(name)}`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, payload: bytes })

  test('an image is checked by its bytes, stripped of location, thumbnailed and readable by both participants', async () => {
    const up = await upload(jpeg, '../../etc/photo.jpg')
    assert.equal(up.statusCode, 201)
    const media = up.json()
    assert.equal(media.kind, 'image')
    assert.equal(media.mimeType, 'image/jpeg')
    assert.equal(media.fileName, 'photo.jpg', 'path parts are removed from names')
    assert.deepEqual([media.width, media.height], [640, 480])
    const sent = await s.call('POST', `/api/v1/conversations/${conv}/messages`, { token: ada.token, body: { text: 'Our new shop', attachmentMediaId: media.id } })
    assert.equal(sent.statusCode, 201)
    assert.equal(sent.json().attachment.id, media.id)
    const got = await s.call('GET', media.url, { token: ben.token })
    assert.equal(got.statusCode, 200)
    assert.equal(got.headers['content-type'], 'image/jpeg')
    assert.equal(got.headers['x-content-type-options'], 'nosniff')
    const meta = await sharp(got.rawPayload).metadata()
    assert.equal(meta.exif, undefined, 'no EXIF (so no GPS) in what is served')
    const thumb = await s.call('GET', media.thumbnailUrl, { token: ben.token })
    assert.equal(thumb.statusCode, 200)
    assert.ok((await sharp(thumb.rawPayload).metadata()).width! <= 320)
  })

  test('media is hidden from anyone who cannot read the message, as if missing', async () => {
    const media = (await upload(jpeg, 'private.jpg')).json()
    await s.call('POST', `/api/v1/conversations/${conv}/messages`, { token: ada.token, body: { text: 'x', attachmentMediaId: media.id } })
    for (const token of [eve.token, undefined]) {
      const res = await s.call('GET', media.url, token ? { token } : {})
      assert.equal(res.statusCode, 404)
      assert.equal(res.json().error.code, 'MEDIA_NOT_FOUND')
    }
  })

  test('one upload goes in one message only, and only its uploader can attach it', async () => {
    const media = (await upload(jpeg, 'once.jpg')).json()
    assert.equal((await s.call('POST', `/api/v1/conversations/${conv}/messages`, { token: ben.token, body: { text: 'x', attachmentMediaId: media.id } })).statusCode, 404)
    assert.equal((await s.call('POST', `/api/v1/conversations/${conv}/messages`, { token: ada.token, body: { text: 'x', attachmentMediaId: media.id } })).statusCode, 201)
    assert.equal((await s.call('POST', `/api/v1/conversations/${conv}/messages`, { token: ada.token, body: { text: 'y', attachmentMediaId: media.id } })).json().error.code, 'MEDIA_ALREADY_ATTACHED')
  })

  test('an SVG is only ever a download, sandboxed', async () => {
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    const media = (await upload(svg, 'logo.svg')).json()
    assert.equal(media.kind, 'file')
    await s.call('POST', `/api/v1/conversations/${conv}/messages`, { token: ada.token, body: { attachmentMediaId: media.id } })
    const got = await s.call('GET', media.url, { token: ben.token })
    assert.match(String(got.headers['content-disposition']), /^attachment;/)
    assert.equal(got.headers['content-security-policy'], "default-src 'none'; sandbox")
  })

  test('a file at its cap is accepted and one byte past it is refused, leaving no bytes behind', async () => {
    assert.equal((await upload(Buffer.alloc(2_000, 0x41), 'notes.txt')).statusCode, 201)
    const before = filesUnder(s.config.mediaDir).length
    const over = await upload(Buffer.alloc(2_001, 0x41), 'notes.txt')
    assert.equal(over.statusCode, 413)
    assert.equal(over.json().error.code, 'MEDIA_TOO_LARGE')
    assert.equal(filesUnder(s.config.mediaDir).length, before)
  })

  test('unsending a message erases its attachment bytes', async () => {
    const media = (await upload(jpeg, 'gone.jpg')).json()
    const m = (await s.call('POST', `/api/v1/conversations/${conv}/messages`, { token: ada.token, body: { attachmentMediaId: media.id } })).json()
    const before = filesUnder(s.config.mediaDir).length
    await s.call('POST', `/api/v1/conversations/${conv}/messages/${m.id}/unsend`, { token: ada.token })
    // The bytes go after the commit, off the request: wait for them rather than for a fixed time.
    await until(() => filesUnder(s.config.mediaDir).length <= before - 2, 'the attachment bytes to go')
    assert.equal(filesUnder(s.config.mediaDir).length, before - 2, 'original and thumbnail removed')
    assert.equal((await s.call('GET', media.url, { token: ada.token })).statusCode, 404)
  })
})

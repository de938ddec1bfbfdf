import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import http from 'node:http'
import { join } from 'node:path'
import sharp from 'sharp'
import { ApiResponseError, TwitterApi } from 'twitter-api-v2'
import { AppError } from '@parloir/protocol'
import { MEDIA_SEGMENT_MAX_BYTES, MEDIA_SEGMENT_MAX_COUNT, MEDIA_UPLOAD_TTL_MS, MEDIA_UPLOADS_OPEN_MAX, cleanExpiredMediaUploads } from '@parloir/core'
import { TestClock, testServer, type TestServer } from '@parloir/testing/server'
import { parseMultipart } from './media-upload.ts'
import { testTwitterAuthenticate } from '@parloir/testing/twitter-caller'
import type { TwitterAuthenticate } from './caller.ts'

type Person = Awaited<ReturnType<TestServer['person']>>
type Part = string | { data: Buffer; filename?: string; contentType?: string }

/** A multipart body as twitter-api-v2 builds it: binary parts carry no filename, only a content type. */
function multipart(fields: Record<string, Part>): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `--------------------------${'1'.repeat(24)}`
  const chunks: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) {
    const part = typeof value === 'string' ? { data: Buffer.from(value) } : value
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${name}"`
    if (part.filename !== undefined) head += `; filename="${part.filename}"`
    head += '\r\n'
    if (part.contentType) head += `Content-Type: ${part.contentType}\r\n`
    chunks.push(Buffer.from(`${head}\r\n`), part.data, Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

const binary = (data: Buffer) => ({ data, contentType: 'application/octet-stream' })
const twitterCode = (res: { json(): unknown }) => (res.json() as { errors: Array<{ code: number; message: string }> }).errors[0]?.code

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]))
}

describe('Twitter media uploads (v1.1 and v2 chunked)', () => {
  const clock = new TestClock(Date.now())
  let s: TestServer
  let ada: Person, ben: Person, eve: Person
  let png: Buffer, gif: Buffer
  const IMAGE_CAP = 300_000

  before(async () => {
    s = await testServer({ limits: { imageBytes: IMAGE_CAP } as TestServer['config']['limits'] }, { clock, twitterAuthenticate: testTwitterAuthenticate })
    ;[ada, ben, eve] = [await s.person('ada'), await s.person('ben'), await s.person('eve')]
    // Noise does not compress: a PNG of some 100 KB, split in three below.
    const noise = Buffer.alloc(200 * 160 * 3)
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24
    png = await sharp(noise, { raw: { width: 200, height: 160, channels: 3 } }).png().toBuffer()
    gif = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 10, g: 200, b: 90 } } }).gif().toBuffer()
  })
  after(() => s.stop())

  /** The caller, as the stub authentication of the translation layer reads it (A's OAuth is tested in e2e/twitter). */
  const as = (who: Person) => ({ 'x-test-account': who.id })
  const v1 = (who: Person, fields: Record<string, Part>) =>
    s.app.inject({ method: 'POST', url: '/1.1/media/upload.json', ...(({ payload, headers }) => ({ payload, headers: { ...headers, ...as(who) } }))(multipart(fields)) })
  const v1Status = (who: Person, id: string) =>
    s.app.inject({ method: 'GET', url: `/1.1/media/upload.json?command=STATUS&media_id=${id}`, headers: as(who) })
  const init = async (token: Person, totalBytes: number, category = 'DmImage', mediaType = 'image/png') => {
    const res = await v1(token, { command: 'INIT', total_bytes: String(totalBytes), media_type: mediaType, media_category: category })
    assert.equal(res.statusCode, 202, res.body)
    return res.json().media_id_string as string
  }
  const append = (token: Person, id: string, index: number, bytes: Buffer) =>
    v1(token, { command: 'APPEND', media_id: id, segment_index: String(index), media: binary(bytes) })
  const finalize = (token: Person, id: string) => v1(token, { command: 'FINALIZE', media_id: id })
  const nativeUpload = (bytes: Buffer, token = ada.token) =>
    s.app.inject({ method: 'POST', url: '/api/v1/media?name=x.png', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, payload: bytes })

  test('the multipart parser keeps a part without filename as bytes, CRLFs and all', () => {
    const bytes = Buffer.from([0, 13, 10, 45, 45, 255, 13, 10])
    const { payload, headers } = multipart({ command: 'APPEND', media: binary(bytes), named: { data: Buffer.from('x'), filename: 'a.bin' } })
    const parts = parseMultipart(payload, headers['content-type']!)
    assert.equal(parts.get('command')?.data.toString(), 'APPEND')
    assert.deepEqual(parts.get('media')?.data, bytes)
    assert.equal(parts.get('media')?.filename, undefined)
    assert.equal(parts.get('media')?.contentType, 'application/octet-stream')
    assert.equal(parts.get('named')?.filename, 'a.bin')
    assert.throws(() => parseMultipart(payload.subarray(0, payload.length - 30), headers['content-type']!), /VALIDATION_FAILED|not valid/)
  })

  test('v1.1: a PNG in 3 filename-less chunks is reassembled byte-exact, checked, thumbnailed, and attachable', async () => {
    const id = await init(ada, png.length)
    const init2 = await v1(ada, { command: 'INIT', total_bytes: String(png.length), media_type: 'image/png', media_category: 'DmImage' })
    assert.equal(init2.json().expires_after_secs, MEDIA_UPLOAD_TTL_MS / 1000)
    assert.equal(typeof init2.json().media_id, 'number')
    const third = Math.ceil(png.length / 3)
    // Out of order, as the library's 3 concurrent APPENDs may arrive.
    for (const index of [2, 0, 1]) {
      const res = await append(ada, id, index, png.subarray(index * third, (index + 1) * third))
      assert.equal(res.statusCode, 204, res.body)
    }
    const pending = (await v1Status(ada, id)).json()
    assert.equal(pending.processing_info.state, 'pending')
    const fin = await finalize(ada, id)
    assert.equal(fin.statusCode, 201, fin.body)
    const body = fin.json()
    assert.equal(body.media_id_string, id)
    assert.deepEqual(body.image, { image_type: 'image/png', w: 200, h: 160 })
    assert.equal(body.processing_info, undefined, 'an image is answered finished: the library does not poll')
    assert.equal((await v1Status(ada, id)).json().processing_info.state, 'succeeded')

    // Byte-exact reassembly: the same bytes uploaded whole give the very same stored file and pixels.
    const whole = (await nativeUpload(png)).json()
    const chunked = await s.call('GET', `/api/v1/media/${id}`, { token: ada.token })
    const direct = await s.call('GET', whole.url, { token: ada.token })
    assert.equal(chunked.statusCode, 200)
    assert.deepEqual(chunked.rawPayload, direct.rawPayload)
    assert.deepEqual(await sharp(chunked.rawPayload).raw().toBuffer(), await sharp(png).raw().toBuffer())
    const thumb = await s.call('GET', `/api/v1/media/${id}/thumbnail`, { token: ada.token })
    assert.equal(thumb.statusCode, 200)
    assert.equal(thumb.headers['content-type'], 'image/webp')
    assert.equal(filesUnder(join(s.config.mediaDir, '.tmp', 'chunks', id)).length, 0, 'segments are gone once finalized')

    // A normal media record: attached by its id, served on the ton URL to the recipient only.
    const conv = (await s.call('POST', '/api/v1/conversations/direct', { token: ada.token, body: { accountId: ben.id } })).json().id
    const sent = await s.call('POST', `/api/v1/conversations/${conv}/messages`, { token: ada.token, body: { text: 'chunked', attachmentMediaId: id } })
    assert.equal(sent.statusCode, 201, sent.body)
    const ton = `/1.1/ton/data/dm/${sent.json().id}/${id}/image.png`
    const got = await s.app.inject({ method: 'GET', url: ton, headers: as(ben) })
    assert.equal(got.statusCode, 200)
    assert.equal(got.headers['content-type'], 'image/png')
    assert.deepEqual(got.rawPayload, chunked.rawPayload)
    const hidden = await s.app.inject({ method: 'GET', url: ton, headers: as(eve) })
    assert.equal(hidden.statusCode, 400)
    assert.equal(twitterCode(hidden), 325, 'media id not found, as for any unknown id')
  })

  test('a GIF is kept as sent, byte for byte; base64 media_data works as well as a binary part', async () => {
    const id = await init(ada, gif.length, 'dm_gif', 'image/gif')
    const res = await v1(ada, { command: 'APPEND', media_id: id, segment_index: '0', media_data: gif.toString('base64') })
    assert.equal(res.statusCode, 204, res.body)
    const fin = await finalize(ada, id)
    assert.equal(fin.statusCode, 201, fin.body)
    assert.equal(fin.json().processing_info.state, 'succeeded')
    const got = await s.call('GET', `/api/v1/media/${id}`, { token: ada.token })
    assert.deepEqual(got.rawPayload, gif)
    // A url-encoded form (as Twitter documents it, and signed by OAuth 1.0a with its fields) works too.
    const form = (fields: Record<string, string>) => s.app.inject({ method: 'POST', url: '/1.1/media/upload.json', headers: { ...as(ada), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() })
    const formInit = await form({ command: 'INIT', total_bytes: String(gif.length), media_type: 'image/gif', media_category: 'dm_gif' })
    assert.equal(formInit.statusCode, 202, formInit.body)
    const formId = formInit.json().media_id_string as string
    assert.equal((await form({ command: 'APPEND', media_id: formId, segment_index: '0', media_data: gif.toString('base64') })).statusCode, 204)
    assert.equal((await form({ command: 'FINALIZE', media_id: formId })).statusCode, 201)
    assert.deepEqual((await s.call('GET', `/api/v1/media/${formId}`, { token: ada.token })).rawPayload, gif)
    const bad = await v1(ada, { command: 'APPEND', media_id: await init(ada, 10), segment_index: '0', media_data: '!!not base64!!' })
    assert.equal(bad.statusCode, 400)
  })

  test('media_category: both spellings of each DM kind; tweet_* mapped; others refused', async () => {
    const cases: Array<[string, string, number]> = [
      ['DmImage', 'image/png', 202], ['dm_image', 'image/jpeg', 202], ['DmGif', 'image/gif', 202], ['dm_gif', 'image/gif', 202],
      ['DmVideo', 'video/mp4', 202], ['dm_video', 'video/mp4', 202], ['TweetImage', 'image/png', 202], ['tweet_image', 'image/png', 202],
      ['amplify_video', 'video/mp4', 400], ['subtitles', 'text/srt', 400], ['dmimage', 'image/png', 400],
    ]
    for (const [category, type, status] of cases) {
      const res = await v1(ben, { command: 'INIT', total_bytes: '100', media_type: type, media_category: category })
      assert.equal(res.statusCode, status, `${category}: ${res.body}`)
      if (status === 400) assert.deepEqual([twitterCode(res), res.json().errors[0].message.startsWith('media_category parameter is invalid')], [44, true], res.body)
    }
    // Without a category, the media type decides; a non-media type is refused.
    assert.equal((await v1(ben, { command: 'INIT', total_bytes: '100', media_type: 'video/mp4' })).statusCode, 202)
    assert.equal((await v1(ben, { command: 'INIT', total_bytes: '100', media_type: 'application/pdf' })).statusCode, 400)
    // The category decides the cap: a GIF may be larger than an image.
    assert.equal((await v1(ben, { command: 'INIT', total_bytes: String(IMAGE_CAP + 1), media_type: 'image/gif', media_category: 'dm_gif' })).statusCode, 202)
  })

  test('declared total_bytes: at the kind\'s cap accepted, one past refused at INIT', async () => {
    await init(eve, IMAGE_CAP)
    const over = await v1(eve, { command: 'INIT', total_bytes: String(IMAGE_CAP + 1), media_type: 'image/png', media_category: 'dm_image' })
    assert.equal(over.statusCode, 400)
    assert.equal(twitterCode(over), 324)
    assert.equal(over.json().errors[0].message, `File size exceeds ${IMAGE_CAP} bytes.`)
    assert.equal((await v1(eve, { command: 'INIT', media_type: 'image/png' })).json().errors[0].code, 38, 'total_bytes missing')
    for (const bad of ['0', '-1', '1.5', 'abc', '']) {
      const res = await v1(eve, { command: 'INIT', total_bytes: bad, media_type: 'image/png', media_category: 'dm_image' })
      assert.equal(res.statusCode, 400, `total_bytes=${bad}`)
    }
  })

  test('segments: 5 MB accepted and one byte more refused; index 999 accepted and 1000 refused', async () => {
    const id = await init(eve, 3 * MEDIA_SEGMENT_MAX_BYTES, 'dm_video', 'video/mp4')
    assert.equal((await append(eve, id, 0, Buffer.alloc(MEDIA_SEGMENT_MAX_BYTES, 1))).statusCode, 204)
    const big = await append(eve, id, 1, Buffer.alloc(MEDIA_SEGMENT_MAX_BYTES + 1, 1))
    assert.equal(big.statusCode, 400, big.body)
    assert.equal(twitterCode(big), 324)
    assert.equal(big.json().errors[0].message, `File size exceeds ${MEDIA_SEGMENT_MAX_BYTES} bytes.`)
    assert.equal((await append(eve, id, MEDIA_SEGMENT_MAX_COUNT - 1, Buffer.alloc(10))).statusCode, 204)
    const past = await append(eve, id, MEDIA_SEGMENT_MAX_COUNT, Buffer.alloc(10))
    assert.equal(past.statusCode, 400)
    assert.equal((await append(eve, id, 2, Buffer.alloc(0))).statusCode, 400, 'an empty segment is refused')
    const none = await v1(eve, { command: 'APPEND', media_id: id, segment_index: '3' })
    assert.deepEqual([none.statusCode, twitterCode(none), none.json().errors[0].message], [400, 38, 'media parameter is missing.'])
    assert.deepEqual(filesUnder(join(s.config.mediaDir, '.tmp', 'chunks', id)).length, 2, 'refused segments leave no bytes')
  })

  test('segments never add up past the declared total; FINALIZE needs exactly the total; a resent index replaces', async () => {
    const id = await init(eve, 10)
    assert.equal((await append(eve, id, 0, Buffer.alloc(6))).statusCode, 204)
    const over = await append(eve, id, 1, Buffer.alloc(5))
    assert.equal(over.statusCode, 400, 'six and five are more than ten')
    assert.match(over.json().errors[0].message, /File size exceeds 10 bytes \(the segments add up to more than total_bytes\)/)
    assert.equal((await append(eve, id, 1, Buffer.alloc(4))).statusCode, 204, 'six and four are exactly ten')
    assert.equal((await append(eve, id, 0, Buffer.alloc(11))).statusCode, 400, 'a single segment past the total')
    assert.equal((await append(eve, id, 0, Buffer.alloc(3))).statusCode, 204, 'resending index 0 replaces it')
    const short = await finalize(eve, id)
    assert.equal(short.statusCode, 400, short.body)
    assert.equal(twitterCode(short), 324)
    assert.match(short.json().errors[0].message, /^Segments do not add up to provided total file size: 7 bytes received of the 10 declared/)
    assert.equal(filesUnder(join(s.config.mediaDir, '.tmp', 'chunks', id)).length, 2)
  })

  test('a lying file is refused at FINALIZE and STATUS says failed', async () => {
    for (const [bytes, name] of [[gif, 'a GIF declared as a PNG'], [Buffer.from('just some text, not an image at all'), 'text declared as a PNG']] as const) {
      const id = await init(ada, bytes.length)
      assert.equal((await append(ada, id, 0, bytes)).statusCode, 204)
      const fin = await finalize(ada, id)
      assert.equal(fin.statusCode, 400, `${name}: ${fin.body}`)
      assert.equal(twitterCode(fin), 324)
      const status = (await v1Status(ada, id)).json()
      assert.equal(status.processing_info.state, 'failed')
      assert.equal(status.processing_info.error.name, 'MEDIA_UNREADABLE')
      assert.equal((await s.call('GET', `/api/v1/media/${id}`, { token: ada.token })).statusCode, 404, 'no media was made')
      assert.equal(filesUnder(join(s.config.mediaDir, '.tmp', 'chunks', id)).length, 0)
    }
  })

  test('another account\'s media id is unknown to APPEND, FINALIZE and STATUS', async () => {
    const id = await init(ada, png.length)
    for (const res of [await append(eve, id, 0, png), await finalize(eve, id), await v1Status(eve, id)]) {
      assert.equal(res.statusCode, 400, res.body)
      assert.equal(twitterCode(res), 325)
    }
    assert.equal(twitterCode(await finalize(ada, '12345')), 325)
    assert.equal(twitterCode(await finalize(ada, 'abc')), 325)
    const anonymous = await s.app.inject({ method: 'GET', url: `/1.1/media/upload.json?command=STATUS&media_id=${id}` })
    assert.equal(anonymous.statusCode, 401)
    assert.equal(twitterCode(anonymous), 89)
    const appOnly = await s.app.inject({ method: 'POST', url: '/2/media/upload/initialize', headers: { 'x-test-kind': 'app-only', 'content-type': 'application/json' }, payload: '{"media_type":"image/png","total_bytes":10}' })
    assert.equal(appOnly.statusCode, 403, 'an app-only bearer uploads for nobody')
  })

  test('an expired session is refused, then cleaned with its bytes', async () => {
    const id = await init(ben, 20)
    assert.equal((await append(ben, id, 0, Buffer.alloc(10, 7))).statusCode, 204)
    const dir = join(s.config.mediaDir, '.tmp', 'chunks', id)
    assert.equal(filesUnder(dir).length, 1)
    clock.advance(MEDIA_UPLOAD_TTL_MS)
    try {
      for (const res of [await append(ben, id, 1, Buffer.alloc(10, 7)), await finalize(ben, id), await v1Status(ben, id)]) assert.equal(twitterCode(res), 325)
      assert.ok(await cleanExpiredMediaUploads(s.deps) >= 1)
      assert.equal(existsSync(dir), false)
      assert.equal(await s.deps.storage.reads.mediaUploads.byId(id), undefined)
    } finally {
      clock.advance(-MEDIA_UPLOAD_TTL_MS)
    }
  })

  test('unfinished uploads per account: at the cap accepted, one more refused (429, code 88)', async () => {
    const fay = await s.person('fay')
    for (let i = 0; i < MEDIA_UPLOADS_OPEN_MAX; i++) await init(fay, 10)
    const over = await v1(fay, { command: 'INIT', total_bytes: '10', media_type: 'image/png', media_category: 'dm_image' })
    assert.equal(over.statusCode, 429)
    assert.equal(twitterCode(over), 88)
    assert.ok(Number(over.headers['retry-after']) >= 1)
  })

  test('v2: initialize (JSON), append (multipart), finalize and STATUS answer in data', async () => {
    const auth = as(ben)
    const ini = await s.app.inject({ method: 'POST', url: '/2/media/upload/initialize', headers: { ...auth, 'content-type': 'application/json;charset=UTF-8' }, payload: JSON.stringify({ media_type: 'image/png', total_bytes: png.length, media_category: 'dm_image' }) })
    assert.equal(ini.statusCode, 200, ini.body)
    const { id, media_key, expires_after_secs } = ini.json().data
    assert.match(id, /^[0-9]+$/)
    assert.equal(media_key, `3_${id}`)
    assert.equal(expires_after_secs, 86_400)
    const half = Math.ceil(png.length / 2)
    for (const index of [0, 1]) {
      const { payload, headers } = multipart({ segment_index: String(index), media: binary(png.subarray(index * half, (index + 1) * half)) })
      const res = await s.app.inject({ method: 'POST', url: `/2/media/upload/${id}/append`, headers: { ...auth, ...headers }, payload })
      assert.equal(res.statusCode, 204, res.body)
      assert.equal(res.body, '')
    }
    const fin = await s.app.inject({ method: 'POST', url: `/2/media/upload/${id}/finalize`, headers: { ...auth, 'content-type': 'application/json;charset=UTF-8' }, payload: '{}' })
    assert.equal(fin.statusCode, 200, fin.body)
    assert.equal(fin.json().data.id, id)
    assert.equal(fin.json().data.size > 0, true)
    const status = await s.app.inject({ method: 'GET', url: `/2/media/upload?command=STATUS&media_id=${id}`, headers: auth })
    assert.equal(status.json().data.processing_info.state, 'succeeded')
    const empty = await s.app.inject({ method: 'POST', url: `/2/media/upload/${id}/finalize`, headers: auth })
    assert.equal(empty.statusCode, 200, 'finalize again, without a body, answers the same media')
    const bad = await s.app.inject({ method: 'POST', url: '/2/media/upload/initialize', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"media_type":' })
    assert.equal(bad.statusCode, 400)
    assert.ok(Array.isArray(bad.json().errors))
    assert.equal(bad.json().title, 'Invalid Request', 'v2 paths answer v2 problems')
  })
})

/** A GIF made large cheaply: a comment extension (255-byte sub-blocks) after the colour table. */
function withComment(gif: Buffer, comment: Buffer): Buffer {
  const packed = gif[10] ?? 0
  const at = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0)
  const blocks: Buffer[] = [Buffer.from([0x21, 0xfe])]
  for (let i = 0; i < comment.length; i += 255) {
    const block = comment.subarray(i, i + 255)
    blocks.push(Buffer.from([block.length]), block)
  }
  blocks.push(Buffer.from([0]))
  return Buffer.concat([gif.subarray(0, at), ...blocks, gif.subarray(at)])
}

/**
 * The real twitter-api-v2 against a listening server, its caller found by a stub that reads the
 * OAuth token as the account id (the real OAuth 1.0a is tested end to end in e2e/twitter): the
 * library's own multipart encoding, concurrent APPENDs, v2's body-less finalize, and
 * downloadDmImage on the ton URL the DM routes present.
 */
describe('Twitter media uploads with the real twitter-api-v2 client', () => {
  let s: TestServer
  let origin: string
  let ada: Person, ben: Person
  const tokenAuthenticate: TwitterAuthenticate = async (request) => {
    const accountId = /oauth_token="([0-9]+)"/.exec(String(request.headers.authorization ?? ''))?.[1]
    if (!accountId) throw new AppError('UNAUTHENTICATED')
    return { kind: 'oauth1', actor: { userId: accountId, accountId, sessionId: 'app-token:test', role: 'self' }, appId: '1000000000000000001', scopes: ['dm.read', 'dm.write'] }
  }
  const clientOf = (who: Person) => {
    const pointAtParloir = {
      onBeforeRequestConfig({ params }: { params: { url: string; forceBodyMode?: string } }) {
        const url = new URL(params.url)
        if (url.hostname.startsWith('upload.')) params.forceBodyMode ??= url.pathname === '/1.1/media/upload.json' ? 'form-data' : 'json'
        params.url = `${origin}${url.pathname}${url.search}`
      },
    }
    return new TwitterApi({ appKey: 'key', appSecret: 'secret', accessToken: who.id, accessSecret: 'secret' }, { plugins: [pointAtParloir as never], httpAgent: new http.Agent() })
  }

  before(async () => {
    s = await testServer({}, { twitterAuthenticate: tokenAuthenticate })
    origin = await s.app.listen({ port: 0, host: '127.0.0.1' })
    ;[ada, ben] = [await s.person('ada'), await s.person('ben')]
    await s.call('PATCH', '/api/v1/me/settings', { token: ben.token, body: { receiveMessagesFromAnyone: true } })
  })
  after(() => s.stop())

  test('v1.uploadMedia (target dm) in 1 MiB chunks, sendDm with it, and the recipient downloads the same bytes', async () => {
    // A GIF is stored as sent, so the bytes downloaded are the bytes uploaded; 3 chunks of 1 MiB at most.
    const gif = withComment(await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a7' } }).gif().toBuffer(), randomBytes(2_600_000))
    assert.ok(gif.length > 2 * 1024 * 1024, `the GIF needs 3 chunks, it is ${gif.length} bytes`)
    const mediaId = await clientOf(ada).v1.uploadMedia(gif, { mimeType: 'image/gif', target: 'dm' })
    assert.match(mediaId, /^[0-9]+$/)
    const sent = await clientOf(ada).v1.sendDm({ recipient_id: ben.id, text: 'our new GIF', attachment: { type: 'media', media: { id: mediaId } } })
    assert.equal(sent.event.message_create.message_data.attachment?.media.id_str, mediaId)
    const { event } = await clientOf(ben).v1.getDmEvent(sent.event.id)
    const bytes = await clientOf(ben).v1.downloadDmImage(event)
    assert.deepEqual(Buffer.from(bytes), gif)
  })

  test('v2.uploadMedia (dm_image) and v1.uploadMedia of a PNG give media with the PNG\'s pixels', async () => {
    const noise = Buffer.alloc(300 * 200 * 3)
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 40503) >>> 8
    const png = await sharp(noise, { raw: { width: 300, height: 200, channels: 3 } }).png().toBuffer()
    const v2Id = await clientOf(ada).v2.uploadMedia(png, { media_type: 'image/png', media_category: 'dm_image' })
    const v1Id = await clientOf(ada).v1.uploadMedia(png, { mimeType: 'image/png', target: 'dm' })
    for (const id of [v2Id, v1Id]) {
      const stored = await s.call('GET', `/api/v1/media/${id}`, { token: ada.token })
      assert.equal(stored.statusCode, 200)
      assert.deepEqual(await sharp(stored.rawPayload).raw().toBuffer(), await sharp(png).raw().toBuffer())
    }
  })

  test('a refused upload throws ApiResponseError with Twitter code 324', async () => {
    await assert.rejects(
      clientOf(ada).v1.uploadMedia(Buffer.from('not an image, whatever the type says'), { mimeType: 'image/png', target: 'dm' }),
      (error: unknown) => error instanceof ApiResponseError && error.code === 400 && error.errors?.some((e) => 'code' in e && e.code === 324) === true,
    )
  })
})

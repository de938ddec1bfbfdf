import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { ApiResponseError, TwitterApi } from 'twitter-api-v2'
import { freePort, startParloir, stopParloir, type ParloirProcess } from '../support/parloir-process.ts'
import { pointAtParloir } from './support/point-at-parloir.ts'

// A bot written for Twitter uploads DM media to a running Parloir with the real twitter-api-v2
// (1.29.x), v1.1 chunked (INIT/APPEND/FINALIZE, filename-less parts, concurrent APPENDs) and v2
// (initialize/append/finalize), attaches it to DMs, and the recipient's own app downloads it
// from the `ton` URL of the event with an OAuth 1.0a-signed GET.

type Body = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

async function signup(server: ParloirProcess, handle: string): Promise<{ id: string; session: string }> {
  const res = await fetch(`${server.url}/api/v1/auth/signup`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ handle, displayName: handle, password: 'correct horse battery' }),
  })
  const body = await res.json() as Body
  assert.equal(res.status, 201, JSON.stringify(body))
  return { id: body.me.account.id, session: body.session.token }
}

async function call(server: ParloirProcess, session: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Body; bytes: Buffer }> {
  const res = await fetch(`${server.url}${path}`, {
    method, headers: { authorization: `Bearer ${session}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
  })
  const bytes = Buffer.from(await res.arrayBuffer())
  const json = (res.headers.get('content-type') ?? '').includes('json') && bytes.length ? JSON.parse(bytes.toString('utf8')) as Body : {}
  return { status: res.status, body: json, bytes }
}

/** An app of the person's own, and an OAuth 1.0a client acting as the person. */
async function botOf(server: ParloirProcess, session: string, name: string): Promise<TwitterApi> {
  const created = await call(server, session, 'POST', '/api/v1/apps', { name, redirectUris: ['http://127.0.0.1:9/callback'] })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const token = await call(server, session, 'POST', `/api/v1/apps/${created.body.app.id as string}/tokens`, {})
  assert.equal(token.status, 201, JSON.stringify(token.body))
  return new TwitterApi({
    appKey: created.body.app.consumerKey, appSecret: created.body.consumerSecret, accessToken: token.body.accessToken, accessSecret: token.body.accessTokenSecret,
  }, pointAtParloir(server.url))
}

/** A GIF made large cheaply (a comment extension after the colour table): Parloir keeps GIFs byte for byte. */
async function largeGif(bytes: number): Promise<Buffer> {
  const gif = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#d2691e' } }).gif().toBuffer()
  const packed = gif[10] ?? 0
  const at = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0)
  const comment = randomBytes(bytes)
  const blocks: Buffer[] = [Buffer.from([0x21, 0xfe])]
  for (let i = 0; i < comment.length; i += 255) blocks.push(Buffer.from([Math.min(255, comment.length - i)]), comment.subarray(i, i + 255))
  blocks.push(Buffer.from([0]))
  return Buffer.concat([gif.subarray(0, at), ...blocks, gif.subarray(at)])
}

test('a bot uploads DM media with twitter-api-v2 (v1.1 and v2), sends it, and the recipient downloads the same bytes', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parloir-twitter-media-'))
  const server = await startParloir({ port: await freePort(), dataDir })
  try {
    const ada = await signup(server, 'ada')
    const ben = await signup(server, 'ben')
    const eve = await signup(server, 'eve')
    await call(server, ben.session, 'PATCH', '/api/v1/me/settings', { receiveMessagesFromAnyone: true })
    const bot = await botOf(server, ada.session, 'Northwind media bot')
    const benApp = await botOf(server, ben.session, 'Ben reader')
    const eveApp = await botOf(server, eve.session, 'Eve reader')

    // v1.1: a GIF over 2 MiB goes in three 1 MiB APPENDs (sent concurrently by the library).
    const gif = await largeGif(2_600_000)
    const gifId = await bot.v1.uploadMedia(gif, { mimeType: 'image/gif', target: 'dm' })
    const sent = await bot.v1.sendDm({ recipient_id: ben.id, text: 'Our new GIF', attachment: { type: 'media', media: { id: gifId } } })
    assert.equal(sent.event.message_create.message_data.attachment?.media.id_str, gifId)
    const { event } = await benApp.v1.getDmEvent(sent.event.id)
    const downloaded = await benApp.v1.downloadDmImage(event)
    assert.deepEqual(Buffer.from(downloaded), gif, 'the recipient downloads the very bytes uploaded')

    // Someone outside the conversation cannot download it, even with a valid signature.
    const url = event.message_create.message_data.attachment?.media.media_url_https
    assert.ok(url)
    await assert.rejects(eveApp.v1.downloadDmImage(url), (error: unknown) => error instanceof ApiResponseError && error.code === 400)

    // A PNG through v2 and v1.1: checked and re-encoded (metadata stripped), the same pixels, thumbnailed.
    const png = await sharp(randomBytes(320 * 240 * 3), { raw: { width: 320, height: 240, channels: 3 } }).png().toBuffer()
    const v2Id = await bot.v2.uploadMedia(png, { media_type: 'image/png', media_category: 'dm_image' })
    const v1Id = await bot.v1.uploadMedia(png, { mimeType: 'image/png', target: 'dm' })
    const pixels = await sharp(png).raw().toBuffer()
    for (const id of [v1Id, v2Id]) {
      const stored = await call(server, ada.session, 'GET', `/api/v1/media/${id}`)
      assert.equal(stored.status, 200)
      assert.deepEqual(await sharp(stored.bytes).raw().toBuffer(), pixels)
      assert.equal((await call(server, ada.session, 'GET', `/api/v1/media/${id}/thumbnail`)).status, 200)
    }
    const v2Sent = await bot.v2.sendDmToParticipant(ben.id, { text: 'and a picture', attachments: [{ media_id: v2Id }] })
    const v2EventId = (v2Sent as unknown as { data: { dm_event_id: string } }).data.dm_event_id
    const v2Event = (await benApp.v1.getDmEvent(v2EventId)).event
    const picture = await benApp.v1.downloadDmImage(v2Event)
    assert.deepEqual(await sharp(Buffer.from(picture)).raw().toBuffer(), pixels)

    // STATUS, asked through the library itself: our FINALIZE finishes the work, so the library never
    // polls on its own; a tool that polls anyway gets the finished state in both versions' shapes.
    const v1Status = await bot.v1.get('media/upload.json', { command: 'STATUS', media_id: gifId }, { prefix: 'https://upload.x.com/1.1/' })
    assert.equal((v1Status as { media_id_string: string }).media_id_string, gifId)
    assert.deepEqual((v1Status as { processing_info: unknown }).processing_info, { state: 'succeeded', progress_percent: 100 })
    const v2Status = await bot.v2.get('media/upload', { command: 'STATUS', media_id: v2Id }, { prefix: 'https://api.x.com/2/' })
    assert.equal((v2Status as { data: { id: string } }).data.id, v2Id)
    assert.deepEqual((v2Status as { data: { processing_info: unknown } }).data.processing_info, { state: 'succeeded', progress_percent: 100 })

    // Bytes that lie about their type are refused with Twitter's media code.
    await assert.rejects(
      bot.v1.uploadMedia(Buffer.from('this is not a picture at all'), { mimeType: 'image/png', target: 'dm' }),
      (error: unknown) => error instanceof ApiResponseError && error.errors?.some((e) => 'code' in e && e.code === 324) === true,
    )
    // Another account's media id cannot be attached.
    const eveMedia = await eveApp.v1.uploadMedia(png, { mimeType: 'image/png', target: 'dm' })
    await assert.rejects(bot.v1.sendDm({ recipient_id: ben.id, text: 'not mine', attachment: { type: 'media', media: { id: eveMedia } } }), ApiResponseError)
  } finally {
    await stopParloir(server, 'SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
})

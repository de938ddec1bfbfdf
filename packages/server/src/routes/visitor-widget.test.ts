import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { signIdentity } from '@parloir/core'
import { loadConfig } from '../config.ts'
import { TestClock, testServer, type TestServer } from '@parloir/testing/server'

type Person = Awaited<ReturnType<TestServer['person']>>
const code = (res: { json(): { error?: { code: string } } }) => res.json().error?.code
const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1'), Buffer.alloc(size, 0x20)]).subarray(0, size)

test('a visitor may upload 20 files an hour and 100 MB a day by default', () => {
  const { rateLimits } = loadConfig({}, { dataDir: '/tmp/unused' })
  assert.deepEqual(rateLimits.visitorUploadsPerHour, { max: 20, windowMs: 3_600_000 })
  assert.deepEqual(rateLimits.visitorUploadBytesPerDay, { max: 100 * 1024 * 1024, windowMs: 86_400_000 })
})

describe('the widget: visitors’ uploads and identity verification', () => {
  let s: TestServer
  let clock: TestClock
  let ada: Person, ben: Person, dan: Person
  let brandId: string
  const dayBytes = 4_000
  before(async () => {
    clock = new TestClock()
    // The day's bytes are made small here so the test uploads little; the default is checked above.
    s = await testServer({ rateLimits: { visitorUploadBytesPerDay: { max: dayBytes, windowMs: 86_400_000 } } as TestServer['config']['rateLimits'] }, { clock })
    ;[ada, ben, dan] = [await s.person('ada'), await s.person('ben'), await s.person('dan')]
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
    for (const [person, role] of [[ben, 'agent'], [dan, 'admin']] as const) {
      const added = await s.call('PUT', `/api/v1/brands/${brandId}/members/${person.id}`, { token: ada.token, body: { role } })
      assert.ok(added.statusCode < 300, added.body)
    }
  })
  after(() => s.stop())

  let visitorCount = 0
  const newVisitor = async () => {
    const res = await s.call('POST', '/api/v1/visitors', { body: { brandId, text: 'Hello' }, headers: { 'x-forwarded-for': `203.0.113.${++visitorCount}` } })
    assert.equal(res.statusCode, 201, res.body)
    const { session, conversation, me } = res.json()
    return { token: session.token as string, conversationId: conversation.id as string, id: me.account.id as string }
  }
  const upload = (token: string, bytes: Buffer, name = 'receipt.pdf') =>
    s.app.inject({ method: 'POST', url: `/api/v1/media?name=${name}`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, payload: bytes })

  test('20 uploads an hour: the 20th passes, the 21st is refused with its code and Retry-After, and an hour later it passes', async () => {
    const v = await newVisitor()
    for (let i = 1; i <= 20; i++) assert.equal((await upload(v.token, pdf(60))).statusCode, 201, `upload ${i}`)
    const refused = await upload(v.token, pdf(60))
    assert.equal(refused.statusCode, 429)
    assert.equal(code(refused), 'VISITOR_UPLOADS_PER_HOUR')
    assert.ok(Number(refused.headers['retry-after']) > 0)
    // Another visitor has its own count; a person (not a visitor) has no such count.
    assert.equal((await upload((await newVisitor()).token, pdf(60))).statusCode, 201)
    for (let i = 0; i < 21; i++) assert.equal((await upload(ben.token, pdf(60))).statusCode, 201)
    clock.advance(2 * 3_600_000)
    assert.equal((await upload(v.token, pdf(60))).statusCode, 201)
  })

  test('bytes a day: exactly the day’s budget passes, one byte more is refused with its code, and the refusal counts nothing', async () => {
    const v = await newVisitor()
    assert.equal((await upload(v.token, pdf(dayBytes - 1000))).statusCode, 201)
    const over = await upload(v.token, pdf(1001))
    assert.equal(over.statusCode, 429)
    assert.equal(code(over), 'VISITOR_UPLOAD_BYTES_PER_DAY')
    assert.equal((await upload(v.token, pdf(1000))).statusCode, 201, 'up to the budget exactly')
    assert.equal(code(await upload(v.token, pdf(41))), 'VISITOR_UPLOAD_BYTES_PER_DAY')
  })

  test('a file a visitor sends reaches the brand, and its page shows it without JavaScript', async () => {
    const v = await newVisitor()
    const media = (await upload(v.token, pdf(200), 'invoice.pdf')).json()
    const sent = await s.call('POST', `/api/v1/conversations/${v.conversationId}/messages`, { token: v.token, body: { attachmentMediaId: media.id } })
    assert.equal(sent.statusCode, 201, sent.body)
    const seen = (await s.call('GET', `/api/v1/conversations/${v.conversationId}/messages`, { token: ada.token, headers: { 'parloir-act-as': brandId } })).json().messages
    assert.equal(seen.at(-1).attachment.fileName, 'invoice.pdf')
    const download = await s.call('GET', `/api/v1/media/${media.id}`, { token: ada.token })
    assert.equal(download.statusCode, 200)
    // The visitor's page (its cookie has the page's paths only) links the file under its own path.
    const cookie = `parloir_visitor=${v.token}`
    const page = await s.call('GET', `/messages/visitor/${v.conversationId}`, { headers: { cookie } })
    assert.equal(page.statusCode, 200)
    const href = `/messages/visitor/${v.conversationId}/media/${media.id}`
    assert.ok(page.body.includes(`href="${href}"`), 'a plain link to the file')
    const file = await s.call('GET', href, { headers: { cookie } })
    assert.equal(file.statusCode, 200)
    assert.equal(file.headers['content-type'], 'application/pdf')
    assert.match(String(file.headers['content-disposition']), /^attachment;/)
    // Another visitor's cookie, or none, gets nothing.
    const other = await newVisitor()
    assert.equal((await s.call('GET', href, { headers: { cookie: `parloir_visitor=${other.token}` } })).statusCode, 404)
    assert.equal((await s.call('GET', href)).statusCode, 404)
  })

  describe('identity verification', () => {
    let secret = ''
    const now = () => Math.floor(clock.now() / 1000)
    const identify = (body: Record<string, unknown>, token?: string) =>
      s.call('POST', '/api/v1/visitors/identify', { body: { brandId, ...body }, ...(token ? { token } : {}) })
    const signed = (userId: string, timestamp = now(), key = secret) => ({ userId, timestamp, signature: signIdentity(key, userId, timestamp) })

    test('only an owner or admin sees and makes the secret; it is shown once, and a new one retires the old', async () => {
      const path = `/api/v1/brands/${brandId}/identity-verification`
      assert.deepEqual((await s.call('GET', path, { token: ada.token })).json(), { enabled: false, createdAt: null })
      assert.equal(code(await identify(signed('customer-1', now(), 'x'.repeat(64)))), 'IDENTITY_NOT_ENABLED')
      assert.equal(code(await s.call('POST', `${path}/secret`, { token: ben.token })), 'FORBIDDEN')
      const first = (await s.call('POST', `${path}/secret`, { token: dan.token })).json()
      assert.match(first.secret, /^[0-9a-f]{64}$/)
      const made = await s.call('POST', `${path}/secret`, { token: ada.token })
      assert.equal(made.statusCode, 200)
      secret = made.json().secret
      assert.notEqual(secret, first.secret)
      const shown = (await s.call('GET', path, { token: ada.token })).json()
      assert.equal(shown.enabled, true)
      assert.equal(shown.secret, undefined, 'never shown again')
      assert.equal(code(await identify(signed('customer-1', now(), first.secret))), 'IDENTITY_SIGNATURE_INVALID', 'the old secret no longer signs')
    })

    test('a valid signature links the visitor, and the same customer on another device gets the same visitor and conversation', async () => {
      const laptop = await newVisitor()
      assert.deepEqual((await identify(signed('customer-7'))).json(), { status: 'unknown' }, 'nobody to link without a visitor')
      assert.deepEqual((await identify(signed('customer-7'), laptop.token)).json(), { status: 'linked' })
      assert.deepEqual((await identify(signed('customer-7'), laptop.token)).json(), { status: 'current' })
      // The phone has never written: it becomes the laptop's visitor, in the same conversation.
      const phone = (await identify(signed('customer-7'))).json()
      assert.equal(phone.status, 'signed-in')
      assert.equal(phone.me.account.id, laptop.id)
      assert.equal(phone.conversationId, laptop.conversationId)
      const messages = (await s.call('GET', `/api/v1/conversations/${phone.conversationId}/messages`, { token: phone.session.token })).json().messages
      assert.deepEqual(messages.map((m: { text: string }) => m.text), ['Hello'])
      // A visitor who is another customer is not taken over; the same id at another brand is another person.
      const other = await newVisitor()
      assert.deepEqual((await identify(signed('customer-8'), other.token)).json(), { status: 'linked' })
      assert.equal((await identify(signed('customer-7'), other.token)).json().me.account.id, laptop.id)
    })

    test('a forged, altered or expired signature is refused with its own code; 10 minutes old is still good', async () => {
      const v = await newVisitor()
      const good = signed('customer-9')
      assert.equal(code(await identify({ ...good, signature: signIdentity('f'.repeat(64), 'customer-9', good.timestamp) }, v.token)), 'IDENTITY_SIGNATURE_INVALID')
      assert.equal(code(await identify({ ...good, userId: 'customer-1' }, v.token)), 'IDENTITY_SIGNATURE_INVALID', 'signed for another customer')
      assert.equal(code(await identify({ ...good, timestamp: good.timestamp + 1 }, v.token)), 'IDENTITY_SIGNATURE_INVALID', 'another time')
      assert.equal((await identify({ ...good, signature: 'zz' }, v.token)).statusCode, 400)
      assert.equal(code(await identify(signed('customer-9', now() - 601), v.token)), 'IDENTITY_SIGNATURE_EXPIRED')
      assert.equal(code(await identify(signed('customer-9', now() + 61), v.token)), 'IDENTITY_SIGNATURE_EXPIRED')
      assert.equal((await identify(signed('customer-9', now() - 600), v.token)).json().status, 'linked')
    })
  })
})

import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { defaultLimits } from '@parloir/protocol'
import { testServer, type TestServer } from '@parloir/testing/server'

type Person = Awaited<ReturnType<TestServer['person']>>
type Res = { statusCode: number; json(): { error: { code: string; details?: { fields?: Array<{ path: string }> } } } }
const code = (res: Res) => res.json().error?.code
const options = (n: number) => ({ type: 'options', options: Array.from({ length: n }, (_, i) => ({ label: `Option ${i}`, metadata: `opt_${i}` })) })

describe('brand messaging settings', () => {
  let s: TestServer
  let ada: Person, ben: Person, chloe: Person
  let brandId: string, otherBrandId: string
  before(async () => {
    s = await testServer()
    ;[ada, ben, chloe] = [await s.person('ada'), await s.person('ben'), await s.person('chloe')]
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
    otherBrandId = (await s.call('POST', '/api/v1/brands', { token: chloe.token, body: { handle: 'southwind', displayName: 'Southwind Tea' } })).json().brand.id
    await s.call('PUT', `/api/v1/brands/${brandId}/members/${ben.id}`, { token: ada.token, body: { role: 'agent' } })
  })
  after(() => s.stop())
  const welcomeUrl = (id = brandId) => `/api/v1/brands/${id}/welcome-messages`

  describe('welcome messages', () => {
    test('the default one is on the public card; another is reachable by id; a foreign id falls back to the default', async () => {
      const first = await s.call('POST', welcomeUrl(), { token: ada.token, body: { name: 'Default', text: 'Hello! How can we help?', quickReply: options(2), isDefault: true } })
      assert.equal(first.statusCode, 201)
      assert.equal(first.json().isDefault, true)
      const spring = (await s.call('POST', welcomeUrl(), { token: ada.token, body: { name: 'Spring', text: 'Ask about the spring blend', buttons: [{ type: 'phone_number', label: 'Call us', phoneNumber: '+33 1 23 45 67 89' }] } })).json()
      assert.equal(spring.isDefault, false)
      const foreign = (await s.call('POST', welcomeUrl(otherBrandId), { token: chloe.token, body: { name: 'Tea', text: 'Tea time' } })).json()

      const card = (await s.call('GET', `/api/v1/brands/${brandId}/card`)).json()
      assert.equal(card.brand.handle, 'northwind')
      assert.equal(card.welcomeMessage.text, 'Hello! How can we help?')
      assert.equal((await s.call('GET', `/api/v1/brands/${brandId}/card?welcomeMessageId=${spring.id}`)).json().welcomeMessage.id, spring.id)
      assert.equal((await s.call('GET', `/api/v1/brands/${brandId}/card?welcomeMessageId=${foreign.id}`)).json().welcomeMessage.id, first.json().id)
    })

    test('making another the default moves the mark; deleting the default leaves none', async () => {
      const list = (await s.call('GET', welcomeUrl(), { token: ben.token })).json().welcomeMessages
      const spring = list.find((w: { name: string }) => w.name === 'Spring')
      await s.call('PATCH', `${welcomeUrl()}/${spring.id}`, { token: ada.token, body: { isDefault: true } })
      const after = (await s.call('GET', welcomeUrl(), { token: ada.token })).json().welcomeMessages
      assert.deepEqual(after.filter((w: { isDefault: boolean }) => w.isDefault).map((w: { id: string }) => w.id), [spring.id])
      assert.equal((await s.call('DELETE', `${welcomeUrl()}/${spring.id}`, { token: ada.token })).statusCode, 204)
      assert.equal((await s.call('GET', `/api/v1/brands/${brandId}/card`)).json().welcomeMessage, null)
    })

    test('an agent reads them but cannot change them; a stranger finds no brand', async () => {
      assert.equal((await s.call('GET', welcomeUrl(), { token: ben.token })).statusCode, 200)
      assert.equal(code(await s.call('POST', welcomeUrl(), { token: ben.token, body: { name: 'x', text: 'x' } })), 'FORBIDDEN')
      assert.equal(code(await s.call('GET', welcomeUrl(), { token: chloe.token })), 'ACCOUNT_NOT_FOUND')
      const foreign = (await s.call('GET', welcomeUrl(otherBrandId), { token: chloe.token })).json().welcomeMessages[0]
      assert.equal(code(await s.call('PATCH', `${welcomeUrl()}/${foreign.id}`, { token: ada.token, body: { text: 'mine now' } })), 'WELCOME_MESSAGE_NOT_FOUND')
    })

    test('bad content is refused with the field: empty, 21 quick replies, 4 buttons, a javascript: link', async () => {
      assert.equal(code(await s.call('POST', welcomeUrl(), { token: ada.token, body: { name: 'x', text: '  ' } })), 'MESSAGE_EMPTY')
      const tooMany = await s.call('POST', welcomeUrl(), { token: ada.token, body: { name: 'x', text: 'x', quickReply: options(21) } })
      assert.equal(code(tooMany), 'VALIDATION_FAILED')
      const button = { type: 'web_url', label: 'Site', url: 'https://northwind.example' }
      assert.equal((await s.call('POST', welcomeUrl(), { token: ada.token, body: { name: 'x', text: 'x', buttons: [button, button, button] } })).statusCode, 201)
      assert.equal(code(await s.call('POST', welcomeUrl(), { token: ada.token, body: { name: 'x', text: 'x', buttons: [button, button, button, button] } })), 'VALIDATION_FAILED')
      const js = await s.call('POST', welcomeUrl(), { token: ada.token, body: { name: 'x', text: 'x', buttons: [{ ...button, url: 'javascript:alert(1)' }] } })
      assert.equal(js.json().error.details?.fields?.[0]?.path, '/buttons/0/url')
    })

    test(`a brand keeps at most ${defaultLimits.welcomeMessagesPerBrand}; one more is COLLECTION_FULL`, async () => {
      const have = (await s.call('GET', welcomeUrl(otherBrandId), { token: chloe.token })).json().welcomeMessages.length
      for (let i = have; i < defaultLimits.welcomeMessagesPerBrand; i++) {
        assert.equal((await s.call('POST', welcomeUrl(otherBrandId), { token: chloe.token, body: { name: `w${i}`, text: 'hi' } })).statusCode, 201)
      }
      assert.equal(code(await s.call('POST', welcomeUrl(otherBrandId), { token: chloe.token, body: { name: 'one more', text: 'hi' } })), 'COLLECTION_FULL')
    })
  })

  describe('support calendar, away message and embedding sites', () => {
    const url = () => `/api/v1/brands/${brandId}/messaging`
    const week = (shifts: Array<{ start: string; end: string }>) => ({
      monday: shifts, tuesday: shifts, wednesday: shifts, thursday: shifts, friday: shifts, saturday: [], sunday: [],
    })

    test('a valid calendar is kept and gives the badge on the public card', async () => {
      const calendar = { timeZone: 'Europe/Paris', weekly: week([{ start: '09:00', end: '12:30' }, { start: '13:30', end: '18:00' }]), holidays: [{ date: '2026-12-25', name: 'Christmas' }], exceptions: [] }
      const res = await s.call('PATCH', url(), { token: ada.token, body: { supportCalendar: calendar, replyTime: 'hour' } })
      assert.equal(res.statusCode, 200)
      assert.deepEqual(res.json().supportCalendar, calendar)
      const support = (await s.call('GET', `/api/v1/brands/${brandId}/card`)).json().support
      assert.equal(support.providesSupport, true)
      assert.equal(support.replyTime, 'hour')
      assert.equal(typeof support.nextChangeAt, 'string')
    })

    test('an invalid calendar is CALENDAR_INVALID with the shift that is wrong, and nothing changes', async () => {
      const before = (await s.call('GET', url(), { token: ben.token })).json()
      const res = await s.call('PATCH', url(), { token: ada.token, body: { supportCalendar: { timeZone: 'Europe/Paris', weekly: week([{ start: '09:00', end: '12:00' }, { start: '11:00', end: '14:00' }]), holidays: [], exceptions: [] } } })
      assert.equal(code(res), 'CALENDAR_INVALID')
      assert.match(res.json().error.details?.fields?.[0]?.path ?? '', /^\/supportCalendar\/weekly\/monday\/1/)
      assert.equal(code(await s.call('PATCH', url(), { token: ada.token, body: { supportCalendar: { timeZone: 'Mars/Olympus', weekly: week([]), holidays: [], exceptions: [] } } })), 'CALENDAR_INVALID')
      assert.deepEqual((await s.call('GET', url(), { token: ben.token })).json(), before)
    })

    test(`${defaultLimits.shiftsPerDay} shifts a day are accepted, one more is refused`, async () => {
      const shifts = (n: number) => Array.from({ length: n }, (_, i) => ({ start: `${String(i * 2).padStart(2, '0')}:00`, end: `${String(i * 2 + 1).padStart(2, '0')}:00` }))
      const calendar = (n: number) => ({ timeZone: 'UTC', weekly: { ...week([]), monday: shifts(n) }, holidays: [], exceptions: [] })
      assert.equal((await s.call('PATCH', url(), { token: ada.token, body: { supportCalendar: calendar(10) } })).statusCode, 200)
      assert.equal(code(await s.call('PATCH', url(), { token: ada.token, body: { supportCalendar: calendar(11) } })), 'VALIDATION_FAILED')
    })

    test(`${defaultLimits.embedOrigins} embedding sites are accepted, one more is refused; paths are not origins`, async () => {
      const sites = (n: number) => Array.from({ length: n }, (_, i) => `https://shop${i}.example`)
      assert.equal((await s.call('PATCH', url(), { token: ada.token, body: { embedOrigins: sites(20) } })).statusCode, 200)
      assert.equal(code(await s.call('PATCH', url(), { token: ada.token, body: { embedOrigins: sites(21) } })), 'VALIDATION_FAILED')
      assert.equal(code(await s.call('PATCH', url(), { token: ada.token, body: { embedOrigins: ['https://shop.example/path'] } })), 'VALIDATION_FAILED')
    })

    test('an away message that is on needs text; agents cannot change settings', async () => {
      assert.equal(code(await s.call('PATCH', url(), { token: ada.token, body: { awayMessage: { enabled: true, text: ' ' } } })), 'VALIDATION_FAILED')
      assert.equal(code(await s.call('PATCH', url(), { token: ben.token, body: { replyTime: 'day' } })), 'FORBIDDEN')
    })
  })

  describe('custom profiles', () => {
    test('an agent answers under a profile; the message carries its name even after it is deleted', async () => {
      const profile = (await s.call('POST', `/api/v1/brands/${brandId}/custom-profiles`, { token: ada.token, body: { name: 'Sam from support' } })).json()
      const conv = (await s.call('POST', '/api/v1/conversations/direct', { token: chloe.token, body: { accountId: brandId } })).json()
      await s.call('POST', `/api/v1/conversations/${conv.id}/messages`, { token: chloe.token, body: { text: 'Hi' } })
      const sent = await s.call('POST', `/api/v1/conversations/${conv.id}/messages`, { token: ben.token, headers: { 'parloir-act-as': brandId }, body: { text: 'Hello Chloe', customProfileId: profile.id } })
      assert.equal(sent.statusCode, 201)
      assert.equal(sent.json().customProfile.name, 'Sam from support')
      await s.call('DELETE', `/api/v1/brands/${brandId}/custom-profiles/${profile.id}`, { token: ada.token })
      const seen = (await s.call('GET', `/api/v1/conversations/${conv.id}/messages`, { token: chloe.token })).json().messages.at(-1)
      assert.equal(seen.customProfile.name, 'Sam from support')
    })

    test("another brand's profile, or a person naming one, is CUSTOM_PROFILE_NOT_FOUND", async () => {
      const theirs = (await s.call('POST', `/api/v1/brands/${otherBrandId}/custom-profiles`, { token: chloe.token, body: { name: 'Tea bot' } })).json()
      const conv = (await s.call('POST', '/api/v1/conversations/direct', { token: chloe.token, body: { accountId: brandId } })).json()
      assert.equal(code(await s.call('POST', `/api/v1/conversations/${conv.id}/messages`, { token: ben.token, headers: { 'parloir-act-as': brandId }, body: { text: 'x', customProfileId: theirs.id } })), 'CUSTOM_PROFILE_NOT_FOUND')
      assert.equal(code(await s.call('POST', `/api/v1/conversations/${conv.id}/messages`, { token: chloe.token, body: { text: 'x', customProfileId: theirs.id } })), 'CUSTOM_PROFILE_NOT_FOUND')
    })
  })

  describe('brand profile', () => {
    test('admins change it, agents cannot', async () => {
      const res = await s.call('PATCH', `/api/v1/brands/${brandId}`, { token: ada.token, body: { bio: 'Roasted in Lyon since 1998' } })
      assert.equal(res.json().bio, 'Roasted in Lyon since 1998')
      assert.equal(code(await s.call('PATCH', `/api/v1/brands/${brandId}`, { token: ben.token, body: { bio: 'hacked' } })), 'FORBIDDEN')
    })
  })
})

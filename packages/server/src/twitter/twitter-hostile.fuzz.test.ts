import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { defaultRateLimits } from '../config.ts'
import { testServer, type TestServer } from '@parloir/testing/server'
import { FUZZ_SEED, contentTypes, encodePart, fuzzOptions, hostileQuery, hostileSegment, hostileValue, oversizeBody, rawGarbage, shorten, PROTO_KEYS } from '@parloir/testing/fuzz/hostile'
import { defaultTwitterLimits } from './limits.ts'
import { testTwitterAuthenticate } from '@parloir/testing/twitter-caller'

/**
 * Always JSON, never a 500 for bad input (docs/reliability.md, "Bad input"), for every
 * Twitter DM and media route (schema-less, so the route fuzzer of ../fuzz does not reach them):
 * with a valid user-context caller, wrong types, huge numbers, unicode, missing and extra fields,
 * bad JSON, bad content types and repeated parameters never get a 5xx; every answer with a body is
 * `application/json` (v2 problems may be `application/problem+json`), and every refusal is
 * Twitter-shaped: v1.1 `{"errors":[{"code","message"}]}`, v2 a problem with a non-empty `errors`.
 * FUZZ_RUNS (default 40 per route) and FUZZ_SEED as in ../fuzz.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 40)
type Json = Record<string, unknown>
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

interface World { ada: string; ben: string; chloe: string; brandId: string; eventId: string; welcomeId: string; conversationId: string }

/** A route, its query keys, and a valid request body (JSON, url-encoded or multipart fields) to mutate. */
interface Route {
  method: Method
  path: string
  /** `:name` segments and the valid values they take. */
  params?: (w: World) => Record<string, string>
  query: string[]
  validQuery?: (w: World) => Record<string, string>
  body?: { kind: 'json' | 'form' | 'multipart'; valid: (w: World) => Json }
  /** Act as the brand (welcome messages) rather than as a person. */
  asBrand?: boolean
}

const message = (w: World): Json => ({
  event: {
    type: 'message_create',
    message_create: {
      target: { recipient_id: w.ben },
      message_data: {
        text: 'hello',
        quick_reply: { type: 'options', options: [{ label: 'A', description: 'a', metadata: 'm' }] },
        ctas: [{ type: 'web_url', label: 'Go', url: 'https://example.com' }],
      },
    },
  },
})

const routes: Route[] = [
  { method: 'POST', path: '/1.1/direct_messages/events/new.json', query: [], body: { kind: 'json', valid: message } },
  { method: 'GET', path: '/1.1/direct_messages/events/show.json', query: ['id'], validQuery: (w) => ({ id: w.eventId }) },
  { method: 'DELETE', path: '/1.1/direct_messages/events/destroy.json', query: ['id'], validQuery: (w) => ({ id: w.eventId }) },
  { method: 'GET', path: '/1.1/direct_messages/events/list.json', query: ['count', 'cursor'], validQuery: () => ({ count: '2' }) },
  { method: 'POST', path: '/1.1/direct_messages/mark_read.json', query: ['last_read_event_id', 'recipient_id'], body: { kind: 'form', valid: (w) => ({ last_read_event_id: w.eventId, recipient_id: w.ben }) } },
  { method: 'POST', path: '/1.1/direct_messages/indicate_typing.json', query: ['recipient_id'], body: { kind: 'form', valid: (w) => ({ recipient_id: w.ben }) } },
  { method: 'POST', path: '/1.1/direct_messages/welcome_messages/new.json', query: [], asBrand: true, body: { kind: 'json', valid: () => ({ welcome_message: { name: 'Hi', message_data: { text: 'Welcome', quick_reply: { type: 'options', options: [{ label: 'A' }] } } } }) } },
  { method: 'GET', path: '/1.1/direct_messages/welcome_messages/show.json', query: ['id'], asBrand: true, validQuery: (w) => ({ id: w.welcomeId }) },
  { method: 'PUT', path: '/1.1/direct_messages/welcome_messages/update.json', query: ['id'], asBrand: true, validQuery: (w) => ({ id: w.welcomeId }), body: { kind: 'json', valid: () => ({ message_data: { text: 'Updated' } }) } },
  { method: 'DELETE', path: '/1.1/direct_messages/welcome_messages/destroy.json', query: ['id'], asBrand: true, validQuery: () => ({ id: '1234567890123456789' }) },
  { method: 'GET', path: '/1.1/direct_messages/welcome_messages/list.json', query: ['count', 'cursor'], asBrand: true },
  { method: 'POST', path: '/1.1/direct_messages/welcome_messages/rules/new.json', query: [], asBrand: true, body: { kind: 'json', valid: (w) => ({ welcome_message_rule: { welcome_message_id: w.welcomeId } }) } },
  { method: 'GET', path: '/1.1/direct_messages/welcome_messages/rules/show.json', query: ['id'], asBrand: true, validQuery: (w) => ({ id: w.welcomeId }) },
  { method: 'DELETE', path: '/1.1/direct_messages/welcome_messages/rules/destroy.json', query: ['id'], asBrand: true, validQuery: () => ({ id: '1234567890123456789' }) },
  { method: 'GET', path: '/1.1/direct_messages/welcome_messages/rules/list.json', query: ['count', 'cursor'], asBrand: true },
  { method: 'POST', path: '/1.1/media/upload.json', query: ['command', 'media_id'], body: { kind: 'multipart', valid: () => ({ command: 'INIT', total_bytes: '10', media_type: 'image/png', media_category: 'DmImage', shared: 'false' }) } },
  { method: 'POST', path: '/1.1/media/upload.json', query: ['command', 'media_id'], body: { kind: 'multipart', valid: () => ({ command: 'APPEND', media_id: '1234567890123456789', segment_index: '0', media: 'abc' }) } },
  { method: 'POST', path: '/1.1/media/upload.json', query: ['command', 'media_id'], body: { kind: 'form', valid: () => ({ command: 'FINALIZE', media_id: '1234567890123456789' }) } },
  { method: 'GET', path: '/1.1/media/upload.json', query: ['command', 'media_id'], validQuery: () => ({ command: 'STATUS', media_id: '1234567890123456789' }) },
  {
    method: 'GET', path: '/2/dm_events', validQuery: () => ({ max_results: '5', expansions: 'sender_id,participant_ids,attachments.media_keys' }),
    query: ['dm_event.fields', 'event_types', 'expansions', 'max_results', 'media.fields', 'pagination_token', 'tweet.fields', 'user.fields'],
  },
  { method: 'GET', path: '/2/dm_conversations/with/:participant_id/dm_events', params: (w) => ({ participant_id: w.ben }), query: ['max_results', 'pagination_token', 'event_types', 'dm_event.fields'] },
  { method: 'GET', path: '/2/dm_conversations/:id/dm_events', params: (w) => ({ id: w.conversationId }), query: ['max_results', 'pagination_token', 'expansions', 'user.fields'] },
  { method: 'GET', path: '/2/dm_events/:id', params: (w) => ({ id: w.eventId }), query: ['dm_event.fields', 'expansions'] },
  { method: 'DELETE', path: '/2/dm_events/:id', params: () => ({ id: '1234567890123456789' }), query: [] },
  { method: 'POST', path: '/2/dm_conversations/with/:participant_id/messages', params: (w) => ({ participant_id: w.ben }), query: [], body: { kind: 'json', valid: () => ({ text: 'hi v2', attachments: [{ media_id: '1234567890123456789' }] }) } },
  { method: 'POST', path: '/2/dm_conversations/:id/messages', params: (w) => ({ id: w.conversationId }), query: [], body: { kind: 'json', valid: () => ({ text: 'hi again' }) } },
  { method: 'POST', path: '/2/dm_conversations', query: [], body: { kind: 'json', valid: (w) => ({ conversation_type: 'Group', participant_ids: [w.ben, w.chloe], message: { text: 'group' } }) } },
  { method: 'POST', path: '/2/media/upload/initialize', query: [], body: { kind: 'json', valid: () => ({ media_type: 'image/png', total_bytes: 10, media_category: 'dm_image', shared: false }) } },
  { method: 'POST', path: '/2/media/upload/:id/append', params: () => ({ id: '1234567890123456789' }), query: [], body: { kind: 'multipart', valid: () => ({ segment_index: '0', media: 'abc' }) } },
  { method: 'POST', path: '/2/media/upload/:id/finalize', params: () => ({ id: '1234567890123456789' }), query: [], body: { kind: 'json', valid: () => ({}) } },
  { method: 'GET', path: '/2/media/upload', query: ['command', 'media_id'], validQuery: () => ({ command: 'STATUS', media_id: '1234567890123456789' }) },
]

// ── Mutations of a valid body ──

/** Every path to an object or array inside `value` (the root included), for a mutation to aim at. */
function containers(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null) return []
  const out = [path]
  for (const [k, v] of Object.entries(value)) out.push(...containers(v, [...path, Array.isArray(value) ? Number(k) : k]))
  return out
}

type Mutation = { at: number; key: number; action: 'replace' | 'delete' | 'extra' | 'proto'; value: unknown; name: string }
const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(), key: fc.nat(), action: fc.constantFrom('replace', 'replace', 'replace', 'delete', 'extra', 'proto'), value: hostileValue,
  name: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...PROTO_KEYS)),
})

function mutate(valid: Json, mutations: Mutation[]): unknown {
  let root: unknown = structuredClone(valid)
  for (const m of mutations) {
    const spots = containers(root)
    const path = spots[m.at % spots.length] ?? []
    let parent: unknown = root
    for (const step of path) parent = typeof parent === 'object' && parent !== null ? (parent as Record<string | number, unknown>)[step] : undefined
    if (typeof parent !== 'object' || parent === null) continue
    // fast-check hands out the same constant objects again: never mutate them in place.
    const value = typeof m.value === 'object' && m.value !== null ? structuredClone(m.value) : m.value
    const keys = Object.keys(parent)
    const key = keys.length ? keys[m.key % keys.length]! : m.name
    const target = parent as Record<string, unknown>
    if (m.action === 'replace') {
      if (path.length === 0 && m.key % 7 === 0) root = value
      else target[key] = value
    } else if (m.action === 'delete') delete target[key]
    else if (m.action === 'extra') target[m.name || 'x'] = value
    else Object.defineProperty(target, m.name || '__proto__', { value, enumerable: true, writable: true, configurable: true })
  }
  return root
}

const formOf = (value: unknown): string => typeof value === 'object' && value !== null
  ? Object.entries(value).map(([k, v]) => `${encodePart(k)}=${encodePart(typeof v === 'string' ? v : JSON.stringify(v) ?? '')}`).join('&')
  : encodePart(String(value))

const BOUNDARY = '--------------------------123456789012345678901234'
function multipartOf(value: unknown, filenames: boolean): Buffer {
  const fields = typeof value === 'object' && value !== null ? Object.entries(value) : [['media', value] as const]
  const parts = fields.map(([k, v]) => {
    const data = typeof v === 'string' ? v : JSON.stringify(v) ?? ''
    const file = k === 'media' ? `${filenames ? '; filename="x.png"' : ''}\r\nContent-Type: application/octet-stream` : ''
    return `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"${file}\r\n\r\n${data}\r\n`
  })
  return Buffer.from(`${parts.join('')}--${BOUNDARY}--\r\n`, 'utf8')
}

interface Request { url: string; payload?: string | Buffer; contentType?: string | undefined; asBrand: boolean }

function requestsFor(route: Route, w: World): fc.Arbitrary<Request> {
  const validParams = route.params?.(w) ?? {}
  const names = [...route.path.matchAll(/:([a-z_]+)/g)].map((m) => m[1]!)
  const params = fc.tuple(...names.map((n) => fc.oneof({ weight: 2, arbitrary: fc.constant(validParams[n] ?? '1') }, { weight: 3, arbitrary: hostileSegment })))
  const validQuery = Object.entries(route.validQuery?.(w) ?? {}).map(([k, v]) => `${k}=${encodePart(v)}`).join('&')
  const query = fc.oneof(
    { weight: 1, arbitrary: fc.constant(validQuery) },
    { weight: 3, arbitrary: hostileQuery(route.query) },
    // Repeated parameters: the valid ones twice, or a valid one and a hostile one.
    { weight: 1, arbitrary: hostileQuery(route.query).map((q) => [validQuery, validQuery, q].filter(Boolean).join('&')) },
  )
  const body: fc.Arbitrary<{ payload?: string | Buffer; contentType?: string | undefined }> = route.body
    ? fc.oneof(
      { weight: 5, arbitrary: fc.tuple(fc.array(mutation, { minLength: 0, maxLength: 3 }), fc.boolean(), fc.oneof({ weight: 4, arbitrary: fc.constant<string | undefined>('native') }, { weight: 1, arbitrary: contentTypes })).map(([ms, filenames, ct]) => {
        const value = mutate(route.body!.valid(w), ms)
        const kind = route.body!.kind
        if (kind === 'json') return { payload: JSON.stringify(value) ?? 'null', contentType: ct === 'native' ? 'application/json;charset=UTF-8' : ct }
        if (kind === 'form') return { payload: formOf(value), contentType: ct === 'native' ? 'application/x-www-form-urlencoded;charset=UTF-8' : ct }
        return { payload: multipartOf(value, filenames), contentType: ct === 'native' ? `multipart/form-data; boundary=${BOUNDARY}` : ct }
      }) },
      { weight: 2, arbitrary: fc.tuple(rawGarbage, contentTypes).map(([payload, contentType]) => ({ payload, contentType })) },
      { weight: 1, arbitrary: fc.constantFrom<{ payload?: string | Buffer; contentType?: string | undefined }>(
        {}, { payload: '', contentType: 'application/json' }, { payload: oversizeBody, contentType: 'application/json' },
        { payload: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="command"\r\n\r\nINIT`, contentType: `multipart/form-data; boundary=${BOUNDARY}` },
        { payload: 'x', contentType: 'multipart/form-data' }, { payload: 'a=1&a=2&command=INIT&command=APPEND', contentType: 'application/x-www-form-urlencoded' },
      ) },
    )
    : fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.tuple(rawGarbage, contentTypes).map(([payload, contentType]) => ({ payload, contentType })) })
  return fc.record({ params, query, body }).map(({ params: values, query: q, body: b }) => {
    let path = route.path
    names.forEach((n, i) => { path = path.replace(`:${n}`, values[i] ?? '') })
    return { url: q ? `${path}?${q}` : path, ...b, asBrand: route.asBrand === true }
  })
}

/** Never a 5xx; JSON whenever there is a body; refusals in Twitter's v1.1 or v2 shape. */
function assertTwitterShaped(res: { statusCode: number; headers: Record<string, unknown>; body: string }, version: 'v1' | 'v2', label: string): void {
  const where = `${label} → ${res.statusCode} ${shorten(res.body).slice(0, 400)}`
  assert.ok(res.statusCode < 500, `server error: ${where}`)
  if (res.statusCode === 204 || (res.body === '' && res.statusCode < 300)) return
  const type = String(res.headers['content-type'] ?? '')
  assert.match(type, version === 'v1' ? /^application\/json/ : /^application\/(problem\+)?json/, `not JSON (${type}): ${where}`)
  let body: Json
  try {
    body = JSON.parse(res.body) as Json
  } catch {
    assert.fail(`body does not parse: ${where}`)
  }
  if (res.statusCode < 400) return
  const errors = body.errors as Array<Json> | undefined
  assert.ok(Array.isArray(errors) && errors.length > 0, `no errors array: ${where}`)
  if (version === 'v1') {
    for (const e of errors) {
      assert.ok(Number.isInteger(e.code) && (e.code as number) > 0, `v1 error without a numeric code: ${where}`)
      assert.ok(typeof e.message === 'string' && e.message.length > 0, `v1 error without a message: ${where}`)
    }
  } else {
    assert.ok(typeof body.title === 'string' && body.title.length > 0, `v2 problem without title: ${where}`)
    assert.ok(typeof body.detail === 'string', `v2 problem without detail: ${where}`)
    assert.ok(typeof body.type === 'string', `v2 problem without type: ${where}`)
    assert.equal(body.status, res.statusCode, `v2 problem status differs: ${where}`)
    for (const e of errors) assert.ok(typeof e.message === 'string' && e.message.length > 0 && !('code' in e), `v2 error entry: ${where}`)
  }
}

describe('Twitter DM and media routes under hostile input (valid OAuth caller)', () => {
  let s: TestServer
  let w: World
  const roomy = { max: 1_000_000, windowMs: 900_000 }

  before(async () => {
    s = await testServer({
      rateLimits: { ...defaultRateLimits, perAddress: roomy, sendsPerSecond: 1_000_000, sendsBurst: 1_000_000 },
      twitterLimits: {
        ...defaultTwitterLimits, dmSendsPerUserPerDay: 1_000_000, dmSendsPerAppPerDay: 1_000_000,
        windows: Object.fromEntries(Object.keys(defaultTwitterLimits.windows).map((k) => [k, roomy])) as typeof defaultTwitterLimits.windows,
      },
    }, { twitterAuthenticate: testTwitterAuthenticate })
    const [ada, ben, chloe] = [await s.person('ada'), await s.person('ben'), await s.person('chloe')]
    for (const p of [ben, chloe]) await s.call('PATCH', '/api/v1/me/settings', { token: p.token, body: { receiveMessagesFromAnyone: true } })
    const brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind' } })).json().brand.id as string
    const sent = await s.app.inject({ method: 'POST', url: '/1.1/direct_messages/events/new.json', headers: { 'x-test-account': ada.id }, payload: { event: { type: 'message_create', message_create: { target: { recipient_id: ben.id }, message_data: { text: 'seed' } } } } })
    assert.equal(sent.statusCode, 200, sent.body)
    const welcome = await s.app.inject({ method: 'POST', url: '/1.1/direct_messages/welcome_messages/new.json', headers: { 'x-test-account': brandId, 'x-test-user': ada.id, 'x-test-role': 'owner' }, payload: { welcome_message: { name: 'Hi', message_data: { text: 'Welcome' } } } })
    assert.equal(welcome.statusCode, 200, welcome.body)
    const ids = [ada.id, ben.id].sort()
    w = { ada: ada.id, ben: ben.id, chloe: chloe.id, brandId, eventId: sent.json().event.id, welcomeId: welcome.json().welcome_message.id, conversationId: `${ids[0]}-${ids[1]}` }
  })
  after(() => s.stop())

  routes.forEach((route, index) => {
    test(`${route.method} ${route.path}${route.body ? ` (${route.body.kind})` : ''}`, async () => {
      const version = route.path.startsWith('/2/') ? 'v2' : 'v1'
      await fc.assert(fc.asyncProperty(requestsFor(route, w), async (req) => {
        const headers: Record<string, string> = req.asBrand
          ? { 'x-test-account': w.brandId, 'x-test-user': w.ada, 'x-test-role': 'owner' }
          : { 'x-test-account': w.ada }
        if (req.contentType !== undefined) headers['content-type'] = req.contentType
        const res = await s.app.inject({ method: route.method, url: req.url, headers, ...(req.payload !== undefined ? { payload: req.payload } : {}) })
        assertTwitterShaped(res, version, `${route.method} ${shorten(req.url)} [${req.contentType ?? 'no content-type'}] ${shorten(String(req.payload ?? '')).slice(0, 300)}`)
      }), fuzzOptions(FUZZ_SEED + index, RUNS))
    })
  })

  test('a URL the router cannot decode answers Twitter\'s 404 under /1.1/ and /2/, the native one elsewhere', async () => {
    const headers = { 'x-test-account': w.ada }
    const v2 = await s.app.inject({ method: 'GET', url: '/2/dm_events/%', headers })
    assert.equal(v2.statusCode, 404)
    assert.match(String(v2.headers['content-type']), /^application\/json/)
    assert.equal(v2.json().title, 'Not Found Error')
    assert.ok(v2.json().errors.length > 0)
    const v1 = await s.app.inject({ method: 'POST', url: '/1.1/direct_messages/%E0%A4%A/new.json', headers })
    assert.deepEqual(v1.json(), { errors: [{ code: 34, message: 'Sorry, that page does not exist.' }] })
    assert.equal(v1.statusCode, 404)
    const native = await s.app.inject({ method: 'GET', url: '/api/v1/conversations/%' })
    assert.equal(native.statusCode, 404)
    assert.equal(native.json().error.code, 'ROUTE_NOT_FOUND')
  })

  test('the server still answers afterwards', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/1.1/direct_messages/events/list.json', headers: { 'x-test-account': w.ada } })
    assert.equal(res.statusCode, 200, res.body)
    assert.ok(Array.isArray(res.json().events))
  })
})

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { Value } from '@sinclair/typebox/value'
import { routes, type RouteDef } from '@parloir/protocol'
import { defaultRateLimits } from '../config.ts'
import { testServer, type TestServer } from '@parloir/testing/server'
import { mergeOwn, mutatedOf, oneDefectOf, validOf, type KnownValues, type SchemaNode } from '@parloir/testing/fuzz/from-schema'
import {
  FUZZ_SEED, assertHandled, fuzzOptions, contentTypes, encodePart, extraFields, hostileQuery, hostileSegment, hostileValue, oversizeBody, rawGarbage,
} from '@parloir/testing/fuzz/hostile'

/**
 * docs/reliability.md, "Bad input" and rules 8 and 10, for every route declared in `routes`:
 * malformed params, queries, bodies, content types and credentials never get a 5xx, always get
 * the one error shape with a catalogue code, leave nothing half written, and the server lives on.
 */

/** FUZZ_STATS=1 prints how many answers each route gave per status and code: how deep the inputs got. */
const STATS = new Map<string, number>()
if (process.env.FUZZ_STATS) process.on('exit', () => console.error([...STATS].sort().map(([k, v]) => `${v}\t${k}`).join('\n')))
const RUNS = Number(process.env.FUZZ_RUNS ?? 40)
const PASSWORD = 'correct horse battery'
const UNKNOWN_ID = '1234567890123456789'
const unlimited = { max: 1_000_000_000, windowMs: 60_000 }
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort()

type Auth = { kind: 'valid' } | { kind: 'none' } | { kind: 'header'; value: string } | { kind: 'cookie'; value: string }

interface FuzzRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS'
  segments: string[]
  query: string | null
  auth: Auth
  actAs: string | null
  payload: string | Buffer | undefined
  contentType: string | undefined
}

interface World {
  token: string
  fuzzer: { id: string; handle: string }
  bob: { id: string; token: string }
  eve: { id: string; token: string }
  brandId: string
  directId: string
  groupId: string
  foreignId: string
  messageId: string
  quickReplyId: string
  foreignMessageId: string
  mediaId: string
  sessionIds: string[]
}

const paramNames = (def: RouteDef) => [...def.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] ?? '')

/** Puts a `__proto__`/`constructor` key in the JSON text itself, where no JS object literal can. */
function injectProtoKey(json: string, key: string): string {
  if (!json.startsWith('{')) return json
  const inner = key === 'constructor' ? '{"prototype":{"polluted":true}}' : '{"polluted":true}'
  return json === '{}' ? `{"${key}":${inner}}` : `{"${key}":${inner},${json.slice(1)}`
}

const PARTS = ['segments', 'query', 'payload', 'auth', 'contentType', 'method', 'actAs'] as const
type Part = (typeof PARTS)[number]

/**
 * A request is a valid baseline with one or two parts broken (so each check is reached with the
 * rest right), or, one time in five, every part drawn hostile at once.
 */
function requestArb(def: RouteDef, known: KnownValues, world: () => World): fc.Arbitrary<FuzzRequest> {
  const names = paramNames(def)
  const knownSegment = (name: string) => (known(name).length ? fc.constantFrom(...known(name)).map(encodePart) : fc.constant('1'))
  const queryKeys = Object.keys((def.querystring as SchemaNode | undefined)?.properties ?? {})
  const validQuery = def.querystring
    ? validOf(def.querystring as SchemaNode, known).map((q) => Object.entries(q as Record<string, unknown>)
      .map(([k, v]) => `${encodePart(k)}=${encodePart(typeof v === 'string' ? v : JSON.stringify(v))}`).join('&'))
    : fc.constant(null)
  const schema = def.body as SchemaNode | undefined
  const brokenBody = schema ? fc.oneof(oneDefectOf(schema, known), mutatedOf(schema, known)) : hostileValue

  const good = fc.record({
    segments: fc.tuple(...names.map(knownSegment)),
    query: fc.option(validQuery, { nil: null }),
    payload: schema ? validOf(schema, known).map((v) => JSON.stringify(v)) : fc.constant(undefined),
    auth: fc.constant<Auth>({ kind: 'valid' }),
    contentType: fc.constant(schema ? 'application/json' : undefined),
    method: fc.constant(def.method),
    actAs: fc.constant(null),
  })
  const bad = fc.record({
    segments: fc.tuple(...names.map((name) => fc.oneof(knownSegment(name), hostileSegment))),
    query: hostileQuery(queryKeys),
    payload: fc.oneof<Array<fc.WeightedArbitrary<string | Buffer | undefined>>>(
      { weight: 6, arbitrary: brokenBody.map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: fc.tuple(brokenBody, fc.constantFrom('__proto__', 'constructor')).map(([v, k]) => injectProtoKey(JSON.stringify(v), k)) },
      { weight: 3, arbitrary: rawGarbage },
      { weight: 1, arbitrary: fc.constantFrom(undefined, '', oversizeBody) },
    ),
    auth: fc.oneof<Array<fc.Arbitrary<Auth>>>(
      fc.constant({ kind: 'none' }),
      fc.constantFrom('Bearer', 'Bearer ', 'bearer x', 'Basic dXNlcjpwYXNz', `Bearer ${'A'.repeat(32)}`, `Bearer ${'x'.repeat(2_000)}`, 'Bearer  x', 'Token abc', '')
        .map((value) => ({ kind: 'header', value })),
      fc.constantFrom('valid', 'garbage', '%ZZ;;;=', '').map((value) => ({ kind: 'cookie', value })),
    ),
    contentType: contentTypes,
    method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS') as fc.Arbitrary<FuzzRequest['method']>,
    actAs: fc.oneof(fc.constantFrom('abc', '1'.repeat(25), '-1', '0', '', UNKNOWN_ID), fc.constant(world().brandId)),
  })
  const broken: fc.Arbitrary<ReadonlySet<Part>> = fc.oneof(
    { weight: 4, arbitrary: fc.subarray([...PARTS], { minLength: 1, maxLength: 2 }).map((parts) => new Set(parts)) },
    { weight: 1, arbitrary: fc.constant(new Set(PARTS)) },
    { weight: 1, arbitrary: fc.constant(new Set<Part>()) },
  )
  return fc.tuple(good, bad, broken).map(([g, b, parts]) => {
    const pick = <K extends Part>(k: K): FuzzRequest[K] => (parts.has(k) ? b[k] : g[k]) as FuzzRequest[K]
    return {
      segments: pick('segments'), query: pick('query'), payload: pick('payload'), auth: pick('auth'),
      contentType: pick('contentType'), method: pick('method'), actAs: pick('actAs'),
    }
  })
}

function describeRequest(def: RouteDef, r: FuzzRequest, url: string): string {
  const body = r.payload === undefined ? '-' : `${r.payload.length} bytes ${JSON.stringify(r.payload.toString().slice(0, 120))}`
  return `${r.method} ${url.slice(0, 200)} [route ${def.method} ${def.url}] auth=${r.auth.kind} type=${r.contentType ?? '-'} body=${body}`
}

describe('fuzzed REST requests', () => {
  let server: TestServer
  let world: World

  const known: KnownValues = (field) => {
    switch (field) {
      case 'accountId': case 'accountIds': return [world.fuzzer.id, world.bob.id, world.eve.id, world.brandId, UNKNOWN_ID]
      case 'brandId': return [world.brandId, world.fuzzer.id, UNKNOWN_ID]
      case 'conversationId': return [world.directId, world.groupId, world.directId, world.groupId, world.foreignId, UNKNOWN_ID]
      case 'messageId': return [world.messageId, world.quickReplyId, world.foreignMessageId, UNKNOWN_ID]
      case 'sessionId': return [...world.sessionIds, UNKNOWN_ID]
      case 'avatarMediaId': case 'attachmentMediaId': return [world.mediaId, UNKNOWN_ID]
      case 'handle': return ['fuzzer', 'bob', 'eve', 'fuzzbrand', 'nobody', 'FUZZER']
      case 'role': return ['owner', 'admin', 'agent', 'viewer']
      default: return []
    }
  }

  async function ok<T>(method: string, url: string, token: string, body?: unknown): Promise<T> {
    const res = await server.call(method as 'GET', url, { token, ...(body === undefined ? {} : { body }) })
    assert.ok(res.statusCode < 300, `setup ${method} ${url}: ${res.statusCode} ${res.body}`)
    return (res.body ? res.json() : undefined) as T
  }

  async function login(handle: string): Promise<string> {
    const body = await ok<{ session: { token: string } }>('POST', '/api/v1/auth/login', '', { handle, password: PASSWORD })
    return body.session.token
  }

  before(async () => {
    server = await testServer({
      rateLimits: {
        ...defaultRateLimits,
        perAddress: unlimited, loginFailuresPerAddress: unlimited, signupPerAddress: unlimited,
        loginPerSource: { ...defaultRateLimits.loginPerSource, freeFailures: Number.MAX_SAFE_INTEGER },
        loginNewSourcesPerAccount: { ...defaultRateLimits.loginNewSourcesPerAccount, freeFailures: Number.MAX_SAFE_INTEGER },
        invalidTokensPerAddress: unlimited, invalidTokenLockoutMs: 0, sendsPerSecond: 1_000_000, sendsBurst: 1_000_000,
        streamFramesPerConnection: unlimited,
      },
    })
    const fuzzer = await server.person('fuzzer')
    const bob = await server.person('bob')
    const eve = await server.person('eve')
    const spare = await login('fuzzer')
    const brand = await ok<{ brand: { id: string } }>('POST', '/api/v1/brands', fuzzer.token, { handle: 'fuzzbrand', displayName: 'Fuzz Brand' })
    const foreign = await ok<{ id: string }>('POST', '/api/v1/conversations/direct', bob.token, { accountId: eve.id })
    const foreignMessage = await ok<{ id: string }>('POST', `/api/v1/conversations/${foreign.id}/messages`, bob.token, { text: 'private' })
    const sessions = await ok<{ sessions: Array<{ id: string }> }>('GET', '/api/v1/auth/sessions', spare)
    world = {
      token: fuzzer.token, fuzzer, bob, eve, brandId: brand.brand.id, directId: '', groupId: '', foreignId: foreign.id,
      messageId: '', quickReplyId: '', foreignMessageId: foreignMessage.id, mediaId: '', sessionIds: sessions.sessions.map((s) => s.id),
    }
  })

  /** Undoes what fuzzing the previous route may have done (blocks, leaving, declining), so each route meets live targets. */
  async function refreshWorld(): Promise<void> {
    const { bob, eve } = world
    for (const [token, other] of [[world.token, bob.id], [world.token, eve.id], [bob.token, world.fuzzer.id], [eve.token, world.fuzzer.id]] as const) {
      await ok('DELETE', `/api/v1/accounts/${other}/block`, token)
    }
    await ok('PATCH', '/api/v1/me/settings', world.token, { receiveMessagesFromAnyone: true })
    const direct = await ok<{ id: string }>('POST', '/api/v1/conversations/direct', world.token, { accountId: bob.id })
    const group = await ok<{ id: string }>('POST', '/api/v1/conversations/group', world.token, { name: 'g', accountIds: [bob.id, eve.id] })
    const message = await ok<{ id: string }>('POST', `/api/v1/conversations/${direct.id}/messages`, world.token, { text: 'hello @bob https://example.com #x' })
    const quickReply = await ok<{ id: string }>('POST', `/api/v1/conversations/${group.id}/messages`, world.token, {
      text: 'pick', quickReply: { type: 'options', options: [{ label: 'a', metadata: 'm' }, { label: 'b' }] },
    })
    const upload = await server.app.inject({ method: 'POST', url: '/api/v1/media?name=a.bin', headers: { authorization: `Bearer ${world.token}`, 'content-type': 'application/octet-stream' }, payload: Buffer.from('plain bytes') })
    assert.equal(upload.statusCode, 201, upload.body)
    Object.assign(world, { directId: direct.id, groupId: group.id, messageId: message.id, quickReplyId: quickReply.id, mediaId: (upload.json() as { id: string }).id })
  }

  after(async () => {
    await server?.stop()
  })

  async function send(def: RouteDef, r: FuzzRequest): Promise<void> {
    let index = 0
    const path = def.url.replace(/:[A-Za-z]+/g, () => r.segments[index++] ?? '')
    const url = r.query === null ? path : `${path}?${r.query}`
    const headers: Record<string, string> = {}
    if (r.auth.kind === 'valid') headers.authorization = `Bearer ${world.token}`
    if (r.auth.kind === 'header') headers.authorization = r.auth.value
    if (r.auth.kind === 'cookie') headers.cookie = `parloir_session=${r.auth.value === 'valid' ? world.token : r.auth.value}`
    if (r.actAs !== null) headers['parloir-act-as'] = r.actAs
    if (r.contentType !== undefined) headers['content-type'] = r.contentType
    const res = await server.app.inject({ method: r.method, url, headers, ...(r.payload === undefined ? {} : { payload: r.payload }) })
    assertHandled(res, describeRequest(def, r, url))
    const key = `${def.method} ${def.url} ${res.statusCode} ${res.statusCode >= 400 ? (JSON.parse(res.body) as { error: { code: string } }).error.code : ''}`
    STATS.set(key, (STATS.get(key) ?? 0) + 1)
    // Fuzzing logout and session revocation ends the fuzzer's session: take a new one.
    if (r.auth.kind !== 'none' && (res.statusCode === 401 || (r.method !== 'GET' && res.statusCode < 300))) {
      const me = await server.call('GET', '/api/v1/me', { token: world.token })
      if (me.statusCode === 401) world.token = await login('fuzzer')
    }
  }

  async function assertAlive(): Promise<void> {
    const health = await server.call('GET', '/healthz')
    assert.equal(health.statusCode, 200)
    assert.deepEqual(health.json(), { status: 'ok' })
    const ready = await server.call('GET', '/readyz')
    assert.equal(ready.statusCode, 200, ready.body)
  }

  const entries = Object.entries(routes) as Array<[string, RouteDef]>
  test('covers every declared route', () => {
    assert.ok(entries.length >= 30, `only ${entries.length} routes found`)
    for (const [name, def] of entries) assert.ok(def.url.startsWith('/api/v1/'), `${name}: ${def.url}`)
  })

  entries.forEach(([name, def], i) => {
    test(`${name}: ${def.method} ${def.url} survives malformed input`, async () => {
      await refreshWorld()
      await fc.assert(fc.asyncProperty(requestArb(def, known, () => world), (r) => send(def, r)), fuzzOptions(FUZZ_SEED + i, RUNS))
      await assertAlive()
    })
  })

  test('a path that does not decode answers ROUTE_NOT_FOUND in the error shape, not Fastify\'s own', async () => {
    for (const url of ['/api/v1/conversations/%ZZ', '/api/v1/conversations/%ED%A0%80/messages', '/api/v1/%', '/%E0%A4%A']) {
      const res = await server.call('GET', url, { token: world.token })
      assertHandled(res, url)
      assert.equal(res.statusCode, 404, res.body)
      assert.equal((res.json() as { error: { code: string } }).error.code, 'ROUTE_NOT_FOUND')
    }
  })

  test('unknown paths and the routes outside the catalogue (media downloads, stream without upgrade) answer in the error shape', async () => {
    const paths = fc.oneof(
      fc.constantFrom('/api/v1/', '/api/v1//me', '/api/v2/me', '/api/v1/conversations/1/messages/2/3', '/%', '/api/v1/me%00', '/api/v1/stream', '/api/v1/stream?cursor=abc'),
      fc.array(hostileSegment, { minLength: 1, maxLength: 4 }).map((parts) => `/api/v1/${parts.join('/')}`),
      fc.tuple(fc.oneof(hostileSegment, fc.constant(world.mediaId)), fc.constantFrom('', '/thumbnail')).map(([id, tail]) => `/api/v1/media/${id}${tail}`),
      hostileQuery(['cursor']).map((q) => `/api/v1/stream?${q}`),
    )
    await fc.assert(fc.asyncProperty(paths, fc.constantFrom('GET', 'POST', 'DELETE', 'PATCH', 'PUT'), async (path, method) => {
      const res = await server.app.inject({ method, url: path, headers: { authorization: `Bearer ${world.token}` } })
      assertHandled(res, `${method} ${path}`)
    }), fuzzOptions(FUZZ_SEED, RUNS * 2))
    await assertAlive()
  })

  test('nothing half written: refused sends and creates change no conversation, message, event or client id', async () => {
    const carol = await server.person('carol')
    const dave = await server.person('dave')
    const mallory = await server.person('mallory')
    const direct = await ok<{ id: string }>('POST', '/api/v1/conversations/direct', carol.token, { accountId: dave.id })
    const group = await ok<{ id: string }>('POST', '/api/v1/conversations/group', carol.token, { accountIds: [dave.id] })
    await ok('POST', `/api/v1/conversations/${direct.id}/messages`, carol.token, { text: 'one' })
    const attached = await server.app.inject({ method: 'POST', url: '/api/v1/media', headers: { authorization: `Bearer ${carol.token}` }, payload: Buffer.from('bytes') })
    const attachedId = (attached.json() as { id: string }).id
    await ok('POST', `/api/v1/conversations/${group.id}/messages`, carol.token, { text: 'with file', attachmentMediaId: attachedId })
    const daves = await server.app.inject({ method: 'POST', url: '/api/v1/media', headers: { authorization: `Bearer ${dave.token}` }, payload: Buffer.from('bytes') })
    const davesMediaId = (daves.json() as { id: string }).id
    await ok('POST', `/api/v1/accounts/${mallory.id}/block`, carol.token)

    async function snapshot(): Promise<unknown> {
      const seen: Record<string, unknown> = { cursor: await server.deps.storage.reads.events.latestCursor() }
      for (const [who, token] of [['carol', carol.token], ['dave', dave.token], ['mallory', mallory.token]] as const) {
        for (const box of ['inbox', 'requests']) {
          const list = await ok<{ conversations: Array<{ id: string; lastSeq: number; participants: unknown[] }> }>('GET', `/api/v1/conversations?box=${box}&limit=200`, token)
          for (const c of list.conversations) {
            const messages = await ok<{ messages: Array<{ id: string; seq: number }> }>('GET', `/api/v1/conversations/${c.id}/messages?limit=200`, token)
            seen[`${who}/${box}/${c.id}`] = { lastSeq: c.lastSeq, participants: c.participants.length, messages: messages.messages.map((m) => `${m.seq}:${m.id}`) }
          }
        }
      }
      return seen
    }

    const clientId = fc.stringMatching(/^[A-Za-z0-9]{8,16}$/)
    const sendBody = routes.sendMessage.body as unknown as SchemaNode
    const carolKnown: KnownValues = (field) => {
      if (field === 'attachmentMediaId') return [attachedId, davesMediaId, UNKNOWN_ID]
      if (field === 'accountId') return [UNKNOWN_ID]
      if (field === 'messageId') return [UNKNOWN_ID]
      return []
    }
    // Refused by their shape: checked against the declared schema, so each is surely invalid.
    const invalidShape = (schema: unknown): fc.Arbitrary<unknown> => fc.tuple(mutatedOf(schema as SchemaNode, carolKnown), fc.option(extraFields, { freq: 2, nil: null }))
      .map(([v, extra]) => (extra && typeof v === 'object' && v !== null && !Array.isArray(v) ? mergeOwn({ ...(v as Record<string, unknown>) }, extra) : v))
      .filter((v) => !Value.Check(schema as never, v))
    // Well-formed but refused by the rules: each names something missing, foreign or already used.
    const refusedSend = fc.tuple(clientId, fc.constantFrom(
      (c: string) => ({ text: 'x', attachmentMediaId: UNKNOWN_ID, clientMessageId: c }),
      (c: string) => ({ text: 'x', attachmentMediaId: davesMediaId, clientMessageId: c }),
      (c: string) => ({ text: 'x', attachmentMediaId: attachedId, clientMessageId: c }),
      (c: string) => ({ text: '   ', clientMessageId: c }),
      (c: string) => ({ clientMessageId: c }),
      (c: string) => ({ text: 'x', quickReplyResponse: { type: 'options', messageId: UNKNOWN_ID, metadata: 'm' }, clientMessageId: c }),
      (c: string) => ({ text: 'x', buttons: [{ type: 'conversation', label: 'go', accountId: UNKNOWN_ID }], clientMessageId: c }),
      (c: string) => ({ text: 'x', buttons: [{ type: 'web_url', label: 'go', url: 'javascript:alert(1)' }], clientMessageId: c }),
      (c: string) => ({ text: 'y'.repeat(10_001), clientMessageId: c }),
      (c: string) => ({ text: '💩'.repeat(10_001), clientMessageId: c }),
    )).map(([c, make]) => ({ clientMessageId: c, body: make(c) }))

    type Op = { method: 'POST' | 'PATCH'; url: string; body: unknown; raw?: string | Buffer; token?: string; clientMessageId?: string }
    const conversation = fc.constantFrom(direct.id, group.id)
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.tuple(conversation, invalidShape(routes.sendMessage.body)).map(([id, body]) => ({ method: 'POST' as const, url: `/api/v1/conversations/${id}/messages`, body })),
      fc.tuple(conversation, refusedSend).map(([id, s]) => ({ method: 'POST' as const, url: `/api/v1/conversations/${id}/messages`, body: s.body, clientMessageId: s.clientMessageId })),
      fc.tuple(conversation, validOf(sendBody, carolKnown)).map(([id, body]) => ({ method: 'POST' as const, url: `/api/v1/conversations/${id}/messages`, body, token: mallory.token })),
      fc.tuple(fc.constantFrom(UNKNOWN_ID, '0', '99999999999999999999'), validOf(sendBody, carolKnown)).map(([id, body]) => ({ method: 'POST' as const, url: `/api/v1/conversations/${id}/messages`, body })),
      fc.tuple(conversation, rawGarbage).map(([id, raw]) => ({ method: 'POST' as const, url: `/api/v1/conversations/${id}/messages`, body: undefined, raw })),
      invalidShape(routes.createGroup.body).map((body) => ({ method: 'POST' as const, url: '/api/v1/conversations/group', body })),
      fc.constantFrom<unknown>({ accountIds: [dave.id, UNKNOWN_ID] }, { accountIds: [carol.id] }, { accountIds: [mallory.id] }, { accountIds: [dave.id, mallory.id], name: 'm' })
        .map((body) => ({ method: 'POST' as const, url: '/api/v1/conversations/group', body })),
      invalidShape(routes.openDirect.body).map((body) => ({ method: 'POST' as const, url: '/api/v1/conversations/direct', body })),
      fc.constantFrom(UNKNOWN_ID, carol.id, mallory.id).map((accountId) => ({ method: 'POST' as const, url: '/api/v1/conversations/direct', body: { accountId } })),
      fc.tuple(conversation, invalidShape(routes.addParticipants.body)).map(([id, body]) => ({ method: 'POST' as const, url: `/api/v1/conversations/${id}/participants`, body })),
      fc.constantFrom<unknown>({ accountIds: [UNKNOWN_ID] }, { accountIds: [mallory.id] }).map((body) => ({ method: 'POST' as const, url: `/api/v1/conversations/${group.id}/participants`, body })),
      fc.constant({ method: 'POST' as const, url: `/api/v1/conversations/${direct.id}/participants`, body: { accountIds: [mallory.id] } }),
      fc.tuple(conversation, invalidShape(routes.updateGroup.body)).map(([id, body]) => ({ method: 'PATCH' as const, url: `/api/v1/conversations/${id}`, body })),
      fc.constantFrom<unknown>({ avatarMediaId: attachedId }, { avatarMediaId: davesMediaId }, { avatarMediaId: UNKNOWN_ID })
        .map((body) => ({ method: 'PATCH' as const, url: `/api/v1/conversations/${group.id}`, body })),
    )

    const before = await snapshot()
    const refusedClientIds = new Set<string>()
    await fc.assert(fc.asyncProperty(op, async (o) => {
      const token = o.token ?? carol.token
      const payload = o.raw ?? JSON.stringify(o.body)
      const res = await server.app.inject({ method: o.method, url: o.url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload })
      const label = `${o.method} ${o.url} ${payload.toString().slice(0, 200)}`
      assertHandled(res, label)
      assert.ok(res.statusCode >= 400, `accepted a refused request: ${label} → ${res.statusCode} ${res.body.slice(0, 200)}`)
      if (o.clientMessageId) refusedClientIds.add(`${o.url} ${o.clientMessageId}`)
    }), fuzzOptions(FUZZ_SEED + 1_000, RUNS * 6))
    assert.deepEqual(await snapshot(), before, 'a refused request changed what the users see')

    // A refused send keeps no idempotency key and takes no seq: the same client id now sends a new message, next in line.
    const lastSeq = new Map<string, number>()
    for (const id of [direct.id, group.id]) lastSeq.set(`/api/v1/conversations/${id}/messages`, (await ok<{ lastSeq: number }>('GET', `/api/v1/conversations/${id}`, carol.token)).lastSeq)
    for (const entry of [...refusedClientIds].slice(0, 20)) {
      const [url = '', clientMessageId] = entry.split(' ')
      const res = await server.call('POST', url, { token: carol.token, body: { text: 'now valid', clientMessageId } })
      assert.equal(res.statusCode, 201, `${entry}: ${res.body}`)
      const seq = (res.json() as { seq: number }).seq
      assert.equal(seq, (lastSeq.get(url) ?? -1) + 1, `seq gap in ${url}`)
      lastSeq.set(url, seq)
    }
    assert.ok(refusedClientIds.size > 0, 'the batch sent no refused message with a client id')
    await assertAlive()
  })

  test('prototype keys in bodies polluted nothing in the server process', () => {
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), prototypeBefore)
    assert.equal('polluted' in {}, false)
    assert.equal('isAdmin' in {}, false)
  })
})

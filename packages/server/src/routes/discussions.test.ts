import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { defaultLimits as L, type Discussion, type DiscussionPost } from '@parloir/protocol'
import { TestClock, testServer, type TestServer } from '@parloir/testing/server'
import { liveServer, type LiveServer } from '@parloir/testing/stream-fixtures'

type Person = Awaited<ReturnType<TestServer['person']>>
type Res = { statusCode: number; body: string; headers: Record<string, unknown>; json(): Record<string, unknown> & { error?: { code: string } } }
const code = (res: Res) => (res.statusCode < 300 ? 'ok' : res.json().error?.code ?? String(res.statusCode))
const hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'

/** Tells apart the limits a test changes from the defaults, so each limit is tested at its value and one past it. */
function harness(overrides: Parameters<typeof testServer>[0] = {}, clock = new TestClock()) {
  const h = {
    s: undefined as unknown as TestServer,
    async start() {
      // Many requests from one address: more than the default per-address rate allows.
      h.s = await testServer({ ...overrides, rateLimits: { perAddress: { max: 100_000, windowMs: 60_000 }, ...overrides.rateLimits } as never }, { clock })
      return h.s
    },
    start_: (who: Person, body: Record<string, unknown>, actAs?: string) =>
      h.s.call('POST', '/api/v1/discussions', { token: who.token, body: { title: 'Late parcels', text: 'Mine is two weeks late.', ...body }, ...(actAs ? { headers: { 'parloir-act-as': actAs } } : {}) }),
    post: (who: Person, id: string, body: Record<string, unknown>, actAs?: string) =>
      h.s.call('POST', `/api/v1/discussions/${id}/posts`, { token: who.token, body, ...(actAs ? { headers: { 'parloir-act-as': actAs } } : {}) }),
  }
  return h
}

describe('discussions', () => {
  const h = harness()
  let s: TestServer
  let ada: Person, ben: Person, cleo: Person, dan: Person, eve: Person
  before(async () => {
    s = await h.start()
    ;[ada, ben, cleo, dan, eve] = [await s.person('ada'), await s.person('ben'), await s.person('cleo'), await s.person('dan'), await s.person('eve')]
  })
  after(() => s.stop())

  test('a person starts one inviting two; they post, one quoting; anyone reads it without a session', async () => {
    const started = await h.start_(ada, { invite: [ben.id, cleo.id] })
    assert.equal(started.statusCode, 201)
    const { discussion, post: first } = started.json() as unknown as { discussion: Discussion; post: DiscussionPost }
    assert.equal(discussion.participantCount, 3)
    assert.equal(discussion.indexable, false)
    assert.equal(discussion.path, `/d/${discussion.id}`)
    assert.equal(first.seq, 1)
    const bens = (await h.post(ben, discussion.id, { text: 'Same here @ada, see https://example.com/track' })).json() as unknown as DiscussionPost
    assert.deepEqual(bens.entities.mentions.map((m) => m.handle), ['ada'])
    assert.deepEqual(bens.entities.urls.map((u) => u.url), ['https://example.com/track'])
    const quoting = (await h.post(cleo, discussion.id, { text: 'Agreed.', quotePostId: first.id })).json() as unknown as DiscussionPost
    assert.equal(quoting.seq, 3)
    assert.deepEqual(quoting.quote && { seq: quoting.quote.seq, excerpt: quoting.quote.excerpt, author: quoting.quote.author.id }, { seq: 1, excerpt: 'Mine is two weeks late.', author: ada.id })

    const read = await s.call('GET', `/api/v1/discussions/${discussion.id}`)
    assert.equal(read.statusCode, 200)
    assert.equal((read.json() as { me: string }).me, 'none')
    assert.equal(((await s.call('GET', `/api/v1/discussions/${discussion.id}`, { token: ben.token })).json() as { me: string }).me, 'participant')
    const page = (await s.call('GET', `/api/v1/discussions/${discussion.id}/posts?after=1&limit=1`)).json() as { posts: DiscussionPost[]; nextAfter: number | null }
    assert.deepEqual([page.posts.map((p) => p.id), page.nextAfter], [[bens.id], 2])
    const rest = (await s.call('GET', `/api/v1/discussions/${discussion.id}/posts?after=2`)).json() as { posts: DiscussionPost[]; nextAfter: number | null }
    assert.deepEqual([rest.posts.map((p) => p.seq), rest.nextAfter], [[3], null])
    const participants = (await s.call('GET', `/api/v1/discussions/${discussion.id}/participants`)).json() as { participants: Array<{ account: { id: string }; role: string }> }
    assert.deepEqual(participants.participants.map((p) => [p.account.id, p.role]), [[ada.id, 'starter'], [ben.id, 'participant'], [cleo.id, 'participant']])
    const mine = (await s.call('GET', '/api/v1/discussions', { token: cleo.token })).json() as { discussions: Array<{ discussion: Discussion; me: string }> }
    assert.deepEqual(mine.discussions.map((d) => [d.discussion.id, d.me, d.discussion.postCount]), [[discussion.id, 'participant', 3]])
  })

  test('others ask to join; a participant lets one in and declines another; only those taking part post', async () => {
    const { discussion } = (await h.start_(ada, {})).json() as unknown as { discussion: Discussion }
    const id = discussion.id
    assert.equal(code(await h.post(dan, id, { text: 'Me too' })), 'DISCUSSION_NOT_PARTICIPANT')
    assert.equal((await s.call('POST', `/api/v1/discussions/${id}/join-requests`, { token: dan.token })).statusCode, 204)
    assert.equal((await s.call('POST', `/api/v1/discussions/${id}/join-requests`, { token: dan.token })).statusCode, 204, 'asking twice is one ask')
    assert.equal((await s.call('POST', `/api/v1/discussions/${id}/join-requests`, { token: eve.token })).statusCode, 204)
    assert.equal(((await s.call('GET', `/api/v1/discussions/${id}`, { token: dan.token })).json() as { me: string }).me, 'requested')
    assert.equal(code(await s.call('GET', `/api/v1/discussions/${id}/join-requests`, { token: dan.token })), 'DISCUSSION_NOT_PARTICIPANT', 'an asker does not see the others')
    const asks = (await s.call('GET', `/api/v1/discussions/${id}/join-requests`, { token: ada.token })).json() as { joinRequests: Array<{ account: { id: string } }> }
    assert.deepEqual(asks.joinRequests.map((r) => r.account.id), [dan.id, eve.id])
    const accepted = await s.call('POST', `/api/v1/discussions/${id}/join-requests/${dan.id}/accept`, { token: ada.token })
    assert.equal((accepted.json() as unknown as Discussion).participantCount, 2)
    assert.equal(code(await s.call('POST', `/api/v1/discussions/${id}/join-requests/${dan.id}/accept`, { token: ada.token })), 'DISCUSSION_JOIN_REQUEST_NOT_FOUND')
    assert.equal(code(await s.call('POST', `/api/v1/discussions/${id}/join-requests`, { token: dan.token })), 'DISCUSSION_ALREADY_PARTICIPANT')
    // Dan, let in, may answer Eve's ask too.
    assert.equal((await s.call('DELETE', `/api/v1/discussions/${id}/join-requests/${eve.id}`, { token: dan.token })).statusCode, 204)
    assert.equal(code(await h.post(dan, id, { text: 'Thanks for letting me in' })), 'ok')
    assert.equal(code(await h.post(eve, id, { text: 'And me?' })), 'DISCUSSION_NOT_PARTICIPANT')
    assert.equal(code(await s.call('POST', `/api/v1/discussions/${id}/join-requests/${cleo.id}/accept`, { token: ben.token })), 'DISCUSSION_NOT_PARTICIPANT')
  })

  test('the starter closes it with a public reason (read-only) and reopens it; nobody else may', async () => {
    const { discussion } = (await h.start_(ada, { invite: [ben.id] })).json() as unknown as { discussion: Discussion }
    const id = discussion.id
    assert.equal(code(await s.call('POST', `/api/v1/discussions/${id}/close`, { token: ben.token, body: { reason: 'Enough' } })), 'DISCUSSION_NOT_STARTER')
    assert.equal(code(await s.call('POST', `/api/v1/discussions/${id}/close`, { token: ada.token, body: { reason: '   ' } })), 'VALIDATION_FAILED')
    const closed = (await s.call('POST', `/api/v1/discussions/${id}/close`, { token: ada.token, body: { reason: 'Solved: the parcels left on Monday.' } })).json() as unknown as Discussion
    assert.deepEqual([closed.status, closed.closedReason], ['closed', 'Solved: the parcels left on Monday.'])
    assert.equal(code(await h.post(ben, id, { text: 'One more thing' })), 'DISCUSSION_CLOSED')
    assert.equal(code(await s.call('POST', `/api/v1/discussions/${id}/join-requests`, { token: eve.token })), 'DISCUSSION_CLOSED')
    assert.equal(code(await s.call('POST', `/api/v1/discussions/${id}/participants`, { token: ada.token, body: { accountIds: [eve.id] } })), 'DISCUSSION_CLOSED')
    assert.equal(code(await s.call('POST', `/api/v1/discussions/${id}/reopen`, { token: ben.token, body: { reason: 'Not mine to reopen' } })), 'DISCUSSION_NOT_STARTER')
    const reopened = (await s.call('POST', `/api/v1/discussions/${id}/reopen`, { token: ada.token, body: { reason: 'New questions came in' } })).json() as unknown as Discussion
    assert.deepEqual([reopened.status, reopened.closedReason], ['open', null])
    assert.equal(code(await h.post(ben, id, { text: 'One more thing' })), 'ok')
    assert.equal(code(await s.call('PATCH', `/api/v1/discussions/${id}`, { token: ben.token, body: { indexable: true } })), 'DISCUSSION_NOT_STARTER')
    assert.equal((await s.call('PATCH', `/api/v1/discussions/${id}`, { token: ada.token, body: { indexable: true } })).json().indexable, true)
  })

  test('a brand starts one as its team: agents write, only owners and admins close; the brand is the author', async () => {
    const brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id as string
    await s.call('PUT', `/api/v1/brands/${brandId}/members/${ben.id}`, { token: ada.token, body: { role: 'agent' } })
    const started = await h.start_(ben, { title: 'Your questions about deliveries', invite: [cleo.id] }, brandId)
    assert.equal(started.statusCode, 201)
    const { discussion, post } = started.json() as unknown as { discussion: Discussion; post: DiscussionPost }
    assert.deepEqual([discussion.starter.id, discussion.starter.kind, post.author.id], [brandId, 'brand', brandId])
    assert.equal(code(await h.post(cleo, discussion.id, { text: 'Where is mine?' })), 'ok')
    assert.equal(code(await h.post(ben, discussion.id, { text: 'We are on it.' }, brandId)), 'ok')
    assert.equal(code(await h.post(ben, discussion.id, { text: 'As myself' })), 'DISCUSSION_NOT_PARTICIPANT', 'Ben the person does not take part')
    assert.equal(code(await s.call('POST', `/api/v1/discussions/${discussion.id}/close`, { token: ben.token, body: { reason: 'x' }, headers: { 'parloir-act-as': brandId } })), 'FORBIDDEN')
    assert.equal(code(await s.call('POST', `/api/v1/discussions/${discussion.id}/close`, { token: ada.token, body: { reason: 'Answered' }, headers: { 'parloir-act-as': brandId } })), 'ok')
    const brands = (await s.call('GET', '/api/v1/discussions', { token: ben.token, headers: { 'parloir-act-as': brandId } })).json() as { discussions: Array<{ discussion: Discussion; me: string }> }
    assert.deepEqual(brands.discussions.map((d) => [d.discussion.id, d.me]), [[discussion.id, 'starter']])
  })

  test('a post takes an uploaded attachment once, which anyone may then fetch; an unknown quote or id is refused', async () => {
    const { discussion } = (await h.start_(ada, {})).json() as unknown as { discussion: Discussion }
    const upload = await s.app.inject({ method: 'POST', url: '/api/v1/media?name=menu.txt', headers: { authorization: `Bearer ${ada.token}`, 'content-type': 'text/plain' }, payload: 'Espresso 2.00\n' })
    const mediaId = (upload.json() as { id: string }).id
    const posted = (await h.post(ada, discussion.id, { text: 'The menu', attachmentMediaId: mediaId })).json() as unknown as DiscussionPost
    assert.equal(posted.attachment?.id, mediaId)
    assert.equal(code(await h.post(ada, discussion.id, { text: 'Again', attachmentMediaId: mediaId })), 'MEDIA_ALREADY_ATTACHED')
    const fetched = await s.call('GET', `/api/v1/media/${mediaId}`)
    assert.equal(fetched.statusCode, 200)
    assert.equal(fetched.body, 'Espresso 2.00\n')
    assert.equal(code(await h.post(ada, discussion.id, { text: 'x', quotePostId: '1234567890123456789' })), 'DISCUSSION_POST_NOT_FOUND')
    assert.equal(code(await h.post(ada, discussion.id, { text: '   ' })), 'MESSAGE_EMPTY')
    assert.equal(code(await s.call('GET', '/api/v1/discussions/1234567890123456789')), 'DISCUSSION_NOT_FOUND')
    assert.equal(code(await h.start_(ada, { invite: ['1234567890123456789'] })), 'ACCOUNT_NOT_FOUND')
  })
})

describe('discussion limits, each at its value and one past it', () => {
  const limits = { discussionParticipants: 3, discussionJoinRequests: 2, discussionPostsPerMinute: 4 }
  const h = harness({ limits: { ...L, ...limits } })
  let s: TestServer
  let people: Person[]
  before(async () => {
    s = await h.start()
    people = []
    for (const name of ['ada', 'ben', 'cleo', 'dan', 'eve', 'fay', 'gus']) people.push(await s.person(name))
  })
  after(() => s.stop())
  const [A, B, C, D, E, F, G] = [0, 1, 2, 3, 4, 5, 6]
  const p = (i: number) => people[i] as Person

  test(`a title of ${L.discussionTitleChars} characters (counted in code points), not one more`, async () => {
    assert.equal(code(await h.start_(p(G), { title: '🥐'.repeat(L.discussionTitleChars) })), 'ok')
    assert.equal(code(await h.start_(p(G), { title: 'a'.repeat(L.discussionTitleChars + 1) })), 'VALIDATION_FAILED')
    assert.equal(code(await h.start_(p(G), { title: '🥐'.repeat(L.discussionTitleChars + 1) })), 'VALIDATION_FAILED')
  })

  test(`a post of ${L.messageTextChars} characters, not one more; a closing reason of ${L.discussionReasonChars}`, async () => {
    const { discussion } = (await h.start_(p(F), { text: 'x'.repeat(L.messageTextChars) })).json() as unknown as { discussion: Discussion }
    assert.ok(discussion, 'the first post at the limit')
    assert.equal(code(await h.post(p(F), discussion.id, { text: 'y'.repeat(L.messageTextChars) })), 'ok')
    assert.equal(code(await h.post(p(F), discussion.id, { text: 'y'.repeat(L.messageTextChars + 1) })), 'VALIDATION_FAILED')
    assert.equal(code(await h.start_(p(F), { text: 'z'.repeat(L.messageTextChars + 1) })), 'VALIDATION_FAILED')
    const close = (reason: string) => s.call('POST', `/api/v1/discussions/${discussion.id}/close`, { token: p(F).token, body: { reason } })
    assert.equal(code(await close('r'.repeat(L.discussionReasonChars + 1))), 'VALIDATION_FAILED')
    assert.equal(code(await close('r'.repeat(L.discussionReasonChars))), 'ok')
  })

  test('participants: the starter and two invited make three, the limit; a fourth is refused, by invitation or by letting in', async () => {
    const { discussion } = (await h.start_(p(A), { invite: [p(B).id, p(C).id] })).json() as unknown as { discussion: Discussion }
    assert.equal(discussion.participantCount, 3)
    assert.equal(code(await s.call('POST', `/api/v1/discussions/${discussion.id}/participants`, { token: p(A).token, body: { accountIds: [p(D).id] } })), 'DISCUSSION_FULL')
    await s.call('POST', `/api/v1/discussions/${discussion.id}/join-requests`, { token: p(D).token })
    assert.equal(code(await s.call('POST', `/api/v1/discussions/${discussion.id}/join-requests/${p(D).id}/accept`, { token: p(B).token })), 'DISCUSSION_FULL')
    assert.equal(code(await h.start_(p(A), { invite: [p(B).id, p(C).id, p(D).id] })), 'DISCUSSION_FULL', 'nor at the start')
    const participants = (await s.call('GET', `/api/v1/discussions/${discussion.id}/participants`)).json() as { participants: unknown[] }
    assert.equal(participants.participants.length, 3, 'nothing half written')
  })

  test('asks to join: two wait, the limit; a third is refused until one is answered', async () => {
    const { discussion } = (await h.start_(p(A), {})).json() as unknown as { discussion: Discussion }
    const ask = (i: number) => s.call('POST', `/api/v1/discussions/${discussion.id}/join-requests`, { token: p(i).token })
    assert.equal(code(await ask(B)), 'ok')
    assert.equal(code(await ask(C)), 'ok')
    assert.equal(code(await ask(D)), 'DISCUSSION_JOIN_REQUESTS_FULL')
    await s.call('DELETE', `/api/v1/discussions/${discussion.id}/join-requests/${p(B).id}`, { token: p(B).token })
    assert.equal(code(await ask(D)), 'ok', 'an ask withdrawn makes room')
  })

  test(`invitations: ${L.discussionInvitesPerCall} accounts in one call, not one more`, async () => {
    const { discussion } = (await h.start_(p(E), {})).json() as unknown as { discussion: Discussion }
    const ids = (n: number) => Array.from({ length: n }, (_, i) => String(1_000_000_000_000_000_000n + BigInt(i)))
    const invite = (accountIds: string[]) => s.call('POST', `/api/v1/discussions/${discussion.id}/participants`, { token: p(E).token, body: { accountIds } })
    // At the limit the schema lets it through (the made-up accounts are then not found).
    assert.equal(code(await invite(ids(L.discussionInvitesPerCall))), 'ACCOUNT_NOT_FOUND')
    assert.equal(code(await invite(ids(L.discussionInvitesPerCall + 1))), 'VALIDATION_FAILED')
  })

  test('posts: four a minute per person (the first post counts), then RATE_LIMITED', async () => {
    const { discussion: fresh } = (await h.start_(p(C), {})).json() as unknown as { discussion: Discussion }
    const cs: string[] = []
    for (let i = 0; i < 4; i++) cs.push(code(await h.post(p(C), fresh.id, { text: `post ${i}` })))
    assert.deepEqual(cs, ['ok', 'ok', 'ok', 'RATE_LIMITED'], 'the start took one of four')
  })
})

describe('live updates of a discussion', () => {
  let live: LiveServer
  before(async () => { live = await liveServer() })
  after(async () => { await live.stop() })

  test('those taking part and a signed-in reader who watches get new posts and the closing; an unwatched stream does not', async () => {
    const ada = await live.person('ada')
    const ben = await live.person('ben')
    const reader = await live.person('reader')
    const { discussion } = await ada.client.startDiscussion({ title: 'Live', text: 'Hello', invite: [ben.id] })
    const benStream = await live.stream(ben.client)
    const readerStream = await live.stream(reader.client)
    await readerStream.watchDiscussion(discussion.id)
    const benGets = benStream.waitFor('discussionPost.created', { filter: (d) => d.post.text === 'Second' })
    const readerGets = readerStream.waitFor('discussionPost.created', { filter: (d) => d.post.text === 'Second' })
    const sent = await ada.client.addDiscussionPost(discussion.id, { text: 'Second' })
    assert.deepEqual((await benGets).post, sent)
    assert.deepEqual((await readerGets).post, sent)
    const readerSeesClose = readerStream.waitFor('discussion.updated', { filter: (d) => d.discussion.status === 'closed' })
    await ada.client.closeDiscussion(discussion.id, 'Done')
    assert.equal((await readerSeesClose).discussion.closedReason, 'Done')

    await readerStream.unwatchDiscussion(discussion.id)
    const seen: string[] = []
    readerStream.on('discussion.updated', (d) => seen.push(d.discussion.status))
    await ada.client.reopenDiscussion(discussion.id, 'More to say')
    // Ben takes part: once his stream has it, the reader's would have had it too (same publish).
    await benStream.waitFor('discussion.updated', { filter: (d) => d.discussion.status === 'open' })
    await readerStream.ping()
    assert.deepEqual(seen, [])
    await assert.rejects(readerStream.watchDiscussion('1234567890123456789'), (e: Error & { code?: string }) => e.code === 'DISCUSSION_NOT_FOUND')
  })
})

describe('the public page /d/<id>', () => {
  const h = harness({ limits: { ...L, discussionPostsPerMinute: 1_000 } })
  let s: TestServer
  let ada: Person, ben: Person
  let id: string
  before(async () => {
    s = await h.start()
    ;[ada, ben] = [await s.person('ada', `Ada ${hostile}`), await s.person('ben')]
    id = ((await h.start_(ada, { title: `Parcels ${hostile}`, text: `Late again ${hostile} https://example.com/x`, invite: [ben.id] })).json().discussion as Discussion).id
    for (let i = 2; i <= 120; i++) await h.post(i % 2 ? ada : ben, id, { text: `Post number ${i}` })
    await h.post(ben, id, { text: 'Quoting the first', quotePostId: ((await s.call('GET', `/api/v1/discussions/${id}/posts?limit=1`)).json() as { posts: DiscussionPost[] }).posts[0]?.id })
  })
  after(() => s.stop())

  const get = (url: string, headers: Record<string, string> = {}) => s.app.inject({ method: 'GET', url, headers })

  test('renders without a session, sets no cookie (even to a browser that sends one), loads nothing from elsewhere', async () => {
    const res = await get(`/d/${id}`, { cookie: 'parloir_session=whatever; parloir_visitor=x' })
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['set-cookie'], undefined)
    assert.match(String(res.headers['content-type']), /^text\/html/)
    assert.match(String(res.headers['content-security-policy']), /default-src 'none'/)
    assert.doesNotMatch(res.body, /<script/i)
    const loads = [...res.body.matchAll(/<(?:link|img|script|iframe|source|video|audio)\b[^>]*\s(?:src|href)="([^"]*)"/gi)].map((m) => m[1] ?? '')
    assert.ok(loads.length > 0)
    for (const url of loads) assert.match(url, /^\/(?!\/)|^http:\/\/localhost(?::\d+)?\/d\//, `loads ${url}`)
  })

  test('hostile text in the title, names and posts stays text', async () => {
    const res = await get(`/d/${id}`)
    assert.doesNotMatch(res.body, /<img src=x/i)
    assert.doesNotMatch(res.body, /<script>alert/i)
    assert.match(res.body, /<h1 class="pg-discussion-title">Parcels &lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;<\/h1>/)
    assert.match(res.body, /<meta property="og:title" content="Parcels &lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;">/)
    assert.match(res.body, /<a href="https:\/\/example.com\/x" target="_blank" rel="noopener noreferrer nofollow ugc">https:\/\/example.com\/x<\/a>/)
  })

  test('Open Graph tags for link previews; noindex (meta and X-Robots-Tag) until the starter lets search engines in', async () => {
    const closedToEngines = await get(`/d/${id}`)
    assert.equal(closedToEngines.headers['x-robots-tag'], 'noindex')
    assert.match(closedToEngines.body, /<meta name="robots" content="noindex">/)
    assert.match(closedToEngines.body, /<meta property="og:type" content="article">/)
    assert.match(closedToEngines.body, /<meta property="og:description" content="Late again &lt;script&gt;/)
    assert.match(closedToEngines.body, new RegExp(`<meta property="og:url" content="http://localhost(:\\d+)?/d/${id}">`))
    await s.call('PATCH', `/api/v1/discussions/${id}`, { token: ada.token, body: { indexable: true } })
    const open = await get(`/d/${id}`)
    assert.equal(open.headers['x-robots-tag'], undefined)
    assert.doesNotMatch(open.body, /name="robots"/)
    await s.call('PATCH', `/api/v1/discussions/${id}`, { token: ada.token, body: { indexable: false } })
  })

  test(`posts come ${L.discussionPageSize} a page, with links between pages; a quote links to the page of the post it quotes`, async () => {
    const first = await get(`/d/${id}`)
    assert.equal([...first.body.matchAll(/<li class="pg-post"/g)].length, L.discussionPageSize)
    assert.match(first.body, /id="p1"/)
    assert.match(first.body, /Page 1 of 3/)
    assert.match(first.body, new RegExp(`<a class="pg-quiet" rel="next" href="/d/${id}\\?page=2">Later posts</a>`))
    const last = await get(`/d/${id}?page=3`, { 'accept-language': 'fr' })
    assert.equal([...last.body.matchAll(/<li class="pg-post"/g)].length, 21)
    assert.match(last.body, /id="p121"/)
    assert.match(last.body, /Page 3 sur 3/)
    assert.match(last.body, new RegExp(`<a href="/d/${id}#p1">En citant Ada &lt;script&gt;`))
    assert.match(last.body, /<meta property="og:description" content="Late again/, 'the preview is the first post on every page')
    assert.equal((await get(`/d/${id}?page=9`)).statusCode, 200, 'past the end: a page saying there is nothing there')
    assert.equal((await get(`/d/${id}?page=0`)).statusCode, 400)
    assert.equal((await get(`/d/${id}?page=1&page=2`)).statusCode, 400)
  })

  test('a closed discussion shows its reason; a missing one answers a readable 404', async () => {
    await s.call('POST', `/api/v1/discussions/${id}/close`, { token: ada.token, body: { reason: `Moved to email ${hostile}` } })
    const res = await get(`/d/${id}`)
    assert.match(res.body, /<strong>Closed: Moved to email &lt;script&gt;alert\(1\)&lt;\/script&gt;/)
    await s.call('POST', `/api/v1/discussions/${id}/reopen`, { token: ada.token, body: { reason: 'Reopened' } })
    assert.doesNotMatch((await get(`/d/${id}`)).body, /Closed:/)
    const missing = await get('/d/1234567890123456789')
    assert.equal(missing.statusCode, 404)
    assert.match(missing.body, /No such discussion/)
    assert.equal(missing.headers['set-cookie'], undefined)
  })
})

import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { defaultLimits as L, moderationLimits, type Approval, type AuditEntry, type DiscussionPost, type InboxItem, type Message, type Note } from '@parloir/protocol'
import { TestClock, testServer, type TestServer } from '@parloir/testing/server'
import { liveServer, record, type LiveServer } from '@parloir/testing/stream-fixtures'

type Person = Awaited<ReturnType<TestServer['person']>>
type Reply = Awaited<ReturnType<TestServer['call']>>
const code = (res: Reply) => (res.statusCode < 300 ? 'ok' : (res.json() as { error?: { code: string } }).error?.code ?? String(res.statusCode))
const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>'

/**
 * Moderation of a brand's public discussion at Northwind Coffee: Ben (agent) and Ada (owner)
 * moderate, Vic (viewer) reads the log; Chloe, a customer, complains publicly; Dan reads. And a
 * person's own discussion, which has no team and no log.
 */
describe('moderation of public discussions', () => {
  const clock = new TestClock(Date.UTC(2026, 11, 7, 9, 0, 0))
  let s: TestServer
  let ada: Person, ben: Person, vic: Person, dan: Person
  let brandId: string
  const as = (brand: string) => ({ 'parloir-act-as': brand })

  before(async () => {
    s = await testServer({
      rateLimits: { sendsPerSecond: 1000, sendsBurst: 1000, perAddress: { max: 100_000, windowMs: 60_000 } } as TestServer['config']['rateLimits'],
      limits: { ...L, discussionPostsPerMinute: 1_000 },
    }, { clock })
    ;[ada, ben, vic, dan] = [await s.person('ada'), await s.person('ben'), await s.person('vic'), await s.person('dan')]
    brandId = (await s.call('POST', '/api/v1/brands', { token: ada.token, body: { handle: 'northwind', displayName: 'Northwind Coffee' } })).json().brand.id
    await s.call('PUT', `/api/v1/brands/${brandId}/members/${ben.id}`, { token: ada.token, body: { role: 'agent' } })
    await s.call('PUT', `/api/v1/brands/${brandId}/members/${vic.id}`, { token: ada.token, body: { role: 'viewer' } })
  })
  after(() => s.stop())

  let n = 0
  /** A brand discussion with a fresh customer taking part, who complains. */
  const complaint = async (text = 'My parcel is two weeks late and nobody answers!') => {
    const chloe = await s.person(`chloe${++n}`, `Chloe ${n}`)
    const started = await s.call('POST', '/api/v1/discussions', { token: ben.token, headers: as(brandId), body: { title: `Deliveries ${n}`, text: 'Tell us how your delivery went.', invite: [chloe.id, dan.id, ben.id] } })
    assert.equal(started.statusCode, 201, started.body)
    const discussionId = started.json().discussion.id as string
    const posted = await s.call('POST', `/api/v1/discussions/${discussionId}/posts`, { token: chloe.token, body: { text } })
    assert.equal(posted.statusCode, 201, posted.body)
    return { chloe, discussionId, post: posted.json() as unknown as DiscussionPost }
  }
  const hide = (member: Person, d: string, p: string, body: object) => s.call('PUT', `/api/v1/discussions/${d}/posts/${p}/moderation`, { token: member.token, headers: as(brandId), body })
  const unhide = (member: Person, d: string, p: string, body: object) => s.call('DELETE', `/api/v1/discussions/${d}/posts/${p}/moderation`, { token: member.token, headers: as(brandId), body })
  const posts = async (d: string, token?: string, actAs?: string) =>
    ((await s.call('GET', `/api/v1/discussions/${d}/posts`, { ...(token ? { token } : {}), ...(actAs ? { headers: as(actAs) } : {}) })).json() as { posts: DiscussionPost[] }).posts
  const audit = async (personId: string) => {
    const res = await s.call('GET', `/api/v1/brands/${brandId}/moderation/audit?personId=${personId}`, { token: vic.token })
    assert.equal(res.statusCode, 200, res.body)
    return (res.json() as { entries: AuditEntry[] }).entries
  }
  const caseOf = async (person: Person) => (await s.call('POST', '/api/v1/conversations/direct', { token: person.token, body: { accountId: brandId } })).json().id as string
  const notes = async (conversationId: string) => (await s.call('GET', `/api/v1/brands/${brandId}/inbox/${conversationId}/notes`, { token: vic.token })).json().notes as Note[]
  const thread = async (person: Person, conversationId: string) => (await s.call('GET', `/api/v1/conversations/${conversationId}/messages`, { token: person.token })).json().messages as Message[]

  describe('hiding a post', () => {
    test('needs a reason: missing, empty or blank answers MODERATION_REASON_REQUIRED and hides nothing', async () => {
      const { chloe, discussionId, post } = await complaint()
      for (const body of [{}, { reason: '' }, { reason: ' \n\t ' }]) assert.equal(code(await hide(ben, discussionId, post.id, body)), 'MODERATION_REASON_REQUIRED')
      assert.equal((await posts(discussionId)).find((p) => p.id === post.id)?.hidden, null)
      assert.deepEqual(await audit(chloe.id), [])
    })

    test(`takes a reason of ${moderationLimits.reasonChars} characters, not one more`, async () => {
      const { discussionId, post } = await complaint()
      assert.equal(code(await hide(ben, discussionId, post.id, { reason: 'é'.repeat(moderationLimits.reasonChars + 1) })), 'VALIDATION_FAILED')
      assert.equal(code(await hide(ben, discussionId, post.id, { reason: 'é'.repeat(moderationLimits.reasonChars) })), 'ok')
    })

    test('hidden: others (API, public page) see only the reason; the author and the team read it with the reason; audited; shown again with a reason', async () => {
      const { chloe, discussionId, post } = await complaint(`Late again ${hostile}`)
      const hidden = await hide(ben, discussionId, post.id, { reason: `Shares a tracking number ${hostile}` })
      assert.equal(hidden.statusCode, 200, hidden.body)
      assert.equal(code(await hide(ada, discussionId, post.id, { reason: 'Again' })), 'POST_ALREADY_HIDDEN')

      const forAnyone = (await posts(discussionId)).find((p) => p.id === post.id)
      assert.equal(forAnyone?.text, '')
      assert.equal(forAnyone?.hidden?.reason, `Shares a tracking number ${hostile}`)
      assert.equal(forAnyone?.hidden?.reviewRequestedAt, undefined, 'whether a review was asked is not for everyone')
      assert.equal((await posts(discussionId, dan.token)).find((p) => p.id === post.id)?.text, '', 'another participant does not read it')
      const forAuthor = (await posts(discussionId, chloe.token)).find((p) => p.id === post.id)
      assert.equal(forAuthor?.text, `Late again ${hostile}`)
      assert.equal(forAuthor?.hidden?.reason, `Shares a tracking number ${hostile}`)
      assert.equal((await posts(discussionId, vic.token, brandId)).find((p) => p.id === post.id)?.text, `Late again ${hostile}`, 'the team reads it')

      const page = await s.app.inject({ method: 'GET', url: `/d/${discussionId}` })
      assert.equal(page.statusCode, 200)
      assert.doesNotMatch(page.body, /Late again/)
      assert.doesNotMatch(page.body, /<img src=x|<script>/)
      assert.match(page.body, /Shares a tracking number &lt;img src=x onerror=alert\(1\)&gt;/)

      assert.equal(code(await unhide(ben, discussionId, post.id, {})), 'MODERATION_REASON_REQUIRED')
      const shown = await unhide(ada, discussionId, post.id, { reason: 'The number was not personal after all.' })
      assert.equal(shown.statusCode, 200, shown.body)
      assert.equal((await posts(discussionId)).find((p) => p.id === post.id)?.text, `Late again ${hostile}`)
      assert.equal(code(await unhide(ada, discussionId, post.id, { reason: 'Again' })), 'POST_NOT_HIDDEN')

      const entries = await audit(chloe.id)
      assert.deepEqual(entries.map((e) => [e.action, e.actorId, e.subjectId]), [['discussionPost.unhidden', ada.id, post.id], ['discussionPost.hidden', ben.id, post.id]])
      assert.equal(entries[0]?.reverses, entries[1]?.id)
    })

    test('the author asks for a review once: it is audited and their case opens in the team inbox with a link to the post', async () => {
      const { chloe, discussionId, post } = await complaint()
      await hide(ben, discussionId, post.id, { reason: 'Off topic.' })
      const other = await s.call('POST', `/api/v1/discussions/${discussionId}/posts/${post.id}/review`, { token: dan.token, body: {} })
      assert.equal(code(other), 'NOT_POST_AUTHOR')
      const asked = await s.call('POST', `/api/v1/discussions/${discussionId}/posts/${post.id}/review`, { token: chloe.token, body: { text: 'It was on topic.' } })
      assert.equal(asked.statusCode, 204, asked.body)
      assert.equal(code(await s.call('POST', `/api/v1/discussions/${discussionId}/posts/${post.id}/review`, { token: chloe.token, body: {} })), 'REVIEW_ALREADY_REQUESTED')
      assert.ok((await posts(discussionId, chloe.token)).find((p) => p.id === post.id)?.hidden?.reviewRequestedAt)
      const conversationId = await caseOf(chloe)
      const item = (await s.call('GET', `/api/v1/brands/${brandId}/inbox/${conversationId}`, { token: vic.token })).json() as InboxItem
      assert.equal(item.state.status, 'open')
      const line = (await notes(conversationId)).find((x) => x.activity?.action === 'review.requested')
      assert.deepEqual([line?.activity?.discussionId, line?.activity?.postId, line?.activity?.postSeq, line?.activity?.moderationReason], [discussionId, post.id, post.seq, 'It was on topic.'])
      assert.deepEqual((await audit(chloe.id)).map((e) => e.action), ['discussionPost.review.requested', 'discussionPost.hidden'])
      // A post that is not hidden has nothing to review.
      const fresh = await s.call('POST', `/api/v1/discussions/${discussionId}/posts`, { token: chloe.token, body: { text: 'Another one' } })
      assert.equal(code(await s.call('POST', `/api/v1/discussions/${discussionId}/posts/${fresh.json().id}/review`, { token: chloe.token, body: {} })), 'POST_NOT_HIDDEN')
    })

    test('only the starter moderates: not a participant, not a viewer of the brand; the starter\'s own posts are not hidden', async () => {
      const { discussionId, post } = await complaint()
      assert.equal(code(await s.call('PUT', `/api/v1/discussions/${discussionId}/posts/${post.id}/moderation`, { token: dan.token, body: { reason: 'x' } })), 'DISCUSSION_NOT_STARTER')
      assert.equal(code(await hide(vic, discussionId, post.id, { reason: 'x' })), 'FORBIDDEN')
      const first = (await posts(discussionId))[0]
      assert.equal(code(await hide(ben, discussionId, first?.id ?? '', { reason: 'x' })), 'DISCUSSION_STARTER_PROTECTED')
    })
  })

  describe('removing a participant', () => {
    const remove = (member: Person, d: string, body: object) => s.call('POST', `/api/v1/discussions/${d}/removals`, { token: member.token, headers: as(brandId), body })
    const readd = (member: Person, d: string, body: object) => s.call('POST', `/api/v1/discussions/${d}/readmissions`, { token: member.token, headers: as(brandId), body })

    test('a customer: a reason, then a second member\'s approval (never one\'s own); then removed, told, and their case opens for customer service', async () => {
      const { chloe, discussionId } = await complaint()
      assert.equal(code(await remove(ben, discussionId, { accountId: chloe.id })), 'MODERATION_REASON_REQUIRED')
      assert.equal(code(await remove(ben, discussionId, { accountId: chloe.id, reason: 'x'.repeat(moderationLimits.reasonChars + 1) })), 'VALIDATION_FAILED')
      const asked = await remove(ben, discussionId, { accountId: chloe.id, reason: 'Repeated insults after two warnings.' })
      assert.equal(asked.statusCode, 201, asked.body)
      const approval = asked.json().approval as Approval
      assert.equal(approval.status, 'pending')
      assert.equal(((await s.call('GET', `/api/v1/discussions/${discussionId}`, { token: chloe.token })).json() as { me: string }).me, 'participant', 'nothing yet')
      assert.equal(code(await s.call('POST', `/api/v1/brands/${brandId}/moderation/approvals/${approval.id}/approve`, { token: ben.token })), 'APPROVAL_OWN_REQUEST')
      const approved = await s.call('POST', `/api/v1/brands/${brandId}/moderation/approvals/${approval.id}/approve`, { token: ada.token })
      assert.equal(approved.statusCode, 200, approved.body)

      const read = (await s.call('GET', `/api/v1/discussions/${discussionId}`, { token: chloe.token })).json() as { me: string; removedReason?: string }
      assert.deepEqual([read.me, read.removedReason], ['removed', 'Repeated insults after two warnings.'])
      assert.equal(code(await s.call('POST', `/api/v1/discussions/${discussionId}/posts`, { token: chloe.token, body: { text: 'Hello?' } })), 'DISCUSSION_NOT_PARTICIPANT')
      assert.equal(code(await s.call('POST', `/api/v1/discussions/${discussionId}/join-requests`, { token: chloe.token })), 'DISCUSSION_REMOVED')
      assert.equal(code(await s.call('POST', `/api/v1/discussions/${discussionId}/participants`, { token: dan.token, body: { accountIds: [chloe.id] } })), 'DISCUSSION_REMOVED', 'another participant does not bring them back')

      const conversationId = await caseOf(chloe)
      const item = (await s.call('GET', `/api/v1/brands/${brandId}/inbox/${conversationId}`, { token: vic.token })).json() as InboxItem
      assert.equal(item.state.status, 'open')
      const line = (await notes(conversationId)).find((x) => x.activity?.action === 'participant.removed')
      assert.deepEqual([line?.activity?.requestedBy, line?.activity?.approvedBy, line?.activity?.moderationReason, line?.activity?.discussionId], [ben.id, ada.id, 'Repeated insults after two warnings.', discussionId])
      const notice = (await thread(chloe, conversationId)).find((m) => m.system?.action === 'discussion.removed')
      assert.equal(notice?.text, 'Repeated insults after two warnings.')
      assert.equal(notice?.system?.name, `Deliveries ${n}`)

      assert.equal(code(await readd(ben, discussionId, { accountId: chloe.id, reason: '' })), 'MODERATION_REASON_REQUIRED')
      const back = await readd(ben, discussionId, { accountId: chloe.id, reason: 'She apologised; welcome back.' })
      assert.equal(back.statusCode, 200, back.body)
      assert.equal(((await s.call('GET', `/api/v1/discussions/${discussionId}`, { token: chloe.token })).json() as { me: string }).me, 'participant')
      assert.equal(code(await readd(ben, discussionId, { accountId: chloe.id, reason: 'Again' })), 'DISCUSSION_NOT_REMOVED')
      assert.equal((await thread(chloe, conversationId)).find((m) => m.system?.action === 'discussion.readded')?.text, 'She apologised; welcome back.')
      const entries = await audit(chloe.id)
      assert.deepEqual(entries.map((e) => e.action), [
        'discussion.participant.readded', 'discussion.participant.removed', 'discussion.participant.remove.approved', 'discussion.participant.remove.requested',
      ])
      assert.equal(entries[0]?.reverses, entries[1]?.id)
    })

    test('a member of the team is removed at once; the starter cannot be removed; a viewer cannot remove', async () => {
      const { discussionId } = await complaint()
      assert.equal(code(await remove(vic, discussionId, { accountId: dan.id, reason: 'x' })), 'FORBIDDEN')
      assert.equal(code(await remove(ben, discussionId, { accountId: brandId, reason: 'x' })), 'DISCUSSION_STARTER_PROTECTED')
      const res = await remove(ada, discussionId, { accountId: ben.id, reason: 'é'.repeat(moderationLimits.reasonChars) })
      assert.equal(res.statusCode, 201, res.body)
      assert.equal(res.json().approval, null)
      assert.equal(((await s.call('GET', `/api/v1/discussions/${discussionId}`, { token: ben.token })).json() as { me: string }).me, 'removed')
      assert.equal(code(await remove(ada, discussionId, { accountId: ben.id, reason: 'Again' })), 'DISCUSSION_NOT_PARTICIPANT')
    })
  })

  describe('closing and reopening', () => {
    test('reopening needs a reason; both are in the audit log, the reopening naming the close', async () => {
      const { discussionId } = await complaint()
      assert.equal((await s.call('POST', `/api/v1/discussions/${discussionId}/close`, { token: ada.token, headers: as(brandId), body: { reason: 'Answered everyone.' } })).statusCode, 200)
      assert.equal(code(await s.call('POST', `/api/v1/discussions/${discussionId}/reopen`, { token: ada.token, headers: as(brandId), body: { reason: ' ' } })), 'MODERATION_REASON_REQUIRED')
      const reopened = await s.call('POST', `/api/v1/discussions/${discussionId}/reopen`, { token: ada.token, headers: as(brandId), body: { reason: 'New questions came in.' } })
      assert.equal(reopened.statusCode, 200, reopened.body)
      const entries = ((await s.call('GET', `/api/v1/brands/${brandId}/moderation/audit?action=discussion.reopened`, { token: vic.token })).json() as { entries: AuditEntry[] }).entries
      const closes = ((await s.call('GET', `/api/v1/brands/${brandId}/moderation/audit?action=discussion.closed`, { token: vic.token })).json() as { entries: AuditEntry[] }).entries
      const reopen = entries.find((e) => e.subjectId === discussionId)
      assert.equal(reopen?.reason, 'New questions came in.')
      assert.equal(reopen?.reverses, closes.find((e) => e.subjectId === discussionId)?.id)
    })
  })

  describe('continue in private', () => {
    const go = (member: Person, d: string, p: string, actAs: string | null = brandId) =>
      s.call('POST', `/api/v1/discussions/${d}/posts/${p}/continue-in-private`, { token: member.token, ...(actAs ? { headers: as(actAs) } : {}) })

    test('writes to the author in the brand\'s conversation quoting the post, replies publicly, opens the case with a link; a second click reuses it all', async () => {
      const { chloe, discussionId, post } = await complaint('Order 4411 is two weeks late!')
      const first = await go(ben, discussionId, post.id)
      assert.equal(first.statusCode, 200, first.body)
      const done = first.json() as { conversationId: string; messageId: string; replyPost: DiscussionPost; created: boolean }
      assert.equal(done.created, true)
      assert.equal(done.replyPost.author.id, brandId)
      assert.equal(done.replyPost.quote?.postId, post.id)
      assert.match(done.replyPost.text, new RegExp(`@${chloe.handle} `))

      assert.equal(done.conversationId, await caseOf(chloe))
      const messages = await thread(chloe, done.conversationId)
      const quoted = messages.filter((m) => m.senderId === brandId && m.text.includes('Order 4411 is two weeks late!'))
      assert.equal(quoted.length, 1)
      assert.match(quoted[0]?.text ?? '', new RegExp(`/d/${discussionId}#p${post.seq}`))
      const item = (await s.call('GET', `/api/v1/brands/${brandId}/inbox/${done.conversationId}`, { token: vic.token })).json() as InboxItem
      assert.equal(item.state.status, 'open')
      const line = (await notes(done.conversationId)).find((x) => x.activity?.action === 'discussion.continued')
      assert.deepEqual([line?.authorId, line?.activity?.discussionId, line?.activity?.postId, line?.activity?.postSeq], [ben.id, discussionId, post.id, post.seq])

      const second = await go(ada, discussionId, post.id)
      assert.equal(second.statusCode, 200, second.body)
      const again = second.json() as typeof done
      assert.deepEqual([again.created, again.conversationId, again.messageId, again.replyPost.id], [false, done.conversationId, done.messageId, done.replyPost.id])
      assert.equal((await thread(chloe, done.conversationId)).filter((m) => m.senderId === brandId && m.text.includes('Order 4411')).length, 1, 'not sent twice')
      assert.equal((await posts(discussionId)).filter((p) => p.author.id === brandId && p.quote?.postId === post.id).length, 1, 'not replied twice')
      assert.equal((await notes(done.conversationId)).filter((x) => x.activity?.action === 'discussion.continued').length, 1)

      // The brand's agents see where it went; the author, readers and the public page do not.
      const asBrand = await s.call('GET', `/api/v1/discussions/${discussionId}/posts`, { token: vic.token, headers: as(brandId) })
      assert.equal(asBrand.statusCode, 200, asBrand.body)
      const seen = (asBrand.json() as { posts: DiscussionPost[] }).posts.find((p) => p.id === post.id)
      assert.equal(seen?.continuedInPrivate?.conversationId, done.conversationId)
      const asAuthor = ((await s.call('GET', `/api/v1/discussions/${discussionId}/posts`, { token: chloe.token })).json() as { posts: DiscussionPost[] }).posts
      assert.equal(asAuthor.find((p) => p.id === post.id)?.continuedInPrivate, undefined)
      assert.ok(asAuthor.every((p) => p.continuedInPrivate === undefined))
      const anyone = ((await s.call('GET', `/api/v1/discussions/${discussionId}/posts`)).json() as { posts: DiscussionPost[] }).posts
      assert.ok(anyone.every((p) => p.continuedInPrivate === undefined))
      const page = await s.app.inject({ method: 'GET', url: `/d/${discussionId}` })
      assert.doesNotMatch(page.body, new RegExp(done.conversationId))
    })

    test('two clicks at once write once', async () => {
      const { chloe, discussionId, post } = await complaint()
      const both = await Promise.all([go(ben, discussionId, post.id), go(ada, discussionId, post.id)])
      assert.deepEqual(both.map((r) => r.statusCode), [200, 200])
      const answers = both.map((r) => r.json() as { created: boolean; replyPost: { id: string } })
      assert.deepEqual(answers.map((a) => a.created).sort(), [false, true])
      assert.equal(answers[0]?.replyPost.id, answers[1]?.replyPost.id)
      assert.equal((await posts(discussionId)).filter((p) => p.quote?.postId === post.id).length, 1)
      assert.equal((await thread(chloe, await caseOf(chloe))).filter((m) => m.senderId === brandId).length, 1)
    })

    test('only as a brand taking part, on a post by someone else; a viewer may not', async () => {
      const { discussionId, post } = await complaint()
      assert.equal(code(await go(dan, discussionId, post.id, null)), 'CONTINUE_IN_PRIVATE_REFUSED')
      assert.equal(code(await go(vic, discussionId, post.id)), 'FORBIDDEN')
      const first = (await posts(discussionId))[0]
      assert.equal(code(await go(ben, discussionId, first?.id ?? '')), 'CONTINUE_IN_PRIVATE_REFUSED')
      const other = (await s.call('POST', '/api/v1/brands', { token: dan.token, body: { handle: `other${n}`, displayName: 'Other' } })).json().brand.id as string
      assert.equal(code(await go(dan, discussionId, post.id, other)), 'DISCUSSION_NOT_PARTICIPANT')
    })
  })

  describe('hiding a collection item', () => {
    test('the curator hides a contribution with a reason: others read the reason, its author the item; audited for a brand; shown again with a reason', async () => {
      const chloe = await s.person(`chloe${++n}`)
      const created = await s.call('POST', '/api/v1/collections', { token: ada.token, headers: as(brandId), body: { title: 'Your cups', contributionMode: 'open' } })
      assert.equal(created.statusCode, 201, created.body)
      const collectionId = created.json().id as string
      const added = await s.call('POST', `/api/v1/collections/${collectionId}/items`, { token: chloe.token, body: { kind: 'text', text: `My cup, call 555-0199 ${hostile}` } })
      assert.equal(added.statusCode, 201, added.body)
      const itemId = added.json().id as string
      const url = `/api/v1/collections/${collectionId}/items/${itemId}/moderation`
      const hideItem = (member: Person, body: object) => s.call('PUT', url, { token: member.token, headers: as(brandId), body })
      assert.equal(code(await hideItem(ada, {})), 'MODERATION_REASON_REQUIRED')
      assert.equal(code(await hideItem(ada, { reason: '  ' })), 'MODERATION_REASON_REQUIRED')
      assert.equal(code(await hideItem(ada, { reason: 'x'.repeat(moderationLimits.reasonChars + 1) })), 'VALIDATION_FAILED')
      assert.equal(code(await hideItem(ben, { reason: 'A phone number' })), 'FORBIDDEN', 'curating is for owners and admins')
      assert.equal(code(await hideItem(ada, { reason: 'x'.repeat(moderationLimits.reasonChars) })), 'ok')
      assert.equal(code(await hideItem(ada, { reason: 'Again' })), 'POST_ALREADY_HIDDEN')
      const itemFor = async (token: string) => ((await s.call('GET', `/api/v1/collections/${collectionId}`, { token })).json().items as Array<{ id: string; text: string | null; hiddenReason: string | null }>).find((i) => i.id === itemId)
      assert.deepEqual([(await itemFor(dan.token))?.text, (await itemFor(dan.token))?.hiddenReason], [null, 'x'.repeat(moderationLimits.reasonChars)])
      assert.equal((await itemFor(chloe.token))?.text, `My cup, call 555-0199 ${hostile}`)
      const shown = await s.call('DELETE', url, { token: ada.token, headers: as(brandId), body: { reason: 'It is the shop number.' } })
      assert.equal(shown.statusCode, 200, shown.body)
      assert.equal(code(await s.call('DELETE', url, { token: ada.token, headers: as(brandId), body: { reason: 'Again' } })), 'POST_NOT_HIDDEN')
      assert.equal((await itemFor(dan.token))?.text, `My cup, call 555-0199 ${hostile}`)
      const entries = await audit(chloe.id)
      assert.deepEqual(entries.map((e) => e.action), ['collectionItem.unhidden', 'collectionItem.hidden'])
      assert.equal(entries[0]?.reverses, entries[1]?.id)
    })
  })

  describe("a person's own discussion", () => {
    test('its starter hides and removes with a reason, at once, with no audit log; the author reads the reason', async () => {
      const eve = await s.person('eve')
      const started = await s.call('POST', '/api/v1/discussions', { token: eve.token, body: { title: 'Book club', text: 'Hello', invite: [dan.id] } })
      const discussionId = started.json().discussion.id as string
      const post = (await s.call('POST', `/api/v1/discussions/${discussionId}/posts`, { token: dan.token, body: { text: 'Spoiler: it was the butler' } })).json() as unknown as DiscussionPost
      const hidden = await s.call('PUT', `/api/v1/discussions/${discussionId}/posts/${post.id}/moderation`, { token: eve.token, body: { reason: 'Spoilers' } })
      assert.equal(hidden.statusCode, 200, hidden.body)
      assert.equal((await posts(discussionId)).find((p) => p.id === post.id)?.text, '')
      assert.equal((await posts(discussionId, dan.token)).find((p) => p.id === post.id)?.hidden?.reason, 'Spoilers')
      assert.equal((await s.call('POST', `/api/v1/discussions/${discussionId}/posts/${post.id}/review`, { token: dan.token, body: {} })).statusCode, 204)
      assert.ok((await posts(discussionId, eve.token)).find((p) => p.id === post.id)?.hidden?.reviewRequestedAt, 'the starter sees the request')
      const removed = await s.call('POST', `/api/v1/discussions/${discussionId}/removals`, { token: eve.token, body: { accountId: dan.id, reason: 'More spoilers' } })
      assert.equal(removed.statusCode, 201, removed.body)
      assert.equal(removed.json().approval, null)
      assert.equal(((await s.call('GET', `/api/v1/discussions/${discussionId}`, { token: dan.token })).json() as { removedReason?: string }).removedReason, 'More spoilers')
    })
  })
})

describe('moderation of a discussion, live', () => {
  let live: LiveServer
  before(async () => { live = await liveServer() })
  after(async () => { await live.stop() })

  test('a hidden post reaches readers and watchers without its text, and its author with it and the reason', async () => {
    const ada = await live.person('ada')
    const ben = await live.person('ben')
    const reader = await live.person('reader')
    const { discussion } = await ada.client.startDiscussion({ title: 'Live', text: 'Hello', invite: [ben.id, reader.id] })
    const post = await ben.client.addDiscussionPost(discussion.id, { text: 'Something rude' })
    const benStream = await live.stream(ben.client)
    const readerStream = await live.stream(reader.client)
    const watcher = await live.person('watcher')
    const watcherStream = await live.stream(watcher.client)
    await watcherStream.watchDiscussion(discussion.id)
    const benGets = benStream.waitFor('discussionPost.updated', { filter: (d) => d.post.id === post.id })
    const readerGets = readerStream.waitFor('discussionPost.updated', { filter: (d) => d.post.id === post.id })
    const watcherGets = watcherStream.waitFor('discussionPost.updated', { filter: (d) => d.post.id === post.id })
    await ada.client.hideDiscussionPost(discussion.id, post.id, 'Be kind')
    assert.deepEqual([(await benGets).post.text, (await benGets).post.hidden?.reason], ['Something rude', 'Be kind'])
    assert.deepEqual([(await readerGets).post.text, (await readerGets).post.hidden?.reason], ['', 'Be kind'])
    assert.deepEqual([(await watcherGets).post.text, (await watcherGets).post.hidden?.reason], ['', 'Be kind'])
  })

  test("a post continued in private: the brand's other members hear where at once; its author and the watchers hear nothing of it", async () => {
    const [ada, ben, chloe, watcher] = [await live.person('ada2'), await live.person('ben2'), await live.person('chloe2'), await live.person('watcher2')]
    const { brand } = await ada.client.createBrand({ handle: 'northwind2', displayName: 'Northwind' })
    await ada.client.setBrandMember(brand.id, ben.id, 'agent')
    const { discussion } = await ada.client.withActAs(brand.id).startDiscussion({ title: 'Deliveries', text: 'How did it go?', invite: [chloe.id] })
    const post = await chloe.client.addDiscussionPost(discussion.id, { text: 'Late again!' })
    const [adaStream, chloeStream, watcherStream] = [await live.stream(ada.client), await live.stream(chloe.client), await live.stream(watcher.client)]
    await watcherStream.watchDiscussion(discussion.id)
    const adaHears = adaStream.waitFor('discussionPost.updated', { filter: (d) => d.post.id === post.id })
    const [chloeTold, watcherTold] = [record(chloeStream), record(watcherStream)]
    const replies = [watcherStream, chloeStream].map((s) => s.waitFor('discussionPost.created', { filter: (d) => d.post.quote?.postId === post.id }))
    const done = await ben.client.withActAs(brand.id).continueDiscussionInPrivate(discussion.id, post.id)
    assert.equal((await adaHears).post.continuedInPrivate?.conversationId, done.conversationId)
    // The public reply reaches the watcher and the author: by then, nothing about the continued post may have come.
    for (const reply of await Promise.all(replies)) assert.equal(reply.post.id, done.replyPost.id)
    const told = [...chloeTold, ...watcherTold]
    assert.ok(told.some((e) => e.name === 'discussionPost.created'), 'the recording heard the reply')
    assert.deepEqual(told.filter((e) => e.name === 'discussionPost.updated'), [])
    assert.ok(told.every((e) => !JSON.stringify(e).includes('continuedInPrivate')))
  })
})

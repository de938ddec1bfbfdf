import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Account, Discussion, DiscussionPost } from '@parloir/protocol'
import { discussionPage, type DiscussionView } from './discussion-page.ts'

const at = '2026-11-23T09:00:00.000Z'
const ada: Account = { id: '1000000000000000001', kind: 'person', handle: 'ada', displayName: 'Ada', bio: '', avatarUrl: null, createdAt: at }
const discussion: Discussion = {
  id: '2000000000000000002', title: 'Parcels', starter: ada, status: 'open', closedReason: null, closedAt: null, indexable: false,
  postCount: 2, participantCount: 1, createdAt: at, lastPostAt: at, path: '/d/2000000000000000002',
}
const post = (seq: number, over: Partial<DiscussionPost> = {}): DiscussionPost => ({
  id: `300000000000000000${seq}`, discussionId: discussion.id, seq, author: ada, text: `Post ${seq}`, entities: { urls: [], mentions: [], hashtags: [] },
  quote: null, attachment: null, createdAt: at, hidden: null, ...over,
})
const view = (posts: DiscussionPost[]): DiscussionView => ({ lang: 'en', discussion, posts, page: 1, pages: 1, pageSize: 50, origin: 'https://parloir.example', summary: '' })

test('a hidden post keeps its place and author and says it was hidden, with the reason, instead of its text', () => {
  const hidden = post(2, { text: '', hidden: { at, reason: 'Shared <b>an address</b>' }, quote: null })
  const out = discussionPage(view([post(1), hidden])).value
  assert.match(out, /<li class="pg-post" id="p2">/)
  assert.match(out, /<p class="pg-post-hidden">Hidden by the moderators: Shared &lt;b&gt;an address&lt;\/b&gt;<\/p>/)
})

test('a quote of a hidden post says so, without its words; an image attachment is a same-origin picture', () => {
  const quoting = post(2, {
    quote: { postId: '3000000000000000001', seq: 1, author: ada, excerpt: '', hidden: true },
    attachment: { id: '4000000000000000004', kind: 'image', mimeType: 'image/png', sizeBytes: 10, width: 40, height: 30, fileName: 'a"b.png', url: '/api/v1/media/4000000000000000004', thumbnailUrl: '/api/v1/media/4000000000000000004/thumbnail', createdAt: at },
  })
  const out = discussionPage(view([quoting])).value
  assert.match(out, /The quoted post was hidden by the moderators\./)
  assert.match(out, /<img src="\/api\/v1\/media\/4000000000000000004\/thumbnail" alt="a&quot;b.png" loading="lazy" width="40" height="30">/)
})

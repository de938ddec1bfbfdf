import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Account, Discussion, DiscussionPost, DiscussionWithMe } from '@parloir/protocol'
import { mayPost, mergePosts, updateListed } from './model.ts'

const at = (m: number) => `2026-11-23T09:${String(m).padStart(2, '0')}:00.000Z`
const ada: Account = { id: '1', kind: 'person', handle: 'ada', displayName: 'Ada', bio: '', avatarUrl: null, createdAt: at(0) }
const post = (seq: number, text = `p${seq}`): DiscussionPost => ({
  id: String(100 + seq), discussionId: '9', seq, author: ada, text, entities: { urls: [], mentions: [], hashtags: [] }, quote: null, attachment: null, createdAt: at(seq), hidden: null,
})
const discussion = (id: string, minute: number, status: Discussion['status'] = 'open'): Discussion => ({
  id, title: id, starter: ada, status, closedReason: null, closedAt: null, indexable: false, postCount: 1, participantCount: 1, createdAt: at(0), lastPostAt: at(minute), path: `/d/${id}`,
})

test('posts arriving twice or out of order are kept once, in seq order', () => {
  const merged = mergePosts([post(1), post(3)], [post(2), post(3, 'again'), post(1)])
  assert.deepEqual(merged.map((p) => [p.seq, p.text]), [[1, 'p1'], [2, 'p2'], [3, 'again']])
})

test('a discussion that changed moves to its place by its latest post, keeping my standing; an unknown one is not added', () => {
  const list: DiscussionWithMe[] = [{ discussion: discussion('a', 5), me: 'starter' }, { discussion: discussion('b', 3), me: 'requested' }]
  assert.deepEqual(updateListed(list, discussion('b', 9)).map((d) => [d.discussion.id, d.me]), [['b', 'requested'], ['a', 'starter']])
  assert.deepEqual(updateListed(list, discussion('c', 9)).map((d) => d.discussion.id), ['a', 'b'])
})

test('only those taking part post, and only while it is open', () => {
  assert.equal(mayPost({ discussion: discussion('a', 1), me: 'participant' }), true)
  assert.equal(mayPost({ discussion: discussion('a', 1), me: 'requested' }), false)
  assert.equal(mayPost({ discussion: discussion('a', 1, 'closed'), me: 'starter' }), false)
})

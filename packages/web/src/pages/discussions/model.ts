import type { Discussion, DiscussionPost, DiscussionWithMe } from '@parloir/protocol'

/**
 * The Discussions screen's pure rules: posts kept once each in seq order whatever order REST and
 * the stream bring them in, and the list of one's discussions kept fresh by `discussion.updated`.
 */

/** Posts with `incoming` merged in: each seq once (the newer copy wins), in seq order. */
export function mergePosts(posts: readonly DiscussionPost[], incoming: readonly DiscussionPost[]): DiscussionPost[] {
  const bySeq = new Map(posts.map((p) => [p.seq, p]))
  for (const p of incoming) bySeq.set(p.seq, p)
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq)
}

/** The list with a changed discussion put in place (its standing kept), the latest post first; one not listed stays out. */
export function updateListed(list: readonly DiscussionWithMe[], discussion: Discussion): DiscussionWithMe[] {
  if (!list.some((d) => d.discussion.id === discussion.id)) return [...list]
  return list.map((d) => (d.discussion.id === discussion.id ? { ...d, discussion } : d))
    .sort((a, b) => (a.discussion.lastPostAt < b.discussion.lastPostAt ? 1 : a.discussion.lastPostAt > b.discussion.lastPostAt ? -1 : 0))
}

/** Whether the account asking may post: it takes part, and the discussion is open. */
export const mayPost = (d: DiscussionWithMe) => d.discussion.status === 'open' && (d.me === 'starter' || d.me === 'participant')
/** Whether it may let others in and invite: it takes part, and the discussion is open. */
export const mayLetIn = mayPost

import { AppError, defaultLimits, searchWords, type Account } from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'
import { authorize } from '../authorization/authorize.ts'
import { presentAccount } from '../presenters.ts'

/** `@Ada_L` or `ada_l` → `ada_l`: the query when it is one complete handle, else null. */
export function exactHandleOf(query: string): string | null {
  const handle = query.trim().replace(/^@/, '')
  return /^[A-Za-z0-9_]+$/.test(handle) && handle.length <= defaultLimits.handleChars ? handle.toLowerCase() : null
}

/**
 * "New message": the people and brands the acting account may look for, by the start of any
 * word of their name or of their handle. Only discoverable people and brands are listed, but a
 * complete handle finds its account as the public profile route already does. The searcher,
 * and anyone who blocks it or whom it blocks, never appear. A brand searches to write as the
 * brand, so its members need `conversations.open`; a visitor writes only to its brand and
 * searches no one.
 */
export async function searchPeople(deps: CoreDeps, actor: Actor, input: { q: string; limit?: number }): Promise<Account[]> {
  await authorize(deps, actor, 'conversations.open')
  const searcher = await deps.storage.reads.accounts.byId(actor.accountId)
  if (!searcher) throw new AppError('ACCOUNT_NOT_FOUND')
  if (searcher.kind === 'visitor') throw new AppError('VISITOR_NOT_ALLOWED')
  const words = [...new Set(searchWords(input.q))]
  if (words.length === 0) return []
  const found = await deps.storage.reads.people.search({
    words, exactHandle: exactHandleOf(input.q), searcherId: actor.accountId, limit: input.limit ?? deps.limits.peopleSearchResults,
  })
  return found.map(presentAccount)
}

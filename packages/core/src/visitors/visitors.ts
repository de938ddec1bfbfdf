import { AppError, type Conversation, type Me, type Message, type QuickReplyResponse, type SendMessageBody, type Session } from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'
import type { AccountRecord } from '../ports/storage.ts'
import { defaultSettings } from '../accounts/sign-up.ts'
import { openSession } from '../accounts/sessions.ts'
import { getMe, loadMe } from '../accounts/profile.ts'
import { getConversation, openDirect } from '../conversations/conversations.ts'
import { brandMessagingOf } from '../brand-messaging/settings.ts'
import { codePointLength } from '../text/entities.ts'

export interface StartVisitorInput {
  brandId: string
  text?: string
  welcomeMessageId?: string
  quickReplyResponse?: QuickReplyResponse
  clientMessageId?: string
  displayName?: string
  email?: string
  ref?: string
  /** The site whose in-page chat it came from; must be one the brand allows. */
  site?: string
}

/** A visitor admitted to write to a brand: who it is, its session, and the message to send. */
export interface AdmittedVisitor {
  visitor: AccountRecord
  actor: Actor
  session: Session
  conversationId: string
  /** What to send through the one send path (the server's caller of `sendMessage`). */
  firstMessage: SendMessageBody
}

/**
 * A visitor without an account writes to a brand: checks everything a client can get wrong
 * about its first message before anything is written, then creates the visitor, issues its token
 * (a session, never chosen by the client: docs/reliability.md, rule 7) and opens the conversation
 * attributed to `ref`. The
 * caller sends `firstMessage` as the visitor, as it sends any message, then calls
 * `visitorStarted`.
 */
export async function admitVisitor(deps: CoreDeps, input: StartVisitorInput, meta: { userAgent: string }): Promise<AdmittedVisitor> {
  const brand = await deps.storage.reads.accounts.byId(input.brandId)
  if (!brand || brand.kind !== 'brand') throw new AppError('ACCOUNT_NOT_FOUND', { brandId: input.brandId })
  if (input.site !== undefined) {
    const { embedOrigins } = await brandMessagingOf(deps, brand.id)
    if (!embedOrigins.includes(input.site.toLowerCase())) throw new AppError('EMBED_NOT_ALLOWED', { site: input.site })
  }
  const text = input.text ?? ''
  if (text.trim() === '' && input.quickReplyResponse === undefined) throw new AppError('MESSAGE_EMPTY')
  if (codePointLength(text) > deps.limits.messageTextChars) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: '/text', message: `must be at most ${deps.limits.messageTextChars} characters` }] })
  }
  if (input.quickReplyResponse !== undefined) {
    const welcome = input.welcomeMessageId === undefined ? undefined : await deps.storage.reads.welcomeMessages.byId(input.welcomeMessageId)
    const answered = welcome?.brandId === brand.id && input.quickReplyResponse.messageId === welcome.id &&
      welcome.quickReply?.options.some((o) => (o.metadata ?? o.label) === input.quickReplyResponse?.metadata)
    // A new visitor has no other message to answer than the welcome message it was shown.
    if (!answered) throw new AppError('QUICK_REPLY_INVALID', { messageId: input.quickReplyResponse.messageId })
  }

  const now = deps.clock.now()
  const id = deps.ids.next()
  const visitor: AccountRecord = {
    id, kind: 'visitor', handle: `visitor:${id}`,
    displayName: input.displayName?.trim() || `Visitor ${id.slice(-4)}`,
    bio: '', avatarMediaId: null, passwordHash: null, email: input.email ?? null, issuedByBrandId: brand.id,
    settings: defaultSettings('person'), createdAtMs: now,
  }
  await deps.storage.transaction((tx) => tx.accounts.insert(visitor))
  const session = await openSession(deps, visitor.id, meta.userAgent)
  const actor: Actor = { userId: visitor.id, accountId: visitor.id, sessionId: session.id, role: 'self' }
  const opened = await openDirect(deps, actor, brand.id, input.ref)
  const firstMessage: SendMessageBody = {
    ...(text === '' ? {} : { text }),
    ...(input.welcomeMessageId === undefined ? {} : { welcomeMessageId: input.welcomeMessageId }),
    ...(input.quickReplyResponse === undefined ? {} : { quickReplyResponse: input.quickReplyResponse }),
    ...(input.clientMessageId === undefined ? {} : { clientMessageId: input.clientMessageId }),
  }
  return { visitor, actor, session, conversationId: opened.id, firstMessage }
}

/** What a visitor's start answers once its first message is sent. */
export async function visitorStarted(deps: CoreDeps, admitted: AdmittedVisitor, message: Message): Promise<{ me: Me; session: Session; conversation: Conversation; message: Message }> {
  return { me: await loadMe(deps, admitted.visitor), session: admitted.session, conversation: await getConversation(deps, admitted.actor, admitted.conversationId), message }
}

/** A visitor gives its name, or an address to be told of answers (null removes it). */
export async function updateVisitor(deps: CoreDeps, actor: Actor, patch: { displayName?: string; email?: string | null }): Promise<Me> {
  const account = await deps.storage.reads.accounts.byId(actor.userId)
  if (account?.kind !== 'visitor') throw new AppError('FORBIDDEN', { needs: 'visitor' })
  await deps.storage.transaction((tx) => tx.accounts.update(account.id, {
    ...(patch.displayName === undefined ? {} : { displayName: patch.displayName.trim() || account.displayName }),
    ...(patch.email === undefined ? {} : { email: patch.email }),
  }))
  return getMe(deps, actor)
}

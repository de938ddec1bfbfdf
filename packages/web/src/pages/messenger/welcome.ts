import type { Account, BrandCard, ConversationCore, WelcomeMessage } from '@parloir/protocol'
import type { Thread } from './store.ts'

/** The brand on the other side of my 1:1 conversation, or null (a group, a person, or I am the brand). */
export function brandPartner(conversation: Pick<ConversationCore, 'kind' | 'participants'>, meId: string): Account | null {
  if (conversation.kind !== 'direct') return null
  const me = conversation.participants.find((p) => p.account.id === meId)?.account
  const other = conversation.participants.find((p) => p.account.id !== meId)?.account
  if (!me || me.kind === 'brand' || other?.kind !== 'brand') return null
  return other
}

/**
 * The welcome message to show, not yet sent, at the end of a 1:1 with a brand that has not
 * written yet: the brand's default one. It is shown, not stored; the person's first message
 * names it (`welcomeMessageId`) and the server writes it into the conversation just before.
 * Null while the newest page is loading or older pages exist (the brand may have written there).
 */
export function pendingWelcome(
  conversation: Pick<ConversationCore, 'kind' | 'participants'>, thread: Pick<Thread, 'loaded' | 'hasOlder' | 'messages'> | undefined,
  meId: string, card: BrandCard | undefined,
): WelcomeMessage | null {
  const brand = brandPartner(conversation, meId)
  if (!brand || !card || card.brand.id !== brand.id || !card.welcomeMessage) return null
  if (!thread?.loaded || thread.hasOlder) return null
  if (thread.messages.some((m) => m.senderId === brand.id)) return null
  return card.welcomeMessage
}

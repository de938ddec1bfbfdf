import { useEffect } from 'react'
import type { WelcomeMessage } from '@parloir/protocol'
import { useSelect, useStore } from './use-store.ts'
import { brandPartner, pendingWelcome } from './welcome.ts'

/** The welcome message shown (not yet sent) in this conversation, fetching the brand's card on opening. */
export function usePendingWelcome(conversationId: string): WelcomeMessage | null {
  const store = useStore()
  const conversation = useSelect((s) => s.conversations.get(conversationId))
  const thread = useSelect((s) => s.threads.get(conversationId))
  const brandId = conversation ? brandPartner(conversation, store.meId)?.id ?? null : null
  const card = useSelect((s) => (brandId ? s.brandCards.get(brandId) : undefined))
  useEffect(() => { if (brandId) void store.loadBrandCard(brandId) }, [store, brandId])
  return conversation ? pendingWelcome(conversation, thread, store.meId, card) : null
}

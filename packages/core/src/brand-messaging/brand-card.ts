import type { BrandCard } from '@parloir/protocol'
import type { CoreDeps } from '../context.ts'
import { presentAccount } from '../presenters.ts'
import { requireBrand } from '../brands/brands.ts'
import { presentWelcomeMessages } from '../welcome-messages/welcome-messages.ts'
import { brandMessagingOf, supportStatus } from './settings.ts'
import { usualReplyTime } from '../team-inbox/reply-times.ts'

/**
 * A brand's public face: profile, support status and the welcome message a new conversation
 * shows — the one asked for when it is the brand's, else the default. An unknown or foreign
 * welcome message id falls back to the default: a stale link still opens a conversation.
 */
export async function getBrandCard(deps: CoreDeps, brandId: string, welcomeMessageId?: string): Promise<BrandCard> {
  const brand = await requireBrand(deps, brandId)
  const settings = await brandMessagingOf(deps, brandId)
  const asked = welcomeMessageId === undefined ? undefined : await deps.storage.reads.welcomeMessages.byId(welcomeMessageId)
  const chosenId = asked?.brandId === brandId ? asked.id : settings.defaultWelcomeMessageId
  const chosen = chosenId === null ? undefined : asked?.id === chosenId ? asked : await deps.storage.reads.welcomeMessages.byId(chosenId)
  const [welcomeMessage] = chosen ? await presentWelcomeMessages(deps, [chosen], settings.defaultWelcomeMessageId) : []
  return { brand: presentAccount(brand), support: supportStatus(settings, deps.clock.now(), await usualReplyTime(deps, brandId)), welcomeMessage: welcomeMessage ?? null }
}

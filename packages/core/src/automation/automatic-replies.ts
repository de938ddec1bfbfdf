import type { QuickReply } from '@parloir/protocol'
import type { CoreDeps } from '../context.ts'
import type { AutomationKind, StorageTx } from '../ports/storage.ts'
import { appendMessage } from '../messages/append.ts'
import { extractEntities } from '../text/entities.ts'
import { matchesKeywords } from '../keyword-rules/keyword-rules.ts'
import { isOpen } from '../support/calendar.ts'
import { admitAutomatedMessage } from './quotas.ts'
import { teamIsOnIt } from '../team-inbox/inbox-state.ts'

export interface InboundMessage {
  brandId: string
  personId: string
  conversationId: string
  text: string
  /** Everyone the brand's answer goes to: the conversation's participants. */
  audience: string[]
}

/**
 * Answers a person's message to a brand, in the transaction that writes it (so an automatic
 * reply is as durable as what it answers and comes right after it): the first keyword rule
 * that matches, then the away message when the brand is closed — at most one per conversation
 * per `awayMessageIntervalMs`. Every reply passes the anti-flood rules. Messages written here
 * are the brand's, marked `automation`, and trigger no automation themselves. Nothing is sent
 * while a person of the team is on the conversation (it is assigned, or someone answered within
 * `automationQuietAfterAnswerMs`): a bot reply after a human one reads as not listening.
 */
export async function answerAutomatically(deps: CoreDeps, tx: StorageTx, inbound: InboundMessage): Promise<void> {
  if (await teamIsOnIt(deps, tx, inbound.brandId, inbound.conversationId, deps.limits.automationQuietAfterAnswerMs)) return
  const settings = await tx.brandMessaging.forBrand(inbound.brandId)
  const rules = await tx.keywordRules.forBrand(inbound.brandId)
  const rule = inbound.text.trim() === '' ? undefined : rules.find((r) => r.enabled && matchesKeywords(inbound.text, r.keywords))
  if (rule) await reply(deps, tx, inbound, 'keyword', rule.replyText, rule.quickReply)

  const away = settings?.awayMessage
  const calendar = settings?.supportCalendar
  if (!away?.enabled || away.text.trim() === '' || !calendar) return
  const now = deps.clock.now()
  if (isOpen(calendar, now)) return
  const recent = await tx.automationLog.count({
    brandId: inbound.brandId, conversationId: inbound.conversationId, kind: 'away', sinceMs: now - deps.limits.awayMessageIntervalMs,
  })
  if (recent === 0) await reply(deps, tx, inbound, 'away', away.text, null)
}

async function reply(deps: CoreDeps, tx: StorageTx, inbound: InboundMessage, kind: AutomationKind, text: string, quickReply: QuickReply | null): Promise<void> {
  const verdict = await admitAutomatedMessage(deps, tx, { brandId: inbound.brandId, conversationId: inbound.conversationId, personId: inbound.personId, kind })
  if (!verdict.allowed) {
    deps.logger.warn({ brandId: inbound.brandId, conversationId: inbound.conversationId, kind, reason: verdict.reason }, 'automatic reply not sent')
    return
  }
  await appendMessage(deps, tx, {
    conversationId: inbound.conversationId,
    senderId: inbound.brandId,
    sentBy: null,
    kind: 'text',
    text,
    entities: extractEntities(text),
    quickReply,
    quickReplyResponse: null,
    buttons: [],
    attachmentMediaId: null,
    system: null,
    customProfile: null,
    automation: kind,
    clientMessageId: null,
    bodyHash: null,
  }, inbound.audience)
}

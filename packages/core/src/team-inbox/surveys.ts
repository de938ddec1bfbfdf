import type { SurveyAnswer } from '@parloir/protocol'
import { iso, type Actor, type CoreDeps } from '../context.ts'
import { actAsBrand } from '../authorization/authorize.ts'
import type { InboxRecord, StorageTx, SurveyRecord } from '../ports/storage.ts'
import { appendMessage } from '../messages/append.ts'
import { extractEntities } from '../text/entities.ts'
import { admitAutomatedMessage } from '../automation/quotas.ts'
import { surveyRatings } from './survey-rating.ts'
import { inboxSettingsOf } from './settings.ts'

function presentSurvey(survey: SurveyRecord): SurveyAnswer {
  return {
    id: survey.id, conversationId: survey.conversationId, messageId: survey.messageId, sentAt: iso(survey.sentAtMs),
    rating: survey.rating, ratedAt: survey.ratedAtMs === null ? null : iso(survey.ratedAtMs), comment: survey.comment,
  }
}

export async function listSurveys(deps: CoreDeps, asked: Actor, brandId: string, conversationId: string): Promise<{ surveys: SurveyAnswer[] }> {
  await actAsBrand(deps, asked, brandId, 'inbox.read')
  const row = await deps.storage.reads.inbox.get(brandId, conversationId)
  if (!row) return { surveys: [] }
  return { surveys: (await deps.storage.reads.inbox.surveys(brandId, conversationId)).map(presentSurvey) }
}

/**
 * Asks the customer of a conversation just resolved to rate it, when the brand turned the survey
 * on: an automatic brand message (never an answer) with five ratings as quick replies, under the
 * anti-flood rules of all automation. Only people and visitors are asked, in a 1:1.
 */
export async function sendSurvey(deps: CoreDeps, tx: StorageTx, row: InboxRecord): Promise<void> {
  if (row.customerId === null || (row.customerKind !== 'person' && row.customerKind !== 'visitor')) return
  const { survey } = await inboxSettingsOf(tx, row.brandId)
  if (!survey.enabled) return
  const verdict = await admitAutomatedMessage(deps, tx, { brandId: row.brandId, conversationId: row.conversationId, personId: row.customerId, kind: 'survey' })
  if (!verdict.allowed) {
    deps.logger.warn({ brandId: row.brandId, conversationId: row.conversationId, reason: verdict.reason }, 'satisfaction survey not sent')
    return
  }
  const audience = (await tx.participants.of(row.conversationId)).map((p) => p.accountId)
  const text = survey.question
  const message = await appendMessage(deps, tx, {
    conversationId: row.conversationId, senderId: row.brandId, sentBy: null, kind: 'text', text, entities: extractEntities(text),
    quickReply: surveyRatings, quickReplyResponse: null, buttons: [], attachmentMediaId: null, system: null, customProfile: null,
    automation: 'survey', clientMessageId: null, bodyHash: null,
  }, audience)
  await tx.inbox.insertSurvey({
    id: deps.ids.next(), brandId: row.brandId, conversationId: row.conversationId, messageId: message.id, sentAtMs: message.createdAtMs,
    rating: null, ratedAtMs: null, comment: null,
  })
}

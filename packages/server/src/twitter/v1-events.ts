import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError, type SendMessageBody } from '@parloir/protocol'
import { hideMessage, markRead, startTyping, type Actor, type MessageRecord } from '@parloir/core'
import { badRequest } from './errors.ts'
import { countParam, cursorParam, idField, isObject, messageDataField, queryId } from './input.ts'
import { loadPresentationContext, presentDmEventV1 } from './presenters.ts'
import { appsOf, findDirect, sendDm, userFor, type TwitterContext } from './routes.ts'
import { addTwitterRoute } from './add-twitter-route.ts'

/**
 * v1.1 `direct_messages/events/*`, `mark_read` and `indicate_typing`: user context only (OAuth
 * 1.0a or an OAuth 2 user token). v1.1 knows only one-to-one conversations, so group messages
 * are left out of its lists and answers.
 */

const LIST_DEFAULT = 20
const LIST_MAX = 50

/** The message with this id if the account can see it (a participant, past where it may see, not hidden). */
export async function visibleMessage(t: TwitterContext, accountId: string, id: string): Promise<MessageRecord> {
  const reads = t.server.deps.storage.reads
  const found = await reads.messages.byId(id)
  if (!found || found.unsentAtMs !== null) throw new AppError('MESSAGE_NOT_FOUND')
  const [visible] = await reads.messages.visibleTo(accountId, { sinceMs: 0, conversationId: found.conversationId, beforeId: (BigInt(id) + 1n).toString(), limit: 1 })
  if (visible?.id !== id) throw new AppError('MESSAGE_NOT_FOUND')
  return visible
}

/** The body of `events/new`: `{"event":{"type":"message_create","message_create":{…}}}`. */
function parseNewEvent(body: unknown, t: TwitterContext): { recipientId: string; send: SendMessageBody } {
  if (!isObject(body) || !isObject(body.event)) throw badRequest('event: is required.')
  const event = body.event
  if (event.type !== 'message_create') throw badRequest('event.type: must be "message_create".')
  const create = event.message_create
  if (!isObject(create) || !isObject(create.target)) throw badRequest('event.message_create.target: is required.')
  const recipientId = idField(create.target.recipient_id, 'event.message_create.target.recipient_id')
  const data = messageDataField(create.message_data, 'event.message_create.message_data', t.server.config.limits, t.server.config.limits.messageTextChars)
  const send: SendMessageBody = { text: data.text }
  if (data.quickReply) send.quickReply = data.quickReply
  if (data.buttons.length) send.buttons = data.buttons
  if (data.mediaId) send.attachmentMediaId = data.mediaId
  if (create.custom_profile_id !== undefined) send.customProfileId = idField(create.custom_profile_id, 'event.message_create.custom_profile_id')
  return { recipientId, send }
}

/** `recipient_id` of a url-encoded form (mark_read, indicate_typing). */
function formField(request: FastifyRequest, name: string): string {
  const body = request.body
  const value = isObject(body) ? body[name] : isObject(request.query) ? (request.query as Record<string, unknown>)[name] : undefined
  return idField(value, name)
}

async function presentOne(t: TwitterContext, request: FastifyRequest, record: MessageRecord) {
  const context = await loadPresentationContext(t.server.deps, [record], t.server.publicOrigin(request))
  const apps = await appsOf(t, [record])
  return { event: presentDmEventV1(record, context), ...(apps ? { apps } : {}) }
}

async function directWith(t: TwitterContext, actor: Actor, recipientId: string): Promise<string> {
  const id = await findDirect(t.server.deps.storage.reads, actor.accountId, recipientId)
  if (!id) throw new AppError('CONVERSATION_NOT_FOUND')
  return id
}

export function v1EventRoutes(t: TwitterContext, app: FastifyInstance): void {
  const w = t.limits.windows

  addTwitterRoute(app, 'dmEventsNew', async (request, reply) => {
    const user = await userFor(t, request, reply, 'dm.write', { name: 'events/new', rule: w.eventsNew })
    const { recipientId, send } = parseNewEvent(request.body, t)
    const record = await sendDm(t, reply, user, { recipientId }, send)
    return presentOne(t, request, record)
  })

  addTwitterRoute(app, 'dmEventsShow', async (request, reply) => {
    const user = await userFor(t, request, reply, 'dm.read', { name: 'events/show', rule: w.eventsShow })
    const record = await visibleMessage(t, user.actor.accountId, queryId(request.query))
    if (record.kind !== 'text') throw new AppError('MESSAGE_NOT_FOUND')
    return presentOne(t, request, record)
  })

  // Twitter deletes a DM for the caller only: the others keep it. So does "hide" here.
  addTwitterRoute(app, 'dmEventsDestroy', async (request, reply) => {
    const user = await userFor(t, request, reply, 'dm.write')
    const record = await visibleMessage(t, user.actor.accountId, queryId(request.query))
    await hideMessage(t.server.deps, user.actor, record.conversationId, record.id)
    return reply.code(204).send()
  })

  addTwitterRoute(app, 'dmEventsList', async (request, reply) => {
    const user = await userFor(t, request, reply, 'dm.read', { name: 'events/list', rule: w.eventsList })
    const count = countParam(request.query, LIST_DEFAULT, LIST_MAX)
    const cursor = cursorParam(request.query)
    const { deps } = t.server
    const rows = await deps.storage.reads.messages.visibleTo(user.actor.accountId, {
      sinceMs: deps.clock.now() - t.limits.historyMs, ...(cursor ? { beforeId: cursor } : {}), kind: 'text', directOnly: true, limit: count + 1,
    })
    const page = rows.slice(0, count)
    const shown = page.filter((m) => m.unsentAtMs === null)
    const context = await loadPresentationContext(deps, shown, t.server.publicOrigin(request))
    const apps = await appsOf(t, shown)
    const last = page.at(-1)
    return {
      events: shown.map((m) => presentDmEventV1(m, context)),
      ...(apps ? { apps } : {}),
      // Omitted on the last page: the library stops there.
      ...(rows.length > count && last ? { next_cursor: last.id } : {}),
    }
  })

  addTwitterRoute(app, 'dmMarkRead', async (request, reply) => {
    const user = await userFor(t, request, reply, 'dm.write', { name: 'mark_read', rule: w.markRead })
    const lastReadId = formField(request, 'last_read_event_id')
    const recipientId = formField(request, 'recipient_id')
    const conversationId = await directWith(t, user.actor, recipientId)
    const record = await visibleMessage(t, user.actor.accountId, lastReadId)
    if (record.conversationId !== conversationId) throw new AppError('MESSAGE_NOT_FOUND')
    await markRead(t.server.deps, user.actor, conversationId, record.seq)
    return reply.code(204).send()
  })

  addTwitterRoute(app, 'dmIndicateTyping', async (request, reply) => {
    const user = await userFor(t, request, reply, 'dm.write', { name: 'indicate_typing', rule: w.indicateTyping })
    const conversationId = await directWith(t, user.actor, formField(request, 'recipient_id'))
    try {
      await startTyping(t.server.deps, user.actor, conversationId, t.server.typing)
    } catch (error) {
      // Within the typing throttle the indicator is already showing: Twitter answers 204 all the same.
      if (!(error instanceof AppError && error.code === 'RATE_LIMITED')) throw error
    }
    return reply.code(204).send()
  })
}

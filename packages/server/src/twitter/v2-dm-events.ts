import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError, type SendMessageBody } from '@parloir/protocol'
import { createGroup, hideMessage, type Actor, type ConversationRecord, type MessageRecord } from '@parloir/core'
import { badRequest, TwitterCode, TwitterError } from './errors.ts'
import { idField, isObject, listParam, queryParam, v2InvalidParameter, type Json } from './input.ts'
import {
  dmConversationIdOf, dmEventFieldsV2, dmEventTypesV2, loadPresentationContext, mediaFieldsV2, presentDmEventV2, presentMediaV2,
  presentUserV2, userFieldsV2, type DMEventV2, type DmEventTypeV2, type MediaV2, type UserV2,
} from './presenters.ts'
import { findDirect, sendDm, userFor, type TwitterContext } from './routes.ts'
import { visibleMessage } from './v1-events.ts'
import { addTwitterRoute } from './add-twitter-route.ts'

/**
 * v2 DM endpoints: lookups (`/2/dm_events`, per participant, per conversation, one event) with
 * Twitter's fields, expansions and pagination, and the three sends, answered `201
 * {"data":{"dm_conversation_id","dm_event_id"}}`. User context only: app-only bearers are refused.
 */

const MAX_RESULTS = 100
const expansionsV2 = ['sender_id', 'participant_ids', 'attachments.media_keys', 'referenced_tweets.id'] as const
const TOKEN_PREFIX = 'dmev'

/** Opaque pagination tokens of at least 16 characters: the last event id of the page. */
const tokenOf = (id: string) => `${TOKEN_PREFIX}${id}`

function parseToken(query: unknown): string | undefined {
  const raw = queryParam(query, 'pagination_token')
  if (raw === undefined) return undefined
  if (raw.length < 16) throw v2InvalidParameter('pagination_token', raw, `The \`pagination_token\` query parameter value [${raw}] does not match ^[a-zA-Z0-9]{16,}$`)
  const id = raw.startsWith(TOKEN_PREFIX) ? raw.slice(TOKEN_PREFIX.length) : ''
  if (!/^[0-9]{1,20}$/.test(id)) throw v2InvalidParameter('pagination_token', raw, 'The `pagination_token` query parameter value is not one this server issued.')
  return id
}

function parseMaxResults(query: unknown): number {
  const raw = queryParam(query, 'max_results')
  if (raw === undefined) return MAX_RESULTS
  const n = /^[0-9]{1,4}$/.test(raw) ? Number(raw) : NaN
  if (!(n >= 1 && n <= MAX_RESULTS)) throw v2InvalidParameter('max_results', raw, `The \`max_results\` query parameter value [${raw}] is not between 1 and ${MAX_RESULTS}`)
  return n
}

interface LookupQuery {
  fields: Set<typeof dmEventFieldsV2[number]>
  types: Set<DmEventTypeV2>
  expansions: Set<typeof expansionsV2[number]>
  userFields: Set<typeof userFieldsV2[number]>
  mediaFields: Set<typeof mediaFieldsV2[number]>
  maxResults: number
  before: string | undefined
}

function parseLookup(query: unknown): LookupQuery {
  // tweet.fields is accepted and ignored: DMs here never reference tweets.
  queryParam(query, 'tweet.fields')
  return {
    fields: listParam(query, 'dm_event.fields', dmEventFieldsV2),
    types: listParam(query, 'event_types', dmEventTypesV2),
    expansions: listParam(query, 'expansions', expansionsV2),
    userFields: listParam(query, 'user.fields', userFieldsV2),
    mediaFields: listParam(query, 'media.fields', mediaFieldsV2),
    maxResults: parseMaxResults(query),
    before: parseToken(query),
  }
}

/** A page of events of the account, newest first, of the types asked for, with includes and meta. */
async function lookup(t: TwitterContext, request: FastifyRequest, actor: Actor, conversationId: string | null) {
  const q = parseLookup(request.query)
  const { deps } = t.server
  const origin = t.server.publicOrigin(request)
  const sinceMs = deps.clock.now() - t.limits.historyMs
  const page: Array<{ record: MessageRecord; event: DMEventV2 }> = []
  let before = q.before
  let more = false
  const fields = new Set([...q.fields, ...fieldsForExpansions(q)])
  const limit = q.maxResults + 1
  // Renames and unsent messages have no v2 event: read on until the page is full (a few rounds at most).
  for (let round = 0; conversationId !== ''; round++) {
    if (round === 5) { more = true; break }
    const rows = await deps.storage.reads.messages.visibleTo(actor.accountId, {
      sinceMs, limit, ...(before ? { beforeId: before } : {}), ...(conversationId ? { conversationId } : {}),
    })
    const context = await loadPresentationContext(deps, rows, origin)
    let i = 0
    for (; i < rows.length && page.length < q.maxResults; i++) {
      const record = rows[i] as MessageRecord
      before = record.id
      if (record.unsentAtMs !== null) continue
      const event = presentDmEventV2(record, context, fields)
      if (!event || (q.types.size && !q.types.has(event.event_type))) continue
      page.push({ record, event: stripUnasked(event, q) })
    }
    if (page.length === q.maxResults) { more = i < rows.length || rows.length === limit; break }
    if (rows.length < limit) break
  }
  const includes = await includesOf(t, page.map((p) => p.record), page.map((p) => p.event), q, origin)
  const last = page.at(-1)
  return {
    ...(page.length ? { data: page.map((p) => p.event) } : {}),
    ...(includes ? { includes } : {}),
    meta: { result_count: page.length, ...(more && last ? { next_token: tokenOf(last.record.id) } : {}) },
  }
}

/** Expansions need the ids they expand, asked for or not; those not asked for are removed after. */
function fieldsForExpansions(q: LookupQuery): Array<typeof dmEventFieldsV2[number]> {
  const extra: Array<typeof dmEventFieldsV2[number]> = []
  if (q.expansions.has('sender_id')) extra.push('sender_id')
  if (q.expansions.has('attachments.media_keys')) extra.push('attachments')
  return extra
}

function stripUnasked(event: DMEventV2, q: LookupQuery): DMEventV2 {
  if (!q.fields.has('sender_id') && !q.expansions.has('sender_id')) delete event.sender_id
  return event
}

async function includesOf(t: TwitterContext, records: MessageRecord[], events: DMEventV2[], q: LookupQuery, origin: string) {
  const includes: { users?: UserV2[]; media?: MediaV2[] } = {}
  const userIds = new Set<string>()
  if (q.expansions.has('sender_id')) for (const e of events) if (e.sender_id) userIds.add(e.sender_id)
  if (q.expansions.has('participant_ids')) for (const e of events) for (const id of e.participant_ids ?? []) userIds.add(id)
  if (userIds.size) {
    const accounts = await t.server.deps.storage.reads.accounts.byIds([...userIds])
    includes.users = accounts.map((a) => presentUserV2(a, origin, q.userFields))
  }
  if (q.expansions.has('attachments.media_keys')) {
    const ids = records.flatMap((r) => (r.attachmentMediaId ? [{ mediaId: r.attachmentMediaId, eventId: r.id }] : []))
    if (ids.length) {
      const media = await t.server.deps.storage.reads.media.byIds(ids.map((i) => i.mediaId))
      const out = ids.flatMap(({ mediaId, eventId }) => {
        const found = media.find((m) => m.id === mediaId)
        const presented = found ? presentMediaV2(found, eventId, origin, q.mediaFields) : null
        return presented ? [presented] : []
      })
      if (out.length) includes.media = out
    }
  }
  return includes.users || includes.media ? includes : null
}

/** A conversation named the v2 way: `{a}-{b}` for a 1:1 the caller is in, else a group's id. */
async function conversationNamed(t: TwitterContext, actor: Actor, name: string): Promise<ConversationRecord> {
  const reads = t.server.deps.storage.reads
  const pair = /^([0-9]{1,20})-([0-9]{1,20})$/.exec(name)
  let conversation: ConversationRecord | undefined
  if (pair) {
    const [, a = '', b = ''] = pair
    if (a !== actor.accountId && b !== actor.accountId) throw new AppError('CONVERSATION_NOT_FOUND')
    const id = await findDirect(reads, a, b)
    conversation = id ? await reads.conversations.byId(id) : undefined
  } else if (/^[0-9]{1,20}$/.test(name)) {
    conversation = await reads.conversations.byId(name)
  }
  if (!conversation || !(await reads.participants.get(conversation.id, actor.accountId))) throw new AppError('CONVERSATION_NOT_FOUND')
  return conversation
}

/** `{text?, attachments?: [{media_id}]}`: at least one, text non-empty, one media at most. */
function parseMessage(value: unknown, path: string, maxText: number): SendMessageBody {
  if (!isObject(value)) throw badRequest(`${path}: must be an object.`)
  for (const key of Object.keys(value)) if (key !== 'text' && key !== 'attachments') throw badRequest(`${path}.${key}: is not a field Parloir knows.`)
  const send: SendMessageBody = {}
  if (value.text !== undefined) {
    if (typeof value.text !== 'string' || value.text.length === 0) throw badRequest(`${path}.text: must be a non-empty string.`)
    if ([...value.text].length > maxText) throw new TwitterError(400, TwitterCode.textTooLong, `The text of your direct message is over the max character limit (${maxText}).`)
    send.text = value.text
  }
  if (value.attachments !== undefined) {
    if (!Array.isArray(value.attachments) || value.attachments.length !== 1) throw badRequest(`${path}.attachments: must hold exactly one media.`)
    const [first] = value.attachments as unknown[]
    send.attachmentMediaId = idField(isObject(first) ? first.media_id : undefined, `${path}.attachments[0].media_id`)
  }
  if (send.text === undefined && send.attachmentMediaId === undefined) throw badRequest(`${path}: text or attachments is required.`)
  return send
}

function created(conversation: ConversationRecord, record: MessageRecord) {
  return { data: { dm_conversation_id: dmConversationIdOf(conversation), dm_event_id: record.id } }
}

export function v2DmRoutes(t: TwitterContext, app: FastifyInstance): void {
  const w = t.limits.windows
  const lookupWindow = { name: 'v2/lookup', rule: w.v2Lookup }
  const manageWindow = { name: 'v2/manage', rule: w.v2Manage }
  const maxText = t.server.config.limits.messageTextChars

  addTwitterRoute(app, 'dmEventsV2List', async (request, reply) => {
    const { actor } = await userFor(t, request, reply, 'dm.read', lookupWindow)
    return lookup(t, request, actor, null)
  })

  addTwitterRoute(app, 'dmEventsV2WithParticipant', async (request, reply) => {
    const { actor } = await userFor(t, request, reply, 'dm.read', lookupWindow)
    const participantId = idField(request.params.participant_id, 'participant_id')
    // No conversation yet: an empty page, as for someone one never wrote to.
    const id = await findDirect(t.server.deps.storage.reads, actor.accountId, participantId)
    return lookup(t, request, actor, id ?? '')
  })

  addTwitterRoute(app, 'dmEventsV2OfConversation', async (request, reply) => {
    const { actor } = await userFor(t, request, reply, 'dm.read', lookupWindow)
    const conversation = await conversationNamed(t, actor, request.params.id)
    return lookup(t, request, actor, conversation.id)
  })

  addTwitterRoute(app, 'dmEventV2Show', async (request, reply) => {
    const { actor } = await userFor(t, request, reply, 'dm.read', lookupWindow)
    const q = parseLookup(request.query)
    const record = await visibleMessage(t, actor.accountId, idField(request.params.id, 'id'))
    const origin = t.server.publicOrigin(request)
    const context = await loadPresentationContext(t.server.deps, [record], origin)
    const event = presentDmEventV2(record, context, new Set([...q.fields, ...fieldsForExpansions(q)]))
    if (!event) throw new AppError('MESSAGE_NOT_FOUND')
    const shown = stripUnasked(event, q)
    const includes = await includesOf(t, [record], [shown], q, origin)
    return { data: shown, ...(includes ? { includes } : {}) }
  })

  addTwitterRoute(app, 'dmEventV2Delete', async (request, reply) => {
    const { actor } = await userFor(t, request, reply, 'dm.write', { name: 'v2/delete', rule: w.v2Delete })
    const record = await visibleMessage(t, actor.accountId, idField(request.params.id, 'id'))
    await hideMessage(t.server.deps, actor, record.conversationId, record.id)
    return { data: { deleted: true } }
  })

  addTwitterRoute(app, 'dmV2SendToParticipant', async (request, reply) => {
    const user = await userFor(t, request, reply, 'dm.write', manageWindow)
    const participantId = idField(request.params.participant_id, 'participant_id')
    const send = parseMessage(request.body, 'body', maxText)
    const record = await sendDm(t, reply, user, { recipientId: participantId }, send)
    const conversation = await t.server.deps.storage.reads.conversations.byId(record.conversationId)
    if (!conversation) throw new AppError('CONVERSATION_NOT_FOUND')
    return reply.code(201).send(created(conversation, record))
  })

  addTwitterRoute(app, 'dmV2SendInConversation', async (request, reply) => {
    const user = await userFor(t, request, reply, 'dm.write', manageWindow)
    const conversation = await conversationNamed(t, user.actor, request.params.id)
    const send = parseMessage(request.body, 'body', maxText)
    const record = await sendDm(t, reply, user, { conversationId: conversation.id }, send)
    return reply.code(201).send(created(conversation, record))
  })

  addTwitterRoute(app, 'dmV2CreateConversation', async (request, reply) => {
    const user = await userFor(t, request, reply, 'dm.write', manageWindow)
    const body = request.body
    if (!isObject(body)) throw badRequest('body: must be an object.')
    if (body.conversation_type !== 'Group') throw badRequest('conversation_type: must be "Group".')
    const ids = body.participant_ids
    if (!Array.isArray(ids) || ids.length < 2) throw badRequest('participant_ids: must list at least two participants.')
    const participantIds = ids.map((id: unknown, i) => idField(id, `participant_ids[${i}]`))
    const send = parseMessage((body as Json).message, 'message', maxText)
    const group = await createGroup(t.server.deps, user.actor, { accountIds: participantIds })
    const record = await sendDm(t, reply, user, { conversationId: group.id }, send)
    const conversation = await t.server.deps.storage.reads.conversations.byId(group.id)
    if (!conversation) throw new AppError('CONVERSATION_NOT_FOUND')
    return reply.code(201).send(created(conversation, record))
  })
}

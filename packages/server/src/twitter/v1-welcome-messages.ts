import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, type WelcomeMessageInput } from '@parloir/protocol'
import {
  createWelcomeMessage, deleteWelcomeMessage, listWelcomeMessages, requireWelcomeMessage, updateWelcomeMessage, codePointLength,
  type Actor, type WelcomeMessageRecord,
} from '@parloir/core'
import { badRequest, TwitterError, TwitterCode } from './errors.ts'
import { countParam, cursorParam, idField, isObject, messageDataField, queryId, type MessageData } from './input.ts'
import { presentWelcomeMessageV1 } from './presenters.ts'
import { userFor, type TwitterContext } from './routes.ts'
import { addTwitterRoute } from './add-twitter-route.ts'

/**
 * v1.1 welcome messages and their rules, mapped onto the brand's welcome messages. Twitter has
 * one rule at a time; here the rule is the brand's default welcome message (the one a new
 * conversation shows), and its id is the welcome message's. So `setWelcomeDm` (list rules,
 * delete each rule and its message, create a rule) works unchanged.
 */

/** Twitter's limit on the text of a welcome message (10,000 minus room for the name). */
const WELCOME_TEXT_MAX = 9_990
const NAME_MAX = 100
const NAME_PATTERN = /^[\p{L}\p{N}_\- #@]*$/u

/** The brand the caller acts as; a person has no welcome messages. */
async function brandOf(t: TwitterContext, request: FastifyRequest, reply: FastifyReply, scope: 'dm.read' | 'dm.write'): Promise<{ actor: Actor; brandId: string }> {
  const { actor } = await userFor(t, request, reply, scope)
  const account = await t.server.deps.storage.reads.accounts.byId(actor.accountId)
  if (account?.kind !== 'brand') throw new AppError('NOT_A_BRAND')
  return { actor, brandId: account.id }
}

function nameField(value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw badRequest('welcome_message.name: must be a string.')
  if (codePointLength(value) > NAME_MAX) throw badRequest(`welcome_message.name: must be at most ${NAME_MAX} characters.`)
  if (!NAME_PATTERN.test(value)) throw badRequest('welcome_message.name: only letters, digits, -, _, space, # and @.')
  return value
}

function toInput(data: MessageData): Omit<WelcomeMessageInput, 'name'> {
  return { text: data.text, quickReply: data.quickReply, buttons: data.buttons, mediaId: data.mediaId }
}

async function present(t: TwitterContext, request: FastifyRequest, record: WelcomeMessageRecord) {
  const media = record.mediaId ? await t.server.deps.storage.reads.media.byId(record.mediaId) : undefined
  return presentWelcomeMessageV1(record, media, t.server.publicOrigin(request))
}

async function requireRecord(t: TwitterContext, brandId: string, id: string): Promise<WelcomeMessageRecord> {
  return requireWelcomeMessage(t.server.deps, brandId, id)
}

/** The brand's one rule: its default welcome message, if any. */
async function ruleOf(t: TwitterContext, brandId: string) {
  const settings = await t.server.deps.storage.reads.brandMessaging.forBrand(brandId)
  const welcomeId = settings?.defaultWelcomeMessageId
  if (!welcomeId) return null
  return { id: welcomeId, created_timestamp: String(settings.updatedAtMs), welcome_message_id: welcomeId }
}

export function v1WelcomeMessageRoutes(t: TwitterContext, app: FastifyInstance): void {
  const { deps } = t.server
  const limits = t.server.config.limits

  addTwitterRoute(app, 'welcomeMessagesNew', async (request, reply) => {
    const { actor, brandId } = await brandOf(t, request, reply, 'dm.write')
    const body = request.body
    if (!isObject(body) || !isObject(body.welcome_message)) throw badRequest('welcome_message: is required.')
    const name = nameField(body.welcome_message.name)
    const data = messageDataField(body.welcome_message.message_data, 'welcome_message.message_data', limits, WELCOME_TEXT_MAX)
    const created = await createWelcomeMessage(deps, actor, brandId, {
      // A name is optional on Twitter and required here (the console lists them by name).
      name: name || (data.text.slice(0, 40).trim() || 'Welcome message'),
      ...toInput(data),
    })
    const welcome = await present(t, request, await requireRecord(t, brandId, created.id))
    return { welcome_message: welcome, ...(welcome.name ? { name: welcome.name } : {}) }
  })

  addTwitterRoute(app, 'welcomeMessagesShow', async (request, reply) => {
    const { brandId } = await brandOf(t, request, reply, 'dm.read')
    const welcome = await present(t, request, await requireRecord(t, brandId, queryId(request.query)))
    return { welcome_message: welcome, ...(welcome.name ? { name: welcome.name } : {}) }
  })

  // Twitter replaces the whole message_data: what the update leaves out is removed.
  addTwitterRoute(app, 'welcomeMessagesUpdate', async (request, reply) => {
    const { actor, brandId } = await brandOf(t, request, reply, 'dm.write')
    const id = queryId(request.query)
    const body = request.body
    if (!isObject(body)) throw badRequest('message_data: is required.')
    const data = messageDataField(body.message_data, 'message_data', limits, WELCOME_TEXT_MAX)
    await updateWelcomeMessage(deps, actor, brandId, id, toInput(data))
    const welcome = await present(t, request, await requireRecord(t, brandId, id))
    return { welcome_message: welcome, ...(welcome.name ? { name: welcome.name } : {}) }
  })

  addTwitterRoute(app, 'welcomeMessagesDestroy', async (request, reply) => {
    const { actor, brandId } = await brandOf(t, request, reply, 'dm.write')
    await deleteWelcomeMessage(deps, actor, brandId, queryId(request.query))
    return reply.code(204).send()
  })

  // Newest first, `count` clamped to 50, cursor = the last id of the page.
  addTwitterRoute(app, 'welcomeMessagesList', async (request, reply) => {
    const { actor, brandId } = await brandOf(t, request, reply, 'dm.read')
    const count = countParam(request.query, 20, 50)
    const cursor = cursorParam(request.query)
    await listWelcomeMessages(deps, actor, brandId)
    const all = (await deps.storage.reads.welcomeMessages.forBrand(brandId)).sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    const after = cursor ? all.filter((w) => w.id < cursor) : all
    const page = after.slice(0, count)
    const last = page.at(-1)
    return {
      welcome_messages: await Promise.all(page.map((w) => present(t, request, w))),
      ...(after.length > count && last ? { next_cursor: last.id } : {}),
    }
  })

  addTwitterRoute(app, 'welcomeMessageRulesNew', async (request, reply) => {
    const { actor, brandId } = await brandOf(t, request, reply, 'dm.write')
    const body = request.body
    if (!isObject(body) || !isObject(body.welcome_message_rule)) throw badRequest('welcome_message_rule: is required.')
    const welcomeId = idField(body.welcome_message_rule.welcome_message_id, 'welcome_message_rule.welcome_message_id')
    await updateWelcomeMessage(deps, actor, brandId, welcomeId, { isDefault: true })
    const rule = await ruleOf(t, brandId)
    if (!rule) throw new AppError('WELCOME_MESSAGE_NOT_FOUND')
    return { welcome_message_rule: rule }
  })

  addTwitterRoute(app, 'welcomeMessageRulesShow', async (request, reply) => {
    const { brandId } = await brandOf(t, request, reply, 'dm.read')
    const id = queryId(request.query)
    const rule = await ruleOf(t, brandId)
    if (rule?.id !== id) throw new TwitterError(404, TwitterCode.pageDoesNotExist, 'Sorry, that page does not exist.')
    return { welcome_message_rule: rule }
  })

  addTwitterRoute(app, 'welcomeMessageRulesDestroy', async (request, reply) => {
    const { actor, brandId } = await brandOf(t, request, reply, 'dm.write')
    const id = queryId(request.query)
    const rule = await ruleOf(t, brandId)
    if (rule?.id !== id) throw new TwitterError(404, TwitterCode.pageDoesNotExist, 'Sorry, that page does not exist.')
    await updateWelcomeMessage(deps, actor, brandId, rule.welcome_message_id, { isDefault: false })
    return reply.code(204).send()
  })

  // A plain object (not a paginator): the array is left out when there is no rule, as on Twitter.
  addTwitterRoute(app, 'welcomeMessageRulesList', async (request, reply) => {
    const { brandId } = await brandOf(t, request, reply, 'dm.read')
    countParam(request.query, 20, 50)
    cursorParam(request.query)
    const rule = await ruleOf(t, brandId)
    return rule ? { welcome_message_rules: [rule] } : {}
  })
}

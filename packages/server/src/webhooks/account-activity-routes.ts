import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, webhookLimits } from '@parloir/protocol'
import * as core from '@parloir/core'
import type { AppRecord, CoreDeps, WebhookRecord } from '@parloir/core'
import type { TwitterAuthenticate, TwitterCaller } from '../twitter/caller.ts'
import { requireUserContext } from '../twitter/caller.ts'
import { TwitterCode, TwitterError, useTwitterErrors, versionOf } from '../twitter/errors.ts'
import type { OutboundGuard } from './outbound.ts'
import { registerAccountActivityWebhook } from './account-activity.ts'
import { addTwitterRoute } from '../twitter/add-twitter-route.ts'
import { isObject } from '../twitter/input.ts'
import type { WebhookWorker } from './worker.ts'

/**
 * Account Activity webhook management under Twitter's paths (v1.1 premium/enterprise "all"
 * product, and the v2 `/2/webhooks` + `/2/account_activity` ones), answering in Twitter's shapes
 * and errors. Registration and `PUT` run a CRC; subscriptions are made with a user-context token
 * of the account (the app acts for it), listed and removed with the app's own credentials.
 *
 * Paths: the `aaV1*`, `webhooksV2*` and `aaV2*` routes of protocol's twitter-routes.ts (kept in step with
 * docs/api/twitter-compatibility.md).
 */

interface Ctx { deps: CoreDeps; guard: OutboundGuard; worker: WebhookWorker; authenticate: TwitterAuthenticate }

const twitterTime = (ms: number) => {
  // "2016-06-02 23:54:02 +0000", as v1.1 shows created_timestamp of webhooks.
  const iso = new Date(ms).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000`
}
const webhookV1 = (w: WebhookRecord) => ({ id: w.id, url: w.url, valid: w.valid, created_timestamp: twitterTime(w.createdAtMs) })
const webhookV2 = (w: WebhookRecord) => ({ id: w.id, url: w.url, valid: w.valid, created_at: new Date(w.createdAtMs).toISOString() })

const envPattern = /^[A-Za-z0-9_-]{1,64}$/
const idPattern = /^[0-9]{1,20}$/

function notFound(what: string): TwitterError {
  return new TwitterError(404, TwitterCode.pageDoesNotExist, `${what} does not exist.`)
}

export function accountActivityRoutes(scope: FastifyInstance, ctx: Ctx): void {
  const { deps } = ctx
  useTwitterErrors(scope)

  async function appOf(request: FastifyRequest, reply: FastifyReply): Promise<{ caller: TwitterCaller; app: AppRecord }> {
    const caller = await ctx.authenticate(request, reply)
    const app = await deps.storage.reads.apps.byId(caller.appId)
    if (!app || app.revokedAtMs !== null) throw new AppError('APP_TOKEN_INVALID')
    return { caller, app }
  }
  const env = (raw: string) => {
    if (!envPattern.test(raw)) throw notFound('This environment')
    return raw
  }
  async function webhookOf(app: AppRecord, id: string, envName?: string): Promise<WebhookRecord> {
    if (!idPattern.test(id)) throw notFound('This webhook')
    const webhook = await deps.storage.reads.webhooks.byId(id)
    if (!webhook || webhook.appId !== app.id || webhook.kind !== 'account_activity' || (envName !== undefined && webhook.envName !== envName)) throw notFound('This webhook')
    return webhook
  }
  async function register(app: AppRecord, caller: TwitterCaller, envName: string | null, url: unknown): Promise<WebhookRecord> {
    if (typeof url !== 'string' || url === '') throw new TwitterError(400, TwitterCode.missingParameter, 'url parameter is missing.')
    try {
      return await registerAccountActivityWebhook(ctx, app, { envName, url, createdBy: caller.actor?.userId ?? app.ownerAccountId })
    } catch (error) {
      if (error instanceof AppError && error.code === 'WEBHOOK_CRC_FAILED') throw new TwitterError(400, TwitterCode.badRequest, `Webhook URL does not meet the requirements: the CRC failed (${String(error.details?.reason)}). Answer GET ?crc_token= with {"response_token":"sha256=…"} within 3 seconds.`)
      if (error instanceof AppError && error.code === 'WEBHOOK_URL_REFUSED') throw new TwitterError(400, TwitterCode.badRequest, `Webhook URL does not meet the requirements: it must be an http(s) URL on a public address (${String(error.details?.reason)}).`)
      if (error instanceof AppError && error.code === 'COLLECTION_FULL') throw new TwitterError(403, TwitterCode.badRequest, 'Too many resources already created.')
      throw error
    }
  }
  async function recheck(webhook: WebhookRecord): Promise<boolean> {
    const { outcome } = await ctx.worker.recheck(webhook)
    return outcome.ok
  }
  const countOf = async (app: AppRecord) => {
    let n = 0
    for (const w of await deps.storage.reads.webhooks.ofApp(app.id)) if (w.kind === 'account_activity') n += (await deps.storage.reads.webhooks.subscriptions(w.id)).length
    return n
  }
  const userOf = (caller: TwitterCaller, request: FastifyRequest) => requireUserContext(caller, versionOf(request.url), 'dm.read').actor

  // ── v1.1 ──

  addTwitterRoute(scope, 'aaV1CreateWebhook', async (request, reply) => {
    const { caller, app } = await appOf(request, reply)
    const url = (isObject(request.query) ? request.query.url : undefined) ?? (isObject(request.body) ? request.body.url : undefined)
    return webhookV1(await register(app, caller, env(request.params.env), url))
  })
  addTwitterRoute(scope, 'aaV1EnvWebhooks', async (request, reply) => {
    const { app } = await appOf(request, reply)
    const envName = env(request.params.env)
    return (await deps.storage.reads.webhooks.ofApp(app.id)).filter((w) => w.kind === 'account_activity' && w.envName === envName).map(webhookV1)
  })
  addTwitterRoute(scope, 'aaV1AllWebhooks', async (request, reply) => {
    const { app } = await appOf(request, reply)
    const byEnv = new Map<string, WebhookRecord[]>()
    for (const w of await deps.storage.reads.webhooks.ofApp(app.id)) {
      if (w.kind === 'account_activity' && w.envName) byEnv.set(w.envName, [...(byEnv.get(w.envName) ?? []), w])
    }
    return { environments: [...byEnv].map(([name, hooks]) => ({ environment_name: name, webhooks: hooks.map(webhookV1) })) }
  })
  addTwitterRoute(scope, 'aaV1RecheckWebhook', async (request, reply) => {
    const { app } = await appOf(request, reply)
    const webhook = await webhookOf(app, request.params.webhookId, env(request.params.env))
    if (!(await recheck(webhook))) throw new TwitterError(400, TwitterCode.badRequest, 'Webhook URL does not meet the requirements: the CRC failed.')
    return reply.code(204).send()
  })
  addTwitterRoute(scope, 'aaV1DeleteWebhook', async (request, reply) => {
    const { app } = await appOf(request, reply)
    await core.deleteWebhook(deps, await webhookOf(app, request.params.webhookId, env(request.params.env)))
    return reply.code(204).send()
  })
  /** The environment's webhook (v1.1 subscriptions name the environment, not the webhook). */
  async function envWebhook(app: AppRecord, envName: string): Promise<WebhookRecord> {
    const webhook = (await deps.storage.reads.webhooks.ofApp(app.id)).find((w) => w.kind === 'account_activity' && w.envName === envName)
    if (!webhook) throw notFound('This environment\'s webhook')
    return webhook
  }
  addTwitterRoute(scope, 'aaV1Subscribe', async (request, reply) => {
    const { caller, app } = await appOf(request, reply)
    const actor = userOf(caller, request)
    await core.subscribeAccount(deps, await envWebhook(app, env(request.params.env)), actor.accountId, actor.userId)
    return reply.code(204).send()
  })
  addTwitterRoute(scope, 'aaV1CheckSubscription', async (request, reply) => {
    const { caller, app } = await appOf(request, reply)
    const actor = userOf(caller, request)
    const subscriptions = await deps.storage.reads.webhooks.subscriptions((await envWebhook(app, env(request.params.env))).id)
    if (!subscriptions.some((s) => s.accountId === actor.accountId)) throw notFound('This subscription')
    return reply.code(204).send()
  })
  addTwitterRoute(scope, 'aaV1Unsubscribe', async (request, reply) => {
    const { caller, app } = await appOf(request, reply)
    const actor = userOf(caller, request)
    await core.unsubscribeAccount(deps, await envWebhook(app, env(request.params.env)), actor.accountId)
    return reply.code(204).send()
  })
  addTwitterRoute(scope, 'aaV1ListSubscriptions', async (request, reply) => {
    const { app } = await appOf(request, reply)
    const envName = env(request.params.env)
    const subscriptions = await deps.storage.reads.webhooks.subscriptions((await envWebhook(app, envName)).id)
    return { environment: envName, application_id: app.id, subscriptions: subscriptions.map((s) => ({ user_id: s.accountId })) }
  })
  addTwitterRoute(scope, 'aaV1DeleteSubscription', async (request, reply) => {
    const { app } = await appOf(request, reply)
    if (!idPattern.test(request.params.userId)) throw notFound('This subscription')
    if (!(await core.unsubscribeAccount(deps, await envWebhook(app, env(request.params.env)), request.params.userId))) throw notFound('This subscription')
    return reply.code(204).send()
  })
  addTwitterRoute(scope, 'aaV1CountSubscriptions', async (request, reply) => {
    const { app } = await appOf(request, reply)
    const n = String(await countOf(app))
    return { account_name: app.name, subscriptions_count_all: n, subscriptions_count_direct_messages: n }
  })

  // ── v2 ──
  addTwitterRoute(scope, 'webhooksV2Create', async (request, reply) => {
    const { caller, app } = await appOf(request, reply)
    return { data: webhookV2(await register(app, caller, null, isObject(request.body) ? request.body.url : undefined)) }
  })
  addTwitterRoute(scope, 'webhooksV2List', async (request, reply) => {
    const { app } = await appOf(request, reply)
    const hooks = (await deps.storage.reads.webhooks.ofApp(app.id)).filter((w) => w.kind === 'account_activity')
    return { data: hooks.map(webhookV2), meta: { result_count: hooks.length } }
  })
  addTwitterRoute(scope, 'webhooksV2Recheck', async (request, reply) => {
    const { app } = await appOf(request, reply)
    const webhook = await webhookOf(app, request.params.webhookId)
    if (!(await recheck(webhook))) throw new TwitterError(400, TwitterCode.badRequest, 'CrcValidationFailed')
    return { data: { valid: true } }
  })
  addTwitterRoute(scope, 'webhooksV2Delete', async (request, reply) => {
    const { app } = await appOf(request, reply)
    await core.deleteWebhook(deps, await webhookOf(app, request.params.webhookId))
    return { data: { deleted: true } }
  })
  addTwitterRoute(scope, 'aaV2Subscribe', async (request, reply) => {
    const { caller, app } = await appOf(request, reply)
    const actor = userOf(caller, request)
    await core.subscribeAccount(deps, await webhookOf(app, request.params.webhookId), actor.accountId, actor.userId)
    return { data: { subscribed: true } }
  })
  addTwitterRoute(scope, 'aaV2CheckSubscription', async (request, reply) => {
    const { caller, app } = await appOf(request, reply)
    const actor = userOf(caller, request)
    const subscriptions = await deps.storage.reads.webhooks.subscriptions((await webhookOf(app, request.params.webhookId)).id)
    return { data: { subscribed: subscriptions.some((s) => s.accountId === actor.accountId) } }
  })
  addTwitterRoute(scope, 'aaV2ListSubscriptions', async (request, reply) => {
    const { app } = await appOf(request, reply)
    const webhook = await webhookOf(app, request.params.webhookId)
    const subscriptions = await deps.storage.reads.webhooks.subscriptions(webhook.id)
    return { data: { application_id: app.id, webhook_id: webhook.id, webhook_url: webhook.url, subscriptions: subscriptions.map((s) => ({ user_id: s.accountId })) } }
  })
  addTwitterRoute(scope, 'aaV2DeleteSubscription', async (request, reply) => {
    const { app } = await appOf(request, reply)
    if (!idPattern.test(request.params.userId)) throw notFound('This subscription')
    await core.unsubscribeAccount(deps, await webhookOf(app, request.params.webhookId), request.params.userId)
    return { data: { subscribed: false } }
  })
  addTwitterRoute(scope, 'aaV2CountSubscriptions', async (request, reply) => {
    const { app } = await appOf(request, reply)
    const n = await countOf(app)
    return { data: { account_name: app.name, provisioned_count: String(webhookLimits.perOwner), subscriptions_count_all: String(n), subscriptions_count_direct_messages: String(n) } }
  })
}

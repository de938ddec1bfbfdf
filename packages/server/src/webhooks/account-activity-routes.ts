import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, webhookLimits } from '@parloir/protocol'
import * as core from '@parloir/core'
import type { AppRecord, CoreDeps, WebhookRecord } from '@parloir/core'
import type { TwitterAuthenticate, TwitterCaller } from '../twitter/caller.ts'
import { requireUserContext } from '../twitter/caller.ts'
import { TwitterCode, TwitterError, useTwitterErrors, versionOf } from '../twitter/errors.ts'
import type { OutboundGuard } from './outbound.ts'
import { registerAccountActivityWebhook } from './account-activity.ts'
import type { WebhookWorker } from './worker.ts'

/**
 * Account Activity webhook management under Twitter's paths (v1.1 premium/enterprise "all"
 * product, and the v2 `/2/webhooks` + `/2/account_activity` ones), answering in Twitter's shapes
 * and errors. Registration and `PUT` run a CRC; subscriptions are made with a user-context token
 * of the account (the app acts for it), listed and removed with the app's own credentials.
 *
 * Paths (kept in step with docs/api/twitter-compatibility.md):
 *   POST   /1.1/account_activity/all/:env/webhooks.json?url=
 *   GET    /1.1/account_activity/all/:env/webhooks.json
 *   GET    /1.1/account_activity/all/webhooks.json
 *   PUT    /1.1/account_activity/all/:env/webhooks/:webhook_id.json
 *   DELETE /1.1/account_activity/all/:env/webhooks/:webhook_id.json
 *   POST   /1.1/account_activity/all/:env/subscriptions.json
 *   GET    /1.1/account_activity/all/:env/subscriptions.json
 *   DELETE /1.1/account_activity/all/:env/subscriptions.json
 *   GET    /1.1/account_activity/all/:env/subscriptions/list.json
 *   DELETE /1.1/account_activity/all/:env/subscriptions/:user_id.json
 *   GET    /1.1/account_activity/all/subscriptions/count.json
 *   POST   /2/webhooks                      GET /2/webhooks
 *   PUT    /2/webhooks/:webhook_id          DELETE /2/webhooks/:webhook_id
 *   POST   /2/account_activity/webhooks/:webhook_id/subscriptions/all
 *   GET    /2/account_activity/webhooks/:webhook_id/subscriptions/all
 *   GET    /2/account_activity/webhooks/:webhook_id/subscriptions/all/list
 *   DELETE /2/account_activity/webhooks/:webhook_id/subscriptions/:user_id/all
 *   GET    /2/account_activity/subscriptions/count
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
  type Env = { Params: { env: string } }
  type EnvHook = { Params: { env: string; webhookId: string } }
  const v1 = '/1.1/account_activity/all'

  scope.post<Env & { Querystring: { url?: string } }>(`${v1}/:env/webhooks.json`, async (request, reply) => {
    const { caller, app } = await appOf(request, reply)
    const body = request.body as { url?: unknown } | undefined
    return webhookV1(await register(app, caller, env(request.params.env), request.query.url ?? body?.url))
  })
  scope.get<Env>(`${v1}/:env/webhooks.json`, async (request, reply) => {
    const { app } = await appOf(request, reply)
    const envName = env(request.params.env)
    return (await deps.storage.reads.webhooks.ofApp(app.id)).filter((w) => w.kind === 'account_activity' && w.envName === envName).map(webhookV1)
  })
  scope.get(`${v1}/webhooks.json`, async (request, reply) => {
    const { app } = await appOf(request, reply)
    const byEnv = new Map<string, WebhookRecord[]>()
    for (const w of await deps.storage.reads.webhooks.ofApp(app.id)) {
      if (w.kind === 'account_activity' && w.envName) byEnv.set(w.envName, [...(byEnv.get(w.envName) ?? []), w])
    }
    return { environments: [...byEnv].map(([name, hooks]) => ({ environment_name: name, webhooks: hooks.map(webhookV1) })) }
  })
  scope.put<EnvHook>(`${v1}/:env/webhooks/:webhookId.json`, async (request, reply) => {
    const { app } = await appOf(request, reply)
    const webhook = await webhookOf(app, request.params.webhookId, env(request.params.env))
    if (!(await recheck(webhook))) throw new TwitterError(400, TwitterCode.badRequest, 'Webhook URL does not meet the requirements: the CRC failed.')
    return reply.code(204).send()
  })
  scope.delete<EnvHook>(`${v1}/:env/webhooks/:webhookId.json`, async (request, reply) => {
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
  scope.post<Env>(`${v1}/:env/subscriptions.json`, async (request, reply) => {
    const { caller, app } = await appOf(request, reply)
    const actor = userOf(caller, request)
    await core.subscribeAccount(deps, await envWebhook(app, env(request.params.env)), actor.accountId, actor.userId)
    return reply.code(204).send()
  })
  scope.get<Env>(`${v1}/:env/subscriptions.json`, async (request, reply) => {
    const { caller, app } = await appOf(request, reply)
    const actor = userOf(caller, request)
    const subscriptions = await deps.storage.reads.webhooks.subscriptions((await envWebhook(app, env(request.params.env))).id)
    if (!subscriptions.some((s) => s.accountId === actor.accountId)) throw notFound('This subscription')
    return reply.code(204).send()
  })
  scope.delete<Env>(`${v1}/:env/subscriptions.json`, async (request, reply) => {
    const { caller, app } = await appOf(request, reply)
    const actor = userOf(caller, request)
    await core.unsubscribeAccount(deps, await envWebhook(app, env(request.params.env)), actor.accountId)
    return reply.code(204).send()
  })
  scope.get<Env>(`${v1}/:env/subscriptions/list.json`, async (request, reply) => {
    const { app } = await appOf(request, reply)
    const envName = env(request.params.env)
    const subscriptions = await deps.storage.reads.webhooks.subscriptions((await envWebhook(app, envName)).id)
    return { environment: envName, application_id: app.id, subscriptions: subscriptions.map((s) => ({ user_id: s.accountId })) }
  })
  scope.delete<{ Params: { env: string; userId: string } }>(`${v1}/:env/subscriptions/:userId.json`, async (request, reply) => {
    const { app } = await appOf(request, reply)
    if (!idPattern.test(request.params.userId)) throw notFound('This subscription')
    if (!(await core.unsubscribeAccount(deps, await envWebhook(app, env(request.params.env)), request.params.userId))) throw notFound('This subscription')
    return reply.code(204).send()
  })
  scope.get(`${v1}/subscriptions/count.json`, async (request, reply) => {
    const { app } = await appOf(request, reply)
    const n = String(await countOf(app))
    return { account_name: app.name, subscriptions_count_all: n, subscriptions_count_direct_messages: n }
  })

  // ── v2 ──
  type Hook = { Params: { webhookId: string } }
  scope.post<{ Body: { url?: unknown } }>('/2/webhooks', async (request, reply) => {
    const { caller, app } = await appOf(request, reply)
    return { data: webhookV2(await register(app, caller, null, request.body?.url)) }
  })
  scope.get('/2/webhooks', async (request, reply) => {
    const { app } = await appOf(request, reply)
    const hooks = (await deps.storage.reads.webhooks.ofApp(app.id)).filter((w) => w.kind === 'account_activity')
    return { data: hooks.map(webhookV2), meta: { result_count: hooks.length } }
  })
  scope.put<Hook>('/2/webhooks/:webhookId', async (request, reply) => {
    const { app } = await appOf(request, reply)
    const webhook = await webhookOf(app, request.params.webhookId)
    if (!(await recheck(webhook))) throw new TwitterError(400, TwitterCode.badRequest, 'CrcValidationFailed')
    return { data: { valid: true } }
  })
  scope.delete<Hook>('/2/webhooks/:webhookId', async (request, reply) => {
    const { app } = await appOf(request, reply)
    await core.deleteWebhook(deps, await webhookOf(app, request.params.webhookId))
    return { data: { deleted: true } }
  })
  const aa2 = '/2/account_activity/webhooks/:webhookId/subscriptions'
  scope.post<Hook>(`${aa2}/all`, async (request, reply) => {
    const { caller, app } = await appOf(request, reply)
    const actor = userOf(caller, request)
    await core.subscribeAccount(deps, await webhookOf(app, request.params.webhookId), actor.accountId, actor.userId)
    return { data: { subscribed: true } }
  })
  scope.get<Hook>(`${aa2}/all`, async (request, reply) => {
    const { caller, app } = await appOf(request, reply)
    const actor = userOf(caller, request)
    const subscriptions = await deps.storage.reads.webhooks.subscriptions((await webhookOf(app, request.params.webhookId)).id)
    return { data: { subscribed: subscriptions.some((s) => s.accountId === actor.accountId) } }
  })
  scope.get<Hook>(`${aa2}/all/list`, async (request, reply) => {
    const { app } = await appOf(request, reply)
    const webhook = await webhookOf(app, request.params.webhookId)
    const subscriptions = await deps.storage.reads.webhooks.subscriptions(webhook.id)
    return { data: { application_id: app.id, webhook_id: webhook.id, webhook_url: webhook.url, subscriptions: subscriptions.map((s) => ({ user_id: s.accountId })) } }
  })
  scope.delete<{ Params: { webhookId: string; userId: string } }>(`${aa2}/:userId/all`, async (request, reply) => {
    const { app } = await appOf(request, reply)
    if (!idPattern.test(request.params.userId)) throw notFound('This subscription')
    await core.unsubscribeAccount(deps, await webhookOf(app, request.params.webhookId), request.params.userId)
    return { data: { subscribed: false } }
  })
  scope.get('/2/account_activity/subscriptions/count', async (request, reply) => {
    const { app } = await appOf(request, reply)
    const n = await countOf(app)
    return { data: { account_name: app.name, provisioned_count: String(webhookLimits.perOwner), subscriptions_count_all: String(n), subscriptions_count_direct_messages: String(n) } }
  })
}

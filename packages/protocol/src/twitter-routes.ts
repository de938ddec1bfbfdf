import { Type, type TSchema } from '@sinclair/typebox'

/**
 * Every Twitter-compatible route, declared once (docs/api/twitter-compatibility.md): the server
 * registers each from here by name, so its method and url are written in one place.
 *
 * Twitter's answers and errors have their own shapes, and its inputs are read by hand so that a
 * bad one gets Twitter's error code (38, 44, 214…) rather than a schema failure: so `querystring`,
 * `body` and `reply` are optional and none is declared yet. `params` only names the path's
 * segments (always strings), which types the handlers without refusing anything.
 *
 * The OpenAPI document lists the DM and Account Activity routes bare (no summary, no tags) and
 * leaves the media ones out (`hidden`); `summary` and `tags` document the route here and are not
 * passed to it, so the document stays as it is.
 */
export interface TwitterRouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** The full path as Fastify registers it, version prefix included. */
  url: string
  summary: string
  tags: string[]
  params?: TSchema
  querystring?: TSchema
  body?: TSchema
  reply?: TSchema
  /** Left out of the OpenAPI document. */
  hidden?: boolean
}

const def = <const R extends TwitterRouteDef>(route: R): R => route

const v1Dm = ['twitter v1.1 direct messages']
const v2Dm = ['twitter v2 direct messages']
const media = ['twitter media']
const tokens = ['twitter oauth2']
const v1Aa = ['twitter v1.1 account activity']
const v2Aa = ['twitter v2 account activity']

const segment = Type.String()
const Id = Type.Object({ id: segment })
const ParticipantId = Type.Object({ participant_id: segment })
const Env = Type.Object({ env: segment })
const EnvWebhook = Type.Object({ env: segment, webhookId: segment })
const EnvUser = Type.Object({ env: segment, userId: segment })
const Webhook = Type.Object({ webhookId: segment })
const WebhookUser = Type.Object({ webhookId: segment, userId: segment })
const TonFile = Type.Object({ eventId: segment, mediaId: segment, file: segment })

const aaV1 = '/1.1/account_activity/all'
const aaV2 = '/2/account_activity/webhooks/:webhookId/subscriptions'

export const twitterApiRoutes = {
  // ── v1.1 direct messages (twitter/v1-events.ts) ──
  dmEventsNew: def({ method: 'POST', url: '/1.1/direct_messages/events/new.json', summary: 'Send a DM (sendDm)', tags: v1Dm }),
  dmEventsShow: def({ method: 'GET', url: '/1.1/direct_messages/events/show.json', summary: 'One DM event by ?id= (getDmEvent)', tags: v1Dm }),
  dmEventsDestroy: def({ method: 'DELETE', url: '/1.1/direct_messages/events/destroy.json', summary: 'Hide a DM for the caller (deleteDm)', tags: v1Dm }),
  dmEventsList: def({ method: 'GET', url: '/1.1/direct_messages/events/list.json', summary: 'DM events of the last 30 days, newest first (listDmEvents)', tags: v1Dm }),
  dmMarkRead: def({ method: 'POST', url: '/1.1/direct_messages/mark_read.json', summary: 'Move the read mark, url-encoded (markDmAsRead)', tags: v1Dm }),
  dmIndicateTyping: def({ method: 'POST', url: '/1.1/direct_messages/indicate_typing.json', summary: 'Show the typing indicator, url-encoded (indicateDmTyping)', tags: v1Dm }),

  // ── v1.1 welcome messages (twitter/v1-welcome-messages.ts) ──
  welcomeMessagesNew: def({ method: 'POST', url: '/1.1/direct_messages/welcome_messages/new.json', summary: 'Create a welcome message (newWelcomeDm)', tags: v1Dm }),
  welcomeMessagesShow: def({ method: 'GET', url: '/1.1/direct_messages/welcome_messages/show.json', summary: 'One welcome message (getWelcomeDm)', tags: v1Dm }),
  welcomeMessagesUpdate: def({ method: 'PUT', url: '/1.1/direct_messages/welcome_messages/update.json', summary: 'Replace a welcome message\'s message_data (updateWelcomeDm)', tags: v1Dm }),
  welcomeMessagesDestroy: def({ method: 'DELETE', url: '/1.1/direct_messages/welcome_messages/destroy.json', summary: 'Delete a welcome message (deleteWelcomeDm)', tags: v1Dm }),
  welcomeMessagesList: def({ method: 'GET', url: '/1.1/direct_messages/welcome_messages/list.json', summary: 'The brand\'s welcome messages, newest first (listWelcomeDms)', tags: v1Dm }),
  welcomeMessageRulesNew: def({ method: 'POST', url: '/1.1/direct_messages/welcome_messages/rules/new.json', summary: 'Make a welcome message the default (newWelcomeDmRule)', tags: v1Dm }),
  welcomeMessageRulesShow: def({ method: 'GET', url: '/1.1/direct_messages/welcome_messages/rules/show.json', summary: 'The welcome message rule (getWelcomeDmRule)', tags: v1Dm }),
  welcomeMessageRulesDestroy: def({ method: 'DELETE', url: '/1.1/direct_messages/welcome_messages/rules/destroy.json', summary: 'Remove the welcome message rule (deleteWelcomeDmRule)', tags: v1Dm }),
  welcomeMessageRulesList: def({ method: 'GET', url: '/1.1/direct_messages/welcome_messages/rules/list.json', summary: 'The welcome message rules, at most one (listWelcomeDmRules)', tags: v1Dm }),

  // ── v2 direct messages (twitter/v2-dm-events.ts) ──
  dmEventsV2List: def({ method: 'GET', url: '/2/dm_events', summary: 'DM events across conversations (listDmEvents)', tags: v2Dm }),
  dmEventsV2WithParticipant: def({
    method: 'GET', url: '/2/dm_conversations/with/:participant_id/dm_events', summary: 'DM events of the 1:1 with a participant (listDmEventsWithParticipant)', tags: v2Dm,
    params: ParticipantId,
  }),
  dmEventsV2OfConversation: def({
    method: 'GET', url: '/2/dm_conversations/:id/dm_events', summary: 'DM events of a conversation (listDmEventsOfConversation)', tags: v2Dm,
    params: Id,
  }),
  dmEventV2Show: def({ method: 'GET', url: '/2/dm_events/:id', summary: 'One DM event', tags: v2Dm, params: Id }),
  dmEventV2Delete: def({ method: 'DELETE', url: '/2/dm_events/:id', summary: 'Hide a DM event for the caller', tags: v2Dm, params: Id }),
  dmV2SendToParticipant: def({
    method: 'POST', url: '/2/dm_conversations/with/:participant_id/messages', summary: 'Send a DM to a participant (sendDmToParticipant)', tags: v2Dm,
    params: ParticipantId,
  }),
  dmV2SendInConversation: def({
    method: 'POST', url: '/2/dm_conversations/:id/messages', summary: 'Send a DM in a conversation (sendDmInConversation)', tags: v2Dm,
    params: Id,
  }),
  dmV2CreateConversation: def({ method: 'POST', url: '/2/dm_conversations', summary: 'Create a group with a first message (createDmConversation)', tags: v2Dm }),

  // ── media uploads and downloads (twitter/media-upload.ts), left out of OpenAPI ──
  mediaUploadV1: def({ method: 'POST', url: '/1.1/media/upload.json', summary: 'INIT, APPEND or FINALIZE a media upload (form or multipart)', tags: media, hidden: true }),
  mediaUploadStatusV1: def({ method: 'GET', url: '/1.1/media/upload.json', summary: 'STATUS of a media upload', tags: media, hidden: true }),
  mediaUploadV2Initialize: def({ method: 'POST', url: '/2/media/upload/initialize', summary: 'Start a media upload', tags: media, hidden: true }),
  mediaUploadV2Append: def({ method: 'POST', url: '/2/media/upload/:id/append', summary: 'Append a segment (multipart)', tags: media, params: Id, hidden: true }),
  mediaUploadV2Finalize: def({ method: 'POST', url: '/2/media/upload/:id/finalize', summary: 'Finish a media upload', tags: media, params: Id, hidden: true }),
  mediaUploadStatusV2: def({ method: 'GET', url: '/2/media/upload', summary: 'STATUS of a media upload', tags: media, hidden: true }),
  tonDownload: def({
    method: 'GET', url: '/1.1/ton/data/dm/:eventId/:mediaId/:file', summary: 'Download a DM\'s media (downloadDmImage)', tags: media,
    params: TonFile, hidden: true,
  }),

  // ── tokens (server api-auth/token-routes.ts), left out of OpenAPI ──
  oauth2TokenV1: def({ method: 'POST', url: '/oauth2/token', summary: 'An app-only bearer, client credentials (appLogin)', tags: tokens, hidden: true }),
  oauth2TokenV2: def({
    method: 'POST', url: '/2/oauth2/token', summary: 'A user token for an authorization code with PKCE, or a refresh token (loginWithOAuth2)', tags: tokens, hidden: true,
  }),

  // ── Account Activity, v1.1 (webhooks/account-activity-routes.ts) ──
  aaV1CreateWebhook: def({ method: 'POST', url: `${aaV1}/:env/webhooks.json`, summary: 'Register the environment\'s webhook (?url=), after a CRC', tags: v1Aa, params: Env }),
  aaV1EnvWebhooks: def({ method: 'GET', url: `${aaV1}/:env/webhooks.json`, summary: 'The environment\'s webhooks', tags: v1Aa, params: Env }),
  aaV1AllWebhooks: def({ method: 'GET', url: `${aaV1}/webhooks.json`, summary: 'The app\'s webhooks by environment', tags: v1Aa }),
  aaV1RecheckWebhook: def({ method: 'PUT', url: `${aaV1}/:env/webhooks/:webhookId.json`, summary: 'Run the CRC again', tags: v1Aa, params: EnvWebhook }),
  aaV1DeleteWebhook: def({ method: 'DELETE', url: `${aaV1}/:env/webhooks/:webhookId.json`, summary: 'Delete a webhook', tags: v1Aa, params: EnvWebhook }),
  aaV1Subscribe: def({ method: 'POST', url: `${aaV1}/:env/subscriptions.json`, summary: 'Subscribe the calling account', tags: v1Aa, params: Env }),
  aaV1CheckSubscription: def({ method: 'GET', url: `${aaV1}/:env/subscriptions.json`, summary: 'Whether the calling account is subscribed (204 or 404)', tags: v1Aa, params: Env }),
  aaV1Unsubscribe: def({ method: 'DELETE', url: `${aaV1}/:env/subscriptions.json`, summary: 'Unsubscribe the calling account', tags: v1Aa, params: Env }),
  aaV1ListSubscriptions: def({ method: 'GET', url: `${aaV1}/:env/subscriptions/list.json`, summary: 'The environment\'s subscriptions', tags: v1Aa, params: Env }),
  aaV1DeleteSubscription: def({
    method: 'DELETE', url: `${aaV1}/:env/subscriptions/:userId.json`, summary: 'Unsubscribe an account with the app\'s credentials', tags: v1Aa,
    params: EnvUser,
  }),
  aaV1CountSubscriptions: def({ method: 'GET', url: `${aaV1}/subscriptions/count.json`, summary: 'How many subscriptions the app has', tags: v1Aa }),

  // ── Account Activity, v2 (webhooks/account-activity-routes.ts) ──
  webhooksV2Create: def({ method: 'POST', url: '/2/webhooks', summary: 'Register a webhook, after a CRC', tags: v2Aa }),
  webhooksV2List: def({ method: 'GET', url: '/2/webhooks', summary: 'The app\'s webhooks', tags: v2Aa }),
  webhooksV2Recheck: def({ method: 'PUT', url: '/2/webhooks/:webhookId', summary: 'Run the CRC again', tags: v2Aa, params: Webhook }),
  webhooksV2Delete: def({ method: 'DELETE', url: '/2/webhooks/:webhookId', summary: 'Delete a webhook', tags: v2Aa, params: Webhook }),
  aaV2Subscribe: def({ method: 'POST', url: `${aaV2}/all`, summary: 'Subscribe the calling account', tags: v2Aa, params: Webhook }),
  aaV2CheckSubscription: def({ method: 'GET', url: `${aaV2}/all`, summary: 'Whether the calling account is subscribed', tags: v2Aa, params: Webhook }),
  aaV2ListSubscriptions: def({ method: 'GET', url: `${aaV2}/all/list`, summary: 'The webhook\'s subscriptions', tags: v2Aa, params: Webhook }),
  aaV2DeleteSubscription: def({ method: 'DELETE', url: `${aaV2}/:userId/all`, summary: 'Unsubscribe an account', tags: v2Aa, params: WebhookUser }),
  aaV2CountSubscriptions: def({ method: 'GET', url: '/2/account_activity/subscriptions/count', summary: 'How many subscriptions the app has', tags: v2Aa }),
} as const satisfies Record<string, TwitterRouteDef>

export type TwitterRouteName = keyof typeof twitterApiRoutes

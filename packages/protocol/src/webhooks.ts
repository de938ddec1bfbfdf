import { Type, type Static } from '@sinclair/typebox'
import { Id, Nullable, Timestamp } from './models.ts'
import type { RouteDef } from './route-def.ts'

/** Webhooks: models and native routes (spread into `routes` in routes.ts). */

export const webhookLimits = {
  /** Account Activity: one webhook per v1.1 environment, as on Twitter's sandbox tier. */
  perEnvironment: 1,
  /** Webhooks of one app (or one brand), of each kind. */
  perOwner: 5,
  urlChars: 2_048,
  envNameChars: 64,
  /** Event names a native webhook may list when created, each at most `eventTypeChars` long. */
  eventTypes: 10,
  eventTypeChars: 64,
  /** Deliveries per page of a webhook's log, by default and at most. */
  deliveriesPage: 50,
  deliveriesPageMax: 100,
} as const

export const WebhookKind = Type.Union([Type.Literal('native'), Type.Literal('account_activity')], {
  description: 'native: Standard Webhooks, signed with the secret shown at creation. account_activity: Twitter\'s Account Activity API, CRC-checked',
})

export const Webhook = Type.Object({
  id: Id,
  kind: WebhookKind,
  appId: Nullable(Id),
  url: Type.String(),
  valid: Type.Boolean({ description: 'Account Activity: the last CRC passed. Native: true. Deliveries go only to valid webhooks' }),
  environment: Nullable(Type.String({ description: 'Account Activity v1.1 environment label' })),
  eventTypes: Type.Array(Type.String(), { description: 'The event names it receives; empty means all' }),
  createdAt: Timestamp,
  crcCheckedAt: Nullable(Timestamp),
  crcResult: Nullable(Type.String({ description: '`ok`, or why the last CRC failed' })),
  disabledAt: Nullable(Timestamp),
  disabledReason: Nullable(Type.String({ description: 'Why deliveries stopped for good (410 Gone, retries exhausted)' })),
})
export type Webhook = Static<typeof Webhook>

export const WebhookDeliveryStatus = Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')])

/** One event on its way to one webhook: status and timing only, never the receiver's answer. */
export const WebhookDelivery = Type.Object({
  id: Id,
  webhookId: Id,
  eventName: Type.String(),
  forAccountId: Id,
  status: WebhookDeliveryStatus,
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Timestamp),
  lastAttemptAt: Nullable(Timestamp),
  lastStatusCode: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  lastDurationMs: Nullable(Type.Integer()),
  createdAt: Timestamp,
  deliveredAt: Nullable(Timestamp),
})
export type WebhookDelivery = Static<typeof WebhookDelivery>

const strict = { additionalProperties: false } as const
const def = <const R extends RouteDef>(route: R): R => route
const AppParams = Type.Object({ appId: Id })
const WebhookParams = Type.Object({ appId: Id, webhookId: Id })

export const CreateWebhookBody = Type.Object({
  url: Type.String({ minLength: 1, maxLength: webhookLimits.urlChars, description: 'An http(s) URL the server may reach (see operations.md, Outbound requests)' }),
  eventTypes: Type.Optional(Type.Array(Type.String({ maxLength: webhookLimits.eventTypeChars }), {
    maxItems: webhookLimits.eventTypes, description: 'Event names to receive; none means all',
  })),
}, strict)
export type CreateWebhookBody = Static<typeof CreateWebhookBody>

/** What creating a webhook answers, once: the signing secret is never shown again. */
export const CreatedWebhook = Type.Object({ webhook: Webhook, secret: Type.String({ description: 'The `whsec_…` Standard Webhooks signing secret' }) })
export type CreatedWebhook = Static<typeof CreatedWebhook>

export const WebhookDeliveriesQuery = Type.Object({
  before: Type.Optional(Type.String({ pattern: Id.pattern, maxLength: Id.maxLength, description: 'next of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: webhookLimits.deliveriesPageMax, default: webhookLimits.deliveriesPage })),
}, strict)

export const WebhookDeliveries = Type.Object({
  webhook: Webhook,
  deliveries: Type.Array(WebhookDelivery, { description: 'Newest first' }),
  next: Nullable(Id),
})
export type WebhookDeliveries = Static<typeof WebhookDeliveries>

export const webhookRoutes = {
  listWebhooks: def({
    method: 'GET', url: '/api/v1/apps/:appId/webhooks', summary: "An app's webhooks", tags: ['webhooks'], auth: true,
    params: AppParams, reply: Type.Object({ webhooks: Type.Array(Webhook) }),
  }),
  createWebhook: def({
    method: 'POST', url: '/api/v1/apps/:appId/webhooks', summary: 'Add a native webhook; its signing secret is shown only in this answer', tags: ['webhooks'], auth: true, status: 201,
    params: AppParams, body: CreateWebhookBody, reply: CreatedWebhook,
  }),
  deleteWebhook: def({
    method: 'DELETE', url: '/api/v1/apps/:appId/webhooks/:webhookId', summary: 'Delete a webhook with its delivery log', tags: ['webhooks'], auth: true, status: 204,
    params: WebhookParams, reply: null,
  }),
  listWebhookDeliveries: def({
    method: 'GET', url: '/api/v1/apps/:appId/webhooks/:webhookId/deliveries', summary: "A webhook's delivery log, newest first, a page at a time", tags: ['webhooks'], auth: true,
    params: WebhookParams, querystring: WebhookDeliveriesQuery, reply: WebhookDeliveries,
  }),
}

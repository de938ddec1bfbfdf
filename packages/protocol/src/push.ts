import { Type, type Static } from '@sinclair/typebox'
import { Id } from './models.ts'
import type { RouteDef } from './route-def.ts'

/**
 * Web Push for the people of a brand's team: a browser subscribes with the server's VAPID key
 * and is told when a new conversation waits, when it is assigned a conversation, or when it is
 * mentioned in a private note. Spread into `routes` in routes.ts.
 */

const def = <const R extends RouteDef>(route: R): R => route
const strict = { additionalProperties: false } as const

export const pushLimits = {
  /** A push service's endpoint URL, in characters (those of browsers are 150 to 500). */
  endpointChars: 2_048,
  /** Characters of a note shown to the member it mentions. */
  notePreviewChars: 100,
  /** Characters of the customer's first message shown to the team. */
  messagePreviewChars: 100,
} as const

const Base64Url = (description: string, maxLength: number) => Type.String({ pattern: '^[A-Za-z0-9_-]+={0,2}$', minLength: 1, maxLength, description })

export const PushSubscriptionInput = Type.Object({
  endpoint: Type.String({ minLength: 1, maxLength: pushLimits.endpointChars, description: "The push service's URL for this browser (PushSubscription.endpoint)" }),
  keys: Type.Object({
    p256dh: Base64Url("The browser's P-256 public key, base64url (65 bytes, uncompressed)", 100),
    auth: Base64Url('The authentication secret, base64url (16 bytes)', 30),
  }, strict),
}, strict)
export type PushSubscriptionInput = Static<typeof PushSubscriptionInput>

export const PushKind = Type.Union([
  Type.Literal('conversation.new'), Type.Literal('conversation.assigned'), Type.Literal('note.mentioned'),
], { description: 'conversation.new: a customer wrote first in an unassigned conversation. conversation.assigned: someone else assigned it to you. note.mentioned: a private note names you' })
export type PushKind = Static<typeof PushKind>

/** What a push carries, encrypted for one browser. Never a note's text beyond a short preview, and only to the member it mentions. */
export const PushPayload = Type.Object({
  kind: PushKind,
  brandId: Id,
  conversationId: Id,
  title: Type.String(),
  body: Type.String(),
  /** Where the notification leads: the conversation, as the brand. */
  url: Type.String(),
  /** Notifications with one tag replace each other on the device. */
  tag: Type.String(),
})
export type PushPayload = Static<typeof PushPayload>

/** The link a push leads to. */
export const conversationAsBrandPath = (conversationId: string, brandId: string) => `/c/${conversationId}?as=${brandId}`

export const pushRoutes = {
  getPushKey: def({
    method: 'GET', url: '/api/v1/push/key', summary: "The server's VAPID public key, for PushManager.subscribe", tags: ['push'], auth: false,
    reply: Type.Object({ publicKey: Type.String({ description: 'base64url of the uncompressed P-256 public key' }) }),
  }),
  savePushSubscription: def({
    method: 'PUT', url: '/api/v1/me/push-subscription', summary: "Sets this session's Web Push subscription (one per session; logging out ends it)", tags: ['push'], auth: true, status: 204,
    body: PushSubscriptionInput, reply: null,
  }),
  deletePushSubscription: def({
    method: 'DELETE', url: '/api/v1/me/push-subscription', summary: "Removes this session's Web Push subscription", tags: ['push'], auth: true, status: 204, reply: null,
  }),
}

import { Type, type Static } from '@sinclair/typebox'
import { Email, Id, Nullable } from './models.ts'
import type { RouteDef } from './route-def.ts'

/**
 * How a person (a customer, a person account) is told of messages while the web app is closed:
 * Web Push to the browsers they turned it on in, and a batched email if they opted in, with quiet
 * hours in their own time zone. Spread into `routes` in routes.ts; the sending is the server's
 * (server/src/notifications/).
 */

const def = <const R extends RouteDef>(route: R): R => route
const strict = { additionalProperties: false } as const

export const personNotificationLimits = {
  /** Characters of a message shown in a push (when the person keeps previews on). */
  previewChars: 100,
  /** Conversations listed in one email at most; the rest are counted. */
  emailConversations: 20,
  /** How long a link to confirm an address works. */
  confirmLinkMs: 3 * 24 * 60 * 60 * 1000,
  /** Characters of an IANA time zone name. */
  timeZoneChars: 64,
} as const

/** A time of day, 24-hour `HH:MM`, in the person's time zone. */
export const TimeOfDay = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: '24-hour HH:MM in the time zone of the settings' })

export const QuietHours = Type.Object({
  start: TimeOfDay,
  end: TimeOfDay,
}, { ...strict, description: 'No push and no email from start until end (end may be the next day: 22:00 to 07:00). Emails wait until end.' })
export type QuietHours = Static<typeof QuietHours>

export const NotificationSettings = Type.Object({
  showPreviews: Type.Boolean({ description: 'A push shows the first words of the message (on by default); off, it says only who wrote' }),
  email: Nullable(Type.String({ description: 'Where email notifications go; null when none was given' })),
  emailConfirmed: Type.Boolean({ description: 'The address was confirmed from the link sent to it; nothing is emailed before' }),
  emailEnabled: Type.Boolean({ description: 'Email notifications (off by default): at most one email per batch window listing the conversations with unread messages' }),
  emailAvailable: Type.Boolean({ description: 'This server can send email (SMTP_URL is set)' }),
  quietHours: Nullable(QuietHours),
  timeZone: Type.String({ description: 'IANA time zone of the quiet hours (UTC until set)' }),
})
export type NotificationSettings = Static<typeof NotificationSettings>

export const NotificationSettingsPatch = Type.Object({
  showPreviews: Type.Optional(Type.Boolean()),
  email: Type.Optional(Nullable(Email)),
  emailEnabled: Type.Optional(Type.Boolean()),
  quietHours: Type.Optional(Nullable(QuietHours)),
  timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: personNotificationLimits.timeZoneChars })),
}, strict)
export type NotificationSettingsPatch = Static<typeof NotificationSettingsPatch>

/** What a push to a person carries, encrypted for one of their browsers. Never a private note, never team data. */
export const PersonPushPayload = Type.Object({
  kind: Type.Literal('message.new'),
  conversationId: Id,
  /** Who wrote: the sender's name (a brand's, or the custom profile it answered under). */
  title: Type.String(),
  /** The first words of the message, or a neutral line when previews are off. */
  body: Type.String(),
  url: Type.String({ description: '/c/<conversationId>' }),
  tag: Type.String(),
})
export type PersonPushPayload = Static<typeof PersonPushPayload>

export const conversationPath = (conversationId: string) => `/c/${conversationId}`

export const personNotificationRoutes = {
  getNotificationSettings: def({
    method: 'GET', url: '/api/v1/me/notifications', summary: 'How I am told of messages while the app is closed: push previews, email, quiet hours', tags: ['push'], auth: true,
    reply: NotificationSettings,
  }),
  updateNotificationSettings: def({
    method: 'PATCH', url: '/api/v1/me/notifications', tags: ['push'], auth: true,
    summary: 'Change how I am told. A new email address is sent a link to confirm it; email notifications start once it is confirmed',
    body: NotificationSettingsPatch, reply: NotificationSettings,
  }),
}

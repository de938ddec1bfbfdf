import {
  AppError, conversationPath, personNotificationLimits,
  type NotificationSettings, type NotificationSettingsPatch, type PersonPushPayload,
} from '@parloir/protocol'
import type { Actor, CoreDeps } from '../context.ts'
import type { PendingPersonNotificationRecord, PersonNotificationSettingsRecord, StorageTx } from '../ports/storage.ts'
import { pushPreview } from '../push/push.ts'
import { inQuietHours, isTimeZone, quietHoursEnd, toMinutes, toTimeOfDay } from './quiet-hours.ts'

/**
 * Telling a person (a customer, anyone with a person account) of a message while the app is
 * closed. The send queues one row per person it may concern, in its own transaction; when the
 * row is due (a few seconds later, so the open page can show and read it first) the server's push
 * worker asks `noticeFor` what to do: push to their browsers if they have no stream open anywhere,
 * have not read it, and are not in quiet hours; and mark them as waiting for an email if they
 * opted in. Only messages are ever told: private notes and team data are not messages and never
 * pass here; a team member's name (`sentBy`) is never used.
 */

export const defaultNotificationSettings = (accountId: string): PersonNotificationSettingsRecord => ({
  accountId, showPreviews: true, email: null, emailConfirmedAtMs: null, emailEnabled: false,
  quietStartMin: null, quietEndMin: null, timeZone: 'UTC', emailLastSentAtMs: null,
})

const settingsOf = async (deps: CoreDeps, accountId: string) =>
  (await deps.storage.reads.personNotifications.settingsOf(accountId)) ?? defaultNotificationSettings(accountId)

export const presentNotificationSettings = (s: PersonNotificationSettingsRecord, emailAvailable: boolean): NotificationSettings => ({
  showPreviews: s.showPreviews, email: s.email, emailConfirmed: s.email !== null && s.emailConfirmedAtMs !== null, emailEnabled: s.emailEnabled,
  emailAvailable,
  quietHours: s.quietStartMin === null || s.quietEndMin === null ? null : { start: toTimeOfDay(s.quietStartMin), end: toTimeOfDay(s.quietEndMin) },
  timeZone: s.timeZone,
})

/** The settings are the person's own, whoever they act for (they are the one told). */
export async function getNotificationSettings(deps: CoreDeps, actor: Actor, emailAvailable: boolean): Promise<NotificationSettings> {
  return presentNotificationSettings(await settingsOf(deps, actor.userId), emailAvailable)
}

/**
 * Changes a person's notification settings. A new address is unconfirmed until its link is
 * followed: the caller sends `confirmToken` to it. Email notifications may be turned on before
 * then (nothing is sent until it is confirmed), but not without an address.
 */
export async function updateNotificationSettings(
  deps: CoreDeps, actor: Actor, patch: NotificationSettingsPatch, emailAvailable: boolean,
): Promise<{ settings: NotificationSettings; confirm: { email: string; token: string } | null }> {
  if (patch.timeZone !== undefined && !isTimeZone(patch.timeZone)) throw new AppError('TIME_ZONE_UNKNOWN', { timeZone: patch.timeZone })
  if (!emailAvailable && ((patch.email !== undefined && patch.email !== null) || patch.emailEnabled === true)) throw new AppError('EMAIL_UNAVAILABLE')
  const now = deps.clock.now()
  const result = await deps.storage.transaction(async (tx) => {
    const before = (await tx.personNotifications.settingsOf(actor.userId)) ?? defaultNotificationSettings(actor.userId)
    const next = { ...before }
    if (patch.showPreviews !== undefined) next.showPreviews = patch.showPreviews
    if (patch.timeZone !== undefined) next.timeZone = patch.timeZone
    if (patch.quietHours !== undefined) {
      next.quietStartMin = patch.quietHours === null ? null : toMinutes(patch.quietHours.start)
      next.quietEndMin = patch.quietHours === null ? null : toMinutes(patch.quietHours.end)
    }
    let confirm: { email: string; token: string } | null = null
    if (patch.email !== undefined) {
      const email = patch.email === null ? null : patch.email.trim()
      if (email !== before.email) {
        next.email = email
        next.emailConfirmedAtMs = null
        if (email === null) next.emailEnabled = false
        else confirm = { email, token: seal(deps, { p: 'confirm', a: actor.userId, e: email, x: now + personNotificationLimits.confirmLinkMs }) }
      }
    }
    if (patch.emailEnabled !== undefined) {
      if (patch.emailEnabled && next.email === null) throw new AppError('EMAIL_MISSING')
      next.emailEnabled = patch.emailEnabled
    }
    await tx.personNotifications.saveSettings(next)
    return { next, confirm }
  })
  return { settings: presentNotificationSettings(result.next, emailAvailable), confirm: result.confirm }
}

interface LinkClaims { p: 'confirm' | 'unsubscribe'; a: string; e: string; x?: number }

/** A link's token: sealed under the server key (AES-256-GCM), so it cannot be forged or altered. */
function seal(deps: CoreDeps, claims: LinkClaims): string {
  return deps.secrets.seal(JSON.stringify(claims)).replace(/\./g, '~')
}

function open(deps: CoreDeps, token: string, purpose: LinkClaims['p']): LinkClaims | null {
  try {
    const claims = JSON.parse(deps.secrets.open(token.replace(/~/g, '.'))) as LinkClaims
    return claims.p === purpose && typeof claims.a === 'string' && typeof claims.e === 'string' ? claims : null
  } catch {
    return null
  }
}

/** The token of the unsubscribe link of an email to this address: it works without logging in, and for as long as the address stays. */
export const unsubscribeToken = (deps: CoreDeps, accountId: string, email: string) => seal(deps, { p: 'unsubscribe', a: accountId, e: email })

/** Follows a confirmation link: the address is confirmed if it is still the one the link was sent to. */
export async function confirmNotificationEmail(deps: CoreDeps, token: string): Promise<'confirmed' | 'expired' | 'invalid'> {
  const claims = open(deps, token, 'confirm')
  if (!claims) return 'invalid'
  if (claims.x === undefined || claims.x < deps.clock.now()) return 'expired'
  return deps.storage.transaction(async (tx) => {
    const s = await tx.personNotifications.settingsOf(claims.a)
    if (!s || s.email !== claims.e) return 'invalid'
    if (s.emailConfirmedAtMs === null) await tx.personNotifications.saveSettings({ ...s, emailConfirmedAtMs: deps.clock.now() })
    return 'confirmed'
  })
}

/** Follows an unsubscribe link: email notifications stop (the address stays, to turn them on again). */
export async function unsubscribeNotificationEmails(deps: CoreDeps, token: string): Promise<boolean> {
  const claims = open(deps, token, 'unsubscribe')
  if (!claims) return false
  await deps.storage.transaction(async (tx) => {
    const s = await tx.personNotifications.settingsOf(claims.a)
    if (s && s.email === claims.e && s.emailEnabled) await tx.personNotifications.saveSettings({ ...s, emailEnabled: false })
  })
  return true
}

/**
 * Queues, in the send's transaction, a notice for each participant the message may concern:
 * accepted participants (a message request tells nothing), never the sender nor the person who
 * wrote it as a brand. Whether it is a person and what they are told is decided when it is due.
 */
export async function queuePersonNotifications(
  deps: CoreDeps, tx: StorageTx,
  input: { conversationId: string; messageId: string; recipients: readonly string[]; exclude: readonly string[] },
): Promise<void> {
  const now = deps.clock.now()
  for (const recipientId of new Set(input.recipients)) {
    if (input.exclude.includes(recipientId)) continue
    await tx.personNotifications.queue({ id: deps.ids.next(), recipientId, conversationId: input.conversationId, messageId: input.messageId, createdAtMs: now })
  }
}

/** What a due notice does: a push to send (to every open session's browser), and whether an email should list it. */
export async function noticeFor(deps: CoreDeps, pending: PendingPersonNotificationRecord): Promise<{ push: PersonPushPayload | null; email: boolean }> {
  const nothing = { push: null, email: false }
  const reads = deps.storage.reads
  const now = deps.clock.now()
  const [recipient, participant, message] = await Promise.all([
    reads.accounts.byId(pending.recipientId), reads.participants.get(pending.conversationId, pending.recipientId), reads.messages.byId(pending.messageId),
  ])
  if (recipient?.kind !== 'person' || participant?.status !== 'accepted' || !message || message.kind !== 'text') return nothing
  if (message.unsentAtMs !== null || message.seq <= participant.lastReadSeq || message.seq <= participant.visibleFromSeq) return nothing
  const settings = await settingsOf(deps, recipient.id)
  const email = settings.emailEnabled && settings.email !== null && settings.emailConfirmedAtMs !== null
  if (inQuietHours(settings, now) || (await reads.personNotifications.connected(recipient.id, now))) return { push: null, email }
  const sender = await reads.accounts.byId(message.senderId)
  const body = !settings.showPreviews ? 'New message'
    : message.text.trim() !== '' ? pushPreview(message.text, personNotificationLimits.previewChars)
      : message.attachmentMediaId !== null ? 'Sent an attachment' : 'New message'
  const push: PersonPushPayload = {
    kind: 'message.new', conversationId: message.conversationId,
    title: message.customProfile?.name ?? sender?.displayName ?? 'Parloir',
    body, url: conversationPath(message.conversationId), tag: `message.new:${message.conversationId}`,
  }
  return { push, email }
}

/** One conversation listed in a notification email: who it is with and how many messages are unread. Never a message's text. */
export interface EmailedConversation { conversationId: string; title: string; unread: number }

/**
 * Whether a person waiting for an email gets it now, and what it lists. It waits `delayMs` after
 * the first unread message (several messages, one email), at least `windowMs` after the previous
 * email, and until the end of quiet hours. `sendAtMs` is set when it must wait; `conversations`
 * is empty when there is nothing left to tell (read meanwhile, or turned off).
 */
export async function emailDigestFor(
  deps: CoreDeps, wait: { accountId: string; sinceMs: number }, timing: { delayMs: number; windowMs: number },
): Promise<{ sendAtMs: number } | { to: string; unsubscribeToken: string; conversations: EmailedConversation[]; more: number }> {
  const reads = deps.storage.reads
  const now = deps.clock.now()
  const settings = await settingsOf(deps, wait.accountId)
  if (!settings.emailEnabled || settings.email === null || settings.emailConfirmedAtMs === null) return { to: '', unsubscribeToken: '', conversations: [], more: 0 }
  const earliest = Math.max(wait.sinceMs + timing.delayMs, (settings.emailLastSentAtMs ?? -Infinity) + timing.windowMs)
  const sendAtMs = quietHoursEnd(settings, Math.max(now, earliest))
  if (sendAtMs > now) return { sendAtMs }
  const boxes = await reads.conversations.list(wait.accountId, 'accepted', 100, null)
  const unread = boxes.filter((b) => b.unreadCount > 0)
  const shown = unread.slice(0, personNotificationLimits.emailConversations)
  const others = await reads.participants.ofMany(shown.map((b) => b.conversation.id))
  const names = new Map((await reads.accounts.byIds([...new Set(others.map((p) => p.accountId))])).map((a) => [a.id, a.displayName]))
  const conversations = shown.map((b) => ({
    conversationId: b.conversation.id,
    title: b.conversation.name ?? others.filter((p) => p.conversationId === b.conversation.id && p.accountId !== wait.accountId).map((p) => names.get(p.accountId) ?? '?').join(', '),
    unread: b.unreadCount,
  }))
  return { to: settings.email, unsubscribeToken: unsubscribeToken(deps, wait.accountId, settings.email), conversations, more: unread.length - shown.length }
}

/** Records that an email went out now (the next waits a batch window). */
export async function markNotificationEmailSent(deps: CoreDeps, accountId: string): Promise<void> {
  await deps.storage.transaction(async (tx) => {
    const s = await tx.personNotifications.settingsOf(accountId)
    if (s) await tx.personNotifications.saveSettings({ ...s, emailLastSentAtMs: deps.clock.now() })
  })
}

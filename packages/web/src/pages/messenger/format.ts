import type { Account, Conversation, ConversationCore, Message } from '@parloir/protocol'
import type { MessageKey } from '../../i18n/text.ts'
import { dayKey } from './thread.ts'

type T = (key: MessageKey, values?: Record<string, string | number>) => string

/** A visitor writes without an account: no handle, shown by name with a "Visitor" tag. */
export function isVisitor(account: Pick<Account, 'kind' | 'handle'> | undefined): boolean {
  return account !== undefined && (account.kind === 'visitor' || account.handle === '')
}

/** The others in a conversation (everyone but me), in the order the server gave. */
export function othersOf(conversation: Pick<ConversationCore, 'participants'>, meId: string): Account[] {
  return conversation.participants.filter((p) => p.account.id !== meId).map((p) => p.account)
}

/** The faces of a group's picture: the others first, then me (so a group of two shows two). */
export function groupFaces(conversation: Pick<ConversationCore, 'participants'>, meId: string): Account[] {
  const mine = conversation.participants.find((p) => p.account.id === meId)?.account
  return [...othersOf(conversation, meId), ...(mine ? [mine] : [])]
}

/** A conversation's title: the group's name, or the names of the others. */
export function titleOf(conversation: Pick<ConversationCore, 'participants' | 'name' | 'kind'>, meId: string, t: T): string {
  if (conversation.kind === 'group' && conversation.name) return conversation.name
  const names = othersOf(conversation, meId).map((a) => a.displayName || a.handle || t('messenger.visitor'))
  if (names.length === 0) return t(conversation.kind === 'group' ? 'messenger.group.untitled' : 'messenger.conversation.untitled')
  if (names.length <= 3) return names.join(', ')
  return t('messenger.group.namesAndMore', { names: names.slice(0, 3).join(', '), count: names.length - 3 })
}

/** Looks up accounts no longer in a conversation (the store remembers every one it saw). */
export type KnownAccounts = (id: string) => Account | undefined

export function accountName(conversation: Pick<ConversationCore, 'participants'>, accountId: string, t: T, meId: string, known?: KnownAccounts): string {
  if (accountId === meId) return t('messenger.you')
  const account = conversation.participants.find((p) => p.account.id === accountId)?.account ?? known?.(accountId)
  return account ? account.displayName || account.handle || t('messenger.visitor') : t('messenger.someone')
}

/** One line about a message for the list and notices: text, or what it carries. */
export function previewOf(message: Message, t: T): string {
  if (message.unsentAt) return t('messenger.message.unsent')
  if (message.system?.action === 'account.blocked') return t('messenger.preview.blocked')
  if (message.system?.action === 'account.unblocked') return t('messenger.preview.unblocked')
  if (message.system?.action === 'discussion.removed') return t('messenger.preview.discussionRemoved')
  if (message.system?.action === 'discussion.readded') return t('messenger.preview.discussionReadded')
  if (message.kind === 'system') return t('messenger.preview.system')
  if (message.moderation && message.text === '') return t('messenger.moderation.hidden', { reason: message.moderation.reason })
  const text = message.text.trim()
  if (text) return text.length > 140 ? `${text.slice(0, 140)}…` : text
  switch (message.attachment?.kind) {
    case 'image': return t('messenger.preview.image')
    case 'gif': return t('messenger.preview.gif')
    case 'video': return t('messenger.preview.video')
    case 'file': return t('messenger.preview.file', { name: message.attachment.fileName })
    default: return ''
  }
}

/** What a system message says, e.g. "Ada renamed the group to “Launch”". */
export function systemText(message: Message, conversation: Pick<ConversationCore, 'participants'>, meId: string, t: T, known?: KnownAccounts): string {
  const system = message.system
  if (!system) return ''
  const actor = accountName(conversation, system.actorId, t, meId, known)
  const people = system.accountIds.map((id) => accountName(conversation, id, t, meId, known)).join(', ')
  switch (system.action) {
    case 'group.created': return system.name ? t('messenger.system.createdNamed', { actor, name: system.name }) : t('messenger.system.created', { actor })
    case 'participants.added': return t('messenger.system.added', { actor, people })
    case 'participant.left': return t('messenger.system.left', { actor })
    case 'group.renamed': return system.name ? t('messenger.system.renamed', { actor, name: system.name }) : t('messenger.system.nameRemoved', { actor })
    case 'group.avatar_changed': return t('messenger.system.avatar', { actor })
    // The reason the brand gave is the message's text.
    case 'account.blocked': return system.accountIds.includes(meId) ? t('messenger.system.blockedYou', { actor, reason: message.text }) : t('messenger.system.blocked', { actor, people, reason: message.text })
    case 'account.unblocked': return system.accountIds.includes(meId) ? t('messenger.system.unblockedYou', { actor, reason: message.text }) : t('messenger.system.unblocked', { actor, people, reason: message.text })
    // A brand's public discussion: its title is the name, the reason the text.
    case 'discussion.removed': return t(system.accountIds.includes(meId) ? 'messenger.system.discussionRemovedYou' : 'messenger.system.discussionRemoved', { actor, people, name: system.name ?? '', reason: message.text })
    case 'discussion.readded': return t(system.accountIds.includes(meId) ? 'messenger.system.discussionReaddedYou' : 'messenger.system.discussionReadded', { actor, people, name: system.name ?? '', reason: message.text })
  }
}

/** "Today", "Yesterday", or the date, for day separators. */
export function dayLabel(iso: string, t: T, formatDay: (iso: string) => string, now = new Date()): string {
  const key = dayKey(iso)
  if (key === dayKey(now.toISOString())) return t('messenger.day.today')
  const yesterday = new Date(now)
  yesterday.setDate(now.getDate() - 1)
  if (key === dayKey(yesterday.toISOString())) return t('messenger.day.yesterday')
  return formatDay(iso)
}

/** A short time for the list: the hour today, the weekday this week, else the date. */
export function shortWhen(iso: string, locale: string, now = new Date()): string {
  const date = new Date(iso)
  if (dayKey(iso) === dayKey(now.toISOString())) return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(date)
  const ageMs = now.getTime() - date.getTime()
  if (ageMs < 6 * 24 * 3600 * 1000 && ageMs > 0) return new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(date)
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', ...(date.getFullYear() !== now.getFullYear() ? { year: 'numeric' } : {}) }).format(date)
}

export function fileSize(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB']
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`
}

export const unreadTotal = (conversations: Iterable<Conversation>) => {
  let total = 0
  for (const c of conversations) total += c.viewer.unreadCount
  return total
}

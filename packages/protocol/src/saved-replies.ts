import { Type, type Static } from '@sinclair/typebox'
import { defaultLimits as L } from './limits.ts'
import { Id, Timestamp } from './models.ts'
import { foldForMatching } from './text-folding.ts'

const strict = { additionalProperties: false } as const

/**
 * Saved replies (canned responses) of a brand's team: the models, and the two pure functions
 * both the server and the composer use (finding one by what follows `/`, and filling in its
 * placeholders). Their routes are in routes.ts.
 */

export const SavedReplyScope = Type.Union([Type.Literal('team'), Type.Literal('personal')], {
  description: "team: every member of the brand's team sees it. personal: only the member who made it",
})
export type SavedReplyScope = Static<typeof SavedReplyScope>

export const SavedReplyShortcut = Type.String({
  minLength: 1, maxLength: L.savedReplyShortcutChars, pattern: '^[a-z0-9_-]+$',
  description: 'The word typed after `/` in the composer: lower-case letters, digits, `_` and `-`; unique among the team\'s replies, and among each member\'s own',
})

const Title = Type.String({ minLength: 1, maxLength: L.savedReplyTitleChars })
const Text = Type.String({
  minLength: 1, maxLength: L.messageTextChars,
  description: 'May hold {{customer.name}}, {{agent.name}}, {{brand.name}} and {{custom.<key>}}, filled in when inserted; one without a value stays as written',
})

export const SavedReplyInput = Type.Object({ scope: SavedReplyScope, shortcut: SavedReplyShortcut, title: Title, text: Text }, strict)
export type SavedReplyInput = Static<typeof SavedReplyInput>

/** A saved reply's scope is fixed: to move one, create it in the other scope and delete it. */
export const SavedReplyPatch = Type.Object({
  shortcut: Type.Optional(SavedReplyShortcut), title: Type.Optional(Title), text: Type.Optional(Text),
}, strict)
export type SavedReplyPatch = Static<typeof SavedReplyPatch>

export const SavedReply = Type.Object({
  id: Id,
  brandId: Id,
  scope: SavedReplyScope,
  shortcut: Type.String(),
  title: Type.String(),
  text: Type.String(),
  createdBy: Id,
  createdAt: Timestamp,
  updatedAt: Timestamp,
}, { description: 'Inserted into the composer, never sent by itself' })
export type SavedReply = Static<typeof SavedReply>

/**
 * Whether a saved reply is one an agent looking for `query` means: its shortcut or its title
 * starts with it, ignoring case and accents ("liv" finds `/livraison` and "Livraison retardée").
 * An empty query finds every one.
 */
export function savedReplyMatches(reply: Pick<SavedReply, 'shortcut' | 'title'>, query: string): boolean {
  const q = foldForMatching(query.trim())
  return reply.shortcut.startsWith(q) || foldForMatching(reply.title).startsWith(q)
}

/** The order saved replies are listed in: by shortcut, the team's before a member's own of the same shortcut. */
export function compareSavedReplies(a: Pick<SavedReply, 'shortcut' | 'scope'>, b: Pick<SavedReply, 'shortcut' | 'scope'>): number {
  if (a.shortcut !== b.shortcut) return a.shortcut < b.shortcut ? -1 : 1
  return a.scope === b.scope ? 0 : a.scope === 'team' ? -1 : 1
}

/** What the placeholders of a saved reply are filled with; a missing or empty one is left as written. */
export interface SavedReplyValues {
  /** `{{customer.name}}`: the person the conversation is with. */
  customerName?: string | null | undefined
  /** `{{agent.name}}`: the team member writing. */
  agentName?: string | null | undefined
  /** `{{brand.name}}`: the brand written as. */
  brandName?: string | null | undefined
  /** `{{custom.<key>}}`. */
  custom?: Readonly<Record<string, string>> | undefined
}

/** `{{customer.name}}`, `{{ agent.name }}`, `{{custom.order_id}}`… */
const placeholder = /\{\{\s*([a-z]+)\.([A-Za-z0-9_-]+)\s*\}\}/g

function valueOf(values: SavedReplyValues, group: string, key: string): string | null | undefined {
  if (group === 'custom') return Object.hasOwn(values.custom ?? {}, key) ? values.custom?.[key] : undefined
  if (key !== 'name') return undefined
  if (group === 'customer') return values.customerName
  if (group === 'agent') return values.agentName
  if (group === 'brand') return values.brandName
  return undefined
}

/**
 * A saved reply's text with its placeholders filled in. A placeholder with no value (unknown,
 * missing or blank) stays as written, so the agent sees it in the draft and fills it before
 * sending. Values are inserted as they are and not read again for placeholders.
 */
export function renderSavedReply(text: string, values: SavedReplyValues): string {
  return text.replace(placeholder, (whole, group: string, key: string) => {
    const value = valueOf(values, group, key)
    return value === undefined || value === null || value.trim() === '' ? whole : value
  })
}

/** Where the first placeholder left in a text is (`[start, end)`), to select it for the agent; null when none is. */
export function firstPlaceholder(text: string): [number, number] | null {
  const found = new RegExp(placeholder.source).exec(text)
  return found ? [found.index, found.index + found[0].length] : null
}

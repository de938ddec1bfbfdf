import {
  firstPlaceholder, renderSavedReply, savedReplyMatches, type ConversationCore, type CustomerFieldValues, type Me, type SavedReply, type SavedReplyValues,
} from '@parloir/protocol'
import { othersOf } from './format.ts'

/**
 * The composer's saved-reply picker, without React: when it opens, what it offers, where the
 * highlight goes, and what a chosen reply puts in the draft. Choosing only ever fills the draft.
 */

/** The most choices shown at once; typing more narrows them. */
export const pickerChoicesShown = 8

/**
 * What the picker looks for: the text after a `/` that starts the draft, while the draft is one
 * line. Null keeps the picker shut (no slash first, or a second line: the agent is writing).
 */
export function pickerQuery(draft: string): string | null {
  return draft.startsWith('/') && !draft.includes('\n') ? draft.slice(1) : null
}

/** The replies offered for a query, in the server's order (by shortcut, the team's first). */
export function pickerChoices(replies: readonly SavedReply[], query: string): SavedReply[] {
  return replies.filter((r) => savedReplyMatches(r, query)).slice(0, pickerChoicesShown)
}

/** The highlight after an arrow key, going round at either end. */
export function movedHighlight(index: number, delta: 1 | -1, count: number): number {
  return count === 0 ? 0 : (index + delta + count) % count
}

/**
 * The placeholders' values in a conversation written as a brand: the customer is the one other
 * person of a 1:1 (a group has none), the agent is the person logged in, the brand the one
 * written as, and `{{custom.<key>}}` the customer's custom fields (`fieldsOf` their account id).
 */
export function replyValues(
  conversation: Pick<ConversationCore, 'participants' | 'kind'> | undefined, brandId: string, me: Pick<Me, 'account' | 'brands'>,
  fieldsOf: (customerId: string) => CustomerFieldValues | undefined = () => undefined,
): SavedReplyValues {
  const customer = conversation?.kind === 'direct' ? othersOf(conversation, brandId)[0] : undefined
  return {
    customerName: customer?.displayName ?? null,
    agentName: me.account.displayName,
    brandName: me.brands.find((b) => b.brand.id === brandId)?.brand.displayName ?? null,
    custom: (customer && fieldsOf(customer.id)) ?? {},
  }
}

/**
 * The draft once a reply is chosen: the reply, filled in, in place of `/query`; and what to
 * select in it, the first placeholder left (for the agent to type over), else nothing at the end.
 */
export function insertReply(reply: Pick<SavedReply, 'text'>, values: SavedReplyValues): { text: string; selection: [number, number] } {
  const text = renderSavedReply(reply.text, values)
  return { text, selection: firstPlaceholder(text) ?? [text.length, text.length] }
}

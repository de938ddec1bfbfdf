import type { Message } from '@parloir/protocol'
import type { JsonClient } from './http-client.ts'
import type { DirectConversation, SendLoad, SentMessage } from './send-load.ts'

/** What the crash test counts; a durable server keeps every one at 0. */
export interface DurabilityCounts {
  /** Acknowledged, then missing. */
  lost: number
  /** The same clientMessageId or the same body twice in a conversation. */
  duplicated: number
  /** Present, but no sender ever sent it (or not with that body). */
  phantom: number
  /** seq not gapless 1..n, a sender's messages not in its send order, or not at the acknowledged seq. */
  outOfOrder: number
  /** A message stored or acknowledged in another conversation, or under another sender. */
  crossConversation: number
}

export interface DurabilityReport {
  counts: DurabilityCounts
  acknowledged: number
  /** Messages read back from every conversation. */
  stored: number
  /** Sent but never acknowledged, yet stored: allowed only if the run stopped without draining. */
  storedUnacknowledged: number
  /** The first problems found, to read when a count is not 0. */
  problems: string[]
}

/** Reads a conversation from the start through the REST API, a page of 200 at a time. */
export async function readConversation(client: JsonClient, conversationId: string, token: string): Promise<Message[]> {
  const messages: Message[] = []
  for (let afterSeq = 0; ;) {
    const page = await client.expect<{ messages: Message[]; hasMore: boolean }>(200, 'GET', `/api/v1/conversations/${conversationId}/messages?afterSeq=${afterSeq}&limit=200`, { token, timeoutMs: 30_000 })
    messages.push(...page.messages)
    const last = page.messages.at(-1)
    if (!page.hasMore || !last) return messages
    afterSeq = last.seq
  }
}

/** One conversation as read back: by each member, and the lastSeq the server reports. */
export interface History { messages: Message[]; seenByOther: Message[]; lastSeq: number }

/** Reads every conversation back through the REST API, as each of its two members. */
export async function readHistories(client: JsonClient, conversations: DirectConversation[]): Promise<Map<string, History>> {
  const histories = new Map<string, History>()
  for (const conversation of conversations) {
    const [reader, other] = conversation.members
    const messages = await readConversation(client, conversation.id, reader.token)
    const { lastSeq } = await client.expect<{ lastSeq: number }>(200, 'GET', `/api/v1/conversations/${conversation.id}`, { token: reader.token })
    const seenByOther = await readConversation(client, conversation.id, other.token)
    histories.set(conversation.id, { messages, seenByOther, lastSeq })
  }
  return histories
}

/** Reads every conversation back and compares it with what the senders sent and were told. */
export async function checkDurability(client: JsonClient, conversations: DirectConversation[], load: SendLoad): Promise<DurabilityReport> {
  return countProblems(conversations, load.sent, await readHistories(client, conversations))
}

/** Compares what was read back with what was sent and acknowledged; pure, so its own test can feed it faults. */
export function countProblems(conversations: DirectConversation[], sentById: ReadonlyMap<string, SentMessage>, histories: ReadonlyMap<string, History>): DurabilityReport {
  const counts: DurabilityCounts = { lost: 0, duplicated: 0, phantom: 0, outOfOrder: 0, crossConversation: 0 }
  const problems: string[] = []
  const problem = (kind: keyof DurabilityCounts, text: string) => {
    counts[kind]++
    if (problems.length < 30) problems.push(`${kind}: ${text}`)
  }
  const sentByText = new Map([...sentById.values()].map((s) => [s.text, s]))
  const storedById = new Map<string, { conversation: DirectConversation; message: Message }>()
  let stored = 0
  let storedUnacknowledged = 0

  for (const conversation of conversations) {
    const history = histories.get(conversation.id)
    if (!history) throw new Error(`conversation ${conversation.index} was not read`)
    const { messages, seenByOther, lastSeq } = history
    // Both members must read the same history.
    if (seenByOther.map((m) => m.id).join() !== messages.map((m) => m.id).join()) {
      problem('outOfOrder', `conversation ${conversation.index}: its two members read different histories (${messages.length} and ${seenByOther.length} messages)`)
    }
    stored += messages.length

    let previousSeq = 0
    const clientIds = new Set<string>()
    const texts = new Set<string>()
    const lastNBySender = new Map<string, number>()
    for (const m of messages) {
      storedById.set(m.id, { conversation, message: m })
      if (m.seq !== previousSeq + 1) problem('outOfOrder', `conversation ${conversation.index}: seq ${m.seq} follows ${previousSeq}`)
      previousSeq = m.seq
      if (m.conversationId !== conversation.id) problem('crossConversation', `message ${m.id} listed in conversation ${conversation.index} says it is in ${m.conversationId}`)

      const duplicate = (m.clientMessageId !== null && clientIds.has(m.clientMessageId)) || texts.has(m.text)
      if (m.clientMessageId !== null) clientIds.add(m.clientMessageId)
      texts.add(m.text)
      if (duplicate) { problem('duplicated', `conversation ${conversation.index}: ${m.clientMessageId} "${m.text}" again at seq ${m.seq}`); continue }

      const sent = m.clientMessageId === null ? undefined : sentById.get(m.clientMessageId)
      if (!sent || sent.text !== m.text) {
        // A body a sender wrote for another conversation is misrouted rather than invented.
        const other = sentByText.get(m.text)
        problem(other && other.conversation.id !== conversation.id ? 'crossConversation' : 'phantom', `conversation ${conversation.index}: seq ${m.seq} ${m.clientMessageId} "${m.text.slice(0, 80)}"`)
        continue
      }
      if (sent.conversation.id !== conversation.id || sent.sender.id !== m.senderId) {
        problem('crossConversation', `${sent.clientMessageId} (conversation ${sent.conversation.index}, sender ${sent.sender.index}) found in conversation ${conversation.index} from ${m.senderId}`)
        continue
      }
      if (!sent.ack) storedUnacknowledged++
      const previousN = lastNBySender.get(m.senderId) ?? 0
      if (sent.n <= previousN) problem('outOfOrder', `conversation ${conversation.index}: sender ${sent.sender.index}'s message ${sent.n} after its message ${previousN}`)
      lastNBySender.set(m.senderId, Math.max(previousN, sent.n))
    }
    if (lastSeq !== previousSeq) problem('outOfOrder', `conversation ${conversation.index}: lastSeq is ${lastSeq} but the last message read has seq ${previousSeq}`)
  }

  let acknowledged = 0
  for (const sent of sentById.values()) {
    if (!sent.ack) continue
    acknowledged++
    const { ack } = sent
    if (ack.conversationId !== sent.conversation.id || ack.text !== sent.text) {
      problem('crossConversation', `${sent.clientMessageId} was acknowledged as ${ack.id} in ${ack.conversationId} with "${ack.text.slice(0, 80)}"`)
      continue
    }
    const found = storedById.get(ack.id)
    if (!found) { problem('lost', `${sent.clientMessageId} acknowledged as ${ack.id} seq ${ack.seq} (${ack.status}, attempt ${ack.attempts}) is missing`); continue }
    if (found.conversation !== sent.conversation) continue // counted above, as stored in the wrong conversation
    if (found.message.seq !== ack.seq) problem('outOfOrder', `${sent.clientMessageId} acknowledged at seq ${ack.seq} is stored at seq ${found.message.seq}`)
  }
  return { counts, acknowledged, stored, storedUnacknowledged, problems }
}
